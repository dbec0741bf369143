package io.perprisk.journal;

/**
 * The first place where a replay did not reproduce the journal: the inbound seq, what differs, and the expected
 * (recorded) and actual (replayed) message bytes when a message differs.
 */
public final class Divergence
{
    private final long seq;
    private final int messageIndex;
    private final String description;
    private final byte[] expected;
    private final byte[] actual;

    Divergence(
        final long seq, final int messageIndex, final String description, final byte[] expected, final byte[] actual)
    {
        this.seq = seq;
        this.messageIndex = messageIndex;
        this.description = description;
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * Sequence number of the inbound event whose outputs or resulting state differ.
     *
     * @return the sequence number.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * Index of the first differing message among the event's outputs, -1 when no message is involved (a digest).
     *
     * @return the message index or -1.
     */
    public int messageIndex()
    {
        return messageIndex;
    }

    /**
     * What differs, in words.
     *
     * @return the description.
     */
    public String description()
    {
        return description;
    }

    /**
     * The recorded message, or null if none was recorded at that position.
     *
     * @return the expected SBE bytes or null.
     */
    public byte[] expected()
    {
        return null == expected ? null : expected.clone();
    }

    /**
     * The replayed message, or null if the replay produced none at that position.
     *
     * @return the actual SBE bytes or null.
     */
    public byte[] actual()
    {
        return null == actual ? null : actual.clone();
    }
}
