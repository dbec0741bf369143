package io.perprisk.engine;

import java.util.Arrays;

/**
 * The trigger intervals of one coordinate (an instrument's mark price or funding index, or a collateral asset's
 * price): two indexed binary heaps over the same entries, a min-heap on the upper ends and a max-heap on the lower
 * ends. Each entry stores its slot in both, so an update or removal is O(log n), and a new value takes out exactly the
 * entries whose interval it leaves in O((k + 1) log n) for k such entries. Entries whose interval is the whole
 * {@code long} range are not stored. Engine thread only; no allocation once the heaps reached their high-water mark.
 */
final class TriggerIndex
{
    private static final int INITIAL_CAPACITY = 256;

    private TriggerEntry[] byHigh = new TriggerEntry[INITIAL_CAPACITY];
    private TriggerEntry[] byLow = new TriggerEntry[INITIAL_CAPACITY];
    private int size;

    /**
     * Number of entries stored.
     *
     * @return entries with a bounded interval.
     */
    int size()
    {
        return size;
    }

    /**
     * Set an entry's interval, adding, moving or removing it as needed.
     *
     * @param entry of this coordinate.
     * @param low   lower end, inclusive.
     * @param high  upper end, inclusive; {@code low > high} is an interval every value leaves.
     */
    void update(final TriggerEntry entry, final long low, final long high)
    {
        if (low == Long.MIN_VALUE && high == Long.MAX_VALUE)
        {
            remove(entry);
            entry.low = low;
            entry.high = high;
            return;
        }
        if (!entry.indexed())
        {
            entry.low = low;
            entry.high = high;
            if (size == byHigh.length)
            {
                byHigh = Arrays.copyOf(byHigh, size * 2);
                byLow = Arrays.copyOf(byLow, size * 2);
            }
            byHigh[size] = entry;
            entry.highSlot = size;
            byLow[size] = entry;
            entry.lowSlot = size;
            size++;
            siftUpHigh(entry.highSlot);
            siftUpLow(entry.lowSlot);
            return;
        }
        final long previousLow = entry.low;
        final long previousHigh = entry.high;
        entry.low = low;
        entry.high = high;
        if (high < previousHigh)
        {
            siftUpHigh(entry.highSlot);
        }
        else if (high > previousHigh)
        {
            siftDownHigh(entry.highSlot);
        }
        if (low > previousLow)
        {
            siftUpLow(entry.lowSlot);
        }
        else if (low < previousLow)
        {
            siftDownLow(entry.lowSlot);
        }
    }

    /**
     * Remove an entry if it is stored; its interval is left as it was.
     *
     * @param entry of this coordinate.
     */
    void remove(final TriggerEntry entry)
    {
        if (!entry.indexed())
        {
            return;
        }
        removeEntry(entry);
    }

    /**
     * Take out every entry whose interval does not contain a value and add it to the candidates.
     *
     * @param value      the coordinate's new value.
     * @param candidates where the entries taken out are added, in no particular order.
     */
    void collect(final long value, final TriggerCandidates candidates)
    {
        while (size > 0 && byHigh[0].high < value)
        {
            final TriggerEntry entry = byHigh[0];
            removeEntry(entry);
            candidates.add(entry);
        }
        while (size > 0 && byLow[0].low > value)
        {
            final TriggerEntry entry = byLow[0];
            removeEntry(entry);
            candidates.add(entry);
        }
    }

    /**
     * Remove every entry (their intervals are left as they were).
     */
    void clear()
    {
        for (int i = 0; i < size; i++)
        {
            byHigh[i].highSlot = -1;
            byHigh[i] = null;
            byLow[i].lowSlot = -1;
            byLow[i] = null;
        }
        size = 0;
    }

    /**
     * Whether both heaps are consistent: every slot stored in its entry and the heap order. For tests.
     *
     * @return true if consistent.
     */
    boolean consistent()
    {
        for (int i = 0; i < size; i++)
        {
            if (byHigh[i].highSlot != i || byLow[i].lowSlot != i)
            {
                return false;
            }
            if (i > 0 && (byHigh[(i - 1) >> 1].high > byHigh[i].high || byLow[(i - 1) >> 1].low < byLow[i].low))
            {
                return false;
            }
        }
        return true;
    }

    private void removeEntry(final TriggerEntry entry)
    {
        final int last = --size;
        removeHighAt(entry.highSlot, last);
        removeLowAt(entry.lowSlot, last);
    }

    private void removeHighAt(final int slot, final int last)
    {
        byHigh[slot].highSlot = -1;
        final TriggerEntry moved = byHigh[last];
        byHigh[last] = null;
        if (slot != last)
        {
            byHigh[slot] = moved;
            moved.highSlot = slot;
            siftDownHigh(slot);
            siftUpHigh(moved.highSlot);
        }
    }

    private void removeLowAt(final int slot, final int last)
    {
        byLow[slot].lowSlot = -1;
        final TriggerEntry moved = byLow[last];
        byLow[last] = null;
        if (slot != last)
        {
            byLow[slot] = moved;
            moved.lowSlot = slot;
            siftDownLow(slot);
            siftUpLow(moved.lowSlot);
        }
    }

    private void siftUpHigh(final int start)
    {
        int slot = start;
        final TriggerEntry entry = byHigh[slot];
        while (slot > 0)
        {
            final int parent = (slot - 1) >> 1;
            final TriggerEntry p = byHigh[parent];
            if (p.high <= entry.high)
            {
                break;
            }
            byHigh[slot] = p;
            p.highSlot = slot;
            slot = parent;
        }
        byHigh[slot] = entry;
        entry.highSlot = slot;
    }

    private void siftDownHigh(final int start)
    {
        int slot = start;
        final TriggerEntry entry = byHigh[slot];
        final int n = size;
        while (true)
        {
            int child = 2 * slot + 1;
            if (child >= n)
            {
                break;
            }
            final int right = child + 1;
            if (right < n && byHigh[right].high < byHigh[child].high)
            {
                child = right;
            }
            final TriggerEntry c = byHigh[child];
            if (entry.high <= c.high)
            {
                break;
            }
            byHigh[slot] = c;
            c.highSlot = slot;
            slot = child;
        }
        byHigh[slot] = entry;
        entry.highSlot = slot;
    }

    private void siftUpLow(final int start)
    {
        int slot = start;
        final TriggerEntry entry = byLow[slot];
        while (slot > 0)
        {
            final int parent = (slot - 1) >> 1;
            final TriggerEntry p = byLow[parent];
            if (p.low >= entry.low)
            {
                break;
            }
            byLow[slot] = p;
            p.lowSlot = slot;
            slot = parent;
        }
        byLow[slot] = entry;
        entry.lowSlot = slot;
    }

    private void siftDownLow(final int start)
    {
        int slot = start;
        final TriggerEntry entry = byLow[slot];
        final int n = size;
        while (true)
        {
            int child = 2 * slot + 1;
            if (child >= n)
            {
                break;
            }
            final int right = child + 1;
            if (right < n && byLow[right].low > byLow[child].low)
            {
                child = right;
            }
            final TriggerEntry c = byLow[child];
            if (entry.low >= c.low)
            {
                break;
            }
            byLow[slot] = c;
            c.lowSlot = slot;
            slot = child;
        }
        byLow[slot] = entry;
        entry.lowSlot = slot;
    }
}
