package io.perprisk.journal.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

import io.perprisk.journal.Divergence;
import io.perprisk.journal.EngineFactory;
import io.perprisk.journal.JournalCorruptedException;
import io.perprisk.journal.JournalReplayer;
import io.perprisk.journal.JournalText;
import io.perprisk.journal.ReplayResult;

/**
 * {@code replay --journal DIR [--from-snapshot]}: replays the inbound journal through a fresh engine and verifies the
 * recorded outbound messages byte for byte and the recorded state digests. Prints a summary on success; on the first
 * divergence prints its seq with the expected and actual messages as JSON and exits with {@value #EXIT_DIVERGENCE}.
 * Progress goes to stderr about once a second.
 */
public final class ReplayCommand
{
    /**
     * Exit status when the journal was reproduced.
     */
    public static final int EXIT_OK = 0;

    /**
     * Exit status on a divergence.
     */
    public static final int EXIT_DIVERGENCE = 1;

    /**
     * Exit status on bad arguments.
     */
    public static final int EXIT_USAGE = 2;

    /**
     * Exit status when a journal or snapshot record is damaged.
     */
    public static final int EXIT_CORRUPT = 3;

    /**
     * Synopsis for the command dispatcher's help, after the command name.
     */
    public static final String SYNOPSIS = "--journal DIR [--from-snapshot]";

    /**
     * One-line description for the command dispatcher's help.
     */
    public static final String DESCRIPTION =
        "replay a journal through a fresh engine and verify outputs and state digests byte for byte";

    private static final String USAGE = "usage: replay --journal DIR [--from-snapshot]";

    private ReplayCommand()
    {
    }

    /**
     * Run from the command line with the production engine; exits the JVM with the command's status.
     *
     * @param args the arguments after the command name.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err, EngineFactories.production()));
    }

    /**
     * Run with the production engine, for the command dispatcher.
     *
     * @param args the arguments after the command name.
     * @param out  for the summary or the divergence.
     * @param err  for progress and errors.
     * @return the exit status.
     */
    public static int run(final List<String> args, final PrintStream out, final PrintStream err)
    {
        return run(args.toArray(new String[0]), out, err, EngineFactories.production());
    }

    /**
     * Run the command.
     *
     * @param args    the arguments after the command name.
     * @param out     for the summary or the divergence.
     * @param err     for progress and errors.
     * @param factory creating the replaying engine.
     * @return the exit status.
     */
    public static int run(
        final String[] args, final PrintStream out, final PrintStream err, final EngineFactory factory)
    {
        final Path journalDir;
        final boolean fromSnapshot;
        try
        {
            final CommandArguments arguments = CommandArguments.parse(args, Set.of("journal"), Set.of("from-snapshot"));
            journalDir = Paths.get(arguments.required("journal"));
            fromSnapshot = arguments.has("from-snapshot");
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(ex.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        }

        final ReplayResult result;
        try
        {
            result = JournalReplayer.replay(journalDir, factory, fromSnapshot, err);
        }
        catch (final JournalCorruptedException ex)
        {
            err.println("replay stopped: " + ex.getMessage());
            return EXIT_CORRUPT;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(ex.getMessage());
            return EXIT_USAGE;
        }

        final Divergence divergence = result.divergence();
        if (null != divergence)
        {
            out.println("DIVERGENCE at seq " + divergence.seq() + ": " + divergence.description());
            out.println("{\"divergence\":{\"seq\":" + divergence.seq() +
                ",\"messageIndex\":" + divergence.messageIndex() +
                ",\"description\":\"" + escape(divergence.description()) + "\"" +
                ",\"expected\":" + JournalText.message(divergence.expected()) +
                ",\"actual\":" + JournalText.message(divergence.actual()) + "}}");
            out.println("replayed " + result.events() + " events before the divergence");
            return EXIT_DIVERGENCE;
        }

        out.println("replay OK: " + journalDir);
        out.println("  start:        " + (result.startSnapshotSeq() > 0 ?
            "snapshot at seq " + result.startSnapshotSeq() : "empty engine"));
        out.println("  events:       " + result.events() +
            (result.events() > 0 ? " (seq " + result.firstSeq() + " .. " + result.lastSeq() + ")" : ""));
        out.println("  outputs:      " + result.messages() + " messages in " + result.outputDocuments() +
            " events, byte-identical");
        out.println("  digests:      " + result.digestsChecked() + " recorded digests matched; final state " +
            (result.finalDigestVerified() ? "matches the digest recorded at seq " + result.lastSeq() :
            "has no recorded digest at seq " + result.lastSeq() + " (last matched at seq " +
            result.lastRecordedDigestSeq() + ")"));
        out.println("  accounts:     " + result.accounts());
        out.println("  liquidations: " + result.liquidations());
        out.println("  digest:       " + result.digest());
        out.println("  speed:        " + result.eventsPerSecond() + " events/s (" +
            String.format("%.3f", result.nanos() / 1e9) + " s)");
        return EXIT_OK;
    }

    static String escape(final String text)
    {
        final StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                sb.append(String.format("\\u%04x", (int) c));
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
