package io.perprisk.gateway.support;

import io.perprisk.engine.OutboundHandler;
import io.perprisk.client.RiskClient;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Collects outbound messages from a {@link RiskClient}.
 */
public final class OutboundCollector implements OutboundHandler
{
    private final List<CollectedMessage> messages = new ArrayList<>();

    @Override
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        messages.add(new CollectedMessage(seq, bytes));
    }

    /**
     * Poll the client until at least {@code count} messages arrived or the timeout passes.
     *
     * @param client    to poll.
     * @param count     of messages wanted.
     * @param timeoutMs how long to wait.
     * @return the messages collected so far.
     */
    public List<CollectedMessage> awaitCount(final RiskClient client, final int count, final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (messages.size() < count && System.nanoTime() < deadlineNs)
        {
            if (client.poll(this, 256) == 0)
            {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
        return messages;
    }

    /**
     * Messages collected so far.
     *
     * @return the live list.
     */
    public List<CollectedMessage> messages()
    {
        return messages;
    }
}
