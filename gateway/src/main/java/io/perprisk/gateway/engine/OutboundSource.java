package io.perprisk.gateway.engine;

import io.perprisk.engine.OutboundHandler;

/**
 * Reads committed outbound messages in order from a position onward. Used by one thread (egress).
 */
public interface OutboundSource extends AutoCloseable
{
    /**
     * Deliver up to {@code limit} messages not yet delivered, in commit order.
     *
     * @param handler to receive each message; the buffer is only valid during the call.
     * @param limit   most messages to deliver.
     * @return the number of messages delivered.
     */
    int poll(OutboundHandler handler, int limit);

    /**
     * Messages delivered so far, counted from the start of the journal.
     *
     * @return the position of this source.
     */
    long position();

    /**
     * Release the source.
     */
    void close();
}
