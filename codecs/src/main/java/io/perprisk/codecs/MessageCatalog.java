package io.perprisk.codecs;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.ir.Encoding;
import uk.co.real_logic.sbe.ir.HeaderStructure;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.IrDecoder;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every message of an SBE schema, derived from its intermediate representation (IR), in the shape the JSON Lines text
 * form needs. It drives {@link JsonLineReader} and {@link JsonLineWriter}, so a message added to the schema is
 * covered by the text form without further code.
 * <p>
 * The build generates the IR of {@code perp-risk-schema.xml} and packages it as the classpath resource
 * {@link #IR_RESOURCE}; {@link #load()} reads it. Immutable and thread safe once built.
 * <p>
 * Supported: integer primitive fields (int8..int64, uint8..uint32), enums, repeating groups (nested too) and
 * var-data strings. The semantic types {@code Price}, {@code Quantity}, {@code Money} and {@code Rate} are
 * fixed-point values times 10^8. Anything else in a schema (floats, char arrays, composites, sets) is refused at
 * construction, so an unsupported schema change fails loudly rather than being misprinted.
 */
public final class MessageCatalog
{
    /**
     * Classpath location of the IR generated from {@code perp-risk-schema.xml}.
     */
    public static final String IR_RESOURCE = "sbe/perp-risk-schema.sbeir";

    /**
     * Semantic types whose values are fixed point, times {@code 10^8}.
     */
    static final Set<String> DECIMAL_SEMANTIC_TYPES = Set.of("Price", "Quantity", "Money", "Rate");

    private static final String BOOLEAN_ENUM = "BooleanType";

    private final int schemaId;
    private final int schemaVersion;
    private final ByteOrder byteOrder;
    private final int headerLength;
    private final int blockLengthOffset;
    private final PrimitiveType blockLengthType;
    private final int templateIdOffset;
    private final PrimitiveType templateIdType;
    private final int schemaIdOffset;
    private final PrimitiveType schemaIdType;
    private final int versionOffset;
    private final PrimitiveType versionType;
    private final Map<String, MessageLayout> byName = new TreeMap<>();
    private final Int2ObjectHashMap<MessageLayout> byTemplateId = new Int2ObjectHashMap<>();

    private MessageCatalog(final Ir ir)
    {
        schemaId = ir.id();
        schemaVersion = ir.version();
        byteOrder = ir.byteOrder();

        final HeaderStructure header = ir.headerStructure();
        headerLength = header.tokens().get(0).encodedLength();
        final Token blockLength = headerToken(header, HeaderStructure.BLOCK_LENGTH);
        final Token templateId = headerToken(header, HeaderStructure.TEMPLATE_ID);
        final Token schemaIdToken = headerToken(header, HeaderStructure.SCHEMA_ID);
        final Token version = headerToken(header, HeaderStructure.SCHEMA_VERSION);
        blockLengthOffset = blockLength.offset();
        blockLengthType = blockLength.encoding().primitiveType();
        templateIdOffset = templateId.offset();
        templateIdType = templateId.encoding().primitiveType();
        schemaIdOffset = schemaIdToken.offset();
        schemaIdType = schemaIdToken.encoding().primitiveType();
        versionOffset = version.offset();
        versionType = version.encoding().primitiveType();

        for (final List<Token> tokens : ir.messages())
        {
            final Token begin = tokens.get(0);
            final BlockLayout body = parseBlock(begin.name(), begin.encodedLength(), tokens, 1, tokens.size() - 1);
            final MessageLayout message = new MessageLayout(begin.name(), begin.id(), body);
            byName.put(message.name, message);
            byTemplateId.put(message.templateId, message);
        }
    }

    /**
     * Load the catalog of the perp-risk schema from the IR packaged at {@link #IR_RESOURCE}.
     *
     * @return the catalog.
     * @throws IllegalStateException if the resource is missing or describes something the text form cannot express.
     */
    public static MessageCatalog load()
    {
        try (InputStream in = MessageCatalog.class.getClassLoader().getResourceAsStream(IR_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException("SBE IR not found on the classpath: " + IR_RESOURCE);
            }

            try (IrDecoder decoder = new IrDecoder(ByteBuffer.wrap(in.readAllBytes())))
            {
                return of(decoder.decode());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + IR_RESOURCE, ex);
        }
    }

    /**
     * Build a catalog from any SBE IR.
     *
     * @param ir of the schema.
     * @return the catalog.
     * @throws IllegalStateException if the schema uses a construct the text form cannot express.
     */
    public static MessageCatalog of(final Ir ir)
    {
        return new MessageCatalog(ir);
    }

    /**
     * Schema id written in, and expected from, every message header.
     *
     * @return the schema id.
     */
    public int schemaId()
    {
        return schemaId;
    }

    /**
     * Schema version written in every message header by {@link JsonLineReader}.
     *
     * @return the schema version.
     */
    public int schemaVersion()
    {
        return schemaVersion;
    }

    /**
     * Length in bytes of the SBE message header.
     *
     * @return the header length.
     */
    public int headerLength()
    {
        return headerLength;
    }

    /**
     * Names of every message in the schema, ordered by name.
     *
     * @return an unmodifiable set of message names.
     */
    public Set<String> messageNames()
    {
        return Collections.unmodifiableSet(byName.keySet());
    }

    /**
     * Template id of a message.
     *
     * @param messageName as in the schema, e.g. {@code NewOrder}.
     * @return the template id, or -1 if there is no such message.
     */
    public int templateId(final String messageName)
    {
        final MessageLayout message = byName.get(messageName);
        return null == message ? -1 : message.templateId;
    }

    /**
     * Name of the message with a template id.
     *
     * @param templateId of the message.
     * @return the message name, or null if there is no such message.
     */
    public String messageName(final int templateId)
    {
        final MessageLayout message = byTemplateId.get(templateId);
        return null == message ? null : message.name;
    }

    MessageLayout messageByName(final String messageName)
    {
        return byName.get(messageName);
    }

    MessageLayout messageByTemplateId(final int templateId)
    {
        return byTemplateId.get(templateId);
    }

    int headerBlockLength(final DirectBuffer buffer, final int offset)
    {
        return (int) Primitives.get(buffer, offset + blockLengthOffset, blockLengthType, byteOrder);
    }

    int headerTemplateId(final DirectBuffer buffer, final int offset)
    {
        return (int) Primitives.get(buffer, offset + templateIdOffset, templateIdType, byteOrder);
    }

    int headerSchemaId(final DirectBuffer buffer, final int offset)
    {
        return (int) Primitives.get(buffer, offset + schemaIdOffset, schemaIdType, byteOrder);
    }

    int headerVersion(final DirectBuffer buffer, final int offset)
    {
        return (int) Primitives.get(buffer, offset + versionOffset, versionType, byteOrder);
    }

    void putHeader(final MutableDirectBuffer buffer, final int offset, final MessageLayout message)
    {
        Primitives.put(buffer, offset + blockLengthOffset, blockLengthType, byteOrder, message.body.blockLength);
        Primitives.put(buffer, offset + templateIdOffset, templateIdType, byteOrder, message.templateId);
        Primitives.put(buffer, offset + schemaIdOffset, schemaIdType, byteOrder, schemaId);
        Primitives.put(buffer, offset + versionOffset, versionType, byteOrder, schemaVersion);
    }

    private static Token headerToken(final HeaderStructure header, final String name)
    {
        for (final Token token : header.tokens())
        {
            if (token.signal() == Signal.ENCODING && token.name().equals(name))
            {
                requireSupported(token.encoding().primitiveType(), "message header " + name);
                return token;
            }
        }

        throw new IllegalStateException("message header has no " + name);
    }

    private static BlockLayout parseBlock(
        final String name, final int blockLength, final List<Token> tokens, final int from, final int to)
    {
        final List<FieldLayout> fields = new ArrayList<>();
        final List<GroupLayout> groups = new ArrayList<>();
        final List<VarDataLayout> varData = new ArrayList<>();

        int i = from;
        while (i < to)
        {
            final Token token = tokens.get(i);
            switch (token.signal())
            {
                case BEGIN_FIELD:
                    final FieldLayout field = parseField(name, token, tokens, i + 1);
                    if (null != field)
                    {
                        fields.add(field);
                    }
                    break;

                case BEGIN_GROUP:
                    groups.add(parseGroup(name, token, tokens, i));
                    break;

                case BEGIN_VAR_DATA:
                    varData.add(parseVarData(name, token, tokens, i));
                    break;

                default:
                    throw new IllegalStateException("unexpected IR token in " + name + ": " + token);
            }
            i += token.componentTokenCount();
        }

        return new BlockLayout(name, blockLength, fields, groups, varData);
    }

    private static FieldLayout parseField(
        final String blockName, final Token fieldToken, final List<Token> tokens, final int typeIndex)
    {
        final Token typeToken = tokens.get(typeIndex);
        final String where = blockName + "." + fieldToken.name();
        final Encoding encoding = typeToken.encoding();
        if (typeToken.signal() == Signal.ENCODING)
        {
            if (encoding.presence() == Encoding.Presence.CONSTANT)
            {
                return null;
            }
            requireSupported(encoding.primitiveType(), where);
            if (typeToken.arrayLength() != 1)
            {
                throw new IllegalStateException("arrays are not supported by the text form: " + where);
            }
            final String semanticType = encoding.semanticType();
            final boolean decimal = null != semanticType && DECIMAL_SEMANTIC_TYPES.contains(semanticType);

            return new FieldLayout(
                fieldToken.name(),
                decimal ? FieldLayout.Kind.DECIMAL : FieldLayout.Kind.INTEGER,
                encoding.primitiveType(),
                encoding.byteOrder(),
                fieldToken.offset(),
                fieldToken.version(),
                encoding.presence() == Encoding.Presence.OPTIONAL,
                encoding.applicableNullValue().longValue(),
                encoding.applicableMinValue().longValue(),
                encoding.applicableMaxValue().longValue(),
                new String[0],
                new long[0]);
        }

        if (typeToken.signal() == Signal.BEGIN_ENUM)
        {
            requireSupported(encoding.primitiveType(), where);
            final List<String> names = new ArrayList<>();
            final List<Long> values = new ArrayList<>();
            for (int i = typeIndex + 1; tokens.get(i).signal() == Signal.VALID_VALUE; i++)
            {
                names.add(tokens.get(i).name());
                values.add(tokens.get(i).encoding().constValue().longValue());
            }
            final long[] rawValues = new long[values.size()];
            for (int i = 0; i < rawValues.length; i++)
            {
                rawValues[i] = values.get(i);
            }
            final boolean isBoolean = BOOLEAN_ENUM.equals(typeToken.name()) &&
                names.size() == 2 && names.contains("TRUE") && names.contains("FALSE");

            return new FieldLayout(
                fieldToken.name(),
                isBoolean ? FieldLayout.Kind.BOOLEAN : FieldLayout.Kind.ENUM,
                encoding.primitiveType(),
                encoding.byteOrder(),
                fieldToken.offset(),
                fieldToken.version(),
                encoding.presence() == Encoding.Presence.OPTIONAL,
                encoding.applicableNullValue().longValue(),
                encoding.applicableMinValue().longValue(),
                encoding.applicableMaxValue().longValue(),
                names.toArray(new String[0]),
                rawValues);
        }

        throw new IllegalStateException(
            "field type not supported by the text form (" + typeToken.signal() + "): " + where);
    }

    private static GroupLayout parseGroup(
        final String blockName, final Token groupToken, final List<Token> tokens, final int index)
    {
        final String where = blockName + "." + groupToken.name();
        final Token dimension = tokens.get(index + 1);
        Token blockLength = null;
        Token numInGroup = null;
        for (int i = index + 2; i < index + dimension.componentTokenCount(); i++)
        {
            final Token token = tokens.get(i);
            if ("blockLength".equals(token.name()))
            {
                blockLength = token;
            }
            else if ("numInGroup".equals(token.name()))
            {
                numInGroup = token;
            }
        }
        if (null == blockLength || null == numInGroup)
        {
            throw new IllegalStateException("group dimension needs blockLength and numInGroup: " + where);
        }
        requireSupported(blockLength.encoding().primitiveType(), where + " blockLength");
        requireSupported(numInGroup.encoding().primitiveType(), where + " numInGroup");

        final int bodyFrom = index + 1 + dimension.componentTokenCount();
        final int bodyTo = index + groupToken.componentTokenCount() - 1;
        final BlockLayout entry = parseBlock(where, groupToken.encodedLength(), tokens, bodyFrom, bodyTo);

        return new GroupLayout(
            groupToken.name(),
            groupToken.version(),
            dimension.encoding().byteOrder(),
            dimension.encodedLength(),
            blockLength.offset(),
            blockLength.encoding().primitiveType(),
            numInGroup.offset(),
            numInGroup.encoding().primitiveType(),
            numInGroup.encoding().applicableMaxValue().longValue(),
            entry);
    }

    private static VarDataLayout parseVarData(
        final String blockName, final Token varDataToken, final List<Token> tokens, final int index)
    {
        final String where = blockName + "." + varDataToken.name();
        Token length = null;
        Token data = null;
        for (int i = index + 2; i < index + varDataToken.componentTokenCount(); i++)
        {
            final Token token = tokens.get(i);
            if ("length".equals(token.name()))
            {
                length = token;
            }
            else if ("varData".equals(token.name()))
            {
                data = token;
            }
        }
        if (null == length || null == data || length.offset() != 0)
        {
            throw new IllegalStateException("var data needs a leading length and varData: " + where);
        }
        requireSupported(length.encoding().primitiveType(), where + " length");
        final String characterEncoding = data.encoding().characterEncoding();
        if (null == characterEncoding)
        {
            throw new IllegalStateException("binary var data is not supported by the text form: " + where);
        }

        return new VarDataLayout(
            varDataToken.name(),
            varDataToken.version(),
            length.encoding().byteOrder(),
            length.encoding().primitiveType(),
            length.encoding().applicableMaxValue().longValue(),
            Charset.forName(characterEncoding));
    }

    private static void requireSupported(final PrimitiveType type, final String where)
    {
        if (null == type || !Primitives.isSupported(type))
        {
            throw new IllegalStateException("primitive type not supported by the text form (" + type + "): " + where);
        }
    }
}
