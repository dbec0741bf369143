package io.perprisk.journal;

import java.nio.file.Path;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;

/**
 * The write-ahead journal of inbound events: one Chronicle document per event, appended before the engine applies
 * it. Record layout (little-endian): {@code seq:int64, receiveTimeNanos:int64, length:int32, crc32c:int32,
 * message:length bytes}, where the CRC32C covers the message bytes.
 * <p>
 * Appends are made from one thread (the engine thread) and do not allocate. Chronicle maps the file, so an append
 * survives a process crash once this method returns, but not a power cut (no fsync per append).
 */
public final class InboundJournal implements AutoCloseable
{
    /**
     * Bytes before the message in a record.
     */
    public static final int RECORD_HEADER_LENGTH = 24;

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final RecordChecksum checksum = new RecordChecksum();
    private long lastSeq;

    /**
     * Open (creating if needed) the inbound queue of a journal directory.
     *
     * @param journalDir the journal directory; the queue lives in its {@value JournalQueues#INBOUND_DIR} directory.
     */
    public InboundJournal(final Path journalDir)
    {
        queue = JournalQueues.open(JournalQueues.inboundDir(journalDir));
        appender = queue.createAppender();
        appender.singleThreadedCheckDisabled(true);
        lastSeq = readLastSeq(queue);
    }

    /**
     * Append one event. The sequence number must be greater than every one appended before.
     *
     * @param seq              sequence number of the event.
     * @param receiveTimeNanos receive time, nanoseconds since the epoch.
     * @param buffer           holding the SBE message.
     * @param offset           at which the message starts.
     * @param length           of the message in bytes.
     * @return the Chronicle index of the record.
     * @throws IllegalArgumentException if the sequence number does not increase.
     */
    public long append(
        final long seq, final long receiveTimeNanos, final DirectBuffer buffer, final int offset, final int length)
    {
        if (seq <= lastSeq)
        {
            throw new IllegalArgumentException("inbound seq " + seq + " not greater than last journaled " + lastSeq);
        }
        final int crc = checksum.compute(buffer, offset, length);
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeLong(seq);
            bytes.writeLong(receiveTimeNanos);
            bytes.writeInt(length);
            bytes.writeInt(crc);
            BytesCopy.write(bytes, buffer, offset, length);
        }
        lastSeq = seq;
        return appender.lastIndexAppended();
    }

    /**
     * Sequence number of the last record, 0 when the journal is empty.
     *
     * @return the last journaled sequence number.
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * Create a reader over this journal's queue, positioned at the start. Use it on one thread.
     *
     * @return a new reader; close it before this journal.
     */
    public InboundReader reader()
    {
        return new InboundReader(queue, false);
    }

    /**
     * The underlying queue, for tools.
     *
     * @return the queue.
     */
    SingleChronicleQueue queue()
    {
        return queue;
    }

    /**
     * Close the queue.
     */
    public void close()
    {
        appender.close();
        queue.close();
    }

    static long readLastSeq(final SingleChronicleQueue queue)
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return 0;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                if (bytes.readRemaining() < RECORD_HEADER_LENGTH)
                {
                    throw new JournalCorruptedException("truncated inbound record at " +
                        JournalQueues.describe(queue, dc.index()) + ": " + bytes.readRemaining() + " bytes");
                }
                return bytes.readLong();
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
