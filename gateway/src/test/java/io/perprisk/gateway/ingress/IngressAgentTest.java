package io.perprisk.gateway.ingress;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.aeron.Subscription;
import io.perprisk.client.StreamRole;
import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderEncoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.gateway.status.GatewayCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IngressAgentTest
{
    private static final int TRADING_STREAM = 1001;
    private static final int PRICES_STREAM = 1002;

    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
    private final CountersManager countersManager = new CountersManager(
        new UnsafeBuffer(new byte[512 * CountersManager.METADATA_LENGTH]),
        new UnsafeBuffer(new byte[512 * CountersManager.COUNTER_LENGTH]));
    private final GatewayCounters counters =
        new GatewayCounters((typeId, label) -> countersManager.newCounter(label, typeId));
    private final RingBuffer<InboundSlot> ring =
        RingBuffer.createSingleProducer(InboundSlot.factory(1024), 8, new SleepingWaitStrategy());
    private final long[] now = { 1_000 };
    private final IngressAgent agent = new IngressAgent(new Subscription[0], new StreamRole[0], ring,
        new FrameValidator(1024), () -> now[0], counters, 41, 10);

    @Test
    void shouldPublishCountersOncePerDutyCycleAndStampFramesWithTheCycleTime()
    {
        final int length = newOrder();
        assertEquals(40, counters.ingressSequenced().get());

        assertEquals(8, agent.beginDutyCycle());
        agent.onFrame(StreamRole.TRADING, TRADING_STREAM, frame, 0, length);
        now[0] = 2_000;
        agent.onFrame(StreamRole.TRADING, TRADING_STREAM, frame, 0, length);
        assertEquals(0, counters.ingressEvents(NewOrderEncoder.TEMPLATE_ID).get(), "not yet published");
        assertEquals(40, counters.ingressSequenced().get(), "not yet published");
        agent.endDutyCycle();

        assertEquals(2, counters.ingressEvents(NewOrderEncoder.TEMPLATE_ID).get());
        assertEquals(42, counters.ingressSequenced().get());
        assertEquals(0, counters.ringOccupancy().get(), "occupancy as read at the start of the cycle");
        assertEquals(41, ring.get(0).seq());
        assertEquals(42, ring.get(1).seq());
        assertEquals(1_000, ring.get(0).receiveTimeNanos());
        assertEquals(1_000, ring.get(1).receiveTimeNanos(), "one clock read per duty cycle");
        assertEquals(TRADING_STREAM, ring.get(1).streamId());
        assertEquals(length, ring.get(1).length());

        agent.beginDutyCycle();
        agent.onFrame(StreamRole.TRADING, TRADING_STREAM, frame, 0, length);
        agent.endDutyCycle();
        assertEquals(3, counters.ingressEvents(NewOrderEncoder.TEMPLATE_ID).get());
        assertEquals(43, counters.ingressSequenced().get());
        assertEquals(2_000, ring.get(2).receiveTimeNanos());
    }

    @Test
    void shouldReplaceAFrameOnTheWrongStreamByARejectAndCountItAtOnce()
    {
        final int length = newOrder();
        agent.beginDutyCycle();
        agent.onFrame(StreamRole.PRICES, PRICES_STREAM, frame, 0, length);

        assertEquals(1, counters.ingressRejects(RejectReason.NOT_ALLOWED_ON_STREAM.value()).get());
        assertEquals(41, counters.ingressSequenced().get());
        agent.endDutyCycle();
        assertEquals(41, counters.ingressSequenced().get());
        assertEquals(0, counters.ingressEvents(NewOrderEncoder.TEMPLATE_ID).get());

        final InboundSlot slot = ring.get(0);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(slot.buffer(), 0);
        assertEquals(EventRejectedDecoder.TEMPLATE_ID, header.templateId());
        final EventRejectedDecoder reject = new EventRejectedDecoder().wrapAndApplyHeader(slot.buffer(), 0, header);
        assertEquals(41, reject.seq());
        assertEquals(RejectReason.NOT_ALLOWED_ON_STREAM, reject.reason());
        assertEquals(NewOrderEncoder.TEMPLATE_ID, reject.templateId());
        assertEquals(PRICES_STREAM, slot.streamId());
    }

    private int newOrder()
    {
        final NewOrderEncoder encoder = new NewOrderEncoder()
            .wrapAndApplyHeader(frame, 0, new MessageHeaderEncoder())
            .orderId(1).accountId(2).instrumentId(3).side(Side.BUY).price(100).quantity(1)
            .reduceOnly(BooleanType.FALSE);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
