package io.perprisk.cli.journal;

import java.io.PrintStream;
import java.nio.file.Path;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskCommand;
import io.perprisk.journal.Divergence;
import io.perprisk.journal.EngineFactory;
import io.perprisk.journal.JournalCorruptedException;
import io.perprisk.journal.JournalReplayer;
import io.perprisk.journal.JournalText;
import io.perprisk.journal.ReplayResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replay --journal DIR [--from-snapshot]}: replays the inbound journal through a fresh engine and verifies the
 * recorded outbound messages byte for byte and the recorded state digests. Prints a summary on success; on the first
 * divergence prints its seq with the expected and actual messages as JSON and exits with {@link ExitCode#FAILURE}.
 * Progress goes to stderr about once a second.
 */
@Command(name = "replay",
    description = "replay a journal through a fresh engine and verify outputs and state digests byte for byte")
public final class ReplayCommand implements PerpRiskCommand
{
    @Option(names = "--journal", paramLabel = "DIR", required = true, description = "the journal directory")
    private Path journalDir;

    @Option(names = "--from-snapshot", description = "start from the latest snapshot instead of an empty engine")
    private boolean fromSnapshot;

    private final EngineFactory factory;

    /**
     * A replay with the production engine and its default configuration.
     */
    public ReplayCommand()
    {
        this(EngineFactories.production());
    }

    /**
     * A replay with another engine, e.g. for tests.
     *
     * @param factory creating the replaying engine.
     */
    public ReplayCommand(final EngineFactory factory)
    {
        this.factory = factory;
    }

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err)
    {
        final ReplayResult result;
        try
        {
            result = JournalReplayer.replay(journalDir, factory, fromSnapshot, err);
        }
        catch (final JournalCorruptedException ex)
        {
            err.println("replay stopped: " + ex.getMessage());
            return ExitCode.CORRUPT;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(ex.getMessage());
            return ExitCode.USAGE;
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
            return ExitCode.FAILURE;
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
        return ExitCode.OK;
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
