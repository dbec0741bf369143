package io.perprisk.perf;

import io.perprisk.perf.latency.LatencyHarness;
import io.perprisk.perf.latency.LatencyStats;
import io.perprisk.perf.latency.ThroughputSearch;

import java.util.List;
import java.util.Locale;

/**
 * Writes the Markdown results page of a {@code bench} run: machine, JDK, load, the exact command, the JMH table, the
 * comparisons measured in the same run (ours against the raw baselines, big against small states), the end-to-end
 * latency and throughput, and the targets side by side. Only numbers measured in this run appear; a missing
 * measurement is shown as "not run". Cold path.
 */
public final class ResultsPage
{
    private static final String INDEXED = "triggerIndex=true";
    private static final String SCANNED = "triggerIndex=false";

    private static final String NOT_RUN = "not run";
    private static final double MIN_OPS_FOR_ALLOCATION = 10_000;

    private final StringBuilder page = new StringBuilder(16 * 1024);
    private final List<JmhSuite.Row> rows;
    private final LatencyHarness.Result latency;
    private final ThroughputSearch.Result throughput;

    /**
     * Prepare a page.
     *
     * @param rows       JMH results, or null if not run.
     * @param latency    end-to-end latency results, or null if not run.
     * @param throughput throughput search results, or null if not run.
     */
    public ResultsPage(
        final List<JmhSuite.Row> rows, final LatencyHarness.Result latency, final ThroughputSearch.Result throughput)
    {
        this.rows = rows;
        this.latency = latency;
        this.throughput = throughput;
    }

    /**
     * Render the page.
     *
     * @param mode      "quick" or "full".
     * @param command   the exact command that produced it.
     * @param startedAt UTC start time.
     * @param endedAt   UTC end time.
     * @param loadStart load average at the start.
     * @param loadEnd   load average at the end.
     * @return the Markdown text.
     */
    public String render(
        final String mode,
        final String command,
        final String startedAt,
        final String endedAt,
        final String loadStart,
        final String loadEnd)
    {
        line("# perp-risk benchmark results (" + mode + ")");
        line("");
        line("| | |");
        line("|---|---|");
        line("| date (UTC) | " + startedAt + " to " + endedAt + " |");
        line("| command | `" + command + "` |");
        line("| CPU | " + MachineInfo.cpuModel() + " |");
        line("| cores | " + MachineInfo.cores() + " |");
        line("| memory | " + MachineInfo.memory() + " |");
        line("| OS | " + MachineInfo.os() + " |");
        line("| JDK | " + MachineInfo.jdk() + " |");
        line("| load average (1, 5, 15 min) | start " + loadStart + ", end " + loadEnd + " |");
        line("");
        line("Numbers from a shared machine are noisy: compare the ratios measured in the same run rather than " +
            "absolute values across runs.");
        line("");
        targets();
        comparisons();
        jmhTable();
        latencySection();
        throughputSection();
        return page.toString();
    }

