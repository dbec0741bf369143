package io.perprisk.engine;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterminismTest
{
    private static final int EVENTS = 20_000;

    private static final class Recorder implements OutboundHandler
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        public void onOutbound(final long seq, final org.agrona.DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            bytes.write((int) seq);
            bytes.write(copy, 0, length);
        }
    }

    private static PerpRiskEngine engine(final Recorder recorder)
    {
        return new PerpRiskEngine(new EngineConfiguration().maxAccounts(100).maxInstruments(4).maxAssets(4), recorder);
    }

    @Test
    void shouldProduceIdenticalOutputAndDigestForTheSameEvents()
    {
        final MixedEventGenerator events = new MixedEventGenerator(11, 1).setup().generate(EVENTS);
        final Recorder first = new Recorder();
        final Recorder second = new Recorder();
        final PerpRiskEngine a = engine(first);
        final PerpRiskEngine b = engine(second);
        events.applyTo(a, 1, 0, events.count);
        events.applyTo(b, 1, 0, events.count);

        assertTrue(first.bytes.size() > 100_000);
        assertArrayEquals(first.bytes.toByteArray(), second.bytes.toByteArray());
        assertEquals(a.digest(), b.digest());
        assertEquals(64, a.digest().length());
        ConservationCheck.assertConserved(a, 1);
    }

    @Test
    void shouldRestoreFromSnapshotAndContinueIdentically()
    {
        final MixedEventGenerator events = new MixedEventGenerator(12, 1).setup().generate(EVENTS);
        final Recorder original = new Recorder();
        final PerpRiskEngine a = engine(original);
        // Split after the middle, at the first event that leaves a liquidation order pending.
        int split = events.count / 2;
        events.applyTo(a, 1, 0, split);
        while (split < events.count - 1_000 && !hasPendingLiquidationOrder(a))
        {
            events.applyTo(a, split + 1, split, split + 1);
            split++;
        }
        assertTrue(hasPendingLiquidationOrder(a), "the snapshot is taken while a liquidation is under way");
        final long liquidationsAtSnapshot = a.counters().liquidationsStarted();

        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(1 << 16);
        final int length = a.writeSnapshot(snapshot, 16);
        final Recorder restoredRecorder = new Recorder();
        final PerpRiskEngine restored = engine(restoredRecorder);
        restored.loadSnapshot(snapshot, 16, length);
        assertEquals(a.lastAppliedSeq(), restored.lastAppliedSeq());
        assertEquals(a.digest(), restored.digest());

        final ExpandableArrayBuffer again = new ExpandableArrayBuffer(1 << 16);
        final int againLength = restored.writeSnapshot(again, 0);
        assertEquals(length, againLength);
        final byte[] left = new byte[length];
        final byte[] right = new byte[length];
        snapshot.getBytes(16, left);
        again.getBytes(0, right);
        assertArrayEquals(left, right, "a restored engine writes the same snapshot");

        final int before = original.bytes.size();
        events.applyTo(a, split + 1, split, events.count);
        events.applyTo(restored, split + 1, split, events.count);
        final byte[] tail = java.util.Arrays.copyOfRange(original.bytes.toByteArray(), before, original.bytes.size());
        assertTrue(tail.length > 10_000);
        assertArrayEquals(tail, restoredRecorder.bytes.toByteArray());
        assertEquals(a.digest(), restored.digest());
        assertEquals(a.counters().eventsApplied(), restored.counters().eventsApplied());
        assertEquals(a.counters().liquidationsCompleted(), restored.counters().liquidationsCompleted());
        assertTrue(restored.counters().liquidationsStarted() > liquidationsAtSnapshot);
        assertNotEquals(new PerpRiskEngine(new EngineConfiguration(), original).digest(), a.digest());
    }

    private static boolean hasPendingLiquidationOrder(final PerpRiskEngine engine)
    {
        for (final Account account : engine.accounts.values())
        {
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (p.liqOrderId != 0)
                {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void shouldRejectTruncatedSnapshot()
    {
        final MixedEventGenerator events = new MixedEventGenerator(13, 1).setup().generate(2_000);
        final PerpRiskEngine a = engine(new Recorder());
        events.applyTo(a, 1, 0, events.count);
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(1 << 16);
        final int length = a.writeSnapshot(snapshot, 0);
        final PerpRiskEngine b = engine(new Recorder());
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> b.loadSnapshot(snapshot, 0, length - 5));
        snapshot.putShort(4, (short) 7101);
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> b.loadSnapshot(snapshot, 0, length));
    }
}
