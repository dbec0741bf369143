package io.perprisk.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.perprisk.codecs.sbe.Side;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.engine.property.RandomEventStream;
import io.perprisk.engine.reference.InboundMessages;
import io.perprisk.journal.cli.StatementCommand;
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
     * otherwise. The target is 1,000,000 (issue 11, Engine v2): today's engine takes minutes at that size because
     * the chained streams pile up thousands of scopes waiting for ADL counterparties, each re-evaluated after every
     * event; raise the default to 1,000,000 once it does not.
     */
    static final long LONG_RUN_EVENTS_DEFAULT = 200_000;

    @Tag("slow")
    @Test
    void shouldReplayManyRealEventsFromStartAndFromSnapshot() throws IOException
    {
        final long events = Long.getLong("perprisk.realEngineEvents", LONG_RUN_EVENTS_DEFAULT);
        verifyRecordAndReplay(events, Math.max(1, events / 5), 0xBEEFL);
    }

    @Test
    void shouldStateDepositsFillsFeesAndRealizedPnlOfAnAccount()
    {
        final long t = 1_700_000_000_000_000_000L;
        final List<byte[]> events = List.of(
            InboundMessages.assetDefinition(1, "USDT", R, R),
            InboundMessages.instrumentDefinition(1, "BTCUSDT", 1, R / 10, R / 1000, R / 100, R / 10, R / 2,
                new InboundMessages.TierSpec(1_000_000 * R, 50, R / 200)),
            InboundMessages.accountOpen(7),
            InboundMessages.accountOpen(8),
            InboundMessages.deposit(7, 1, 1_000 * R),
            InboundMessages.deposit(8, 1, 1_000 * R),
            InboundMessages.markPrice(1, 100 * R, t),
            InboundMessages.fill(1, 11, 7, 1, Side.BUY, 100 * R, 2 * R, R / 10, t + 1),
            InboundMessages.fill(1, 12, 8, 1, Side.SELL, 100 * R, 2 * R, R / 10, t + 1),
            InboundMessages.markPrice(1, 110 * R, t + 2),
            InboundMessages.fill(2, 13, 7, 1, Side.SELL, 110 * R, 2 * R, R / 5, t + 3),
            InboundMessages.fill(2, 14, 8, 1, Side.BUY, 110 * R, 2 * R, R / 5, t + 3),
            InboundMessages.withdraw(99, 7, 1, 500 * R));
        try (JournaledEngine engine = new JournaledEngine(new JournaledEngine.Context()
            .journalDir(dir).engineFactory(FACTORY).log(JournalTestSupport.QUIET)))
        {
            engine.recover();
            long seq = 0;
            for (final byte[] message : events)
            {
                seq++;
                engine.onEvent(seq, t + seq, new UnsafeBuffer(message), 0, message.length);
            }
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = StatementCommand.run(new String[]{ "--journal", dir.toString(), "--account", "7" },
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        final String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text + err.toString(StandardCharsets.UTF_8));
        final String[] lines = text.split("\n");
        assertTrue(row(lines, 5).contains("DEPOSIT") && row(lines, 5).contains(" 1000 "), text);
        assertTrue(row(lines, 8).contains("FILL") && row(lines, 8).contains(" 0.1 "), text);
        assertTrue(row(lines, 11).contains("FILL") && row(lines, 11).contains(" 0.2 ") &&
            row(lines, 11).contains(" 20 "), text);
        assertTrue(row(lines, 13).contains("WITHDRAWAL") && row(lines, 13).contains(" -500 "), text);
        // 1000 - 0.1 - 0.2 + 20 - 500
        assertTrue(text.contains("= closing wallet    519.7 (engine reports 519.7, reconciled)"), text);
        assertTrue(text.contains("+ realized PnL      20"), text);
        assertTrue(text.contains("+ other             0"), text);
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

    private static String row(final String[] lines, final long seq)
    {
        for (final String line : lines)
        {
            if (line.trim().startsWith(seq + " "))
            {
                return line;
            }
        }
        return "no row for seq " + seq;
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
