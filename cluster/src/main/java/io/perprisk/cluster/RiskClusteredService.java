package io.perprisk.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;
import io.perprisk.journal.EngineFactory;
import io.perprisk.journal.JournaledEngine;
import io.perprisk.journal.OutboundTailer;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.perprisk.cluster.ClusterProtocol.ORDER;

/**
 * The risk engine as an Aeron Cluster {@link ClusteredService}: every member runs one, fed by the committed cluster
 * log, so every member's engine goes through the same events in the same order.
 * <p>
 * <b>Sequence numbers and deduplication.</b> Each {@link ClusterProtocol#EVENT} carries the sender's client id and
 * message number. The service applies message {@code n} of a client only when it has applied {@code n - 1}; a
 * message it has already applied is answered with an {@link ClusterProtocol#ACK} and not applied again, one that
 * skips ahead with a {@link ClusterProtocol#GAP}. The applied ones get consecutive sequence numbers 1, 2, 3 ... The
 * last sequence number and the per-client table are replicated state: every member computes them from the log, and
 * they are part of the snapshot.
 * <p>
 * <b>Journal.</b> Each member journals through {@link JournaledEngine}, exactly as the single-node service does:
 * inbound event (write-ahead, with the cluster timestamp of its log entry as receive time), engine, outbound
 * document, periodic journal snapshots. So {@code perp-risk replay --journal DIR/node-N/journal} verifies any
 * member's journal. On start the journal is recovered first; events of the log replay that the journal already holds
 * (seq at most the journal's last) are not applied again but run through a shadow engine restored from the cluster
 * snapshot, and when the shadow reaches the journal's last seq the two digests must be equal: the journal and the
 * cluster's snapshot and log agree, or the member stops.
 * <p>
 * <b>Snapshots.</b> {@link #onTakeSnapshot(ExclusivePublication)} writes a header (seq, digest, the client table)
 * and then the engine's own snapshot ({@link RiskEngine#writeSnapshot}) in chunks.
 * <p>
 * <b>Egress.</b> Every output is offered to every connected session as an {@link ClusterProtocol#OUTPUT};
 * Aeron Cluster drops egress on followers, so it leaves from the leader only. A session that stays back-pressured
 * longer than {@link Context#egressTimeoutNs(long)} is closed (the client reconnects and asks for a resend).
 * <p>
 * <b>Time.</b> The engine takes time from the events; the only other time used is the cluster timestamp of the log
 * entry. Nothing reads the wall clock for state.
 */
public final class RiskClusteredService implements ClusteredService
{
    static final int SNAPSHOT_MAGIC = 0x4E534352; // "RCSN" little-endian
    static final int SNAPSHOT_VERSION = 1;
    static final int SNAP_HEADER = 21;
    static final int SNAP_CLIENTS = 22;
    static final int SNAP_ENGINE = 23;
    static final int SNAP_END = 24;
    static final int SNAPSHOT_CHUNK_LENGTH = 32 * 1024;
    static final int CLIENT_RECORD_LENGTH = 32;

    private final Context ctx;
    private final ExpandableArrayBuffer egressBuffer = new ExpandableArrayBuffer(4096);
    private final ExpandableArrayBuffer controlBuffer = new ExpandableArrayBuffer(64);
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(64 * 1024);
    private final Long2ObjectHashMap<ClientState> clients = new Long2ObjectHashMap<>();
    private final Consumer<ClientSession> broadcast = this::offerEgress;
    private final OutboundHandler outputs = this::onEngineOutput;
    private final OutboundHandler countOnly = this::countOutput;
    private long outputCount;
    private boolean recovering;
    private Cluster cluster;
    private JournaledEngine journaled;
    private long seq;
    private long journalLastSeq;
    private String journalDigest;
    private RiskEngine shadow;
    private int egressLength;
    private long outputSeq = -1;
    private int outputIndex;
    private long closedSlowSessions;

    /**
     * A service with its configuration.
     *
     * @param ctx configuration; concluded here.
     */
    public RiskClusteredService(final Context ctx)
    {
        this.ctx = ctx.conclude();
    }

