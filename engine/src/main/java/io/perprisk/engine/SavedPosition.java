package io.perprisk.engine;

/**
 * The values of a position and its account's settlement balance before a tentative change, so that the change can
 * be undone when its results do not fit. Reused by {@link UndoLog}; engine thread only.
 */
final class SavedPosition
{
    private Position position;
    private int leverage;
    private long size;
    private long cost;
    private long isolatedMargin;
    private long realizedPnl;
    private long fundingSnapshot;
    private long wallet;

    void save(final Position position, final long settlementBalance)
    {
        this.position = position;
        leverage = position.leverage;
        size = position.size;
        cost = position.cost;
        isolatedMargin = position.isolatedMargin;
        realizedPnl = position.realizedPnl;
        fundingSnapshot = position.fundingSnapshot;
        wallet = settlementBalance;
    }

    void restore(final EngineState state)
    {
        position.leverage = leverage;
        position.size = size;
        position.cost = cost;
        position.isolatedMargin = isolatedMargin;
        position.realizedPnl = realizedPnl;
        position.fundingSnapshot = fundingSnapshot;
        state.restoreSettlementBalance(position.account, wallet);
        position = null;
    }

    void forget()
    {
        position = null;
    }
}
