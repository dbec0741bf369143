package io.perprisk.engine;

/**
 * Margin calls (MARGIN.md §7, docs/arithmetic.md §9): the single place where a scope's margin ratio meets the
 * configured levels. A level fires (a {@code MarginCall}, then it is disarmed) when the ratio is at or above it, and
 * re-arms when the ratio falls below it by the hysteresis; a scope with no maintenance margin re-arms every level.
 * Engine thread only.
 */
final class MarginCalls
{
    private static final long NULL_VALUE = PerpRiskEngine.NULL_VALUE;

    private final long[] levels;
    private final long hysteresis;
    private final MarginCalculator calculator;
    private final OutboundPublisher publisher;
    private int probeMask;

    MarginCalls(
        final long[] levels,
        final long hysteresis,
        final MarginCalculator calculator,
        final OutboundPublisher publisher)
    {
        this.levels = levels;
        this.hysteresis = hysteresis;
        this.calculator = calculator;
        this.publisher = publisher;
    }

    /**
     * Re-arming of one scope without changing it: leaves the re-armed mask in {@link #probeMask()} and reports
     * whether any armed level would fire.
     */
    boolean probe(final int disarmedBefore, final long maintenance, final long marginBalance)
    {
        int disarmed = disarmedBefore;
        boolean fires = false;
        if (maintenance == 0)
        {
            disarmed = 0;
        }
        else
        {
            final long ratio = calculator.marginRatio(maintenance, marginBalance);
            for (int i = 0; i < levels.length; i++)
            {
                final int bit = 1 << i;
                if ((disarmed & bit) == 0)
                {
                    fires |= ratio == NULL_VALUE || ratio >= levels[i];
                }
                else if (ratio != NULL_VALUE && ratio < levels[i] - hysteresis)
                {
                    disarmed &= ~bit;
                }
            }
        }
        probeMask = disarmed;
        return fires;
    }

    /**
     * The re-armed mask of the last {@link #probe}.
     */
    int probeMask()
    {
        return probeMask;
    }

    /**
     * Re-arms one scope (cross when isolated is null), and fires (emits and disarms) every armed level its ratio is at
     * or above.
     */
    void evaluate(final Account account, final Position isolated, final long maintenance, final long marginBalance)
    {
        int disarmed = isolated == null ? account.crossDisarmed : isolated.disarmed;
        if (maintenance == 0)
        {
            disarmed = 0;
        }
        else
        {
            final long ratio = calculator.marginRatio(maintenance, marginBalance);
            for (int i = 0; i < levels.length; i++)
            {
                final int bit = 1 << i;
                final long level = levels[i];
                if ((disarmed & bit) == 0)
                {
                    if (ratio == NULL_VALUE || ratio >= level)
                    {
                        disarmed |= bit;
                        publisher.marginCall(account, isolated, ratio, level);
                    }
                }
                else if (ratio != NULL_VALUE && ratio < level - hysteresis)
                {
                    disarmed &= ~bit;
                }
            }
        }
        if (isolated == null)
        {
            account.crossDisarmed = disarmed;
        }
        else
        {
            isolated.disarmed = disarmed;
        }
    }
}
