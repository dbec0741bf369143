package io.perprisk.engine;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The engine's state (docs/engine.md "Data layout"): assets, instruments, accounts with their positions and balances,
 * open orders by id, and the house ledgers (fees collected, funding clearing, the next liquidation order id). The
 * collaborators share this one instance; it keeps the book-keeping every one of them needs (balance slots and asset
 * holders, position records and instrument holders). Engine thread only.
 */
final class EngineState
{
    final Long2ObjectHashMap<Account> accounts = new Long2ObjectHashMap<>();
    final Int2ObjectHashMap<Asset> assets;
    final Int2ObjectHashMap<Instrument> instruments = new Int2ObjectHashMap<>();
    final Long2ObjectHashMap<Order> orders = new Long2ObjectHashMap<>();
    final boolean triggerIndex;
    int settleAssetId;
    long feesCollected;
    long fundingClearing;
    long lastAppliedSeq;
    long nextLiquidationOrderId = PerpRiskEngine.RESERVED_ORDER_ID_BASE;

    /**
     * An empty state.
     *
     * @param assets       the assets by id (shared with whoever built them).
     * @param triggerIndex whether new records get trigger entries (the trigger index is on).
     */
    EngineState(final Int2ObjectHashMap<Asset> assets, final boolean triggerIndex)
    {
        this.assets = assets;
        this.triggerIndex = triggerIndex;
    }

    /**
     * The settlement asset, {@code null} while no instrument fixed it.
     */
    Asset settleAsset()
    {
        return assets.get(settleAssetId);
    }

    /**
     * Set a balance, creating its slot (and the account's place among the asset's holders) when missing.
     */
    void setBalance(final Account account, final Asset asset, final long balance)
    {
        int slot = account.balanceSlot(asset.id);
        if (slot < 0)
        {
            slot = account.addBalanceSlot(asset.id);
            asset.addHolder(account);
        }
        account.balances[slot] = balance;
    }

    /**
     * Put back a settlement balance saved earlier: a slot that did not exist then (balance 0) is not created.
     */
    void restoreSettlementBalance(final Account account, final long balance)
    {
        final int slot = account.balanceSlot(settleAssetId);
        if (slot >= 0)
        {
            account.balances[slot] = balance;
        }
        else if (balance != 0)
        {
            setBalance(account, assets.get(settleAssetId), balance);
        }
    }

    /**
     * The position record of an account on an instrument, created (with its trigger entries) on first use.
     */
    Position positionFor(final Account account, final Instrument instrument)
    {
        Position position = account.position(instrument.id);
        if (position == null)
        {
            position = new Position(account, instrument);
            if (triggerIndex)
            {
                position.markTrigger = new TriggerEntry(position);
                position.fundingTrigger = new TriggerEntry(position);
            }
            account.linkPosition(position);
        }
        return position;
    }

    /**
     * Keep the instrument's holder list in step with a position whose size changed from {@code sizeBefore}.
     */
    static void updateHolder(final Position position, final long sizeBefore)
    {
        if (sizeBefore == 0 && position.size != 0)
        {
            position.instrument.addHolder(position);
        }
        else if (sizeBefore != 0 && position.size == 0)
        {
            position.instrument.removeHolder(position);
        }
    }
}
