package io.perprisk.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournaledEngineRecoveryTest
{
    private static final long EVENTS = 3_000;
    private static final long INTERVAL = 700;

    @TempDir
    Path reference;

    @TempDir
    Path dir;

    @Test
    void shouldContinueAfterRestartExactlyAsAnUninterruptedRun()
    {
        final String expectedDigest = JournalTestSupport.record(reference, EVENTS, INTERVAL);

        try (JournaledEngine engine = new JournaledEngine(JournalTestSupport.context(dir, INTERVAL)))
        {
            assertEquals(0, engine.recover());
            JournalTestSupport.apply(engine, 1, 1_200);
        }
        final String digest;
        try (JournaledEngine engine = new JournaledEngine(JournalTestSupport.context(dir, INTERVAL)))
        {
            assertEquals(1_200, engine.recover());
            assertEquals(1_200, engine.recoveredSnapshotSeq());
            assertEquals(0, engine.recoveredEvents());
            JournalTestSupport.apply(engine, 1_201, EVENTS);
            digest = engine.engine().digest();
        }
        assertEquals(expectedDigest, digest);
        assertEquals(JournalTestSupport.outputDocuments(reference), JournalTestSupport.outputDocuments(dir));
        assertNull(JournalReplayer.replay(dir, HashingTestEngine::new, false, null).divergence());
    }

    @Test
    void shouldRecordOutputsOfEventsJournaledButNotApplied()
    {
        final String expectedDigest = JournalTestSupport.record(reference, EVENTS, INTERVAL);
        JournalTestSupport.record(dir, 1_000, INTERVAL);
        try (InboundJournal inbound = new InboundJournal(dir))
        {
            final TestEvents events = new TestEvents();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            for (long seq = 1_001; seq <= 1_010; seq++)
            {
                final int length = events.encode(seq, buffer, 0);
                inbound.append(seq, TestEvents.receiveTime(seq), buffer, 0, length);
            }
        }
        final String digest;
        try (JournaledEngine engine = new JournaledEngine(JournalTestSupport.context(dir, INTERVAL)))
        {
            assertEquals(1_010, engine.recover());
            assertEquals(10, engine.recoveredEvents());
            assertEquals(0, engine.outboundJournal().messagesSuppressed());
            assertTrue(engine.outboundJournal().messagesRecorded() > 0);
            JournalTestSupport.apply(engine, 1_011, EVENTS);
            digest = engine.engine().digest();
        }
        assertEquals(expectedDigest, digest);
        assertEquals(JournalTestSupport.outputDocuments(reference), JournalTestSupport.outputDocuments(dir));
    }

    @Test
    void shouldFallBackToOlderSnapshotAndSuppressRecordedOutputs() throws IOException
    {
        final String expectedDigest = JournalTestSupport.record(reference, EVENTS, INTERVAL);
        JournalTestSupport.record(dir, 1_500, INTERVAL);
        final Path newest = JournalQueues.snapshotsDir(dir).resolve(SnapshotFile.fileName(1_500));
        final byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length - 5));

        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final String digest;
        try (JournaledEngine engine = new JournaledEngine(JournalTestSupport.context(dir, INTERVAL)
            .log(new PrintStream(log, true, StandardCharsets.UTF_8))))
        {
            assertEquals(1_500, engine.recover());
            assertEquals(1_400, engine.recoveredSnapshotSeq());
            assertTrue(engine.recoveredByIndex());
            assertEquals(100, engine.recoveredEvents());
            assertTrue(engine.outboundJournal().messagesSuppressed() > 0);
            assertEquals(0, engine.outboundJournal().messagesRecorded());
            JournalTestSupport.apply(engine, 1_501, EVENTS);
            digest = engine.engine().digest();
        }
        final String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(newest.toString()) && text.contains("truncated"), text);
        assertEquals(expectedDigest, digest);
        assertEquals(JournalTestSupport.outputDocuments(reference), JournalTestSupport.outputDocuments(dir));
        assertNull(JournalReplayer.replay(dir, HashingTestEngine::new, false, null).divergence());
    }

    @Test
    void shouldScanForTailWhenSnapshotIndexIsWrong() throws IOException
    {
        final String expectedDigest = JournalTestSupport.record(reference, EVENTS, INTERVAL);
        JournalTestSupport.record(dir, 1_500, INTERVAL);
        final Path snapshots = JournalQueues.snapshotsDir(dir);
        Files.delete(snapshots.resolve(SnapshotFile.fileName(1_500)));
        final SnapshotFile original = SnapshotFile.read(snapshots.resolve(SnapshotFile.fileName(1_400)));
        final long wrongIndex = original.inboundIndex() - 7;
        SnapshotFile.write(snapshots, 1_400, wrongIndex, wrongIndex, original.digest(), original.body(), null);

        final ReplayResult replay = JournalReplayer.replay(dir, HashingTestEngine::new, true, null);
        assertNull(replay.divergence());
        assertEquals(1_400, replay.startSnapshotSeq());
        assertEquals(100, replay.events());

        final String digest;
        try (JournaledEngine engine = new JournaledEngine(JournalTestSupport.context(dir, INTERVAL)))
        {
            assertEquals(1_500, engine.recover());
            assertEquals(1_400, engine.recoveredSnapshotSeq());
            assertFalse(engine.recoveredByIndex());
            assertEquals(100, engine.recoveredEvents());
            JournalTestSupport.apply(engine, 1_501, EVENTS);
            digest = engine.engine().digest();
        }
        assertEquals(expectedDigest, digest);
        assertEquals(JournalTestSupport.outputDocuments(reference), JournalTestSupport.outputDocuments(dir));
    }

    @Test
    void shouldRejectSeqThatDoesNotIncrease()
    {
        try (JournaledEngine engine = new JournaledEngine(JournalTestSupport.context(dir, INTERVAL)))
        {
            engine.recover();
            JournalTestSupport.apply(engine, 1, 10);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            final int length = new TestEvents().encode(10, buffer, 0);
            assertThrows(IllegalArgumentException.class, () -> engine.onEvent(10, 0, buffer, 0, length));
            assertEquals(10, engine.lastAppliedSeq());
            assertEquals(10, engine.inboundJournal().lastSeq());
        }
    }
}
