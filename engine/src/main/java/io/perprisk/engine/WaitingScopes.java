package io.perprisk.engine;

import io.perprisk.engine.math.Int128Math;

/**
 * Scopes in liquidation that cost nothing while nothing can change their outcome (docs/engine.md, "Waiting
 * scopes").
 * <p>
 * Every evaluation pass evaluates each scope in liquidation that has no pending liquidation order (docs/arithmetic.md
 * §11). Such a scope whose quantity left to auto-deleverage found no counterparty does nothing when evaluated again
 * unless its own margin values cross a sign test (the trigger index catches that: a parked scope gets ordinary
 * trigger intervals), its account changes (its scopes are then evaluated anyway), or the ranking of its instrument's
 * opposite side can become non-empty. So it is <em>parked</em> in its instrument's {@link WaitingGroup} and skipped
 * by the passes; the group wakes (back to the {@link #awake} list, and into the running pass if it sorts after the
 * scope being evaluated) when an opposite position changes and might have a profit, an opposite scope leaves
 * liquidation, or the mark moves past the group's bound and a ranking is no longer empty. A scope with a pending
 * liquidation order is skipped until the order ends. The work of an event is then what it changes: one position
 * check per changed position, one ranking when a mark passes a bound, the scopes it wakes.
 * <p>
 * Flags live on the scope ({@link Account#waitFlags} for a cross scope, {@link Position#waitFlags} for an isolated
 * one). Engine thread only; allocates only when a list grows past its high-water mark.
 */
final class WaitingScopes
{
    static final byte PARKED = 1;
    static final byte LISTED = 2;
    static final byte AWAKE = 4;

    private final ScopeList awake = new ScopeList(64);
    private final ScopeList woken = new ScopeList(64);
    private final Int128Math math = new Int128Math();
    private long waitingEvaluations;

    /**
     * Whether a scope in liquidation is skipped by the passes (parked or waiting for its liquidation order): its
     * evaluation then depends on its own margin values only through the sign tests of the trigger index.
     *
     * @param account  the account.
     * @param isolated the isolated position, {@code null} for the cross scope.
     * @return true when quiescent.
     */
    static boolean quiescent(final Account account, final Position isolated)
    {
        return (flags(account, isolated) & PARKED) != 0 || ScopesInLiquidation.hasPendingOrder(account, isolated);
    }

    /**
     * Waiting scopes added to evaluation passes so far (each pass counts each scope once).
     *
     * @return the count.
     */
    long waitingEvaluations()
    {
        return waitingEvaluations;
    }

    /**
     * A scope entered liquidation, was evaluated, or its liquidation order ended: it is evaluated by every pass until
     * it is parked, has a pending order or leaves liquidation.
     */
    void wake(final Account account, final Position isolated)
    {
        final byte flags = flags(account, isolated);
        setFlags(account, isolated, (byte) (flags & ~PARKED | AWAKE));
        if ((flags & AWAKE) == 0)
        {
            awake.add(account, isolated);
        }
    }

    /**
     * The scope's ranking in a group was empty: park it there.
     */
    void park(final Account account, final Position isolated, final WaitingGroup group)
    {
        final byte flags = flags(account, isolated);
        final WaitingGroup listedIn = isolated == null ? account.waitGroup : isolated.waitGroup;
        if ((flags & LISTED) == 0 || listedIn != group)
        {
            group.parked.add(account, isolated);
            if (isolated == null)
            {
                account.waitGroup = group;
            }
            else
            {
                isolated.waitGroup = group;
            }
        }
        setFlags(account, isolated, (byte) (flags | PARKED | LISTED));
    }

