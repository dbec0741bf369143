package io.perprisk.perf.jmh;

import io.perprisk.perf.EngineWorkload;
import io.perprisk.perf.EventStream;
import io.perprisk.perf.InboundEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The engine alone, one thread, one inbound event per operation (except where stated), over 1,000 accounts that each
 * hold a position: the pre-trade check, a fill, and a realistic mix (see {@link EngineWorkload#mixedStream}).
 * <p>
 * A {@code NewOrder} that is accepted leaves an open order behind, so the order benchmark applies the
 * {@code NewOrder} and then the {@code OrderCanceled} of the same order (two events per operation, reported per
 * pair): the state is the same before every operation.
 */
@State(Scope.Thread)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineEventBenchmark
{
    static final int MIXED_PASS_EVENTS = 1_000;

    @Param({ "1000" })
    int accounts;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private EngineWorkload workload;
    private EventStream mixed;
    private int mixedIndex;
    private int newOrderOffset;
    private int newOrderLength;
    private int cancelOffset;
    private int cancelLength;
    private int fillBuyOffset;
    private int fillBuyLength;
    private int fillSellOffset;
    private int fillSellLength;
    private boolean fillBuyNext = true;

    /**
     * Build the accounts and positions with the engine's own inbound messages, once per trial.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        workload = new EngineWorkload(accounts).openHolders(accounts);
        mixed = EngineWorkload.mixedStream(accounts, 2_000, workload.nextOrderId() + 1_000);
        final InboundEncoder encoder = workload.encoder();
        final long orderId = workload.nextOrderId();
        int offset = 0;
        newOrderOffset = offset;
        newOrderLength = encoder.newOrder(buffer, offset, orderId, 2, EngineWorkload.INSTRUMENT, true,
            EngineWorkload.MARK_1 - 10 * EngineWorkload.TICK_1, EngineWorkload.HOLDER_QUANTITY);
        offset += newOrderLength;
        cancelOffset = offset;
        cancelLength = encoder.orderCanceled(buffer, offset, orderId, 2, EngineWorkload.INSTRUMENT);
        offset += cancelLength;
        fillBuyOffset = offset;
        fillBuyLength = encoder.fill(buffer, offset, 0, 1, EngineWorkload.INSTRUMENT, true, EngineWorkload.MARK_1,
            EngineWorkload.HOLDER_QUANTITY / 10, 0);
        offset += fillBuyLength;
        fillSellOffset = offset;
        fillSellLength = encoder.fill(buffer, offset, 0, 1, EngineWorkload.INSTRUMENT, false, EngineWorkload.MARK_1,
            EngineWorkload.HOLDER_QUANTITY / 10, 0);
    }

    /**
     * Pre-trade check of a {@code NewOrder} (accepted), then the {@code OrderCanceled} that removes it.
     *
     * @return outbound messages so far, so the work is consumed.
     */
    @Benchmark
    public long newOrderThenCancel()
    {
        workload.apply(buffer, newOrderOffset, newOrderLength);
        workload.apply(buffer, cancelOffset, cancelLength);
        return workload.outboundMessages();
    }

    /**
     * One {@code Fill} of 0.001 against an open position of 0.01, alternately buying and selling.
     *
     * @return outbound messages so far.
     */
    @Benchmark
    public long fill()
    {
        if (fillBuyNext)
        {
            workload.apply(buffer, fillBuyOffset, fillBuyLength);
        }
        else
        {
            workload.apply(buffer, fillSellOffset, fillSellLength);
        }
        fillBuyNext = !fillBuyNext;
        return workload.outboundMessages();
    }

    /**
     * One event of the realistic mix.
     *
     * @return outbound messages so far.
     */
    @Benchmark
    public long mixedEvent()
    {
        final EventStream stream = mixed;
        final int i = mixedIndex;
        workload.apply(stream.buffer(), stream.offset(i), stream.length(i));
        mixedIndex = i + 1 == stream.count() ? 0 : i + 1;
        return workload.outboundMessages();
    }

    /**
     * A whole pass of the realistic mix per operation, reported per event, to show events per second without the
     * per-invocation overhead of the harness.
     *
     * @return outbound messages so far.
     */
    @Benchmark
    @OperationsPerInvocation(MIXED_PASS_EVENTS)
    public long mixedPass()
    {
        final EventStream stream = mixed;
        for (int i = 0; i < MIXED_PASS_EVENTS; i++)
        {
            final int index = mixedIndex;
            workload.apply(stream.buffer(), stream.offset(index), stream.length(index));
            mixedIndex = index + 1 == stream.count() ? 0 : index + 1;
        }
        return workload.outboundMessages();
    }

    /**
     * The workload, for checks in tests.
     *
     * @return the workload.
     */
    public EngineWorkload workload()
    {
        return workload;
    }
}
