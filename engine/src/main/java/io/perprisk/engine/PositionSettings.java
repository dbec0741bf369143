package io.perprisk.engine;

import io.perprisk.codecs.sbe.AdjustIsolatedMarginDecoder;
import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.SetLeverageDecoder;
import io.perprisk.codecs.sbe.SetMarginModeDecoder;
import io.perprisk.engine.math.Int128Math;

/**
 * A position's terms: its leverage (MARGIN.md §1: a leverage whose tier limit the position and its orders would
 * exceed is rejected, and the initial margin must still fit), its margin mode and the transfers between the wallet
 * and an isolated position's margin (§2 "Isolated margin"). Engine thread only.
 */
final class PositionSettings
{
    private final EngineState state;
    private final Int128Math math;
    private final MarginCalculator calculator;
    private final OutboundPublisher publisher;
    private final ScopeEvaluator evaluator;
    private final UndoLog undo;

    PositionSettings(
        final EngineState state,
        final MarginCalculator calculator,
        final OutboundPublisher publisher,
        final ScopeEvaluator evaluator,
        final UndoLog undo)
    {
        this.state = state;
        this.math = calculator.math();
        this.calculator = calculator;
        this.publisher = publisher;
        this.evaluator = evaluator;
        this.undo = undo;
    }

    void onSetLeverage(final SetLeverageDecoder decoder)
    {
        final Account account = state.accounts.get(decoder.accountId());
        if (account == null)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        final Instrument instrument = state.instruments.get(decoder.instrumentId());
        if (instrument == null)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        final int leverage = decoder.leverage();
        if (leverage < 1)
        {
            publisher.rejectEvent(RejectReason.INVALID_LEVERAGE);
            return;
        }
        final Position position = state.positionFor(account, instrument);
        if (position.isolated ? position.inLiquidation : account.crossInLiquidation)
        {
            publisher.rejectEvent(RejectReason.ACCOUNT_IN_LIQUIDATION);
            return;
        }
        undo.savePosition(position);
        position.leverage = leverage;
        final RejectReason reason = leverageReject(account, position, leverage);
        if (reason != null)
        {
            undo.undo();
            publisher.rejectEvent(reason);
            return;
        }
        if (!undo.fitsOrUndo(account))
        {
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        undo.commit();
        publisher.positionUpdate(position);
        evaluator.evaluateAccount(account);
    }

    /**
     * Why a position cannot have the leverage it now has, or {@code null}.
     */
    private RejectReason leverageReject(final Account account, final Position position, final int leverage)
    {
        final PositionMargin pm = calculator.position(position);
        if (math.overflow())
        {
            return RejectReason.ARITHMETIC_OVERFLOW;
        }
        if (pm.maxNotional >= position.instrument.leverageLimit(leverage))
        {
            return RejectReason.LEVERAGE_TOO_HIGH;
        }
        if (position.isolated)
        {
            return position.isolatedMargin < pm.initial ? RejectReason.INSUFFICIENT_MARGIN : null;
        }
        final CrossMargin cross = calculator.cross(account);
        if (math.overflow() || cross.derivedOverflow)
        {
            return RejectReason.ARITHMETIC_OVERFLOW;
        }
        return cross.available < 0 ? RejectReason.INSUFFICIENT_MARGIN : null;
    }

    void onSetMarginMode(final SetMarginModeDecoder decoder)
    {
        final Account account = state.accounts.get(decoder.accountId());
        if (account == null)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        final Instrument instrument = state.instruments.get(decoder.instrumentId());
        if (instrument == null)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        final short mode = decoder.marginModeRaw();
        if (mode != MarginMode.CROSS.value() && mode != MarginMode.ISOLATED.value())
        {
            publisher.rejectEvent(RejectReason.MALFORMED);
            return;
        }
        final Position existing = account.position(instrument.id);
        if (existing != null && (existing.size != 0 || existing.orderCount != 0))
        {
            publisher.rejectEvent(RejectReason.POSITION_OR_ORDERS_OPEN);
            return;
        }
        final Position position = existing != null ? existing : state.positionFor(account, instrument);
        position.isolated = mode == MarginMode.ISOLATED.value();
        publisher.positionUpdate(position);
        evaluator.evaluateAccount(account);
    }

    void onAdjustIsolatedMargin(final AdjustIsolatedMarginDecoder decoder)
    {
        final Account account = state.accounts.get(decoder.accountId());
        final Instrument instrument = account == null ? null : state.instruments.get(decoder.instrumentId());
        final Position position = instrument == null ? null : account.position(instrument.id);
        final long amount = decoder.amount();
        final RejectReason invalid = account == null ? RejectReason.UNKNOWN_ACCOUNT :
            instrument == null ? RejectReason.UNKNOWN_INSTRUMENT :
            position == null || !position.isolated ? RejectReason.NOT_ISOLATED :
            position.size == 0 ? RejectReason.NO_POSITION :
            amount == 0 ? RejectReason.INVALID_AMOUNT :
            amount < 0 && position.inLiquidation ? RejectReason.ACCOUNT_IN_LIQUIDATION : null;
        if (invalid != null)
        {
            publisher.rejectEvent(invalid);
            return;
        }
        final long newWallet = math.subtract(account.balance(state.settleAssetId), amount);
        final long newMargin = math.add(position.isolatedMargin, amount);
        if (amount > 0)
        {
            final CrossMargin cross = calculator.cross(account);
            if (!math.overflow() && !cross.derivedOverflow && cross.available < amount)
            {
                publisher.rejectEvent(RejectReason.INSUFFICIENT_BALANCE);
                return;
            }
        }
        else
        {
            final long initial = calculator.position(position).initial;
            if (!math.overflow() && newMargin < initial)
            {
                publisher.rejectEvent(RejectReason.INSUFFICIENT_MARGIN);
                return;
            }
        }
        if (math.overflow())
        {
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        undo.savePosition(position);
        state.setBalance(account, state.settleAsset(), newWallet);
        position.isolatedMargin = newMargin;
        if (!undo.fitsOrUndo(account))
        {
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        undo.commit();
        publisher.positionUpdate(position);
        publisher.accountUpdate(account);
        evaluator.evaluateAccount(account);
    }
}
