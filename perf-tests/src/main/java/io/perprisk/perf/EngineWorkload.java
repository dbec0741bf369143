package io.perprisk.perf;

import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.PerpRiskEngine;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Builds engine state through the engine's own inbound messages and pre-encodes the event streams the engine
 * benchmarks replay. Cold path: set-up only; the replay methods do not allocate.
 * <p>
 * The universe: asset 1 (settlement, price 1), instruments 1 (tick 0.1, lot 0.001, mark 50,000) and 2 (tick 0.01,
 * lot 0.01, mark 100). Every account gets 100,000 of asset 1; holders trade 0.01 of instrument 1 in pairs (odd
 * accounts long, even accounts short) through a {@code NewOrder} and its {@code Fill}, so nobody is near
 * maintenance margin and a mark tick of a few ticks liquidates nobody.
 */
public final class EngineWorkload implements OutboundHandler
{
    /**
     * Instrument every holder has a position in.
     */
    public static final int INSTRUMENT = 1;

    /**
     * Second instrument, used by the mixed stream.
     */
    public static final int SECOND_INSTRUMENT = 2;

    /**
     * Settlement asset.
     */
    public static final int SETTLE_ASSET = 1;

    /**
     * Initial mark price of instrument 1, raw.
     */
    public static final long MARK_1 = 50_000 * InboundEncoder.ONE;

    /**
     * Initial mark price of instrument 2, raw.
     */
    public static final long MARK_2 = 100 * InboundEncoder.ONE;

    /**
     * Tick of instrument 1, raw.
     */
    public static final long TICK_1 = InboundEncoder.ONE / 10;

    /**
     * Tick of instrument 2, raw.
     */
    public static final long TICK_2 = InboundEncoder.ONE / 100;

    /**
     * Size of each holder's position in instrument 1, raw (0.01).
     */
    public static final long HOLDER_QUANTITY = InboundEncoder.ONE / 100;

    /**
     * Deposit of every account, raw.
     */
    public static final long DEPOSIT = 100_000 * InboundEncoder.ONE;

    private final InboundEncoder encoder = new InboundEncoder();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(4096);
    private final PerpRiskEngine engine;
    private long seq;
    private long nextOrderId = 1;
    private long outboundMessages;
    private long outboundBytes;

    /**
     * Create an empty engine sized for a number of accounts, and define the asset and both instruments.
     *
     * @param maxAccounts capacity of the engine.
     */
    public EngineWorkload(final int maxAccounts)
    {
        this(maxAccounts, true);
    }

    /**
     * Create an empty engine sized for a number of accounts, with or without the liquidation-trigger index, and define
     * the asset and both instruments.
     *
     * @param maxAccounts  capacity of the engine.
     * @param triggerIndex whether price events use the trigger index (false: the full holder scan).
     */
    public EngineWorkload(final int maxAccounts, final boolean triggerIndex)
    {
        engine = new PerpRiskEngine(new EngineConfiguration()
            .maxAccounts(maxAccounts + 16).maxInstruments(4).maxAssets(4).triggerIndex(triggerIndex), this);
        apply(encoder.assetDefinition(scratch, 0, SETTLE_ASSET, InboundEncoder.ONE, InboundEncoder.ONE));
        apply(encoder.instrumentDefinition(scratch, 0, INSTRUMENT, SETTLE_ASSET, TICK_1, InboundEncoder.ONE / 1000));
        apply(encoder.instrumentDefinition(scratch, 0, SECOND_INSTRUMENT, SETTLE_ASSET, TICK_2,
            InboundEncoder.ONE / 100));
        apply(encoder.markPrice(scratch, 0, INSTRUMENT, MARK_1, 1));
        apply(encoder.markPrice(scratch, 0, SECOND_INSTRUMENT, MARK_2, 1));
    }

    /**
     * Open accounts {@code first .. first + count - 1}, each with {@link #DEPOSIT} of the settlement asset.
     *
     * @param first id of the first account.
     * @param count number of accounts.
     * @return this for a fluent API.
     */
    public EngineWorkload openAccounts(final long first, final int count)
    {
        for (long a = first; a < first + count; a++)
        {
            apply(encoder.accountOpen(scratch, 0, a));
            apply(encoder.deposit(scratch, 0, a, SETTLE_ASSET, DEPOSIT));
        }
        return this;
    }

