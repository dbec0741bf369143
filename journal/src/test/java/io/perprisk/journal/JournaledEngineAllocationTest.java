package io.perprisk.journal;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournaledEngineAllocationTest
{
    @TempDir
    Path dir;

    @Test
    void shouldNotAllocateWhenJournalingEventsInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final TestEvents events = new TestEvents();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        // Chronicle allocates a few hundred bytes when it maps the next chunk of a queue file; blocks big enough for
        // the whole test keep that out of the measurement, which is about the per-event path
        final JournaledEngine.Context context = JournalTestSupport.context(dir, 10_000_000);
        final String blockSize = System.getProperty(JournalQueues.BLOCK_SIZE_PROP_NAME);
        System.setProperty(JournalQueues.BLOCK_SIZE_PROP_NAME, String.valueOf(256L * 1024 * 1024));
        try (JournaledEngine engine = new JournaledEngine(context))
        {
            engine.recover();
            long seq = 0;
            for (int i = 0; i < 100_000; i++)
            {
                seq++;
                final int length = events.encode(seq, buffer, 0);
                engine.onEvent(seq, TestEvents.receiveTime(seq), buffer, 0, length);
            }
            final long recordedBefore = engine.outboundJournal().messagesRecorded();
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 100_000; i++)
            {
                seq++;
                final int length = events.encode(seq, buffer, 0);
                engine.onEvent(seq, TestEvents.receiveTime(seq), buffer, 0, length);
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            assertTrue(engine.outboundJournal().messagesRecorded() - recordedBefore > 50_000);
            assertEquals(200_000, engine.inboundJournal().lastSeq());
            assertEquals(0, allocated, "bytes allocated on the engine thread over 100,000 journaled events");
        }
        finally
        {
            System.setProperty(JournalQueues.BLOCK_SIZE_PROP_NAME, blockSize);
        }
    }
}
