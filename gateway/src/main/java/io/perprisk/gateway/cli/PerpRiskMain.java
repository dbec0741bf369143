package io.perprisk.gateway.cli;

import io.perprisk.journal.cli.JournalDumpCommand;
import io.perprisk.journal.cli.ReplayCommand;
import io.perprisk.journal.cli.StatementCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The single command-line entry point, {@code perp-risk COMMAND [ARGS...]}, run by {@code bin/perp-risk}.
 * <p>
 * {@code --help} lists the commands; {@code perp-risk COMMAND --help} shows one. To add a command, implement
 * {@link Command} and register it with one line in {@link #COMMANDS}.
 * <p>
 * Exit codes: {@link #EXIT_OK}, {@link #EXIT_FAILURE} (the command failed), {@link #EXIT_USAGE} (unknown command, bad
 * arguments or malformed input).
 */
public final class PerpRiskMain
{
    /**
     * Exit code of a command that succeeded.
     */
    public static final int EXIT_OK = 0;

    /**
     * Exit code of a command that failed while running.
     */
    public static final int EXIT_FAILURE = 1;

    /**
     * Exit code for an unknown command, bad arguments or malformed input.
     */
    public static final int EXIT_USAGE = 2;

    private static final Map<String, Command> COMMANDS = new TreeMap<>();

    static
    {
        COMMANDS.put("scenario", new ScenarioCommand());
        COMMANDS.put(io.perprisk.gateway.service.RunCommand.NAME, new io.perprisk.gateway.service.RunCommand());
        COMMANDS.put(io.perprisk.gateway.service.SendCommand.NAME, new io.perprisk.gateway.service.SendCommand());
        COMMANDS.put(io.perprisk.gateway.demo.DemoCommand.NAME, new io.perprisk.gateway.demo.DemoCommand());
        COMMANDS.put(io.perprisk.gateway.stress.StressCommand.NAME, new io.perprisk.gateway.stress.StressCommand());
        COMMANDS.put("replay", new DelegatingCommand(
            ReplayCommand.SYNOPSIS, ReplayCommand.DESCRIPTION, ReplayCommand::run));
        COMMANDS.put("journal", new DelegatingCommand(
            JournalDumpCommand.SYNOPSIS, JournalDumpCommand.DESCRIPTION, JournalDumpCommand::run));
        COMMANDS.put("statement", new DelegatingCommand(
            StatementCommand.SYNOPSIS, StatementCommand.DESCRIPTION, StatementCommand::run));
    }

    private PerpRiskMain()
    {
    }

    /**
     * Run a command and exit the JVM with its exit code.
     *
     * @param args command name followed by its arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Run a command without exiting the JVM; what {@link #main(String[])} does, callable from tests and tools.
     *
     * @param args command name followed by its arguments.
     * @param out  standard output.
     * @param err  standard error.
     * @return the exit code.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (0 == args.length)
        {
            printUsage(err);
            return EXIT_USAGE;
        }

        final String name = args[0];
        if ("--help".equals(name) || "-h".equals(name) || "help".equals(name))
        {
            printUsage(out);
            return EXIT_OK;
        }

        final Command command = COMMANDS.get(name);
        if (null == command)
        {
            err.println("perp-risk: unknown command: " + name);
            printUsage(err);
            return EXIT_USAGE;
        }

        final List<String> commandArgs = Arrays.asList(args).subList(1, args.length);
        if (commandArgs.contains("--help") || commandArgs.contains("-h"))
        {
            out.println("usage: perp-risk " + name + " " + command.synopsis());
            out.println("  " + command.description());
            return EXIT_OK;
        }

        try
        {
            return command.run(commandArgs, out, err);
        }
        catch (final Exception ex)
        {
            out.flush();
            err.println("perp-risk " + name + ": " + ex);
            return EXIT_FAILURE;
        }
    }

    /**
     * The registered commands by name.
     *
     * @return an unmodifiable view of the commands, ordered by name.
     */
    public static Map<String, Command> commands()
    {
        return Collections.unmodifiableMap(COMMANDS);
    }

    private static void printUsage(final PrintStream stream)
    {
        stream.println("usage: perp-risk COMMAND [ARGS...]    (perp-risk COMMAND --help for one command)");
        stream.println();
        stream.println("commands:");
        for (final Map.Entry<String, Command> entry : COMMANDS.entrySet())
        {
            final String usage = entry.getKey() + " " + entry.getValue().synopsis();
            stream.printf("  %-32s %s%n", usage, entry.getValue().description());
        }
        // perf-tests depends on this module, so bin/perp-risk hands 'bench' to perf-tests/bin/perp-risk-bench.
        stream.printf("  %-32s %s%n", "bench [quick|full|jmh|latency]",
            "benchmarks and the latency harness; writes target/bench/results.md (see docs/performance.md)");
    }
}
