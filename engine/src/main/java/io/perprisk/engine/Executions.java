package io.perprisk.engine;

import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.InsuranceFundReason;
import io.perprisk.codecs.sbe.OrderCanceledDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.engine.math.Int128Math;

/**
 * What the matching engine reports: fills (MARGIN.md §2 "Fills", settled by {@link TradeSettlement}) and order
 * cancels. A fill of a pending liquidation order is a liquidation fill (§6: the liquidation fee, capped at the
 * scope's margin balance, goes to the insurance fund); the cancel of one hands its remainder to auto-deleveraging.
 * Other fills and cancels keep the {@link OpenOrders} in step. The end of a liquidation order wakes its scope and a
 * changed position may wake the scopes waiting for an auto-deleveraging counterparty ({@link WaitingScopes}). Engine
 * thread only.
 */
final class Executions
{
    private static final long SCALE = PerpRiskEngine.SCALE;

    private final EngineState state;
    private final Int128Math math;
    private final MarginCalculator calculator;
    private final TradeSettlement settlement;
    private final UndoLog undo;
    private final OpenOrders orders;
    private final OutboundPublisher publisher;
    private final ScopeEvaluator evaluator;
    private final EngineCountersImpl counters;
    private final WaitingScopes waiting;

    Executions(
        final EngineState state,
        final MarginCalculator calculator,
        final TradeSettlement settlement,
        final UndoLog undo,
        final OpenOrders orders,
        final OutboundPublisher publisher,
        final ScopeEvaluator evaluator,
        final EngineCountersImpl counters,
        final WaitingScopes waiting)
    {
        this.state = state;
        this.math = calculator.math();
        this.calculator = calculator;
        this.settlement = settlement;
        this.undo = undo;
        this.orders = orders;
        this.publisher = publisher;
        this.evaluator = evaluator;
        this.counters = counters;
        this.waiting = waiting;
    }

    void onOrderCanceled(final OrderCanceledDecoder decoder)
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
        final long orderId = decoder.orderId();
        final Position position = account.position(instrument.id);
        if (position != null && position.liqOrderId != 0 && position.liqOrderId == orderId)
        {
            position.adlRemaining = Math.min(position.liqRemaining, Math.abs(position.size));
            position.endLiquidationOrder();
            waiting.wake(account, position.isolated ? position : null);
            evaluator.evaluate();
            return;
        }
        final Order order = state.orders.get(orderId);
        if (order == null || order.position.account != account || order.position.instrument != instrument)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_ORDER);
            return;
        }
        orders.remove(order);
        evaluator.evaluate();
    }

    void onFill(final FillDecoder decoder)
    {
        final Account account = state.accounts.get(decoder.accountId());
        final Instrument instrument = account == null ? null : state.instruments.get(decoder.instrumentId());
        final RejectReason invalid = validate(decoder, account, instrument);
        if (invalid != null)
        {
            publisher.rejectEvent(invalid);
            return;
        }
        final long quantity = decoder.quantity();
        final long price = decoder.price();
        final boolean buy = decoder.sideRaw() == 0;
        final long fee = decoder.fee();
        final long orderId = decoder.orderId();
        final Position position = state.positionFor(account, instrument);
        final long size = position.size;
        final boolean liquidationFill = position.liqOrderId != 0 && orderId == position.liqOrderId &&
            buy == position.liqBuy && quantity <= position.liqRemaining && quantity <= Math.abs(size);

        final long fees = math.add(state.feesCollected, fee);
        final long clearing = settlement.settleSide(
            position, buy, quantity, price, fee, liquidationFill, state.fundingClearing);
        if (math.overflow())
        {
            undo.undo();
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        final Asset settle = state.settleAsset();
        final long liquidationFee = liquidationFill ? liquidationFee(position, quantity, price) : 0;
        final long fund = liquidationFill ? math.add(settle.insuranceFund, liquidationFee) : settle.insuranceFund;
        if (math.overflow() || !undo.fitsOrUndo(account))
        {
            undo.undo();
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        undo.commit();
        state.fundingClearing = clearing;
        state.feesCollected = fees;
        settle.insuranceFund = fund;
        if (liquidationFill)
        {
            position.liqRemaining -= quantity;
            if (position.liqRemaining == 0)
            {
                position.endLiquidationOrder();
                waiting.wake(account, position.isolated ? position : null);
            }
        }
        else
        {
            fillOrder(position, orderId, buy, quantity);
        }
        EngineState.updateHolder(position, size);
        waiting.onPositionChanged(position);
        publisher.positionUpdate(position);
        publisher.accountUpdate(account);
        if (liquidationFee > 0)
        {
            publisher.insuranceFundUpdate(settle, liquidationFee, InsuranceFundReason.LIQUIDATION_FEE);
        }
        evaluator.evaluateAccount(account);
    }

    private static RejectReason validate(final FillDecoder decoder, final Account account, final Instrument instrument)
    {
        if (account == null)
        {
            return RejectReason.UNKNOWN_ACCOUNT;
        }
        if (instrument == null)
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        final short side = decoder.sideRaw();
        if (side != 0 && side != 1)
        {
            return RejectReason.MALFORMED;
        }
        return PreTradeCheck.checkQuantityAndPrice(instrument, decoder.quantity(), decoder.price());
    }

    /**
     * The liquidation fee of a liquidation fill already settled: {@code ceil(notional·rate/R)} capped at the scope's
     * margin balance, taken from the isolated margin or the wallet.
     */
    private long liquidationFee(final Position position, final long quantity, final long price)
    {
        final Account account = position.account;
        final long marginBalance = calculator.scopeMarginBalance(account, position.isolated ? position : null);
        final long notional = math.mulDivFloor(quantity, price, SCALE);
        final long fee = Math.min(
            math.mulDivCeil(notional, position.instrument.liquidationFeeRate, SCALE), Math.max(0, marginBalance));
        if (position.isolated)
        {
            position.isolatedMargin = math.subtract(position.isolatedMargin, fee);
        }
        else
        {
            state.setBalance(account, state.settleAsset(), math.subtract(account.balance(state.settleAssetId), fee));
        }
        return fee;
    }

    /**
     * A fill of a client order reduces or removes it; a fill naming no such order counts as an anomaly.
     */
    private void fillOrder(final Position position, final long orderId, final boolean buy, final long quantity)
    {
        final Order order = state.orders.get(orderId);
        if (order != null && order.position == position && order.buy == buy)
        {
            if (quantity >= order.remaining)
            {
                if (quantity > order.remaining)
                {
                    counters.fillAnomalies++;
                }
                orders.remove(order);
            }
            else
            {
                orders.reduce(order, order.remaining - quantity);
            }
        }
        else
        {
            counters.fillAnomalies++;
        }
    }
}
