package io.perprisk.journal;

import java.io.PrintStream;
import java.nio.file.Path;

import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * A {@link RiskEngine} with its inbound journal, outbound journal and snapshot store: the unit the gateway's engine
 * stage runs.
 * <p>
 * {@link #onEvent(long, long, DirectBuffer, int, int)} appends the event to the inbound journal (write-ahead),
 * applies it, then records all its outbound messages as one outbound document. Every
 * {@link Context#snapshotIntervalEvents(long) } events, and on {@link #close()}, it encodes the engine state on the
 * calling thread, records the state digest in the outbound journal, and hands the bytes to the snapshot writer
 * thread, which writes the file atomically.
 * <p>
 * {@link #recover()} must be called once before the first event: it loads the newest usable snapshot and re-applies
 * the inbound journal after it, suppressing the outputs of events whose outputs are already recorded, so every
 * event's outputs are recorded exactly once however the previous process ended.
 * <p>
 * Not thread safe: {@link #recover()}, {@link #onEvent(long, long, DirectBuffer, int, int)}, {@link #snapshot()}
 * and {@link #close()} are called on the engine thread. {@code onEvent} does not allocate except when a snapshot is
 * due.
 */
public final class JournaledEngine implements AutoCloseable
{
    private final Context context;
    private final InboundJournal inbound;
    private final OutboundJournal outbound;
    private final SnapshotStore snapshots;
    private final JournalPretoucher pretoucher;
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(64 * 1024);
    private RiskEngine engine;
    private boolean recovered;
    private boolean closed;
    private long eventsSinceSnapshot;
    private long lastSnapshotSeq;
    private long recoveredEvents;
    private long recoveredSnapshotSeq;
    private long snapshotFailures;
    private long lastInboundIndex = -1;
    private boolean recoveredByIndex;

    /**
     * Open the journals of a journal directory. Call {@link #recover()} next.
     *
     * @param context configuration; concluded by this constructor.
     */
    public JournaledEngine(final Context context)
    {
        this.context = context.conclude();
        final Path dir = context.journalDir();
        this.inbound = new InboundJournal(dir);
        this.outbound = new OutboundJournal(dir).listener(context.outboundListener());
        this.snapshots = new SnapshotStore(JournalQueues.snapshotsDir(dir), context.snapshotsToKeep(),
            context.snapshotObserver(), context.log());
        this.pretoucher = context.pretouchAheadBytes() > 0 ?
            new JournalPretoucher(context.pretouchAheadBytes(), JournalPretoucher.IDLE_NANOS_DEFAULT,
                inbound.appender(), outbound.appender()) : null;
    }

    /**
     * Bring the engine to the end of the inbound journal: newest usable snapshot, then the journaled events after it.
     * Outputs of events already recorded in the outbound journal are suppressed; outputs of the others are recorded.
     *
     * @return the last applied sequence number; the next event must have a greater one.
     * @throws JournalCorruptedException if a journal record is damaged or the journals disagree.
     */
    public long recover()
    {
        if (recovered)
        {
            throw new IllegalStateException("already recovered");
        }
        final long lastInboundSeq = inbound.lastSeq();
        final long lastRecordedSeq = outbound.lastCommittedSeq();
        if (lastRecordedSeq > lastInboundSeq)
        {
            throw new JournalCorruptedException("outbound journal in " + context.journalDir() +
                " records outputs of seq " + lastRecordedSeq + " but the inbound journal ends at seq " +
                lastInboundSeq);
        }
        snapshots.deleteTemporaryFiles();
        final SnapshotLoader.Loaded loaded = SnapshotLoader.loadNewest(
            snapshots, context.engineFactory(), outbound, lastInboundSeq, context.log());
        engine = loaded.engine();
        recoveredSnapshotSeq = null == loaded.snapshot() ? 0 : loaded.snapshot().seq();
        lastSnapshotSeq = recoveredSnapshotSeq;
        outbound.suppressThrough(lastRecordedSeq);
        recovered = true;

        if (lastInboundSeq > engine.lastAppliedSeq())
        {
            try (InboundReader reader = inbound.reader())
            {
                recoveredByIndex = null != loaded.snapshot() &&
                    reader.fromIndexAfter(loaded.snapshot().inboundIndex(), loaded.snapshot().seq());
                if (!recoveredByIndex)
                {
                    reader.fromSeq(engine.lastAppliedSeq() + 1);
                }
                final InboundHandler handler = this::applyRecovered;
                int polled;
                do
                {
                    polled = reader.poll(handler, 4096);
                }
                while (polled > 0);
                lastInboundIndex = reader.lastIndex();
            }
        }
        if (recoveredEvents > 0 || lastRecordedSeq > 0 || recoveredSnapshotSeq > 0)
        {
            context.log().println("recovered " + context.journalDir() + ": snapshot seq " + recoveredSnapshotSeq +
                ", re-applied " + recoveredEvents + " journaled events (outputs already recorded through seq " +
                lastRecordedSeq + " suppressed), last applied seq " + engine.lastAppliedSeq());
        }
        return engine.lastAppliedSeq();
    }

    /**
     * Journal and apply one event: append to the inbound journal, apply, record the outputs as one document; take a
     * snapshot if one is due.
     *
     * @param seq              sequence number, greater than {@link #lastAppliedSeq()}.
     * @param receiveTimeNanos receive time, nanoseconds since the epoch.
     * @param buffer           holding the SBE message, header first.
     * @param offset           at which the message starts.
     * @param length           of the message in bytes.
     * @throws IllegalStateException    if {@link #recover()} has not been called.
     * @throws IllegalArgumentException if the sequence number does not increase.
     */
    public void onEvent(
        final long seq, final long receiveTimeNanos, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!recovered || closed)
        {
            throw new IllegalStateException(closed ? "closed" : "recover() not called");
        }
        lastInboundIndex = inbound.append(seq, receiveTimeNanos, buffer, offset, length);
        outbound.beginEvent(seq);
        engine.onEvent(seq, buffer, offset, length);
        outbound.commitEvent();
        if (null != pretoucher)
        {
            pretoucher.advance(0);
            pretoucher.advance(1);
        }
        if (++eventsSinceSnapshot >= context.snapshotIntervalEvents())
        {
            snapshot();
        }
    }

    /**
     * Take a snapshot now: encode the state on this thread, record the digest in the outbound journal, and write the
     * file on the writer thread (waiting first for the previous write, if still running). Cold path.
     */
    public void snapshot()
    {
        eventsSinceSnapshot = 0;
        final long seq = engine.lastAppliedSeq();
        if (seq == lastSnapshotSeq)
        {
            return;
        }
        lastSnapshotSeq = seq;
        final String digest = engine.digest();
        outbound.appendDigest(seq, digest);
        final byte[] body;
        try
        {
            final int length = engine.writeSnapshot(snapshotBuffer, 0);
            body = new byte[length];
            snapshotBuffer.getBytes(0, body);
        }
        catch (final RuntimeException ex)
        {
            snapshotFailures++;
            context.log().println("engine could not write a snapshot at seq " + seq + ": " + ex +
                "; recovery will replay the journal from an older snapshot");
            return;
        }
        snapshots.writeAsync(seq, lastInboundIndex, outbound.lastIndexAppended(), digest, body);
    }

    /**
     * Snapshots the engine could not encode, or whose file could not be written. The journal stays complete, so a
     * failure only makes recovery replay more events.
     *
     * @return the number of failed snapshots.
     */
    public long snapshotFailures()
    {
        return snapshotFailures + snapshots.failures();
    }

    /**
     * The engine, for counters, ledger and digest. Do not apply events to it directly.
     *
     * @return the engine, null before {@link #recover()}.
     */
    public RiskEngine engine()
    {
        return engine;
    }

    /**
     * Sequence number of the last applied event, 0 before the first.
     *
     * @return the last applied sequence number.
     */
    public long lastAppliedSeq()
    {
        return null == engine ? 0 : engine.lastAppliedSeq();
    }

    /**
     * Events re-applied by {@link #recover()}.
     *
     * @return events re-applied from the inbound journal.
     */
    public long recoveredEvents()
    {
        return recoveredEvents;
    }

    /**
     * Whether {@link #recover()} found the inbound tail through the index recorded in the snapshot (no scan).
     *
     * @return true if the tail was found by index.
     */
    public boolean recoveredByIndex()
    {
        return recoveredByIndex;
    }

    /**
     * Sequence number of the snapshot {@link #recover()} started from, 0 if it started from an empty engine.
     *
     * @return the snapshot sequence number.
     */
    public long recoveredSnapshotSeq()
    {
        return recoveredSnapshotSeq;
    }

    /**
     * The outbound journal, for its counters.
     *
     * @return the outbound journal.
     */
    public OutboundJournal outboundJournal()
    {
        return outbound;
    }

    /**
     * The inbound journal, for its last sequence number.
     *
     * @return the inbound journal.
     */
    public InboundJournal inboundJournal()
    {
        return inbound;
    }

    /**
     * Take a final snapshot (if events were applied since the last one), wait for the snapshot writer, and close the
     * journals. Idempotent. A failed snapshot is reported on the log and counted in {@link #snapshotFailures()}.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (recovered && null != engine)
            {
                snapshot();
            }
        }
        finally
        {
            if (null != pretoucher)
            {
                pretoucher.close();
            }
            snapshots.close();
            outbound.close();
            inbound.close();
        }
    }

    private void applyRecovered(
        final long seq, final long receiveTimeNanos, final DirectBuffer buffer, final int offset, final int length)
    {
        outbound.beginEvent(seq);
        engine.onEvent(seq, buffer, offset, length);
        outbound.commitEvent();
        recoveredEvents++;
    }

    /**
     * Configuration of a {@link JournaledEngine}. Fluent setters; the constructor calls {@link #conclude()}.
     */
    public static final class Context
    {
        /**
         * Default number of events between periodic snapshots.
         */
        public static final long SNAPSHOT_INTERVAL_EVENTS_DEFAULT = 1_000_000L;

        /**
         * Default number of snapshot files kept.
         */
        public static final int SNAPSHOTS_TO_KEEP_DEFAULT = 3;

        private Path journalDir;
        private EngineFactory engineFactory;
        private long snapshotIntervalEvents = SNAPSHOT_INTERVAL_EVENTS_DEFAULT;
        private int snapshotsToKeep = SNAPSHOTS_TO_KEEP_DEFAULT;
        private OutboundHandler outboundListener;
        private SnapshotObserver snapshotObserver;
        private PrintStream log = System.err;
        private long pretouchAheadBytes;

        /**
         * How far ahead of the journals' appenders a {@link JournalPretoucher} thread keeps the queue files mapped and
         * their pages faulted in; 0 (the default here) runs no pretoucher. The service sets it from
         * {@code perp.journal.pretouch.ahead.bytes}.
         *
         * @param pretouchAheadBytes bytes ahead of each appender, 0 or at least {@value JournalPretoucher#PAGE_SIZE}.
         * @return this for a fluent API.
         */
        public Context pretouchAheadBytes(final long pretouchAheadBytes)
        {
            this.pretouchAheadBytes = pretouchAheadBytes;
            return this;
        }

        /**
         * Bytes the pretoucher keeps touched ahead of each appender; 0 = no pretoucher.
         *
         * @return the distance in bytes.
         */
        public long pretouchAheadBytes()
        {
            return pretouchAheadBytes;
        }

        /**
         * Directory holding the inbound and outbound queues and the snapshots; created if needed.
         *
         * @param journalDir the journal directory.
         * @return this for a fluent API.
         */
        public Context journalDir(final Path journalDir)
        {
            this.journalDir = journalDir;
            return this;
        }

        /**
         * The journal directory.
         *
         * @return the journal directory.
         */
        public Path journalDir()
        {
            return journalDir;
        }

        /**
         * Creates the engine (fresh, or to load a snapshot into).
         *
         * @param engineFactory the factory.
         * @return this for a fluent API.
         */
        public Context engineFactory(final EngineFactory engineFactory)
        {
            this.engineFactory = engineFactory;
            return this;
        }

        /**
         * The engine factory.
         *
         * @return the engine factory.
         */
        public EngineFactory engineFactory()
        {
            return engineFactory;
        }

        /**
         * Events between periodic snapshots.
         *
         * @param snapshotIntervalEvents at least 1.
         * @return this for a fluent API.
         */
        public Context snapshotIntervalEvents(final long snapshotIntervalEvents)
        {
            this.snapshotIntervalEvents = snapshotIntervalEvents;
            return this;
        }

        /**
         * Events between periodic snapshots.
         *
         * @return the snapshot interval in events.
         */
        public long snapshotIntervalEvents()
        {
            return snapshotIntervalEvents;
        }

        /**
         * Snapshot files kept; older ones are deleted after a new one is written.
         *
         * @param snapshotsToKeep at least 1.
         * @return this for a fluent API.
         */
        public Context snapshotsToKeep(final int snapshotsToKeep)
        {
            this.snapshotsToKeep = snapshotsToKeep;
            return this;
        }

        /**
         * Snapshot files kept.
         *
         * @return snapshot files kept.
         */
        public int snapshotsToKeep()
        {
            return snapshotsToKeep;
        }

        /**
         * A handler that also receives every recorded outbound message, on the engine thread, after it is journaled
         * (e.g. a scenario runner printing outputs). Optional.
         *
         * @param outboundListener the listener or null.
         * @return this for a fluent API.
         */
        public Context outboundListener(final OutboundHandler outboundListener)
        {
            this.outboundListener = outboundListener;
            return this;
        }

        /**
         * The outbound listener.
         *
         * @return the outbound listener, or null.
         */
        public OutboundHandler outboundListener()
        {
            return outboundListener;
        }

        /**
         * Observer of snapshot file writes, on the writer thread. Optional.
         *
         * @param snapshotObserver the observer or null.
         * @return this for a fluent API.
         */
        public Context snapshotObserver(final SnapshotObserver snapshotObserver)
        {
            this.snapshotObserver = snapshotObserver;
            return this;
        }

        /**
         * The snapshot observer.
         *
         * @return the snapshot observer, or null.
         */
        public SnapshotObserver snapshotObserver()
        {
            return snapshotObserver;
        }

        /**
         * Where recovery and snapshot messages go (cold path only). Default {@code System.err}.
         *
         * @param log the stream.
         * @return this for a fluent API.
         */
        public Context log(final PrintStream log)
        {
            this.log = log;
            return this;
        }

        /**
         * Where recovery and snapshot messages go.
         *
         * @return the log stream.
         */
        public PrintStream log()
        {
            return log;
        }

        /**
         * Validate the configuration. Idempotent.
         *
         * @return this for a fluent API.
         * @throws IllegalStateException naming the first missing or invalid setting.
         */
        public Context conclude()
        {
            if (null == journalDir)
            {
                throw new IllegalStateException("journalDir must be set");
            }
            if (null == engineFactory)
            {
                throw new IllegalStateException("engineFactory must be set");
            }
            if (snapshotIntervalEvents < 1 || snapshotsToKeep < 1)
            {
                throw new IllegalStateException("snapshotIntervalEvents and snapshotsToKeep must be at least 1");
            }
            if (null == log)
            {
                throw new IllegalStateException("log must be set");
            }
            return this;
        }
    }
}
