package io.perprisk.engine;

/**
 * A linear perpetual: definition, margin tiers, mark price, cumulative funding index and the positions that hold it.
 * Engine thread only.
 */
final class Instrument
{
    static final int MAX_TIERS = 16;

    final int id;
    final int index;
    String symbol;
    int settleAssetId;
    long tickSize;
    long lotSize;
    long liquidationFeeRate;
    long liquidationPriceBand;
    long liquidationTargetRatio;
    int tierCount;
    final long[] notionalCap = new long[MAX_TIERS];
    final int[] maxLeverage = new int[MAX_TIERS];
    final long[] maintenanceMarginRate = new long[MAX_TIERS];
    final long[] maintenanceAmount = new long[MAX_TIERS];
    long markPrice;
    long fundingIndex;
    Position[] holders = new Position[16];
    int holderCount;
    final TriggerIndex markTriggers = new TriggerIndex();
    final TriggerIndex fundingTriggers = new TriggerIndex();
    /** Scopes whose long position waits for a short counterparty (auto-deleveraging). */
    final WaitingGroup adlLongs = new WaitingGroup(true);
    /** Scopes whose short position waits for a long counterparty. */
    final WaitingGroup adlShorts = new WaitingGroup(false);

    Instrument(final int id, final int index)
    {
        this.id = id;
        this.index = index;
    }

    boolean hasMark()
    {
        return markPrice > 0;
    }

    /**
     * Tier of a notional: the first tier whose cap is above it, else the last.
     */
    int tierOf(final long notional)
    {
        final int last = tierCount - 1;
        for (int t = 0; t < last; t++)
        {
            if (notional < notionalCap[t])
            {
                return t;
            }
        }
        return last;
    }

    /**
     * Notional at or above which a leverage is not allowed: the cap of the last tier whose max leverage is at least
     * the leverage, 0 if there is none.
     */
    long leverageLimit(final int leverage)
    {
        long limit = 0;
        for (int t = 0; t < tierCount; t++)
        {
            if (maxLeverage[t] >= leverage)
            {
                limit = notionalCap[t];
            }
        }
        return limit;
    }

    int defaultLeverage()
    {
        return Math.min(20, maxLeverage[0]);
    }

    void addHolder(final Position position)
    {
        if (holderCount == holders.length)
        {
            holders = java.util.Arrays.copyOf(holders, holderCount * 2);
        }
        position.holderIndex = holderCount;
        holders[holderCount++] = position;
    }

    void removeHolder(final Position position)
    {
        final int i = position.holderIndex;
        final Position last = holders[--holderCount];
        holders[i] = last;
        last.holderIndex = i;
        holders[holderCount] = null;
        position.holderIndex = -1;
    }
}
