package io.perprisk.engine.corpus;

import org.agrona.DirectBuffer;

/**
 * Where the inbound events of a corpus stream come from: stored frames, or a generator that answers the engine's
 * outbound messages like a matching engine would.
 */
interface CorpusSource
{
    /**
     * The next inbound event.
     *
     * @return the SBE message, header first, or null at the end of the stream.
     */
    byte[] next();

    /**
     * Sees one outbound message of the engine, in order, after the event that caused it.
     *
     * @param buffer holding the message.
     * @param offset of the message header.
     * @param length of the message.
     */
    void observe(DirectBuffer buffer, int offset, int length);
}
