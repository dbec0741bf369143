package io.perprisk.perf.latency;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Steps the open-loop rate through the service up until the p99 latency passes a limit (100 µs by default), the
 * sender cannot keep the rate, or answers go missing; reports the highest rate that passed. One service for all
 * steps; each step has its own short warm-up.
 */
public final class ThroughputSearch
{
    /**
     * Default p99 limit in microseconds.
     */
    public static final double P99_LIMIT_MICROS_DEFAULT = 100.0;

    private long[] rates = { 50_000, 100_000, 200_000, 300_000, 400_000, 600_000, 800_000, 1_000_000 };
    private double stepSeconds = 5;
    private double warmupSeconds = 1;
    private double p99LimitMicros = P99_LIMIT_MICROS_DEFAULT;
    private int accounts = 1_000;

    /**
     * Rates to try, ascending, in events per second.
     *
     * @param rates the steps.
     * @return this for a fluent API.
     */
    public ThroughputSearch rates(final long... rates)
    {
        this.rates = rates.clone();
        return this;
    }

    /**
     * Length of each measured step.
     *
     * @param stepSeconds in seconds.
     * @return this for a fluent API.
     */
    public ThroughputSearch stepSeconds(final double stepSeconds)
    {
        this.stepSeconds = stepSeconds;
        return this;
    }

    /**
     * Length of the warm-up before each step.
     *
     * @param warmupSeconds in seconds.
     * @return this for a fluent API.
     */
    public ThroughputSearch warmupSeconds(final double warmupSeconds)
    {
        this.warmupSeconds = warmupSeconds;
        return this;
    }

    /**
     * The p99 limit.
     *
     * @param p99LimitMicros in microseconds.
     * @return this for a fluent API.
     */
    public ThroughputSearch p99LimitMicros(final double p99LimitMicros)
    {
        this.p99LimitMicros = p99LimitMicros;
        return this;
    }

    /**
     * Number of accounts the orders rotate over.
     *
     * @param accounts number of accounts.
     * @return this for a fluent API.
     */
    public ThroughputSearch accounts(final int accounts)
    {
        this.accounts = accounts;
        return this;
    }

    /**
     * Run the steps.
     *
     * @param log to print each step on.
     * @return the steps run and the highest passing rate.
     */
    public Result run(final PrintStream log)
    {
        final List<Step> steps = new ArrayList<>();
        long best = 0;
        try (ServiceTarget target = new ServiceTarget(accounts))
        {
            for (final long rate : rates)
            {
                final Histogram histogram = new Histogram(LatencyHarness.HIGHEST_TRACKABLE_NS, 3);
                final OpenLoopTarget.PhaseResult phase = LatencyHarness.measure(
                    target, rate, (long) (warmupSeconds * 1e9), (long) (stepSeconds * 1e9), histogram, log);
                final LatencyStats stats = LatencyStats.of(histogram);
                final boolean kept = phase.achievedRate() >= 0.95 * rate;
                final boolean passed = kept && phase.complete() && stats.p99() <= p99LimitMicros;
                final Step step = new Step(rate, phase.achievedRate(), stats, phase.complete(), passed);
                steps.add(step);
                log.printf(Locale.ROOT,
                    "throughput: %,9d events/s (sent %,.0f/s) p50 %8.1f µs p99 %8.1f µs max %9.1f µs %s%n",
                    rate, phase.achievedRate(), stats.p50(), stats.p99(), stats.max(),
                    passed ? "ok" : "FAILED (" + (!kept ? "rate not kept" : !phase.complete() ?
                    "answers missing" : "p99 over " + p99LimitMicros + " µs") + ")");
                if (!passed)
                {
                    break;
                }
                best = rate;
            }
        }
        log.printf(Locale.ROOT, "throughput: highest sustained rate with p99 <= %.0f µs: %,d events/s%n",
            p99LimitMicros, best);
        return new Result(best, p99LimitMicros, steps);
    }

    /**
     * One step.
     *
     * @param rate         events per second asked for.
     * @param achievedRate events per second sent.
     * @param stats        latency percentiles.
     * @param complete     true if every answer came back.
     * @param passed       true if the rate was kept, nothing was missing and p99 was within the limit.
     */
    public record Step(long rate, double achievedRate, LatencyStats stats, boolean complete, boolean passed)
    {
    }

    /**
     * The search's outcome.
     *
     * @param bestRate       highest rate that passed, 0 if none did.
     * @param p99LimitMicros the limit used.
     * @param steps          every step run.
     */
    public record Result(long bestRate, double p99LimitMicros, List<Step> steps)
    {
    }
}
