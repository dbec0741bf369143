package io.perprisk.engine;

import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.engine.math.Int128Math;

/**
 * The pre-trade check of a {@code NewOrder} (MARGIN.md §3, docs/arithmetic.md §7): ids, side, quantity and price on
 * the lot and tick, a mark, no liquidation, reduce-only, the leverage cap of the exposure with the order, and the
 * order margin against the available balance. Each check forms only the values it needs. An accepted order joins the
 * {@link OpenOrders}. Engine thread only.
 */
final class PreTradeCheck
{
    private static final long SCALE = PerpRiskEngine.SCALE;

    private final EngineState state;
    private final Int128Math math;
    private final MarginCalculator calculator;
    private final OpenOrders orders;
    private final OutboundPublisher publisher;
    private final ScopeEvaluator evaluator;
    private final EngineCountersImpl counters;

    PreTradeCheck(
        final EngineState state,
        final MarginCalculator calculator,
        final OpenOrders orders,
        final OutboundPublisher publisher,
        final ScopeEvaluator evaluator,
        final EngineCountersImpl counters)
    {
        this.state = state;
        this.math = calculator.math();
        this.calculator = calculator;
        this.orders = orders;
        this.publisher = publisher;
        this.evaluator = evaluator;
        this.counters = counters;
    }

    /**
     * Why a quantity and price are not valid on an instrument, or {@code null}.
     */
    static RejectReason checkQuantityAndPrice(final Instrument instrument, final long quantity, final long price)
    {
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (quantity % instrument.lotSize != 0)
        {
            return RejectReason.OFF_LOT;
        }
        if (price <= 0)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (price % instrument.tickSize != 0)
        {
            return RejectReason.OFF_TICK;
        }
        return null;
    }

    void onNewOrder(final NewOrderDecoder decoder)
    {
        final long orderId = decoder.orderId();
        final long accountId = decoder.accountId();
        final Account account = state.accounts.get(accountId);
        final Instrument instrument = account == null ? null : state.instruments.get(decoder.instrumentId());
        final RejectReason invalid = validate(decoder, orderId, account, instrument);
        if (invalid != null)
        {
            publisher.rejectOrder(orderId, accountId, invalid);
            return;
        }
        final Position position = state.positionFor(account, instrument);
        if (position.isolated ? position.inLiquidation : account.crossInLiquidation)
        {
            publisher.rejectOrder(orderId, accountId, RejectReason.ACCOUNT_IN_LIQUIDATION);
            return;
        }
        final boolean buy = decoder.sideRaw() == 0;
        final long quantity = decoder.quantity();
        final long price = decoder.price();
        if (decoder.reduceOnlyRaw() == BooleanType.TRUE.value())
        {
            final boolean opposes = buy ? position.size < 0 : position.size > 0;
            if (!opposes || quantity > Math.abs(position.size))
            {
                publisher.rejectOrder(orderId, accountId, RejectReason.REDUCE_ONLY_WOULD_INCREASE);
                return;
            }
        }
        final long notional = math.mulDivFloor(quantity, price, SCALE);
        final RejectReason capReason = leverageCap(position, buy, notional);
        if (capReason != null)
        {
            publisher.rejectOrder(orderId, accountId, capReason);
            return;
        }
        final long marginBefore = calculator.position(position).orderMargin;
        if (math.overflow())
        {
            publisher.rejectOrder(orderId, accountId, RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        final Order order = orders.newOrder(orderId, position, buy, price, quantity);
        orders.link(order, notional);
        final CrossMargin cross = calculator.cross(account);
        final long marginAfter = calculator.position(position).orderMargin;
        final RejectReason reason = math.overflow() || cross.derivedOverflow ? RejectReason.ARITHMETIC_OVERFLOW :
            marginAfter > marginBefore && cross.available < 0 ? RejectReason.INSUFFICIENT_MARGIN : null;
        if (reason != null)
        {
            orders.unlink(order, notional);
            orders.release(order);
            publisher.rejectOrder(orderId, accountId, reason);
            return;
        }
        orders.accept(order);
        counters.ordersAccepted++;
        publisher.orderAccepted(orderId, accountId, marginAfter - marginBefore);
        evaluator.evaluate();
    }

    /**
     * The checks that need no position: account, instrument, ids, side and flags, quantity and price, a mark.
     */
    private RejectReason validate(
        final NewOrderDecoder decoder, final long orderId, final Account account, final Instrument instrument)
    {
        if (account == null)
        {
            return RejectReason.UNKNOWN_ACCOUNT;
        }
        if (instrument == null)
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (orderId >= PerpRiskEngine.RESERVED_ORDER_ID_BASE)
        {
            return RejectReason.RESERVED_ID;
        }
        if (state.orders.containsKey(orderId))
        {
            return RejectReason.DUPLICATE_ID;
        }
        final short side = decoder.sideRaw();
        final short reduceOnlyRaw = decoder.reduceOnlyRaw();
        if ((side != 0 && side != 1) || (reduceOnlyRaw != 0 && reduceOnlyRaw != 1))
        {
            return RejectReason.MALFORMED;
        }
        final RejectReason valueReason = checkQuantityAndPrice(instrument, decoder.quantity(), decoder.price());
        if (valueReason != null)
        {
            return valueReason;
        }
        return instrument.hasMark() ? null : RejectReason.NO_MARK_PRICE;
    }

    /**
     * The leverage cap (MARGIN.md §1) of the position's largest exposure with the new order's notional added.
     */
    private RejectReason leverageCap(final Position position, final boolean buy, final long notional)
    {
        final long positionNotional = math.mulDivCeil(Math.abs(position.size), position.instrument.markPrice, SCALE);
        final long signedNotional = position.size >= 0 ? positionNotional : -positionNotional;
        final long buyNotional = buy ? math.add(position.buyNotional, notional) : position.buyNotional;
        final long sellNotional = buy ? position.sellNotional : math.add(position.sellNotional, notional);
        final long exposure = Math.max(
            Math.abs(math.add(signedNotional, buyNotional)), Math.abs(math.subtract(signedNotional, sellNotional)));
        if (math.overflow())
        {
            return RejectReason.ARITHMETIC_OVERFLOW;
        }
        return exposure >= position.instrument.leverageLimit(position.leverage) ? RejectReason.LEVERAGE_TOO_HIGH : null;
    }
}
