package io.perprisk.cli.demo;

import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskCommand;
import io.perprisk.client.RiskClient;
import io.perprisk.gateway.service.PerpRiskConfiguration;
import io.perprisk.gateway.service.PerpRiskService;
import io.perprisk.gateway.status.GatewayCounters;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.AtomicCounter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code demo} command: starts the service with an embedded media driver and a temporary journal, drives it over
 * Aeron from a simulated exchange (thousands of accounts, orders and fills from a small matching simulator that also
 * executes liquidation orders, a mark-price path with a crash) with a live progress line on stderr, then prints a
 * summary and writes a self-contained HTML report with inline SVG charts.
 */
@Command(name = DemoCommand.NAME, description =
    "run the service against a simulated exchange with a price crash; print a summary, write an HTML report")
public final class DemoCommand implements PerpRiskCommand
{
    /**
     * Name of the command in the dispatcher.
     */
    public static final String NAME = "demo";

    private static final double INITIAL_PRICE = 30_000;
    private static final double CRASH_START = 0.55;
    private static final double CRASH_END = 0.62;
    private static final double CRASH_DEPTH = 0.25;

    @Option(names = "--duration-s", paramLabel = "S", defaultValue = "30",
        description = "seconds of trading (default: 30)")
    private long durationS;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "2000", description = "accounts (default: 2000)")
    private int accounts;

    @Option(names = "--orders-per-s", paramLabel = "N", defaultValue = "3000",
        description = "orders per second (default: 3000)")
    private int ordersPerSecond;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "random seed (default: 42)")
    private long seed;

    @Option(names = "--report-dir", paramLabel = "DIR",
        description = "where to write report.html (default: a new temporary directory)")
    private Path reportDir;

    @Option(names = "--keep-journal", description = "keep the temporary journal instead of deleting it")
    private boolean keepJournal;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "-1",
        description = "port of the live monitor page and /metrics; -1 any free port (default), 0 off")
    private int httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
        description = "address the monitor listens on (default: 127.0.0.1)")
    private String httpBind;

    @Option(names = "--hold-s", paramLabel = "S", defaultValue = "0",
        description = "keep the service and its monitor page up this many seconds after the run (default: 0)")
    private long holdS;

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err) throws Exception
    {
        if (null == reportDir)
        {
            reportDir = Paths.get(PerpRiskConfiguration.uniqueTempDir("perp-risk-demo-report"));
        }

        final Path journalDir = Files.createTempDirectory("perp-risk-demo-journal");
        final AtomicLong errors = new AtomicLong();
        final PerpRiskService.Context ctx = new PerpRiskService.Context()
            .aeronDirectoryName(PerpRiskConfiguration.uniqueTempDir("perp-risk-demo-aeron"))
            .journalDir(journalDir.toString())
            .httpPort(httpPort)
            .httpBind(httpBind)
            .errorHandler((throwable) ->
            {
                if (errors.incrementAndGet() <= 3)
                {
                    err.println("\nservice error: " + throwable);
                }
            });

        err.println("perp-risk demo: " + durationS + " s, " + accounts + " accounts, " + ordersPerSecond +
            " orders/s, journal " + journalDir);
        final PerpRiskService service = PerpRiskService.launch(ctx);
        if (null != service.monitor())
        {
            err.println("perp-risk demo: live monitor at " + service.monitor().url() + " (metrics: " +
                service.monitor().url() + "metrics)");
        }
        final List<double[]> samples = new ArrayList<>();
        final ExchangeSimulator simulator;
        String summary = null;
        try (RiskClient client = RiskClient.connect(new RiskClient.Context()
            .aeronDirectoryName(ctx.aeronDirectoryName()).ordered(true).sendTimeoutMs(30_000)))
        {
            if (!client.awaitConnected(10_000))
            {
                err.println("could not connect to the service");
                return ExitCode.FAILURE;
            }
            simulator = new ExchangeSimulator(client, seed, accounts);
            simulator.setUp(INITIAL_PRICE);
            client.awaitSequenced(30_000);
            client.ordered(false);
            final long elapsedNs = drive(service, client, simulator, durationS, ordersPerSecond, seed, samples, err);
            // read the counters while the counters file is still mapped
            summary = summary(service.counters(), simulator, accounts, elapsedNs, journalDir);
            if (holdS > 0 && null != service.monitor())
            {
                err.println("perp-risk demo: run over; the monitor stays up for " + holdS + " s at " +
                    service.monitor().url());
                final long holdUntilNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdS);
                while (System.nanoTime() < holdUntilNs)
                {
                    if (client.poll(simulator, 256) == 0)
                    {
                        LockSupport.parkNanos(1_000_000);
                    }
                }
            }
        }
        finally
        {
            service.close();
            if (!keepJournal)
            {
                IoUtil.delete(journalDir.toFile(), true);
            }
        }

        out.print(summary);
        out.printf("  service errors        %,d (e.g. an engine that cannot snapshot yet; see stderr)%n", errors.get());
        final Path report = DemoReport.write(reportDir, summary, samples, simulator.latency());
        out.println("report: " + report.toAbsolutePath());
        out.flush();
        return ExitCode.OK;
    }

    static long drive(
        final PerpRiskService service,
        final RiskClient client,
        final ExchangeSimulator simulator,
        final long durationS,
        final int ordersPerSecond,
        final long seed,
        final List<double[]> samples,
        final PrintStream err)
    {
        final GatewayCounters counters = service.counters();
        final java.util.Random random = new java.util.Random(seed + 1);
        final long durationNs = TimeUnit.SECONDS.toNanos(durationS);
        final long startNs = System.nanoTime();
        long nextMarkNs = 0;
        long nextCancelNs = 0;
        long nextSampleNs = 0;
        long nextProgressNs = 0;
        double walk = 1.0;
        long elapsedNs;
        while ((elapsedNs = System.nanoTime() - startNs) < durationNs)
        {
            simulator.now(elapsedNs);
            int work = client.poll(simulator, 256);
            final double progress = (double) elapsedNs / durationNs;

            if (elapsedNs >= nextMarkNs)
            {
                nextMarkNs = elapsedNs + 20_000_000L;
                walk *= 1 + random.nextGaussian() * 0.0006;
                simulator.markPrice(INITIAL_PRICE * walk * crashFactor(progress), elapsedNs);
                work++;
            }

            final long targetOrders = (long) (ordersPerSecond * (elapsedNs / 1e9));
            for (int i = 0; i < 64 && simulator.ordersSent() < targetOrders; i++)
            {
                simulator.newOrder(elapsedNs, progress < CRASH_START ? 0.56 : 0.5);
                work++;
            }

            if (elapsedNs >= nextCancelNs)
            {
                nextCancelNs = elapsedNs + 100_000_000L;
                simulator.cancelStale(elapsedNs);
            }
            if (elapsedNs >= nextSampleNs)
            {
                nextSampleNs = elapsedNs + 200_000_000L;
                samples.add(new double[]{ elapsedNs / 1e9, simulator.markPrice() / 1e8,
                    counters.liquidations().get(), counters.insuranceFund().get() / 1e8 });
            }
            if (elapsedNs >= nextProgressNs)
            {
                nextProgressNs = elapsedNs + 500_000_000L;
                err.print(progressLine(counters, simulator, elapsedNs));
                err.flush();
            }
            if (work == 0)
            {
                LockSupport.parkNanos(50_000);
            }
        }

        final long drainDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < drainDeadlineNs &&
            (counters.engineSeq().get() < counters.ingressSequenced().get() ||
            counters.egressPosition().get() < counters.outboundPosition().get()))
        {
            simulator.now(System.nanoTime() - startNs);
            if (client.poll(simulator, 256) == 0)
            {
                LockSupport.parkNanos(100_000);
            }
        }
        final long quietUntilNs = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < quietUntilNs)
        {
            client.poll(simulator, 256);
            LockSupport.parkNanos(100_000);
        }
        samples.add(new double[]{ (System.nanoTime() - startNs) / 1e9, simulator.markPrice() / 1e8,
            counters.liquidations().get(), counters.insuranceFund().get() / 1e8 });
        err.println(progressLine(counters, simulator, elapsedNs));
        return elapsedNs;
    }

    private static double crashFactor(final double progress)
    {
        if (progress < CRASH_START)
        {
            return 1;
        }
        if (progress < CRASH_END)
        {
            return 1 - CRASH_DEPTH * (progress - CRASH_START) / (CRASH_END - CRASH_START);
        }
        // partial recovery: back up a third of the fall by the end
        return 1 - CRASH_DEPTH + CRASH_DEPTH / 3 * (progress - CRASH_END) / (1 - CRASH_END);
    }

    private static String progressLine(
        final GatewayCounters counters, final ExchangeSimulator simulator, final long elapsedNs)
    {
        final Histogram latency = simulator.latency();
        return String.format(Locale.ROOT,
            "\r%5.1fs events %,d | orders %,d accepted %,d rejected %,d | fills %,d | mark %,.1f | " +
            "liquidations %,d | ADL %,d | insurance fund %,.2f | p50 %,d us p99 %,d us   ",
            elapsedNs / 1e9, counters.ingressSequenced().get(), simulator.ordersSent(),
            counters.ordersAccepted().get(), counters.ordersRejected().get(), simulator.fills(),
            simulator.markPrice() / 1e8, counters.liquidations().get(), counters.autoDeleverages().get(),
            counters.insuranceFund().get() / 1e8,
            latency.getValueAtPercentile(50) / 1000, latency.getValueAtPercentile(99) / 1000);
    }

    private static String summary(
        final GatewayCounters counters,
        final ExchangeSimulator simulator,
        final int accounts,
        final long elapsedNs,
        final Path journalDir)
    {
        final double seconds = elapsedNs / 1e9;
        final StringBuilder rejects = new StringBuilder();
        long rejectTotal = 0;
        for (final RejectReason reason : RejectReason.values())
        {
            final AtomicCounter counter = RejectReason.NULL_VAL == reason ? null : counters.rejects(reason.value());
            if (null != counter && counter.get() > 0)
            {
                rejects.append(rejects.length() == 0 ? "" : ", ").append(reason.name()).append(' ')
                    .append(counter.get());
                rejectTotal += counter.get();
            }
        }
        final Histogram latency = simulator.latency();
        return String.format(Locale.ROOT,
            "perp-risk demo summary%n" +
            "  duration              %.1f s, %,d accounts, journal %s (deleted unless --keep-journal)%n" +
            "  events sequenced      %,d (%,.0f/s), outbound messages %,d%n" +
            "  orders                sent %,d, accepted %,d, rejected %,d; fills %,d%n" +
            "  rejects               %,d%s%n" +
            "  liquidations          started %,d; liquidation orders executed %,d of %,d; auto-deleverages %,d%n" +
            "  margin calls          %,d%n" +
            "  insurance fund        %,.2f USDT (last InsuranceFundUpdate)%n" +
            "  back-pressure         ring full %,d, egress back-pressured %,d; engine stage errors %,d%n" +
            "  latency NewOrder->answer over Aeron IPC (us): p50 %,.1f  p90 %,.1f  p99 %,.1f  p99.9 %,.1f  " +
            "max %,.1f  (n=%,d)%n",
            seconds, accounts, journalDir,
            counters.ingressSequenced().get(), counters.ingressSequenced().get() / seconds,
            counters.outboundMessages().get(),
            simulator.ordersSent(), counters.ordersAccepted().get(), counters.ordersRejected().get(),
            simulator.fills(),
            rejectTotal, rejects.length() == 0 ? "" : " (" + rejects + ")",
            counters.liquidations().get(), simulator.liquidationFills(), simulator.liquidationOrders(),
            counters.autoDeleverages().get(),
            counters.marginCalls().get(),
            counters.insuranceFund().get() / 1e8,
            counters.ringFull().get(), counters.egressBackPressure().get(), counters.engineErrors().get(),
            latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(90) / 1e3,
            latency.getValueAtPercentile(99) / 1e3, latency.getValueAtPercentile(99.9) / 1e3,
            latency.getMaxValue() / 1e3, latency.getTotalCount());
    }
}
