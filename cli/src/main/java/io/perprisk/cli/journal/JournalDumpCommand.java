package io.perprisk.cli.journal;

import java.io.PrintStream;
import java.nio.file.Path;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskCommand;
import io.perprisk.journal.InboundHandler;
import io.perprisk.journal.InboundReader;
import io.perprisk.journal.JournalCorruptedException;
import io.perprisk.journal.JournalText;
import io.perprisk.journal.OutboundRecord;
import io.perprisk.journal.OutboundLookahead;
import io.perprisk.journal.OutboundTailer;
import org.agrona.DirectBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code journal dump --journal DIR [--account N] [--from-seq A] [--to-seq B]}: the inbound and outbound journals
 * as JSON Lines, in order: each inbound event, then the outbound messages it caused, then any state digest recorded
 * after it. Lines: {@code {"direction":"IN","seq":S,"receiveTimeNanos":T,"message":{...}}},
 * {@code {"direction":"OUT","seq":S,"index":I,"message":{...}}} (I = position among the event's outputs) and
 * {@code {"direction":"DIGEST","seq":S,"digest":"..."}}. With {@code --account}, only messages naming that account
 * (as account or as liquidated account) are printed, and no digests.
 */
@Command(name = "dump", description = "print the inbound and outbound journals as JSON Lines in order")
public final class JournalDumpCommand implements PerpRiskCommand, InboundHandler
{
    @Option(names = "--journal", paramLabel = "DIR", required = true, description = "the journal directory")
    private Path journalDir;

    @Option(names = "--account", paramLabel = "N",
        description = "only messages naming account N (as account or liquidated account), no digests")
    private long accountId = Long.MIN_VALUE;

    @Option(names = "--from-seq", paramLabel = "A", defaultValue = "1", description = "first seq (default: 1)")
    private long fromSeq;

    @Option(names = "--to-seq", paramLabel = "B", description = "last seq (default: the end)")
    private long toSeq = Long.MAX_VALUE;

    private final StringBuilder line = new StringBuilder(1024);
    private PrintStream out;
    private OutboundLookahead recorded;
    private boolean done;
    private long lines;

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        final JournalDumpCommand dump = this;
        try (InboundReader inbound = InboundReader.open(journalDir);
            OutboundTailer outbound = OutboundTailer.open(journalDir))
        {
            inbound.fromSeq(fromSeq);
            outbound.fromSeq(fromSeq);
            dump.recorded = new OutboundLookahead(outbound);
            while (!dump.done && inbound.poll(dump, 1024) > 0)
            {
                out.flush();
            }
            out.flush();
            return ExitCode.OK;
        }
        catch (final JournalCorruptedException ex)
        {
            out.flush();
            err.println("dump stopped: " + ex.getMessage());
            return ExitCode.CORRUPT;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(ex.getMessage());
            return ExitCode.USAGE;
        }
    }

    /**
     * Not for callers: receives inbound records.
     *
     * @param seq              of the event.
     * @param receiveTimeNanos of the event.
     * @param buffer           holding the message.
     * @param offset           of the message.
     * @param length           of the message.
     */
    public void onInbound(
        final long seq, final long receiveTimeNanos, final DirectBuffer buffer, final int offset, final int length)
    {
        if (seq > toSeq)
        {
            done = true;
            return;
        }
        if (Long.MIN_VALUE == accountId || MessageAccounts.concerns(buffer, offset, length, accountId))
        {
            line.setLength(0);
            line.append("{\"direction\":\"IN\",\"seq\":").append(seq)
                .append(",\"receiveTimeNanos\":").append(receiveTimeNanos).append(",\"message\":");
            JournalText.appendMessage(buffer, offset, length, line).append('}');
            emit();
        }
        while (true)
        {
            if (!recorded.fill() || recorded.seq() > seq)
            {
                return;
            }
            recorded.consume();
            if (recorded.isDigest())
            {
                if (Long.MIN_VALUE == accountId)
                {
                    line.setLength(0);
                    line.append("{\"direction\":\"DIGEST\",\"seq\":").append(recorded.seq())
                        .append(",\"digest\":\"").append(recorded.digest()).append("\"}");
                    emit();
                }
                continue;
            }
            int position = 0;
            int index = 0;
            final DirectBuffer document = recorded.document();
            while (position < recorded.length())
            {
                final int messageLength = document.getInt(position);
                final int messageOffset = position + OutboundRecord.MESSAGE_PREFIX_LENGTH;
                if (Long.MIN_VALUE == accountId ||
                    MessageAccounts.concerns(document, messageOffset, messageLength, accountId))
                {
                    line.setLength(0);
                    line.append("{\"direction\":\"OUT\",\"seq\":").append(recorded.seq())
                        .append(",\"index\":").append(index).append(",\"message\":");
                    JournalText.appendMessage(document, messageOffset, messageLength, line).append('}');
                    emit();
                }
                position = messageOffset + messageLength;
                index++;
            }
        }
    }

    private void emit()
    {
        out.append(line).append('\n');
        lines++;
    }

    long lines()
    {
        return lines;
    }
}
