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
 * Same threading contract as {@link RiskEngine}.
 */
public final class IngressRejectAwareEngine implements RiskEngine
{
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
        return engine.writeSnapshot(buffer, offset);
    }

    /**
     * {@inheritDoc}
     */
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        engine.loadSnapshot(buffer, offset, length);
        lastRejectSeq = 0;
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
