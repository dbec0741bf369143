package io.perprisk.journal;

import org.agrona.DirectBuffer;

/**
 * Receives outbound journal documents whole (for verification and tools); egress uses
 * {@link OutboundTailer#poll(io.perprisk.engine.OutboundHandler, int)} instead.
 */
public interface OutboundRecordHandler
{
    /**
     * The outbound messages of one inbound event. The buffer holds {@code count} times {@code length:int32,
     * message}, little-endian, and is only valid for the duration of the call.
     *
     * @param seq    sequence number of the inbound event.
     * @param count  number of messages.
     * @param buffer holding the length-prefixed messages.
     * @param offset at which the first length prefix starts.
     * @param length of all the prefixed messages in bytes.
     * @param index  Chronicle index of the document.
     */
    void onEventOutputs(long seq, int count, DirectBuffer buffer, int offset, int length, long index);

    /**
     * A state digest recorded after event {@code seq}.
     *
     * @param seq    sequence number of the last event applied when the digest was taken.
     * @param digest the engine digest.
     * @param index  Chronicle index of the document.
     */
    void onStateDigest(long seq, String digest, long index);
}
