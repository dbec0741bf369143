package io.perprisk.perf.jmh;

import io.perprisk.perf.EngineWorkload;
import io.perprisk.perf.InboundEncoder;
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
 * A {@code FundingRate} of instrument 1 with a given number of open positions (leverages 1 to 20,
 * {@link EngineWorkload#openLeveragedHolders(int)}), alternately +0.01 % and -0.01 %. Funding goes through a
 * cumulative index and, with the liquidation-trigger index ({@code triggerIndex=true}), visits only the positions whose
 * funding interval the new index leaves (none here), so the cost should not depend on the number of positions;
 * {@code triggerIndex=false} scans every holder. The trial fails if a funding event emitted anything.
 */
@State(Scope.Thread)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class EngineFundingRateBenchmark
{
    @Param({ "1000", "1000000" })
    int positions;

    @Param({ "true", "false" })
    boolean triggerIndex;

    private EngineWorkload workload;
    private AlternatingEvents rates;

    /**
     * Build the positions with the engine's own inbound messages, once per trial.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        workload = new EngineWorkload(positions, triggerIndex).openLeveragedHolders(positions);
        rates = new AlternatingEvents(workload,
            (b, o) -> workload.encoder().fundingRate(b, o, EngineWorkload.INSTRUMENT, InboundEncoder.ONE / 10_000, 2),
            (b, o) -> workload.encoder().fundingRate(b, o, EngineWorkload.INSTRUMENT, -InboundEncoder.ONE / 10_000, 3));
    }

    /**
     * Check that no funding event emitted anything (no margin call, no liquidation).
     */
    @TearDown(Level.Trial)
    public void checkNothingFired()
    {
        rates.checkNothingFired("funding events");
    }

    /**
     * One funding rate.
     *
     * @return outbound messages so far.
     */
    @Benchmark
    public long fundingRate()
    {
        return rates.applyNext();
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
