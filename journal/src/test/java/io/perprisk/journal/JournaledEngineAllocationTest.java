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
        // (with the pretoucher on, as the service runs it: reporting progress to it must not allocate either)
        final JournaledEngine.Context context = JournalTestSupport.context(dir, 10_000_000)
            .pretouchAheadBytes(4L * 1024 * 1024);
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
            long fewestBytes = Long.MAX_VALUE;
            for (int round = 0; round < 5 && fewestBytes > 0; round++)
            {
                final long before = threads.getThreadAllocatedBytes(threadId);
                for (int i = 0; i < 50_000; i++)
                {
                    seq++;
                    final int length = events.encode(seq, buffer, 0);
                    engine.onEvent(seq, TestEvents.receiveTime(seq), buffer, 0, length);
                }
                fewestBytes = Math.min(fewestBytes, threads.getThreadAllocatedBytes(threadId) - before);
            }
            assertTrue(engine.outboundJournal().messagesRecorded() - recordedBefore > 25_000);
            assertEquals(seq, engine.inboundJournal().lastSeq());
            // a round can catch the JIT still compiling (code that allocates until C2 removes it); steady state is
            // a round of 50,000 events without a single byte allocated
            assertEquals(0, fewestBytes, "bytes allocated on the engine thread in the best round of 50,000 events");
        }
        finally
        {
            System.setProperty(JournalQueues.BLOCK_SIZE_PROP_NAME, blockSize);
        }
    }
}
