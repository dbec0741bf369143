package io.perprisk.cli;

import java.io.PrintStream;

/**
 * A sub-command of {@code perp-risk}: a picocli {@code @Command} whose options and parameters are fields that picocli
 * sets before {@link #run(PrintStream, PrintStream)} is called. Register it in {@link PerpRiskMain}'s
 * {@code subcommands}. Cold path: ordinary Java.
 */
public interface PerpRiskCommand
{
    /**
     * Run the command with its parsed arguments. Machine-readable output (e.g. JSON Lines) goes to {@code out},
     * diagnostics to {@code err}.
     *
     * @param out standard output.
     * @param err standard error.
     * @return an {@link ExitCode}.
     * @throws Exception on an unexpected failure; {@link PerpRiskMain} reports it and exits with
     *                   {@link ExitCode#FAILURE}.
     */
    int run(PrintStream out, PrintStream err) throws Exception;
}
