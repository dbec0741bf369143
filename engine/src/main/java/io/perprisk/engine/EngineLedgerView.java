package io.perprisk.engine;

/**
 * Ledger totals computed by walking the engine state. Cold path.
 */
final class EngineLedgerView implements EngineLedger
{
    private final EngineState engine;

    EngineLedgerView(final EngineState engine)
    {
        this.engine = engine;
    }

    /**
     * {@inheritDoc}
     */
    public long totalDeposits(final int assetId)
    {
        final Asset asset = engine.assets.get(assetId);
        return asset == null ? 0 : asset.totalDeposits;
    }

    /**
     * {@inheritDoc}
     */
    public long totalWithdrawals(final int assetId)
    {
        final Asset asset = engine.assets.get(assetId);
        return asset == null ? 0 : asset.totalWithdrawals;
    }

    /**
     * {@inheritDoc}
     */
    public long totalWallets(final int assetId)
    {
        long total = 0;
        for (final Account account : engine.accounts.values())
        {
            total += account.balance(assetId);
        }
        return total;
    }

    /**
     * {@inheritDoc}
     */
    public long totalIsolatedMargin()
    {
        long total = 0;
        for (final Account account : engine.accounts.values())
        {
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                total += p.isolatedMargin;
            }
        }
        return total;
    }

    /**
     * {@inheritDoc}
     */
    public long insuranceFund(final int assetId)
    {
        final Asset asset = engine.assets.get(assetId);
        return asset == null ? 0 : asset.insuranceFund;
    }

    /**
     * {@inheritDoc}
     */
    public long feesCollected()
    {
        return engine.feesCollected;
    }

    /**
     * {@inheritDoc}
     */
    public long fundingClearing()
    {
        return engine.fundingClearing;
    }

    /**
     * {@inheritDoc}
     */
    public long totalSignedEntryCost()
    {
        long total = 0;
        for (final Account account : engine.accounts.values())
        {
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                total += p.signedCost();
            }
        }
        return total;
    }
}