    private void targets()
    {
        line("## Targets");
        line("");
        line("| target | measured | verdict |");
        line("|---|---|---|");
        final JmhSuite.Row mixed = row("EngineEventBenchmark.mixedPass", "");
        target("engine, realistic mix, one thread: >= 5,000,000 events/s",
            null == mixed ? NOT_RUN : ops(mixed.opsPerSecond()) + " events/s",
            null == mixed || Double.isNaN(mixed.opsPerSecond()) ? NOT_RUN : verdictAtLeast(mixed.opsPerSecond(), 5e6));
        final JmhSuite.Row order = row("EngineEventBenchmark.newOrderThenCancel", "");
        target("NewOrder check p99 <= 1 µs (measured: NewOrder + its cancel, an upper bound)",
            null == order ? NOT_RUN : "p99 " + nanos(order.p99Ns()) + " ns per pair",
            null == order || Double.isNaN(order.p99Ns()) ? NOT_RUN : verdictAtMost(order.p99Ns(), 1000));
        final JmhSuite.Row mark1m = row("EngineMarkPriceBenchmark.markTick", "holders=1000000, " + INDEXED);
        final JmhSuite.Row scan1m = row("EngineMarkPriceBenchmark.markTick", "holders=1000000, " + SCANNED);
        target("mark tick with 1,000,000 holders <= 2 µs",
            null == mark1m ? NOT_RUN : "mean " + nanos(meanNs(mark1m)) + " ns, p99 " + nanos(mark1m.p99Ns()) + " ns",
            null == mark1m ? NOT_RUN : verdictAtMost(meanNs(mark1m), 2000));
        target("indexed mark tick >= 1,000x faster than the full scan",
            null == mark1m || null == scan1m ? NOT_RUN : "1,000,000 holders: full scan " +
            nanos(meanNs(scan1m)) + " ns / indexed " + nanos(meanNs(mark1m)) + " ns = " +
            ratio(meanNs(scan1m) / meanNs(mark1m)),
            null == mark1m || null == scan1m ? NOT_RUN : verdictAtLeast(meanNs(scan1m) / meanNs(mark1m), 1000));
        final JmhSuite.Row funding1k = row("EngineFundingRateBenchmark.fundingRate", "positions=1000, " + INDEXED);
        final JmhSuite.Row fundingBig = largest("EngineFundingRateBenchmark.fundingRate", INDEXED);
        target("FundingRate cost independent of the number of positions",
            null == funding1k || null == fundingBig ? NOT_RUN : fundingBig.params() + " vs positions=1000: " +
            ratio(meanNs(fundingBig) / meanNs(funding1k)) + " the time (" + nanos(meanNs(fundingBig)) + " vs " +
            nanos(meanNs(funding1k)) + " ns)",
            null == funding1k || null == fundingBig ? NOT_RUN : verdictAtMost(meanNs(fundingBig) / meanNs(funding1k),
            2.0));
        pairTarget("journal append <= 1.5x raw Chronicle Queue", "JournalAppendBenchmark.inboundJournalAppend",
            "JournalAppendBenchmark.rawChronicleAppend");
        pairTarget("ring hop <= 1.5x raw Disruptor", "RingHopBenchmark.ingressToEngineHop",
            "RingHopBenchmark.rawDisruptorHop");
        if (null == latency)
        {
            target("end-to-end p99 <= 25 µs at 100,000 events/s", NOT_RUN, NOT_RUN);
        }
        else
        {
            target("end-to-end p99 <= 25 µs at 100,000 events/s (run at " + ops(latency.rate()) + " events/s)",
                "service p99 " + micros(latency.service().p99()) + " µs; raw Aeron echo p99 " +
                micros(latency.echo().p99()) + " µs",
                latency.rate() < 100_000 ? "run below the target rate" : verdictAtMost(latency.service().p99(), 25));
        }
        double worstBytes = Double.NaN;
        String worstName = "";
        final StringBuilder tooSlow = new StringBuilder();
        if (null != rows)
        {
            for (final JmhSuite.Row row : rows)
            {
                final boolean hotPath = row.benchmark().startsWith("Engine") ||
                    row.benchmark().startsWith("RingHop") || row.benchmark().equals(
                    "JournalAppendBenchmark.inboundJournalAppend");
                if (!hotPath || Double.isNaN(row.bytesPerOp()))
                {
                    continue;
                }
                if (row.opsPerSecond() < MIN_OPS_FOR_ALLOCATION)
                {
                    tooSlow.append(tooSlow.length() == 0 ? "" : "; ").append(row.benchmark())
                        .append(row.params().isEmpty() ? "" : " (" + row.params() + ")");
                }
                else if (Double.isNaN(worstBytes) || row.bytesPerOp() > worstBytes)
                {
                    worstBytes = row.bytesPerOp();
                    worstName = row.benchmark() + (row.params().isEmpty() ? "" : " (" + row.params() + ")");
                }
            }
        }
        target("zero allocation per event on the engine, ring and journal paths",
            Double.isNaN(worstBytes) ? NOT_RUN : String.format(Locale.ROOT, "at most %.3f B/op (%s)", worstBytes,
            worstName) + (tooSlow.length() == 0 ? "" : "; not judged, under " + ops(MIN_OPS_FOR_ALLOCATION) +
            " ops/s so the JVM's own background allocation dominates B/op: " + tooSlow),
            Double.isNaN(worstBytes) ? NOT_RUN : worstBytes < 0.5 ? "met" : "missed");
        line("");
    }

