package io.perprisk.engine;

import io.perprisk.codecs.OutboundMessageHandler;
import org.agrona.DirectBuffer;

/**
 * Receives every outbound message the engine emits, on the engine thread, in emission order.
 * <p>
 * The buffer holds one complete SBE message (message header included) and is only valid for the duration of the
 * call: an implementation that keeps the bytes must copy them. Implementations must not throw.
 * <p>
 * Extends {@link OutboundMessageHandler} so that a handler of the engine's messages can also take them from a
 * client's egress poll.
 */
@FunctionalInterface
public interface OutboundHandler extends OutboundMessageHandler
{
    /**
     * Called once for each outbound message.
     *
     * @param seq    sequence number of the inbound event that caused the message.
     * @param buffer holding the SBE-encoded message, header first.
     * @param offset at which the message header starts.
     * @param length of the message in bytes, header included.
     */
    @Override
    void onOutbound(long seq, DirectBuffer buffer, int offset, int length);
}