    /**
     * Open {@code holders} accounts from id 1 and give each a position of {@link #HOLDER_QUANTITY} in instrument 1 at
     * the mark (odd ids long, even ids short), each through a {@code NewOrder} and its full {@code Fill}.
     *
     * @param holders number of accounts with a position; rounded up to an even number.
     * @return this for a fluent API.
     */
    public EngineWorkload openHolders(final int holders)
    {
        final int count = holders + (holders & 1);
        openAccounts(1, count);
        for (long a = 1; a <= count; a++)
        {
            final boolean buy = (a & 1) == 1;
            final long orderId = nextOrderId++;
            apply(encoder.newOrder(scratch, 0, orderId, a, INSTRUMENT, buy, MARK_1, HOLDER_QUANTITY));
            apply(encoder.fill(scratch, 0, orderId, a, INSTRUMENT, buy, MARK_1, HOLDER_QUANTITY, 0));
        }
        return this;
    }

    /**
     * Open {@code holders} accounts from id 1, each with a position of {@link #HOLDER_QUANTITY} in instrument 1 at the
     * mark (odd ids long, even ids short, through a {@code NewOrder} and its full {@code Fill}) and a deposit that
     * makes its leverage {@code 1 + (id mod 20)} (notional 500, deposit {@code 500 / leverage + 1}): healthy accounts
     * whose margin ratios spread from 1 % to 19 %, so a mark move of a few ticks margin-calls and liquidates nobody.
     *
     * @param holders number of accounts with a position; rounded up to an even number.
     * @return this for a fluent API.
     */
    public EngineWorkload openLeveragedHolders(final int holders)
    {
        final int count = holders + (holders & 1);
        final long notional = HOLDER_QUANTITY * (MARK_1 / InboundEncoder.ONE);
        for (long a = 1; a <= count; a++)
        {
            final long leverage = 1 + (a % 20);
            apply(encoder.accountOpen(scratch, 0, a));
            apply(encoder.deposit(scratch, 0, a, SETTLE_ASSET, notional / leverage + InboundEncoder.ONE));
            final boolean buy = (a & 1) == 1;
            final long orderId = nextOrderId++;
            apply(encoder.newOrder(scratch, 0, orderId, a, INSTRUMENT, buy, MARK_1, HOLDER_QUANTITY));
            apply(encoder.fill(scratch, 0, orderId, a, INSTRUMENT, buy, MARK_1, HOLDER_QUANTITY, 0));
        }
        return this;
    }

    /**
     * Apply the message encoded at offset 0 of the scratch buffer with the next sequence number.
     *
     * @param length of the message.
     */
    private void apply(final int length)
    {
        engine.onEvent(++seq, scratch, 0, length);
    }

    /**
     * Apply one event with the next sequence number; does not allocate.
     *
     * @param buffer holding the message.
     * @param offset at which it starts.
     * @param length of the message.
     */
    public void apply(final DirectBuffer buffer, final int offset, final int length)
    {
        engine.onEvent(++seq, buffer, offset, length);
    }

    /**
     * Apply every event of a stream once, in order.
     *
     * @param stream to apply.
     */
    public void applyAll(final EventStream stream)
    {
        for (int i = 0; i < stream.count(); i++)
        {
            engine.onEvent(++seq, stream.buffer(), stream.offset(i), stream.length(i));
        }
    }

    /**
     * The encoder, for building streams against this workload.
     *
     * @return the encoder.
     */
    public InboundEncoder encoder()
    {
        return encoder;
    }

    /**
     * The engine under test.
     *
     * @return the engine.
     */
    public PerpRiskEngine engine()
    {
        return engine;
    }

    /**
     * Outbound messages emitted so far (consumed so the work cannot be optimised away).
     *
     * @return the count of outbound messages.
     */
    public long outboundMessages()
    {
        return outboundMessages;
    }

