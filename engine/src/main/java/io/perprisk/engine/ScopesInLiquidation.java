package io.perprisk.engine;

/**
 * Tracks the scopes in liquidation (MARGIN.md §6, docs/arithmetic.md §10): every scope whose flag is set, each
 * account or position keeping its slot for swap-remove, rebuilt from the flags after a snapshot. A waiting scope is
 * one with no pending liquidation order that is not parked for want of an auto-deleveraging counterparty; every
 * evaluation pass includes the waiting scopes, which the {@link WaitingScopes} keep. Engine thread only.
 */
final class ScopesInLiquidation
{
    private final ScopeList liquidating = new ScopeList(1024);
    private final WaitingScopes waiting = new WaitingScopes();

    /**
     * The waiting and parked scopes among those in liquidation.
     */
    WaitingScopes waiting()
    {
        return waiting;
    }

    /**
     * Whether a scope (cross when isolated is null) has a pending liquidation order.
     */
    static boolean hasPendingOrder(final Account account, final Position isolated)
    {
        if (isolated != null)
        {
            return isolated.liqOrderId != 0;
        }
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (!p.isolated && p.liqOrderId != 0)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a scope holds no position.
     */
    static boolean isFlat(final Account account, final Position isolated)
    {
        if (isolated != null)
        {
            return isolated.size == 0;
        }
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (!p.isolated && p.size != 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The scope's position with a quantity left to auto-deleverage, or {@code null}.
     */
    static Position adlPosition(final Account account, final Position isolated)
    {
        if (isolated != null)
        {
            return isolated.adlRemaining > 0 ? isolated : null;
        }
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (!p.isolated && p.adlRemaining > 0)
            {
                return p;
            }
        }
        return null;
    }

    boolean hasWaitingScope()
    {
        return waiting.hasWaiting();
    }

    /**
     * Add every waiting scope to an evaluation pass.
     */
    void addWaitingTo(final ScopeList candidates)
    {
        waiting.addWaitingTo(candidates);
    }

    void add(final Account account, final Position isolated)
    {
        final int index = liquidating.size();
        liquidating.add(account, isolated);
        waiting.wake(account, isolated);
        if (isolated != null)
        {
            isolated.liquidationIndex = index;
        }
        else
        {
            account.crossLiquidationIndex = index;
        }
    }

    void remove(final Account account, final Position isolated)
    {
        final int index;
        if (isolated != null)
        {
            index = isolated.liquidationIndex;
            isolated.liquidationIndex = -1;
        }
        else
        {
            index = account.crossLiquidationIndex;
            account.crossLiquidationIndex = -1;
        }
        liquidating.swapRemove(index);
        if (index < liquidating.size())
        {
            final Position moved = liquidating.position(index);
            if (moved != null)
            {
                moved.liquidationIndex = index;
            }
            else
            {
                liquidating.account(index).crossLiquidationIndex = index;
            }
        }
    }

    /**
     * Rebuild the list from the flags, accounts in the given (id) order, after a snapshot was loaded.
     */
    void rebuild(final EngineState state, final long[] sortedAccountIds)
    {
        liquidating.clear();
        waiting.clear();
        for (final long id : sortedAccountIds)
        {
            final Account account = state.accounts.get(id);
            if (account.crossInLiquidation)
            {
                add(account, null);
            }
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (p.inLiquidation)
                {
                    add(account, p);
                }
            }
        }
    }
}