    private void pairTarget(final String name, final String ours, final String raw)
    {
        final JmhSuite.Row oursRow = row(ours, "");
        final JmhSuite.Row rawRow = row(raw, "");
        if (null == oursRow || null == rawRow)
        {
            target(name, NOT_RUN, NOT_RUN);
            return;
        }
        final double meanRatio = meanNs(oursRow) / meanNs(rawRow);
        final double p99Ratio = oursRow.p99Ns() / rawRow.p99Ns();
        target(name, String.format(Locale.ROOT, "mean %s vs %s ns = %s; p99 %s vs %s ns = %s",
            nanos(meanNs(oursRow)), nanos(meanNs(rawRow)), ratio(meanRatio), nanos(oursRow.p99Ns()),
            nanos(rawRow.p99Ns()), ratio(p99Ratio)), verdictAtMost(meanRatio, 1.5));
    }

    private void comparisons()
    {
        if (null == rows)
        {
            return;
        }
        line("## Ratios measured in this run");
        line("");
        line("| comparison | ratio of mean time per operation | ratio of p99 |");
        line("|---|---|---|");
        compare("inbound journal / raw Chronicle append", row("JournalAppendBenchmark.inboundJournalAppend", ""),
            row("JournalAppendBenchmark.rawChronicleAppend", ""));
        compare("ingress-to-engine hop / raw Disruptor hop", row("RingHopBenchmark.ingressToEngineHop", ""),
            row("RingHopBenchmark.rawDisruptorHop", ""));
        compare("mark tick indexed, largest / 1,000 holders", largest("EngineMarkPriceBenchmark.markTick", INDEXED),
            row("EngineMarkPriceBenchmark.markTick", "holders=1000, " + INDEXED));
        compare("mark tick full scan, largest / 1,000 holders", largest("EngineMarkPriceBenchmark.markTick", SCANNED),
            row("EngineMarkPriceBenchmark.markTick", "holders=1000, " + SCANNED));
        compare("funding rate indexed, largest / 1,000 positions",
            largest("EngineFundingRateBenchmark.fundingRate", INDEXED),
            row("EngineFundingRateBenchmark.fundingRate", "positions=1000, " + INDEXED));
        if (null != latency)
        {
            line(String.format(Locale.ROOT, "| end-to-end service / raw Aeron IPC echo (p50 %s) | | %s |",
                ratio(latency.service().p50() / latency.echo().p50()),
                ratio(latency.service().p99() / latency.echo().p99())));
        }
        line("");
    }

    private void compare(final String name, final JmhSuite.Row a, final JmhSuite.Row b)
    {
        if (null == a || null == b)
        {
            return;
        }
        line("| " + name + (a.params().isEmpty() ? "" : " (" + a.params() + ")") + " | " +
            ratio(meanNs(a) / meanNs(b)) + " | " + ratio(a.p99Ns() / b.p99Ns()) + " |");
    }

    private void jmhTable()
    {
        line("## JMH");
        line("");
        if (null == rows)
        {
            line(NOT_RUN + ".");
            line("");
            return;
        }
        line("Throughput mode with `-prof gc` (ops/s, bytes allocated per operation), then sample-time mode " +
            "(time per operation). ± is JMH's 99.9 % confidence half-width.");
        line("");
        line("| benchmark | params | ops/s | ± | B/op | p50 ns | p99 ns | p99.9 ns |");
        line("|---|---|---:|---:|---:|---:|---:|---:|");
        for (final JmhSuite.Row row : rows)
        {
            line("| " + row.benchmark() + " | " + row.params() + " | " + ops(row.opsPerSecond()) + " | " +
                ops(row.opsError()) + " | " + bytes(row.bytesPerOp()) + " | " + nanos(row.p50Ns()) + " | " +
                nanos(row.p99Ns()) + " | " + nanos(row.p999Ns()) + " |");
        }
        line("");
    }

