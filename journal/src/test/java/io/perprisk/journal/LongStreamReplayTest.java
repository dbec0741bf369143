package io.perprisk.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LongStreamReplayTest
{
    private static final long EVENTS = 1_000_000;
    private static final long INTERVAL = 200_000;

    @TempDir
    Path dir;

    @Tag("slow")
    @Test
    void shouldReplayMillionEventsFromStartAndFromSnapshot() throws IOException
    {
        final String recordedDigest = JournalTestSupport.record(dir, EVENTS, INTERVAL);

        final ReplayResult fromStart = JournalReplayer.replay(dir, HashingTestEngine::new, false, null);
        assertNull(fromStart.divergence());
        assertEquals(EVENTS, fromStart.events());
        assertEquals(recordedDigest, fromStart.digest());
        assertTrue(fromStart.finalDigestVerified());
        assertEquals(EVENTS / INTERVAL, fromStart.digestsChecked());
        System.out.println("replayed " + EVENTS + " events from the start at " + fromStart.eventsPerSecond() +
            " events/s");

        Files.delete(JournalQueues.snapshotsDir(dir).resolve(SnapshotFile.fileName(EVENTS)));
        final ReplayResult fromSnapshot = JournalReplayer.replay(dir, HashingTestEngine::new, true, null);
        assertNull(fromSnapshot.divergence());
        assertEquals(EVENTS - INTERVAL, fromSnapshot.startSnapshotSeq());
        assertEquals(INTERVAL, fromSnapshot.events());
        assertEquals(recordedDigest, fromSnapshot.digest());
        assertTrue(fromSnapshot.finalDigestVerified());
    }
}
