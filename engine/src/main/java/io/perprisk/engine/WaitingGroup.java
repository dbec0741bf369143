package io.perprisk.engine;

/**
 * The scopes of one instrument and side that wait for an auto-deleveraging counterparty (docs/engine.md, "Waiting
 * scopes"), and what is known about that side's ranking: {@code emptyKnown} says that no opposite position is a
 * candidate (positive PnL, scope not in liquidation) at any mark on the far side of {@code bound} (at or above it when
 * the waiting positions are long, so the candidates are shorts; at or below it otherwise). A short's PnL falls as the
 * mark rises and a long's rises, so an empty ranking at one mark is empty at every mark beyond it. Engine thread only.
 */
final class WaitingGroup
{
    /**
     * True when the waiting positions are long (their counterparties are shorts).
     */
    final boolean longs;
    final ScopeList parked = new ScopeList(8);
    private boolean emptyKnown;
    private long bound;

    WaitingGroup(final boolean longs)
    {
        this.longs = longs;
    }

    /**
     * Whether the ranking is known to be empty at a mark.
     *
     * @param mark the instrument's mark.
     * @return true when no opposite position can be a candidate.
     */
    boolean knownEmptyAt(final long mark)
    {
        return emptyKnown && (longs ? mark >= bound : mark <= bound);
    }

    /**
     * A full ranking at a mark found no candidate and skipped nothing for overflow.
     *
     * @param mark the instrument's mark.
     */
    void recordEmpty(final long mark)
    {
        if (!emptyKnown)
        {
            emptyKnown = true;
            bound = mark;
        }
        else
        {
            bound = longs ? Math.min(bound, mark) : Math.max(bound, mark);
        }
    }

    /**
     * One opposite position changed and has no profit at this mark: the ranking stays empty beyond both.
     *
     * @param mark the instrument's mark.
     */
    void narrowTo(final long mark)
    {
        bound = longs ? Math.max(bound, mark) : Math.min(bound, mark);
    }

    boolean emptyKnown()
    {
        return emptyKnown;
    }

    void forget()
    {
        emptyKnown = false;
    }
}
