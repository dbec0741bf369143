package io.perprisk.engine.property;

import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.reference.MessageText;
import io.perprisk.engine.reference.ReferenceEngine;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Economic invariants of the reference model alone (see {@link ReferenceInvariants}), checked after every event of
 * random streams.
 */
class ReferenceInvariantsProperties
{
    @Property(tries = 25)
    void shouldKeepInvariantsAfterEveryEvent(@ForAll final long seed)
    {
        run(seed, 2, 30, 500);
    }

    @Property(tries = 15)
    @Tag("slow")
    void shouldKeepInvariantsAfterEveryEventOfLongStreams(@ForAll final long seed)
    {
        run(seed, 5, 200, 2_000);
    }

    @Property(tries = 20)
    void shouldProduceTheSameBytesForTheSameSeed(@ForAll final long seed)
    {
        final RandomEventStream first = new RandomEventStream(seed, 2, 20, 200);
        final RandomEventStream second = new RandomEventStream(seed, 2, 20, 200);
        final StringBuilder a = new StringBuilder();
        final StringBuilder b = new StringBuilder();
        final ReferenceEngine modelA = new ReferenceEngine(new EngineConfiguration(), (s, buffer, offset, length) ->
        {
            a.append(MessageText.render(buffer, offset, length));
            first.observe(buffer, offset, length);
        });
        final ReferenceEngine modelB = new ReferenceEngine(new EngineConfiguration(), (s, buffer, offset, length) ->
        {
            b.append(MessageText.render(buffer, offset, length));
            second.observe(buffer, offset, length);
        });
        long seq = 0;
        while (first.hasNext())
        {
            assertTrue(second.hasNext());
            final byte[] x = first.next().message();
            final byte[] y = second.next().message();
            seq++;
            modelA.onEvent(seq, new UnsafeBuffer(x), 0, x.length);
            modelB.onEvent(seq, new UnsafeBuffer(y), 0, y.length);
        }
        assertEquals(a.toString(), b.toString());
        assertEquals(modelA.digest(), modelB.digest());
    }

    private static void run(final long seed, final int minAccounts, final int maxAccounts, final int events)
    {
        final RandomEventStream stream = new RandomEventStream(seed, minAccounts, maxAccounts, events);
        final List<byte[]> outputs = new ArrayList<>();
        final ReferenceEngine model = new ReferenceEngine(new EngineConfiguration(), (s, buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            outputs.add(copy);
        });
        final ReferenceInvariants.LiquidationLifecycle lifecycle = new ReferenceInvariants.LiquidationLifecycle();
        long seq = 0;
        while (stream.hasNext())
        {
            final RandomEventStream.Event event = stream.next();
            seq++;
            outputs.clear();
            model.onEvent(seq, new UnsafeBuffer(event.message()), 0, event.message().length);
            final String where = "seed " + seed + " seq " + seq + " (" + event.kind() + ": " +
                MessageText.render(event.message()) + ")";
            stream.observe(outputs);
            ReferenceInvariants.check(model, event.tradeBoundary() && stream.positionsNetToZero(), where);
            lifecycle.check(model, outputs, where);
        }
        assertEquals(seq, model.lastAppliedSeq());
        assertEquals(seq, model.counters().eventsApplied());
        assertEquals(lifecycle.started(), model.counters().liquidationsStarted());
    }
}
