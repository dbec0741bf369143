package io.perprisk.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.perprisk.engine.OutboundHandler;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * Reads the outbound journal from a given position onward: egress tails it to publish every message, and a slow or
 * restarted consumer catches up from where it was by {@link #fromIndex(long) } (a position saved from
 * {@link #index()}) or {@link #fromSeq(long) }.
 * <p>
 * One thread per tailer; polling does not allocate (except for state-digest documents, which tools read).
 * Damaged documents throw {@link JournalCorruptedException} naming the file and index.
 */
public final class OutboundTailer implements AutoCloseable
{
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final ExpandableDirectByteBuffer documentBuffer = new ExpandableDirectByteBuffer(64 * 1024);
    private long minSeq;
    private long lastSeq;

    private OutboundTailer(final SingleChronicleQueue queue)
    {
        this.queue = queue;
        this.tailer = queue.createTailer();
        this.tailer.singleThreadedCheckDisabled(true);
    }

    /**
     * Open a tailer over the outbound journal of a journal directory, positioned at the start. It may run in another
     * thread or process than the writer.
     *
     * @param journalDir the journal directory.
     * @return a tailer; closing it closes its queue.
     * @throws IllegalArgumentException if the directory has no outbound journal.
     */
    public static OutboundTailer open(final Path journalDir)
    {
        final Path dir = JournalQueues.outboundDir(journalDir);
        if (!Files.isDirectory(dir))
        {
            throw new IllegalArgumentException("no outbound journal in " + journalDir + " (expected " + dir + ")");
        }
        return new OutboundTailer(JournalQueues.open(dir));
    }

    /**
     * Position the tailer so it delivers only messages caused by events with a sequence number of at least
     * {@code seq}. Cold path: scans document headers from the start.
     *
     * @param seq the first sequence number wanted.
     * @return this for a fluent API.
     */
    public OutboundTailer fromSeq(final long seq)
    {
        tailer.toStart();
        minSeq = seq;
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
                if (bytes.readLong() >= seq)
                {
                    dc.rollbackOnClose();
                    break;
                }
            }
        }
        return this;
    }

    /**
     * Position the tailer after the document at a Chronicle index (from a snapshot header) and deliver only
     * messages of events after {@code seq}, without scanning.
     *
     * @param index of the last outbound document when the snapshot of {@code seq} was taken.
     * @param seq   of the snapshot.
     * @return true if the document at the index belongs to {@code seq} or before and the tailer is now after it;
     *         false (tailer at the start) otherwise, and the caller falls back to {@link #fromSeq(long)}.
     */
    public boolean fromIndexAfter(final long index, final long seq)
    {
        tailer.toStart();
        if (index < 0 || !tailer.moveToIndex(index))
        {
            return false;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (dc.isPresent() && dc.wire().bytes().readRemaining() >= OutboundRecord.HEADER_LENGTH &&
                dc.wire().bytes().readLong() <= seq)
            {
                minSeq = seq + 1;
                return true;
            }
        }
        tailer.toStart();
        return false;
    }

    /**
     * Position the tailer at a Chronicle index previously returned by {@link #index()}.
     *
     * @param index to resume from.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if the index is not in the journal.
     */
    public OutboundTailer fromIndex(final long index)
    {
        if (!tailer.moveToIndex(index))
        {
            throw new IllegalArgumentException("index 0x" + Long.toHexString(index) + " not in " + queue.file());
        }
        return this;
    }

    /**
     * Chronicle index of the next document to read; save it to resume later with {@link #fromIndex(long) }.
     *
     * @return the index of the next document.
     */
    public long index()
    {
        return tailer.index();
    }

    /**
     * Sequence number of the last event whose messages were delivered, 0 if none.
     *
     * @return the last delivered sequence number.
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * Deliver the messages of up to {@code limit} documents, each event's messages in order. State-digest documents
     * are skipped.
     *
     * @param handler receiving each message with the sequence number of the event that caused it.
     * @param limit   most documents to read.
     * @return the number of messages delivered.
     */
    public int poll(final OutboundHandler handler, final int limit)
    {
        int messages = 0;
        for (int i = 0; i < limit; i++)
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
                final int type = bytes.readInt();
                final int count = bytes.readInt();
                if (OutboundRecord.TYPE_EVENT_OUTPUTS != type || seq < minSeq)
                {
                    continue;
                }
                final int length = copyMessages(bytes, seq, count, index);
                int position = 0;
                while (position < length)
                {
                    final int messageLength = documentBuffer.getInt(position);
                    handler.onOutbound(seq, documentBuffer, position + OutboundRecord.MESSAGE_PREFIX_LENGTH,
                        messageLength);
                    position += OutboundRecord.MESSAGE_PREFIX_LENGTH + messageLength;
                    messages++;
                }
                lastSeq = seq;
            }
        }
        return messages;
    }

    /**
     * Deliver the next document whole, event outputs and state digests alike.
     *
     * @param handler receiving the document.
     * @return true if a document was delivered, false at the end of the journal.
     */
    public boolean pollRecord(final OutboundRecordHandler handler)
    {
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return false;
                }
                final long index = dc.index();
                final Bytes<?> bytes = dc.wire().bytes();
                checkHeader(bytes, index);
                final long seq = bytes.readLong();
                final int type = bytes.readInt();
                final int count = bytes.readInt();
                if (seq < minSeq)
                {
                    continue;
                }
                if (OutboundRecord.TYPE_EVENT_OUTPUTS == type)
                {
                    final int length = copyMessages(bytes, seq, count, index);
                    lastSeq = seq;
                    handler.onEventOutputs(seq, count, documentBuffer, 0, length, index);
                }
                else if (OutboundRecord.TYPE_STATE_DIGEST == type)
                {
                    if (count < 0 || count != bytes.readRemaining())
                    {
                        throw corrupted(index, seq, "digest length " + count + " but " + bytes.readRemaining() +
                            " bytes left");
                    }
                    final byte[] digest = new byte[count];
                    bytes.read(digest);
                    handler.onStateDigest(seq, new String(digest, StandardCharsets.US_ASCII), index);
                }
                else
                {
                    throw corrupted(index, seq, "unknown document type " + type);
                }
                return true;
            }
        }
    }

    /**
     * Close the tailer and its queue.
     */
    public void close()
    {
        tailer.close();
        queue.close();
    }

    private int copyMessages(final Bytes<?> bytes, final long seq, final int count, final long index)
    {
        final long remaining = bytes.readRemaining();
        if (count <= 0 || remaining > Integer.MAX_VALUE - 1024)
        {
            throw corrupted(index, seq, "message count " + count + ", " + remaining + " bytes");
        }
        final int length = (int) remaining;
        documentBuffer.checkLimit(length);
        BytesCopy.read(bytes, documentBuffer, 0, length);
        int position = 0;
        for (int i = 0; i < count; i++)
        {
            if (position + OutboundRecord.MESSAGE_PREFIX_LENGTH > length)
            {
                throw corrupted(index, seq, "message " + i + " of " + count + " missing");
            }
            final int messageLength = documentBuffer.getInt(position);
            position += OutboundRecord.MESSAGE_PREFIX_LENGTH;
            if (messageLength < 0 || messageLength > length - position)
            {
                throw corrupted(index, seq, "message " + i + " of " + count + " has length " + messageLength +
                    " but only " + (length - position) + " bytes remain");
            }
            position += messageLength;
        }
        if (position != length)
        {
            throw corrupted(index, seq, (length - position) + " unexpected bytes after " + count + " messages");
        }
        return length;
    }

    private void checkHeader(final Bytes<?> bytes, final long index)
    {
        if (bytes.readRemaining() < OutboundRecord.HEADER_LENGTH)
        {
            throw new JournalCorruptedException("truncated outbound record at " +
                JournalQueues.describe(queue, index) + ": " + bytes.readRemaining() + " bytes");
        }
    }

    private JournalCorruptedException corrupted(final long index, final long seq, final String what)
    {
        return new JournalCorruptedException("corrupt outbound record seq " + seq + " at " +
            JournalQueues.describe(queue, index) + ": " + what);
    }
}
