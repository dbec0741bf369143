package io.perprisk.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InboundJournalTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadBackHeapAndOffHeapMessagesAtOffsets()
    {
        final MutableDirectBuffer heap = new UnsafeBuffer(new byte[300], 7, 200);
        final MutableDirectBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(300), 11, 200);
        final List<byte[]> written = new ArrayList<>();
        try (InboundJournal journal = new InboundJournal(dir))
        {
            for (int seq = 1; seq <= 1_000; seq++)
            {
                final MutableDirectBuffer buffer = (seq & 1) == 0 ? heap : direct;
                final int offset = seq % 13;
                final int length = 1 + seq % 150;
                final byte[] message = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    message[i] = (byte) (seq * 31 + i);
                }
                buffer.putBytes(offset, message);
                journal.append(seq, seq * 10L, buffer, offset, length);
                written.add(message);
            }
            assertEquals(1_000, journal.lastSeq());
            assertThrows(IllegalArgumentException.class, () -> journal.append(1_000, 0, heap, 0, 1));
        }

        final List<byte[]> read = new ArrayList<>();
        try (InboundJournal journal = new InboundJournal(dir);
            InboundReader reader = journal.reader().fromSeq(1))
        {
            assertEquals(1_000, journal.lastSeq());
            final long[] expectedSeq = { 1 };
            int polled;
            do
            {
                polled = reader.poll((seq, time, buffer, offset, length) ->
                {
                    assertEquals(expectedSeq[0], seq);
                    assertEquals(seq * 10L, time);
                    final byte[] message = new byte[length];
                    buffer.getBytes(offset, message);
                    read.add(message);
                    expectedSeq[0]++;
                }, 64);
            }
            while (polled > 0);
        }
        assertEquals(written.size(), read.size());
        for (int i = 0; i < written.size(); i++)
        {
            assertArrayEquals(written.get(i), read.get(i), "seq " + (i + 1));
        }
    }

    @Test
    void shouldStartReaderAtRequestedSeq()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        try (InboundJournal journal = new InboundJournal(dir))
        {
            for (long seq = 5; seq <= 500; seq += 5)
            {
                journal.append(seq, 0, buffer, 0, 8);
            }
            try (InboundReader reader = journal.reader().fromSeq(242))
            {
                final long[] first = new long[1];
                assertEquals(1, reader.poll((seq, time, b, offset, length) -> first[0] = seq, 1));
                assertEquals(245, first[0]);
            }
        }
    }
}
