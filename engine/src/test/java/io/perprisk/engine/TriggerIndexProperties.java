package io.perprisk.engine;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trigger heaps against a plain list: random updates, removals and collections; a collection takes out exactly the
 * entries whose interval excludes the value, and the heaps stay consistent after every operation.
 */
class TriggerIndexProperties
{
    @Property(tries = 200)
    void shouldTakeOutExactlyTheEntriesWhoseIntervalExcludesTheValue(@ForAll final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Instrument instrument = new Instrument(1, 0);
        instrument.tierCount = 1;
        instrument.maxLeverage[0] = 20;
        final TriggerIndex index = new TriggerIndex();
        final TriggerCandidates candidates = new TriggerCandidates();
        final List<TriggerEntry> entries = new ArrayList<>();
        final int n = 1 + random.nextInt(200);
        for (int i = 0; i < n; i++)
        {
            entries.add(new TriggerEntry(new Position(new Account(i), instrument)));
        }
        final Set<TriggerEntry> stored = new HashSet<>();
        for (int step = 0; step < 2_000; step++)
        {
            final TriggerEntry entry = entries.get(random.nextInt(n));
            final int op = random.nextInt(10);
            if (op < 6)
            {
                final long[] interval = interval(random);
                index.update(entry, interval[0], interval[1]);
                if (interval[0] == Long.MIN_VALUE && interval[1] == Long.MAX_VALUE)
                {
                    stored.remove(entry);
                }
                else
                {
                    stored.add(entry);
                }
                assertEquals(interval[0], entry.low);
                assertEquals(interval[1], entry.high);
            }
            else if (op < 7)
            {
                index.remove(entry);
                stored.remove(entry);
            }
            else
            {
                final long value = random.nextInt(4) == 0 ? random.nextLong() : random.nextLong(-50, 50);
                final Set<TriggerEntry> expected = new HashSet<>();
                for (final TriggerEntry e : stored)
                {
                    if (value < e.low || value > e.high)
                    {
                        expected.add(e);
                    }
                }
                index.collect(value, candidates);
                final Set<TriggerEntry> actual = new HashSet<>();
                for (int i = 0; i < candidates.count(); i++)
                {
                    assertTrue(actual.add(candidates.get(i)), "an entry taken out twice");
                }
                candidates.clear();
                assertEquals(expected, actual);
                stored.removeAll(actual);
                for (final TriggerEntry e : actual)
                {
                    assertFalse(e.indexed());
                }
            }
            assertEquals(stored.size(), index.size());
            assertTrue(index.consistent());
            for (final TriggerEntry e : entries)
            {
                assertEquals(stored.contains(e), e.indexed());
            }
        }
    }

    @Test
    void shouldTakeOutAnEmptyIntervalOnAnyValueAndNeverStoreTheWholeRange()
    {
        final Instrument instrument = new Instrument(1, 0);
        instrument.tierCount = 1;
        instrument.maxLeverage[0] = 20;
        final TriggerIndex index = new TriggerIndex();
        final TriggerCandidates candidates = new TriggerCandidates();
        final TriggerEntry always = new TriggerEntry(new Position(new Account(1), instrument));
        final TriggerEntry never = new TriggerEntry(new Position(new Account(2), instrument));
        final TriggerEntry point = new TriggerEntry(new Position(new Account(3), instrument));
        index.update(always, TriggerEntry.ALWAYS_LOW, TriggerEntry.ALWAYS_HIGH);
        index.update(never, Long.MIN_VALUE, Long.MAX_VALUE);
        index.update(point, 7, 7);
        assertEquals(2, index.size());

        index.collect(7, candidates);
        assertEquals(1, candidates.count());
        assertEquals(always, candidates.get(0));
        candidates.clear();

        index.update(always, TriggerEntry.ALWAYS_LOW, TriggerEntry.ALWAYS_HIGH);
        index.collect(Long.MIN_VALUE, candidates);
        assertEquals(2, candidates.count());
        candidates.clear();
        assertEquals(0, index.size());
        assertFalse(never.indexed());
    }

    private static long[] interval(final SplittableRandom random)
    {
        switch (random.nextInt(8))
        {
            case 0:
                return new long[] { TriggerEntry.ALWAYS_LOW, TriggerEntry.ALWAYS_HIGH };
            case 1:
                return new long[] { Long.MIN_VALUE, Long.MAX_VALUE };
            case 2:
                return new long[] { Long.MIN_VALUE, random.nextLong(-60, 60) };
            case 3:
                return new long[] { random.nextLong(-60, 60), Long.MAX_VALUE };
            default:
                final long low = random.nextLong(-60, 60);
                return new long[] { low, low + random.nextLong(0, 40) };
        }
    }
}
