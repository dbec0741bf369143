package io.perprisk.perf.cascade;

import io.perprisk.engine.EngineCounters;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.perf.EventStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cascade is what the benchmark says it is: liquidations by partly filled market orders, the insurance fund
 * paying bankruptcy cover, auto-deleveraging, and scopes left waiting for ADL counterparties; and a replay on a
 * restored engine does exactly what the recording did.
 */
class CascadeWorkloadTest
{
    @Test
    void shouldLiquidateCoverDeleverageAndLeaveScopesWaiting()
    {
        final CascadeWorkload workload = new CascadeWorkload(1_100, 40, 6, 30, 200);
        final EngineCounters counters = workload.countersAfterCascade();
        assertEquals(1_101, workload.accounts());
        assertTrue(counters.liquidationsStarted() > 300, "started: " + counters.liquidationsStarted());
        assertTrue(counters.liquidationOrders() > 300, "orders: " + counters.liquidationOrders());
        assertTrue(counters.autoDeleverages() > 50, "auto-deleverages: " + counters.autoDeleverages());
        assertTrue(counters.bankruptcyCovers() > 0, "covers: " + counters.bankruptcyCovers());
        assertTrue(workload.waitingAfterCascade() > 100, "waiting: " + workload.waitingAfterCascade());
        assertTrue(workload.cascade().count() > 6 * 200, "events: " + workload.cascade().count());
    }

    @Test
    void shouldReplayTheRecordedCascadeExactly()
    {
        final CascadeWorkload workload = new CascadeWorkload(220, 40, 6, 30, 50);
        final long[] outbound = new long[1];
        final PerpRiskEngine engine = workload.restore((seq, buffer, offset, length) -> outbound[0]++);
        final EventStream cascade = workload.cascade();
        long seq = workload.firstSeq();
        for (int i = 0; i < cascade.count(); i++)
        {
            engine.onEvent(seq++, cascade.buffer(), cascade.offset(i), cascade.length(i));
        }
        assertEquals(workload.cascadeOutbound(), outbound[0]);
        assertEquals(workload.countersAfterCascade().liquidationsStarted(), engine.counters().liquidationsStarted());
        assertEquals(workload.countersAfterCascade().autoDeleverages(), engine.counters().autoDeleverages());
        assertTrue(workload.calmMix().count() >= cascade.count());
    }
}
