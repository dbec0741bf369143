package io.perprisk.perf.latency;

import io.perprisk.gateway.service.PerpRiskConfiguration;
import io.perprisk.perf.BenchCommand;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end latency harness: an open-loop load at a fixed rate through a raw Aeron IPC echo and then through the
 * whole service, in one run, each after a warm-up phase at the same rate. Prints p50, p90, p99, p99.9, p99.99 and max
 * for both, and writes {@code echo.hgrm}, {@code service.hgrm} (HdrHistogram percentile distributions in
 * microseconds) and {@code latency.svg} into the output directory.
 * <p>
 * From the command line: {@code bin/perp-risk bench latency [--rate EVENTS_PER_S] [--seconds S] [--warmup S]
 * [--accounts N] [--idle backoff|busy-spin|yielding] [--out DIR]} (parsed by {@code BenchCommand}).
 */
public final class LatencyHarness
{
    /**
     * Highest latency a histogram tracks, in nanoseconds.
     */
    public static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);

    private long rate = 100_000;
    private double seconds = 10;
    private double warmupSeconds = 5;
    private int accounts = 1_000;
    private Path out = Paths.get("target", "bench");
    private String idleStrategy = PerpRiskConfiguration.IDLE_STRATEGY_DEFAULT;

    /**
     * Events per second, orders and cancels together.
     *
     * @param rate events per second.
     * @return this for a fluent API.
     */
    public LatencyHarness rate(final long rate)
    {
        this.rate = rate;
        return this;
    }

    /**
     * Length of the measured phase.
     *
     * @param seconds in seconds.
     * @return this for a fluent API.
     */
    public LatencyHarness seconds(final double seconds)
    {
        this.seconds = seconds;
        return this;
    }

    /**
     * Length of the warm-up phase before each measured phase.
     *
     * @param warmupSeconds in seconds.
     * @return this for a fluent API.
     */
    public LatencyHarness warmupSeconds(final double warmupSeconds)
    {
        this.warmupSeconds = warmupSeconds;
        return this;
    }

    /**
     * Number of accounts the service's orders rotate over.
     *
     * @param accounts number of accounts.
     * @return this for a fluent API.
     */
    public LatencyHarness accounts(final int accounts)
    {
        this.accounts = accounts;
        return this;
    }

    /**
     * Idle strategy of the service's agent thread and of the echo's thread (the same for both).
     *
     * @param idleStrategy a {@code PerpRiskConfiguration.idleStrategy} name, e.g. backoff or busy-spin.
     * @return this for a fluent API.
     */
    public LatencyHarness idleStrategy(final String idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    /**
     * Directory for the histograms and the plot.
     *
     * @param out the directory, created if missing.
     * @return this for a fluent API.
     */
    public LatencyHarness out(final Path out)
    {
        this.out = out;
        return this;
    }

    /**
     * Run the echo and the service at the configured rate, print the results and write the files.
     *
     * @param log to print progress and results on.
     * @return the results.
     * @throws IOException if the files cannot be written.
     */
    public Result run(final PrintStream log) throws IOException
    {
        Files.createDirectories(out);
        final long durationNs = (long) (seconds * 1e9);
        final long warmupNs = (long) (warmupSeconds * 1e9);
        final Histogram echo = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        final Histogram service = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        final OpenLoopTarget.PhaseResult echoPhase;
        final OpenLoopTarget.PhaseResult servicePhase;
        log.printf(Locale.ROOT, "latency: %,d events/s for %.1f s after %.1f s warm-up, %s idle strategy%n", rate,
            seconds, warmupSeconds, idleStrategy);
        try (AeronEchoTarget target = new AeronEchoTarget(idleStrategy))
        {
            echoPhase = measure(target, rate, warmupNs, durationNs, echo, log);
        }
        try (ServiceTarget target = new ServiceTarget(accounts, idleStrategy))
        {
            servicePhase = measure(target, rate, warmupNs, durationNs, service, log);
        }
        final Result result = new Result(rate, echoPhase, LatencyStats.of(echo), servicePhase, LatencyStats.of(service),
            echo, service);
        writeHistogram(out.resolve("echo.hgrm"), echo);
        writeHistogram(out.resolve("service.hgrm"), service);
        Files.writeString(out.resolve("latency.svg"), new PercentilePlot(String.format(Locale.ROOT,
            "End-to-end latency at %,d events/s (open loop, from intended send time)", rate))
            .add("perp-risk service", service)
            .add("raw Aeron IPC echo", echo)
            .toSvg(), StandardCharsets.UTF_8);
        printTable(log, result);
        log.println("latency: wrote " + out.resolve("service.hgrm") + ", " + out.resolve("echo.hgrm") + ", " +
            out.resolve("latency.svg"));
        return result;
    }

    static OpenLoopTarget.PhaseResult measure(
        final OpenLoopTarget target,
        final long rate,
        final long warmupNs,
        final long durationNs,
        final Histogram histogram,
        final PrintStream log)
    {
        if (warmupNs > 0)
        {
            final OpenLoopTarget.PhaseResult warmup =
                target.run(rate, warmupNs, new Histogram(HIGHEST_TRACKABLE_NS, 3));
            if (!warmup.complete())
            {
                log.println("latency: warm-up of " + target.name() + " missed answers: " + warmup);
            }
        }
        final OpenLoopTarget.PhaseResult phase = target.run(rate, durationNs, histogram);
        if (!phase.complete())
        {
            log.println("latency: " + target.name() + " missed answers: " + phase);
        }
        return phase;
    }

    /**
     * Print the percentiles of both targets side by side.
     *
     * @param log    to print on.
     * @param result to print.
     */
    public static void printTable(final PrintStream log, final Result result)
    {
        log.printf(Locale.ROOT, "%-22s %10s %8s %8s %8s %8s %8s %8s %9s%n",
            "latency (µs)", "samples", "p50", "p90", "p99", "p99.9", "p99.99", "max", "rejected");
        printRow(log, "perp-risk service", result.service(), result.servicePhase());
        printRow(log, "raw Aeron IPC echo", result.echo(), result.echoPhase());
    }

    private static void printRow(
        final PrintStream log, final String name, final LatencyStats stats, final OpenLoopTarget.PhaseResult phase)
    {
        log.printf(Locale.ROOT, "%-22s %10d %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f %9d%n", name, stats.count(),
            stats.p50(), stats.p90(), stats.p99(), stats.p999(), stats.p9999(), stats.max(), phase.rejected());
    }

    static void writeHistogram(final Path file, final Histogram histogram) throws IOException
    {
        try (PrintStream stream = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            histogram.outputPercentileDistribution(stream, 1000.0);
        }
    }

    /**
     * Run the harness from the command line.
     *
     * @param args options, see the class description.
     */
    public static void main(final String[] args)
    {
        final String[] benchArgs = new String[args.length + 1];
        benchArgs[0] = "latency";
        System.arraycopy(args, 0, benchArgs, 1, args.length);
        BenchCommand.main(benchArgs);
    }

    /**
     * Results of one run.
     *
     * @param rate             events per second asked for.
     * @param echoPhase        what the echo phase did.
     * @param echo             echo percentiles.
     * @param servicePhase     what the service phase did.
     * @param service          service percentiles.
     * @param echoHistogram    echo latencies in nanoseconds.
     * @param serviceHistogram service latencies in nanoseconds.
     */
    public record Result(
        long rate,
        OpenLoopTarget.PhaseResult echoPhase,
        LatencyStats echo,
        OpenLoopTarget.PhaseResult servicePhase,
        LatencyStats service,
        Histogram echoHistogram,
        Histogram serviceHistogram)
    {
    }
}
