package io.perprisk.cluster;

import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.perprisk.codecs.OutboundMessageHandler;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.File;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import static io.perprisk.cluster.ClusterProtocol.ORDER;

/**
 * The cluster-aware client: sends inbound SBE messages to the perp-risk cluster through Aeron Cluster's
 * {@link AeronCluster} client and receives the leader's outputs.
 * <p>
 * Every message is numbered (1, 2, 3 ... per client id) and kept until the cluster acknowledges it. When the leader
 * changes, or the session is lost and the client connects again, it sends every unacknowledged message again (the
 * service applies each number once and in order) and asks the new leader to resend the outputs from the last one it
 * delivered; it delivers each output once, in order ({@code seq}, then its index within the event). So no message is
 * lost or applied twice, and no output is lost or delivered twice, across a failover.
 * <p>
 * When no leader with a quorum answers within {@link Context#failoverTimeoutMs(long)}, the calls that wait throw
 * {@link ClusterUnavailableException} with what is missing. The unacknowledged messages stay pending: a leader may
 * already hold them in its log, uncommitted, and commit them once a majority is back, so keep using the same client
 * (its id and numbering) to send them again rather than a new one, and they are applied exactly once.
 * Not thread safe: one client per thread.
 */
public final class ClusterRiskClient implements AutoCloseable
{
    private static final int COMPACT_THRESHOLD = 4096;

    private final Context ctx;
    private final MediaDriver driver;
    private final long clientId;
    private final ExpandableArrayBuffer frames = new ExpandableArrayBuffer(64 * 1024);
    private final IntArrayList frameOffsets = new IntArrayList();
    private final IntArrayList frameLengths = new IntArrayList();
    private final LongArrayList frameNumbers = new LongArrayList();
    private final ExpandableArrayBuffer control = new ExpandableArrayBuffer(64);
    private final IdleStrategy idle = new BackoffIdleStrategy();
    private final Listener listener = new Listener();
    private AeronCluster cluster;
    private OutboundMessageHandler handler;
    private int pendingHead;
    private int pendingTail;
    private int frameLimit;
    private long lastMsgNo;
    private long ackedMsgNo;
    private long ackedSeq;
    private long firstSeq;
    private long cursorSeq;
    private int cursorIndex = -1;
    private boolean resendNeeded;
    private boolean awaitingResend;
    private long lastActivityNs;
    private long failovers;
    private long missedOutputs;
    private long lastOutputNo;
    private long reconnects;
    private long unavailableSinceNs;

    private ClusterRiskClient(final Context ctx)
    {
        this.ctx = ctx;
        this.clientId = 0 != ctx.clientId ? ctx.clientId : newClientId();
        MediaDriver launched = null;
        if (null == ctx.aeronDirectoryName)
        {
            final String dir = new File(new File(io.aeron.CommonContext.getAeronDirectoryName()).getParent(),
                "perp-risk-cluster-client-" + ProcessHandle.current().pid() + "-" + Long.toHexString(clientId))
                .getPath();
            launched = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(dir)
                .threadingMode(ThreadingMode.SHARED)
                .termBufferSparseFile(true)
                .publicationTermBufferLength(ClusterNode.TERM_LENGTH)
                .ipcTermBufferLength(ClusterNode.TERM_LENGTH)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
        }
        this.driver = launched;
    }

    /**
     * Connect to the cluster: launches an embedded media driver unless {@link Context#aeronDirectoryName(String)} is
     * set, then opens a session with the leader.
     *
     * @param ctx where the members are and how long to wait.
     * @return a connected client.
     * @throws ClusterUnavailableException if no leader answers within the failover timeout.
     */
    public static ClusterRiskClient connect(final Context ctx)
    {
        final ClusterRiskClient client = new ClusterRiskClient(ctx);
        try
        {
            client.lastActivityNs = System.nanoTime();
            client.reconnect(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.failoverTimeoutMs));
            return client;
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
    }

    /**
     * This client's id: the key under which the service deduplicates its messages.
     *
     * @return the client id.
     */
    public long clientId()
    {
        return clientId;
    }

