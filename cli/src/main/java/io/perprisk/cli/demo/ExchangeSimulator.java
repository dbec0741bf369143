package io.perprisk.cli.demo;

import io.perprisk.codecs.sbe.CancelOrderRequestDecoder;
import io.perprisk.codecs.sbe.InsuranceFundUpdateDecoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.OrderRejectedDecoder;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.client.RiskClient;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.Random;

/**
 * A small simulated exchange in front of the service: a matching simulator that sends orders, matches the accepted
 * ones FIFO against the opposite side, reports fills and cancels, executes the engine's liquidation orders against
 * a liquidity provider, and drives a mark-price path with a crash. Runs on one thread; cold code, ordinary Java.
 */
final class ExchangeSimulator implements OutboundHandler
{
    static final long SCALE = 100_000_000L;
    static final int INSTRUMENT_ID = 1;
    static final int USDT = 1;
    static final long LIQUIDITY_PROVIDER = 1;
    static final long TICK = SCALE / 10;
    static final long LOT = SCALE / 1000;

    private static final long RESTING_NS = 2_000_000_000L;

    private final RiskClient client;
    private final Random random;
    private final int accounts;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final OrderRejectedDecoder orderRejected = new OrderRejectedDecoder();
    private final LiquidationOrderDecoder liquidationOrder = new LiquidationOrderDecoder();
    private final CancelOrderRequestDecoder cancelOrderRequest = new CancelOrderRequestDecoder();
    private final InsuranceFundUpdateDecoder insuranceFundUpdate = new InsuranceFundUpdateDecoder();
    private final Long2ObjectHashMap<SimOrder> pending = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<SimOrder> resting = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<SimOrder> liquidationsByProviderOrder = new Long2ObjectHashMap<>();
    private final Long2LongHashMap sendTimes = new Long2LongHashMap(-1);
    private final ArrayDeque<SimOrder> bids = new ArrayDeque<>();
    private final ArrayDeque<SimOrder> asks = new ArrayDeque<>();
    private final Histogram latency = new Histogram(3_600_000_000_000L, 3);
    private long nextOrderId = 1;
    private long nextTradeId = 1;
    private long markPrice;
    private long insuranceFund;
    private long ordersSent;
    private long fills;
    private long liquidationOrders;
    private long liquidationFills;
    private long nowNs;

    ExchangeSimulator(final RiskClient client, final long seed, final int accounts)
    {
        this.client = client;
        this.random = new Random(seed);
        this.accounts = accounts;
    }

    static long raw(final double value)
    {
        return Math.round(value * SCALE);
    }

    static long onTick(final double price)
    {
        return Math.max(TICK, Math.round(price * SCALE / TICK) * TICK);
    }

    void setUp(final double initialPrice)
    {
        client.assetDefinition(USDT, "USDT", SCALE, SCALE);
        client.instrumentDefinition(INSTRUMENT_ID, "BTCUSDT", USDT, TICK, LOT, raw(0.0125), raw(0.05), raw(0.5),
            new long[]{ raw(50_000), raw(500_000), raw(1_800_000_000) },
            new int[]{ 125, 50, 20 },
            new long[]{ raw(0.004), raw(0.01), raw(0.025) });
        client.insuranceFundDeposit(USDT, raw(100_000));
        markPrice = onTick(initialPrice);
        client.markPrice(INSTRUMENT_ID, markPrice, System.currentTimeMillis() * 1_000_000L);
        client.accountOpen(LIQUIDITY_PROVIDER);
        client.deposit(LIQUIDITY_PROVIDER, USDT, raw(1_000_000_000));
        client.setLeverage(LIQUIDITY_PROVIDER, INSTRUMENT_ID, 20);
        for (long accountId = 2; accountId <= accounts + 1; accountId++)
        {
            client.accountOpen(accountId);
            client.deposit(accountId, USDT, raw(500 + random.nextInt(20_000)));
            client.setLeverage(accountId, INSTRUMENT_ID, 5 + random.nextInt(46));
        }
    }

