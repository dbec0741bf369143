package io.perprisk.gateway.engine;

import io.perprisk.engine.OutboundHandler;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * An unbounded, append-only, in-memory log of outbound messages: one writer (the engine thread) and any number of
 * readers on other threads. A stand-in for the outbound journal where durability is not needed (tests, demo).
 * <p>
 * Records are {@code [int length][int reserved][long seq][message]}, 8-byte aligned, in chunks of
 * {@value #CHUNK_LENGTH} bytes; a record never straddles chunks. The writer publishes a record by a release-store of
 * the message count after writing it; readers acquire the count before reading.
 */
public final class InMemoryOutboundLog implements OutboundHandler
{
    /**
     * Length of one chunk of the log in bytes.
     */
    public static final int CHUNK_LENGTH = 1 << 20;

    private static final int RECORD_HEADER_LENGTH = 16;
    private static final int PADDING = -1;

    private volatile UnsafeBuffer[] chunks = { newChunk() };
    private volatile long messageCount;
    private long lastSeq;
    private int writeChunk;
    private int writeOffset;

    private static UnsafeBuffer newChunk()
    {
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(CHUNK_LENGTH, BitUtil.CACHE_LINE_LENGTH));
    }

    /**
     * Append one message. Engine thread only.
     *
     * @param seq    sequence number of the inbound event that caused it.
     * @param buffer holding the message.
     * @param offset at which it starts.
     * @param length of the message in bytes, at most {@code CHUNK_LENGTH - 16}.
     */
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        final int recordLength = BitUtil.align(RECORD_HEADER_LENGTH + length, 8);
        if (recordLength > CHUNK_LENGTH)
        {
            throw new IllegalArgumentException("outbound message too long: " + length);
        }

        UnsafeBuffer[] chunks = this.chunks;
        if (writeOffset + recordLength > CHUNK_LENGTH)
        {
            if (writeOffset < CHUNK_LENGTH)
            {
                chunks[writeChunk].putInt(writeOffset, PADDING);
            }
            writeChunk++;
            writeOffset = 0;
            if (writeChunk == chunks.length)
            {
                chunks = Arrays.copyOf(chunks, chunks.length + 1);
                chunks[writeChunk] = newChunk();
                this.chunks = chunks;
            }
        }

        final UnsafeBuffer chunk = chunks[writeChunk];
        chunk.putInt(writeOffset, length);
        chunk.putLong(writeOffset + 8, seq);
        chunk.putBytes(writeOffset + RECORD_HEADER_LENGTH, buffer, offset, length);
        writeOffset += recordLength;
        lastSeq = seq;
        messageCount = messageCount + 1;
    }

    /**
     * Sequence number of the last message appended, 0 if none. Writer thread.
     *
     * @return the last sequence number.
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * Number of messages appended, as seen by any thread.
     *
     * @return the message count.
     */
    public long messageCount()
    {
        return messageCount;
    }

    /**
     * A new reader from the start of the log that delivers only messages of events from {@code fromSeq} on.
     *
     * @param fromSeq first sequence number wanted.
     * @return the reader.
     */
    public OutboundSource newSource(final long fromSeq)
    {
        return new Reader(fromSeq);
    }

    private final class Reader implements OutboundSource
    {
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private final long fromSeq;
        private long position;
        private int readChunk;
        private int readOffset;

        Reader(final long fromSeq)
        {
            this.fromSeq = fromSeq;
        }

        /**
         * {@inheritDoc}
         */
        public int poll(final OutboundHandler handler, final int limit)
        {
            final long available = messageCount;
            int delivered = 0;
            while (delivered < limit && position < available)
            {
                final UnsafeBuffer[] chunks = InMemoryOutboundLog.this.chunks;
                UnsafeBuffer chunk = chunks[readChunk];
                if (readOffset + RECORD_HEADER_LENGTH > CHUNK_LENGTH || chunk.getInt(readOffset) == PADDING)
                {
                    readChunk++;
                    readOffset = 0;
                    chunk = chunks[readChunk];
                }
                final int length = chunk.getInt(readOffset);
                final long seq = chunk.getLong(readOffset + 8);
                view.wrap(chunk, readOffset + RECORD_HEADER_LENGTH, length);
                readOffset += BitUtil.align(RECORD_HEADER_LENGTH + length, 8);
                position++;
                if (seq >= fromSeq)
                {
                    delivered++;
                    handler.onOutbound(seq, view, 0, length);
                }
            }
            return delivered;
        }

        /**
         * {@inheritDoc}
         */
        public void close()
        {
        }
    }
}
