package io.perprisk.gateway.stress;

import io.perprisk.gateway.cli.Command;
import io.perprisk.gateway.cli.PerpRiskMain;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code perp-risk stress --journal DIR --shock INSTRUMENT=-30% [--shock ...] [--steps N] [--liquidity ...]
 * [--report FILE]}: the what-if on the latest state of a journal ({@link WhatIfSimulation}), with a summary on
 * standard output and an HTML report. The journal is only read.
 */
public final class StressCommand implements Command
{
    /**
     * Name of the command in the dispatcher.
     */
    public static final String NAME = "stress";

    /**
     * Default number of steps of the shock path.
     */
    public static final int STEPS_DEFAULT = 10;

    /**
     * {@inheritDoc}
     */
    public String synopsis()
    {
        return "--journal DIR --shock INSTRUMENT=-30% [--shock ...] [--steps 10] " +
            "[--liquidity [INSTRUMENT=]DEPTH[@SLIPPAGE%] ...] [--report FILE.html]";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "what-if on a journal's latest state: shock marks, liquidate against a simulated market, report";
    }

    /**
     * {@inheritDoc}
     */
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws Exception
    {
        return execute(args.toArray(new String[0]), out, err);
    }

    /**
     * The command's plain entry point (what {@link #run} calls).
     *
     * @param args the arguments after the command name.
     * @param out  standard output: the summary and the report's path.
     * @param err  standard error: usage and fallback messages.
     * @return the exit code.
     * @throws Exception if the journal cannot be read or the report written.
     */
    public static int execute(final String[] args, final PrintStream out, final PrintStream err) throws Exception
    {
        Path journal = null;
        Path report = null;
        int steps = STEPS_DEFAULT;
        final List<Shock> shocks = new ArrayList<>();
        final List<Liquidity> liquidity = new ArrayList<>();
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String arg = args[i];
                final int eq = arg.indexOf('=');
                final String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
                final String value = arg.startsWith("--") && eq > 0 ? arg.substring(eq + 1) :
                    (i + 1 < args.length ? args[++i] : null);
                if (null == value)
                {
                    throw new IllegalArgumentException("missing value for " + arg);
                }
                switch (name)
                {
                    case "--journal":
                        journal = Paths.get(value);
                        break;
                    case "--shock":
                        shocks.add(Shock.parse(value));
                        break;
                    case "--steps":
                        steps = Integer.parseInt(value);
                        break;
                    case "--liquidity":
                        liquidity.add(Liquidity.parse(value));
                        break;
                    case "--report":
                        report = Paths.get(value);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (null == journal || shocks.isEmpty() || steps < 1)
            {
                throw new IllegalArgumentException("--journal and at least one --shock are required, --steps >= 1");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("perp-risk stress: " + ex.getMessage());
            err.println("usage: perp-risk stress " + new StressCommand().synopsis());
            return PerpRiskMain.EXIT_USAGE;
        }
        if (!Files.isDirectory(journal))
        {
            err.println("perp-risk stress: no journal directory " + journal);
            return PerpRiskMain.EXIT_USAGE;
        }
        final StressResult result = WhatIfSimulation.run(journal, shocks, steps, liquidity, err);
        if (null == report)
        {
            report = Files.createTempDirectory("perp-risk-stress-report").resolve("stress.html");
        }
        StressReport.write(report, journal, result);
        out.print(StressReport.summary(journal, result));
        out.println("report: " + report.toAbsolutePath());
        out.flush();
        return PerpRiskMain.EXIT_OK;
    }
}
