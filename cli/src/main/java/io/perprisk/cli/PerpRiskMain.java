package io.perprisk.cli;

import io.perprisk.cli.cluster.ClusterCommand;
import io.perprisk.cli.demo.DemoCommand;
import io.perprisk.cli.journal.JournalCommand;
import io.perprisk.cli.journal.ReplayCommand;
import io.perprisk.cli.journal.StatementCommand;
import io.perprisk.cli.stress.StressCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The single command-line entry point, {@code perp-risk COMMAND [ARGS...]}, run by {@code bin/perp-risk}. Arguments
 * are parsed by picocli; every command has {@code --help}.
 * <p>
 * To add a command, implement {@link PerpRiskCommand} as a picocli {@code @Command} and add its class to
 * {@code subcommands} below. Exit codes are those of {@link ExitCode}: a usage error (unknown command or option, bad
 * value, missing argument) prints the message and the command's usage on stderr and exits with
 * {@link ExitCode#USAGE}; an exception escaping a command prints {@code perp-risk COMMAND: exception} on stderr and
 * exits with {@link ExitCode#FAILURE}.
 */
@Command(
    name = "perp-risk",
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = PerpRiskMain.Version.class,
    usageHelpWidth = 120,
    description = "Margin and liquidation engine for perpetual-futures exchanges.",
    subcommands = {
        ClusterCommand.class,
        DemoCommand.class,
        JournalCommand.class,
        ReplayCommand.class,
        RunCommand.class,
        ScenarioCommand.class,
        SendCommand.class,
        StatementCommand.class,
        StressCommand.class,
    })
public final class PerpRiskMain
{
    private static final String[] FOOTER = {
        "  bench [quick|full|jmh|latency]",
        "             benchmarks and the latency harness; writes target/bench/results.md (see docs/performance.md);",
        "             run by bin/perp-risk from the perf-tests module",
        "",
        "Exit codes: 0 success, 1 failure (replay: divergence), 2 usage or malformed input, 3 damaged journal.",
        "perp-risk COMMAND --help shows one command.",
    };

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
     * @return the exit code, one of {@link ExitCode}.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return execute(commandLine(new PerpRiskMain()), args, out, err);
    }

    /**
     * Run one command object with its arguments (those after the command name), with the same parsing, help and exit
     * codes as {@link #run(String[], PrintStream, PrintStream)}; for tests and tools that configure the command, e.g.
     * with another engine.
     *
     * @param command the command, a picocli {@code @Command}.
     * @param args    arguments after the command name.
     * @param out     standard output.
     * @param err     standard error.
     * @return the exit code, one of {@link ExitCode}.
     */
    public static int run(
        final PerpRiskCommand command, final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine commandLine = commandLine(new PerpRiskMain());
        final String name = new CommandLine(command).getCommandName();
        commandLine.getCommandSpec().removeSubcommand(name);
        commandLine.addSubcommand(name, command);
        final String[] all = new String[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        return execute(commandLine, all, out, err);
    }

    /**
     * The command line of every command, for tools that list or document them.
     *
     * @return a new picocli command line of {@code perp-risk} and its sub-commands.
     */
    public static CommandLine commandLine()
    {
        final CommandLine commandLine = commandLine(new PerpRiskMain());
        commandLine.getCommandSpec().usageMessage().footer(FOOTER);
        return commandLine;
    }

    private static CommandLine commandLine(final PerpRiskMain main)
    {
        final CommandLine commandLine = new CommandLine(main);
        commandLine.setUsageHelpAutoWidth(false);
        return commandLine;
    }

    private static int execute(
        final CommandLine commandLine, final String[] args, final PrintStream out, final PrintStream err)
    {
        // set last: sub-commands inherit what the top level has when they are added
        commandLine.getCommandSpec().usageMessage().footer(FOOTER);
        final PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        final PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        commandLine.setOut(outWriter);
        commandLine.setErr(errWriter);
        commandLine.setExecutionStrategy((parseResult) -> executeParsed(parseResult, out, err));
        commandLine.setParameterExceptionHandler((ex, ignored) ->
        {
            final CommandLine failed = ex.getCommandLine();
            errWriter.println(failed.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, errWriter);
            failed.usage(errWriter);
            errWriter.flush();
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, failed, parseResult) ->
        {
            out.flush();
            err.println(failed.getCommandSpec().qualifiedName() + ": " + ex);
            err.flush();
            return ExitCode.FAILURE;
        });
        try
        {
            return commandLine.execute(args);
        }
        finally
        {
            outWriter.flush();
            errWriter.flush();
            out.flush();
            err.flush();
        }
    }

    private static int executeParsed(final ParseResult parseResult, final PrintStream out, final PrintStream err)
    {
        final Integer helpExitCode = CommandLine.executeHelpRequest(parseResult);
        if (null != helpExitCode)
        {
            return helpExitCode;
        }

        ParseResult last = parseResult;
        while (last.hasSubcommand())
        {
            last = last.subcommand();
        }
        final CommandLine commandLine = last.commandSpec().commandLine();
        final Object command = last.commandSpec().userObject();
        if (command instanceof PerpRiskCommand)
        {
            try
            {
                return ((PerpRiskCommand) command).run(out, err);
            }
            catch (final Exception ex)
            {
                throw new CommandLine.ExecutionException(commandLine, ex.toString(), ex);
            }
        }

        // no command, or a group such as "journal" without its sub-command
        commandLine.usage(commandLine.getErr());
        commandLine.getErr().flush();
        return ExitCode.USAGE;
    }

    /**
     * The version {@code --version} prints: the implementation version in the jar's manifest.
     */
    static final class Version implements CommandLine.IVersionProvider
    {
        /**
         * {@inheritDoc}
         */
        public String[] getVersion()
        {
            final String version = PerpRiskMain.class.getPackage().getImplementationVersion();
            return new String[]{ "perp-risk " + (null == version ? "(development build)" : version) };
        }
    }
}
