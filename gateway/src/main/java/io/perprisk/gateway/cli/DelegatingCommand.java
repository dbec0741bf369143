package io.perprisk.gateway.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * A {@link Command} whose work is done by a static entry point in a lower module (the journal tools cannot implement
 * this interface themselves because the gateway depends on the journal, not the reverse).
 */
final class DelegatingCommand implements Command
{
    /**
     * The entry point a delegating command calls.
     */
    @FunctionalInterface
    interface Entry
    {
        /**
         * Run the tool.
         *
         * @param args arguments after the command name.
         * @param out  standard output.
         * @param err  standard error.
         * @return the exit code.
         * @throws Exception on an unexpected failure.
         */
        int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
    }

    private final String synopsis;
    private final String description;
    private final Entry entry;

    DelegatingCommand(final String synopsis, final String description, final Entry entry)
    {
        this.synopsis = synopsis;
        this.description = description;
        this.entry = entry;
    }

    /**
     * {@inheritDoc}
     */
    public String synopsis()
    {
        return synopsis;
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return description;
    }

    /**
     * {@inheritDoc}
     */
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws Exception
    {
        return entry.run(args, out, err);
    }
}
