package io.perprisk.engine;

/**
 * An account: sparse wallet balances sorted by asset id, positions linked in instrument-id order, cross-scope
 * margin-call arming. Engine thread only.
 */
final class Account
{
    final long id;
    int[] balanceAssetIds = new int[2];
    long[] balances = new long[2];
    int balanceCount;
    Position firstPosition;
    int crossDisarmed;
    boolean crossInLiquidation;
    int crossLiquidationIndex = -1;
    long touchedInPass;
    TriggerEntry[] balanceTriggers;
    boolean triggersStale;
    byte waitFlags;
    WaitingGroup waitGroup;

    Account(final long id)
    {
        this.id = id;
    }

    /**
     * Slot of an asset's balance, or -1.
     */
    int balanceSlot(final int assetId)
    {
        for (int i = 0; i < balanceCount; i++)
        {
            if (balanceAssetIds[i] == assetId)
            {
                return i;
            }
        }
        return -1;
    }

    long balance(final int assetId)
    {
        final int slot = balanceSlot(assetId);
        return slot < 0 ? 0 : balances[slot];
    }

    /**
     * Slot of an asset's balance, created (sorted by asset id) when missing; reports whether it was created.
     */
    int addBalanceSlot(final int assetId)
    {
        if (balanceCount == balanceAssetIds.length)
        {
            balanceAssetIds = java.util.Arrays.copyOf(balanceAssetIds, balanceCount * 2);
            balances = java.util.Arrays.copyOf(balances, balanceCount * 2);
        }
        if (balanceTriggers != null && balanceTriggers.length < balanceAssetIds.length)
        {
            balanceTriggers = java.util.Arrays.copyOf(balanceTriggers, balanceAssetIds.length);
        }
        int i = balanceCount;
        while (i > 0 && balanceAssetIds[i - 1] > assetId)
        {
            balanceAssetIds[i] = balanceAssetIds[i - 1];
            balances[i] = balances[i - 1];
            if (balanceTriggers != null)
            {
                balanceTriggers[i] = balanceTriggers[i - 1];
            }
            i--;
        }
        balanceAssetIds[i] = assetId;
        balances[i] = 0;
        if (balanceTriggers != null)
        {
            balanceTriggers[i] = new TriggerEntry(this);
        }
        balanceCount++;
        return i;
    }

    Position position(final int instrumentId)
    {
        for (Position p = firstPosition; p != null; p = p.nextInAccount)
        {
            if (p.instrument.id == instrumentId)
            {
                return p;
            }
            if (p.instrument.id > instrumentId)
            {
                return null;
            }
        }
        return null;
    }

    void linkPosition(final Position position)
    {
        final int id = position.instrument.id;
        if (firstPosition == null || firstPosition.instrument.id > id)
        {
            position.nextInAccount = firstPosition;
            firstPosition = position;
            return;
        }
        Position p = firstPosition;
        while (p.nextInAccount != null && p.nextInAccount.instrument.id < id)
        {
            p = p.nextInAccount;
        }
        position.nextInAccount = p.nextInAccount;
        p.nextInAccount = position;
    }
}
