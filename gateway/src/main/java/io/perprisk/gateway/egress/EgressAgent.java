package io.perprisk.gateway.egress;

import io.aeron.Publication;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.gateway.engine.OutboundSource;
import io.perprisk.gateway.status.GatewayCounters;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The egress stage: reads committed outbound messages from the outbound journal and publishes each, unchanged, as
 * one Aeron message on the egress stream.
 * <p>
 * Because egress reads the journal, the engine never waits for a consumer. A message is taken from the source only
 * after the previous one was published: {@code BACK_PRESSURED} and {@code ADMIN_ACTION} keep it pending and retry
 * on the next duty cycle; {@code NOT_CONNECTED} keeps it pending until a consumer connects, which then receives
 * everything from that message on. {@code CLOSED} and {@code MAX_POSITION_EXCEEDED} are fatal and thrown to the
 * agent runner's error handler.
 */
public final class EgressAgent implements Agent, OutboundHandler
{
    private final Publication publication;
    private final OutboundSource source;
    private final GatewayCounters counters;
    private final UnsafeBuffer pending;
    private final int batchLimit;
    private int pendingLength;
    private boolean wasNotConnected;
    private long published;

    /**
     * Create the egress agent.
     *
     * @param publication      of the egress stream.
     * @param source           of committed outbound messages, positioned where publishing should start.
     * @param counters         to publish the egress position and back-pressure.
     * @param maxMessageLength longest outbound message in bytes.
     * @param batchLimit       most messages published per duty cycle.
     */
    public EgressAgent(
        final Publication publication,
        final OutboundSource source,
        final GatewayCounters counters,
        final int maxMessageLength,
        final int batchLimit)
    {
        this.publication = publication;
        this.source = source;
        this.counters = counters;
        this.batchLimit = batchLimit;
        this.pending = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            BitUtil.align(maxMessageLength, BitUtil.CACHE_LINE_LENGTH), BitUtil.CACHE_LINE_LENGTH));
        this.published = source.position();
        counters.egressPosition().setRelease(published);
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "perp-risk-egress";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        int workCount = 0;
        while (workCount < batchLimit)
        {
            if (pendingLength == 0 && source.poll(this, 1) == 0)
            {
                break;
            }

            final long result = publication.offer(pending, 0, pendingLength);
            if (result > 0)
            {
                pendingLength = 0;
                wasNotConnected = false;
                published++;
                workCount++;
            }
            else if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
            {
                counters.egressBackPressure().incrementRelease();
                break;
            }
            else if (result == Publication.NOT_CONNECTED)
            {
                if (!wasNotConnected)
                {
                    wasNotConnected = true;
                    counters.egressNotConnected().incrementRelease();
                }
                break;
            }
            else
            {
                throw new IllegalStateException("egress publication failed: " + Publication.errorString(result));
            }
        }

        if (workCount > 0)
        {
            counters.egressPosition().setRelease(published);
        }

        return workCount;
    }

    /**
     * Copies the next committed message into the pending buffer; called by the source.
     *
     * @param seq    of the inbound event that caused it.
     * @param buffer holding the message.
     * @param offset at which it starts.
     * @param length of the message.
     */
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        pending.putBytes(0, buffer, offset, length);
        pendingLength = length;
    }

    /**
     * Messages published so far, counted from the start of the outbound journal; egress thread.
     *
     * @return the egress position.
     */
    public long position()
    {
        return published;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        source.close();
    }
}