    /**
     * Send one inbound SBE message (header included). It is kept until acknowledged and sent again after a leader
     * change. Does not wait for the acknowledgement. While ingress is back-pressured it reads egress, and the outputs
     * go to the handler of the last {@link #poll(OutboundMessageHandler, int)}, so none is lost.
     *
     * @param buffer holding the message.
     * @param offset at which it starts.
     * @param length of the message.
     * @throws ClusterUnavailableException if the cluster has been unreachable for the failover timeout.
     */
    public void send(final DirectBuffer buffer, final int offset, final int length)
    {
        final long msgNo = ++lastMsgNo;
        final int frameLength = ClusterProtocol.EVENT_HEADER_LENGTH + length;
        final int at = frameLimit;
        frames.putInt(at + ClusterProtocol.TYPE_OFFSET, ClusterProtocol.EVENT, ORDER);
        frames.putLong(at + ClusterProtocol.CLIENT_ID_OFFSET, clientId, ORDER);
        frames.putLong(at + ClusterProtocol.MSG_NO_OFFSET, msgNo, ORDER);
        frames.putBytes(at + ClusterProtocol.EVENT_HEADER_LENGTH, buffer, offset, length);
        frameLimit += frameLength;
        frameOffsets.addInt(at);
        frameLengths.addInt(frameLength);
        frameNumbers.addLong(msgNo);
        pendingTail++;
        if (!resendNeeded)
        {
            if (!offerFrame(pendingTail - 1))
            {
                resendNeeded = true;
            }
        }
        service();
    }

    /**
     * Deliver received outputs, each once and in order, and keep the session alive (reconnecting and resending as
     * needed).
     *
     * @param handler receiving each output with the seq of the event that caused it.
     * @param limit   most egress fragments to read.
     * @return the number of fragments read.
     * @throws ClusterUnavailableException if the cluster has been unreachable for the failover timeout.
     */
    public int poll(final OutboundMessageHandler handler, final int limit)
    {
        this.handler = handler;
        int fragments = 0;
        if (null != cluster && !cluster.isClosed())
        {
            fragments = cluster.pollEgress();
        }
        service();
        return fragments;
    }

