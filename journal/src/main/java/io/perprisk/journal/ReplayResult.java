package io.perprisk.journal;

/**
 * Outcome of a verifying replay. Either {@link #divergence()} is null and every recorded output and digest was
 * reproduced, or it names the first difference.
 */
public final class ReplayResult
{
    private final long startSnapshotSeq;
    private final long events;
    private final long firstSeq;
    private final long lastSeq;
    private final long outputDocuments;
    private final long messages;
    private final long digestsChecked;
    private final long lastRecordedDigestSeq;
    private final String digest;
    private final long accounts;
    private final long liquidations;
    private final long nanos;
    private final Divergence divergence;

    ReplayResult(
        final long startSnapshotSeq,
        final long events,
        final long firstSeq,
        final long lastSeq,
        final long outputDocuments,
        final long messages,
        final long digestsChecked,
        final long lastRecordedDigestSeq,
        final String digest,
        final long accounts,
        final long liquidations,
        final long nanos,
        final Divergence divergence)
    {
        this.startSnapshotSeq = startSnapshotSeq;
        this.events = events;
        this.firstSeq = firstSeq;
        this.lastSeq = lastSeq;
        this.outputDocuments = outputDocuments;
        this.messages = messages;
        this.digestsChecked = digestsChecked;
        this.lastRecordedDigestSeq = lastRecordedDigestSeq;
        this.digest = digest;
        this.accounts = accounts;
        this.liquidations = liquidations;
        this.nanos = nanos;
        this.divergence = divergence;
    }

    /**
     * Sequence number of the snapshot the replay started from, 0 when it started from an empty engine.
     *
     * @return the snapshot sequence number.
     */
    public long startSnapshotSeq()
    {
        return startSnapshotSeq;
    }

    /**
     * Inbound events replayed.
     *
     * @return events replayed.
     */
    public long events()
    {
        return events;
    }

    /**
     * First sequence number replayed, 0 if none.
     *
     * @return the first sequence number.
     */
    public long firstSeq()
    {
        return firstSeq;
    }

    /**
     * Last sequence number replayed (the engine's last applied seq at the end).
     *
     * @return the last sequence number.
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * Recorded outbound documents (events with outputs) checked byte for byte.
     *
     * @return documents checked.
     */
    public long outputDocuments()
    {
        return outputDocuments;
    }

    /**
     * Outbound messages produced by the replay and found identical to the recorded ones.
     *
     * @return messages checked.
     */
    public long messages()
    {
        return messages;
    }

    /**
     * Recorded state digests compared with the replaying engine's digest.
     *
     * @return digests checked.
     */
    public long digestsChecked()
    {
        return digestsChecked;
    }

    /**
     * Sequence number of the last recorded digest that was checked, 0 if none.
     *
     * @return the sequence number of the last digest checked.
     */
    public long lastRecordedDigestSeq()
    {
        return lastRecordedDigestSeq;
    }

    /**
     * Whether a digest recorded at the last replayed seq (written at close) was checked: the final state is then
     * proven equal to the recorded one.
     *
     * @return true if the final digest was recorded and matched.
     */
    public boolean finalDigestVerified()
    {
        return null == divergence && lastRecordedDigestSeq == lastSeq && lastSeq > 0;
    }

    /**
     * The replaying engine's digest at the end.
     *
     * @return the final digest.
     */
    public String digest()
    {
        return digest;
    }

    /**
     * Open accounts at the end, from the engine counters.
     *
     * @return accounts.
     */
    public long accounts()
    {
        return accounts;
    }

    /**
     * Liquidations started, from the engine counters (replayed events only when starting from a snapshot that
     * carries counters, all events otherwise).
     *
     * @return liquidations started.
     */
    public long liquidations()
    {
        return liquidations;
    }

    /**
     * Wall-clock time of the replay loop in nanoseconds.
     *
     * @return elapsed nanoseconds.
     */
    public long nanos()
    {
        return nanos;
    }

    /**
     * Replay speed.
     *
     * @return events per second.
     */
    public long eventsPerSecond()
    {
        return nanos <= 0 ? 0 : (long) (events * 1_000_000_000.0 / nanos);
    }

    /**
     * The first divergence, or null if the replay reproduced the journal.
     *
     * @return the divergence or null.
     */
    public Divergence divergence()
    {
        return divergence;
    }
}
