package io.perprisk.engine;

/**
 * The values of a position and its account's settlement balance before a tentative change, so that the change can
 * be undone when its results do not fit. Reused; engine thread only.
 */
final class SavedPosition
{
    private long size;
    private long cost;
    private long isolatedMargin;
    private long realizedPnl;
    private long fundingSnapshot;
    private long wallet;

    void save(final Position position, final long settlementBalance)
    {
        size = position.size;
        cost = position.cost;
        isolatedMargin = position.isolatedMargin;
        realizedPnl = position.realizedPnl;
        fundingSnapshot = position.fundingSnapshot;
        wallet = settlementBalance;
    }

    void restore(final PerpRiskEngine engine, final Position position)
    {
        position.size = size;
        position.cost = cost;
        position.isolatedMargin = isolatedMargin;
        position.realizedPnl = realizedPnl;
        position.fundingSnapshot = fundingSnapshot;
        engine.restoreSettlementBalance(position.account, wallet);
    }
}