    /**
     * Wait until every message sent is acknowledged, delivering outputs to the handler meanwhile.
     *
     * @param handler   receiving outputs.
     * @param timeoutMs how long to wait.
     * @throws ClusterUnavailableException if they are not acknowledged in time.
     */
    public void awaitAcknowledged(final OutboundMessageHandler handler, final long timeoutMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (ackedMsgNo < lastMsgNo || awaitingResend)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new ClusterUnavailableException("the cluster acknowledged " + ackedMsgNo + " of " + lastMsgNo +
                    " messages of client " + Long.toHexString(clientId) + " in " + timeoutMs + " ms (" +
                    describeLeader() + "); a message is applied only once a majority of the members has it, so " +
                    "the unacknowledged ones were not applied if no majority is running");
            }
            if (0 == poll(handler, 64))
            {
                idle.idle();
            }
            else
            {
                idle.reset();
            }
        }
    }

    /**
     * Messages sent so far.
     *
     * @return the number of the last message sent.
     */
    public long sentCount()
    {
        return lastMsgNo;
    }

    /**
     * Messages acknowledged so far.
     *
     * @return the number of the last message acknowledged.
     */
    public long acknowledgedCount()
    {
        return ackedMsgNo;
    }

    /**
     * Seq the cluster gave this client's first message, 0 before it is known.
     *
     * @return the first seq.
     */
    public long firstSeq()
    {
        return firstSeq;
    }

    /**
     * Seq of the last acknowledged message, 0 before the first.
     *
     * @return the seq.
     */
    public long acknowledgedSeq()
    {
        return ackedSeq;
    }

    /**
     * Leader changes seen.
     *
     * @return the count.
     */
    public long failovers()
    {
        return failovers;
    }

    /**
     * Acknowledgements that showed outputs missing (egress dropped while the session was not connected), each
     * answered with a resend.
     *
     * @return the count.
     */
    public long missedOutputs()
    {
        return missedOutputs;
    }

    /**
     * Sessions opened again after the previous one was lost.
     *
     * @return the count.
     */
    public long reconnects()
    {
        return reconnects;
    }

    /**
     * The leader's member id, -1 when not connected.
     *
     * @return the leader.
     */
    public int leaderMemberId()
    {
        return null == cluster || cluster.isClosed() ? -1 : cluster.leaderMemberId();
    }

    /**
     * Close the session and the embedded media driver.
     */
    public void close()
    {
        CloseHelper.quietClose(cluster);
        cluster = null;
        CloseHelper.quietClose(driver);
    }

    private void service()
    {
        final long now = System.nanoTime();
        if (null == cluster || cluster.isClosed())
        {
            reconnect(now + TimeUnit.MILLISECONDS.toNanos(ctx.failoverTimeoutMs));
            return;
        }
        if (resendNeeded)
        {
            resendPending();
        }
        if (now - lastActivityNs > TimeUnit.MILLISECONDS.toNanos(ctx.keepAliveIntervalMs))
        {
            if (cluster.sendKeepAlive())
            {
                lastActivityNs = now;
            }
        }
        if (resendNeeded || (ackedMsgNo < lastMsgNo && isIngressDown()))
        {
            if (0 == unavailableSinceNs)
            {
                unavailableSinceNs = now;
            }
            else if (now - unavailableSinceNs > TimeUnit.MILLISECONDS.toNanos(ctx.failoverTimeoutMs))
            {
                unavailableSinceNs = 0;
                throw new ClusterUnavailableException("no cluster leader has taken client " +
                    Long.toHexString(clientId) + "'s messages for " + ctx.failoverTimeoutMs + " ms (" +
                    describeLeader() + "); " + (lastMsgNo - ackedMsgNo) + " messages unacknowledged and not " +
                    "applied without a majority of the members");
            }
        }
        else
        {
            unavailableSinceNs = 0;
        }
    }

    private boolean isIngressDown()
    {
        final Publication ingress = cluster.ingressPublication();
        return null == ingress || !ingress.isConnected();
    }

    private String describeLeader()
    {
        return null == cluster || cluster.isClosed() ? "no session with a leader at " + ctx.ingressEndpoints :
            "leader member " + cluster.leaderMemberId() + (isIngressDown() ? ", not reachable" : "");
    }

    private void reconnect(final long deadlineNs)
    {
        final boolean wasConnected = null != cluster;
        CloseHelper.quietClose(cluster);
        cluster = null;
        RuntimeException last = null;
        while (System.nanoTime() - deadlineNs < 0)
        {
            try
            {
                final AeronCluster.Context clusterCtx = new AeronCluster.Context()
                    .ingressEndpoints(ctx.ingressEndpoints)
                    .ingressChannel("aeron:udp?term-length=" + ClusterNode.TERM_LENGTH)
                    .egressChannel(ctx.egressChannel)
                    .messageTimeoutNs(TimeUnit.MILLISECONDS.toNanos(ctx.connectTimeoutMs))
                    .egressListener(listener);
                clusterCtx.aeronDirectoryName(null != driver ? driver.aeronDirectoryName() : ctx.aeronDirectoryName);
                cluster = AeronCluster.connect(clusterCtx);
                lastOutputNo = 0;
                lastActivityNs = System.nanoTime();
                if (wasConnected)
                {
                    reconnects++;
                    ctx.log.println("perp-risk cluster client " + Long.toHexString(clientId) +
                        ": new session with leader member " + cluster.leaderMemberId());
                }
                if (wasConnected || pendingTail > pendingHead)
                {
                    startResend();
                }
                return;
            }
            catch (final RuntimeException ex)
            {
                last = ex;
            }
        }
        throw new ClusterUnavailableException("no cluster leader answered at " + ctx.ingressEndpoints + " within " +
            ctx.failoverTimeoutMs + " ms (a leader needs a majority of the members running)" +
            (null != last ? ": " + last.getMessage() : ""), last);
    }

    private void startResend()
    {
        resendNeeded = true;
        resendPending();
    }

    private void resendPending()
    {
        for (int i = pendingHead; i < pendingTail; i++)
        {
            if (!offerFrame(i))
            {
                return;
            }
        }
        control.putInt(ClusterProtocol.TYPE_OFFSET, ClusterProtocol.RESEND, ORDER);
        control.putLong(ClusterProtocol.CLIENT_ID_OFFSET, clientId, ORDER);
        control.putLong(ClusterProtocol.MSG_NO_OFFSET, cursorSeq, ORDER);
        if (offer(control, 0, ClusterProtocol.RESEND_LENGTH))
        {
            resendNeeded = false;
            awaitingResend = true;
        }
    }

    private boolean offerFrame(final int index)
    {
        return offer(frames, frameOffsets.getInt(index), frameLengths.getInt(index));
    }

    private boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == cluster || cluster.isClosed())
        {
            return false;
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.connectTimeoutMs);
        while (true)
        {
            final long result = cluster.offer(buffer, offset, length);
            if (result > 0)
            {
                lastActivityNs = System.nanoTime();
                return true;
            }
            if (Publication.NOT_CONNECTED == result || Publication.CLOSED == result ||
                Publication.MAX_POSITION_EXCEEDED == result || System.nanoTime() - deadline > 0)
            {
                return false;
            }
            cluster.pollEgress();
            idle.idle();
        }
    }

    private void onAck(final long msgNo, final long seq, final long first, final int outputs)
    {
        if (0 == firstSeq && first > 0)
        {
            firstSeq = first;
        }
        if (msgNo <= ackedMsgNo)
        {
            return;
        }
        if (outputs > 0 && !awaitingResend &&
            (cursorSeq < seq || (cursorSeq == seq && cursorIndex + 1 < outputs)))
        {
            missedOutputs++;
            resendNeeded = true;
        }
        ackedMsgNo = msgNo;
        ackedSeq = seq;
        while (pendingHead < pendingTail && frameNumbers.getLong(pendingHead) <= msgNo)
        {
            pendingHead++;
        }
        if (pendingHead == pendingTail)
        {
            pendingHead = 0;
            pendingTail = 0;
            frameLimit = 0;
            frameOffsets.clear();
            frameLengths.clear();
            frameNumbers.clear();
        }
        else if (pendingHead >= COMPACT_THRESHOLD)
        {
            compact();
        }
    }

    private void compact()
    {
        final int base = frameOffsets.getInt(pendingHead);
        final int count = pendingTail - pendingHead;
        frames.putBytes(0, frames, base, frameLimit - base);
        frameLimit -= base;
        for (int i = 0; i < count; i++)
        {
            frameOffsets.setInt(i, frameOffsets.getInt(pendingHead + i) - base);
            frameLengths.setInt(i, frameLengths.getInt(pendingHead + i));
            frameNumbers.setLong(i, frameNumbers.getLong(pendingHead + i));
        }
        while (frameOffsets.size() > count)
        {
            frameOffsets.removeAt(frameOffsets.size() - 1);
            frameLengths.removeAt(frameLengths.size() - 1);
            frameNumbers.removeAt(frameNumbers.size() - 1);
        }
        pendingHead = 0;
        pendingTail = count;
    }

    private void onOutput(final DirectBuffer buffer, final int offset, final int length)
    {
        final long seq = buffer.getLong(offset + ClusterProtocol.OUTPUT_SEQ_OFFSET, ORDER);
        final int index = buffer.getInt(offset + ClusterProtocol.OUTPUT_INDEX_OFFSET, ORDER);
        if (seq < cursorSeq || (seq == cursorSeq && index <= cursorIndex))
        {
            return;
        }
        cursorSeq = seq;
        cursorIndex = index;
        if (null != handler)
        {
            handler.onOutbound(seq, buffer, offset + ClusterProtocol.OUTPUT_HEADER_LENGTH,
                length - ClusterProtocol.OUTPUT_HEADER_LENGTH);
        }
    }

    private static long newClientId()
    {
        long id = 0;
        while (0 == id)
        {
            id = new SecureRandom().nextLong();
        }
        return id;
    }

    private final class Listener implements EgressListener
    {
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            final int type = buffer.getInt(offset + ClusterProtocol.TYPE_OFFSET, ORDER);
            switch (type)
            {
                case ClusterProtocol.OUTPUT:
                    if (!awaitingResend)
                    {
                        final long outputNo = buffer.getLong(offset + ClusterProtocol.OUTPUT_NO_OFFSET, ORDER);
                        if (lastOutputNo > 0 && outputNo != lastOutputNo + 1)
                        {
                            missedOutputs++;
                            resendNeeded = true;
                            awaitingResend = true;
                        }
                        else
                        {
                            lastOutputNo = outputNo;
                            onOutput(buffer, offset, length);
                        }
                    }
                    break;
                case ClusterProtocol.RESENT_OUTPUT:
                    if (awaitingResend)
                    {
                        onOutput(buffer, offset, length);
                    }
                    break;
                case ClusterProtocol.RESEND_END:
                    if (clientId == buffer.getLong(offset + ClusterProtocol.CLIENT_ID_OFFSET, ORDER) &&
                        !resendNeeded)
                    {
                        awaitingResend = false;
                        lastOutputNo = buffer.getLong(offset + ClusterProtocol.OUTPUT_NO_OFFSET, ORDER);
                    }
                    break;
                case ClusterProtocol.ACK:
                    if (clientId == buffer.getLong(offset + ClusterProtocol.CLIENT_ID_OFFSET, ORDER))
                    {
                        onAck(buffer.getLong(offset + ClusterProtocol.MSG_NO_OFFSET, ORDER),
                            buffer.getLong(offset + ClusterProtocol.ACK_SEQ_OFFSET, ORDER),
                            buffer.getLong(offset + ClusterProtocol.ACK_FIRST_SEQ_OFFSET, ORDER),
                            buffer.getInt(offset + ClusterProtocol.ACK_OUTPUTS_OFFSET, ORDER));
                    }
                    break;
                case ClusterProtocol.GAP:
                    if (clientId == buffer.getLong(offset + ClusterProtocol.CLIENT_ID_OFFSET, ORDER))
                    {
                        resendNeeded = true;
                    }
                    break;
                default:
                    break;
            }
        }

        public void onSessionEvent(
            final long correlationId,
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final EventCode code,
            final String detail)
        {
            if (EventCode.CLOSED == code || EventCode.ERROR == code)
            {
                ctx.log.println("perp-risk cluster client " + Long.toHexString(clientId) + ": session " + code +
                    (null != detail && !detail.isEmpty() ? " (" + detail + ")" : ""));
            }
        }

        public void onNewLeader(
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final String ingressEndpoints)
        {
            failovers++;
            resendNeeded = true;
            ctx.log.println("perp-risk cluster client " + Long.toHexString(clientId) + ": new leader member " +
                leaderMemberId + " (term " + leadershipTermId + ")");
        }
    }

    /**
     * Connection settings. Fluent setters.
     */
    public static final class Context
    {
        private String ingressEndpoints = ClusterTopology.loopback(3, ClusterTopology.BASE_PORT_DEFAULT)
            .ingressEndpoints();
        private String egressChannel = "aeron:udp?endpoint=localhost:0";
        private String aeronDirectoryName;
        private long clientId;
        private long connectTimeoutMs = 2_000;
        private long failoverTimeoutMs = 30_000;
        private long keepAliveIntervalMs = 1_000;
        private PrintStream log = System.err;

        /**
         * The members' client ingress endpoints, {@code 0=host:port,1=host:port,...}
         * ({@link ClusterTopology#ingressEndpoints()}).
         *
         * @param ingressEndpoints the endpoints.
         * @return this for a fluent API.
         */
        public Context ingressEndpoints(final String ingressEndpoints)
        {
            this.ingressEndpoints = ingressEndpoints;
            return this;
        }

        /**
         * The channel the leader's egress comes back on; default {@code aeron:udp?endpoint=localhost:0}. Across
         * machines use this machine's address reachable from the members.
         *
         * @param egressChannel the channel.
         * @return this for a fluent API.
         */
        public Context egressChannel(final String egressChannel)
        {
            this.egressChannel = egressChannel;
            return this;
        }

        /**
         * Use a running media driver instead of launching one.
         *
         * @param aeronDirectoryName its directory, or null to launch an embedded one (default).
         * @return this for a fluent API.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * The client id under which the service deduplicates; default random. Reuse one only after the client
         * that had it is gone, and continue its numbering.
         *
         * @param clientId non-zero id.
         * @return this for a fluent API.
         */
        public Context clientId(final long clientId)
        {
            this.clientId = clientId;
            return this;
        }

        /**
         * Timeout of one connect attempt, and of a back-pressured offer.
         *
         * @param connectTimeoutMs milliseconds.
         * @return this for a fluent API.
         */
        public Context connectTimeoutMs(final long connectTimeoutMs)
        {
            this.connectTimeoutMs = connectTimeoutMs;
            return this;
        }

        /**
         * How long the cluster may be without a reachable leader before the client gives up with
         * {@link ClusterUnavailableException}.
         *
         * @param failoverTimeoutMs milliseconds.
         * @return this for a fluent API.
         */
        public Context failoverTimeoutMs(final long failoverTimeoutMs)
        {
            this.failoverTimeoutMs = failoverTimeoutMs;
            return this;
        }

        /**
         * Where the client reports leader changes and reconnects; default {@code System.err}.
         *
         * @param log the stream.
         * @return this for a fluent API.
         */
        public Context log(final PrintStream log)
        {
            this.log = log;
            return this;
        }
    }
}
