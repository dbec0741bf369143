package io.perprisk.journal;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * Holds at most one outbound journal record read ahead of the inbound event being processed, so a tool walking the
 * inbound journal (replay, dump) can match each event with the outputs and digests recorded for it.
 * <p>
 * {@link #fill()} reads the next record if none is held; the caller inspects it and {@link #consume()}s it once
 * matched. A held record is either the outputs of one event ({@link #isDigest()} false: {@link #count()} messages in
 * {@link #document()}, each prefixed by its int length) or a recorded state digest. Cold path; one thread.
 */
public final class OutboundLookahead
{
    private final OutboundTailer tailer;
    private final ExpandableDirectByteBuffer document = new ExpandableDirectByteBuffer(64 * 1024);
    private final OutboundRecordHandler reader = new OutboundRecordHandler()
    {
        public void onEventOutputs(
            final long seq, final int count, final DirectBuffer buffer, final int offset, final int length,
            final long index)
        {
            hold(seq, false);
            OutboundLookahead.this.count = count;
            OutboundLookahead.this.length = length;
            document.putBytes(0, buffer, offset, length);
        }

        public void onStateDigest(final long seq, final String digest, final long index)
        {
            hold(seq, true);
            OutboundLookahead.this.digest = digest;
        }
    };

    private boolean held;
    private boolean isDigest;
    private long seq;
    private int count;
    private int length;
    private String digest;

    /**
     * Look ahead on a tailer, already positioned where the walk starts.
     *
     * @param tailer to read records from.
     */
    public OutboundLookahead(final OutboundTailer tailer)
    {
        this.tailer = tailer;
    }

    /**
     * Read the next record unless one is held.
     *
     * @return true if a record is held afterwards.
     * @throws JournalCorruptedException if the record is damaged.
     */
    public boolean fill()
    {
        if (!held)
        {
            tailer.pollRecord(reader);
        }
        return held;
    }

    /**
     * Drop the held record, so the next {@link #fill()} reads another.
     */
    public void consume()
    {
        held = false;
    }

    /**
     * Whether a record is held.
     *
     * @return true if a record is held.
     */
    public boolean held()
    {
        return held;
    }

    /**
     * Whether the held record is a state digest rather than an event's outputs.
     *
     * @return true for a digest.
     */
    public boolean isDigest()
    {
        return isDigest;
    }

    /**
     * Sequence number of the held record: the event whose outputs it holds, or after which the digest was taken.
     *
     * @return the sequence number.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * Number of messages in the held outputs.
     *
     * @return the message count.
     */
    public int count()
    {
        return count;
    }

    /**
     * Length in bytes of the held outputs document.
     *
     * @return the document length.
     */
    public int length()
    {
        return length;
    }

    /**
     * The held outputs: each message prefixed by its int length; valid until the next {@link #fill()}.
     *
     * @return the document buffer, from offset 0.
     */
    public DirectBuffer document()
    {
        return document;
    }

    /**
     * The held digest.
     *
     * @return the digest as hex.
     */
    public String digest()
    {
        return digest;
    }

    /**
     * What the held record is, for messages: "a state digest" or "outputs".
     *
     * @return a description of the held record's kind.
     */
    public String kind()
    {
        return isDigest ? "a state digest" : "outputs";
    }

    private void hold(final long seq, final boolean isDigest)
    {
        this.held = true;
        this.isDigest = isDigest;
        this.seq = seq;
    }
}
