package io.perprisk.perf;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskCommand;
import io.perprisk.cli.PerpRiskMain;
import io.perprisk.perf.latency.LatencyHarness;
import io.perprisk.perf.latency.ThroughputSearch;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code perp-risk bench}: runs the JMH benchmarks, the end-to-end latency harness and the throughput search, and
 * writes a results page. Run by {@code bin/perp-risk bench ...}, which starts this class on the perf-tests classpath
 * (the cli module cannot depend on this module, which depends on it).
 * <ul>
 *     <li>{@code bench [quick|full] [--out DIR] [--only jmh,latency,throughput] [--include REGEX]}: quick takes a
 *     few seconds per benchmark (a smoke run for CI); full has proper warm-up and iterations and the
 *     million-position states.</li>
 *     <li>{@code bench jmh [JMH options]}: the JMH command line over these benchmarks, with the JVM flags appended
 *     to every fork (e.g. {@code bench jmh EngineMarkPrice -prof gc}).</li>
 *     <li>{@code bench latency [--rate N] [--seconds S] [--warmup S] [--accounts N] [--idle NAME] [--out DIR]}:
 *     the latency harness alone.</li>
 * </ul>
 */
@Command(name = "bench",
    description = "run the benchmarks, the latency harness and the throughput search; write a results page",
    subcommands = { BenchCommand.Jmh.class, BenchCommand.Latency.class })
