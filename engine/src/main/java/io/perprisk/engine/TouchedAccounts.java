package io.perprisk.engine;

import java.util.Arrays;

/**
 * Tracks the accounts an evaluation pass touched (docs/arithmetic.md §11): a liquidation action on an account
 * touches it, its other scopes are skipped for the rest of the pass, and the next pass holds every scope of the
 * touched accounts. A touched account is re-indexed at the end of the event. Engine thread only.
 */
final class TouchedAccounts
{
    private final TriggerMaintenance triggers;
    private Account[] touched = new Account[1024];
    private int count;
    private long passNumber;

    TouchedAccounts(final TriggerMaintenance triggers)
    {
        this.triggers = triggers;
    }

    /**
     * Start a pass: nothing touched yet.
     *
     * @return the pass number.
     */
    long beginPass()
    {
        count = 0;
        return ++passNumber;
    }

    void touch(final Account account)
    {
        triggers.markStale(account);
        if (account.touchedInPass != passNumber)
        {
            account.touchedInPass = passNumber;
            if (count == touched.length)
            {
                touched = Arrays.copyOf(touched, count * 2);
            }
            touched[count++] = account;
        }
    }

    int count()
    {
        return count;
    }

    /**
     * The i-th account touched in this pass, forgotten by this call.
     */
    Account take(final int index)
    {
        final Account account = touched[index];
        touched[index] = null;
        return account;
    }
}
