package io.perprisk.cli.stress;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code perp-risk stress --journal DIR --shock INSTRUMENT=-30% [--shock ...] [--steps N] [--liquidity ...]
 * [--report FILE]}: the what-if on the latest state of a journal ({@link WhatIfSimulation}), with a summary on
 * standard output and an HTML report. The journal is only read.
 */
@Command(name = StressCommand.NAME, description =
    "what-if on a journal's latest state: shock marks, liquidate against a simulated market, report")
public final class StressCommand implements PerpRiskCommand
{
    /**
     * Name of the command.
     */
    public static final String NAME = "stress";

    @Option(names = "--journal", paramLabel = "DIR", required = true,
        description = "the journal directory (only read; the what-if runs on a private copy of its state)")
    private Path journal;

    @Option(names = "--shock", paramLabel = "INSTRUMENT=PERCENT%", required = true,
        description = "mark move of one instrument over the path, e.g. 1=-30%%; repeat for several instruments")
    private List<String> shocks = new ArrayList<>();

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10",
        description = "equal mark steps the shock is applied in (default: 10)")
    private int steps;

    @Option(names = "--liquidity", paramLabel = "[INSTRUMENT=]DEPTH[@SLIPPAGE%]",
        description = "simulated market per step and side, e.g. 1=25@2%% (25 contracts within 2 %% of the mark); " +
        "repeatable; without an instrument it applies to all (default: unlimited depth at the mark)")
    private List<String> liquidity = new ArrayList<>();

    @Option(names = "--report", paramLabel = "FILE.html",
        description = "where to write the HTML report (default: stress.html in a new temporary directory)")
    private Path report;

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err) throws Exception
    {
        final List<Shock> parsedShocks = new ArrayList<>();
        final List<Liquidity> parsedLiquidity = new ArrayList<>();
        try
        {
            for (final String shock : shocks)
            {
                parsedShocks.add(Shock.parse(shock));
            }
            for (final String market : liquidity)
            {
                parsedLiquidity.add(Liquidity.parse(market));
            }
            if (steps < 1)
            {
                throw new IllegalArgumentException("--steps must be at least 1");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("perp-risk stress: " + ex.getMessage());
            return ExitCode.USAGE;
        }
        return execute(journal, parsedShocks, steps, parsedLiquidity, report, out, err);
    }

    /**
     * The command's plain entry point: run the what-if, write the report, print the summary.
     *
     * @param journal   the journal directory; only read.
     * @param shocks    the mark moves.
     * @param steps     equal steps of the path.
     * @param liquidity the simulated market; empty for unlimited depth at the mark.
     * @param report    the HTML file to write, or null for a temporary one.
     * @param out       standard output: the summary and the report's path.
     * @param err       standard error: fallback messages.
     * @return the exit code.
     * @throws Exception if the journal cannot be read or the report written.
     */
    public static int execute(
        final Path journal,
        final List<Shock> shocks,
        final int steps,
        final List<Liquidity> liquidity,
        final Path report,
        final PrintStream out,
        final PrintStream err) throws Exception
    {
        if (!Files.isDirectory(journal))
        {
            err.println("perp-risk stress: no journal directory " + journal);
            return ExitCode.USAGE;
        }
        final StressResult result;
        try
        {
            result = WhatIfSimulation.run(journal, shocks, steps, liquidity, err);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("perp-risk stress: " + ex.getMessage());
            return ExitCode.USAGE;
        }
        final Path file = null != report ? report :
            Files.createTempDirectory("perp-risk-stress-report").resolve("stress.html");
        StressReport.write(file, journal, result);
        out.print(StressReport.summary(journal, result));
        out.println("report: " + file.toAbsolutePath());
        out.flush();
        return ExitCode.OK;
    }
}
