package io.perprisk.engine;

import io.perprisk.engine.math.Int128Math;

/**
 * Scope evaluation (docs/arithmetic.md §9, §11; MARGIN.md §6–§7): after every event that was not rejected, the
 * evaluation passes. Pass 1 holds the scopes the event may have changed plus every waiting scope; each pass is sorted
 * canonically and de-duplicated, and a scope is skipped when its account was touched earlier in the pass; the next
 * pass holds every scope of the accounts the pass touched. Evaluating a scope fires its {@link MarginCalls}, starts a
 * liquidation when {@code MM > 0} and {@code MB ≤ MM}, and runs the {@link Liquidator}'s loop for a scope in
 * liquidation. Price events probe every candidate first, so that an overflow rejects the event unchanged. Engine
 * thread only.
 */
final class ScopeEvaluator
{
    private final MarginCalculator calculator;
    private final Int128Math math;
    private final MarginCalls marginCalls;
    private final Liquidator liquidator;
    private final ScopesInLiquidation scopes;
    private final TouchedAccounts touched;
    private final TriggerMaintenance triggers;
    private final ScopeList candidates = new ScopeList(1024);
    private int[] probeMasks = new int[1024];
    private boolean[] probeFires = new boolean[1024];
    private long scopeEvaluations;

    ScopeEvaluator(
        final MarginCalculator calculator,
        final MarginCalls marginCalls,
        final Liquidator liquidator,
        final ScopesInLiquidation scopes,
        final TouchedAccounts touched,
        final TriggerMaintenance triggers)
    {
        this.calculator = calculator;
        this.math = calculator.math();
        this.marginCalls = marginCalls;
        this.liquidator = liquidator;
        this.scopes = scopes;
        this.touched = touched;
        this.triggers = triggers;
    }

    /**
     * Evaluate after an account event: pass 1 is every scope of that account plus every waiting scope.
     */
    void evaluateAccount(final Account account)
    {
        addAccountScopes(account);
        evaluate();
    }

    /**
     * Evaluate after a new mark or funding index (already in place; {@code triggers} is that coordinate's index):
     * returns false without changing anything when a candidate's margin values do not fit (the caller restores and
     * rejects).
     */
    boolean evaluateInstrument(final Instrument instrument, final TriggerIndex triggerIndex, final long value)
    {
        triggers.collectInstrument(instrument, triggerIndex, value, candidates);
        return probeAndEvaluate();
    }

    /**
     * As {@link #evaluateInstrument} for a new collateral price.
     */
    boolean evaluateAssetPrice(final Asset asset, final long price)
    {
        triggers.collectAssetPrice(asset, price, candidates);
        return probeAndEvaluate();
    }

    /**
     * As {@link #evaluateInstrument} for a new price or haircut of a collateral asset, scanning its holders.
     */
    boolean evaluateAssetHolders(final Asset asset)
    {
        triggers.collectAssetHolders(asset, candidates);
        return probeAndEvaluate();
    }

    /**
     * Scopes evaluated so far (pass-1 candidates, waiting scopes and the scopes of touched accounts).
     */
    long scopeEvaluations()
    {
        return scopeEvaluations;
    }

