package io.perprisk.gateway.support;

import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderEncoder;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.client.RiskClient;
import io.perprisk.client.StreamRole;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A deterministic mix of deposits, orders and misrouted frames (rejected by ingress) for restart tests.
 */
public final class Workload
{
    private Workload()
    {
    }

    /**
     * Send events {@code from} to {@code to} inclusive.
     *
     * @param client ordered client.
     * @param from   first event number, from 1.
     * @param to     last event number.
     */
    public static void send(final RiskClient client, final int from, final int to)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        for (int i = from; i <= to; i++)
        {
            final long accountId = i % 17 + 1;
            if (i % 50 == 0)
            {
                final NewOrderEncoder encoder = new NewOrderEncoder()
                    .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                    .orderId(i).accountId(accountId).instrumentId(1).side(Side.BUY).price(1).quantity(1)
                    .reduceOnly(BooleanType.FALSE);
                final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
                client.send(StreamRole.PRICES, buffer, 0, length);
            }
            else if (i % 3 == 0)
            {
                client.deposit(accountId, 1, i * 100L);
            }
            else
            {
                client.newOrder(i, accountId, 1, i % 2 == 0 ? Side.BUY : Side.SELL, 100L * i, i, false);
            }
        }
    }
}
