package io.perprisk.journal;

import org.agrona.DirectBuffer;

/**
 * Receives inbound journal records in journal order.
 */
@FunctionalInterface
public interface InboundHandler
{
    /**
     * Called once per record. The buffer is only valid for the duration of the call.
     *
     * @param seq              sequence number of the event.
     * @param receiveTimeNanos receive time stamped by the gateway, nanoseconds since the epoch.
     * @param buffer           holding the SBE message, header first.
     * @param offset           at which the message starts.
     * @param length           of the message in bytes.
     */
    void onInbound(long seq, long receiveTimeNanos, DirectBuffer buffer, int offset, int length);
}
