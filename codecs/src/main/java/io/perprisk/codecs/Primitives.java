package io.perprisk.codecs;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import uk.co.real_logic.sbe.PrimitiveType;

import java.nio.ByteOrder;

/**
 * Reads and writes the integer primitive types of SBE as a {@code long}, unsigned types zero-extended.
 */
final class Primitives
{
    private Primitives()
    {
    }

    static boolean isSupported(final PrimitiveType type)
    {
        switch (type)
        {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
            case UINT8:
            case UINT16:
            case UINT32:
                return true;

            default:
                return false;
        }
    }

    static long get(final DirectBuffer buffer, final int index, final PrimitiveType type, final ByteOrder order)
    {
        switch (type)
        {
            case INT8:
                return buffer.getByte(index);
            case UINT8:
                return buffer.getByte(index) & 0xFFL;
            case INT16:
                return buffer.getShort(index, order);
            case UINT16:
                return buffer.getShort(index, order) & 0xFFFFL;
            case INT32:
                return buffer.getInt(index, order);
            case UINT32:
                return buffer.getInt(index, order) & 0xFFFF_FFFFL;
            case INT64:
                return buffer.getLong(index, order);
            default:
                throw new IllegalStateException("unsupported primitive type: " + type);
        }
    }

    static void put(
        final MutableDirectBuffer buffer,
        final int index,
        final PrimitiveType type,
        final ByteOrder order,
        final long value)
    {
        switch (type)
        {
            case INT8:
            case UINT8:
                buffer.putByte(index, (byte) value);
                break;
            case INT16:
            case UINT16:
                buffer.putShort(index, (short) value, order);
                break;
            case INT32:
            case UINT32:
                buffer.putInt(index, (int) value, order);
                break;
            case INT64:
                buffer.putLong(index, value, order);
                break;
            default:
                throw new IllegalStateException("unsupported primitive type: " + type);
        }
    }
}
