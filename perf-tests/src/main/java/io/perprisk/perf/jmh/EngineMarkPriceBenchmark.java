package io.perprisk.perf.jmh;

import io.perprisk.perf.EngineWorkload;
import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A {@code MarkPrice} tick of instrument 1 with a given number of position holders, none of whom it liquidates or
 * margin-calls: the mark moves one tick up and back on alternate operations. The cost should not grow with the
 * number of holders once the liquidation-trigger index exists; until then the tick scans every holder.
 */
@State(Scope.Thread)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class EngineMarkPriceBenchmark
{
    @Param({ "1000", "100000", "1000000" })
    int holders;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private EngineWorkload workload;
    private int upLength;
    private int downOffset;
    private int downLength;
    private boolean upNext = true;

    /**
     * Build the holders with the engine's own inbound messages, once per trial.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        workload = new EngineWorkload(holders).openHolders(holders);
        upLength = workload.encoder().markPrice(
            buffer, 0, EngineWorkload.INSTRUMENT, EngineWorkload.MARK_1 + EngineWorkload.TICK_1, 2);
        downOffset = 128;
        downLength = workload.encoder().markPrice(buffer, downOffset, EngineWorkload.INSTRUMENT, EngineWorkload.MARK_1,
            3);
    }

    /**
     * One mark tick.
     *
     * @return outbound messages so far.
     */
    @Benchmark
    public long markTick()
    {
        if (upNext)
        {
            workload.apply(buffer, 0, upLength);
        }
        else
        {
            workload.apply(buffer, downOffset, downLength);
        }
        upNext = !upNext;
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
