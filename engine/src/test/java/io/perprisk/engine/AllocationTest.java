package io.perprisk.engine;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady state allocates nothing on the engine thread. One-time JVM work (class loading, constant-pool linking and
 * JIT deoptimization the first time a code path runs) is not steady state, so the measured events are first run
 * through a twin engine in the same state: the measured engine then takes exactly the paths already taken.
 */
class AllocationTest
{
    private long outboundMessages;
    private long outboundBytes;

    private PerpRiskEngine newEngine()
    {
        return new PerpRiskEngine(
            new EngineConfiguration().maxAccounts(100).maxInstruments(4).maxAssets(4),
            (seq, buffer, offset, length) ->
            {
                outboundMessages++;
                outboundBytes += length;
            });
    }

    @Test
    void shouldNotAllocateOnTheEngineThreadInSteadyState()
    {
        final PerpRiskEngine twin = newEngine();
        final PerpRiskEngine engine = newEngine();
        final MixedEventGenerator events = new MixedEventGenerator(42, 1).setup().generate(200_000);
        final int warmUpCount = events.count;
        events.applyTo(twin, 1, 0, warmUpCount);
        events.applyTo(engine, 1, 0, warmUpCount);
        events.generate(100_000);
        final long firstSeq = engine.lastAppliedSeq() + 1;
        events.applyTo(twin, firstSeq, warmUpCount, events.count);

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long messagesBefore = outboundMessages;
        threads.getCurrentThreadAllocatedBytes();
        final long before = threads.getCurrentThreadAllocatedBytes();
        events.applyTo(engine, firstSeq, warmUpCount, events.count);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        final int measuredCount = events.count - warmUpCount;
        assertTrue(measuredCount >= 100_000);
        assertTrue(outboundMessages - messagesBefore > 50_000, "the events did real work");
        assertTrue(outboundBytes > 0);
        assertTrue(engine.counters().ordersAccepted() > 1000);
        assertEquals(twin.digest(), engine.digest());
        assertEquals(0, allocated, "bytes allocated on the engine thread over " + measuredCount + " events");
    }
}
