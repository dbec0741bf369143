package io.perprisk.engine;

/**
 * The auto-deleveraging candidates of one step: positions with their score, sorted in place by score descending,
 * then account id ascending (docs/arithmetic.md §10.6). Grows only past its high-water mark. Engine thread only.
 */
final class AdlRanking extends InPlaceHeapSort
{
    private Position[] positions = new Position[1024];
    private long[] scores = new long[1024];
    private int size;

    int size()
    {
        return size;
    }

    Position position(final int index)
    {
        return positions[index];
    }

    void add(final Position position, final long score)
    {
        if (size == positions.length)
        {
            positions = java.util.Arrays.copyOf(positions, size * 2);
            scores = java.util.Arrays.copyOf(scores, size * 2);
        }
        positions[size] = position;
        scores[size] = score;
        size++;
    }

    void clear()
    {
        java.util.Arrays.fill(positions, 0, size, null);
        size = 0;
    }

    /**
     * Sort into rank order: highest score first, ties by account id ascending.
     */
    void sort()
    {
        heapSort(size);
    }

    /**
     * Positive when the element at i ranks after the element at j.
     */
    int compare(final int i, final int j)
    {
        final int byScore = Long.compare(scores[j], scores[i]);
        if (byScore != 0)
        {
            return byScore;
        }
        return Long.compare(positions[i].account.id, positions[j].account.id);
    }

    void swap(final int i, final int j)
    {
        final Position position = positions[i];
        positions[i] = positions[j];
        positions[j] = position;
        final long score = scores[i];
        scores[i] = scores[j];
        scores[j] = score;
    }
}
