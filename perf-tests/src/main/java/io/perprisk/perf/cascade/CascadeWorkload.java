package io.perprisk.perf.cascade;

import io.perprisk.codecs.sbe.CancelOrderRequestDecoder;
import io.perprisk.codecs.sbe.FillEncoder;
import io.perprisk.codecs.sbe.InsuranceFundDepositEncoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.OrderCanceledEncoder;
import io.perprisk.codecs.sbe.SetLeverageEncoder;
import io.perprisk.codecs.sbe.SetMarginModeEncoder;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.EngineCounters;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.perf.EngineWorkload;
import io.perprisk.perf.EventStream;
import io.perprisk.perf.InboundEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * A liquidation cascade for the engine benchmarks: a book of accounts, a crash of the mark over several ticks, and a
 * simulated market that answers the engine's liquidation orders only in part, so that, with an insurance fund of
 * almost nothing, the rest goes to auto-deleveraging, which runs out of counterparties; recorded once as an
 * inbound stream that replays on a restored engine exactly as it was recorded. Cold path: set-up only; replay
 * does not allocate.
 * <p>
 * The book, in groups of 11 accounts from id 1 (the universe of {@link EngineWorkload}: instrument 1 with tick 0.1
 * and lot 0.001, instrument 2 with tick 0.01 and lot 0.01, settled in asset 1):
 * <ul>
 *     <li>an early short, who sold 0.1 of instrument 1 at 30000 to an early long, and the early long, who sold it
 *     on at 50000 (the early short is the counterparty of auto-deleveraging whose profit the crash does not reach:
 *     at a fall of 40 % the mark ends at its entry);</li>
 *     <li>a late short at 2x, short 0.05 of instrument 1 at 50000 and short 0.9 of instrument 2 at 100
 *     (profitable as soon as the crash starts: auto-deleveraging takes it first);</li>
 *     <li>eight traders long 0.01 to 0.03 of instrument 1 at 50000 at leverage 2x to 20x (the deposit is exactly
 *     notional / leverage): six on cross margin who are also long 0.1 or 0.2 of instrument 2 (two positions), two
 *     isolated.</li>
 * </ul>
 * Account {@code 11 * groups + 1} is the liquidity provider that fills liquidation orders, and the insurance fund
 * holds only 1 per group, so that bankrupt scopes soon find it unable to cover their deficit. The crash moves both
 * marks down by {@code fallPercent} % in {@code ticks} equal steps (instrument 1 first); after each tick the market
 * answers every {@code LiquidationOrder} with a fill of {@code fillPercent} % of it (rounded to the nearest lot, at
 * its limit price rounded to the tick in the liquidated account's favour) and cancels the rest, answers
 * every {@code CancelOrderRequest}, and repeats until the engine asks for nothing more; then
 * {@code backgroundPerTick} ordinary events follow (account queries, resting orders placed and cancelled).
 */
public final class CascadeWorkload implements OutboundHandler
{
    /** Accounts per group of the book. */
    public static final int GROUP = 11;

    private static final long ONE = InboundEncoder.ONE;
    private static final long LOT_1 = ONE / 1000;
    private static final long LOT_2 = ONE / 100;
    private static final long EARLY_PRICE = 30_000 * ONE;
    private static final long FUND_PER_GROUP = ONE;

    private final InboundEncoder encoder = new InboundEncoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SetMarginModeEncoder setMarginMode = new SetMarginModeEncoder();
    private final SetLeverageEncoder setLeverage = new SetLeverageEncoder();
    private final InsuranceFundDepositEncoder fundDeposit = new InsuranceFundDepositEncoder();
    private final OrderCanceledEncoder orderCanceled = new OrderCanceledEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final LiquidationOrderDecoder liquidationOrder = new LiquidationOrderDecoder();
    private final CancelOrderRequestDecoder cancelRequest = new CancelOrderRequestDecoder();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(4096);
    private final ArrayDeque<long[]> liquidationOrders = new ArrayDeque<>();
    private final ArrayDeque<Long> cancelRequests = new ArrayDeque<>();
    private final Long2ObjectHashMap<long[]> restingOrders = new Long2ObjectHashMap<>();
    private final SplittableRandom random = new SplittableRandom(20_261_205L);
    private final EngineConfiguration configuration;
    private final int groups;
    private final long provider;
    private final PerpRiskEngine engine;
    private final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(1 << 20);
    private final int snapshotLength;
    private final long snapshotSeq;
    private final EventStream cascade;
    private final long cascadeOutbound;
    private final EngineCounters countersAfterCascade;
    private final long waitingAfterCascade;
    private EventStream recording;
    private long seq;
    private long nextOrderId = 1;
    private long nextTradeId = 1;
    private long timestamp = 1;
    private long outboundMessages;

    /**
     * Build the book, snapshot it, then run and record the cascade.
     *
     * @param accounts          at least this many accounts (rounded up to whole groups of {@value #GROUP}).
     * @param fallPercent       total fall of both marks, in percent (30 to 50 makes sense).
     * @param ticks             number of equal mark steps of the fall.
     * @param fillPercent       share of each liquidation order the market fills, in percent.
     * @param backgroundPerTick ordinary events after each tick's liquidations.
     */
    public CascadeWorkload(
        final int accounts, final int fallPercent, final int ticks, final int fillPercent, final int backgroundPerTick)
    {
        groups = (accounts + GROUP - 1) / GROUP;
        provider = (long) groups * GROUP + 1;
        configuration = new EngineConfiguration().maxAccounts(groups * GROUP + 16).maxInstruments(4).maxAssets(4);
        engine = new PerpRiskEngine(configuration, this);
        buildBook();
        snapshotLength = engine.writeSnapshot(snapshot, 0);
        snapshotSeq = seq;
        recording = new EventStream(1 << 16);
        final long before = outboundMessages;
        crash(fallPercent, ticks, fillPercent, backgroundPerTick);
        cascade = recording;
        recording = null;
        cascadeOutbound = outboundMessages - before;
        countersAfterCascade = engine.counters();
        waitingAfterCascade = countersAfterCascade.liquidationsStarted() - countersAfterCascade.liquidationsCompleted();
    }

    /**
     * A new engine in the state just before the crash (restored from the snapshot), sending its outbound messages to
     * a handler.
     *
     * @param handler receiving outbound messages.
     * @return the engine; apply events from sequence number {@link #firstSeq()}.
     */
    public PerpRiskEngine restore(final OutboundHandler handler)
    {
        final PerpRiskEngine restored = new PerpRiskEngine(configuration, handler);
        restored.loadSnapshot(snapshot, 0, snapshotLength);
        return restored;
    }

    /**
     * Sequence number of the first event after the snapshot.
     *
     * @return the sequence number.
     */
    public long firstSeq()
    {
        return snapshotSeq + 1;
    }

    /**
     * The recorded cascade: the mark ticks, the market's answers and the ordinary events between ticks.
     *
     * @return the inbound stream, to be applied in order from {@link #firstSeq()} to a restored engine.
     */
    public EventStream cascade()
    {
        return cascade;
    }

    /**
     * Outbound messages the engine emitted over the recorded cascade.
     *
     * @return the count; a replay on a restored engine emits exactly as many.
     */
    public long cascadeOutbound()
    {
        return cascadeOutbound;
    }

    /**
     * The engine's counters after the recorded cascade.
     *
     * @return the counters (liquidations started and completed, orders, auto-deleverages, bankruptcy covers …).
     */
    public EngineCounters countersAfterCascade()
    {
        return countersAfterCascade;
    }

    /**
     * Scopes still in liquidation when the cascade ends: mostly bankrupt scopes waiting for an ADL counterparty.
     *
     * @return liquidations started minus completed.
     */
    public long waitingAfterCascade()
    {
        return waitingAfterCascade;
    }

    /**
     * Accounts in the book, the liquidity provider included.
     *
     * @return the number of accounts.
     */
    public int accounts()
    {
        return groups * GROUP + 1;
    }

    /**
     * The realistic calm mix of {@link EngineWorkload#mixedStream} over the same accounts, at least as long as the
     * cascade; apply its first {@code cascade().count()} events to a restored engine to compare like with like.
     *
     * @return the stream.
     */
    public EventStream calmMix()
    {
        final int rounds = cascade.count() / 12 + 1;
        return EngineWorkload.mixedStream(groups * GROUP, rounds, 1L << 40);
    }

    /**
     * {@inheritDoc}
     */
    public void onOutbound(final long outboundSeq, final DirectBuffer buffer, final int offset, final int length)
    {
        outboundMessages++;
        if (null == recording)
        {
            return;
        }
        header.wrap(buffer, offset);
        if (LiquidationOrderDecoder.TEMPLATE_ID == header.templateId())
        {
            liquidationOrder.wrapAndApplyHeader(buffer, offset, header);
            liquidationOrders.add(new long[] {
                liquidationOrder.orderId(), liquidationOrder.accountId(), liquidationOrder.instrumentId(),
                liquidationOrder.side() == Side.BUY ? 1 : 0, liquidationOrder.quantity(),
                liquidationOrder.limitPrice() });
        }
        else if (CancelOrderRequestDecoder.TEMPLATE_ID == header.templateId())
        {
            cancelRequest.wrapAndApplyHeader(buffer, offset, header);
            cancelRequests.add(cancelRequest.orderId());
        }
    }

    private void buildBook()
    {
        apply(encoder.assetDefinition(scratch, 0, EngineWorkload.SETTLE_ASSET, ONE, ONE));
        apply(encoder.instrumentDefinition(scratch, 0, EngineWorkload.INSTRUMENT, EngineWorkload.SETTLE_ASSET,
            EngineWorkload.TICK_1, LOT_1));
        apply(encoder.instrumentDefinition(scratch, 0, EngineWorkload.SECOND_INSTRUMENT, EngineWorkload.SETTLE_ASSET,
            EngineWorkload.TICK_2, LOT_2));
        apply(encoder.markPrice(scratch, 0, EngineWorkload.INSTRUMENT, EARLY_PRICE, timestamp++));
        apply(encoder.markPrice(scratch, 0, EngineWorkload.SECOND_INSTRUMENT, EngineWorkload.MARK_2, timestamp++));
        fundDeposit.wrapAndApplyHeader(scratch, 0, headerEncoder).assetId(EngineWorkload.SETTLE_ASSET)
            .amount(FUND_PER_GROUP * groups);
        apply(MessageHeaderEncoder.ENCODED_LENGTH + fundDeposit.encodedLength());
        open(provider, 1_000_000_000L * ONE);
        for (int g = 0; g < groups; g++)
        {
            final long early = 1 + (long) g * GROUP;
            open(early, 6_000 * ONE);
            open(early + 1, 3_000 * ONE);
            trade(early + 1, early, EngineWorkload.INSTRUMENT, EARLY_PRICE, 100 * LOT_1);
        }
        apply(encoder.markPrice(scratch, 0, EngineWorkload.INSTRUMENT, EngineWorkload.MARK_1, timestamp++));
        for (int g = 0; g < groups; g++)
        {
            buildGroup(1 + (long) g * GROUP);
        }
    }

    private void buildGroup(final long early)
    {
        final long earlyLong = early + 1;
        final long lateShort = early + 2;
        final long[] lots = { 1, 2, 3, 1, 2, 3, 1, 2 };
        final long[] secondLots = { 1, 0, 2, 1, 2, 0, 1, 2 };
        long secondTotal = 0;
        for (final long l : secondLots)
        {
            secondTotal += l;
        }
        open(lateShort, (5 * 500 + secondTotal * 10) * ONE / 2);
        for (int j = 0; j < 8; j++)
        {
            final long trader = early + 3 + j;
            final boolean isolated = 0 == secondLots[j];
            final int leverage = 2 + (int) ((early * 7 + j * 5) % 19);
            final long notional = lots[j] * 500 + secondLots[j] * 10;
            open(trader, notional * ONE / leverage);
            if (isolated)
            {
                setMarginMode.wrapAndApplyHeader(scratch, 0, headerEncoder).accountId(trader)
                    .instrumentId(EngineWorkload.INSTRUMENT).marginMode(MarginMode.ISOLATED);
                apply(MessageHeaderEncoder.ENCODED_LENGTH + setMarginMode.encodedLength());
                setLeverage.wrapAndApplyHeader(scratch, 0, headerEncoder).accountId(trader)
                    .instrumentId(EngineWorkload.INSTRUMENT).leverage(leverage);
                apply(MessageHeaderEncoder.ENCODED_LENGTH + setLeverage.encodedLength());
            }
            // the early long sells its 0.1 to traders 0-4 and 6; the late short sells 0.05 to traders 5 and 7
            final long seller = 5 == j || 7 == j ? lateShort : earlyLong;
            trade(trader, seller, EngineWorkload.INSTRUMENT, EngineWorkload.MARK_1, lots[j] * 10 * LOT_1);
            if (!isolated)
            {
                trade(trader, lateShort, EngineWorkload.SECOND_INSTRUMENT, EngineWorkload.MARK_2,
                    secondLots[j] * LOT_2 * 10);
            }
        }
    }

    private void crash(final int fallPercent, final int ticks, final int fillPercent, final int backgroundPerTick)
    {
        for (int k = 1; k <= ticks; k++)
        {
            final long fall = (long) fallPercent * k;
            final long mark2 = onTick(EngineWorkload.MARK_2 / 100 * (100L * ticks - fall) / ticks,
                EngineWorkload.TICK_2);
            final long mark1 = onTick(EngineWorkload.MARK_1 / 100 * (100L * ticks - fall) / ticks,
                EngineWorkload.TICK_1);
            apply(encoder.markPrice(scratch, 0, EngineWorkload.INSTRUMENT, mark1, timestamp++));
            apply(encoder.markPrice(scratch, 0, EngineWorkload.SECOND_INSTRUMENT, mark2, timestamp++));
            answerMarket(fillPercent);
            for (int i = 0; i < backgroundPerTick; i++)
            {
                background(mark1);
                answerMarket(fillPercent);
            }
        }
    }

    private void background(final long mark1)
    {
        final long account = 1 + random.nextInt(groups * GROUP);
        final int kind = random.nextInt(4);
        if (0 == kind && !restingOrders.isEmpty())
        {
            final long orderId = restingOrders.keySet().iterator().nextLong();
            final long[] order = restingOrders.remove(orderId);
            apply(orderCanceled(orderId, order[0], (int) order[1], order[2]));
        }
        else if (1 == kind)
        {
            final long orderId = nextOrderId++;
            final long price = onTick(mark1 / 100 * 90, EngineWorkload.TICK_1);
            apply(encoder.newOrder(scratch, 0, orderId, account, EngineWorkload.INSTRUMENT, true, price, LOT_1));
            restingOrders.put(orderId, new long[] { account, EngineWorkload.INSTRUMENT, LOT_1 });
        }
        else
        {
            apply(encoder.queryAccount(scratch, 0, account));
        }
    }

    private void answerMarket(final int fillPercent)
    {
        while (!cancelRequests.isEmpty() || !liquidationOrders.isEmpty())
        {
            while (!cancelRequests.isEmpty())
            {
                final long orderId = cancelRequests.poll();
                final long[] order = restingOrders.remove(orderId);
                if (null != order)
                {
                    apply(orderCanceled(orderId, order[0], (int) order[1], order[2]));
                }
            }
            if (!liquidationOrders.isEmpty())
            {
                answerLiquidationOrder(liquidationOrders.poll(), fillPercent);
            }
        }
    }

    private void answerLiquidationOrder(final long[] order, final int fillPercent)
    {
        final long orderId = order[0];
        final long account = order[1];
        final int instrument = (int) order[2];
        final boolean buy = 1 == order[3];
        final long quantity = order[4];
        final long lot = EngineWorkload.INSTRUMENT == instrument ? LOT_1 : LOT_2;
        final long tick = EngineWorkload.INSTRUMENT == instrument ? EngineWorkload.TICK_1 : EngineWorkload.TICK_2;
        final long filled = (quantity / 100 * fillPercent + lot / 2) / lot * lot;
        if (filled > 0)
        {
            final long limit = order[5];
            final long price = buy ? onTick(limit, tick) : onTick(limit + tick - 1, tick);
            final long providerOrder = nextOrderId++;
            apply(encoder.newOrder(scratch, 0, providerOrder, provider, instrument, !buy, price, filled));
            final long tradeId = nextTradeId++;
            apply(fill(tradeId, orderId, account, instrument, buy, price, filled));
            apply(fill(tradeId, providerOrder, provider, instrument, !buy, price, filled));
        }
        if (filled < quantity)
        {
            apply(orderCanceled(orderId, account, instrument, quantity - filled));
        }
    }

    private void open(final long account, final long deposit)
    {
        apply(encoder.accountOpen(scratch, 0, account));
        apply(encoder.deposit(scratch, 0, account, EngineWorkload.SETTLE_ASSET, deposit));
    }

    private void trade(final long buyer, final long seller, final int instrument, final long price, final long q)
    {
        final long buyOrder = nextOrderId++;
        final long sellOrder = nextOrderId++;
        apply(encoder.newOrder(scratch, 0, buyOrder, buyer, instrument, true, price, q));
        apply(encoder.newOrder(scratch, 0, sellOrder, seller, instrument, false, price, q));
        final long tradeId = nextTradeId++;
        apply(fill(tradeId, buyOrder, buyer, instrument, true, price, q));
        apply(fill(tradeId, sellOrder, seller, instrument, false, price, q));
    }

    private int fill(
        final long tradeId, final long orderId, final long account, final int instrument, final boolean buy,
        final long price, final long quantity)
    {
        fill.wrapAndApplyHeader(scratch, 0, headerEncoder).tradeId(tradeId).orderId(orderId).accountId(account)
            .instrumentId(instrument).side(buy ? Side.BUY : Side.SELL).price(price).quantity(quantity).fee(0)
            .timestamp(timestamp++);
        return MessageHeaderEncoder.ENCODED_LENGTH + fill.encodedLength();
    }

    private int orderCanceled(final long orderId, final long account, final int instrument, final long quantity)
    {
        orderCanceled.wrapAndApplyHeader(scratch, 0, headerEncoder).orderId(orderId).accountId(account)
            .instrumentId(instrument).quantity(quantity);
        return MessageHeaderEncoder.ENCODED_LENGTH + orderCanceled.encodedLength();
    }

    private void apply(final int length)
    {
        if (null != recording)
        {
            final MutableDirectBuffer target = recording.buffer();
            target.putBytes(recording.limit(), scratch, 0, length);
            recording.add(length);
        }
        engine.onEvent(++seq, scratch, 0, length);
    }

    private static long onTick(final long price, final long tick)
    {
        return price / tick * tick;
    }
}
