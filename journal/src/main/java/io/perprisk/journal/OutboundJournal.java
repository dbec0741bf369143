package io.perprisk.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.perprisk.engine.OutboundHandler;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * The outbound journal: records every outbound message with the sequence number of the inbound event that caused it.
 * <p>
 * The engine hands messages to {@link #onOutbound(long, DirectBuffer, int, int)}; they are staged in memory and
 * {@link #commitEvent()} writes all the messages of one inbound event as one Chronicle document (layout in
 * {@link OutboundRecord}). The outputs of an event are therefore recorded atomically: after a crash a document is
 * either complete or absent, and {@link #lastCommittedSeq()} says exactly which events' outputs are recorded.
 * <p>
 * Engine thread only; no allocation in steady state (the staging buffer grows only for an unusually large event).
 */
public final class OutboundJournal implements OutboundHandler, AutoCloseable
{
    private static final int STAGING_CAPACITY = 64 * 1024;

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ExpandableDirectByteBuffer staging = new ExpandableDirectByteBuffer(STAGING_CAPACITY);
    private OutboundHandler listener;
    private long eventSeq;
    private boolean inEvent;
    private int stagedCount;
    private int stagedLength;
    private long suppressThroughSeq;
    private long lastCommittedSeq;
    private long lastIndexAppended = -1;
    private long messagesRecorded;
    private long messagesSuppressed;
    private long messagesOutsideEvent;

    /**
     * Open (creating if needed) the outbound queue of a journal directory.
     *
     * @param journalDir the journal directory; the queue lives in its {@value JournalQueues#OUTBOUND_DIR} directory.
     */
    public OutboundJournal(final Path journalDir)
    {
        queue = JournalQueues.open(JournalQueues.outboundDir(journalDir));
        appender = queue.createAppender();
        appender.singleThreadedCheckDisabled(true);
        lastCommittedSeq = readLastEventSeq(queue);
        staging.setMemory(0, STAGING_CAPACITY, (byte) 0);
    }

    /**
     * Set a handler that also receives every recorded message, after its document is written (e.g. a scenario runner
     * printing outputs). Suppressed messages are not passed on.
     *
     * @param listener to receive recorded messages, or null for none.
     * @return this for a fluent API.
     */
    public OutboundJournal listener(final OutboundHandler listener)
    {
        this.listener = listener;
        return this;
    }

    /**
     * Start collecting the outputs of one inbound event.
     *
     * @param seq sequence number of the inbound event about to be applied.
     */
    public void beginEvent(final long seq)
    {
        eventSeq = seq;
        inEvent = true;
        stagedCount = 0;
        stagedLength = 0;
    }

    /**
     * Stage one outbound message of the current event. Messages of events at or below the suppression point are
     * dropped (they are already recorded), as are messages that arrive outside an event (counted).
     *
     * @param seq    sequence number of the inbound event that caused the message.
     * @param buffer holding the SBE message.
     * @param offset at which the message starts.
     * @param length of the message in bytes.
     */
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!inEvent)
        {
            messagesOutsideEvent++;
            return;
        }
        if (eventSeq <= suppressThroughSeq)
        {
            messagesSuppressed++;
            return;
        }
        staging.putInt(stagedLength, length);
        staging.putBytes(stagedLength + OutboundRecord.MESSAGE_PREFIX_LENGTH, buffer, offset, length);
        stagedLength += OutboundRecord.MESSAGE_PREFIX_LENGTH + length;
        stagedCount++;
    }

    /**
     * Write the staged messages of the current event as one document, if there are any, then pass them to the
     * listener.
     */
    public void commitEvent()
    {
        if (!inEvent)
        {
            return;
        }
        inEvent = false;
        if (0 == stagedCount)
        {
            return;
        }
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeLong(eventSeq);
            bytes.writeInt(OutboundRecord.TYPE_EVENT_OUTPUTS);
            bytes.writeInt(stagedCount);
            BytesCopy.write(bytes, staging, 0, stagedLength);
        }
        lastIndexAppended = appender.lastIndexAppended();
        lastCommittedSeq = eventSeq;
        messagesRecorded += stagedCount;
        final OutboundHandler listener = this.listener;
        if (null != listener)
        {
            int position = 0;
            for (int i = 0; i < stagedCount; i++)
            {
                final int length = staging.getInt(position);
                listener.onOutbound(eventSeq, staging, position + OutboundRecord.MESSAGE_PREFIX_LENGTH, length);
                position += OutboundRecord.MESSAGE_PREFIX_LENGTH + length;
            }
        }
    }

    /**
     * Record the engine's state digest after applying event {@code seq}. Cold path.
     *
     * @param seq    sequence number of the last event applied.
     * @param digest the engine digest, ASCII.
     */
    public void appendDigest(final long seq, final String digest)
    {
        final byte[] digestBytes = digest.getBytes(StandardCharsets.US_ASCII);
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeLong(seq);
            bytes.writeInt(OutboundRecord.TYPE_STATE_DIGEST);
            bytes.writeInt(digestBytes.length);
            bytes.write(digestBytes);
        }
        lastIndexAppended = appender.lastIndexAppended();
    }

    /**
     * Drop the outputs of events up to and including {@code seq}: used while recovering, for events whose outputs are
     * already recorded.
     *
     * @param seq last sequence number whose outputs are dropped.
     */
    public void suppressThrough(final long seq)
    {
        suppressThroughSeq = seq;
    }

    /**
     * Sequence number of the last event whose outputs are recorded, 0 if none.
     *
     * @return the last committed event sequence number.
     */
    public long lastCommittedSeq()
    {
        return lastCommittedSeq;
    }

    /**
     * Chronicle index of the last document this journal appended, -1 if none yet.
     *
     * @return the last index appended.
     */
    public long lastIndexAppended()
    {
        return lastIndexAppended;
    }

    /**
     * Messages recorded by this instance.
     *
     * @return messages recorded.
     */
    public long messagesRecorded()
    {
        return messagesRecorded;
    }

    /**
     * Messages dropped because their event's outputs were already recorded.
     *
     * @return messages suppressed.
     */
    public long messagesSuppressed()
    {
        return messagesSuppressed;
    }

    /**
     * Messages received outside {@link #beginEvent(long) } / {@link #commitEvent()}; should stay 0.
     *
     * @return messages outside an event.
     */
    public long messagesOutsideEvent()
    {
        return messagesOutsideEvent;
    }

    /**
     * Close the queue.
     */
    public void close()
    {
        appender.close();
        queue.close();
    }

    static long readLastEventSeq(final SingleChronicleQueue queue)
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return 0;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    if (bytes.readRemaining() < OutboundRecord.HEADER_LENGTH)
                    {
                        throw new JournalCorruptedException("truncated outbound record at " +
                            JournalQueues.describe(queue, dc.index()) + ": " + bytes.readRemaining() + " bytes");
                    }
                    final long seq = bytes.readLong();
                    if (OutboundRecord.TYPE_EVENT_OUTPUTS == bytes.readInt())
                    {
                        return seq;
                    }
                }
            }
        }
    }

    /**
     * The appender, for the {@link JournalPretoucher}; use it on the appending thread only.
     *
     * @return the appender.
     */
    ExcerptAppender appender()
    {
        return appender;
    }
}
