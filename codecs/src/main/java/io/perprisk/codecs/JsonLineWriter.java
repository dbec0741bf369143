package io.perprisk.codecs;

import org.agrona.DirectBuffer;

/**
 * Turns any SBE message of the {@link MessageCatalog}, header included, into one line of the JSON Lines text form:
 * the inverse of {@link JsonLineReader}.
 * <p>
 * The line is one JSON object with {@code "type"} first, then the fields in schema order (fixed fields, groups, var
 * data), without white space or line terminator. Fixed-point fields ({@code Price}, {@code Quantity}, {@code Money},
 * {@code Rate}) are decimal strings with trailing zeros stripped and no exponent ({@code "50000.25"}, {@code "-3"},
 * {@code "0"}); other integers and timestamps are JSON numbers; enums are names ({@code BooleanType} is {@code true}
 * or {@code false}); an optional field at its null value is {@code null}; var data is a JSON string; a group is an
 * array of objects. Fields, groups and var data newer than the message's schema version are left out. An enum value
 * the schema does not name is written as its number, which the reader refuses, so such a message is visible rather
 * than hidden.
 * <p>
 * Warm path: appends to a caller-supplied {@link StringBuilder} without intermediate strings, except for var data.
 * Stateless and thread safe.
 */
public final class JsonLineWriter
{
    private static final long SCALE = 100_000_000L;
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final MessageCatalog catalog;

    /**
     * Create a writer for the perp-risk schema packaged with this module.
     */
    public JsonLineWriter()
    {
        this(MessageCatalog.load());
    }

    /**
     * Create a writer for the messages of a catalog.
     *
     * @param catalog of the schema to decode.
     */
    public JsonLineWriter(final MessageCatalog catalog)
    {
        this.catalog = catalog;
    }

    /**
     * The catalog this writer decodes.
     *
     * @return the catalog.
     */
    public MessageCatalog catalog()
    {
        return catalog;
    }

    /**
     * Append one SBE message as a JSON object, without a line terminator.
     *
     * @param buffer holding the message.
     * @param offset at which the message header starts.
     * @param length of the message in bytes, header included.
     * @param out    to append to; left as it was if the message is refused.
     * @return {@code out} for chaining.
     * @throws IllegalArgumentException if the schema id or template id is unknown or the message is shorter than its
     *                                  header, block, groups and var data need.
     */
    public StringBuilder append(final DirectBuffer buffer, final int offset, final int length, final StringBuilder out)
    {
        final int start = out.length();
        try
        {
            appendMessage(buffer, offset, length, out);
        }
        catch (final IllegalArgumentException ex)
        {
            out.setLength(start);
            throw ex;
        }

        return out;
    }

    /**
     * Convenience for cold paths: one SBE message as a new string, without a line terminator.
     *
     * @param buffer holding the message.
     * @param offset at which the message header starts.
     * @param length of the message in bytes, header included.
     * @return the JSON object.
     * @throws IllegalArgumentException as {@link #append(DirectBuffer, int, int, StringBuilder)}.
     */
    public String toLine(final DirectBuffer buffer, final int offset, final int length)
    {
        return append(buffer, offset, length, new StringBuilder(256)).toString();
    }

    /**
     * Append a fixed-point value as a decimal string in quotes: the raw value divided by 10^8, trailing zeros and a
     * bare decimal point stripped, no exponent, e.g. {@code 5000025000000 -> "50000.25"}, {@code -300000000 -> "-3"}.
     *
     * @param out to append to.
     * @param raw value times 10^8; any {@code long} including {@link Long#MIN_VALUE}.
     * @return {@code out} for chaining.
     */
    public static StringBuilder appendDecimalString(final StringBuilder out, final long raw)
    {
        out.append('"');
        appendDecimal(out, raw);
        return out.append('"');
    }

    static void appendDecimal(final StringBuilder out, final long raw)
    {
        if (raw < 0)
        {
            out.append('-');
        }
        out.append(Math.abs(raw / SCALE));

        long fraction = Math.abs(raw % SCALE);
        if (0 != fraction)
        {
            int digits = JsonLineReader.DECIMAL_PLACES;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            out.append('.');
            for (long divisor = pow10(digits - 1); divisor > 0; divisor /= 10)
            {
                out.append((char) ('0' + (fraction / divisor) % 10));
            }
        }
    }

