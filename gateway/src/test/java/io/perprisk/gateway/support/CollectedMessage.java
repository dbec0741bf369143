package io.perprisk.gateway.support;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A copy of one outbound message, for assertions.
 */
public final class CollectedMessage
{
    private final long seq;
    private final byte[] bytes;

    CollectedMessage(final long seq, final byte[] bytes)
    {
        this.seq = seq;
        this.bytes = bytes;
    }

    /**
     * Sequence number of the inbound event that caused it.
     *
     * @return the seq.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * Template id of the message.
     *
     * @return the template id.
     */
    public int templateId()
    {
        return new UnsafeBuffer(bytes).getShort(2, LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * The message bytes, header first.
     *
     * @return a buffer over a copy.
     */
    public UnsafeBuffer buffer()
    {
        return new UnsafeBuffer(bytes.clone());
    }

    /**
     * The message bytes.
     *
     * @return a copy.
     */
    public byte[] bytes()
    {
        return bytes.clone();
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof CollectedMessage && ((CollectedMessage) o).seq == seq &&
            Arrays.equals(((CollectedMessage) o).bytes, bytes);
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(seq) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString()
    {
        return "seq=" + seq + " template=" + templateId() + " length=" + bytes.length;
    }
}
