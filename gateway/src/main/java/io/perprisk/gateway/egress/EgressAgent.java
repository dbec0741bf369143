package io.perprisk.gateway.egress;

import io.aeron.Publication;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.gateway.engine.OutboundSource;
import io.perprisk.gateway.status.GatewayCounters;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.Agent;

/**
 * The egress stage: reads committed outbound messages from the outbound journal and publishes each, unchanged, as
 * one Aeron message on the egress stream.
 * <p>
 * Because egress reads the journal, the engine never waits for a consumer. Messages are read one journal unit (an
 * event's outputs) at a time into a pending batch and taken off it only once published: {@code BACK_PRESSURED} and
 * {@code ADMIN_ACTION} keep the message pending and retry on the next duty cycle; {@code NOT_CONNECTED} keeps it
 * pending until a consumer connects, which then receives everything from that message on. {@code CLOSED} and
 * {@code MAX_POSITION_EXCEEDED} are fatal and thrown to the agent runner's error handler.
 */
public final class EgressAgent implements Agent, OutboundHandler
{
    private static final int RECORD_HEADER_LENGTH = 16;

    private final Publication publication;
    private final OutboundSource source;
    private final GatewayCounters counters;
    private final ExpandableDirectByteBuffer pending = new ExpandableDirectByteBuffer(64 * 1024);
    private final int batchLimit;
    private int pendingOffset;
    private int pendingLimit;
    private boolean wasNotConnected;
    private long publishedSeq;

    /**
     * Create the egress agent.
     *
     * @param publication   of the egress stream.
     * @param source        of committed outbound messages, positioned where publishing should start.
     * @param counters      to publish the egress position and back-pressure.
     * @param batchLimit    most messages published per duty cycle.
     */
    public EgressAgent(
        final Publication publication,
        final OutboundSource source,
        final GatewayCounters counters,
        final int batchLimit)
    {
        this.publication = publication;
        this.source = source;
        this.counters = counters;
        this.batchLimit = batchLimit;
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
            if (pendingOffset == pendingLimit)
            {
                pendingOffset = 0;
                pendingLimit = 0;
                source.poll(this, 1);
                if (pendingLimit == 0)
                {
                    break;
                }
            }

            final int length = pending.getInt(pendingOffset);
            final long seq = pending.getLong(pendingOffset + 8);
            final long result = publication.offer(pending, pendingOffset + RECORD_HEADER_LENGTH, length);
            if (result > 0)
            {
                pendingOffset += BitUtil.align(RECORD_HEADER_LENGTH + length, 8);
                wasNotConnected = false;
                publishedSeq = seq;
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
            counters.egressPosition().setRelease(publishedSeq);
        }

        return workCount;
    }

    /**
     * Appends the next committed message to the pending batch; called by the source on the egress thread.
     *
     * @param seq    of the inbound event that caused it.
     * @param buffer holding the message.
     * @param offset at which it starts.
     * @param length of the message.
     */
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        pending.putInt(pendingLimit, length);
        pending.putLong(pendingLimit + 8, seq);
        pending.putBytes(pendingLimit + RECORD_HEADER_LENGTH, buffer, offset, length);
        pendingLimit += BitUtil.align(RECORD_HEADER_LENGTH + length, 8);
    }

    /**
     * Sequence number of the last message published; egress thread.
     *
     * @return the last published sequence number.
     */
    public long publishedSeq()
    {
        return publishedSeq;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        source.close();
    }
}
