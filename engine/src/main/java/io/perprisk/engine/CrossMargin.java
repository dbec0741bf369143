package io.perprisk.engine;

/**
 * Result holder of {@link MarginCalculator#cross(Account)}: the cross scope of one account (MARGIN.md §2–§3,
 * docs/arithmetic.md §4–§5). Reused; valid until the calculator's next cross computation. Engine thread only.
 */
final class CrossMargin
{
    long collateral;
    long upnl;
    long accrued;
    long marginBalance;
    long initial;
    long maintenance;
    long orderMargin;
    long available;
    long withdrawable;
    /**
     * Set when initial margin, order margin, available or withdrawable did not fit (the event's own overflow flag is
     * left alone by these values).
     */
    boolean derivedOverflow;
}
