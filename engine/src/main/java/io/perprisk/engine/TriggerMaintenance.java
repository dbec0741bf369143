package io.perprisk.engine;

import java.util.Arrays;

/**
 * Keeps the trigger index (docs/engine.md "Trigger index") in step with the state, and picks the pass-1 candidates
 * of a price event: from the index when it is on, from a scan of the holders when it is off. The only class that
 * asks whether the index is on. Accounts whose intervals must be recomputed are marked stale during the event and
 * re-indexed with {@link TriggerBands} at its end, accepted or rejected. Engine thread only.
 */
final class TriggerMaintenance
{
    private final EngineState state;
    private final TriggerBands bands;
    private final TriggerCandidates triggerCandidates = new TriggerCandidates();
    private Account[] staleAccounts = new Account[64];
    private int staleCount;

    /**
     * Maintenance over a state.
     *
     * @param state the engine state.
     * @param bands the interval computation, {@code null} when the index is off.
     */
    TriggerMaintenance(final EngineState state, final TriggerBands bands)
    {
        this.state = state;
        this.bands = bands;
    }

    /**
     * Give a new account its balance entries when the index is on.
     */
    void newAccount(final Account account)
    {
        if (null != bands)
        {
            account.balanceTriggers = new TriggerEntry[account.balanceAssetIds.length];
        }
    }

    /**
     * Remember that an account's trigger intervals must be recomputed at the end of the event.
     */
    void markStale(final Account account)
    {
        if (null == bands || account.triggersStale)
        {
            return;
        }
        account.triggersStale = true;
        if (staleCount == staleAccounts.length)
        {
            staleAccounts = Arrays.copyOf(staleAccounts, staleCount * 2);
        }
        staleAccounts[staleCount++] = account;
    }

    /**
     * Every holder of an asset whose haircut changed must be re-indexed.
     */
    void assetRedefined(final Asset asset)
    {
        for (int i = 0; i < asset.holderCount; i++)
        {
            markStale(asset.holders[i]);
        }
    }

    /**
     * Re-index every account marked stale during the event (the end of every event).
     */
    void reindexStale()
    {
        for (int i = 0; i < staleCount; i++)
        {
            final Account account = staleAccounts[i];
            staleAccounts[i] = null;
            account.triggersStale = false;
            bands.reindex(account, state.settleAssetId);
        }
        staleCount = 0;
    }

    /**
     * Recompute the whole index from the state (after a snapshot was loaded).
     */
    void rebuild()
    {
        if (null == bands)
        {
            return;
        }
        for (final Instrument instrument : state.instruments.values())
        {
            instrument.markTriggers.clear();
            instrument.fundingTriggers.clear();
        }
        for (final Asset asset : state.assets.values())
        {
            asset.priceTriggers.clear();
        }
        for (int i = 0; i < staleCount; i++)
        {
            staleAccounts[i].triggersStale = false;
            staleAccounts[i] = null;
        }
        staleCount = 0;
        for (final Account account : state.accounts.values())
        {
            bands.reindex(account, state.settleAssetId);
        }
    }

    /**
     * Pass-1 candidates of a new mark or funding index of an instrument, already in place: the scopes whose interval
     * in {@code triggers} the value leaves, or with the index off the scope of every holder (a cross holder's cross
     * scope, an isolated holder's isolated scope).
     */
    void collectInstrument(
        final Instrument instrument, final TriggerIndex triggers, final long value, final ScopeList into)
    {
        if (null == bands)
        {
            final Position[] holders = instrument.holders;
            for (int i = 0, n = instrument.holderCount; i < n; i++)
            {
                final Position p = holders[i];
                into.add(p.account, p.isolated ? p : null);
            }
        }
        else
        {
            collectTriggered(triggers, value, into);
        }
    }

    /**
     * Pass-1 candidates of a new price of a collateral asset: from the index, or with the index off the cross scope
     * of every account holding it. None for the settlement asset.
     */
    void collectAssetPrice(final Asset asset, final long price, final ScopeList into)
    {
        if (null == bands)
        {
            collectAssetHolders(asset, into);
        }
        else if (asset.id != state.settleAssetId)
        {
            collectTriggered(asset.priceTriggers, price, into);
        }
    }

    /**
     * The cross scope of every account holding a collateral asset (a new haircut always scans). None for the
     * settlement asset.
     */
    void collectAssetHolders(final Asset asset, final ScopeList into)
    {
        if (asset.id == state.settleAssetId)
        {
            return;
        }
        final Account[] holders = asset.holders;
        for (int i = 0, n = asset.holderCount; i < n; i++)
        {
            into.add(holders[i], null);
        }
    }

    /**
     * The entries whose interval the value leaves are taken out; an entry of a position with a size names that
     * position's scope, an entry of a collateral price its account's cross scope, and an entry of an order-only
     * position (which only bounds overflow) no scope. Every account taken out is marked stale.
     */
    private void collectTriggered(final TriggerIndex triggers, final long value, final ScopeList into)
    {
        triggers.collect(value, triggerCandidates);
        for (int i = 0, n = triggerCandidates.count(); i < n; i++)
        {
            final TriggerEntry entry = triggerCandidates.get(i);
            final Position p = entry.position;
            markStale(entry.account);
            if (p == null)
            {
                into.add(entry.account, null);
            }
            else if (p.size != 0)
            {
                into.add(entry.account, p.isolated ? p : null);
            }
        }
        triggerCandidates.clear();
    }
}
