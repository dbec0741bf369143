package io.perprisk.journal;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalPretoucherTest
{
    private static final int RECORDS = 40_000;
    private static final int MESSAGE_LENGTH = 200;

    @TempDir
    Path dir;

    private String savedBlockSize;

    @BeforeEach
    void smallBlocks()
    {
        savedBlockSize = System.getProperty(JournalQueues.BLOCK_SIZE_PROP_NAME);
        System.setProperty(JournalQueues.BLOCK_SIZE_PROP_NAME, String.valueOf(1024L * 1024));
    }

    @AfterEach
    void restoreBlocks()
    {
        if (null == savedBlockSize)
        {
            System.clearProperty(JournalQueues.BLOCK_SIZE_PROP_NAME);
        }
        else
        {
            System.setProperty(JournalQueues.BLOCK_SIZE_PROP_NAME, savedBlockSize);
        }
    }

    @Test
    void shouldTouchAheadAcrossBlocksWithoutChangingAByteTheAppenderWrote() throws InterruptedException
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[MESSAGE_LENGTH]);
        final JournalPretoucher pretoucher;
        try (InboundJournal journal = new InboundJournal(dir))
        {
            final UnsafeBuffer first = new UnsafeBuffer(new byte[8]);
            journal.append(1, 1, first, 0, 8);
            pretoucher = new JournalPretoucher(2L * 1024 * 1024, TimeUnit.MICROSECONDS.toNanos(50),
                journal.appender());
            try
            {
                awaitTouched(pretoucher, 1);
                for (int seq = 2; seq <= RECORDS; seq++)
                {
                    fill(message, seq);
                    journal.append(seq, seq, message, 0, MESSAGE_LENGTH);
                    pretoucher.advance(0);
                    if (seq % 5_000 == 0)
                    {
                        // give it time to run ahead again, so it touches pages just beyond the appender as it writes
                        Thread.sleep(2);
                    }
                }
                // 40,000 records of 224 bytes: about 8.5 MiB, i.e. across eight 1 MiB blocks, plus 2 MiB ahead
                awaitTouched(pretoucher, (10L * 1024 * 1024) / JournalPretoucher.PAGE_SIZE);
                assertEquals(0, pretoucher.failures());
            }
            finally
            {
                pretoucher.close();
            }
            assertFalse(pretoucher.threadAlive());
        }

        final UnsafeBuffer expected = new UnsafeBuffer(new byte[MESSAGE_LENGTH]);
        final long[] nextSeq = { 1 };
        try (InboundJournal journal = new InboundJournal(dir);
            InboundReader reader = journal.reader().fromSeq(1))
        {
            assertEquals(RECORDS, journal.lastSeq());
            int polled;
            do
            {
                polled = reader.poll((seq, time, buffer, offset, length) ->
                {
                    assertEquals(nextSeq[0], seq);
                    assertEquals(seq, time);
                    if (seq > 1)
                    {
                        fill(expected, seq);
                        assertEquals(MESSAGE_LENGTH, length);
                        for (int i = 0; i < length; i++)
                        {
                            assertEquals(expected.getByte(i), buffer.getByte(offset + i), "seq " + seq + " byte " + i);
                        }
                    }
                    nextSeq[0]++;
                }, 256);
            }
            while (polled > 0);
        }
        assertEquals(RECORDS + 1, nextSeq[0]);
    }

    private static void fill(final UnsafeBuffer buffer, final long seq)
    {
        for (int i = 0; i < buffer.capacity(); i++)
        {
            buffer.putByte(i, (byte) (seq * 17 + i + 1));
        }
    }

    private static void awaitTouched(final JournalPretoucher pretoucher, final long pages) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pretoucher.pagesTouched() < pages)
        {
            assertTrue(System.nanoTime() < deadline, "pretoucher did not touch " + pages + " pages");
            Thread.sleep(1);
        }
    }
}
