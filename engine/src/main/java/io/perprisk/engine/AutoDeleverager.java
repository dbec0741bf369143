package io.perprisk.engine;

import io.perprisk.engine.math.Int128Math;

import static io.perprisk.engine.math.Int128Math.CEIL;
import static io.perprisk.engine.math.Int128Math.FLOOR;

/**
 * Auto-deleveraging (MARGIN.md §6, docs/arithmetic.md §10.6): what a liquidation could not place in the market, or
 * what the insurance fund cannot cover, is closed against the opposite positions with positive PnL whose scope is
 * not in liquidation, ranked by PnL% times effective leverage ({@link AdlRanking}), at the bankruptcy price rounded
 * to the tick. Each close settles both sides through {@link TradeSettlement}. A scope whose ranking is empty is
 * parked in its instrument's {@link WaitingGroup} until a changed position, a scope leaving liquidation or a mark past
 * the group's bound can give it a counterparty ({@link WaitingScopes}). Engine thread only.
 */
final class AutoDeleverager
{
    private static final long SCALE = PerpRiskEngine.SCALE;

    private final MarginCalculator calculator;
    private final Int128Math math;
    private final TradeSettlement settlement;
    private final OutboundPublisher publisher;
    private final TouchedAccounts touched;
    private final EngineCountersImpl counters;
    private final WaitingScopes waiting;
    private final AdlRanking adlRanking = new AdlRanking();
    private int overflowSkips;

    AutoDeleverager(
        final MarginCalculator calculator,
        final TradeSettlement settlement,
        final OutboundPublisher publisher,
        final TouchedAccounts touched,
        final EngineCountersImpl counters,
        final WaitingScopes waiting)
    {
        this.calculator = calculator;
        this.math = calculator.math();
        this.settlement = settlement;
        this.publisher = publisher;
        this.touched = touched;
        this.counters = counters;
        this.waiting = waiting;
    }

    /**
     * Close what is left to auto-deleverage of a position of a scope (cross when isolated is null) against the ranked
     * opposite positions, at the bankruptcy price. Stops before a candidate whose close would not fit.
     */
    void autoDeleverage(final Account account, final Position isolated, final Position position)
    {
        final long absSize = Math.abs(position.size);
        if (position.adlRemaining > absSize)
        {
            position.adlRemaining = absSize;
        }
        if (position.adlRemaining == 0)
        {
            return;
        }
        math.clearOverflow();
        final long marginBalance = calculator.scopeMarginBalance(account, isolated);
        if (math.overflow())
        {
            math.clearOverflow();
            counters.liquidationActionsSkipped++;
            return;
        }
        final Instrument instrument = position.instrument;
        final boolean isLong = position.size > 0;
        calculator.bankruptcyNumerator(instrument.markPrice, absSize, marginBalance, isLong);
        math.divideBy(absSize, isLong ? FLOOR : CEIL);
        final long price = calculator.toTicks(instrument.tickSize, isLong ? FLOOR : CEIL);

        final WaitingGroup group = isLong ? instrument.adlLongs : instrument.adlShorts;
        final boolean knownEmpty = group.knownEmptyAt(instrument.markPrice);
        if (!knownEmpty)
        {
            rank(instrument, isLong);
        }
        if (adlRanking.size() == 0 && (knownEmpty || overflowSkips == 0))
        {
            group.recordEmpty(instrument.markPrice);
            waiting.park(account, isolated, group);
            return;
        }
        boolean closedAny = false;
        for (int i = 0; i < adlRanking.size() && position.adlRemaining > 0; i++)
        {
            final Position candidate = adlRanking.position(i);
            final long quantity = Math.min(position.adlRemaining, Math.abs(candidate.size));
            if (!settlement.closeAgainst(position, candidate, quantity, price))
            {
                counters.liquidationActionsSkipped++;
                break;
            }
            waiting.onPositionChanged(candidate);
            waiting.onPositionChanged(position);
            position.adlRemaining -= quantity;
            closedAny = true;
            counters.autoDeleverages++;
            touched.touch(candidate.account);
            publisher.autoDeleverage(candidate, account, isLong, quantity, price);
            publisher.positionUpdate(candidate);
            publisher.accountUpdate(candidate.account);
        }
        adlRanking.clear();
        if (closedAny)
        {
            touched.touch(account);
            publisher.positionUpdate(position);
            publisher.accountUpdate(account);
        }
    }

    /**
     * A new mark of an instrument, already in place: a group of parked waiting scopes whose known-empty range the mark
     * leaves is ranked once; it wakes when the ranking is no longer empty (docs/engine.md, "Waiting scopes").
     */
    void wakeWaitingOnMark(final Instrument instrument)
    {
        checkWaitingGroup(instrument, instrument.adlLongs);
        checkWaitingGroup(instrument, instrument.adlShorts);
    }

    private void checkWaitingGroup(final Instrument instrument, final WaitingGroup group)
    {
        final long mark = instrument.markPrice;
        if (!group.emptyKnown() || group.knownEmptyAt(mark))
        {
            return;
        }
        if (group.parked.size() == 0)
        {
            group.forget();
            return;
        }
        rank(instrument, group.longs);
        final boolean empty = adlRanking.size() == 0 && overflowSkips == 0;
        adlRanking.clear();
        if (empty)
        {
            group.recordEmpty(mark);
        }
        else
        {
            waiting.wakeGroup(group);
        }
    }

    /**
     * Ranks the positions opposite a liquidated side (long when {@code againstLong} is false) with positive PnL whose
     * scope is not in liquidation: PnL% times effective leverage, highest first, ties by account id. Counts the
     * positions skipped because a value did not fit in {@code overflowSkips}.
     */
    private void rank(final Instrument instrument, final boolean againstLong)
    {
        overflowSkips = 0;
        final Position[] holders = instrument.holders;
        for (int i = 0, n = instrument.holderCount; i < n; i++)
        {
            final Position p = holders[i];
            if ((p.size > 0) == againstLong || (p.isolated ? p.inLiquidation : p.account.crossInLiquidation))
            {
                continue;
            }
            math.clearOverflow();
            final PositionMargin pm = calculator.position(p);
            final long upnl = pm.upnl;
            final long notional = pm.notional;
            if (math.overflow())
            {
                overflowSkips++;
                continue;
            }
            if (upnl <= 0)
            {
                continue;
            }
            final long marginBalance = calculator.scopeMarginBalance(p.account, p.isolated ? p : null);
            if (math.overflow())
            {
                overflowSkips++;
                continue;
            }
            adlRanking.add(p, score(p, upnl, notional, marginBalance));
        }
        math.clearOverflow();
        adlRanking.sort();
    }

    /**
     * {@code floor(floor(upnl·R/cost)·N/MB)}, saturated; the highest score when the cost or MB leaves no ratio.
     */
    private long score(final Position p, final long upnl, final long notional, final long marginBalance)
    {
        final long pnlPercent;
        if (p.cost == 0)
        {
            pnlPercent = Long.MAX_VALUE;
        }
        else
        {
            math.multiply(upnl, SCALE);
            math.divideBy(p.cost, FLOOR);
            pnlPercent = math.fitsInLong() ? math.lo() : Long.MAX_VALUE;
        }
        if (marginBalance <= 0)
        {
            return Long.MAX_VALUE;
        }
        math.multiply(pnlPercent, notional);
        math.divideBy(marginBalance, FLOOR);
        return math.fitsInLong() ? math.lo() : Long.MAX_VALUE;
    }
}