    /**
     * {@inheritDoc}
     */
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        SnapshotReader reader = null;
        if (null != snapshotImage)
        {
            reader = new SnapshotReader();
            reader.read(snapshotImage, cluster.idleStrategy());
        }
        start(cluster, reader);
    }

    void start(final Cluster cluster, final SnapshotReader snapshot)
    {
        this.cluster = cluster;
        journaled = new JournaledEngine(new JournaledEngine.Context()
            .journalDir(ctx.journalDir())
            .engineFactory(ctx.engineFactory())
            .snapshotIntervalEvents(ctx.journalSnapshotIntervalEvents())
            .outboundListener(outputs)
            .log(ctx.log()));
        recovering = true;
        journalLastSeq = journaled.recover();
        recovering = false;
        journalDigest = journaled.engine().digest();

        long snapshotSeq = 0;
        String snapshotDigest = null;
        RiskEngine restored = null;
        if (null != snapshot)
        {
            final SnapshotReader reader = snapshot;
            for (final ClientState state : reader.clients)
            {
                clients.put(state.clientId, state);
            }
            snapshotSeq = reader.seq;
            outputCount = reader.outputCount;
            snapshotDigest = reader.digest;
            restored = ctx.engineFactory().newEngine(countOnly);
            restored.loadSnapshot(new org.agrona.concurrent.UnsafeBuffer(reader.engine), 0, reader.engineLength);
            if (!snapshotDigest.equals(restored.digest()))
            {
                throw new IllegalStateException("cluster snapshot at seq " + snapshotSeq +
                    " does not reproduce its recorded digest");
            }
        }
        seq = snapshotSeq;
        if (journalLastSeq < snapshotSeq)
        {
            throw new IllegalStateException("member " + ctx.memberId() + ": journal " + ctx.journalDir() +
                " ends at seq " + journalLastSeq + ", before the cluster snapshot's seq " + snapshotSeq +
                "; restore this member's journal (every member's journal holds the same events: a copy of " +
                "another member's journal directory will do) and start it again");
        }
        if (journalLastSeq == snapshotSeq)
        {
            if (null != snapshotDigest && !snapshotDigest.equals(journalDigest))
            {
                throw new IllegalStateException("member " + ctx.memberId() + ": journal " + ctx.journalDir() +
                    " and the cluster snapshot disagree at seq " + snapshotSeq);
            }
            if (null != snapshotDigest)
            {
                ctx.log().println("perp-risk cluster member " + ctx.memberId() + ": journal agrees with the " +
                    "cluster snapshot at seq " + snapshotSeq);
            }
        }
        else
        {
            shadow = null != restored ? restored : ctx.engineFactory().newEngine(countOnly);
        }
        ctx.log().println("perp-risk cluster member " + ctx.memberId() + ": started, cluster snapshot seq " +
            snapshotSeq + ", journal " + ctx.journalDir() + " at seq " + journalLastSeq);
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        if (length < ClusterProtocol.RESEND_LENGTH)
        {
            return;
        }
        final int type = buffer.getInt(offset + ClusterProtocol.TYPE_OFFSET, ORDER);
        final long clientId = buffer.getLong(offset + ClusterProtocol.CLIENT_ID_OFFSET, ORDER);
        final long number = buffer.getLong(offset + ClusterProtocol.MSG_NO_OFFSET, ORDER);
        if (ClusterProtocol.EVENT == type)
        {
            onClientEvent(session, timestamp, clientId, number, buffer, offset + ClusterProtocol.EVENT_HEADER_LENGTH,
                length - ClusterProtocol.EVENT_HEADER_LENGTH);
        }
        else if (ClusterProtocol.RESEND == type)
        {
            resend(session, clientId, number);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onTakeSnapshot(final ExclusivePublication publication)
    {
        writeSnapshot((buffer, length) -> offerSnapshot(publication, buffer, length));
    }

    void writeSnapshot(final SnapshotSink sink)
    {
        final long started = System.nanoTime();
        final RiskEngine engine = currentEngine();
        final byte[] digest = engine.digest().getBytes(StandardCharsets.US_ASCII);
        final int engineLength = engine.writeSnapshot(snapshotBuffer, 0);
        final byte[] engineBytes = new byte[engineLength];
        snapshotBuffer.getBytes(0, engineBytes);

        final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(SNAPSHOT_CHUNK_LENGTH + 64);
        frame.putInt(0, SNAP_HEADER, ORDER);
        frame.putInt(4, SNAPSHOT_MAGIC, ORDER);
        frame.putInt(8, SNAPSHOT_VERSION, ORDER);
        frame.putLong(12, seq, ORDER);
        frame.putInt(20, clients.size(), ORDER);
        frame.putInt(24, engineLength, ORDER);
        frame.putInt(28, digest.length, ORDER);
        frame.putLong(32, outputCount, ORDER);
        frame.putBytes(40, digest);
        sink.offer(frame, 40 + digest.length);

        final long[] ids = clients.keySet().stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(ids);
        final int perFrame = SNAPSHOT_CHUNK_LENGTH / CLIENT_RECORD_LENGTH;
        for (int start = 0; start < ids.length; start += perFrame)
        {
            final int count = Math.min(perFrame, ids.length - start);
            frame.putInt(0, SNAP_CLIENTS, ORDER);
            frame.putInt(4, count, ORDER);
            for (int i = 0; i < count; i++)
            {
                final ClientState state = clients.get(ids[start + i]);
                final int at = 8 + i * CLIENT_RECORD_LENGTH;
                frame.putLong(at, state.clientId, ORDER);
                frame.putLong(at + 8, state.lastMsgNo, ORDER);
                frame.putLong(at + 16, state.lastSeq, ORDER);
                frame.putLong(at + 24, state.firstSeq, ORDER);
            }
            sink.offer(frame, 8 + count * CLIENT_RECORD_LENGTH);
        }

        for (int position = 0; position < engineLength; position += SNAPSHOT_CHUNK_LENGTH)
        {
            final int chunk = Math.min(SNAPSHOT_CHUNK_LENGTH, engineLength - position);
            frame.putInt(0, SNAP_ENGINE, ORDER);
            frame.putBytes(4, engineBytes, position, chunk);
            sink.offer(frame, 4 + chunk);
            if (ctx.snapshotPauseMs() > 0 && 0 == position)
            {
                ctx.log().println("perp-risk cluster member " + ctx.memberId() + ": snapshot at seq " + seq +
                    " in progress (pausing " + ctx.snapshotPauseMs() + " ms)");
                sleep(ctx.snapshotPauseMs());
            }
        }
        frame.putInt(0, SNAP_END, ORDER);
        sink.offer(frame, 4);
        ctx.log().println("perp-risk cluster member " + ctx.memberId() + ": snapshot at seq " + seq + ", " +
            engineLength + " engine bytes, " + clients.size() + " clients, " +
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
    }

    /**
     * {@inheritDoc}
     */
    public void onRoleChange(final Cluster.Role newRole)
    {
        ctx.log().println("perp-risk cluster member " + ctx.memberId() + ": role " + newRole + " at seq " + seq);
    }

    /**
     * {@inheritDoc}
     */
    public void onTerminate(final Cluster cluster)
    {
        close();
    }

    /**
     * Close the journal (final journal snapshot). Idempotent; called on termination.
     */
    public void close()
    {
        if (null != journaled)
        {
            journaled.close();
        }
    }

    /**
     * Sequence number of the last event applied (replicated state).
     *
     * @return the last sequence number.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * Digest of the engine state at {@link #seq()}.
     *
     * @return the digest.
     */
    public String digest()
    {
        return currentEngine().digest();
    }

    /**
     * The journaled engine (for tests and counters).
     *
     * @return the journaled engine; null before start.
     */
    public JournaledEngine journaled()
    {
        return journaled;
    }

    /**
     * Sessions closed because they stayed back-pressured.
     *
     * @return the count.
     */
    public long closedSlowSessions()
    {
        return closedSlowSessions;
    }

    private RiskEngine currentEngine()
    {
        return null != shadow ? shadow : journaled.engine();
    }

    private void onClientEvent(
        final ClientSession session,
        final long timestamp,
        final long clientId,
        final long msgNo,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        ClientState state = clients.get(clientId);
        final long lastMsgNo = null == state ? 0 : state.lastMsgNo;
        if (msgNo <= lastMsgNo)
        {
            sendAck(session, state, -1);
            return;
        }
        if (msgNo != lastMsgNo + 1)
        {
            sendGap(session, clientId, lastMsgNo + 1);
            return;
        }
        if (null == state)
        {
            state = new ClientState(clientId);
            if (clients.size() >= ctx.maxClients())
            {
                evictOldestClient();
            }
            clients.put(clientId, state);
        }
        final long eventSeq = ++seq;
        state.lastMsgNo = msgNo;
        state.lastSeq = eventSeq;
        if (1 == msgNo)
        {
            state.firstSeq = eventSeq;
        }
        apply(eventSeq, timestamp, buffer, offset, length);
        sendAck(session, state, outputSeq == eventSeq ? outputIndex : 0);
    }

    private void apply(
        final long eventSeq, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        if (eventSeq <= journalLastSeq)
        {
            shadow.onEvent(eventSeq, buffer, offset, length);
            if (eventSeq == journalLastSeq)
            {
                final String shadowDigest = shadow.digest();
                if (!shadowDigest.equals(journalDigest))
                {
                    fail(new IllegalStateException("member " + ctx.memberId() + ": journal " +
                        ctx.journalDir() + " disagrees with the cluster log at seq " + eventSeq));
                }
                ctx.log().println("perp-risk cluster member " + ctx.memberId() + ": journal agrees with the " +
                    "cluster snapshot and log through seq " + eventSeq);
                shadow = null;
            }
            return;
        }
        try
        {
            journaled.onEvent(eventSeq, cluster.timeUnit().toNanos(timestamp), buffer, offset, length);
        }
        catch (final RuntimeException ex)
        {
            fail(ex);
        }
    }

    private void countOutput(final long eventSeq, final DirectBuffer buffer, final int offset, final int length)
    {
        outputCount++;
    }

    private void onEngineOutput(final long eventSeq, final DirectBuffer buffer, final int offset, final int length)
    {
        if (recovering)
        {
            return;
        }
        outputCount++;
        if (eventSeq != outputSeq)
        {
            outputSeq = eventSeq;
            outputIndex = 0;
        }
        if (null == cluster || cluster.role() != Cluster.Role.LEADER)
        {
            outputIndex++;
            return;
        }
        egressBuffer.putInt(ClusterProtocol.TYPE_OFFSET, ClusterProtocol.OUTPUT, ORDER);
        egressBuffer.putLong(ClusterProtocol.OUTPUT_SEQ_OFFSET, eventSeq, ORDER);
        egressBuffer.putInt(ClusterProtocol.OUTPUT_INDEX_OFFSET, outputIndex++, ORDER);
        egressBuffer.putLong(ClusterProtocol.OUTPUT_NO_OFFSET, outputCount, ORDER);
        egressBuffer.putBytes(ClusterProtocol.OUTPUT_HEADER_LENGTH, buffer, offset, length);
        egressLength = ClusterProtocol.OUTPUT_HEADER_LENGTH + length;
        cluster.forEachClientSession(broadcast);
    }

    private void offerEgress(final ClientSession session)
    {
        offer(session, egressBuffer, egressLength);
    }

    private void offer(final ClientSession session, final DirectBuffer buffer, final int length)
    {
        if (session.isClosing())
        {
            return;
        }
        long deadline = 0;
        while (true)
        {
            final long result = session.offer(buffer, 0, length);
            if (result > 0 || Publication.NOT_CONNECTED == result || Publication.CLOSED == result ||
                Publication.MAX_POSITION_EXCEEDED == result)
            {
                return;
            }
            final long now = System.nanoTime();
            if (0 == deadline)
            {
                deadline = now + ctx.egressTimeoutNs();
            }
            else if (now - deadline > 0)
            {
                closedSlowSessions++;
                ctx.log().println("perp-risk cluster member " + ctx.memberId() + ": closing session " +
                    session.id() + ", back-pressured for " + TimeUnit.NANOSECONDS.toMillis(ctx.egressTimeoutNs()) +
                    " ms (it may reconnect and ask for a resend)");
                cluster.closeClientSession(session.id());
                return;
            }
            cluster.idleStrategy().idle();
        }
    }

    private void sendAck(final ClientSession session, final ClientState state, final int outputs)
    {
        if (cluster.role() != Cluster.Role.LEADER)
        {
            return;
        }
        controlBuffer.putInt(ClusterProtocol.TYPE_OFFSET, ClusterProtocol.ACK, ORDER);
        controlBuffer.putLong(ClusterProtocol.CLIENT_ID_OFFSET, state.clientId, ORDER);
        controlBuffer.putLong(ClusterProtocol.MSG_NO_OFFSET, state.lastMsgNo, ORDER);
        controlBuffer.putLong(ClusterProtocol.ACK_SEQ_OFFSET, state.lastSeq, ORDER);
        controlBuffer.putLong(ClusterProtocol.ACK_FIRST_SEQ_OFFSET, state.firstSeq, ORDER);
        controlBuffer.putInt(ClusterProtocol.ACK_OUTPUTS_OFFSET, outputs, ORDER);
        offer(session, controlBuffer, ClusterProtocol.ACK_LENGTH);
    }

    private void sendGap(final ClientSession session, final long clientId, final long expected)
    {
        if (cluster.role() != Cluster.Role.LEADER)
        {
            return;
        }
        controlBuffer.putInt(ClusterProtocol.TYPE_OFFSET, ClusterProtocol.GAP, ORDER);
        controlBuffer.putLong(ClusterProtocol.CLIENT_ID_OFFSET, clientId, ORDER);
        controlBuffer.putLong(ClusterProtocol.MSG_NO_OFFSET, expected, ORDER);
        offer(session, controlBuffer, ClusterProtocol.GAP_LENGTH);
    }

    private void resend(final ClientSession session, final long clientId, final long requestedFromSeq)
    {
        if (cluster.role() != Cluster.Role.LEADER)
        {
            return;
        }
        final ClientState state = clients.get(clientId);
        final long fromSeq = requestedFromSeq > 0 ? requestedFromSeq : (null != state ? state.firstSeq : seq + 1);
        if (fromSeq <= seq)
        {
            final ExpandableArrayBuffer resendBuffer = new ExpandableArrayBuffer(4096);
            final long[] current = { -1, 0 };
            try (OutboundTailer tailer = OutboundTailer.open(ctx.journalDir()).fromSeq(fromSeq))
            {
                final OutboundHandler handler = (eventSeq, buffer, offset, length) ->
                {
                    if (eventSeq > seq)
                    {
                        return;
                    }
                    if (eventSeq != current[0])
                    {
                        current[0] = eventSeq;
                        current[1] = 0;
                    }
                    resendBuffer.putInt(ClusterProtocol.TYPE_OFFSET, ClusterProtocol.RESENT_OUTPUT, ORDER);
                    resendBuffer.putLong(ClusterProtocol.OUTPUT_SEQ_OFFSET, eventSeq, ORDER);
                    resendBuffer.putInt(ClusterProtocol.OUTPUT_INDEX_OFFSET, (int) current[1]++, ORDER);
                    resendBuffer.putLong(ClusterProtocol.OUTPUT_NO_OFFSET, 0, ORDER);
                    resendBuffer.putBytes(ClusterProtocol.OUTPUT_HEADER_LENGTH, buffer, offset, length);
                    offer(session, resendBuffer, ClusterProtocol.OUTPUT_HEADER_LENGTH + length);
                };
                while (tailer.poll(handler, 256) > 0)
                {
                    if (session.isClosing())
                    {
                        return;
                    }
                }
            }
        }
        controlBuffer.putInt(ClusterProtocol.TYPE_OFFSET, ClusterProtocol.RESEND_END, ORDER);
        controlBuffer.putLong(ClusterProtocol.CLIENT_ID_OFFSET, clientId, ORDER);
        controlBuffer.putLong(ClusterProtocol.MSG_NO_OFFSET, seq, ORDER);
        controlBuffer.putLong(ClusterProtocol.OUTPUT_NO_OFFSET, outputCount, ORDER);
        offer(session, controlBuffer, ClusterProtocol.RESEND_END_LENGTH);
    }

    private void evictOldestClient()
    {
        long oldestId = 0;
        long oldestSeq = Long.MAX_VALUE;
        for (final ClientState state : clients.values())
        {
            if (state.lastSeq < oldestSeq || (state.lastSeq == oldestSeq && state.clientId < oldestId))
            {
                oldestSeq = state.lastSeq;
                oldestId = state.clientId;
            }
        }
        clients.remove(oldestId);
    }

    private void offerSnapshot(final ExclusivePublication publication, final DirectBuffer buffer, final int length)
    {
        while (true)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                return;
            }
            if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result)
            {
                throw new IllegalStateException("snapshot publication refused the snapshot: " + result);
            }
            cluster.idleStrategy().idle();
        }
    }

    private void fail(final Throwable ex)
    {
        ctx.log().println("perp-risk cluster member " + ctx.memberId() +
            ": stopping, the state machine cannot continue: " + ex);
        ex.printStackTrace(ctx.log());
        ctx.log().flush();
        ctx.failureHandler().accept(ex);
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    interface SnapshotSink
    {
        void offer(DirectBuffer buffer, int length);
    }

    static final class SnapshotReader
    {
        private final java.util.List<ClientState> clients = new java.util.ArrayList<>();
        private long seq;
        private long outputCount;
        private String digest;
        private byte[] engine;
        private int engineLength;
        private boolean done;

        void read(final Image image, final org.agrona.concurrent.IdleStrategy idleStrategy)
        {
            final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
            while (!done)
            {
                final int fragments = image.poll(assembler, 16);
                if (0 == fragments)
                {
                    if (image.isClosed() || image.isEndOfStream())
                    {
                        if (!done)
                        {
                            throw new IllegalStateException("cluster snapshot ended before its end marker");
                        }
                        break;
                    }
                    idleStrategy.idle();
                }
            }
            check();
        }

        boolean done()
        {
            return done;
        }

        void check()
        {
            if (!done)
            {
                throw new IllegalStateException("cluster snapshot ended before its end marker");
            }
            if (engineLength != engine.length)
            {
                throw new IllegalStateException("cluster snapshot holds " + engineLength + " of " + engine.length +
                    " engine bytes");
            }
        }

        void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            final int type = buffer.getInt(offset, ORDER);
            switch (type)
            {
                case SNAP_HEADER:
                    if (SNAPSHOT_MAGIC != buffer.getInt(offset + 4, ORDER) ||
                        SNAPSHOT_VERSION != buffer.getInt(offset + 8, ORDER))
                    {
                        throw new IllegalStateException("not a perp-risk cluster snapshot (version 1)");
                    }
                    seq = buffer.getLong(offset + 12, ORDER);
                    engine = new byte[buffer.getInt(offset + 24, ORDER)];
                    outputCount = buffer.getLong(offset + 32, ORDER);
                    digest = buffer.getStringWithoutLengthAscii(offset + 40, buffer.getInt(offset + 28, ORDER));
                    break;
                case SNAP_CLIENTS:
                    final int count = buffer.getInt(offset + 4, ORDER);
                    for (int i = 0; i < count; i++)
                    {
                        final int at = offset + 8 + i * CLIENT_RECORD_LENGTH;
                        final ClientState state = new ClientState(buffer.getLong(at, ORDER));
                        state.lastMsgNo = buffer.getLong(at + 8, ORDER);
                        state.lastSeq = buffer.getLong(at + 16, ORDER);
                        state.firstSeq = buffer.getLong(at + 24, ORDER);
                        clients.add(state);
                    }
                    break;
                case SNAP_ENGINE:
                    final int chunk = length - 4;
                    buffer.getBytes(offset + 4, engine, engineLength, chunk);
                    engineLength += chunk;
                    break;
                case SNAP_END:
                    done = true;
                    break;
                default:
                    throw new IllegalStateException("unknown cluster snapshot record type " + type);
            }
        }
    }

    private static final class ClientState
    {
        private final long clientId;
        private long lastMsgNo;
        private long lastSeq;
        private long firstSeq;

        ClientState(final long clientId)
        {
            this.clientId = clientId;
        }
    }

    /**
     * Configuration of the service. Fluent setters.
     */
    public static final class Context
    {
        private int memberId;
        private Path journalDir;
        private EngineFactory engineFactory;
        private long journalSnapshotIntervalEvents = JournaledEngine.Context.SNAPSHOT_INTERVAL_EVENTS_DEFAULT;
        private int maxClients = 65_536;
        private long egressTimeoutNs = TimeUnit.SECONDS.toNanos(2);
        private long snapshotPauseMs;
        private PrintStream log = System.err;
        private Consumer<Throwable> failureHandler = (ex) -> Runtime.getRuntime().halt(70);

        /**
         * The member id, for messages.
         *
         * @param memberId the member id.
         * @return this for a fluent API.
         */
        public Context memberId(final int memberId)
        {
            this.memberId = memberId;
            return this;
        }

        /**
         * The member id.
         *
         * @return the member id.
         */
        public int memberId()
        {
            return memberId;
        }

        /**
         * The member's journal directory ({@code DIR/node-N/journal}).
         *
         * @param journalDir the directory.
         * @return this for a fluent API.
         */
        public Context journalDir(final Path journalDir)
        {
            this.journalDir = journalDir;
            return this;
        }

        /**
         * The member's journal directory.
         *
         * @return the directory.
         */
        public Path journalDir()
        {
            return journalDir;
        }

        /**
         * Creates engines (the journaled one, and shadows restored from cluster snapshots).
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
         * @return the factory.
         */
        public EngineFactory engineFactory()
        {
            return engineFactory;
        }

        /**
         * Events between the journal's own snapshot files (as the single-node service).
         *
         * @param events at least 1.
         * @return this for a fluent API.
         */
        public Context journalSnapshotIntervalEvents(final long events)
        {
            this.journalSnapshotIntervalEvents = events;
            return this;
        }

        /**
         * Events between the journal's own snapshot files.
         *
         * @return the interval.
         */
        public long journalSnapshotIntervalEvents()
        {
            return journalSnapshotIntervalEvents;
        }

        /**
         * Most clients remembered for deduplication; beyond it the one that sent least recently is forgotten.
         *
         * @param maxClients at least 1.
         * @return this for a fluent API.
         */
        public Context maxClients(final int maxClients)
        {
            this.maxClients = maxClients;
            return this;
        }

        /**
         * Most clients remembered for deduplication.
         *
         * @return the limit.
         */
        public int maxClients()
        {
            return maxClients;
        }

        /**
         * How long egress to one session may stay back-pressured before the session is closed.
         *
         * @param egressTimeoutNs nanoseconds.
         * @return this for a fluent API.
         */
        public Context egressTimeoutNs(final long egressTimeoutNs)
        {
            this.egressTimeoutNs = egressTimeoutNs;
            return this;
        }

        /**
         * How long egress to one session may stay back-pressured.
         *
         * @return nanoseconds.
         */
        public long egressTimeoutNs()
        {
            return egressTimeoutNs;
        }

        /**
         * Test hook: pause inside every snapshot, after its first engine chunk, so a test can kill a member while
         * it takes a snapshot. 0 (default) = no pause.
         *
         * @param snapshotPauseMs milliseconds.
         * @return this for a fluent API.
         */
        public Context snapshotPauseMs(final long snapshotPauseMs)
        {
            this.snapshotPauseMs = snapshotPauseMs;
            return this;
        }

        /**
         * Test hook: pause inside every snapshot.
         *
         * @return milliseconds.
         */
        public long snapshotPauseMs()
        {
            return snapshotPauseMs;
        }

        /**
         * Where start, role, snapshot and failure messages go. Default {@code System.err}.
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
         * Where messages go.
         *
         * @return the stream.
         */
        public PrintStream log()
        {
            return log;
        }

        /**
         * What to do when the state machine cannot continue (journal write failed, journal and log disagree):
         * default halt the process with status 70, so the member stops rather than diverge (fail-stop).
         *
         * @param failureHandler the handler.
         * @return this for a fluent API.
         */
        public Context failureHandler(final Consumer<Throwable> failureHandler)
        {
            this.failureHandler = failureHandler;
            return this;
        }

        /**
         * The failure handler.
         *
         * @return the handler.
         */
        public Consumer<Throwable> failureHandler()
        {
            return failureHandler;
        }

        /**
         * Validate. Idempotent.
         *
         * @return this for a fluent API.
         * @throws IllegalStateException naming the first missing setting.
         */
        public Context conclude()
        {
            if (null == journalDir || null == engineFactory)
            {
                throw new IllegalStateException("journalDir and engineFactory must be set");
            }
            if (maxClients < 1 || journalSnapshotIntervalEvents < 1)
            {
                throw new IllegalStateException("maxClients and journalSnapshotIntervalEvents must be at least 1");
            }
            return this;
        }
    }
}