    void markPrice(final double price, final long nowNs)
    {
        markPrice = onTick(price);
        client.markPrice(INSTRUMENT_ID, markPrice, System.currentTimeMillis() * 1_000_000L);
    }

    void newOrder(final long nowNs, final double buyBias)
    {
        final long accountId = 2 + random.nextInt(accounts);
        final Side side = random.nextDouble() < buyBias ? Side.BUY : Side.SELL;
        final double offset = (random.nextDouble() - (side == Side.BUY ? 0.3 : 0.7)) * 0.004;
        long price = onTick(markPrice / (double) SCALE * (1 + offset));
        if (random.nextInt(1000) == 0)
        {
            price += TICK / 2; // an off-tick price now and then, for the rejects table
        }
        final long quantity = LOT * (1 + random.nextInt(300));
        final long orderId = nextOrderId++;
        pending.put(orderId, new SimOrder(orderId, accountId, side, price, quantity, nowNs));
        sendTimes.put(orderId, System.nanoTime());
        client.newOrder(orderId, accountId, INSTRUMENT_ID, side, price, quantity, false);
        ordersSent++;
    }

    void cancelStale(final long nowNs)
    {
        cancelStale(bids, nowNs);
        cancelStale(asks, nowNs);
    }

    private void cancelStale(final ArrayDeque<SimOrder> queue, final long nowNs)
    {
        while (!queue.isEmpty() && nowNs - queue.peekFirst().acceptedNs > RESTING_NS)
        {
            final SimOrder order = queue.pollFirst();
            if (null != resting.remove(order.orderId) && order.remaining > 0)
            {
                client.orderCanceled(order.orderId, order.accountId, INSTRUMENT_ID, order.remaining);
            }
        }
    }

    void now(final long nowNs)
    {
        this.nowNs = nowNs;
    }

