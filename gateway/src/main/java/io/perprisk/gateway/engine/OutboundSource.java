package io.perprisk.gateway.engine;

import io.perprisk.engine.OutboundHandler;

/**
 * Reads committed outbound messages in order from a position onward. Used by one thread (egress).
 */
public interface OutboundSource extends AutoCloseable
{
    /**
     * Deliver the messages of up to {@code limit} units (events or single messages, by implementation) not yet
     * delivered, in commit order. It may deliver more than {@code limit} messages.
     *
     * @param handler to receive each message; the buffer is only valid during the call.
     * @param limit   most units to read.
     * @return the number of messages delivered.
     */
    int poll(OutboundHandler handler, int limit);

    /**
     * Release the source.
     */
    void close();
}
