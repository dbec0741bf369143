package io.perprisk.journal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * Deterministic replay for audits: feeds the inbound journal through a fresh engine (or one loaded from the newest
 * usable snapshot) and checks that every event produces exactly the recorded outbound bytes and that every recorded
 * state digest is reproduced. Stops at the first divergence. Cold path, one thread.
 */
public final class JournalReplayer implements InboundHandler, OutboundHandler
{
    private static final int POLL_LIMIT = 4096;
    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

    private final ExpandableDirectByteBuffer actual = new ExpandableDirectByteBuffer(64 * 1024);
    private final PrintStream progress;
    private RiskEngine engine;
    private int actualCount;
    private int actualLength;
    private long events;
    private long firstSeq;
    private long outputDocuments;
    private long messages;
    private long digestsChecked;
    private long lastDigestSeq;
    private Divergence divergence;
    private OutboundLookahead recorded;

    private JournalReplayer(final PrintStream progress)
    {
        this.progress = progress;
    }

    /**
     * Replay a journal directory and verify it.
     *
     * @param journalDir   the journal directory.
     * @param factory      creating the replaying engine; must be configured as the recording one was.
     * @param fromSnapshot start from the newest usable snapshot instead of from an empty engine.
     * @param progress     receives a progress line about every second and snapshot fallback messages; may be null.
     * @return the result, with the first divergence if any.
     * @throws JournalCorruptedException if a journal record is damaged.
     */
    public static ReplayResult replay(
        final Path journalDir, final EngineFactory factory, final boolean fromSnapshot, final PrintStream progress)
    {
        final JournalReplayer replayer = new JournalReplayer(progress);
        return replayer.run(journalDir, factory, fromSnapshot);
    }

    private ReplayResult run(final Path journalDir, final EngineFactory factory, final boolean fromSnapshot)
    {
        try (InboundReader inbound = InboundReader.open(journalDir);
            OutboundTailer outbound = OutboundTailer.open(journalDir))
        {
            long startSeq = 0;
            SnapshotFile startSnapshot = null;
            if (fromSnapshot)
            {
                final long lastInboundSeq = InboundJournal.readLastSeq(inbound.queue());
                final SnapshotStore store = new SnapshotStore(
                    JournalQueues.snapshotsDir(journalDir), Integer.MAX_VALUE, null, log());
                try
                {
                    final SnapshotLoader.Loaded loaded = SnapshotLoader.loadNewest(
                        store, factory, this, lastInboundSeq, log());
                    engine = loaded.engine();
                    if (null == loaded.snapshot())
                    {
                        log().println("no usable snapshot in " + JournalQueues.snapshotsDir(journalDir) +
                            "; replaying from the start");
                    }
                    else
                    {
                        startSeq = loaded.snapshot().seq();
                        startSnapshot = loaded.snapshot();
                    }
                }
                finally
                {
                    store.close();
                }
            }
            else
            {
                engine = factory.newEngine(this);
            }
            final SnapshotFile snapshot = startSnapshot;
            if (null == snapshot || !inbound.fromIndexAfter(snapshot.inboundIndex(), snapshot.seq()))
            {
                inbound.fromSeq(startSeq + 1);
            }
            if (null == snapshot || !outbound.fromIndexAfter(snapshot.outboundIndex(), snapshot.seq()))
            {
                outbound.fromSeq(startSeq + 1);
            }

            recorded = new OutboundLookahead(outbound);
            final long startNanos = System.nanoTime();
            long lastProgressNanos = startNanos;
            while (null == divergence)
            {
                final int polled = inbound.poll(this, POLL_LIMIT);
                if (0 == polled)
                {
                    break;
                }
                final long now = System.nanoTime();
                if (null != progress && now - lastProgressNanos >= PROGRESS_INTERVAL_NANOS)
                {
                    lastProgressNanos = now;
                    progress.println("replay: " + events + " events, seq " + engine.lastAppliedSeq() + ", " +
                        (long) (events * 1e9 / (now - startNanos)) + " events/s");
                }
            }
            final long nanos = System.nanoTime() - startNanos;
            if (null == divergence)
            {
                checkTrailingRecords();
            }
            return new ReplayResult(startSeq, events, firstSeq, engine.lastAppliedSeq(), outputDocuments, messages,
                digestsChecked, lastDigestSeq, engine.digest(), engine.counters().accounts(),
                engine.counters().liquidationsStarted(), nanos, divergence);
        }
    }

    /**
     * Not for callers: receives the replayed inbound events.
     *
     * @param seq              of the event.
     * @param receiveTimeNanos of the event.
     * @param buffer           holding the message.
     * @param offset           of the message.
     * @param length           of the message.
     */
    public void onInbound(
        final long seq, final long receiveTimeNanos, final DirectBuffer buffer, final int offset, final int length)
    {
        if (null != divergence)
        {
            return;
        }
        if (0 == events)
        {
            firstSeq = seq;
        }
        actualCount = 0;
        actualLength = 0;
        engine.onEvent(seq, buffer, offset, length);
        events++;
        verifyEvent(seq);
    }

