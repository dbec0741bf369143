package io.perprisk.gateway.ingress;

import com.lmax.disruptor.EventFactory;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One pre-allocated entry of the Disruptor ring between ingress and the engine stage: a sequenced inbound SBE
 * message (header included) copied into a fixed-size slot, with its sequence number, receive time and source stream.
 * <p>
 * Written only by the ingress thread between claiming and publishing the ring sequence, read only by the engine
 * stage after it is published.
 */
public final class InboundSlot
{
    private final UnsafeBuffer buffer;
    private long seq;
    private long receiveTimeNanos;
    private int streamId;
    private int length;

    /**
     * Create a slot with a fixed capacity.
     *
     * @param capacity of the slot in bytes, the longest message it can hold.
     */
    public InboundSlot(final int capacity)
    {
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity, BitUtil.CACHE_LINE_LENGTH));
    }

    /**
     * A factory for the ring that pre-allocates every slot with one capacity.
     *
     * @param capacity of each slot in bytes.
     * @return the factory.
     */
    public static EventFactory<InboundSlot> factory(final int capacity)
    {
        return () -> new InboundSlot(capacity);
    }

    /**
     * Buffer holding the message from offset 0.
     *
     * @return the slot's buffer.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Capacity of the slot in bytes.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return buffer.capacity();
    }

    /**
     * Set the header fields of the slot.
     *
     * @param seq              sequence number of the event, from 1.
     * @param receiveTimeNanos wall-clock receive time, nanoseconds since the epoch.
     * @param streamId         Aeron stream the frame arrived on.
     * @param length           of the message in the buffer, in bytes.
     * @return this for a fluent API.
     */
    public InboundSlot set(final long seq, final long receiveTimeNanos, final int streamId, final int length)
    {
        this.seq = seq;
        this.receiveTimeNanos = receiveTimeNanos;
        this.streamId = streamId;
        this.length = length;
        return this;
    }

    /**
     * Sequence number of the event.
     *
     * @return the sequence number.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * Receive time, nanoseconds since the epoch.
     *
     * @return the receive time.
     */
    public long receiveTimeNanos()
    {
        return receiveTimeNanos;
    }

    /**
     * Aeron stream id the frame arrived on.
     *
     * @return the stream id.
     */
    public int streamId()
    {
        return streamId;
    }

    /**
     * Length of the message in bytes.
     *
     * @return the length.
     */
    public int length()
    {
        return length;
    }
}