    static void appendString(final StringBuilder out, final String value)
    {
        out.append('"');
        for (int i = 0, length = value.length(); i < length; i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                default:
                    if (c < 0x20)
                    {
                        out.append("\\u00").append(HEX_DIGITS[c >> 4]).append(HEX_DIGITS[c & 0xF]);
                    }
                    else
                    {
                        out.append(c);
                    }
                    break;
            }
        }
        out.append('"');
    }

    private void appendMessage(final DirectBuffer buffer, final int offset, final int length, final StringBuilder out)
    {
        final int headerLength = catalog.headerLength();
        if (length < headerLength)
        {
            throw new IllegalArgumentException("message of " + length + " bytes is shorter than its header");
        }
        final int schemaId = catalog.headerSchemaId(buffer, offset);
        if (schemaId != catalog.schemaId())
        {
            throw new IllegalArgumentException("schema id " + schemaId + " is not " + catalog.schemaId());
        }
        final int templateId = catalog.headerTemplateId(buffer, offset);
        final MessageLayout message = catalog.messageByTemplateId(templateId);
        if (null == message)
        {
            throw new IllegalArgumentException("unknown template id " + templateId);
        }

        final int actingBlockLength = catalog.headerBlockLength(buffer, offset);
        final int actingVersion = catalog.headerVersion(buffer, offset);
        out.append("{\"type\":\"").append(message.name).append('"');
        appendBlock(
            out, message.body, buffer, offset + headerLength, actingBlockLength, actingVersion, offset + length, false);
        out.append('}');
    }

    private static int appendBlock(
        final StringBuilder out,
        final BlockLayout block,
        final DirectBuffer buffer,
        final int blockOffset,
        final int actingBlockLength,
        final int actingVersion,
        final int end,
        final boolean firstMember)
    {
        requireWithin(block, blockOffset + actingBlockLength, end);
        boolean first = firstMember;
        for (final FieldLayout field : block.fields)
        {
            if (field.sinceVersion <= actingVersion)
            {
                appendName(out, field.name, first);
                first = false;
                appendField(out, field, field.get(buffer, blockOffset));
            }
        }

        int limit = blockOffset + actingBlockLength;
        for (final GroupLayout group : block.groups)
        {
            if (group.sinceVersion > actingVersion)
            {
                continue;
            }
            requireWithin(block, limit + group.headerLength, end);
            final int entryBlockLength = (int) Primitives.get(
                buffer, limit + group.blockLengthOffset, group.blockLengthType, group.byteOrder);
            final long count = Primitives.get(
                buffer, limit + group.numInGroupOffset, group.numInGroupType, group.byteOrder);
            limit += group.headerLength;

            appendName(out, group.name, first);
            first = false;
            out.append('[');
            for (long i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    out.append(',');
                }
                out.append('{');
                limit = appendBlock(out, group.entry, buffer, limit, entryBlockLength, actingVersion, end, true);
                out.append('}');
            }
            out.append(']');
        }

        for (final VarDataLayout data : block.varData)
        {
            if (data.sinceVersion > actingVersion)
            {
                continue;
            }
            requireWithin(block, limit + data.lengthSize, end);
            final int dataLength = (int) Primitives.get(buffer, limit, data.lengthType, data.byteOrder);
            limit += data.lengthSize;
            requireWithin(block, limit + dataLength, end);

            final byte[] bytes = new byte[dataLength];
            buffer.getBytes(limit, bytes);
            limit += dataLength;

            appendName(out, data.name, first);
            first = false;
            appendString(out, new String(bytes, data.charset));
        }

        return limit;
    }

    private static void appendField(final StringBuilder out, final FieldLayout field, final long raw)
    {
        if (field.optional && raw == field.nullValue)
        {
            out.append("null");
            return;
        }

        switch (field.kind)
        {
            case DECIMAL:
                appendDecimalString(out, raw);
                break;

            case INTEGER:
                out.append(raw);
                break;

            case ENUM:
            {
                final String name = field.enumName(raw);
                if (null == name)
                {
                    out.append(raw);
                }
                else
                {
                    out.append('"').append(name).append('"');
                }
                break;
            }

            case BOOLEAN:
            {
                final String name = field.enumName(raw);
                if (null == name)
                {
                    out.append(raw);
                }
                else
                {
                    out.append("TRUE".equals(name));
                }
                break;
            }

            default:
                throw new IllegalStateException("unknown field kind: " + field.kind);
        }
    }

    private static void appendName(final StringBuilder out, final String name, final boolean first)
    {
        if (!first)
        {
            out.append(',');
        }
        out.append('"').append(name).append("\":");
    }

    private static void requireWithin(final BlockLayout block, final int limit, final int end)
    {
        if (limit > end)
        {
            throw new IllegalArgumentException("message truncated in " + block.name);
        }
    }

    private static long pow10(final int exponent)
    {
        long result = 1;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
