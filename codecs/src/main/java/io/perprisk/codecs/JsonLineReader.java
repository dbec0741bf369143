package io.perprisk.codecs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import org.agrona.MutableDirectBuffer;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns one line of the JSON Lines text form into one SBE message, header included, for any message of the
 * {@link MessageCatalog}.
 * <p>
 * A line is one JSON object: {@code "type"} names the message, every other key names a field, in any order. Every
 * field of the message must be present, no other key may be. Values by field kind:
 * <ul>
 *     <li>{@code Price}, {@code Quantity}, {@code Money}, {@code Rate}: a decimal string such as {@code "50000.25"}
 *     or a JSON number, read from its exact text (never through a double), stored as the value times 10^8. More than
 *     eight significant decimal places is an error, never rounded.</li>
 *     <li>other integers and {@code UTCTimestamp}: a JSON integer.</li>
 *     <li>enums: the name of a value; {@code BooleanType}: JSON {@code true} or {@code false}.</li>
 *     <li>optional fields: also JSON {@code null}, stored as the field's null value.</li>
 *     <li>var-data strings: a JSON string; repeating groups: a JSON array of objects.</li>
 * </ul>
 * Every value must fit both its primitive type and the schema's bounds (a required field may not hold its null
 * value). The message is written with the catalog's current schema version.
 * <p>
 * Cold path: allocates per line. Stateless and thread safe.
 */
public final class JsonLineReader
{
    /**
     * Returned by {@link #read(long, CharSequence, MutableDirectBuffer, int)} for a blank line or a line whose first
     * non-blank character is {@code #}; no message has length zero.
     */
    public static final int SKIPPED = 0;

    /**
     * Number of decimal places of a fixed-point value.
     */
    public static final int DECIMAL_PLACES = 8;

    private static final String TYPE_KEY = "type";
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    private static final int MAX_INTEGER_DIGITS = 20;

    /**
     * Longest piece of the input echoed back in an error message, in characters; longer input is cut and its length
     * given instead, so a 100,000-digit number does not come back whole.
     */
    public static final int MAX_ECHO_LENGTH = 40;

    private static final int MAX_PARSER_MESSAGE_LENGTH = 160;

    private final MessageCatalog catalog;
    private final boolean inboundOnly;
    private final JsonFactory jsonFactory = new JsonFactory();

    /**
     * Create a reader for the perp-risk schema packaged with this module.
     */
    public JsonLineReader()
    {
        this(MessageCatalog.load());
    }

    /**
     * Create a reader for the messages of a catalog.
     *
     * @param catalog of the schema to encode.
     */
    public JsonLineReader(final MessageCatalog catalog)
    {
        this(catalog, false);
    }

    /**
     * Create a reader for the messages of a catalog, optionally restricted to input files.
     *
     * @param catalog     of the schema to encode.
     * @param inboundOnly true to refuse outbound messages ({@link JsonProblem#NOT_INBOUND}) and messages that encode
     *                    longer than {@link FrameLimits#MAX_INBOUND_FRAME_LENGTH} ({@link JsonProblem#TOO_LONG}):
     *                    what the service itself would refuse to sequence.
     */
    public JsonLineReader(final MessageCatalog catalog, final boolean inboundOnly)
    {
        this.catalog = catalog;
        this.inboundOnly = inboundOnly;
    }

    /**
     * A reader of input files for the service (for {@code scenario} and {@code send}): inbound messages only, each
     * within {@link FrameLimits#MAX_INBOUND_FRAME_LENGTH}.
     *
     * @param catalog of the schema to encode.
     * @return the reader.
     */
    public static JsonLineReader forInbound(final MessageCatalog catalog)
    {
        return new JsonLineReader(catalog, true);
    }

    /**
     * Does this reader accept inbound messages only.
     *
     * @return true if outbound messages and oversized frames are refused.
     */
    public boolean inboundOnly()
    {
        return inboundOnly;
    }

