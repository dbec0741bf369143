package io.perprisk.journal;

import net.openhft.chronicle.bytes.Bytes;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Copies between Agrona buffers and Chronicle bytes without allocation, for heap and off-heap Agrona buffers.
 */
final class BytesCopy
{
    private BytesCopy()
    {
    }

    static void write(final Bytes<?> bytes, final DirectBuffer buffer, final int offset, final int length)
    {
        buffer.boundsCheck(offset, length);
        final byte[] array = buffer.byteArray();
        if (null != array)
        {
            bytes.write(array, buffer.wrapAdjustment() + offset, length);
        }
        else
        {
            bytes.unsafeWrite(buffer.addressOffset() + offset, length);
        }
    }

    static void read(final Bytes<?> bytes, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        buffer.boundsCheck(offset, length);
        final byte[] array = buffer.byteArray();
        if (null != array)
        {
            bytes.read(array, buffer.wrapAdjustment() + offset, length);
        }
        else
        {
            bytes.unsafeRead(buffer.addressOffset() + offset, length);
        }
    }
}
