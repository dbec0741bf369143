package io.perprisk.engine.property;

import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An engine with the liquidation-trigger index and one with the full holder scan, fed the same random streams, emit
 * the same outbound messages byte for byte after every event, and their state digests agree (every 25 events and at
 * the end).
 */
class TriggerIndexMatchesFullScanProperties
{
    @Property(tries = 100)
    void shouldEmitTheSameBytesAsTheFullScan(@ForAll final long seed)
    {
        compare(seed, 2, 15, 150);
    }

    @Property(tries = 1_000)
    @Tag("slow")
    void shouldEmitTheSameBytesAsTheFullScanOnManyStreams(@ForAll final long seed)
    {
        compare(seed, 2, 40, 300);
    }

    @Property(tries = 20)
    @Tag("slow")
    void shouldEmitTheSameBytesAsTheFullScanOnLargeStreams(@ForAll final long seed)
    {
        compare(seed, 5, 200, 2_000);
    }

    static void compare(final long seed, final int minAccounts, final int maxAccounts, final int steps)
    {
        final String reproduce = "TriggerIndexMatchesFullScanProperties.compare(" + seed + "L, " + minAccounts + ", " +
            maxAccounts + ", " + steps + ")";
        final RandomEventStream stream = new RandomEventStream(seed, minAccounts, maxAccounts, steps);
        final List<byte[]> fromIndex = new ArrayList<>();
        final List<byte[]> fromScan = new ArrayList<>();
        final EngineConfiguration indexed = EngineMatchesReferenceProperties.configuration(seed).triggerIndex(true);
        final EngineConfiguration scanned = EngineMatchesReferenceProperties.configuration(seed).triggerIndex(false);
        final PerpRiskEngine index = new PerpRiskEngine(indexed, (s, buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            fromIndex.add(copy);
        });
        final PerpRiskEngine scan = new PerpRiskEngine(scanned, (s, buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            fromScan.add(copy);
        });
        long seq = 0;
        while (stream.hasNext())
        {
            final RandomEventStream.Event event = stream.next();
            seq++;
            fromIndex.clear();
            fromScan.clear();
            final byte[] inbound = event.message();
            index.onEvent(seq, new UnsafeBuffer(inbound), 0, inbound.length);
            scan.onEvent(seq, new UnsafeBuffer(inbound), 0, inbound.length);
            final String where = reproduce + ", seq " + seq + " (" + event.kind() + ")";
            assertEquals(fromScan.size(), fromIndex.size(), where + ": number of messages");
            for (int i = 0; i < fromScan.size(); i++)
            {
                if (!Arrays.equals(fromScan.get(i), fromIndex.get(i)))
                {
                    throw new AssertionError(where + ": message #" + i + " differs");
                }
            }
            if (seq % 25 == 0)
            {
                assertEquals(scan.digest(), index.digest(), where + ": digest");
            }
        }
        assertEquals(scan.digest(), index.digest(), reproduce + ": digest at the end");
    }
}
