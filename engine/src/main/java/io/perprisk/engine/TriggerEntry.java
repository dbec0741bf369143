package io.perprisk.engine;

/**
 * One coordinate of one account in a {@link TriggerIndex}: the closed interval {@code [low, high]} of values of that
 * coordinate (a mark price, a funding index or a collateral price) inside which the account's scopes need not be
 * evaluated. An interval with {@code low > high} is empty: every value leaves it. Engine thread only.
 */
final class TriggerEntry
{
    /**
     * Lower end of an interval that every value leaves.
     */
    static final long ALWAYS_LOW = Long.MAX_VALUE;

    /**
     * Upper end of an interval that every value leaves.
     */
    static final long ALWAYS_HIGH = Long.MIN_VALUE;

    final Account account;
    final Position position;
    long low = Long.MIN_VALUE;
    long high = Long.MAX_VALUE;
    int lowSlot = -1;
    int highSlot = -1;

    /**
     * An entry of a position's coordinate (its instrument's mark or funding index).
     *
     * @param position whose coordinate it is.
     */
    TriggerEntry(final Position position)
    {
        this.account = position.account;
        this.position = position;
    }

    /**
     * An entry of an account's collateral asset price.
     *
     * @param account whose cross scope holds the asset.
     */
    TriggerEntry(final Account account)
    {
        this.account = account;
        this.position = null;
    }

    boolean indexed()
    {
        return highSlot >= 0;
    }
}
