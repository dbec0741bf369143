package io.perprisk.engine;

import java.util.Arrays;

/**
 * Reusable list of the entries a value change took out of a {@link TriggerIndex}. Grows to its high-water mark and
 * is then reused, so collecting does not allocate. Engine thread only.
 */
final class TriggerCandidates
{
    private TriggerEntry[] entries = new TriggerEntry[64];
    private int count;

    void add(final TriggerEntry entry)
    {
        if (count == entries.length)
        {
            entries = Arrays.copyOf(entries, count * 2);
        }
        entries[count++] = entry;
    }

    int count()
    {
        return count;
    }

    TriggerEntry get(final int i)
    {
        return entries[i];
    }

    void clear()
    {
        Arrays.fill(entries, 0, count, null);
        count = 0;
    }
}
