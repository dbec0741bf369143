package io.perprisk.journal.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

import io.perprisk.journal.InboundHandler;
import io.perprisk.journal.InboundReader;
import io.perprisk.journal.JournalCorruptedException;
import io.perprisk.journal.JournalText;
import io.perprisk.journal.OutboundRecord;
import io.perprisk.journal.OutboundLookahead;
import io.perprisk.journal.OutboundTailer;
import org.agrona.DirectBuffer;

/**
 * {@code journal dump --journal DIR [--account N] [--from-seq A] [--to-seq B]}: the inbound and outbound journals
 * as JSON Lines, in order: each inbound event, then the outbound messages it caused, then any state digest recorded
 * after it. Lines: {@code {"direction":"IN","seq":S,"receiveTimeNanos":T,"message":{...}}},
 * {@code {"direction":"OUT","seq":S,"index":I,"message":{...}}} (I = position among the event's outputs) and
 * {@code {"direction":"DIGEST","seq":S,"digest":"..."}}. With {@code --account}, only messages naming that account
 * (as account or as liquidated account) are printed, and no digests.
 */
public final class JournalDumpCommand implements InboundHandler
{
    /**
     * Synopsis for the command dispatcher's help, after the command name.
     */
    public static final String SYNOPSIS = "dump --journal DIR [--account N] [--from-seq A] [--to-seq B]";

    /**
     * One-line description for the command dispatcher's help.
     */
    public static final String DESCRIPTION = "print the inbound and outbound journals as JSON Lines in order";

    private static final String USAGE = "usage: journal dump --journal DIR [--account N] [--from-seq A] [--to-seq B]";

    private final PrintStream out;
    private final long accountId;
    private final long toSeq;
    private final StringBuilder line = new StringBuilder(1024);
    private OutboundLookahead recorded;
    private boolean done;
    private long lines;

    private JournalDumpCommand(final PrintStream out, final long accountId, final long toSeq)
    {
        this.out = out;
        this.accountId = accountId;
        this.toSeq = toSeq;
    }

    /**
     * Run from the command line; exits the JVM with the command's status.
     *
     * @param args the arguments after {@code journal dump}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Run {@code journal dump ...} for the command dispatcher: the first argument must be {@code dump}.
     *
     * @param args the arguments after {@code journal}.
     * @param out  for the JSON lines.
     * @param err  for errors.
     * @return the exit status.
     */
    public static int run(final List<String> args, final PrintStream out, final PrintStream err)
    {
        if (args.isEmpty() || !"dump".equals(args.get(0)))
        {
            err.println(USAGE);
            return ReplayCommand.EXIT_USAGE;
        }
        return run(args.subList(1, args.size()).toArray(new String[0]), out, err);
    }

    /**
     * Run the command.
     *
     * @param args the arguments after {@code journal dump}.
     * @param out  for the JSON lines.
     * @param err  for errors.
     * @return the exit status: 0, 2 for bad arguments, 3 for a damaged journal.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final Path journalDir;
        final long accountId;
        final long fromSeq;
        final long toSeq;
        try
        {
            final CommandArguments arguments = CommandArguments.parse(
                args, Set.of("journal", "account", "from-seq", "to-seq"), Set.of());
            journalDir = Paths.get(arguments.required("journal"));
            accountId = arguments.longValue("account", Long.MIN_VALUE);
            fromSeq = arguments.longValue("from-seq", 1);
            toSeq = arguments.longValue("to-seq", Long.MAX_VALUE);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(ex.getMessage());
            err.println(USAGE);
            return ReplayCommand.EXIT_USAGE;
        }
        final JournalDumpCommand dump = new JournalDumpCommand(out, accountId, toSeq);
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
            return ReplayCommand.EXIT_OK;
        }
        catch (final JournalCorruptedException ex)
        {
            out.flush();
            err.println("dump stopped: " + ex.getMessage());
            return ReplayCommand.EXIT_CORRUPT;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(ex.getMessage());
            return ReplayCommand.EXIT_USAGE;
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
