package io.perprisk.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.engine.property.RandomEventStream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The journal over the production engine and the engine's seeded random event stream.
 */
class RealEngineJournalTest
{
    private static final long R = 100_000_000L;
    private static final EngineFactory FACTORY =
        (handler) -> new PerpRiskEngine(new EngineConfiguration().maxAccounts(10_000), handler);

    @TempDir
    Path dir;

    @Test
    void shouldReplayTwentyThousandRealEventsFromStartAndFromSnapshot() throws IOException
    {
        verifyRecordAndReplay(20_000, 3_000, 0x1234L);
    }

    /**
     * Events of the slow run: {@value #LONG_RUN_EVENTS_DEFAULT} unless {@code -Dperprisk.realEngineEvents=N} says
     * otherwise. The chained streams pile up thousands of scopes waiting for ADL counterparties; they are parked until
     * something can change their outcome (docs/engine.md, "Waiting scopes"), so a million events take about a minute.
     */
    static final long LONG_RUN_EVENTS_DEFAULT = 1_000_000;

    @Tag("slow")
    @Test
    void shouldReplayManyRealEventsFromStartAndFromSnapshot() throws IOException
    {
        final long events = Long.getLong("perprisk.realEngineEvents", LONG_RUN_EVENTS_DEFAULT);
        verifyRecordAndReplay(events, Math.max(1, events / 5), 0xBEEFL);
    }

    private static boolean engineWritesSnapshots()
    {
        try
        {
            FACTORY.newEngine((seq, buffer, offset, length) -> {}).writeSnapshot(
                new org.agrona.ExpandableArrayBuffer(), 0);
            return true;
        }
        catch (final UnsupportedOperationException ex)
        {
            return false;
        }
    }


    private void verifyRecordAndReplay(final long events, final long interval, final long seed) throws IOException
    {
        final String digest;
        // the stream answers liquidation orders and cancel requests like a matching engine, so it sees the outputs
        final RandomEventStream[] current = new RandomEventStream[1];
        try (JournaledEngine engine = new JournaledEngine(new JournaledEngine.Context()
            .journalDir(dir).engineFactory(FACTORY).snapshotIntervalEvents(interval).snapshotsToKeep(100)
            .outboundListener((s, b, o, l) -> current[0].observe(b, o, l))
            .log(JournalTestSupport.QUIET)))
        {
            engine.recover();
            RandomEventStream stream = new RandomEventStream(seed, 20, 200, (int) events);
            current[0] = stream;
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
            long seq = 0;
            long streams = 1;
            while (seq < events)
            {
                if (!stream.hasNext())
                {
                    // a stream can end before its step count; chain another (re-definitions are legal input)
                    stream = new RandomEventStream(seed + streams++, 20, 200, (int) events);
                    current[0] = stream;
                    continue;
                }
                seq++;
                final int length = stream.next(buffer, 0);
                engine.onEvent(seq, seq * 1_000, buffer, 0, length);
            }
            assertEquals(events, seq);
            digest = engine.engine().digest();
        }

        final ReplayResult fromStart = JournalReplayer.replay(dir, FACTORY, false, null);
        assertNull(fromStart.divergence(), () -> fromStart.divergence().description());
        assertEquals(events, fromStart.events());
        assertEquals(digest, fromStart.digest());
        assertTrue(fromStart.finalDigestVerified());
        assertTrue(fromStart.messages() > events / 2);
        System.out.println("real engine: replayed " + events + " events, " + fromStart.messages() + " messages, " +
            fromStart.liquidations() + " liquidations at " + fromStart.eventsPerSecond() + " events/s");

        assumeTrue(engineWritesSnapshots(), "the engine on this branch cannot write snapshots yet");
        Files.delete(JournalQueues.snapshotsDir(dir).resolve(SnapshotFile.fileName(events)));
        final long lastPeriodic = events / interval * interval;
        final long snapshotSeq = lastPeriodic == events ? events - interval : lastPeriodic;
        final ReplayResult fromSnapshot = JournalReplayer.replay(dir, FACTORY, true, null);
        assertNull(fromSnapshot.divergence(), () -> fromSnapshot.divergence().description());
        assertEquals(snapshotSeq, fromSnapshot.startSnapshotSeq());
        assertEquals(events - snapshotSeq, fromSnapshot.events());
        assertEquals(digest, fromSnapshot.digest());
        assertTrue(fromSnapshot.finalDigestVerified());
    }
}
