package io.perprisk.engine;

/**
 * An in-place heap sort over parallel arrays that a subclass owns: it says how two elements compare and how to swap
 * them, and gets a sort that neither allocates nor depends on anything but that order (deterministic, unlike a hash
 * order). Engine thread only.
 */
abstract class InPlaceHeapSort
{
    /**
     * Positive when the element at {@code i} goes after the element at {@code j}, 0 when they are equal in the order.
     *
     * @param i an index.
     * @param j another index.
     * @return the comparison.
     */
    abstract int compare(int i, int j);

    /**
     * Exchange the elements at two indices in every parallel array.
     *
     * @param i an index.
     * @param j another index.
     */
    abstract void swap(int i, int j);

    /**
     * Sort the first {@code count} elements ascending in the order of {@link #compare(int, int)}.
     *
     * @param count how many elements, from index 0.
     */
    final void heapSort(final int count)
    {
        for (int i = count / 2 - 1; i >= 0; i--)
        {
            siftDown(i, count);
        }
        for (int end = count - 1; end > 0; end--)
        {
            swap(0, end);
            siftDown(0, end);
        }
    }

    private void siftDown(final int start, final int count)
    {
        int i = start;
        while (true)
        {
            final int left = 2 * i + 1;
            if (left >= count)
            {
                return;
            }
            int largest = left;
            if (left + 1 < count && compare(left + 1, left) > 0)
            {
                largest = left + 1;
            }
            if (compare(largest, i) <= 0)
            {
                return;
            }
            swap(i, largest);
            i = largest;
        }
    }

    /**
     * In-place heap sort of {@code ids[0, count)} ascending, without allocation.
     *
     * @param ids   the values.
     * @param count how many, from index 0.
     */
    static void sortLongs(final long[] ids, final int count)
    {
        for (int i = count / 2 - 1; i >= 0; i--)
        {
            siftDownLongs(ids, i, count);
        }
        for (int end = count - 1; end > 0; end--)
        {
            final long top = ids[0];
            ids[0] = ids[end];
            ids[end] = top;
            siftDownLongs(ids, 0, end);
        }
    }

    private static void siftDownLongs(final long[] ids, final int start, final int count)
    {
        int i = start;
        while (true)
        {
            final int left = 2 * i + 1;
            if (left >= count)
            {
                return;
            }
            int largest = left;
            if (left + 1 < count && ids[left + 1] > ids[left])
            {
                largest = left + 1;
            }
            if (ids[largest] <= ids[i])
            {
                return;
            }
            final long swap = ids[i];
            ids[i] = ids[largest];
            ids[largest] = swap;
            i = largest;
        }
    }
}
