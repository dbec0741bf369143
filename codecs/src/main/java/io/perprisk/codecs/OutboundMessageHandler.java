package io.perprisk.codecs;

import org.agrona.DirectBuffer;

/**
 * Receives outbound messages: from the engine (its {@code OutboundHandler} is this interface) or from the service's
 * egress stream (a client's poll). Lives here so that a client needs nothing but the codecs to receive them.
 * <p>
 * The buffer holds one complete SBE message (message header included) and is only valid for the duration of the
 * call: an implementation that keeps the bytes must copy them. Implementations must not throw.
 */
@FunctionalInterface
public interface OutboundMessageHandler
{
    /**
     * Called once for each outbound message.
     *
     * @param seq    sequence number of the inbound event that caused the message.
     * @param buffer holding the SBE-encoded message, header first.
     * @param offset at which the message header starts.
     * @param length of the message in bytes, header included.
     */
    void onOutbound(long seq, DirectBuffer buffer, int offset, int length);
}
