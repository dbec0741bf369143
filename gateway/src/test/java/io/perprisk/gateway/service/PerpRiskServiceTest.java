package io.perprisk.gateway.service;

import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderEncoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.client.RiskClient;
import io.perprisk.client.StreamRole;
import io.perprisk.gateway.support.CollectedMessage;
import io.perprisk.gateway.support.EchoRiskEngine;
import io.perprisk.gateway.support.OutboundCollector;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static io.perprisk.gateway.support.GatewayTestSupport.awaitAtLeast;
import static io.perprisk.gateway.support.GatewayTestSupport.clientContext;
import static io.perprisk.gateway.support.GatewayTestSupport.counterValue;
import static io.perprisk.gateway.support.GatewayTestSupport.serviceContext;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerpRiskServiceTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    private int encodeNewOrder(final long orderId)
    {
        final NewOrderEncoder encoder = new NewOrderEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .orderId(orderId).accountId(1).instrumentId(1).side(Side.BUY).price(100).quantity(3)
            .reduceOnly(BooleanType.FALSE);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private static void assertRejected(final CollectedMessage message, final long seq, final RejectReason reason)
    {
        assertEquals(EventRejectedDecoder.TEMPLATE_ID, message.templateId(), message.toString());
        final EventRejectedDecoder decoder = new EventRejectedDecoder()
            .wrapAndApplyHeader(message.buffer(), 0, new MessageHeaderDecoder());
        assertEquals(seq, decoder.seq());
        assertEquals(seq, message.seq());
        assertEquals(reason, decoder.reason());
        assertTrue(decoder.detail().length() > 0);
    }

    private static void assertAccepted(final CollectedMessage message, final long seq, final long orderId)
    {
        assertEquals(OrderAcceptedDecoder.TEMPLATE_ID, message.templateId(), message.toString());
        final OrderAcceptedDecoder decoder = new OrderAcceptedDecoder()
            .wrapAndApplyHeader(message.buffer(), 0, new MessageHeaderDecoder());
        assertEquals(seq, decoder.seq());
        assertEquals(orderId, decoder.orderId());
    }

    @Test
    @Timeout(60)
    void shouldRejectBadFramesWithReasonAndKeepServing()
    {
        try (PerpRiskService service = PerpRiskService.launch(serviceContext(null));
            RiskClient client = RiskClient.connect(clientContext(service).ordered(true)))
        {
            assertTrue(client.awaitConnected(10_000));
            final OutboundCollector collector = new OutboundCollector();

            final int length = encodeNewOrder(100);
            client.send(StreamRole.PRICES, buffer, 0, length);
            client.send(StreamRole.TRADING, buffer, 0, 5);
            buffer.putShort(2, (short) 99, LITTLE_ENDIAN);
            client.send(StreamRole.TRADING, buffer, 0, length);
            encodeNewOrder(100);
            buffer.putShort(6, (short) (NewOrderEncoder.SCHEMA_VERSION + 1), LITTLE_ENDIAN);
            client.send(StreamRole.TRADING, buffer, 0, length);
            client.newOrder(7, 1, 1, Side.BUY, 100, 3, false);

            final List<CollectedMessage> messages = collector.awaitCount(client, 5, 20_000);
            assertEquals(5, messages.size(), messages.toString());
            assertRejected(messages.get(0), 1, RejectReason.NOT_ALLOWED_ON_STREAM);
            assertRejected(messages.get(1), 2, RejectReason.MALFORMED);
            assertRejected(messages.get(2), 3, RejectReason.UNKNOWN_TEMPLATE);
            assertRejected(messages.get(3), 4, RejectReason.UNSUPPORTED_VERSION);
            assertAccepted(messages.get(4), 5, 7);

            final CountersReader counters = service.aeron().countersReader();
            assertEquals(1, counterValue(counters, "perp-risk ingress rejects: reason=MALFORMED"));
            assertEquals(1, counterValue(counters, "perp-risk ingress rejects: reason=NOT_ALLOWED_ON_STREAM"));
            assertEquals(1, counterValue(counters, "perp-risk ingress rejects: reason=UNKNOWN_TEMPLATE"));
            assertEquals(1, counterValue(counters, "perp-risk ingress rejects: reason=UNSUPPORTED_VERSION"));
            assertEquals(1, counterValue(counters, "perp-risk ingress events: stream=trading type=NewOrder"));
            assertEquals(5, counterValue(counters, "perp-risk ingress sequenced (last seq)"));
            awaitAtLeast("orders accepted counter",
                () -> counterValue(counters, "perp-risk orders accepted"), 1, 5_000);
            awaitAtLeast("rejects counter",
                () -> counterValue(counters, "perp-risk rejects: reason=MALFORMED"), 1, 5_000);
        }
    }

    @Test
    @Timeout(60)
    void shouldBackPressureWhenRingIsFullAndLoseNothing() throws InterruptedException
    {
        final int orders = 2_000;
        final int ringSize = 8;
        final CountDownLatch gate = new CountDownLatch(1);
        final PerpRiskService.Context ctx = serviceContext(gate)
            .ringSize(ringSize)
            .threadingMode(GatewayThreadingMode.DEDICATED);

        try (PerpRiskService service = PerpRiskService.launch(ctx);
            RiskClient client = RiskClient.connect(clientContext(service).sendTimeoutMs(30_000)))
        {
            assertTrue(client.awaitConnected(10_000));
            final AtomicReference<Throwable> senderError = new AtomicReference<>();
            final Thread sender = new Thread(() ->
            {
                try (RiskClient senderClient = RiskClient.connect(
                    clientContext(service).subscribeEgress(false).sendTimeoutMs(30_000)))
                {
                    for (int i = 1; i <= orders; i++)
                    {
                        senderClient.newOrder(i, 1, 1, Side.BUY, 100, i, false);
                    }
                }
                catch (final Throwable ex)
                {
                    senderError.set(ex);
                }
            });
            sender.start();

            awaitAtLeast("ring full", () -> service.counters().ringFull().get(), 1, 20_000);
            assertEquals(ringSize, service.counters().ringOccupancy().get());
            assertEquals(ringSize, service.counters().ingressSequenced().get());
            gate.countDown();

            final OutboundCollector collector = new OutboundCollector();
            final List<CollectedMessage> messages = collector.awaitCount(client, orders, 40_000);
            sender.join(30_000);
            assertNull(senderError.get());
            assertEquals(orders, messages.size());
            for (int i = 0; i < orders; i++)
            {
                assertAccepted(messages.get(i), i + 1, i + 1);
            }
        }
    }

    @Test
    @Timeout(60)
    void shouldCountEngineExceptionAndKeepServing()
    {
        final List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PerpRiskService service = PerpRiskService.launch(serviceContext(null).errorHandler(errors::add));
            RiskClient client = RiskClient.connect(clientContext(service)))
        {
            assertTrue(client.awaitConnected(10_000));
            client.newOrder(EchoRiskEngine.POISON_ORDER_ID, 1, 1, Side.BUY, 100, 1, false);
            client.newOrder(667, 1, 1, Side.BUY, 100, 1, false);

            final List<CollectedMessage> messages = new OutboundCollector().awaitCount(client, 1, 20_000);
            assertEquals(1, messages.size());
            assertAccepted(messages.get(0), 2, 667);
            assertEquals(1, service.counters().engineErrors().get());
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).getMessage().contains("seq=1"), errors.get(0).getMessage());
        }
    }

    @Test
    @Timeout(60)
    void shouldServeOverUdpChannels()
    {
        final int basePort = 20_000 + (int) (ProcessHandle.current().pid() % 20_000);
        final String ingress = "aeron:udp?endpoint=localhost:" + basePort;
        final String egress = "aeron:udp?endpoint=localhost:" + (basePort + 1);
        try (PerpRiskService service = PerpRiskService.launch(
            serviceContext(null).ingressChannel(ingress).egressChannel(egress));
            RiskClient client = RiskClient.connect(
                clientContext(service).ingressChannel(ingress).egressChannel(egress).ordered(true)))
        {
            assertTrue(client.awaitConnected(10_000));
            client.deposit(3, 1, 500);
            client.newOrder(9, 3, 1, Side.BUY, 100, 2, false);
            client.send(StreamRole.ADMIN, buffer, 0, encodeNewOrder(10));

            final List<CollectedMessage> messages = new OutboundCollector().awaitCount(client, 3, 20_000);
            assertEquals(3, messages.size(), messages.toString());
            assertEquals(1, messages.get(0).seq());
            assertAccepted(messages.get(1), 2, 9);
            assertRejected(messages.get(2), 3, RejectReason.NOT_ALLOWED_ON_STREAM);
        }
    }

    @Test
    @Timeout(60)
    void shouldLetAbsentEgressConsumerCatchUpWithNothingLost()
    {
        final int orders = 500;
        try (PerpRiskService service = PerpRiskService.launch(serviceContext(null)))
        {
            try (RiskClient sender = RiskClient.connect(clientContext(service).subscribeEgress(false)))
            {
                assertTrue(sender.awaitConnected(10_000));
                for (int i = 1; i <= orders; i++)
                {
                    sender.newOrder(i, 1, 1, Side.SELL, 100, 1, false);
                }
            }
            awaitAtLeast("engine applied", () -> service.counters().engineSeq().get(), orders, 20_000);
            awaitAtLeast("outbound journal", () -> service.counters().outboundPosition().get(), orders, 20_000);
            assertEquals(0, service.counters().egressPosition().get());
            assertTrue(service.counters().egressNotConnected().get() >= 1);

            try (RiskClient consumer = RiskClient.connect(clientContext(service)))
            {
                final OutboundCollector collector = new OutboundCollector();
                final List<CollectedMessage> messages = collector.awaitCount(consumer, orders, 20_000);
                assertEquals(orders, messages.size());
                for (int i = 0; i < orders; i++)
                {
                    assertAccepted(messages.get(i), i + 1, i + 1);
                }
                awaitAtLeast("egress position", () -> service.counters().egressPosition().get(), orders, 5_000);
            }
        }
    }
}