    /**
     * The catalog this reader encodes.
     *
     * @return the catalog.
     */
    public MessageCatalog catalog()
    {
        return catalog;
    }

    /**
     * Is the line one to skip: blank, or starting with {@code #} after optional white space.
     *
     * @param line to test.
     * @return true if the line holds no message.
     */
    public static boolean isSkipped(final CharSequence line)
    {
        for (int i = 0, length = line.length(); i < length; i++)
        {
            final char c = line.charAt(i);
            if (!Character.isWhitespace(c))
            {
                return '#' == c;
            }
        }

        return true;
    }

    /**
     * Encode one line as an SBE message, message header first.
     *
     * @param lineNumber of the line in its source, used only in errors.
     * @param line       the text of the line, without its line terminator.
     * @param buffer     to encode into; an expandable buffer grows as needed, a fixed one must be large enough.
     * @param offset     at which the message header is written.
     * @return the length of the message in bytes, header included, or {@link #SKIPPED} for a blank or comment line.
     * @throws JsonFormatException naming the line, the field and the problem if the line is not a valid message.
     */
    public int read(final long lineNumber, final CharSequence line, final MutableDirectBuffer buffer, final int offset)
        throws JsonFormatException
    {
        if (isSkipped(line))
        {
            return SKIPPED;
        }

        final Node root = parse(lineNumber, line.toString());
        final Node type = root.members.remove(TYPE_KEY);
        if (null == type)
        {
            throw new JsonFormatException(lineNumber, TYPE_KEY, JsonProblem.MISSING_FIELD, "every line needs a type");
        }
        if (type.kind != JsonToken.VALUE_STRING)
        {
            throw wrongKind(lineNumber, TYPE_KEY, "a message name string", type);
        }

        final MessageLayout message = catalog.messageByName(type.text);
        if (null == message)
        {
            throw new JsonFormatException(
                lineNumber, TYPE_KEY, JsonProblem.UNKNOWN_TYPE, echo(type.text) + " is not a message of the schema");
        }
        if (inboundOnly && !FrameLimits.isInboundTemplate(message.templateId))
        {
            throw new JsonFormatException(
                lineNumber, TYPE_KEY, JsonProblem.NOT_INBOUND, quote(message.name) +
                " is an outbound message, sent by the service; an input file holds inbound messages only");
        }

        catalog.putHeader(buffer, offset, message);
        final int limit = encodeBlock(lineNumber, message.body, root, "", buffer, offset + catalog.headerLength());
        final int length = limit - offset;
        if (inboundOnly && length > FrameLimits.MAX_INBOUND_FRAME_LENGTH)
        {
            throw new JsonFormatException(
                lineNumber, null, JsonProblem.TOO_LONG, "the " + message.name + " encodes to " + length +
                " bytes, more than the " + FrameLimits.MAX_INBOUND_FRAME_LENGTH +
                "-byte limit of an inbound frame (the service would refuse it)");
        }

        return length;
    }

