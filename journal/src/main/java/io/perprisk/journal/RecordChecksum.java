package io.perprisk.journal;

import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.checksum.Crc32c;

/**
 * CRC32C of a range of a {@link DirectBuffer}, heap or off-heap, without allocation. Not thread safe.
 */
final class RecordChecksum
{
    private final CRC32C crc32c = new CRC32C();

    int compute(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (null != array)
        {
            crc32c.reset();
            crc32c.update(array, buffer.wrapAdjustment() + offset, length);
            return (int) crc32c.getValue();
        }
        return Crc32c.INSTANCE.compute(buffer.addressOffset(), offset, length);
    }
}
