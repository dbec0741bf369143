package io.perprisk.codecs;

import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import org.agrona.MutableDirectBuffer;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.ir.Encoding;
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
import java.util.List;
import java.util.Random;

/**
 * Writes random but valid SBE messages straight from the IR tokens, independently of {@link MessageCatalog}: every
 * field within its type's bounds (edge values favoured), optional fields sometimes null, 0..3 group entries, var data
 * with characters that need escaping in JSON.
 */
final class RandomMessageGenerator
{
    private static final String CHARACTERS = "abcXYZ019 _-.\"\\/\n\t\r\u0001\u001f\u00e9\u20ac\u00a0{}[]:,#";
    private static final String SURROGATE_PAIR = "\ud83d\ude80";

    private final Random random;

    RandomMessageGenerator(final Random random)
    {
        this.random = random;
    }

    static Ir loadIr()
    {
        try (InputStream in = RandomMessageGenerator.class.getClassLoader()
            .getResourceAsStream(MessageCatalog.IR_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException("IR resource missing: " + MessageCatalog.IR_RESOURCE);
            }

            try (IrDecoder decoder = new IrDecoder(ByteBuffer.wrap(in.readAllBytes())))
            {
                return decoder.decode();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Encode one random message, header included.
     *
     * @param ir     of the schema.
     * @param tokens of the message.
     * @param buffer to write into, zeroed where the block is written.
     * @param offset of the header.
     * @return the length of the message.
     */
    int generate(final Ir ir, final List<Token> tokens, final MutableDirectBuffer buffer, final int offset)
    {
        final Token begin = tokens.get(0);
        new MessageHeaderEncoder()
            .wrap(buffer, offset)
            .blockLength(begin.encodedLength())
            .templateId(begin.id())
            .schemaId(ir.id())
            .version(ir.version());

        final int blockOffset = offset + MessageHeaderEncoder.ENCODED_LENGTH;
        final int limit = writeBlock(tokens, 1, tokens.size() - 1, begin.encodedLength(), buffer, blockOffset);

        return limit - offset;
    }

    private int writeBlock(
        final List<Token> tokens,
        final int from,
        final int to,
        final int blockLength,
        final MutableDirectBuffer buffer,
        final int blockOffset)
    {
        buffer.setMemory(blockOffset, blockLength, (byte) 0);
        int limit = blockOffset + blockLength;
        int i = from;
        while (i < to)
        {
            final Token token = tokens.get(i);
            if (token.signal() == Signal.BEGIN_FIELD)
            {
                writeField(tokens.get(i + 1), tokens, i + 1, buffer, blockOffset + token.offset());
            }
            else if (token.signal() == Signal.BEGIN_GROUP)
            {
                limit = writeGroup(tokens, i, buffer, limit);
            }
            else if (token.signal() == Signal.BEGIN_VAR_DATA)
            {
                limit = writeVarData(tokens, i, buffer, limit);
            }
            i += token.componentTokenCount();
        }

        return limit;
    }

    private void writeField(
        final Token type, final List<Token> tokens, final int typeIndex, final MutableDirectBuffer buffer,
        final int index)
    {
        final Encoding encoding = type.encoding();
        final long value;
        if (encoding.presence() == Encoding.Presence.OPTIONAL && random.nextInt(5) == 0)
        {
            value = encoding.applicableNullValue().longValue();
        }
        else if (type.signal() == Signal.BEGIN_ENUM)
        {
            final List<Long> valid = new ArrayList<>();
            for (int i = typeIndex + 1; tokens.get(i).signal() == Signal.VALID_VALUE; i++)
            {
                valid.add(tokens.get(i).encoding().constValue().longValue());
            }
            value = valid.get(random.nextInt(valid.size()));
        }
        else
        {
            value = randomInRange(encoding.applicableMinValue().longValue(), encoding.applicableMaxValue().longValue());
        }
        put(buffer, index, encoding.primitiveType(), encoding.byteOrder(), value);
    }

    private int writeGroup(final List<Token> tokens, final int index, final MutableDirectBuffer buffer, final int at)
    {
        final Token group = tokens.get(index);
        final Token dimension = tokens.get(index + 1);
        final Token blockLength = tokens.get(index + 2);
        final Token numInGroup = tokens.get(index + 3);
        final int count = random.nextInt(4);
        put(buffer, at + blockLength.offset(), blockLength.encoding().primitiveType(), ByteOrder.LITTLE_ENDIAN,
            group.encodedLength());
        put(buffer, at + numInGroup.offset(), numInGroup.encoding().primitiveType(), ByteOrder.LITTLE_ENDIAN, count);

        int limit = at + dimension.encodedLength();
        final int bodyFrom = index + 1 + dimension.componentTokenCount();
        final int bodyTo = index + group.componentTokenCount() - 1;
        for (int i = 0; i < count; i++)
        {
            limit = writeBlock(tokens, bodyFrom, bodyTo, group.encodedLength(), buffer, limit);
        }

        return limit;
    }

    private int writeVarData(final List<Token> tokens, final int index, final MutableDirectBuffer buffer, final int at)
    {
        final Token length = tokens.get(index + 2);
        final Token data = tokens.get(index + 3);
        final StringBuilder text = new StringBuilder();
        final int chars = random.nextInt(24);
        for (int i = 0; i < chars; i++)
        {
            if (random.nextInt(10) == 0)
            {
                text.append(SURROGATE_PAIR);
            }
            else
            {
                text.append(CHARACTERS.charAt(random.nextInt(CHARACTERS.length())));
            }
        }
        final byte[] bytes = text.toString().getBytes(Charset.forName(data.encoding().characterEncoding()));
        put(buffer, at, length.encoding().primitiveType(), length.encoding().byteOrder(), bytes.length);
        buffer.putBytes(at + length.encodedLength(), bytes);

        return at + length.encodedLength() + bytes.length;
    }

    private long randomInRange(final long min, final long max)
    {
        switch (random.nextInt(8))
        {
            case 0:
                return min;
            case 1:
                return max;
            case 2:
                return Math.max(min, Math.min(max, 0));
            case 3:
                return Math.max(min, Math.min(max, random.nextInt(2001) - 1000));
            default:
            {
                final long span = max - min;
                if (span >= 0 && span < Long.MAX_VALUE)
                {
                    return min + Math.floorMod(random.nextLong(), span + 1);
                }
                long value;
                do
                {
                    value = random.nextLong();
                }
                while (value < min || value > max);
                return value;
            }
        }
    }

    private static void put(
        final MutableDirectBuffer buffer, final int index, final PrimitiveType type, final ByteOrder order,
        final long value)
    {
        switch (type.size())
        {
            case 1:
                buffer.putByte(index, (byte) value);
                break;
            case 2:
                buffer.putShort(index, (short) value, order);
                break;
            case 4:
                buffer.putInt(index, (int) value, order);
                break;
            case 8:
                buffer.putLong(index, value, order);
                break;
            default:
                throw new IllegalStateException("unexpected size of " + type);
        }
    }
}
