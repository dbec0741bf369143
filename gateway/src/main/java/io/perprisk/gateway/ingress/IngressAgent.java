package io.perprisk.gateway.ingress;

import com.lmax.disruptor.RingBuffer;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.perprisk.client.StreamRole;
import io.perprisk.codecs.sbe.EventRejectedEncoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.gateway.status.GatewayCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The ingress stage: polls one Aeron subscription per inbound source, checks every frame with a
 * {@link FrameValidator}, gives it the next sequence number and a receive time, and publishes it into the ring.
 * <p>
 * A frame that fails a check is sequenced too: its slot holds an {@code EventRejected} (seq, reason, template id,
 * detail) instead of the frame, so the engine stage journals and emits the reject in sequence order and a replay of
 * the inbound journal reproduces it.
 * <p>
 * Back-pressure: the agent polls at most as many fragments as the ring has free slots (a fragment yields at most one
 * message), so publishing never waits. The free capacity is cached: it is re-read from the ring (which reads the
 * engine stage's gating sequence, a cache line the engine thread writes) only when the cached count falls below one
 * poll's worth of fragments, or after a duty cycle that received nothing, as the Disruptor's own producers cache the
 * gating sequence. When the ring is full it polls nothing, the Aeron subscriptions fill up and the senders see
 * {@code BACK_PRESSURED}; nothing is dropped.
 * <p>
 * The clock is read at most once per duty cycle, on the cycle's first frame, so an idle cycle reads no clock.
 * <p>
 * The only producer of the ring: run it on exactly one thread.
 */
public final class IngressAgent implements Agent
{
    private final StreamFragmentHandler[] handlers;
    private final FragmentAssembler[] assemblers;
    private final Subscription[] subscriptions;
    private final RingBuffer<InboundSlot> ring;
    private final FrameValidator validator;
    private final EpochNanoClock clock;
    private final GatewayCounters counters;
    private final EventRejectedEncoder rejectEncoder = new EventRejectedEncoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final UnsafeBuffer detailBuffer = new UnsafeBuffer(new byte[FrameValidator.MAX_VAR_STRING_LENGTH]);
    private final int fragmentLimit;
    private final int ringSize;
    private final long[] pendingEvents = new long[StreamRole.MAX_TEMPLATE_ID];
    private final int[] pendingTemplates = new int[StreamRole.MAX_TEMPLATE_ID];
    private int pendingTemplateCount;
    private final int capacityRefreshThreshold;
    private long dutyCycleTimeNanos;
    private boolean clockRead;
    private int cachedCapacity;
    private int framesThisCycle;
    private long nextSeq;
    private int nextSubscription;
    private boolean ringWasFull;
    private volatile boolean accepting = true;

    /**
     * Create the ingress agent.
     *
     * @param subscriptions one per role, in the order of {@code roles}.
     * @param roles         the role of each subscription.
     * @param ring          single-producer ring to publish into; slots must be at least the validator's max length.
     * @param validator     to check each frame.
     * @param clock         for receive times.
     * @param counters      to count events, rejects, occupancy and back-pressure.
     * @param firstSeq      sequence number of the first frame, one after the last journaled.
     * @param fragmentLimit most fragments polled per subscription per duty cycle.
     */
    public IngressAgent(
        final Subscription[] subscriptions,
        final StreamRole[] roles,
        final RingBuffer<InboundSlot> ring,
        final FrameValidator validator,
        final EpochNanoClock clock,
        final GatewayCounters counters,
        final long firstSeq,
        final int fragmentLimit)
    {
        this.subscriptions = subscriptions.clone();
        this.ring = ring;
        this.validator = validator;
        this.clock = clock;
        this.counters = counters;
        this.nextSeq = firstSeq;
        this.fragmentLimit = fragmentLimit;
        this.ringSize = ring.getBufferSize();
        this.capacityRefreshThreshold = Math.min(fragmentLimit, ringSize);
        this.handlers = new StreamFragmentHandler[subscriptions.length];
        this.assemblers = new FragmentAssembler[subscriptions.length];
        for (int i = 0; i < subscriptions.length; i++)
        {
            handlers[i] = new StreamFragmentHandler(this, roles[i], subscriptions[i].streamId());
            assemblers[i] = new FragmentAssembler(handlers[i]);
        }
        counters.ingressSequenced().setRelease(firstSeq - 1);
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "perp-risk-ingress";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        if (!accepting)
        {
            return 0;
        }

        int remaining = beginDutyCycle();
        if (remaining == 0)
        {
            return 0;
        }

        int workCount = 0;
        final int count = subscriptions.length;
        for (int i = 0; i < count && remaining > 0; i++)
        {
            final int index = nextSubscription;
            nextSubscription = index + 1 == count ? 0 : index + 1;
            final int fragments = subscriptions[index].poll(assemblers[index], Math.min(fragmentLimit, remaining));
            remaining -= fragments;
            workCount += fragments;
        }
        endDutyCycle();

        return workCount;
    }

    /**
     * First half of a duty cycle: makes sure the cached free capacity of the ring is worth a poll (re-reading it, and
     * publishing the ring occupancy, only when fewer than one poll's fragments are left), and arms the clock read for
     * the cycle's first frame. {@link #doWork()} calls it; public so that a benchmark can run a duty cycle around
     * frames it supplies itself.
     *
     * @return how many frames the ring can take now (0: ring full, nothing may be read).
     */
    public int beginDutyCycle()
    {
        clockRead = false;
        framesThisCycle = 0;
        if (cachedCapacity < capacityRefreshThreshold)
        {
            refreshCapacity();
        }
        if (cachedCapacity == 0)
        {
            if (!ringWasFull)
            {
                ringWasFull = true;
                counters.ringFull().incrementRelease();
            }
            return 0;
        }
        ringWasFull = false;
        return cachedCapacity;
    }

    private void refreshCapacity()
    {
        final int remaining = (int) Math.min(ring.remainingCapacity(), Integer.MAX_VALUE);
        cachedCapacity = remaining;
        counters.ringOccupancy().setRelease(ringSize - remaining);
    }

    /**
     * Last half of a duty cycle: publishes the per-type event counts and the last sequenced seq gathered while the
     * frames of this cycle were taken (one ordered write per counter per cycle instead of per frame). A cycle that
     * received nothing has time to spare: it re-reads the ring's free capacity, which keeps the occupancy counter
     * current while the service is idle.
     */
    public void endDutyCycle()
    {
        if (framesThisCycle == 0)
        {
            refreshCapacity();
        }
        final int templateCount = pendingTemplateCount;
        if (templateCount == 0)
        {
            return;
        }
        for (int i = 0; i < templateCount; i++)
        {
            final int templateId = pendingTemplates[i];
            counters.ingressEvents(templateId).getAndAddRelease(pendingEvents[templateId]);
            pendingEvents[templateId] = 0;
        }
        pendingTemplateCount = 0;
        counters.ingressSequenced().setRelease(nextSeq - 1);
    }

    /**
     * Stop taking frames from the subscriptions (they are left unread); used before a clean shutdown. Any thread.
     */
    public void stopAccepting()
    {
        accepting = false;
    }

    /**
     * Sequence number the next frame will get.
     *
     * @return the next sequence number.
     */
    public long nextSeq()
    {
        return nextSeq;
    }

    /**
     * Sequence one reassembled frame: check it and copy it (or the {@code EventRejected} that replaces it) into the
     * next ring slot, then publish the slot. Called between {@link #beginDutyCycle()} and {@link #endDutyCycle()}.
     *
     * @param role     of the stream the frame came from.
     * @param streamId of that stream.
     * @param buffer   holding the frame.
     * @param offset   of the frame.
     * @param length   of the frame.
     */
    public void onFrame(final StreamRole role, final int streamId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (!clockRead)
        {
            dutyCycleTimeNanos = clock.nanoTime();
            clockRead = true;
        }
        framesThisCycle++;
        cachedCapacity--;
        final long seq = nextSeq++;
        final long ringSequence = ring.next();
        try
        {
            final InboundSlot slot = ring.get(ringSequence);
            final int verdict = validator.validate(role, buffer, offset, length);
            if (verdict == FrameValidator.VALID)
            {
                slot.buffer().putBytes(0, buffer, offset, length);
                slot.set(seq, dutyCycleTimeNanos, streamId, length);
                final int templateId = validator.templateId();
                if (pendingEvents[templateId]++ == 0)
                {
                    pendingTemplates[pendingTemplateCount++] = templateId;
                }
            }
            else
            {
                final int rejectLength = encodeReject(slot, seq, verdict, streamId, length);
                slot.set(seq, dutyCycleTimeNanos, streamId, rejectLength);
                final AtomicCounter rejects = counters.ingressRejects(verdict);
                rejects.incrementRelease();
            }
        }
        finally
        {
            ring.publish(ringSequence);
        }
        if (pendingTemplateCount == 0)
        {
            counters.ingressSequenced().setRelease(seq);
        }
    }

    private int encodeReject(final InboundSlot slot, final long seq, final int reasonCode, final int streamId,
        final int frameLength)
    {
        final String detail = validator.detail();
        int detailLength = detailBuffer.putStringWithoutLengthAscii(0, detail);
        detailLength += detailBuffer.putStringWithoutLengthAscii(detailLength, " (stream ");
        detailLength += detailBuffer.putIntAscii(detailLength, streamId);
        detailLength += detailBuffer.putStringWithoutLengthAscii(detailLength, ", length ");
        detailLength += detailBuffer.putIntAscii(detailLength, frameLength);
        detailLength += detailBuffer.putStringWithoutLengthAscii(detailLength, ")");

        rejectEncoder.wrapAndApplyHeader(slot.buffer(), 0, headerEncoder)
            .seq(seq)
            .reason(RejectReason.get((short) reasonCode))
            .templateId(validator.templateId())
            .putDetail(detailBuffer, 0, detailLength);

        return MessageHeaderEncoder.ENCODED_LENGTH + rejectEncoder.encodedLength();
    }

    /**
     * Delivers reassembled messages of one subscription to the agent with the stream's role; allocated once.
     */
    static final class StreamFragmentHandler implements FragmentHandler
    {
        private final IngressAgent agent;
        private final StreamRole role;
        private final int streamId;

        StreamFragmentHandler(final IngressAgent agent, final StreamRole role, final int streamId)
        {
            this.agent = agent;
            this.role = role;
            this.streamId = streamId;
        }

        /**
         * {@inheritDoc}
         */
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            agent.onFrame(role, streamId, buffer, offset, length);
        }
    }
}
