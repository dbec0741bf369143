package io.perprisk.perf;

import io.perprisk.perf.latency.LatencyHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the benchmarks and the latency harness still run: every benchmark once, very briefly, with small states,
 * and the harness for a second at a low rate. Asserts that they ran and produced sane output, never how fast.
 */
@Tag("slow")
class BenchSmokeTest
{
    @BeforeAll
    static void ignoreOtherJmhRuns()
    {
        // JMH refuses to start while another JMH process on the machine holds /tmp/jmh.lock; a smoke run that only
        // proves the benchmarks work must not fail because someone is benchmarking beside it.
        System.setProperty("jmh.ignoreLock", "true");
    }

    private static final Set<String> BENCHMARKS = Set.of(
        "EngineEventBenchmark.newOrderThenCancel",
        "EngineEventBenchmark.fill",
        "EngineEventBenchmark.mixedEvent",
        "EngineEventBenchmark.mixedPass",
        "EngineMarkPriceBenchmark.markTick",
        "EngineFundingRateBenchmark.fundingRate",
        "CodecBenchmark.encodeNewOrder",
        "CodecBenchmark.decodeNewOrder",
        "CodecBenchmark.encodeFill",
        "CodecBenchmark.decodeFill",
        "CodecBenchmark.encodeMarkPrice",
        "CodecBenchmark.decodeMarkPrice",
        "CodecBenchmark.encodeOrderAccepted",
        "CodecBenchmark.decodeOrderAccepted",
        "CodecBenchmark.encodePositionUpdate",
        "CodecBenchmark.decodePositionUpdate",
        "JournalAppendBenchmark.inboundJournalAppend",
        "JournalAppendBenchmark.rawChronicleAppend",
        "JournalAppendBenchmark.crc32cOfMessage",
        "RingHopBenchmark.ingressToEngineHop",
        "RingHopBenchmark.rawDisruptorHop",
        "RingHopBenchmark.validateFrame");

    @TempDir
    Path out;

    @Test
    void shouldRunEveryBenchmarkAndTheLatencyHarnessBriefly() throws Exception
    {
        final List<JmhSuite.Row> rows = new JmhSuite()
            .forks(0)
            .warmup(1, TimeValue.milliseconds(100))
            .measurement(1, TimeValue.milliseconds(100))
            .param("holders", "1000")
            .param("positions", "1000")
            .run();

        final Set<String> ran = new TreeSet<>();
        for (final JmhSuite.Row row : rows)
        {
            ran.add(row.benchmark());
            assertTrue(row.opsPerSecond() > 0, row.toString());
            assertTrue(row.p50Ns() > 0 && row.p99Ns() >= row.p50Ns(), row.toString());
            assertFalse(Double.isNaN(row.bytesPerOp()), row.toString());
        }
        assertEquals(new TreeSet<>(BENCHMARKS), ran);

        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final LatencyHarness.Result latency = new LatencyHarness()
            .rate(10_000)
            .seconds(1)
            .warmupSeconds(0.5)
            .accounts(10)
            .out(out)
            .run(new PrintStream(log, true, StandardCharsets.UTF_8));

        assertTrue(latency.servicePhase().complete(), latency.servicePhase().toString());
        assertTrue(latency.echoPhase().complete(), latency.echoPhase().toString());
        assertEquals(0, latency.servicePhase().rejected());
        assertEquals(5_000, latency.service().count());
        assertEquals(5_000, latency.echo().count());
        assertTrue(latency.service().max() >= latency.service().p99());
        assertTrue(Files.readString(out.resolve("service.hgrm")).contains("#[Max     ="));
        assertTrue(Files.readString(out.resolve("latency.svg")).contains("<polyline"));

        final String page = new ResultsPage(rows, latency, null)
            .render("smoke", "test", "start", "end", "0", "0");
        assertTrue(page.contains("## Targets"));
        assertTrue(page.contains("| JournalAppendBenchmark.inboundJournalAppend |"));
    }

    @Test
    void shouldForkWithTheProjectJvmFlags() throws Exception
    {
        final List<JmhSuite.Row> rows = new JmhSuite()
            .include("io\\.perprisk\\.perf\\.jmh\\.JournalAppendBenchmark\\.inboundJournalAppend")
            .forks(1)
            .warmup(1, TimeValue.milliseconds(100))
            .measurement(1, TimeValue.milliseconds(100))
            .sampleTime(false)
            .run();

        assertEquals(1, rows.size());
        assertTrue(rows.get(0).opsPerSecond() > 0);
    }
}
