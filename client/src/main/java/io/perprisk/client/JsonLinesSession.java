package io.perprisk.client;

import io.perprisk.codecs.JsonFormatException;
import io.perprisk.codecs.JsonLineReader;
import io.perprisk.codecs.JsonLineWriter;
import io.perprisk.codecs.LineSource;
import io.perprisk.codecs.MessageCatalog;
import io.perprisk.codecs.OutboundMessageHandler;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

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
    private RiskClient client;
    private final JsonLineReader reader;
    private final JsonLineWriter writer;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final List<String> outputs = new ArrayList<>();
    private final List<Received> received = new ArrayList<>();
    private final List<long[]> messages = new ArrayList<>();
    private long sequenced = -1;
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
        this();
        this.client = client;
    }

    /**
     * Create a session that encodes a file before any client exists; give it one with {@link #client(RiskClient)}
     * before {@link #send}.
     */
    public JsonLinesSession()
    {
        final MessageCatalog catalog = MessageCatalog.load();
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
     * @throws JsonFormatException if a line is not a valid inbound message; nothing has been sent.
     * @throws Interrupted         if the service stopped before answering everything: what arrived, and how far the
     *                             service sequenced.
     * @throws IOException         if reading fails.
     */
    public List<String> run(final Reader input, final long quietMs, final long timeoutMs)
        throws JsonFormatException, IOException
    {
        return run(LineSource.of(input), quietMs, timeoutMs);
    }

    /**
     * Encode every line first (so a bad line sends nothing), then send them all and wait for their outputs.
     *
     * @param input     lines of JSON; blank and {@code #} lines are skipped.
     * @param quietMs   see {@link #run(Reader, long, long)}.
     * @param timeoutMs overall limit for waiting.
     * @return the outbound messages caused by the file, as JSON lines, in order.
     * @throws JsonFormatException if a line is not a valid inbound message; nothing has been sent.
     * @throws Interrupted         if the service stopped before answering everything.
     * @throws IOException         if reading fails.
     */
    public List<String> run(final LineSource input, final long quietMs, final long timeoutMs)
        throws JsonFormatException, IOException
    {
        encode(input);
        return send(quietMs, timeoutMs);
    }

    /**
     * Set the client to send with.
     *
     * @param client connected and ordered.
     * @return this for a fluent API.
     */
    public JsonLinesSession client(final RiskClient client)
    {
        this.client = client;
        return this;
    }

    /**
     * Encode every line of a file, sending nothing.
     *
     * @param input lines of JSON; blank and {@code #} lines are skipped.
     * @return the number of messages.
     * @throws JsonFormatException if a line is not a valid inbound message.
     * @throws IOException         if reading fails.
     */
    public int encode(final LineSource input) throws JsonFormatException, IOException
    {
        messages.clear();
        int limit = 0;
        long lineNumber = 0;
        for (String text = input.readLine(); null != text; text = input.readLine())
        {
            lineNumber++;
            final int length = reader.read(lineNumber, text, buffer, limit);
            if (JsonLineReader.SKIPPED != length)
            {
                messages.add(new long[]{ limit, length, lineNumber });
                limit += length;
            }
        }
        return messages.size();
    }

    /**
     * Send the messages of {@link #encode} and wait for their outputs.
     *
     * @param quietMs   see {@link #run(Reader, long, long)}.
     * @param timeoutMs overall limit for waiting.
     * @return the outbound messages caused by the file, as JSON lines, in order.
     * @throws Interrupted if the service stopped before answering everything.
     */
    public List<String> send(final long quietMs, final long timeoutMs) throws Interrupted
    {
        if (messages.isEmpty())
        {
            return outputs;
        }

        final long sentBefore = client.sentCount();
        try
        {
            for (final long[] message : messages)
            {
                client.send(buffer, (int) message[0], (int) message[1]);
                if (firstSeq == Long.MAX_VALUE && client.firstSeq() > 0)
                {
                    firstSeq = client.firstSeq() + sentBefore;
                }
                sequenced = client.sequencedCount();
                client.poll(this, 64);
            }
            client.awaitSequenced(timeoutMs);
            firstSeq = client.firstSeq() + sentBefore;
            lastSeq = firstSeq + messages.size() - 1;
            sequenced = client.sequencedCount();

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
            throw new IllegalStateException("timed out after " + timeoutMs + " ms waiting for the outputs");
        }
        catch (final RuntimeException ex)
        {
            throw interrupted(ex);
        }
    }

    private Interrupted interrupted(final RuntimeException cause)
    {
        if (firstSeq == Long.MAX_VALUE)
        {
            firstSeq = client.firstSeq() > 0 ? client.firstSeq() : Long.MAX_VALUE;
        }
        lastSeq = firstSeq == Long.MAX_VALUE ? Long.MIN_VALUE : firstSeq + messages.size() - 1;
        final List<String> arrived = outputsInRange();
        final int count = firstSeq == Long.MAX_VALUE || sequenced < firstSeq ? 0 :
            (int) Math.min(messages.size(), sequenced - firstSeq + 1);
        final StringBuilder sb = new StringBuilder(256).append(cause.getMessage()).append(": ");
        if (count == 0)
        {
            sb.append("no message of the file is known to be sequenced; resend the whole file");
        }
        else
        {
            final long lastLine = messages.get(count - 1)[2];
            sb.append("the service sequenced ").append(count).append(" of ").append(messages.size())
                .append(" messages (lines 1..").append(lastLine).append(" got seq ").append(firstSeq).append("..")
                .append(firstSeq + count - 1).append("); ").append(arrived.size()).append(" outputs arrived");
            if (count < messages.size())
            {
                sb.append("; after a restart `run` prints next-seq: resend from the line that would have got it")
                    .append(" (line ").append(messages.get(count)[2]).append(" if next-seq is ")
                    .append(firstSeq + count).append(')');
            }
        }
        return new Interrupted(sb.toString(), arrived, count, cause);
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
        outputs.clear();
        for (final Received message : received)
        {
            if (message.seq >= firstSeq && message.seq <= lastSeq)
            {
                outputs.add(message.line);
            }
        }
        return outputs;
    }

    /**
     * The service stopped (its media driver gone, a send refused or timed out) before the file was answered.
     */
    public static final class Interrupted extends IOException
    {
        private static final long serialVersionUID = 1L;

        private final transient List<String> outputs;
        private final int sequencedMessages;

        Interrupted(final String message, final List<String> outputs, final int sequencedMessages,
            final Throwable cause)
        {
            super(message, cause);
            this.outputs = List.copyOf(outputs);
            this.sequencedMessages = sequencedMessages;
        }

        /**
         * The outputs of the file's messages that arrived before the stop, as JSON lines, in order.
         *
         * @return the outputs.
         */
        public List<String> outputs()
        {
            return outputs;
        }

        /**
         * How many of the file's messages the service is known to have sequenced, from the first.
         *
         * @return the count.
         */
        public int sequencedMessages()
        {
            return sequencedMessages;
        }
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