    private void latencySection()
    {
        line("## End-to-end latency");
        line("");
        if (null == latency)
        {
            line(NOT_RUN + ".");
            line("");
            return;
        }
        line(String.format(Locale.ROOT, "Open loop at %s events/s (NewOrder and its cancel alternating; the " +
            "NewOrder's answer is measured from its intended send time, which corrects for coordinated omission). " +
            "Histograms: `service.hgrm`, `echo.hgrm`; plot: `latency.svg`.", ops(latency.rate())));
        line("");
        line("| path | samples | p50 µs | p90 µs | p99 µs | p99.9 µs | p99.99 µs | max µs | sent events/s |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        latencyRow("perp-risk service (IPC, ring, journals, engine, egress)", latency.service(),
            latency.servicePhase().achievedRate());
        latencyRow("raw Aeron IPC echo", latency.echo(), latency.echoPhase().achievedRate());
        line("");
        line("![latency](latency.svg)");
        line("");
    }

    private void latencyRow(final String name, final LatencyStats stats, final double achievedRate)
    {
        line("| " + name + " | " + stats.count() + " | " + micros(stats.p50()) + " | " + micros(stats.p90()) + " | " +
            micros(stats.p99()) + " | " + micros(stats.p999()) + " | " + micros(stats.p9999()) + " | " +
            micros(stats.max()) + " | " + ops(achievedRate) + " |");
    }

    private void throughputSection()
    {
        line("## Throughput search");
        line("");
        if (null == throughput)
        {
            line(NOT_RUN + ".");
            line("");
            return;
        }
        line(String.format(Locale.ROOT, "Highest sustained rate with p99 <= %.0f µs: **%s events/s**.",
            throughput.p99LimitMicros(), ops(throughput.bestRate())));
        line("");
        line("| rate events/s | sent events/s | p50 µs | p99 µs | max µs | all answered | passed |");
        line("|---:|---:|---:|---:|---:|---|---|");
        for (final ThroughputSearch.Step step : throughput.steps())
        {
            line("| " + ops(step.rate()) + " | " + ops(step.achievedRate()) + " | " + micros(step.stats().p50()) +
                " | " + micros(step.stats().p99()) + " | " + micros(step.stats().max()) + " | " +
                (step.complete() ? "yes" : "no") + " | " + (step.passed() ? "yes" : "no") + " |");
        }
        line("");
    }

    private JmhSuite.Row row(final String benchmark, final String params)
    {
        if (null == rows)
        {
            return null;
        }
        for (final JmhSuite.Row row : rows)
        {
            if (row.benchmark().equals(benchmark) && (params.isEmpty() || row.params().equals(params) ||
                row.params().startsWith(params + ",")))
            {
                return row;
            }
        }
        return null;
    }

    private JmhSuite.Row largest(final String benchmark, final String withParam)
    {
        if (null == rows)
        {
            return null;
        }
        JmhSuite.Row largest = null;
        long largestValue = -1;
        for (final JmhSuite.Row row : rows)
        {
            if (row.benchmark().equals(benchmark) && row.params().contains(withParam))
            {
                final long value = Long.parseLong(row.params().replaceAll("[^0-9]", ""));
                if (value > largestValue)
                {
                    largestValue = value;
                    largest = row;
                }
            }
        }
        return largest;
    }

    private static double meanNs(final JmhSuite.Row row)
    {
        return Double.isNaN(row.opsPerSecond()) ? row.meanNs() : 1e9 / row.opsPerSecond();
    }

    private void target(final String name, final String measured, final String verdict)
    {
        line("| " + name + " | " + measured + " | " + verdict + " |");
    }

    private static String verdictAtLeast(final double value, final double target)
    {
        return value >= target ? "met" : "missed: " + ratio(target / value) + " short";
    }

    private static String verdictAtMost(final double value, final double target)
    {
        return value <= target ? "met" : "missed: " + ratio(value / target) + " over";
    }

    private static String ratio(final double ratio)
    {
        if (Double.isNaN(ratio) || Double.isInfinite(ratio))
        {
            return "n/a";
        }
        return ratio >= 100 ? String.format(Locale.ROOT, "%,.0fx", ratio) : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static String ops(final double value)
    {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String nanos(final double value)
    {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%,.1f", value);
    }

    private static String micros(final double value)
    {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%,.1f", value);
    }

    private static String bytes(final double value)
    {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
    }

    private void line(final String text)
    {
        page.append(text).append('\n');
    }
}
