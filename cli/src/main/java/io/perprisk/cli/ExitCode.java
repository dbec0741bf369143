package io.perprisk.cli;

/**
 * The exit codes of every {@code perp-risk} command, defined here once (and documented once, in the README's
 * "Exit codes" section).
 */
public final class ExitCode
{
    /**
     * The command succeeded (for {@code replay}: the journal was reproduced byte for byte).
     */
    public static final int OK = 0;

    /**
     * The command failed while running: an error, no service to talk to, or (for {@code replay}) a divergence.
     */
    public static final int FAILURE = 1;

    /**
     * Unknown command or option, bad or missing arguments, an unreadable input file or malformed input.
     */
    public static final int USAGE = 2;

    /**
     * A journal or snapshot record is damaged ({@code replay}, {@code journal dump}, {@code statement}).
     */
    public static final int CORRUPT = 3;

    private ExitCode()
    {
    }
}
