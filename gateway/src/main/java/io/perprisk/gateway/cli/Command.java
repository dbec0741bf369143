package io.perprisk.gateway.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * A sub-command of {@code perp-risk}, registered by name in {@link PerpRiskMain}. Cold path: ordinary Java.
 */
public interface Command
{
    /**
     * Arguments after the command name, for usage text, e.g. {@code "FILE.jsonl"}; empty if there are none.
     *
     * @return the argument synopsis.
     */
    String synopsis();

    /**
     * One line saying what the command does, for {@code perp-risk --help}.
     *
     * @return the description.
     */
    String description();

    /**
     * Run the command. Machine-readable output (e.g. JSON Lines) goes to {@code out}, diagnostics to {@code err}.
     *
     * @param args arguments after the command name.
     * @param out  standard output.
     * @param err  standard error.
     * @return the exit code: {@link PerpRiskMain#EXIT_OK}, {@link PerpRiskMain#EXIT_FAILURE} or
     * {@link PerpRiskMain#EXIT_USAGE} (bad arguments or malformed input).
     * @throws Exception on an unexpected failure; {@link PerpRiskMain} reports it and exits with
     *                   {@link PerpRiskMain#EXIT_FAILURE}.
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