    /**
     * Bytes of outbound messages emitted so far.
     *
     * @return the byte count.
     */
    public long outboundBytes()
    {
        return outboundBytes;
    }

    /**
     * Next order id this workload will use; streams start their ids above it.
     *
     * @return the next unused order id.
     */
    public long nextOrderId()
    {
        return nextOrderId;
    }

    /**
     * {@inheritDoc}
     */
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        outboundMessages++;
        outboundBytes += length;
    }

    /**
     * A realistic, repeatable mix over accounts {@code 1 .. accounts} (already open) and both instruments: each round
     * a pair of accounts trades a lot one way and back (two {@code NewOrder}s and two {@code Fill}s each way), one
     * account places and cancels a resting order, the mark of the traded instrument moves one tick and back every
     * other round, and one account is queried; every 100 rounds a funding rate arrives. Positions return to zero at
     * the end of every round, so the stream can be replayed any number of times.
     * <p>
     * Per round: 5 {@code NewOrder}, 4 {@code Fill}, 1 {@code OrderCanceled}, 1 {@code MarkPrice}, 1
     * {@code QueryAccount}.
     *
     * @param accounts     number of accounts the rounds walk through (at least 2).
     * @param rounds       number of rounds.
     * @param firstOrderId first order id of the stream.
     * @return the stream.
     */
    public static EventStream mixedStream(final int accounts, final int rounds, final long firstOrderId)
    {
        final InboundEncoder encoder = new InboundEncoder();
        final EventStream stream = new EventStream(rounds * 12 + rounds / 100 + 1);
        final MutableDirectBuffer b = stream.buffer();
        long orderId = firstOrderId;
        for (int r = 0; r < rounds; r++)
        {
            final long a = 1 + (r % accounts);
            final long c = 1 + ((r + 1) % accounts);
            final int instrument = (r & 2) == 0 ? INSTRUMENT : SECOND_INSTRUMENT;
            final long mark = instrument == INSTRUMENT ? MARK_1 : MARK_2;
            final long tick = instrument == INSTRUMENT ? TICK_1 : TICK_2;
            final long lot = instrument == INSTRUMENT ? InboundEncoder.ONE / 1000 : InboundEncoder.ONE / 100;
            final long quantity = lot * (1 + (r % 20));
            final long o1 = orderId++;
            final long o2 = orderId++;
            final long o3 = orderId++;
            final long o4 = orderId++;
            final long o5 = orderId++;
            stream.add(encoder.newOrder(b, stream.limit(), o1, a, instrument, true, mark, quantity));
            stream.add(encoder.newOrder(b, stream.limit(), o2, c, instrument, false, mark, quantity));
            stream.add(encoder.fill(b, stream.limit(), o1, a, instrument, true, mark, quantity, 0));
            stream.add(encoder.fill(b, stream.limit(), o2, c, instrument, false, mark, quantity, 0));
            stream.add(encoder.markPrice(b, stream.limit(), instrument, (r & 1) == 0 ? mark + tick : mark, r));
            stream.add(encoder.newOrder(b, stream.limit(), o3, a, instrument, false, mark, quantity));
            stream.add(encoder.newOrder(b, stream.limit(), o4, c, instrument, true, mark, quantity));
            stream.add(encoder.fill(b, stream.limit(), o3, a, instrument, false, mark, quantity, 0));
            stream.add(encoder.fill(b, stream.limit(), o4, c, instrument, true, mark, quantity, 0));
            stream.add(encoder.newOrder(b, stream.limit(), o5, a, instrument, true, mark - 10 * tick, quantity));
            stream.add(encoder.orderCanceled(b, stream.limit(), o5, a, instrument));
            stream.add(encoder.queryAccount(b, stream.limit(), c));
            if (r % 100 == 99)
            {
                final long rate = (r / 100 & 1) == 0 ? InboundEncoder.ONE / 10_000 : -InboundEncoder.ONE / 10_000;
                stream.add(encoder.fundingRate(b, stream.limit(), instrument, rate, r));
            }
        }
        return stream;
    }
}
