package io.perprisk.gateway.engine;

import org.agrona.DirectBuffer;

/**
 * What the engine stage needs from the journal: write-ahead append of each sequenced inbound event, application to
 * the engine, commit of its outbound messages, and a source from which egress reads the outbound messages.
 * <p>
 * This is the one seam between the gateway and the journal module: the service builds an implementation through
 * {@link EngineJournalFactory}, so swapping the journal is a one-class change.
 * <p>
 * {@link #onEvent}, {@link #snapshot()} and {@link #close()} are called on the engine stage thread only;
 * {@link #newOutboundSource(long)} may be called from any thread and its source is read by one other thread.
 */
public interface EngineJournal extends AutoCloseable
{
    /**
     * Restore state from the newest snapshot and the inbound journal. Called once, before the first event.
     *
     * @return sequence number of the last event journaled, 0 if the journal is empty.
     */
    long recover();

    /**
     * Append one sequenced inbound event to the inbound journal, apply it to the engine, and commit the outbound
     * messages it caused to the outbound journal.
     *
     * @param seq              sequence number, one more than the last.
     * @param receiveTimeNanos wall-clock receive time, nanoseconds since the epoch.
     * @param buffer           holding the SBE message, header first.
     * @param offset           at which the message starts.
     * @param length           of the message in bytes.
     */
    void onEvent(long seq, long receiveTimeNanos, DirectBuffer buffer, int offset, int length);

    /**
     * Sequence number of the last event whose outputs are committed to the outbound journal, 0 if none; events
     * without outputs do not move it. Engine stage thread.
     *
     * @return the last committed outbound sequence number.
     */
    long outboundLastSeq();

    /**
     * Sequence number of the first event whose outputs egress should publish after {@link #recover()}: by default one
     * past the last event whose outputs were recorded before this start, so outputs recorded during recovery are
     * published too. Call before {@link #recover()}.
     *
     * @return the first sequence number to publish.
     */
    long firstUnpublishedSeq();

    /**
     * A reader of the outbound journal from a sequence number onward.
     *
     * @param fromSeq deliver only outputs of events with this sequence number or greater; 1 for everything.
     * @return a new source, owned and closed by the caller.
     */
    OutboundSource newOutboundSource(long fromSeq);

    /**
     * Write a snapshot of the engine state so a restart starts near the end. Cold path.
     */
    void snapshot();

    /**
     * Digest of the engine state, see {@code RiskEngine.digest()}. Cold path.
     *
     * @return the state digest.
     */
    String digest();

    /**
     * Flush and release the journals.
     */
    void close();
}
