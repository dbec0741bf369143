package io.perprisk.engine;

import io.perprisk.codecs.sbe.AccountUpdateEncoder;
import io.perprisk.codecs.sbe.AutoDeleverageEncoder;
import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.CancelOrderRequestEncoder;
import io.perprisk.codecs.sbe.EventRejectedEncoder;
import io.perprisk.codecs.sbe.InsuranceFundReason;
import io.perprisk.codecs.sbe.InsuranceFundUpdateEncoder;
import io.perprisk.codecs.sbe.LiquidationCompletedEncoder;
import io.perprisk.codecs.sbe.LiquidationOrderEncoder;
import io.perprisk.codecs.sbe.LiquidationStartedEncoder;
import io.perprisk.codecs.sbe.MarginCallEncoder;
import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.OrderAcceptedEncoder;
import io.perprisk.codecs.sbe.OrderRejectedEncoder;
import io.perprisk.codecs.sbe.PositionUpdateEncoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.codecs.sbe.WithdrawAcceptedEncoder;
import io.perprisk.codecs.sbe.WithdrawRejectedEncoder;
import io.perprisk.engine.math.Int128Math;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes every outbound message (docs/protocol.md) into one reusable 4 KiB buffer and hands it to the
 * {@link OutboundHandler} at once: accepts, rejects, account and position updates (with the values of
 * {@link MarginCalculator}), margin calls and the liquidation messages. Knows the seq and template of the event being
 * applied, and counts rejects. Engine thread only.
 */
final class OutboundPublisher
{
    static final byte[] NO_DETAIL = new byte[0];
    private static final long NULL_VALUE = PerpRiskEngine.NULL_VALUE;
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    private final OutboundHandler handler;
    private final EngineState state;
    private final MarginCalculator calculator;
    private final Int128Math math;
    private final EngineCountersImpl counters;
    private final UnsafeBuffer outBuffer = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OrderAcceptedEncoder orderAcceptedEncoder = new OrderAcceptedEncoder();
    private final OrderRejectedEncoder orderRejectedEncoder = new OrderRejectedEncoder();
    private final WithdrawAcceptedEncoder withdrawAcceptedEncoder = new WithdrawAcceptedEncoder();
    private final WithdrawRejectedEncoder withdrawRejectedEncoder = new WithdrawRejectedEncoder();
    private final AccountUpdateEncoder accountUpdateEncoder = new AccountUpdateEncoder();
    private final PositionUpdateEncoder positionUpdateEncoder = new PositionUpdateEncoder();
    private final MarginCallEncoder marginCallEncoder = new MarginCallEncoder();
    private final InsuranceFundUpdateEncoder insuranceFundUpdateEncoder = new InsuranceFundUpdateEncoder();
    private final LiquidationStartedEncoder liquidationStartedEncoder = new LiquidationStartedEncoder();
    private final CancelOrderRequestEncoder cancelOrderRequestEncoder = new CancelOrderRequestEncoder();
    private final LiquidationOrderEncoder liquidationOrderEncoder = new LiquidationOrderEncoder();
    private final AutoDeleverageEncoder autoDeleverageEncoder = new AutoDeleverageEncoder();
    private final LiquidationCompletedEncoder liquidationCompletedEncoder = new LiquidationCompletedEncoder();
    private final EventRejectedEncoder eventRejectedEncoder = new EventRejectedEncoder();

    private long seq;
    private int templateId;

    OutboundPublisher(
        final OutboundHandler handler,
        final EngineState state,
        final MarginCalculator calculator,
        final EngineCountersImpl counters)
    {
        this.handler = handler;
        this.state = state;
        this.calculator = calculator;
        this.math = calculator.math();
        this.counters = counters;
    }

    /**
     * Start an event: every message until the next one carries this seq; rejects name the template set later.
     */
    void beginEvent(final long seq)
    {
        this.seq = seq;
        this.templateId = 0;
    }

    /**
     * The template id a reject of this event names.
     */
    void templateId(final int templateId)
    {
        this.templateId = templateId;
    }

