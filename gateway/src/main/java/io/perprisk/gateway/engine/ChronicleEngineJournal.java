package io.perprisk.gateway.engine;

import io.perprisk.engine.OutboundHandler;
import io.perprisk.journal.EngineFactory;
import io.perprisk.journal.JournaledEngine;
import io.perprisk.journal.OutboundTailer;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * The durable {@link EngineJournal}: the journal module's {@link JournaledEngine} (Chronicle Queue inbound and
 * outbound journals, snapshots, exactly-once recovery) over the engine, and {@link OutboundTailer}s for egress.
 * The engine answers the reject records ingress journals for refused frames itself (see {@code RiskEngine}), so the
 * journal replays through the bare engine.
 */
public final class ChronicleEngineJournal implements EngineJournal
{
    private final Path journalDir;
    private final JournaledEngine journaledEngine;
    private final long firstUnpublishedSeq;

    /**
     * Open the journals of a directory (created if needed). Call {@link #recover()} next.
     *
     * @param journalDir             the journal directory.
     * @param engineFactory          to create the engine, for recovery as well.
     * @param observer               receives every recorded outbound message.
     * @param snapshotIntervalEvents events between periodic snapshots.
     */
    public ChronicleEngineJournal(
        final Path journalDir,
        final EngineFactory engineFactory,
        final OutboundHandler observer,
        final long snapshotIntervalEvents)
    {
        this(journalDir, engineFactory, observer, snapshotIntervalEvents, 0);
    }

    /**
     * Open the journals of a directory (created if needed), with a journal pretoucher. Call {@link #recover()} next.
     *
     * @param journalDir             the journal directory.
     * @param engineFactory          to create the engine, for recovery as well.
     * @param observer               receives every recorded outbound message.
     * @param snapshotIntervalEvents events between periodic snapshots.
     * @param pretouchAheadBytes     bytes kept mapped and faulted in ahead of the appenders; 0 = no pretoucher.
     */
    public ChronicleEngineJournal(
        final Path journalDir,
        final EngineFactory engineFactory,
        final OutboundHandler observer,
        final long snapshotIntervalEvents,
        final long pretouchAheadBytes)
    {
        this.journalDir = journalDir;
        this.journaledEngine = new JournaledEngine(new JournaledEngine.Context()
            .journalDir(journalDir)
            .engineFactory(engineFactory)
            .outboundListener(observer)
            .snapshotIntervalEvents(snapshotIntervalEvents)
            .pretouchAheadBytes(pretouchAheadBytes));
        this.firstUnpublishedSeq = journaledEngine.outboundJournal().lastCommittedSeq() + 1;
    }

    /**
     * A factory for a journal directory.
     *
     * @param journalDir             the journal directory.
     * @param engineFactory          to create the engine.
     * @param snapshotIntervalEvents events between periodic snapshots.
     * @return the factory.
     */
    public static EngineJournalFactory factory(
        final Path journalDir, final EngineFactory engineFactory, final long snapshotIntervalEvents)
    {
        return (observer) -> new ChronicleEngineJournal(journalDir, engineFactory, observer, snapshotIntervalEvents);
    }

    /**
     * A factory for a journal directory, with a journal pretoucher.
     *
     * @param journalDir             the journal directory.
     * @param engineFactory          to create the engine.
     * @param snapshotIntervalEvents events between periodic snapshots.
     * @param pretouchAheadBytes     bytes kept mapped and faulted in ahead of the appenders; 0 = no pretoucher.
     * @return the factory.
     */
    public static EngineJournalFactory factory(
        final Path journalDir,
        final EngineFactory engineFactory,
        final long snapshotIntervalEvents,
        final long pretouchAheadBytes)
    {
        return (observer) ->
            new ChronicleEngineJournal(journalDir, engineFactory, observer, snapshotIntervalEvents, pretouchAheadBytes);
    }

    /**
     * {@inheritDoc}
     */
    public long recover()
    {
        final long lastApplied = journaledEngine.recover();
        return Math.max(lastApplied, journaledEngine.inboundJournal().lastSeq());
    }

    /**
     * {@inheritDoc}
     */
    public void onEvent(
        final long seq, final long receiveTimeNanos, final DirectBuffer buffer, final int offset, final int length)
    {
        journaledEngine.onEvent(seq, receiveTimeNanos, buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public long outboundLastSeq()
    {
        return journaledEngine.outboundJournal().lastCommittedSeq();
    }

    /**
     * {@inheritDoc}
     */
    public long firstUnpublishedSeq()
    {
        return firstUnpublishedSeq;
    }

    /**
     * {@inheritDoc}
     */
    public OutboundSource newOutboundSource(final long fromSeq)
    {
        final OutboundTailer tailer = OutboundTailer.open(journalDir).fromSeq(fromSeq);
        return new TailerSource(tailer);
    }

    /**
     * {@inheritDoc}
     */
    public void snapshot()
    {
        journaledEngine.snapshot();
    }

    /**
     * {@inheritDoc}
     */
    public String digest()
    {
        return journaledEngine.engine().digest();
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        journaledEngine.close();
    }

    private static final class TailerSource implements OutboundSource
    {
        private final OutboundTailer tailer;

        TailerSource(final OutboundTailer tailer)
        {
            this.tailer = tailer;
        }

        /**
         * {@inheritDoc}
         */
        public int poll(final OutboundHandler handler, final int limit)
        {
            return tailer.poll(handler, limit);
        }

        /**
         * {@inheritDoc}
         */
        public void close()
        {
            tailer.close();
        }
    }
}