    /**
     * Not for callers: receives the replaying engine's outbound messages.
     *
     * @param seq    of the causing event.
     * @param buffer holding the message.
     * @param offset of the message.
     * @param length of the message.
     */
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        actual.putInt(actualLength, length);
        actual.putBytes(actualLength + OutboundRecord.MESSAGE_PREFIX_LENGTH, buffer, offset, length);
        actualLength += OutboundRecord.MESSAGE_PREFIX_LENGTH + length;
        actualCount++;
    }

    private void verifyEvent(final long seq)
    {
        final OutboundLookahead recorded = this.recorded;
        if (null == recorded)
        {
            return;
        }
        recorded.fill();
        if (recorded.held() && recorded.seq() < seq)
        {
            divergence = new Divergence(recorded.seq(), -1, recorded.kind() + " recorded for seq " + recorded.seq() +
                ", which is not in the inbound journal (next event is seq " + seq + ")", null, null);
            return;
        }
        final boolean expectedOutputs = recorded.held() && !recorded.isDigest() && recorded.seq() == seq;
        if (expectedOutputs || actualCount > 0)
        {
            compareOutputs(seq, expectedOutputs);
            if (null != divergence)
            {
                return;
            }
            if (expectedOutputs)
            {
                recorded.consume();
                outputDocuments++;
                messages += actualCount;
            }
            recorded.fill();
        }
        while (null == divergence && recorded.held() && recorded.isDigest() && recorded.seq() == seq)
        {
            final String digest = engine.digest();
            if (!digest.equals(recorded.digest()))
            {
                divergence = new Divergence(seq, -1, "state digest after seq " + seq + " is " + digest +
                    " but " + recorded.digest() + " was recorded", null, null);
                return;
            }
            digestsChecked++;
            lastDigestSeq = seq;
            recorded.consume();
            recorded.fill();
        }
    }

    private void compareOutputs(final long seq, final boolean expectedOutputs)
    {
        final int expectedCount = expectedOutputs ? recorded.count() : 0;
        final int expectedLength = expectedOutputs ? recorded.length() : 0;
        final DirectBuffer expected = recorded.document();
        if (expectedCount == actualCount && expectedLength == actualLength &&
            rangeEquals(expected, actual, expectedLength))
        {
            return;
        }
        int expectedPosition = 0;
        int actualPosition = 0;
        final int count = Math.max(expectedCount, actualCount);
        for (int i = 0; i < count; i++)
        {
            final byte[] expectedMessage = i < expectedCount ? message(expected, expectedPosition) : null;
            final byte[] actualMessage = i < actualCount ? message(actual, actualPosition) : null;
            final boolean equal = null != expectedMessage && null != actualMessage &&
                Arrays.equals(expectedMessage, actualMessage);
            if (!equal)
            {
                divergence = new Divergence(seq, i, "outbound message " + i + " of seq " + seq + " differs (" +
                    expectedCount + " recorded, " + actualCount + " replayed)", expectedMessage, actualMessage);
                return;
            }
            expectedPosition += OutboundRecord.MESSAGE_PREFIX_LENGTH + expectedMessage.length;
            actualPosition += OutboundRecord.MESSAGE_PREFIX_LENGTH + actualMessage.length;
        }
        if (expectedPosition != expectedLength || actualPosition != actualLength)
        {
            divergence = new Divergence(seq, count, "outbound document of seq " + seq + " has trailing bytes",
                null, null);
        }
    }

    private static boolean rangeEquals(final DirectBuffer a, final DirectBuffer b, final int length)
    {
        int i = 0;
        for (final int limit = length - 7; i < limit; i += 8)
        {
            if (a.getLong(i) != b.getLong(i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (a.getByte(i) != b.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    private static byte[] message(final DirectBuffer buffer, final int position)
    {
        final int length = buffer.getInt(position);
        final byte[] bytes = new byte[length];
        buffer.getBytes(position + OutboundRecord.MESSAGE_PREFIX_LENGTH, bytes);
        return bytes;
    }

    private void checkTrailingRecords()
    {
        if (recorded.fill())
        {
            divergence = new Divergence(recorded.seq(), -1, recorded.kind() + " recorded for seq " + recorded.seq() +
                ", beyond the end of the inbound journal (seq " + engine.lastAppliedSeq() + ")", null, null);
        }
    }

    private PrintStream log()
    {
        return null != progress ? progress : new PrintStream(OutputStream.nullOutputStream());
    }

}
