package io.perprisk.engine;

/**
 * The state of one (account, instrument) pair: mode, leverage, signed size, exact entry cost, funding snapshot,
 * isolated margin, realized PnL since last flat, open orders, margin-call arming and liquidation book-keeping (the
 * pending liquidation order's id, side and remaining quantity, the quantity left to auto-deleverage). Created on
 * first use and kept. Engine thread only.
 */
final class Position
{
    final Account account;
    final Instrument instrument;
    Position nextInAccount;
    int leverage;
    boolean isolated;
    long size;
    long cost;
    long fundingSnapshot;
    long isolatedMargin;
    long realizedPnl;
    int disarmed;
    boolean inLiquidation;
    long liqOrderId;
    boolean liqBuy;
    long liqRemaining;
    long adlRemaining;
    int liquidationIndex = -1;
    Order firstOrder;
    int orderCount;
    long buyNotional;
    long sellNotional;
    int holderIndex = -1;
    TriggerEntry markTrigger;
    TriggerEntry fundingTrigger;
    byte waitFlags;
    WaitingGroup waitGroup;

    Position(final Account account, final Instrument instrument)
    {
        this.account = account;
        this.instrument = instrument;
        this.leverage = instrument.defaultLeverage();
    }

    long signedCost()
    {
        return size > 0 ? cost : -cost;
    }

    /**
     * The pending liquidation order ended (filled in full or canceled).
     */
    void endLiquidationOrder()
    {
        liqOrderId = 0;
        liqBuy = false;
        liqRemaining = 0;
    }
}
