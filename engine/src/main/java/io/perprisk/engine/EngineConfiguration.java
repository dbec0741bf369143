package io.perprisk.engine;

/**
 * Configuration of a {@link RiskEngine}: capacities and margin-call levels. Fluent setters; call {@link #conclude()}
 * once before use. Defaults are sized for a laptop; production sizing is 1,000,000 accounts and 200 instruments.
 */
public final class EngineConfiguration
{
    /**
     * Default maximum number of accounts.
     */
    public static final int MAX_ACCOUNTS_DEFAULT = 1_000_000;

    /**
     * Default maximum number of instruments.
     */
    public static final int MAX_INSTRUMENTS_DEFAULT = 200;

    /**
     * Default maximum number of collateral assets.
     */
    public static final int MAX_ASSETS_DEFAULT = 64;

    /**
     * Default margin-call levels, raw ratios (value times 10^8): 0.8 and 0.9.
     */
    private static final long[] MARGIN_CALL_LEVELS_DEFAULT = { 80_000_000L, 90_000_000L };

    /**
     * Default margin-call hysteresis, raw ratio: 0.05.
     */
    public static final long MARGIN_CALL_HYSTERESIS_DEFAULT = 5_000_000L;

    private int maxAccounts = MAX_ACCOUNTS_DEFAULT;
    private int maxInstruments = MAX_INSTRUMENTS_DEFAULT;
    private int maxAssets = MAX_ASSETS_DEFAULT;
    private long[] marginCallLevels = MARGIN_CALL_LEVELS_DEFAULT.clone();
    private long marginCallHysteresis = MARGIN_CALL_HYSTERESIS_DEFAULT;
    private boolean triggerIndex = true;
    private boolean concluded;

    /**
     * Maximum number of accounts; {@code AccountOpen} beyond it is rejected with {@code CAPACITY_EXCEEDED}.
     *
     * @param maxAccounts to allow, at least 1.
     * @return this for a fluent API.
     */
    public EngineConfiguration maxAccounts(final int maxAccounts)
    {
        this.maxAccounts = maxAccounts;
        return this;
    }

    /**
     * Maximum number of accounts.
     *
     * @return the maximum number of accounts.
     */
    public int maxAccounts()
    {
        return maxAccounts;
    }

    /**
     * Maximum number of instruments.
     *
     * @param maxInstruments to allow, at least 1.
     * @return this for a fluent API.
     */
    public EngineConfiguration maxInstruments(final int maxInstruments)
    {
        this.maxInstruments = maxInstruments;
        return this;
    }

    /**
     * Maximum number of instruments.
     *
     * @return the maximum number of instruments.
     */
    public int maxInstruments()
    {
        return maxInstruments;
    }

    /**
     * Maximum number of collateral assets.
     *
     * @param maxAssets to allow, at least 1.
     * @return this for a fluent API.
     */
    public EngineConfiguration maxAssets(final int maxAssets)
    {
        this.maxAssets = maxAssets;
        return this;
    }

    /**
     * Maximum number of collateral assets.
     *
     * @return the maximum number of collateral assets.
     */
    public int maxAssets()
    {
        return maxAssets;
    }

    /**
     * Margin-call levels as raw ratios (value times 10^8), strictly increasing, each in (0, 10^8].
     *
     * @param levels the levels; copied.
     * @return this for a fluent API.
     */
    public EngineConfiguration marginCallLevels(final long... levels)
    {
        this.marginCallLevels = levels.clone();
        return this;
    }

    /**
     * Margin-call levels as raw ratios.
     *
     * @return a copy of the levels.
     */
    public long[] marginCallLevels()
    {
        return marginCallLevels.clone();
    }

    /**
     * Hysteresis below a level, raw ratio, before a margin call re-arms.
     *
     * @param hysteresis raw ratio, 0 or more.
     * @return this for a fluent API.
     */
    public EngineConfiguration marginCallHysteresis(final long hysteresis)
    {
        this.marginCallHysteresis = hysteresis;
        return this;
    }

    /**
     * Hysteresis below a level, raw ratio.
     *
     * @return the hysteresis.
     */
    public long marginCallHysteresis()
    {
        return marginCallHysteresis;
    }

    /**
     * Whether price events visit only the scopes whose trigger interval the new price leaves (the liquidation-trigger
     * index, docs/engine.md "Evaluation") rather than every holder of the instrument or asset. Both give the same
     * outputs; the full scan is kept as the baseline for benchmarks and equivalence tests.
     *
     * @param triggerIndex true (the default) for the index, false for the full holder scan.
     * @return this for a fluent API.
     */
    public EngineConfiguration triggerIndex(final boolean triggerIndex)
    {
        this.triggerIndex = triggerIndex;
        return this;
    }

    /**
     * Whether price events use the liquidation-trigger index.
     *
     * @return true for the index, false for the full holder scan.
     */
    public boolean triggerIndex()
    {
        return triggerIndex;
    }

    /**
     * Validate the configuration. Idempotent.
     *
     * @return this for a fluent API.
     * @throws IllegalStateException naming the first invalid setting.
     */
    public EngineConfiguration conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (maxAccounts < 1 || maxInstruments < 1 || maxAssets < 1)
        {
            throw new IllegalStateException("maxAccounts, maxInstruments and maxAssets must be at least 1");
        }
        long previous = 0;
        for (final long level : marginCallLevels)
        {
            if (level <= previous || level > 100_000_000L)
            {
                throw new IllegalStateException("margin-call levels must increase within (0, 1]: " + level);
            }
            previous = level;
        }
        if (marginCallHysteresis < 0)
        {
            throw new IllegalStateException("margin-call hysteresis must not be negative");
        }
        concluded = true;
        return this;
    }
}
