package io.perprisk.client;

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
import java.util.concurrent.TimeUnit;

/**
 * Sends a JSON Lines file of inbound messages to a running service, each on the stream of its type and in file
 * order, and collects the outbound messages they cause as JSON Lines. Cold path, for the {@code send} command and
 * tests.
 * <p>
 * The client must be created with {@link RiskClient.Context#ordered(boolean)} and be the only sender while the file
 * is sent: the outbound messages returned are those whose {@code seq} falls in the range the file's messages got.
 */
public final class JsonLinesSession implements OutboundMessageHandler
{
    private final RiskClient client;
    private final JsonLineReader reader;
    private final JsonLineWriter writer;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final List<String> outputs = new ArrayList<>();
    private final List<Received> received = new ArrayList<>();
    private long firstSeq = Long.MAX_VALUE;
    private long lastSeq = Long.MIN_VALUE;
    private long lastReceiveNs;

    /**
     * Create a session over a connected, ordered client.
     *
     * @param client to send and receive with.
     */
    public JsonLinesSession(final RiskClient client)
    {
        final MessageCatalog catalog = MessageCatalog.load();
        this.client = client;
        this.reader = JsonLineReader.forInbound(catalog);
        this.writer = new JsonLineWriter(catalog);
    }

    /**
     * Encode every line first (so a bad line sends nothing), then send them all and wait for their outputs.
     *
     * @param input     JSON Lines; blank and {@code #} lines are skipped.
     * @param quietMs   how long no outbound message may arrive before the outputs are taken as complete, once the
     *                  service has applied every message and egress has published everything committed.
     * @param timeoutMs overall limit for waiting.
     * @return the outbound messages caused by the file, as JSON lines, in order.
     * @throws JsonFormatException if a line is not a valid inbound message.
     * @throws IOException         if reading fails.
     */
    public List<String> run(final Reader input, final long quietMs, final long timeoutMs)
        throws JsonFormatException, IOException
    {
        final List<int[]> messages = new ArrayList<>();
        final BufferedReader lines =
            input instanceof BufferedReader ? (BufferedReader) input : new BufferedReader(input);
        int limit = 0;
        long lineNumber = 0;
        for (String text = lines.readLine(); null != text; text = lines.readLine())
        {
            lineNumber++;
            final int length = reader.read(lineNumber, text, buffer, limit);
            if (JsonLineReader.SKIPPED != length)
            {
                messages.add(new int[]{ limit, length });
                limit += length;
            }
        }
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
        client.awaitSequenced(timeoutMs);
        firstSeq = client.firstSeq() + sentBefore;
        lastSeq = firstSeq + messages.size() - 1;

        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final long quietNs = TimeUnit.MILLISECONDS.toNanos(quietMs);
        lastReceiveNs = System.nanoTime();
        while (System.nanoTime() < deadlineNs)
        {
            if (client.poll(this, 256) > 0)
            {
                continue;
            }
            final boolean applied = client.serviceCounter(ServiceCounters.ENGINE_SEQ_TYPE_ID) >= lastSeq;
            final boolean published = client.serviceCounter(ServiceCounters.EGRESS_POSITION_TYPE_ID) >=
                client.serviceCounter(ServiceCounters.OUTBOUND_POSITION_TYPE_ID);
            if (applied && published && System.nanoTime() - lastReceiveNs > quietNs)
            {
                return outputsInRange();
            }
            Thread.yield();
        }
        throw new IllegalStateException("timed out waiting for the outputs of seq " + firstSeq + ".." + lastSeq);
    }

    /**
     * Collects one outbound message; messages of other senders' events are ignored.
     *
     * @param seq    of the inbound event that caused it.
     * @param buffer holding the message.
     * @param offset at which it starts.
     * @param length of the message.
     */
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        lastReceiveNs = System.nanoTime();
        received.add(new Received(seq, writer.toLine(buffer, offset, length)));
    }

    private List<String> outputsInRange()
    {
        for (final Received message : received)
        {
            if (message.seq >= firstSeq && message.seq <= lastSeq)
            {
                outputs.add(message.line);
            }
        }
        return outputs;
    }

    private static final class Received
    {
        private final long seq;
        private final String line;

        Received(final long seq, final String line)
        {
            this.seq = seq;
            this.line = line;
        }
    }
}
