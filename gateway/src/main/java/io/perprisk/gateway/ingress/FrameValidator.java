package io.perprisk.gateway.ingress;

import io.perprisk.client.StreamRole;
import io.perprisk.codecs.sbe.AssetDefinitionDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.GroupSizeEncodingDecoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.VarStringEncodingDecoder;
import org.agrona.DirectBuffer;

import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Structural checks of one inbound frame before it is sequenced: length, SBE message header, schema id and
 * version, template known and allowed on the stream it arrived on, root block length, repeating groups and
 * variable-length fields inside the frame, and no trailing bytes. Field values are the engine's business.
 * <p>
 * Reusable and allocation free; not thread safe (one per ingress thread). After {@link #validate} returns a reason,
 * {@link #detail()} names the failed check and {@link #templateId()} the template read from the header (0 if the
 * frame was too short to have one).
 */
public final class FrameValidator
{
    /**
     * Returned by {@link #validate} when the frame passes every check.
     */
    public static final int VALID = -1;

    /**
     * Longest variable-length string allowed by the schema's {@code varStringEncoding}.
     */
    public static final int MAX_VAR_STRING_LENGTH = 1024;

    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER_LENGTH = GroupSizeEncodingDecoder.ENCODED_LENGTH;
    private static final int VAR_HEADER_LENGTH = VarStringEncodingDecoder.lengthEncodingLength();
    private static final int MAX_TEMPLATE_ID = StreamRole.MAX_TEMPLATE_ID;
    private static final int[] MIN_BLOCK_LENGTH = new int[MAX_TEMPLATE_ID];

    static
    {
        Arrays.fill(MIN_BLOCK_LENGTH, -1);
        InboundTemplates.fillBlockLengths(MIN_BLOCK_LENGTH);
        for (int templateId = OrderAcceptedDecoder.TEMPLATE_ID; templateId <= EventRejectedDecoder.TEMPLATE_ID;
            templateId++)
        {
            // outbound templates are known, so that sending one inbound gets NOT_ALLOWED_ON_STREAM
            MIN_BLOCK_LENGTH[templateId] = 0;
        }
    }

    private final int maxFrameLength;
    private String detail = "";
    private int templateId;

    /**
     * Create a validator.
     *
     * @param maxFrameLength longest frame accepted, in bytes (the ring slot size).
     */
    public FrameValidator(final int maxFrameLength)
    {
        this.maxFrameLength = maxFrameLength;
    }

    /**
     * Check one frame.
     *
     * @param role   of the stream the frame arrived on.
     * @param buffer holding the frame.
     * @param offset at which the frame starts.
     * @param length of the frame in bytes.
     * @return {@link #VALID} or the {@link RejectReason} value to reject it with.
     */
    public int validate(final StreamRole role, final DirectBuffer buffer, final int offset, final int length)
    {
        templateId = 0;
        if (length < HEADER_LENGTH)
        {
            return reject(RejectReason.MALFORMED, "frame shorter than the message header");
        }

        final int blockLength = buffer.getShort(offset, LITTLE_ENDIAN) & 0xFFFF;
        final int template = buffer.getShort(offset + 2, LITTLE_ENDIAN) & 0xFFFF;
        final int schemaId = buffer.getShort(offset + 4, LITTLE_ENDIAN) & 0xFFFF;
        final int version = buffer.getShort(offset + 6, LITTLE_ENDIAN) & 0xFFFF;
        templateId = template;

        if (schemaId != MessageHeaderDecoder.SCHEMA_ID)
        {
            return reject(RejectReason.MALFORMED, "unknown schema id");
        }
        if (version > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            return reject(RejectReason.UNSUPPORTED_VERSION, "schema version newer than this service");
        }
        if (template >= MAX_TEMPLATE_ID || MIN_BLOCK_LENGTH[template] < 0)
        {
            return reject(RejectReason.UNKNOWN_TEMPLATE, "unknown template id");
        }
        if (!role.allows(template))
        {
            return reject(RejectReason.NOT_ALLOWED_ON_STREAM, "template not allowed on this stream");
        }
        if (length > maxFrameLength)
        {
            return reject(RejectReason.MALFORMED, "frame longer than the maximum frame length");
        }
        if (blockLength < MIN_BLOCK_LENGTH[template])
        {
            return reject(RejectReason.MALFORMED, "block length shorter than the template's");
        }

        final int end = offset + length;
        int limit = offset + HEADER_LENGTH + blockLength;
        if (limit > end)
        {
            return reject(RejectReason.MALFORMED, "frame shorter than its block length");
        }

        if (template == InstrumentDefinitionDecoder.TEMPLATE_ID)
        {
            if (limit + GROUP_HEADER_LENGTH > end)
            {
                return reject(RejectReason.MALFORMED, "truncated group header");
            }
            final int groupBlockLength = buffer.getShort(limit, LITTLE_ENDIAN) & 0xFFFF;
            final int numInGroup = buffer.getShort(limit + 2, LITTLE_ENDIAN) & 0xFFFF;
            if (groupBlockLength < InstrumentDefinitionDecoder.TiersDecoder.sbeBlockLength())
            {
                return reject(RejectReason.MALFORMED, "group block length shorter than the group's");
            }
            limit += GROUP_HEADER_LENGTH;
            if ((long) groupBlockLength * numInGroup > end - limit)
            {
                return reject(RejectReason.MALFORMED, "truncated group");
            }
            limit += groupBlockLength * numInGroup;
        }

        if (template == InstrumentDefinitionDecoder.TEMPLATE_ID || template == AssetDefinitionDecoder.TEMPLATE_ID)
        {
            if (limit + VAR_HEADER_LENGTH > end)
            {
                return reject(RejectReason.MALFORMED, "truncated variable-length header");
            }
            final int varLength = buffer.getShort(limit, LITTLE_ENDIAN) & 0xFFFF;
            if (varLength > MAX_VAR_STRING_LENGTH)
            {
                return reject(RejectReason.MALFORMED, "variable-length field too long");
            }
            limit += VAR_HEADER_LENGTH;
            if (varLength > end - limit)
            {
                return reject(RejectReason.MALFORMED, "truncated variable-length field");
            }
            limit += varLength;
        }

        if (limit != end)
        {
            return reject(RejectReason.MALFORMED, "trailing bytes after the message");
        }

        detail = "";
        return VALID;
    }

    /**
     * The failed check of the last {@link #validate} call that rejected, as a short constant text.
     *
     * @return the detail text, empty after a valid frame.
     */
    public String detail()
    {
        return detail;
    }

    /**
     * Template id read from the last frame's header, 0 if it had none.
     *
     * @return the template id.
     */
    public int templateId()
    {
        return templateId;
    }

    private int reject(final RejectReason reason, final String detail)
    {
        this.detail = detail;
        return reason.value();
    }
}
