package io.perprisk.perf.latency;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Locale;

/**
 * End-to-end latency of the 3-member cluster beside the single-node service, in the same run and with the same
 * open-loop load ({@code NewOrder} then its cancel, answer measured from the intended send time). Arguments:
 * {@code RATE SECONDS WARMUP_SECONDS [RATE ...]} e.g. {@code 10000 10 3 100000 10 3}.
 */
public final class ClusterLatency
{
    private ClusterLatency()
    {
    }

    /**
     * Run.
     *
     * @param args rate, seconds and warm-up seconds, repeated for each rate.
     */
    public static void main(final String[] args)
    {
        final PrintStream log = System.out;
        for (int i = 0; i + 2 < args.length; i += 3)
        {
            final long rate = Long.parseLong(args[i]);
            final long durationNs = (long) (Double.parseDouble(args[i + 1]) * 1e9);
            final long warmupNs = (long) (Double.parseDouble(args[i + 2]) * 1e9);
            log.printf(Locale.ROOT, "latency: %,d events/s for %s s after %s s warm-up%n", rate, args[i + 1],
                args[i + 2]);
            final Histogram service = new Histogram(LatencyHarness.HIGHEST_TRACKABLE_NS, 3);
            final Histogram cluster = new Histogram(LatencyHarness.HIGHEST_TRACKABLE_NS, 3);
            final OpenLoopTarget.PhaseResult servicePhase;
            final OpenLoopTarget.PhaseResult clusterPhase;
            try (ServiceTarget target = new ServiceTarget(1_000, "backoff"))
            {
                servicePhase = LatencyHarness.measure(target, rate, warmupNs, durationNs, service, log);
            }
            try (ClusterTarget target = new ClusterTarget(1_000))
            {
                clusterPhase = LatencyHarness.measure(target, rate, warmupNs, durationNs, cluster, log);
            }
            log.printf(Locale.ROOT, "%-28s %10s %8s %8s %8s %8s %8s %9s %9s%n",
                "latency (µs) at " + rate + "/s", "samples", "p50", "p90", "p99", "p99.9", "max", "rejected",
                "complete");
            row(log, "single-node service", service, servicePhase);
            row(log, "3-member cluster", cluster, clusterPhase);
        }
        System.exit(0);
    }

    private static void row(
        final PrintStream log, final String name, final Histogram h, final OpenLoopTarget.PhaseResult phase)
    {
        log.printf(Locale.ROOT, "%-28s %10d %8.1f %8.1f %8.1f %8.1f %8.1f %9d %9s%n", name, h.getTotalCount(),
            h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
            h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, phase.rejected(), phase.complete());
    }
}