    void rejectEvent(final RejectReason reason)
    {
        rejectEvent(reason, NO_DETAIL);
    }

    void rejectEvent(final RejectReason reason, final byte[] detail)
    {
        counters.rejectsByReason[reason.value()]++;
        eventRejectedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .reason(reason)
            .templateId(templateId)
            .putDetail(detail, 0, detail.length);
        send(eventRejectedEncoder.encodedLength());
    }

    /**
     * The same reject as an ingress record names (docs/gateway.md), under this event's seq.
     */
    void ingressReject(
        final RejectReason reason, final int rejectedTemplateId, final DirectBuffer detail, final int detailLength)
    {
        templateId = rejectedTemplateId;
        counters.rejectsByReason[reason.value()]++;
        eventRejectedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .reason(reason)
            .templateId(rejectedTemplateId)
            .putDetail(detail, 0, detailLength);
        send(eventRejectedEncoder.encodedLength());
    }

    void rejectOrder(final long orderId, final long accountId, final RejectReason reason)
    {
        counters.rejectsByReason[reason.value()]++;
        counters.ordersRejected++;
        orderRejectedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .orderId(orderId)
            .accountId(accountId)
            .reason(reason);
        send(orderRejectedEncoder.encodedLength());
    }

    void orderAccepted(final long orderId, final long accountId, final long orderMargin)
    {
        orderAcceptedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .orderId(orderId)
            .accountId(accountId)
            .orderMargin(orderMargin);
        send(orderAcceptedEncoder.encodedLength());
    }

    void rejectWithdraw(final long requestId, final long accountId, final RejectReason reason)
    {
        counters.rejectsByReason[reason.value()]++;
        withdrawRejectedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .requestId(requestId)
            .accountId(accountId)
            .reason(reason);
        send(withdrawRejectedEncoder.encodedLength());
    }

    void withdrawAccepted(final long requestId, final long accountId, final long amount)
    {
        withdrawAcceptedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .requestId(requestId)
            .accountId(accountId)
            .amount(amount);
        send(withdrawAcceptedEncoder.encodedLength());
    }

    void insuranceFundUpdate(final Asset asset, final long delta, final InsuranceFundReason reason)
    {
        insuranceFundUpdateEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .assetId(asset.id)
            .balance(asset.insuranceFund)
            .delta(delta)
            .reason(reason);
        send(insuranceFundUpdateEncoder.encodedLength());
    }

    /**
     * {@code AccountUpdate} with the account's cross scope, computed now.
     */
    void accountUpdate(final Account account)
    {
        final CrossMargin cross = calculator.cross(account);
        final long ratio = calculator.marginRatio(cross.maintenance, cross.marginBalance);
        final int settleAssetId = state.settleAssetId;
        accountUpdateEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .accountId(account.id)
            .walletBalance(settleAssetId == 0 ? 0 : account.balance(settleAssetId))
            .collateralValue(cross.collateral)
            .unrealizedPnl(cross.upnl)
            .marginBalance(cross.marginBalance)
            .initialMargin(cross.initial)
            .maintenanceMargin(cross.maintenance)
            .orderMargin(cross.orderMargin)
            .availableBalance(cross.available)
            .withdrawable(cross.withdrawable)
            .marginRatio(ratio)
            .inLiquidation(account.crossInLiquidation ? BooleanType.TRUE : BooleanType.FALSE);
        send(accountUpdateEncoder.encodedLength());
    }

