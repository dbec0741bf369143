package io.perprisk.codecs;

/**
 * Size limits of inbound messages shared by every component that accepts them: the service's frame checks, the ring
 * slot that carries a frame to the engine, and the JSON Lines readers of {@code scenario} and {@code send}. One limit,
 * so a file that {@code scenario} accepts is never refused by the service as an oversized frame.
 */
public final class FrameLimits
{
    /**
     * Longest inbound frame, message header included, in bytes. The service refuses a longer frame with
     * {@code MALFORMED}, its ring slots are at least this long, and a JSON line whose message encodes longer is refused
     * before anything is sent or applied. With the schema's fixed blocks this leaves room for a symbol of several
     * hundred bytes; the schema's {@code varStringEncoding} bound (1024) is the wider, per-field limit.
     */
    public static final int MAX_INBOUND_FRAME_LENGTH = 1024;

    /**
     * Highest template id of an inbound message; outbound messages have ids 101 and above.
     */
    public static final int MAX_INBOUND_TEMPLATE_ID = 99;

    private FrameLimits()
    {
    }

    /**
     * Is a template id one of an inbound message (sent to the service), by the schema's numbering: inbound
     * messages 1..99, outbound 101..199.
     *
     * @param templateId of the message.
     * @return true for an inbound template id.
     */
    public static boolean isInboundTemplate(final int templateId)
    {
        return templateId >= 1 && templateId <= MAX_INBOUND_TEMPLATE_ID;
    }
}
