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