    /**
     * {@code PositionUpdate} with the position's values, liquidation and bankruptcy prices (MARGIN.md §4), computed
     * now.
     */
    void positionUpdate(final Position position)
    {
        final Instrument instrument = position.instrument;
        final CrossMargin cross = calculator.cross(position.account);
        final PositionMargin pm = calculator.position(position);
        final long liquidationPrice;
        final long bankruptcyPrice;
        if (position.size == 0)
        {
            liquidationPrice = NULL_VALUE;
            bankruptcyPrice = NULL_VALUE;
        }
        else if (position.isolated)
        {
            final long marginBalance = calculator.isolatedMarginBalance(position);
            liquidationPrice = calculator.liquidationPrice(
                position, math.add(position.isolatedMargin, pm.accrued), 0, 0);
            bankruptcyPrice = calculator.bankruptcyPrice(position, marginBalance);
        }
        else
        {
            final long otherMaintenance = math.subtract(cross.maintenance, pm.maintenance);
            final long otherPnl = math.subtract(math.add(cross.upnl, cross.accrued), math.add(pm.upnl, pm.accrued));
            liquidationPrice = calculator.liquidationPrice(
                position, math.add(cross.collateral, pm.accrued), otherMaintenance, otherPnl);
            bankruptcyPrice = calculator.bankruptcyPrice(position, cross.marginBalance);
        }
        final long size = position.size;
        final long entryPrice = size == 0 ? 0 :
            math.mulDivHalfUp(position.cost, PerpRiskEngine.SCALE, Math.abs(size));
        positionUpdateEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .accountId(position.account.id)
            .instrumentId(instrument.id)
            .marginMode(position.isolated ? MarginMode.ISOLATED : MarginMode.CROSS)
            .leverage(position.leverage)
            .size(size)
            .entryPrice(entryPrice)
            .markPrice(instrument.markPrice)
            .unrealizedPnl(pm.upnl)
            .realizedPnl(position.realizedPnl)
            .accruedFunding(pm.accrued)
            .isolatedMargin(position.isolatedMargin)
            .maintenanceMargin(pm.maintenance)
            .liquidationPrice(liquidationPrice)
            .bankruptcyPrice(bankruptcyPrice);
        send(positionUpdateEncoder.encodedLength());
    }

    void marginCall(final Account account, final Position isolated, final long ratio, final long level)
    {
        marginCallEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .accountId(account.id)
            .instrumentId(isolated == null ? 0 : isolated.instrument.id)
            .marginRatio(ratio)
            .level(level);
        send(marginCallEncoder.encodedLength());
    }

    void liquidationStarted(
        final Account account, final Position isolated, final long marginBalance, final long maintenance)
    {
        liquidationStartedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .accountId(account.id)
            .instrumentId(isolated == null ? 0 : isolated.instrument.id)
            .marginBalance(marginBalance)
            .maintenanceMargin(maintenance);
        send(liquidationStartedEncoder.encodedLength());
    }

    void cancelOrderRequest(final long orderId, final Position position)
    {
        cancelOrderRequestEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .orderId(orderId)
            .accountId(position.account.id)
            .instrumentId(position.instrument.id);
        send(cancelOrderRequestEncoder.encodedLength());
    }

    void liquidationOrder(
        final long orderId,
        final Position position,
        final boolean isLong,
        final long quantity,
        final long limitPrice,
        final long bankruptcyPrice)
    {
        liquidationOrderEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .orderId(orderId)
            .accountId(position.account.id)
            .instrumentId(position.instrument.id)
            .side(isLong ? Side.SELL : Side.BUY)
            .quantity(quantity)
            .limitPrice(limitPrice)
            .bankruptcyPrice(bankruptcyPrice);
        send(liquidationOrderEncoder.encodedLength());
    }

    void autoDeleverage(
        final Position counterparty,
        final Account liquidated,
        final boolean liquidatedLong,
        final long quantity,
        final long price)
    {
        autoDeleverageEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .accountId(counterparty.account.id)
            .liquidatedAccountId(liquidated.id)
            .instrumentId(counterparty.instrument.id)
            .side(liquidatedLong ? Side.BUY : Side.SELL)
            .quantity(quantity)
            .price(price);
        send(autoDeleverageEncoder.encodedLength());
    }

    void liquidationCompleted(final Account account, final Position isolated)
    {
        liquidationCompletedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .accountId(account.id)
            .instrumentId(isolated == null ? 0 : isolated.instrument.id);
        send(liquidationCompletedEncoder.encodedLength());
    }

    private void send(final int bodyLength)
    {
        handler.onOutbound(seq, outBuffer, 0, HEADER_LENGTH + bodyLength);
    }
}