public final class BenchCommand implements PerpRiskCommand
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    @Parameters(arity = "0..1", paramLabel = "quick|full", defaultValue = "quick",
        description = "quick: a few seconds per benchmark (CI smoke run); full: proper warm-up and iterations")
    private String mode;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench",
        description = "where results.md and the plots go (default: target/bench)")
    private Path outDir;

    @Option(names = "--only", paramLabel = "PARTS", split = ",", defaultValue = "jmh,latency,throughput",
        description = "which parts to run, comma separated (default: jmh,latency,throughput)")
    private Set<String> only;

    @Option(names = "--include", paramLabel = "REGEX", description = "only the JMH benchmarks matching REGEX")
    private String include;

    @Spec
    private CommandSpec spec;

    /**
     * Run {@code bench} and exit with its exit code.
     *
     * @param args arguments after {@code bench}.
     */
    public static void main(final String[] args)
    {
        System.exit(PerpRiskMain.run(new BenchCommand(), args, System.out, System.err));
    }

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err) throws Exception
    {
        if (!"quick".equals(mode) && !"full".equals(mode))
        {
            err.println("perp-risk bench: unknown mode " + mode + "; quick or full");
            return ExitCode.USAGE;
        }
        final List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && "bench".equals(args.get(0)))
        {
            args.remove(0);
        }

        final boolean full = "full".equals(mode);
        Files.createDirectories(outDir);
        final String startedAt = ZonedDateTime.now(ZoneOffset.UTC).format(TIME);
        final String loadStart = MachineInfo.loadAverage();
        out.println("bench " + mode + ": started " + startedAt + ", load " + loadStart + ", results in " + outDir);

        List<JmhSuite.Row> rows = null;
        if (only.contains("jmh"))
        {
            final JmhSuite suite = new JmhSuite();
            if (null != include)
            {
                suite.include(include);
            }
            if (full)
            {
                suite.warmup(5, TimeValue.seconds(1)).measurement(5, TimeValue.seconds(1));
            }
            else
            {
                suite.warmup(1, TimeValue.seconds(1)).measurement(2, TimeValue.seconds(1))
                    .param("holders", "1000", "100000")
                    .param("positions", "1000", "100000");
            }
            rows = suite.run();
        }

        LatencyHarness.Result latency = null;
        if (only.contains("latency"))
        {
            latency = new LatencyHarness()
                .rate(100_000)
                .seconds(full ? 20 : 3)
                .warmupSeconds(full ? 5 : 2)
                .out(outDir)
                .run(out);
        }

        ThroughputSearch.Result throughput = null;
        if (only.contains("throughput"))
        {
            final ThroughputSearch search = new ThroughputSearch();
            if (full)
            {
                search.stepSeconds(5).warmupSeconds(1);
            }
            else
            {
                search.rates(50_000, 100_000, 200_000, 400_000).stepSeconds(1).warmupSeconds(0.5);
            }
            throughput = search.run(out);
        }

        final String endedAt = ZonedDateTime.now(ZoneOffset.UTC).format(TIME);
        final String command = "bin/perp-risk bench " + String.join(" ", args);
        final String page = new ResultsPage(rows, latency, throughput)
            .render(mode, command.trim(), startedAt, endedAt, loadStart, MachineInfo.loadAverage());
        final Path pageFile = outDir.resolve("results.md");
        Files.writeString(pageFile, page, StandardCharsets.UTF_8);
        out.println("bench " + mode + ": wrote " + pageFile);
        return ExitCode.OK;
    }

    /**
     * {@code bench jmh [JMH options]}: the JMH command line over these benchmarks, with the JVM flags appended to
     * every fork (e.g. {@code bench jmh EngineMarkPrice -prof gc}). Arguments are passed to JMH unchanged.
     */
    @Command(name = "jmh", description = "the JMH command line over these benchmarks (arguments go to JMH unchanged)")
    static final class Jmh implements PerpRiskCommand
    {
        @Unmatched
        private List<String> jmhArgs = new ArrayList<>();

        /**
         * {@inheritDoc}
         */
        public int run(final PrintStream out, final PrintStream err) throws Exception
        {
            if (!jmhArgs.contains("-jvmArgsAppend"))
            {
                final List<String> flags = new ArrayList<>(JvmFlags.missingFromThisJvm());
                flags.add(JmhSuite.FORK_HEAP);
                jmhArgs.add("-jvmArgsAppend");
                jmhArgs.add(String.join(" ", flags));
            }
            if (jmhArgs.stream().noneMatch((arg) -> !arg.startsWith("-") && !isOptionValue(jmhArgs, arg)))
            {
                jmhArgs.add("io\\.perprisk\\.perf\\.jmh\\..*");
            }
            org.openjdk.jmh.Main.main(jmhArgs.toArray(new String[0]));
            return ExitCode.OK;
        }

        private static boolean isOptionValue(final List<String> args, final String arg)
        {
            final int index = args.indexOf(arg);
            return index > 0 && args.get(index - 1).startsWith("-");
        }
    }

    /**
     * {@code bench latency [--rate N] [--seconds S] [--warmup S] [--accounts N] [--idle NAME] [--out DIR]}: the
     * latency harness alone; numbers may carry {@code _} separators.
     */
    @Command(name = "latency", description = "the end-to-end latency harness alone")
    static final class Latency implements PerpRiskCommand
    {
        @Option(names = "--rate", paramLabel = "N", converter = Decimal.class, description = "events per second")
        private Double rate;

        @Option(names = "--seconds", paramLabel = "S", converter = Decimal.class, description = "measured seconds")
        private Double seconds;

        @Option(names = "--warmup", paramLabel = "S", converter = Decimal.class, description = "warm-up seconds")
        private Double warmup;

        @Option(names = "--accounts", paramLabel = "N", converter = Decimal.class, description = "accounts")
        private Double accounts;

        @Option(names = "--idle", paramLabel = "NAME", description = "idle strategy of the service and the echo")
        private String idle;

        @Option(names = "--out", paramLabel = "DIR", description = "where the histograms and plots go")
        private Path out;

        /**
         * {@inheritDoc}
         */
        public int run(final PrintStream stdout, final PrintStream err) throws Exception
        {
            final LatencyHarness harness = new LatencyHarness();
            if (null != rate)
            {
                harness.rate(rate.longValue());
            }
            if (null != seconds)
            {
                harness.seconds(seconds);
            }
            if (null != warmup)
            {
                harness.warmupSeconds(warmup);
            }
            if (null != accounts)
            {
                harness.accounts(accounts.intValue());
            }
            if (null != idle)
            {
                harness.idleStrategy(idle);
            }
            if (null != out)
            {
                harness.out(out);
            }
            harness.run(stdout);
            return ExitCode.OK;
        }
    }

    /**
     * A number that may carry {@code _} separators, e.g. {@code 100_000}.
     */
    static final class Decimal implements CommandLine.ITypeConverter<Double>
    {
        /**
         * {@inheritDoc}
         */
        public Double convert(final String value)
        {
            return Double.valueOf(value.replace("_", ""));
        }
    }
}
