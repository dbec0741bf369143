package io.perprisk.engine;

/**
 * A collateral asset: price in the settlement asset, haircut, house totals. Engine thread only.
 */
final class Asset
{
    final int id;
    final int index;
    String symbol;
    long price;
    long collateralRatio;
    long totalDeposits;
    long totalWithdrawals;
    long insuranceFund;
    Account[] holders = new Account[16];
    int holderCount;
    final TriggerIndex priceTriggers = new TriggerIndex();

    Asset(final int id, final int index)
    {
        this.id = id;
        this.index = index;
    }

    void addHolder(final Account account)
    {
        if (holderCount == holders.length)
        {
            holders = java.util.Arrays.copyOf(holders, holderCount * 2);
        }
        holders[holderCount++] = account;
    }
}
