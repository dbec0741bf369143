package io.perprisk.journal;

/**
 * Layout of outbound journal documents (little-endian).
 * <ul>
 *     <li>Event outputs: {@code seq:int64, type:int32 = 1, count:int32}, then {@code count} times
 *     {@code length:int32, message:length bytes}. One document per inbound event that produced at least one message,
 *     written after the event was applied, so a document is either wholly recorded or absent.</li>
 *     <li>State digest: {@code seq:int64, type:int32 = 2, length:int32, digest:length ASCII bytes}, the engine's
 *     digest after applying event {@code seq}, written when a snapshot is taken and on close.</li>
 * </ul>
 */
public final class OutboundRecord
{
    /**
     * Type of a document holding the outbound messages of one inbound event.
     */
    public static final int TYPE_EVENT_OUTPUTS = 1;

    /**
     * Type of a document holding a state digest.
     */
    public static final int TYPE_STATE_DIGEST = 2;

    /**
     * Bytes of the document header: seq, type and count (or digest length).
     */
    public static final int HEADER_LENGTH = 16;

    /**
     * Bytes of the length prefix of each message.
     */
    public static final int MESSAGE_PREFIX_LENGTH = 4;

    private OutboundRecord()
    {
    }
}
