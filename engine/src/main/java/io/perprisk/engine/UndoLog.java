package io.perprisk.engine;

/**
 * The one "compute, check, commit or undo" mechanism of the engine (docs/engine.md "Arithmetic"): a handler that
 * changes the state tentatively saves what it is about to change here ({@link #savePosition} for a position and its
 * account's settlement wallet, {@link #saveBalance} for one balance), applies the change, and then keeps it
 * ({@link #commit}) or restores every saved value in reverse order ({@link #undo}) when a result does not fit.
 * {@link #fitsOrUndo} is the usual check: everything the account's outputs and evaluation need must fit in a long.
 * Holds at most two positions and two balances (a trade's two sides). Reused; engine thread only.
 */
final class UndoLog
{
    private static final int CAPACITY = 2;

    private final EngineState state;
    private final MarginCalculator calculator;
    private final SavedPosition[] positions = { new SavedPosition(), new SavedPosition() };
    private final Account[] balanceAccounts = new Account[CAPACITY];
    private final Asset[] balanceAssets = new Asset[CAPACITY];
    private final long[] balances = new long[CAPACITY];
    private int positionCount;
    private int balanceCount;

    UndoLog(final EngineState state, final MarginCalculator calculator)
    {
        this.state = state;
        this.calculator = calculator;
    }

    /**
     * Remember a position's values and its account's settlement wallet.
     */
    void savePosition(final Position position)
    {
        positions[positionCount++].save(position, position.account.balance(state.settleAssetId));
    }

    /**
     * Remember one balance of an account (0 when it has no slot yet; an undo leaves the slot).
     */
    void saveBalance(final Account account, final Asset asset)
    {
        balanceAccounts[balanceCount] = account;
        balanceAssets[balanceCount] = asset;
        balances[balanceCount] = account.balance(asset.id);
        balanceCount++;
    }

    /**
     * Whether everything an account's outputs and evaluation need fits ({@link MarginCalculator#accountFits}); if not,
     * undoes every saved change. On success the changes stay tentative until {@link #commit()}.
     */
    boolean fitsOrUndo(final Account account)
    {
        if (calculator.accountFits(account))
        {
            return true;
        }
        undo();
        return false;
    }

    /**
     * Keep the changes.
     */
    void commit()
    {
        for (int i = 0; i < positionCount; i++)
        {
            positions[i].forget();
        }
        for (int i = 0; i < balanceCount; i++)
        {
            balanceAccounts[i] = null;
            balanceAssets[i] = null;
        }
        positionCount = 0;
        balanceCount = 0;
    }

    /**
     * Restore every saved value, the latest first, and forget them.
     */
    void undo()
    {
        for (int i = balanceCount - 1; i >= 0; i--)
        {
            state.setBalance(balanceAccounts[i], balanceAssets[i], balances[i]);
            balanceAccounts[i] = null;
            balanceAssets[i] = null;
        }
        for (int i = positionCount - 1; i >= 0; i--)
        {
            positions[i].restore(state);
        }
        positionCount = 0;
        balanceCount = 0;
    }
}