    private void addAccountScopes(final Account account)
    {
        candidates.add(account, null);
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (p.isolated)
            {
                candidates.add(account, p);
            }
        }
    }

    /**
     * Computes the margin values of every pass-1 candidate without changing anything; if one does not fit, clears
     * the candidates and returns false. Otherwise evaluates. When no candidate meets the trigger or is in liquidation
     * (a parked or pending scope's evaluation still runs its loop) and no scope is waiting, no liquidation action can
     * run in this evaluation, so the re-arming of every candidate is applied at once and only the candidates that fire
     * a margin call are evaluated (the same result, fewer scopes sorted).
     */
    private boolean probeAndEvaluate()
    {
        final int count = candidates.size();
        if (probeMasks.length < count)
        {
            probeMasks = new int[Math.max(count, probeMasks.length * 2)];
            probeFires = new boolean[probeMasks.length];
        }
        boolean liquidationPossible = scopes.hasWaitingScope();
        for (int i = 0; i < count; i++)
        {
            final Account account = candidates.account(i);
            final Position isolated = candidates.position(i);
            final long maintenance;
            final long marginBalance;
            final boolean inLiquidation;
            final int disarmed;
            if (isolated != null)
            {
                maintenance = calculator.position(isolated).maintenance;
                marginBalance = calculator.isolatedMarginBalance(isolated);
                inLiquidation = isolated.inLiquidation;
                disarmed = isolated.disarmed;
            }
            else
            {
                final CrossMargin cross = calculator.cross(account);
                maintenance = cross.maintenance;
                marginBalance = cross.marginBalance;
                inLiquidation = account.crossInLiquidation;
                disarmed = account.crossDisarmed;
            }
            probeFires[i] = marginCalls.probe(disarmed, maintenance, marginBalance);
            probeMasks[i] = marginCalls.probeMask();
            liquidationPossible |= inLiquidation || (maintenance > 0 && marginBalance <= maintenance);
        }
        if (math.overflow())
        {
            candidates.clear();
            return false;
        }
        if (!liquidationPossible)
        {
            applyProbedArming(count);
            keepFiring(count);
        }
        evaluate();
        return true;
    }

    private void applyProbedArming(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final Position isolated = candidates.position(i);
            if (isolated != null)
            {
                isolated.disarmed = probeMasks[i];
            }
            else
            {
                candidates.account(i).crossDisarmed = probeMasks[i];
            }
        }
    }

    /**
     * Keeps only the candidates whose probe fired, in place.
     */
    private void keepFiring(final int count)
    {
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            if (probeFires[i])
            {
                candidates.move(i, kept++);
            }
        }
        candidates.truncate(kept);
    }

    /**
     * Runs the evaluation passes over the pass-1 candidates already collected: each pass adds every waiting scope,
     * sorts canonically, and evaluates each scope unless its account was touched earlier in the pass; the next pass
     * holds every scope of the accounts the pass touched. Leaves the candidates empty.
     */
    void evaluate()
    {
        while (true)
        {
            scopes.addWaitingTo(candidates);
            candidates.sortUnique();
            final long pass = touched.beginPass();
            for (int i = 0; i < candidates.size(); i++)
            {
                final Account account = candidates.account(i);
                if (account.touchedInPass != pass)
                {
                    evaluateCandidate(account, candidates.position(i));
                }
                scopes.waiting().addWokenAfter(candidates, i);
            }
            candidates.clear();
            final int touchedCount = touched.count();
            if (touchedCount == 0)
            {
                return;
            }
            for (int i = 0; i < touchedCount; i++)
            {
                addAccountScopes(touched.take(i));
            }
        }
    }

    /**
     * Evaluate one scope: margin calls, then the liquidation trigger and loop. A scope whose margin values do not fit
     * is skipped.
     */
    private void evaluateCandidate(final Account account, final Position isolated)
    {
        scopeEvaluations++;
        triggers.markStale(account);
        math.clearOverflow();
        final long maintenance;
        final long marginBalance;
        if (isolated != null)
        {
            maintenance = calculator.position(isolated).maintenance;
            marginBalance = calculator.isolatedMarginBalance(isolated);
        }
        else
        {
            final CrossMargin cross = calculator.cross(account);
            maintenance = cross.maintenance;
            marginBalance = cross.marginBalance;
        }
        calculator.marginRatio(maintenance, marginBalance);
        if (math.overflow())
        {
            math.clearOverflow();
            return;
        }
        marginCalls.evaluate(account, isolated, maintenance, marginBalance);
        final boolean inLiquidation = isolated != null ? isolated.inLiquidation : account.crossInLiquidation;
        if (!inLiquidation)
        {
            if (maintenance <= 0 || marginBalance > maintenance)
            {
                return;
            }
            liquidator.start(account, isolated, maintenance, marginBalance);
        }
        liquidator.loop(account, isolated);
    }
}
