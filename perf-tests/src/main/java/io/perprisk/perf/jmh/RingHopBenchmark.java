package io.perprisk.perf.jmh;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.aeron.Subscription;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.gateway.engine.EngineJournal;
import io.perprisk.gateway.engine.EngineStage;
import io.perprisk.gateway.engine.EngineStageExceptionHandler;
import io.perprisk.gateway.engine.OutboundSource;
import io.perprisk.gateway.ingress.FrameValidator;
import io.perprisk.gateway.ingress.InboundSlot;
import io.perprisk.gateway.ingress.IngressAgent;
import io.perprisk.client.StreamRole;
import io.perprisk.gateway.service.PerpRiskConfiguration;
import io.perprisk.gateway.status.GatewayCounters;
import io.perprisk.perf.InboundEncoder;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One inbound {@code NewOrder} through the ring, published and consumed on the same thread (the cost of the hop
 * itself, without a core-to-core transfer, which on a shared 2-core machine would measure the scheduler):
 * <ul>
 *     <li>ours: one duty cycle of the real {@link IngressAgent} around one frame, minus the Aeron poll (read the
 *     clock and the ring's capacity, validate with {@link FrameValidator}, copy into the pre-allocated
 *     {@link InboundSlot}, publish, count), into a ring built as the service builds it, then one duty cycle of the
 *     real {@link EngineStage} handing the slot to an {@link EngineJournal} that does nothing;</li>
 *     <li>raw: claim a slot of a Disruptor ring of the same size and wait strategy, copy the same bytes, publish,
 *     and poll it with an {@link EventPoller}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingHopBenchmark
{
    private static final int SLOT_LENGTH = PerpRiskConfiguration.SLOT_LENGTH_DEFAULT;
    private static final int RING_SIZE = PerpRiskConfiguration.RING_SIZE_DEFAULT;
    private static final int TRADING_STREAM_ID = 1001;

    private final UnsafeBuffer frame =
        new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, BitUtil.CACHE_LINE_LENGTH));
    private int frameLength;
    private IngressAgent ingress;

    private RingBuffer<InboundSlot> ring;
    private FrameValidator validator;
    private GatewayCounters counters;
    private EngineStage engineStage;
    private DiscardingEngineJournal journal;

    private RingBuffer<RawSlot> rawRing;
    private EventPoller<RawSlot> rawPoller;
    private final RawHandler rawHandler = new RawHandler();

    /**
     * Build both rings.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        frameLength = new InboundEncoder().newOrder(frame, 0, 42, 7, 1, true, 5_000_000_000_000L, 100_000L);

        final int counterCount = 512;
        final CountersManager countersManager = new CountersManager(
            new UnsafeBuffer(new byte[counterCount * CountersManager.METADATA_LENGTH]),
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                counterCount * CountersManager.COUNTER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
        counters = new GatewayCounters((typeId, label) -> countersManager.newCounter(label, typeId));
        ring = RingBuffer.createSingleProducer(InboundSlot.factory(SLOT_LENGTH), RING_SIZE, new SleepingWaitStrategy());
        validator = new FrameValidator(SLOT_LENGTH);
        journal = new DiscardingEngineJournal();
        ingress = new IngressAgent(
            new Subscription[0], new StreamRole[0], ring, validator, new SystemEpochNanoClock(), counters, 1, 10);
        engineStage = new EngineStage(
            ring,
            journal,
            new EngineStageExceptionHandler(Throwable::printStackTrace, counters.engineErrors()),
            counters,
            0,
            PerpRiskConfiguration.ENGINE_BATCH_LIMIT_DEFAULT);

        rawRing = RingBuffer.createSingleProducer(RawSlot::new, RING_SIZE, new SleepingWaitStrategy());
        rawPoller = rawRing.newPoller();
        rawRing.addGatingSequences(rawPoller.getSequence());
    }

    /**
     * Our ingress-to-engine hop.
     *
     * @return the sequence number the engine stage handled last.
     * @throws Exception if the stage's duty cycle throws.
     */
    @Benchmark
    public long ingressToEngineHop() throws Exception
    {
        ingress.beginDutyCycle();
        ingress.onFrame(StreamRole.TRADING, TRADING_STREAM_ID, frame, 0, frameLength);
        ingress.endDutyCycle();
        engineStage.doWork();
        return journal.lastSeq;
    }

    @Benchmark
    public int validateFrame()
    {
        return validator.validate(StreamRole.TRADING, frame, 0, frameLength);
    }

    /**
     * A raw Disruptor hop of the same bytes.
     *
     * @return the sum of the lengths consumed.
     * @throws Exception if the poller throws.
     */
    @Benchmark
    public long rawDisruptorHop() throws Exception
    {
        final long ringSequence = rawRing.next();
        try
        {
            final RawSlot slot = rawRing.get(ringSequence);
            slot.buffer.putBytes(0, frame, 0, frameLength);
            slot.length = frameLength;
        }
        finally
        {
            rawRing.publish(ringSequence);
        }
        rawPoller.poll(rawHandler);
        return rawHandler.bytes;
    }

    /**
     * A slot of the raw ring: a fixed-size off-heap buffer and a length.
     */
    static final class RawSlot
    {
        final UnsafeBuffer buffer =
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(SLOT_LENGTH, BitUtil.CACHE_LINE_LENGTH));
        int length;
    }

    /**
     * Consumes raw slots by reading their first byte and length.
     */
    static final class RawHandler implements EventPoller.Handler<RawSlot>
    {
        long bytes;

        /**
         * {@inheritDoc}
         */
        public boolean onEvent(final RawSlot slot, final long sequence, final boolean endOfBatch)
        {
            bytes += slot.length + slot.buffer.getByte(0);
            return true;
        }
    }

    /**
     * An engine journal that only remembers what it was given, so the hop is measured without the journal or engine.
     */
    static final class DiscardingEngineJournal implements EngineJournal
    {
        long lastSeq;
        long bytes;

        /**
         * {@inheritDoc}
         */
        public long recover()
        {
            return 0;
        }

        /**
         * {@inheritDoc}
         */
        public void onEvent(
            final long seq, final long receiveTimeNanos, final DirectBuffer buffer, final int offset, final int length)
        {
            lastSeq = seq;
            bytes += length + buffer.getByte(offset);
        }

        /**
         * {@inheritDoc}
         */
        public long outboundLastSeq()
        {
            return lastSeq;
        }

        /**
         * {@inheritDoc}
         */
        public long firstUnpublishedSeq()
        {
            return 1;
        }

        /**
         * {@inheritDoc}
         */
        public OutboundSource newOutboundSource(final long fromSeq)
        {
            return new OutboundSource()
            {
                public int poll(final OutboundHandler handler, final int limit)
                {
                    return 0;
                }

                public void close()
                {
                }
            };
        }

        /**
         * {@inheritDoc}
         */
        public void snapshot()
        {
        }

        /**
         * {@inheritDoc}
         */
        public String digest()
        {
            return "";
        }

        /**
         * {@inheritDoc}
         */
        public void close()
        {
        }
    }
}
