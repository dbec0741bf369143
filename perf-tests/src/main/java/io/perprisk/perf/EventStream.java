package io.perprisk.perf;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * A pre-encoded sequence of inbound SBE messages laid end to end in one buffer, with the offset and length of each.
 * Built on a cold path; reading it does not allocate.
 */
public final class EventStream
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024);
    private int[] offsets;
    private int[] lengths;
    private int count;
    private int limit;

    /**
     * Create an empty stream.
     *
     * @param expectedCount of messages, to size the index.
     */
    public EventStream(final int expectedCount)
    {
        offsets = new int[Math.max(16, expectedCount)];
        lengths = new int[offsets.length];
    }

    /**
     * Record the message just encoded at {@link #limit()}.
     *
     * @param length of the message.
     */
    public void add(final int length)
    {
        if (count == offsets.length)
        {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        offsets[count] = limit;
        lengths[count] = length;
        count++;
        limit += length;
        buffer.checkLimit(limit + 1024);
    }

    /**
     * Offset at which the next message must be encoded.
     *
     * @return the end of the last message.
     */
    public int limit()
    {
        return limit;
    }

    /**
     * Buffer holding every message.
     *
     * @return the buffer.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Number of messages.
     *
     * @return the count.
     */
    public int count()
    {
        return count;
    }

    /**
     * Offset of a message.
     *
     * @param index of the message.
     * @return its offset.
     */
    public int offset(final int index)
    {
        return offsets[index];
    }

    /**
     * Length of a message.
     *
     * @param index of the message.
     * @return its length.
     */
    public int length(final int index)
    {
        return lengths[index];
    }
}
