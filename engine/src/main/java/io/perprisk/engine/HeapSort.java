package io.perprisk.engine;

/**
 * In-place heap sort of the first elements of an array by a {@code long} key, ascending. No allocation, no
 * recursion, O(n log n) whatever the input order: used on the engine thread to put the scopes a price event touched
 * into canonical account order.
 */
final class HeapSort
{
    /**
     * The sort key of an element.
     *
     * @param <T> element type.
     */
    @FunctionalInterface
    interface Key<T>
    {
        /**
         * Key of an element.
         *
         * @param element to key.
         * @return its key.
         */
        long of(T element);
    }

    private HeapSort()
    {
    }

    /**
     * Sort {@code array[0, count)} by key, ascending. Not stable; equal keys may come in any order.
     *
     * @param array to sort in place.
     * @param count number of leading elements to sort.
     * @param key   the sort key; keep it a non-capturing constant so that sorting does not allocate.
     * @param <T>   element type.
     */
    static <T> void sort(final T[] array, final int count, final Key<T> key)
    {
        for (int i = count / 2 - 1; i >= 0; i--)
        {
            siftDown(array, i, count, key);
        }
        for (int end = count - 1; end > 0; end--)
        {
            final T top = array[0];
            array[0] = array[end];
            array[end] = top;
            siftDown(array, 0, end, key);
        }
    }

    private static <T> void siftDown(final T[] heap, final int start, final int count, final Key<T> key)
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
            if (left + 1 < count && key.of(heap[left + 1]) > key.of(heap[left]))
            {
                largest = left + 1;
            }
            if (key.of(heap[largest]) <= key.of(heap[i]))
            {
                return;
            }
            final T swap = heap[i];
            heap[i] = heap[largest];
            heap[largest] = swap;
            i = largest;
        }
    }
}
