package io.perprisk.engine;

/**
 * Result holder of {@link MarginCalculator#position(Position)} and {@link MarginCalculator#positionRisk(Position)}:
 * one position's values at its leverage and the current mark (MARGIN.md §2–§3, docs/arithmetic.md §3, §7). Reused;
 * valid until the calculator's next position computation. Engine thread only.
 */
final class PositionMargin
{
    /**
     * {@code N = ceil(|size|·mark/R)}.
     */
    long notional;
    /**
     * Unrealized PnL: {@code floor(size·mark/R) − signed cost}.
     */
    long upnl;
    /**
     * Funding accrued since the position's snapshot.
     */
    long accrued;
    /**
     * Maintenance margin of the tier of {@link #notional}, at least 0.
     */
    long maintenance;
    /**
     * Initial margin at the position's leverage ({@link MarginCalculator#position(Position)} only).
     */
    long initial;
    /**
     * Order margin of the open orders ({@link MarginCalculator#position(Position)} only).
     */
    long orderMargin;
    /**
     * Largest exposure with the open orders filled ({@link MarginCalculator#position(Position)} only).
     */
    long maxNotional;
}