    /**
     * {@inheritDoc}
     */
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        switch (header.templateId())
        {
            case OrderAcceptedDecoder.TEMPLATE_ID:
                orderAccepted.wrapAndApplyHeader(buffer, offset, header);
                onAnswer(orderAccepted.orderId(), true);
                break;

            case OrderRejectedDecoder.TEMPLATE_ID:
                orderRejected.wrapAndApplyHeader(buffer, offset, header);
                onAnswer(orderRejected.orderId(), false);
                break;

            case LiquidationOrderDecoder.TEMPLATE_ID:
                liquidationOrder.wrapAndApplyHeader(buffer, offset, header);
                onLiquidationOrder();
                break;

            case CancelOrderRequestDecoder.TEMPLATE_ID:
                cancelOrderRequest.wrapAndApplyHeader(buffer, offset, header);
                final SimOrder order = resting.remove(cancelOrderRequest.orderId());
                if (null != order)
                {
                    client.orderCanceled(order.orderId, order.accountId, INSTRUMENT_ID, order.remaining);
                    order.remaining = 0;
                }
                break;

            case InsuranceFundUpdateDecoder.TEMPLATE_ID:
                insuranceFundUpdate.wrapAndApplyHeader(buffer, offset, header);
                insuranceFund = insuranceFundUpdate.balance();
                break;

            default:
                break;
        }
    }

    private void onAnswer(final long orderId, final boolean accepted)
    {
        final long sentNs = sendTimes.remove(orderId);
        if (sentNs > 0)
        {
            latency.recordValue(Math.max(0, System.nanoTime() - sentNs));
        }

        final SimOrder liquidation = liquidationsByProviderOrder.remove(orderId);
        if (null != liquidation)
        {
            if (accepted)
            {
                trade(liquidation, orderId, liquidation.price, liquidation.remaining);
                liquidationFills++;
            }
            else
            {
                client.orderCanceled(liquidation.orderId, liquidation.accountId, INSTRUMENT_ID, liquidation.remaining);
            }
            return;
        }

        final SimOrder order = pending.remove(orderId);
        if (null == order || !accepted)
        {
            return;
        }
        order.acceptedNs = nowNs;
        match(order);
    }

    private void match(final SimOrder taker)
    {
        final ArrayDeque<SimOrder> opposite = taker.side == Side.BUY ? asks : bids;
        while (taker.remaining > 0 && !opposite.isEmpty())
        {
            final SimOrder maker = opposite.peekFirst();
            if (maker.remaining == 0 || !resting.containsKey(maker.orderId))
            {
                opposite.pollFirst();
                continue;
            }
            final boolean crosses = taker.side == Side.BUY ? maker.price <= taker.price : maker.price >= taker.price;
            if (!crosses)
            {
                break;
            }
            final long quantity = Math.min(maker.remaining, taker.remaining);
            fill(taker, maker.price, quantity, true);
            fill(maker, maker.price, quantity, false);
            if (maker.remaining == 0)
            {
                opposite.pollFirst();
                resting.remove(maker.orderId);
            }
        }
        if (taker.remaining > 0)
        {
            resting.put(taker.orderId, taker);
            (taker.side == Side.BUY ? bids : asks).addLast(taker);
        }
    }

    private void fill(final SimOrder order, final long price, final long quantity, final boolean taker)
    {
        final long fee = taker ? Math.round((double) price * quantity / SCALE * 0.0004) : 0;
        client.fill(nextTradeId, order.orderId, order.accountId, INSTRUMENT_ID, order.side, price, quantity, fee,
            System.currentTimeMillis() * 1_000_000L);
        order.remaining -= quantity;
        fills++;
        if (!taker)
        {
            nextTradeId++;
        }
    }

    private void onLiquidationOrder()
    {
        liquidationOrders++;
        final SimOrder liquidation = new SimOrder(liquidationOrder.orderId(), liquidationOrder.accountId(),
            liquidationOrder.side(), liquidationOrder.limitPrice(), liquidationOrder.quantity(), nowNs);
        final long providerOrderId = nextOrderId++;
        liquidationsByProviderOrder.put(providerOrderId, liquidation);
        client.newOrder(providerOrderId, LIQUIDITY_PROVIDER, INSTRUMENT_ID,
            liquidation.side == Side.BUY ? Side.SELL : Side.BUY, liquidation.price, liquidation.remaining, false);
    }

    private void trade(final SimOrder liquidation, final long providerOrderId, final long price, final long quantity)
    {
        final long timestamp = System.currentTimeMillis() * 1_000_000L;
        client.fill(nextTradeId, liquidation.orderId, liquidation.accountId, INSTRUMENT_ID, liquidation.side, price,
            quantity, 0, timestamp);
        client.fill(nextTradeId, providerOrderId, LIQUIDITY_PROVIDER, INSTRUMENT_ID,
            liquidation.side == Side.BUY ? Side.SELL : Side.BUY, price, quantity, 0, timestamp);
        nextTradeId++;
        fills += 2;
    }

    Histogram latency()
    {
        return latency;
    }

    long markPrice()
    {
        return markPrice;
    }

    long insuranceFund()
    {
        return insuranceFund;
    }

    long ordersSent()
    {
        return ordersSent;
    }

    long fills()
    {
        return fills;
    }

    long liquidationOrders()
    {
        return liquidationOrders;
    }

    long liquidationFills()
    {
        return liquidationFills;
    }

    private static final class SimOrder
    {
        private final long orderId;
        private final long accountId;
        private final Side side;
        private final long price;
        private long remaining;
        private long acceptedNs;

        SimOrder(final long orderId, final long accountId, final Side side, final long price, final long quantity,
            final long acceptedNs)
        {
            this.orderId = orderId;
            this.accountId = accountId;
            this.side = side;
            this.price = price;
            this.remaining = quantity;
            this.acceptedNs = acceptedNs;
        }
    }
}
