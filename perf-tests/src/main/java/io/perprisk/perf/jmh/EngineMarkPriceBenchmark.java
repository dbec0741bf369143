package io.perprisk.perf.jmh;

import io.perprisk.perf.EngineWorkload;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A {@code MarkPrice} tick of instrument 1 with a given number of position holders, none of whom it liquidates or
 * margin-calls: the mark moves one tick up and back on alternate operations. Holders have leverages from 1 to 20
 * ({@link EngineWorkload#openLeveragedHolders(int)}). With the liquidation-trigger index ({@code triggerIndex=true})
 * the tick visits only the scopes whose trigger interval it leaves, none here, so its cost should not grow with the
 * number of holders; {@code triggerIndex=false} is the full holder scan, the baseline. The trial fails if a tick
 * emitted anything (a margin call or a liquidation would make it a different benchmark).
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

    @Param({ "true", "false" })
    boolean triggerIndex;

    private EngineWorkload workload;
    private AlternatingEvents ticks;

    /**
     * Build the holders with the engine's own inbound messages, once per trial.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        workload = new EngineWorkload(holders, triggerIndex).openLeveragedHolders(holders);
        ticks = new AlternatingEvents(workload,
            (b, o) -> workload.encoder().markPrice(
                b, o, EngineWorkload.INSTRUMENT, EngineWorkload.MARK_1 + EngineWorkload.TICK_1, 2),
            (b, o) -> workload.encoder().markPrice(b, o, EngineWorkload.INSTRUMENT, EngineWorkload.MARK_1, 3));
    }

    /**
     * Check that no tick emitted anything (no margin call, no liquidation).
     */
    @TearDown(Level.Trial)
    public void checkNothingFired()
    {
        ticks.checkNothingFired("mark ticks");
    }

    /**
     * One mark tick.
     *
     * @return outbound messages so far.
     */
    @Benchmark
    public long markTick()
    {
        return ticks.applyNext();
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
