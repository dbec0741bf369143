package io.perprisk.perf;

import io.perprisk.cli.ExitCode;
import io.perprisk.perf.latency.LatencyHarness;
import io.perprisk.perf.latency.ThroughputSearch;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code perp-risk bench}: runs the JMH benchmarks, the end-to-end latency harness and the throughput search, and
 * writes a results page. Run by {@code bin/perp-risk bench ...}, which starts this class on the perf-tests classpath
 * (the gateway's command line cannot see this module, which depends on it).
 * <ul>
 *     <li>{@code bench [quick|full] [--out DIR] [--only jmh,latency,throughput] [--include REGEX]}: quick takes a
 *     few seconds per benchmark (a smoke run for CI); full has proper warm-up and iterations and the
 *     million-position states.</li>
 *     <li>{@code bench jmh [JMH options]}: the JMH command line over these benchmarks, with the JVM flags appended
 *     to every fork (e.g. {@code bench jmh EngineMarkPrice -prof gc}).</li>
 *     <li>{@code bench latency [--rate N] [--seconds S] [--warmup S] [--out DIR]}: the latency harness alone.</li>
 * </ul>
 */
public final class BenchCommand
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    /**
     * Arguments after the command name, for usage text.
     *
     * @return the argument synopsis.
     */
    public String synopsis()
    {
        return "[quick|full] [--out DIR] [--only jmh,latency,throughput] [--include REGEX] | jmh [JMH ARGS] | " +
            "latency [--rate N --seconds S --warmup S --out DIR]";
    }

    /**
     * One line saying what the command does.
     *
     * @return the description.
     */
    public String description()
    {
        return "run the benchmarks, the latency harness and the throughput search; write a results page";
    }

    /**
     * Run the command.
     *
     * @param args arguments after {@code bench}.
     * @param out  standard output.
     * @param err  standard error.
     * @return an {@link ExitCode}.
     * @throws Exception on an unexpected failure.
     */
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws Exception
    {
        if (!args.isEmpty() && "jmh".equals(args.get(0)))
        {
            final List<String> jmhArgs = new ArrayList<>(args.subList(1, args.size()));
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
        if (!args.isEmpty() && "latency".equals(args.get(0)))
        {
            new LatencyHarness().parse(args.subList(1, args.size())).run(out);
            return ExitCode.OK;
        }

        String mode = "quick";
        Path outDir = Paths.get("target", "bench");
        String include = null;
        final Set<String> only = new HashSet<>(Arrays.asList("jmh", "latency", "throughput"));
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            switch (arg)
            {
                case "quick":
                case "full":
                    mode = arg;
                    break;
                case "--out":
                    outDir = Paths.get(value(args, ++i, arg));
                    break;
                case "--only":
                    only.clear();
                    only.addAll(Arrays.asList(value(args, ++i, arg).split(",")));
                    break;
                case "--include":
                    include = value(args, ++i, arg);
                    break;
                default:
                    err.println("perp-risk bench: unknown argument " + arg);
                    err.println("usage: perp-risk bench " + synopsis());
                    return ExitCode.USAGE;
            }
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

    private static boolean isOptionValue(final List<String> args, final String arg)
    {
        final int index = args.indexOf(arg);
        return index > 0 && args.get(index - 1).startsWith("-");
    }

    private static String value(final List<String> args, final int index, final String option)
    {
        if (index >= args.size())
        {
            throw new IllegalArgumentException("missing value for " + option);
        }
        return args.get(index);
    }

    /**
     * Run {@code bench} and exit with its exit code.
     *
     * @param args arguments after {@code bench}.
     */
    public static void main(final String[] args)
    {
        final BenchCommand command = new BenchCommand();
        final List<String> list = Arrays.asList(args);
        final boolean jmh = !list.isEmpty() && "jmh".equals(list.get(0));
        if (!jmh && (list.contains("--help") || list.contains("-h")))
        {
            System.out.println("usage: perp-risk bench " + command.synopsis());
            System.out.println("  " + command.description());
            System.exit(ExitCode.OK);
        }
        int exitCode;
        try
        {
            exitCode = command.run(list, System.out, System.err);
        }
        catch (final Exception ex)
        {
            System.out.flush();
            System.err.println("perp-risk bench: " + ex);
            ex.printStackTrace(System.err);
            exitCode = ExitCode.FAILURE;
        }
        System.exit(exitCode);
    }
}
