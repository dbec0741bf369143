package io.perprisk.gateway.engine;

import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.engine.EngineCounters;
import io.perprisk.engine.EngineLedger;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A {@link RiskEngine} that passes the gateway's own rejects through and gives every other event to the engine.
 * <p>
 * When ingress refuses a frame (wrong stream, truncated, unknown template, newer schema version) it sequences an
 * {@code EventRejected} in its place. That record is what the inbound journal holds for the sequence number, so a
 * replay through this class emits exactly the same {@code EventRejected} without the engine ever seeing the refused
 * frame. No other source can inject one: {@code EventRejected} is an outbound template, refused on every inbound
 * stream.
 * <p>
 * Replaying a gateway's journal therefore needs this wrapper around the engine (the journal module's replay takes an
 * engine factory). Snapshots are the engine's own, followed by a 12-byte trailer (see
 * {@link #SNAPSHOT_TRAILER_MAGIC}).
 * <p>
 * Same threading contract as {@link RiskEngine}.
 */
public final class IngressRejectAwareEngine implements RiskEngine
{
    /**
     * Marks the trailer this class appends to the engine's snapshot: the last gateway reject's sequence number, so a
     * snapshot taken right after a reject restores {@link #lastAppliedSeq()} exactly.
     */
    public static final int SNAPSHOT_TRAILER_MAGIC = 0x57475250;

    /**
     * Length of the snapshot trailer: a long sequence number and the int magic.
     */
    public static final int SNAPSHOT_TRAILER_LENGTH = 12;

    private final RiskEngine engine;
    private final OutboundHandler handler;
    private long lastRejectSeq;

    /**
     * Wrap an engine.
     *
     * @param engine  that applies every other event.
     * @param handler the same handler the engine emits to; receives the gateway rejects.
     */
    public IngressRejectAwareEngine(final RiskEngine engine, final OutboundHandler handler)
    {
        this.engine = engine;
        this.handler = handler;
    }

    /**
     * Is this message a gateway reject record?
     *
     * @param buffer holding the message.
     * @param offset of the message header.
     * @param length of the message.
     * @return true if it is an {@code EventRejected} of this schema.
     */
    public static boolean isIngressReject(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= MessageHeaderDecoder.ENCODED_LENGTH &&
            (buffer.getShort(offset + 2, LITTLE_ENDIAN) & 0xFFFF) ==
            EventRejectedDecoder.TEMPLATE_ID &&
            (buffer.getShort(offset + 4, LITTLE_ENDIAN) & 0xFFFF) == EventRejectedDecoder.SCHEMA_ID;
    }

    /**
     * {@inheritDoc}
     */
    public void onEvent(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        if (isIngressReject(buffer, offset, length))
        {
            lastRejectSeq = seq;
            handler.onOutbound(seq, buffer, offset, length);
        }
        else
        {
            engine.onEvent(seq, buffer, offset, length);
        }
    }

    /**
     * {@inheritDoc}
     */
    public long lastAppliedSeq()
    {
        return Math.max(lastRejectSeq, engine.lastAppliedSeq());
    }

    /**
     * {@inheritDoc}
     */
    public String digest()
    {
        return engine.digest();
    }

    /**
     * {@inheritDoc}
     */
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        final int length = engine.writeSnapshot(buffer, offset);
        buffer.putLong(offset + length, lastRejectSeq, LITTLE_ENDIAN);
        buffer.putInt(offset + length + 8, SNAPSHOT_TRAILER_MAGIC, LITTLE_ENDIAN);
        return length + SNAPSHOT_TRAILER_LENGTH;
    }

    /**
     * {@inheritDoc}
     */
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length >= SNAPSHOT_TRAILER_LENGTH &&
            buffer.getInt(offset + length - 4, LITTLE_ENDIAN) == SNAPSHOT_TRAILER_MAGIC)
        {
            engine.loadSnapshot(buffer, offset, length - SNAPSHOT_TRAILER_LENGTH);
            lastRejectSeq = buffer.getLong(offset + length - SNAPSHOT_TRAILER_LENGTH, LITTLE_ENDIAN);
        }
        else
        {
            engine.loadSnapshot(buffer, offset, length);
            lastRejectSeq = 0;
        }
    }

    /**
     * {@inheritDoc}
     */
    public EngineCounters counters()
    {
        return engine.counters();
    }

    /**
     * {@inheritDoc}
     */
    public EngineLedger ledger()
    {
        return engine.ledger();
    }
}
