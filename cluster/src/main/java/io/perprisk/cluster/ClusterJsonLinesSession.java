package io.perprisk.cluster;

import io.perprisk.codecs.JsonFormatException;
import io.perprisk.codecs.JsonLineReader;
import io.perprisk.codecs.JsonLineWriter;
import io.perprisk.codecs.MessageCatalog;
import io.perprisk.codecs.OutboundMessageHandler;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a JSON Lines file of inbound messages to the cluster in file order and collects the outputs they cause as
 * JSON Lines: what {@code perp-risk send --cluster} prints, the same as {@code send} prints for a single service.
 * <p>
 * The service acknowledges a message after sending its outputs on the same session, so once every message is
 * acknowledged (and any resend after a leader change has finished) all their outputs have arrived: no quiet period
 * is needed. The outputs returned are those whose {@code seq} lies between the seq of the client's first message and
 * that of its last, so the client should be the only sender while the file is sent (as for {@code send}).
 */
public final class ClusterJsonLinesSession implements OutboundMessageHandler
{
    private final ClusterRiskClient client;
    private final JsonLineReader reader;
    private final JsonLineWriter writer;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final List<long[]> seqs = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    /**
     * A session over a connected client.
     *
     * @param client to send and receive with.
     */
    public ClusterJsonLinesSession(final ClusterRiskClient client)
    {
        final MessageCatalog catalog = MessageCatalog.load();
        this.client = client;
        this.reader = new JsonLineReader(catalog);
        this.writer = new JsonLineWriter(catalog);
    }

    /**
     * Encode every line first (so a bad line sends nothing), send them, wait until all are acknowledged.
     *
     * @param input     JSON Lines; blank and {@code #} lines are skipped.
     * @param timeoutMs how long to wait for the acknowledgements.
     * @return the outputs the file's messages caused, as JSON lines, in order.
     * @throws JsonFormatException         if a line is not a valid inbound message.
     * @throws IOException                 if reading fails.
     * @throws ClusterUnavailableException if the cluster does not acknowledge them in time.
     */
    public List<String> run(final Reader input, final long timeoutMs) throws JsonFormatException, IOException
    {
        final List<int[]> messages = new ArrayList<>();
        final BufferedReader text =
            input instanceof BufferedReader ? (BufferedReader) input : new BufferedReader(input);
        int limit = 0;
        long lineNumber = 0;
        for (String line = text.readLine(); null != line; line = text.readLine())
        {
            lineNumber++;
            final int length = reader.read(lineNumber, line, buffer, limit);
            if (JsonLineReader.SKIPPED != length)
            {
                messages.add(new int[]{ limit, length });
                limit += length;
            }
        }
        final List<String> outputs = new ArrayList<>();
        if (messages.isEmpty())
        {
            return outputs;
        }
        final long sentBefore = client.sentCount();
        for (final int[] message : messages)
        {
            client.send(buffer, message[0], message[1]);
            client.poll(this, 64);
        }
        client.awaitAcknowledged(this, timeoutMs);
        final long firstSeq = 0 == sentBefore ? client.firstSeq() : Long.MIN_VALUE;
        final long lastSeq = client.acknowledgedSeq();
        for (int i = 0; i < lines.size(); i++)
        {
            final long seq = seqs.get(i)[0];
            if (seq >= firstSeq && seq <= lastSeq)
            {
                outputs.add(lines.get(i));
            }
        }
        return outputs;
    }

    /**
     * Collects one output.
     *
     * @param seq    of the event that caused it.
     * @param buffer holding the message.
     * @param offset at which it starts.
     * @param length of the message.
     */
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        seqs.add(new long[]{ seq });
        lines.add(writer.toLine(buffer, offset, length));
    }
}
