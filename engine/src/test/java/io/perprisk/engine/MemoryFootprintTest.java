package io.perprisk.engine;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures retained heap per account (one USDT balance) and per position (with an open order-free position), for
 * docs/engine.md. Heap measurement after explicit GC is approximate; the bounds only catch a layout regression.
 */
@Tag("slow")
class MemoryFootprintTest
{
    private static final int ACCOUNTS = 200_000;

    @Test
    void shouldKeepAccountsAndPositionsSmall()
    {
        final PerpRiskEngine engine = new PerpRiskEngine(
            new EngineConfiguration().maxAccounts(ACCOUNTS + 10), (s, b, o, l) ->
            {
            });
        final InboundMessages in = new InboundMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        long seq = 0;
        engine.onEvent(++seq, buffer, 0, in.assetDefinition(buffer, 0, 1, "1", "1"));
        engine.onEvent(++seq, buffer, 0, in.instrument(buffer, 0, 1, 1, "0.1", "0.001", EngineHarness.EXAMPLE_TIERS));
        engine.onEvent(++seq, buffer, 0, in.instrument(buffer, 0, 2, 1, "0.1", "0.001", EngineHarness.EXAMPLE_TIERS));
        engine.onEvent(++seq, buffer, 0, in.markPrice(buffer, 0, 1, "10000"));
        engine.onEvent(++seq, buffer, 0, in.markPrice(buffer, 0, 2, "100"));

        final long base = usedHeap();
        for (long a = 1; a <= ACCOUNTS; a++)
        {
            engine.onEvent(++seq, buffer, 0, in.accountOpen(buffer, 0, a));
            engine.onEvent(++seq, buffer, 0, in.deposit(buffer, 0, a, 1, "1000"));
        }
        final long withAccounts = usedHeap();
        for (long a = 1; a <= ACCOUNTS; a++)
        {
            engine.onEvent(++seq, buffer, 0, in.fill(buffer, 0, 0, a, 1, a % 2 == 0, "10000", "0.01", "0"));
            engine.onEvent(++seq, buffer, 0, in.fill(buffer, 0, 0, a, 2, a % 2 == 1, "100", "1", "0"));
        }
        final long withPositions = usedHeap();
        final double perAccount = (withAccounts - base) / (double) ACCOUNTS;
        final double perPosition = (withPositions - withAccounts) / (2.0 * ACCOUNTS);
        System.out.printf("retained heap: %.1f bytes per account (one balance), %.1f bytes per position%n",
            perAccount, perPosition);
        assertTrue(engine.counters().accounts() == ACCOUNTS);
        assertTrue(perAccount < 320, "per account " + perAccount);
        assertTrue(perPosition < 320, "per position " + perPosition);
    }

    private static long usedHeap()
    {
        final Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 4; i++)
        {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
