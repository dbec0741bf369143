package io.perprisk.engine;

import io.perprisk.codecs.JsonFormatException;
import io.perprisk.codecs.JsonLineReader;
import io.perprisk.engine.scenario.AdlStormScenario;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The waiting-for-ADL storm costs what its events change (docs/engine.md, "Waiting scopes"): once every trader's
 * scope waits for a counterparty, the ordinary events that follow evaluate no waiting scope at all, and the scopes
 * they evaluate do not grow with the number of waiting scopes. Counted, not timed.
 */
class WaitingScopesTest
{
    private static final int ORDINARY = 1_000;

    @Test
    void shouldEvaluateNoWaitingScopeDuringTheStormsOrdinaryEvents()
    {
        final long[] small = run(200);
        final long[] large = run(2_000);

        assertEquals(200, small[0], "liquidations started");
        assertEquals(2_000, large[0], "liquidations started");
        assertEquals(0, small[1], "waiting scopes added to passes during the ordinary events");
        assertEquals(0, large[1], "waiting scopes added to passes during the ordinary events");
        assertEquals(small[2], large[2], "scopes evaluated during the ordinary events, 200 vs 2,000 waiting");
        assertTrue(large[2] <= ORDINARY, "at most one scope evaluation per ordinary event, was " + large[2]);
    }

    /**
     * Returns {liquidations started, waiting-scope evaluations and scope evaluations during the ordinary events}.
     */
    private static long[] run(final int traders)
    {
        final List<byte[]> frames = frames(AdlStormScenario.generate(true, traders, ORDINARY));
        final OutboundHandler discard = (seq, buffer, offset, length) ->
        {
        };
        final PerpRiskEngine engine = new PerpRiskEngine(new EngineConfiguration(), discard);
        final int crash = frames.size() - ORDINARY;
        long seq = 0;
        for (int i = 0; i < crash; i++)
        {
            apply(engine, ++seq, frames.get(i));
        }
        final long liquidations = engine.counters().liquidationsStarted();
        assertEquals(0, engine.counters().autoDeleverages(), "no counterparty");
        final long waitingBefore = engine.waitingEvaluations();
        final long scopesBefore = engine.scopeEvaluations();
        for (int i = crash; i < frames.size(); i++)
        {
            apply(engine, ++seq, frames.get(i));
        }
        assertEquals(liquidations, engine.counters().liquidationsStarted());
        assertEquals(0, engine.counters().liquidationsCompleted(), "every scope still waits");
        return new long[] {
            liquidations, engine.waitingEvaluations() - waitingBefore, engine.scopeEvaluations() - scopesBefore };
    }

    private static void apply(final PerpRiskEngine engine, final long seq, final byte[] frame)
    {
        engine.onEvent(seq, new UnsafeBuffer(frame), 0, frame.length);
    }

    private static List<byte[]> frames(final String text)
    {
        final JsonLineReader reader = new JsonLineReader();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        final List<byte[]> frames = new ArrayList<>();
        long lineNumber = 0;
        for (final String line : text.split("\n", -1))
        {
            lineNumber++;
            try
            {
                final int length = reader.read(lineNumber, line, buffer, 0);
                if (JsonLineReader.SKIPPED != length)
                {
                    final byte[] frame = new byte[length];
                    buffer.getBytes(0, frame);
                    frames.add(frame);
                }
            }
            catch (final JsonFormatException ex)
            {
                throw new IllegalArgumentException(ex);
            }
        }
        return frames;
    }
}
