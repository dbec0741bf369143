package io.perprisk.engine;

/**
 * Totals over the whole engine state, for conservation checks by tests, replay summaries and operators. Cold path:
 * an implementation may compute them by walking every account. Amounts are raw money (value times 10^8).
 * <p>
 * For every asset: {@code deposits - withdrawals = wallets + isolatedMargin + insuranceFund + feesCollected +
 * fundingClearing - signedEntryCost}, where the last five are non-zero only for the settlement asset (see
 * docs/arithmetic.md §5). {@code signedEntryCost}, the sum of {@code sign(size) * cost} over open positions, is 0
 * whenever every position is flat; while positions are open it is the realized PnL paid out ahead of the
 * counterparties' unrealized losses (it needs every trade to have arrived as its two fills).
 */
public interface EngineLedger
{
    /**
     * Sum of accepted deposits of an asset, insurance-fund deposits included.
     *
     * @param assetId of the asset.
     * @return total deposited.
     */
    long totalDeposits(int assetId);

    /**
     * Sum of accepted withdrawals of an asset.
     *
     * @param assetId of the asset.
     * @return total withdrawn.
     */
    long totalWithdrawals(int assetId);

    /**
     * Sum of every account's wallet balance of an asset.
     *
     * @param assetId of the asset.
     * @return total of wallets.
     */
    long totalWallets(int assetId);

    /**
     * Sum of the isolated margin of every isolated position (settlement asset).
     *
     * @return total isolated margin.
     */
    long totalIsolatedMargin();

    /**
     * Insurance fund balance of an asset.
     *
     * @param assetId of the asset.
     * @return the insurance fund balance.
     */
    long insuranceFund(int assetId);

    /**
     * Trading and liquidation fees collected by the house (settlement asset).
     *
     * @return fees collected.
     */
    long feesCollected();

    /**
     * Balance of the house funding clearing ledger (settlement asset): minus the funding realized into accounts.
     *
     * @return the funding clearing balance.
     */
    long fundingClearing();

    /**
     * Sum over every position of its signed entry cost ({@code sign(size) * cost}, settlement asset). Realized PnL
     * credited to one side of a trade is matched by this total until the other side closes; it is 0 when every
     * position is flat.
     *
     * @return the signed entry cost of all open positions.
     */
    long totalSignedEntryCost();
}
