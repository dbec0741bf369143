package io.perprisk.perf;

import io.perprisk.engine.EngineCounters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineWorkloadTest
{
    @Test
    void shouldBuildHoldersWithoutRejects()
    {
        final EngineWorkload workload = new EngineWorkload(100).openHolders(100);
        final EngineCounters counters = workload.engine().counters();

        assertEquals(100, counters.accounts());
        assertEquals(100, counters.ordersAccepted());
        assertEquals(0, counters.ordersRejected());
        assertEquals(0, counters.fillAnomalies());
        assertEquals(0, counters.liquidationsStarted());
    }

    @Test
    void shouldBuildLeveragedHoldersThatAMarkTickNeitherMarginCallsNorLiquidates()
    {
        for (final boolean triggerIndex : new boolean[] { true, false })
        {
            final EngineWorkload workload = new EngineWorkload(200, triggerIndex).openLeveragedHolders(200);
            final EngineCounters counters = workload.engine().counters();
            assertEquals(200, counters.ordersAccepted());
            assertEquals(0, counters.ordersRejected());
            assertEquals(0, counters.fillAnomalies());

            final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(256);
            final long before = workload.outboundMessages();
            for (int i = 0; i < 100; i++)
            {
                final long mark = EngineWorkload.MARK_1 + (i & 1) * EngineWorkload.TICK_1;
                workload.apply(buffer, 0, workload.encoder().markPrice(buffer, 0, EngineWorkload.INSTRUMENT, mark, i));
            }
            assertEquals(before, workload.outboundMessages());
            assertEquals(0, counters.liquidationsStarted());

            // a mark that halves the price does reach the most leveraged holders: the ticks above were not inert
            workload.apply(buffer, 0, workload.encoder().markPrice(
                buffer, 0, EngineWorkload.INSTRUMENT, EngineWorkload.MARK_1 / 2, 1_000));
            assertTrue(workload.outboundMessages() > before);
        }
    }

    @Test
    void shouldReplayTheMixedStreamRepeatedlyWithoutRejects()
    {
        final EngineWorkload workload = new EngineWorkload(50).openHolders(50);
        final String digestBefore = workload.engine().digest();
        final EventStream mixed = EngineWorkload.mixedStream(50, 300, workload.nextOrderId() + 1_000);
        final long eventsBefore = workload.engine().counters().eventsApplied();

        for (int pass = 0; pass < 3; pass++)
        {
            workload.applyAll(mixed);
        }

        final EngineCounters counters = workload.engine().counters();
        assertEquals(eventsBefore + 3L * mixed.count(), counters.eventsApplied());
        assertEquals(0, counters.ordersRejected());
        assertEquals(0, counters.liquidationsStarted());
        assertEquals(3L * 300 * 5 + 50, counters.ordersAccepted());
        assertTrue(mixed.count() >= 300 * 12);
        assertTrue(workload.outboundMessages() > 3L * mixed.count());
        assertTrue(!digestBefore.isEmpty());
    }
}
