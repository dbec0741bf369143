package io.perprisk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The money conservation identity of docs/arithmetic.md §5.
 */
final class ConservationCheck
{
    private ConservationCheck()
    {
    }

    static void assertConserved(final RiskEngine engine, final int settleAssetId)
    {
        final EngineLedger l = engine.ledger();
        assertEquals(
            l.totalDeposits(settleAssetId) - l.totalWithdrawals(settleAssetId),
            l.totalWallets(settleAssetId) + l.totalIsolatedMargin() + l.insuranceFund(settleAssetId) +
            l.feesCollected() + l.fundingClearing() - l.totalSignedEntryCost(),
            "money is conserved");
    }
}