    private Node parse(final long lineNumber, final String line) throws JsonFormatException
    {
        try (JsonParser parser = jsonFactory.createParser(line))
        {
            final JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT)
            {
                throw new JsonFormatException(
                    lineNumber, null, JsonProblem.MALFORMED_JSON, "a line must be a JSON object");
            }
            final Node root = parseValue(lineNumber, parser, first, "");
            if (null != parser.nextToken())
            {
                throw new JsonFormatException(
                    lineNumber, null, JsonProblem.MALFORMED_JSON, "unexpected content after the JSON object");
            }

            return root;
        }
        catch (final JsonProcessingException ex)
        {
            throw new JsonFormatException(
                lineNumber, null, JsonProblem.MALFORMED_JSON, cut(ex.getOriginalMessage(), MAX_PARSER_MESSAGE_LENGTH));
        }
        catch (final IOException ex)
        {
            throw new JsonFormatException(
                lineNumber, null, JsonProblem.MALFORMED_JSON,
                cut(String.valueOf(ex.getMessage()), MAX_PARSER_MESSAGE_LENGTH));
        }
    }

    private static Node parseValue(
        final long lineNumber, final JsonParser parser, final JsonToken token, final String path)
        throws IOException, JsonFormatException
    {
        final Node node = new Node(token);
        switch (token)
        {
            case START_OBJECT:
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken())
                {
                    final String name = parser.currentName();
                    final String memberPath = path.isEmpty() ? name : path + "." + name;
                    if (node.members.containsKey(name))
                    {
                        throw new JsonFormatException(
                            lineNumber, memberPath, JsonProblem.DUPLICATE_FIELD, "the key appears more than once");
                    }
                    node.members.put(name, parseValue(lineNumber, parser, parser.nextToken(), memberPath));
                }
                break;

            case START_ARRAY:
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken())
                {
                    node.elements.add(parseValue(lineNumber, parser, next, path + "[" + node.elements.size() + "]"));
                }
                break;

            default:
                node.text = parser.getText();
                break;
        }

        return node;
    }

    private static int encodeBlock(
        final long lineNumber,
        final BlockLayout block,
        final Node object,
        final String pathPrefix,
        final MutableDirectBuffer buffer,
        final int blockOffset) throws JsonFormatException
    {
        for (final String key : object.members.keySet())
        {
            if (!block.hasMember(key))
            {
                throw new JsonFormatException(
                    lineNumber, pathPrefix + key, JsonProblem.UNKNOWN_FIELD, "not a field of " + block.name);
            }
        }

        buffer.setMemory(blockOffset, block.blockLength, (byte) 0);
        for (final FieldLayout field : block.fields)
        {
            final String path = pathPrefix + field.name;
            field.put(buffer, blockOffset, fieldValue(lineNumber, field, path, member(lineNumber, object, field.name,
                path)));
        }

        int limit = blockOffset + block.blockLength;
        for (final GroupLayout group : block.groups)
        {
            final String path = pathPrefix + group.name;
            limit = encodeGroup(lineNumber, group, member(lineNumber, object, group.name, path), path, buffer, limit);
        }
        for (final VarDataLayout data : block.varData)
        {
            final String path = pathPrefix + data.name;
            limit = encodeVarData(lineNumber, data, member(lineNumber, object, data.name, path), path, buffer, limit);
        }

        return limit;
    }

    private static int encodeGroup(
        final long lineNumber,
        final GroupLayout group,
        final Node array,
        final String path,
        final MutableDirectBuffer buffer,
        final int offset) throws JsonFormatException
    {
        if (array.kind != JsonToken.START_ARRAY)
        {
            throw wrongKind(lineNumber, path, "an array of objects", array);
        }
        final int count = array.elements.size();
        if (count > group.maxCount)
        {
            throw new JsonFormatException(
                lineNumber, path, JsonProblem.TOO_LONG, count + " entries, at most " + group.maxCount + " allowed");
        }

        Primitives.put(
            buffer, offset + group.blockLengthOffset, group.blockLengthType, group.byteOrder, group.entry.blockLength);
        Primitives.put(buffer, offset + group.numInGroupOffset, group.numInGroupType, group.byteOrder, count);
        int limit = offset + group.headerLength;
        for (int i = 0; i < count; i++)
        {
            final Node entry = array.elements.get(i);
            final String entryPath = path + "[" + i + "]";
            if (entry.kind != JsonToken.START_OBJECT)
            {
                throw wrongKind(lineNumber, entryPath, "an object", entry);
            }
            limit = encodeBlock(lineNumber, group.entry, entry, entryPath + ".", buffer, limit);
        }

        return limit;
    }

    private static int encodeVarData(
        final long lineNumber,
        final VarDataLayout data,
        final Node value,
        final String path,
        final MutableDirectBuffer buffer,
        final int offset) throws JsonFormatException
    {
        if (value.kind != JsonToken.VALUE_STRING)
        {
            throw wrongKind(lineNumber, path, "a string", value);
        }
        final byte[] bytes = value.text.getBytes(data.charset);
        if (bytes.length > data.maxLength)
        {
            throw new JsonFormatException(
                lineNumber, path, JsonProblem.TOO_LONG,
                bytes.length + " bytes, at most " + data.maxLength + " allowed");
        }

        Primitives.put(buffer, offset, data.lengthType, data.byteOrder, bytes.length);
        buffer.putBytes(offset + data.lengthSize, bytes);

        return offset + data.lengthSize + bytes.length;
    }

    private static Node member(final long lineNumber, final Node object, final String name, final String path)
        throws JsonFormatException
    {
        final Node value = object.members.get(name);
        if (null == value)
        {
            throw new JsonFormatException(lineNumber, path, JsonProblem.MISSING_FIELD, "the field is required");
        }

        return value;
    }

    private static long fieldValue(final long lineNumber, final FieldLayout field, final String path, final Node value)
        throws JsonFormatException
    {
        if (value.kind == JsonToken.VALUE_NULL)
        {
            if (field.optional)
            {
                return field.nullValue;
            }
            throw new JsonFormatException(
                lineNumber, path, JsonProblem.WRONG_KIND, "null is not allowed, the field is required");
        }

        switch (field.kind)
        {
            case DECIMAL:
                if (value.kind == JsonToken.VALUE_STRING || value.kind == JsonToken.VALUE_NUMBER_INT ||
                    value.kind == JsonToken.VALUE_NUMBER_FLOAT)
                {
                    return decimal(lineNumber, field, path, value.text);
                }
                throw wrongKind(lineNumber, path, "a decimal string", value);

            case INTEGER:
                if (value.kind == JsonToken.VALUE_NUMBER_INT)
                {
                    return integer(lineNumber, field, path, value.text);
                }
                if (value.kind == JsonToken.VALUE_NUMBER_FLOAT)
                {
                    throw new JsonFormatException(
                        lineNumber, path, JsonProblem.INVALID_NUMBER, echoNumber(value.text) + " is not an integer");
                }
                throw wrongKind(lineNumber, path, "an integer", value);

            case ENUM:
                if (value.kind == JsonToken.VALUE_STRING)
                {
                    final int index = field.enumIndex(value.text);
                    if (index < 0)
                    {
                        throw new JsonFormatException(
                            lineNumber, path, JsonProblem.UNKNOWN_ENUM,
                            echo(value.text) + " is not one of " + String.join(", ", field.enumNames));
                    }
                    return field.enumValues[index];
                }
                throw wrongKind(lineNumber, path, "the name of an enum value", value);

            case BOOLEAN:
                if (value.kind == JsonToken.VALUE_TRUE || value.kind == JsonToken.VALUE_FALSE)
                {
                    return field.enumValues[field.enumIndex(value.kind == JsonToken.VALUE_TRUE ? "TRUE" : "FALSE")];
                }
                throw wrongKind(lineNumber, path, "true or false", value);

            default:
                throw new IllegalStateException("unknown field kind: " + field.kind);
        }
    }

    private static long decimal(final long lineNumber, final FieldLayout field, final String path, final String text)
        throws JsonFormatException
    {
        if (!DECIMAL.matcher(text).matches())
        {
            throw new JsonFormatException(
                lineNumber, path, JsonProblem.INVALID_NUMBER, echo(text) + " is not a decimal number");
        }

        final BigDecimal scaled;
        try
        {
            scaled = new BigDecimal(text).movePointRight(DECIMAL_PLACES);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new JsonFormatException(
                lineNumber, path, JsonProblem.INVALID_NUMBER, echo(text) + " is not a decimal number");
        }

        if (scaled.signum() == 0)
        {
            return checkRange(lineNumber, field, path, text, 0);
        }
        if (scaled.precision() - scaled.scale() > MAX_INTEGER_DIGITS)
        {
            throw outOfRange(lineNumber, field, path, text);
        }
        final BigDecimal stripped = scaled.stripTrailingZeros();
        if (stripped.scale() > 0)
        {
            throw new JsonFormatException(
                lineNumber, path, JsonProblem.TOO_MANY_DECIMALS,
                echo(text) + " has more than " + DECIMAL_PLACES + " decimal places");
        }

        final BigInteger raw = stripped.toBigIntegerExact();
        if (raw.bitLength() > 63)
        {
            throw outOfRange(lineNumber, field, path, text);
        }

        return checkRange(lineNumber, field, path, text, raw.longValue());
    }

    private static long integer(final long lineNumber, final FieldLayout field, final String path, final String text)
        throws JsonFormatException
    {
        final BigInteger value;
        try
        {
            value = new BigInteger(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new JsonFormatException(
                lineNumber, path, JsonProblem.INVALID_NUMBER, echoNumber(text) + " is not an integer");
        }
        if (value.bitLength() > 63)
        {
            throw outOfRange(lineNumber, field, path, text);
        }

        return checkRange(lineNumber, field, path, text, value.longValue());
    }

    private static long checkRange(
        final long lineNumber, final FieldLayout field, final String path, final String text, final long raw)
        throws JsonFormatException
    {
        if (raw < field.minValue || raw > field.maxValue)
        {
            throw outOfRange(lineNumber, field, path, text);
        }

        return raw;
    }

    private static JsonFormatException outOfRange(
        final long lineNumber, final FieldLayout field, final String path, final String text)
    {
        final StringBuilder sb = new StringBuilder(96).append(echoNumber(text)).append(" is outside ");
        if (field.kind == FieldLayout.Kind.DECIMAL)
        {
            JsonLineWriter.appendDecimal(sb, field.minValue);
            sb.append(" .. ");
            JsonLineWriter.appendDecimal(sb, field.maxValue);
        }
        else
        {
            sb.append(field.minValue).append(" .. ").append(field.maxValue);
        }
        sb.append(" (").append(field.type.primitiveName()).append(')');

        return new JsonFormatException(lineNumber, path, JsonProblem.OUT_OF_RANGE, sb.toString());
    }

    private static JsonFormatException wrongKind(
        final long lineNumber, final String path, final String expected, final Node actual)
    {
        return new JsonFormatException(
            lineNumber, path, JsonProblem.WRONG_KIND, "expected " + expected + " but found " + describe(actual));
    }

    private static String describe(final Node node)
    {
        switch (node.kind)
        {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "the string " + echo(node.text);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "the number " + echoNumber(node.text);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return node.text;
            case VALUE_NULL:
                return "null";
            default:
                return node.kind.toString();
        }
    }

    /**
     * A piece of the input as it is echoed in an error message: quoted if it is a string, cut to
     * {@link #MAX_ECHO_LENGTH} characters with its full length given if longer.
     *
     * @param text as read.
     * @return the text to echo.
     */
    static String echo(final String text)
    {
        if (text.length() <= MAX_ECHO_LENGTH)
        {
            return quote(text);
        }

        return quote(text.substring(0, MAX_ECHO_LENGTH)) + "... (" + text.length() + " characters)";
    }

    private static String echoNumber(final String text)
    {
        return text.length() <= MAX_ECHO_LENGTH ? text : cut(text, MAX_ECHO_LENGTH);
    }

    private static String cut(final String message, final int maxLength)
    {
        if (null == message || message.length() <= maxLength)
        {
            return message;
        }

        return message.substring(0, maxLength) + "... (" + message.length() + " characters)";
    }

    private static String quote(final String text)
    {
        final StringBuilder sb = new StringBuilder(text.length() + 2);
        JsonLineWriter.appendString(sb, text);

        return sb.toString();
    }

    /**
     * A parsed JSON value: the line is small, so it is read whole before the message is encoded, which lets keys come
     * in any order and reports unknown keys before missing ones.
     */
    private static final class Node
    {
        final JsonToken kind;
        final Map<String, Node> members = new LinkedHashMap<>();
        final List<Node> elements = new ArrayList<>();
        String text;

        Node(final JsonToken kind)
        {
            this.kind = kind;
        }
    }
}
