package io.perprisk.engine;

/**
 * A list of margin scopes: an account's cross scope (position {@code null}) or one isolated position. Grows only
 * past its high-water mark; sorts in place into canonical order (account id ascending, the cross scope first, then
 * isolated positions by instrument id) without allocating. Engine thread only.
 */
final class ScopeList extends InPlaceHeapSort
{
    private Account[] accounts;
    private Position[] positions;
    private int size;

    ScopeList(final int capacity)
    {
        accounts = new Account[capacity];
        positions = new Position[capacity];
    }

    int size()
    {
        return size;
    }

    Account account(final int index)
    {
        return accounts[index];
    }

    /**
     * The isolated position of a scope, {@code null} for a cross scope.
     */
    Position position(final int index)
    {
        return positions[index];
    }

    void add(final Account account, final Position isolated)
    {
        if (size == accounts.length)
        {
            accounts = java.util.Arrays.copyOf(accounts, size * 2);
            positions = java.util.Arrays.copyOf(positions, size * 2);
        }
        accounts[size] = account;
        positions[size] = isolated;
        size++;
    }

    /**
     * Remove the scope at an index by moving the last one into its place.
     */
    void swapRemove(final int index)
    {
        size--;
        accounts[index] = accounts[size];
        positions[index] = positions[size];
        accounts[size] = null;
        positions[size] = null;
    }

    /**
     * Copy the scope at one index over another.
     */
    void move(final int from, final int to)
    {
        accounts[to] = accounts[from];
        positions[to] = positions[from];
    }

    void truncate(final int newSize)
    {
        for (int i = newSize; i < size; i++)
        {
            accounts[i] = null;
            positions[i] = null;
        }
        size = newSize;
    }

    void clear()
    {
        truncate(0);
    }

    /**
     * Sort into canonical order and drop duplicates.
     */
    void sortUnique()
    {
        heapSort(size);
        int kept = 0;
        for (int i = 0; i < size; i++)
        {
            if (kept == 0 || compare(kept - 1, i) != 0)
            {
                accounts[kept] = accounts[i];
                positions[kept] = positions[i];
                kept++;
            }
        }
        truncate(kept);
    }

    int compare(final int i, final int j)
    {
        final int byAccount = Long.compare(accounts[i].id, accounts[j].id);
        if (byAccount != 0)
        {
            return byAccount;
        }
        return Long.compare(instrumentKey(positions[i]), instrumentKey(positions[j]));
    }

    /**
     * The order of the scope at an index against another scope: positive when it goes after it.
     */
    int compareWith(final int index, final Account account, final Position isolated)
    {
        final int byAccount = Long.compare(accounts[index].id, account.id);
        if (byAccount != 0)
        {
            return byAccount;
        }
        return Long.compare(instrumentKey(positions[index]), instrumentKey(isolated));
    }

    private static long instrumentKey(final Position isolated)
    {
        return isolated == null ? Long.MIN_VALUE : isolated.instrument.id;
    }

    void swap(final int i, final int j)
    {
        final Account account = accounts[i];
        accounts[i] = accounts[j];
        accounts[j] = account;
        final Position position = positions[i];
        positions[i] = positions[j];
        positions[j] = position;
    }
}