    /**
     * A scope left liquidation: its positions may now be counterparties.
     */
    void onLiquidationCompleted(final Account account, final Position isolated)
    {
        setFlags(account, isolated, (byte) (flags(account, isolated) & ~PARKED));
        if (isolated != null)
        {
            onPositionChanged(isolated);
            return;
        }
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (!p.isolated)
            {
                onPositionChanged(p);
            }
        }
    }

    /**
     * A position's size or entry cost changed, or its scope left liquidation: if it may be a counterparty of the
     * scopes parked on the other side, wake them; otherwise the ranking stays known to be empty from the current mark.
     *
     * @param p the position.
     */
    void onPositionChanged(final Position p)
    {
        if (p.size == 0)
        {
            return;
        }
        final Instrument instrument = p.instrument;
        final WaitingGroup group = p.size < 0 ? instrument.adlLongs : instrument.adlShorts;
        if (!group.emptyKnown() || (p.isolated ? p.inLiquidation : p.account.crossInLiquidation))
        {
            return;
        }
        math.clearOverflow();
        final long pnl = MarginCalculator.unrealizedPnl(math, p, instrument.markPrice);
        if (math.overflow() || pnl > 0)
        {
            wakeGroup(group);
        }
        else
        {
            group.narrowTo(instrument.markPrice);
        }
    }

    /**
     * Every scope parked in a group goes back to the passes; the group's ranking is no longer known.
     */
    void wakeGroup(final WaitingGroup group)
    {
        group.forget();
        final ScopeList parked = group.parked;
        for (int i = 0, n = parked.size(); i < n; i++)
        {
            final Account account = parked.account(i);
            final Position isolated = parked.position(i);
            if ((isolated == null ? account.waitGroup : isolated.waitGroup) != group)
            {
                continue;
            }
            final byte flags = flags(account, isolated);
            setFlags(account, isolated, (byte) (flags & ~LISTED));
            if (isolated == null)
            {
                account.waitGroup = null;
            }
            else
            {
                isolated.waitGroup = null;
            }
            if ((flags & PARKED) != 0)
            {
                wake(account, isolated);
                woken.add(account, isolated);
            }
        }
        parked.clear();
    }

    /**
     * Start of an evaluation pass: add every awake scope that is waiting (in liquidation, not parked, no pending
     * order), dropping the others from the awake list.
     *
     * @param into the pass's candidates.
     */
    void addWaitingTo(final ScopeList into)
    {
        woken.clear();
        for (int i = 0; i < awake.size(); )
        {
            final Account account = awake.account(i);
            final Position isolated = awake.position(i);
            if (isWaiting(account, isolated))
            {
                into.add(account, isolated);
                waitingEvaluations++;
                i++;
            }
            else
            {
                setFlags(account, isolated, (byte) (flags(account, isolated) & ~AWAKE));
                awake.swapRemove(i);
            }
        }
    }

    /**
     * Whether any scope is waiting (would be added to a pass), dropping the awake scopes that are not.
     *
     * @return true when one is.
     */
    boolean hasWaiting()
    {
        for (int i = 0; i < awake.size(); )
        {
            final Account account = awake.account(i);
            final Position isolated = awake.position(i);
            if (isWaiting(account, isolated))
            {
                return true;
            }
            setFlags(account, isolated, (byte) (flags(account, isolated) & ~AWAKE));
            awake.swapRemove(i);
        }
        return false;
    }

    /**
     * During a pass, after the candidate at {@code index}: the scopes woken since go into the rest of the pass when
     * they sort after it (they would have been evaluated there), the others wait for the next pass.
     *
     * @param candidates the pass's candidates, sorted and unique.
     * @param index      the candidate just evaluated.
     */
    void addWokenAfter(final ScopeList candidates, final int index)
    {
        final int n = woken.size();
        if (n == 0)
        {
            return;
        }
        boolean added = false;
        for (int i = 0; i < n; i++)
        {
            final Account account = woken.account(i);
            final Position isolated = woken.position(i);
            if (candidates.compareWith(index, account, isolated) < 0 && isWaiting(account, isolated))
            {
                candidates.add(account, isolated);
                waitingEvaluations++;
                added = true;
            }
        }
        woken.clear();
        if (added)
        {
            candidates.sortUnique();
        }
    }

    /**
     * After a snapshot was loaded: nothing is parked or awake.
     */
    void clear()
    {
        awake.clear();
        woken.clear();
    }

    private static boolean isWaiting(final Account account, final Position isolated)
    {
        final boolean inLiquidation = isolated == null ? account.crossInLiquidation : isolated.inLiquidation;
        return inLiquidation && (flags(account, isolated) & PARKED) == 0 &&
            !ScopesInLiquidation.hasPendingOrder(account, isolated);
    }

    private static byte flags(final Account account, final Position isolated)
    {
        return isolated == null ? account.waitFlags : isolated.waitFlags;
    }

    private static void setFlags(final Account account, final Position isolated, final byte flags)
    {
        if (isolated == null)
        {
            account.waitFlags = flags;
        }
        else
        {
            isolated.waitFlags = flags;
        }
    }
}
