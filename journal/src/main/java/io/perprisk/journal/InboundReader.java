package io.perprisk.journal;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads the inbound journal in order, checking every record: its length, its CRC32C and that sequence numbers
 * increase. A damaged record throws {@link JournalCorruptedException} naming the queue file and index; it is never
 * skipped. Not thread safe; polling does not allocate.
 */
public final class InboundReader implements AutoCloseable
{
    /**
     * Largest message a record may hold.
     */
    public static final int MAX_MESSAGE_LENGTH = 64 * 1024;

    private final SingleChronicleQueue queue;
    private final boolean ownsQueue;
    private final ExcerptTailer tailer;
    private final UnsafeBuffer messageBuffer;
    private final RecordChecksum checksum = new RecordChecksum();
    private long lastSeq;
    private long lastIndex = -1;

    InboundReader(final SingleChronicleQueue queue, final boolean ownsQueue)
    {
        this.queue = queue;
        this.ownsQueue = ownsQueue;
        this.tailer = queue.createTailer();
        this.tailer.singleThreadedCheckDisabled(true);
        final ByteBuffer byteBuffer = BufferUtil.allocateDirectAligned(MAX_MESSAGE_LENGTH, 64);
        this.messageBuffer = new UnsafeBuffer(byteBuffer);
    }

    /**
     * Open a reader over the inbound journal of an existing journal directory.
     *
     * @param journalDir the journal directory.
     * @return a reader positioned at the start; closing it closes its queue.
     * @throws IllegalArgumentException if the directory has no inbound journal.
     */
    public static InboundReader open(final Path journalDir)
    {
        final Path dir = JournalQueues.inboundDir(journalDir);
        if (!Files.isDirectory(dir))
        {
            throw new IllegalArgumentException("no inbound journal in " + journalDir + " (expected " + dir + ")");
        }
        return new InboundReader(JournalQueues.open(dir), true);
    }

    /**
     * Position the reader so the next record delivered is the first with a sequence number of at least {@code seq}.
     * Cold path: scans the record headers from the start.
     *
     * @param seq the first sequence number wanted.
     * @return this for a fluent API.
     */
    public InboundReader fromSeq(final long seq)
    {
        tailer.toStart();
        lastSeq = 0;
        long index = -1;
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                checkHeader(bytes, dc.index());
                final long recordSeq = bytes.readLong();
                if (recordSeq >= seq)
                {
                    index = dc.index();
                    dc.rollbackOnClose();
                    break;
                }
                lastSeq = recordSeq;
            }
        }
        if (index >= 0 && !tailer.moveToIndex(index))
        {
            throw new JournalCorruptedException("cannot move to " + JournalQueues.describe(queue, index));
        }
        return this;
    }

    /**
     * Position the reader just after the record of {@code seq}, known to be at a Chronicle index (from a snapshot
     * header), without scanning.
     *
     * @param index of the record of {@code seq}.
     * @param seq   expected at that index.
     * @return true if the record at the index has that seq and the reader is now after it; false (reader at the
     *         start) otherwise, and the caller falls back to {@link #fromSeq(long)}.
     */
    public boolean fromIndexAfter(final long index, final long seq)
    {
        tailer.toStart();
        lastSeq = 0;
        if (index < 0 || !tailer.moveToIndex(index))
        {
            return false;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (dc.isPresent() && dc.wire().bytes().readRemaining() >= InboundJournal.RECORD_HEADER_LENGTH &&
                dc.wire().bytes().readLong() == seq)
            {
                lastSeq = seq;
                lastIndex = index;
                return true;
            }
        }
        tailer.toStart();
        return false;
    }

    /**
     * Deliver up to {@code limit} records.
     *
     * @param handler receiving each record.
     * @param limit   most records to deliver.
     * @return the number of records delivered, 0 at the end of the journal.
     * @throws JournalCorruptedException if a record is damaged.
     */
    public int poll(final InboundHandler handler, final int limit)
    {
        int count = 0;
        while (count < limit)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                final long index = dc.index();
                final Bytes<?> bytes = dc.wire().bytes();
                checkHeader(bytes, index);
                final long seq = bytes.readLong();
                final long receiveTimeNanos = bytes.readLong();
                final int length = bytes.readInt();
                final int crc = bytes.readInt();
                if (length < 0 || length > MAX_MESSAGE_LENGTH || length != bytes.readRemaining())
                {
                    throw corrupted(index, seq, "message length " + length + " but record holds " +
                        bytes.readRemaining() + " bytes");
                }
                if (seq <= lastSeq)
                {
                    throw corrupted(index, seq, "sequence number not greater than previous " + lastSeq);
                }
                BytesCopy.read(bytes, messageBuffer, 0, length);
                if (checksum.compute(messageBuffer, 0, length) != crc)
                {
                    throw corrupted(index, seq, "CRC32C mismatch");
                }
                lastSeq = seq;
                lastIndex = index;
                handler.onInbound(seq, receiveTimeNanos, messageBuffer, 0, length);
                count++;
            }
        }
        return count;
    }

    /**
     * Sequence number of the last record delivered (or skipped by {@link #fromSeq(long) }), 0 if none.
     *
     * @return the last sequence number read.
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * Chronicle index of the last record delivered, -1 if none.
     *
     * @return the last index read.
     */
    public long lastIndex()
    {
        return lastIndex;
    }

    /**
     * Close the tailer, and the queue if this reader opened it.
     */
    public void close()
    {
        tailer.close();
        if (ownsQueue)
        {
            queue.close();
        }
    }

    SingleChronicleQueue queue()
    {
        return queue;
    }

    private void checkHeader(final Bytes<?> bytes, final long index)
    {
        if (bytes.readRemaining() < InboundJournal.RECORD_HEADER_LENGTH)
        {
            throw new JournalCorruptedException("truncated inbound record at " + JournalQueues.describe(queue, index) +
                ": " + bytes.readRemaining() + " bytes, header needs " + InboundJournal.RECORD_HEADER_LENGTH);
        }
    }

    private JournalCorruptedException corrupted(final long index, final long seq, final String what)
    {
        return new JournalCorruptedException("corrupt inbound record seq " + seq + " at " +
            JournalQueues.describe(queue, index) + ": " + what);
    }
}
