package io.perprisk.perf.latency;

import io.perprisk.cluster.ClusterNode;
import io.perprisk.cluster.ClusterRiskClient;
import io.perprisk.cluster.ClusterTopology;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.OrderRejectedDecoder;
import io.perprisk.codecs.OutboundMessageHandler;
import io.perprisk.perf.InboundEncoder;
import io.perprisk.perf.TempDirs;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The engine replicated on a 3-member Aeron Cluster in this process (each member with its own media driver, archive,
 * consensus module and journal, on loopback UDP): a {@link ClusterRiskClient} sends {@code NewOrder}s and their
 * cancels, and each {@code OrderAccepted} (or {@code OrderRejected}) coming back from the leader is measured. The path
 * is UDP ingress to the leader, the log replicated to the followers and committed by a majority, the leader's
 * service (inbound journal, engine, outbound journal), UDP egress.
 */
public final class ClusterTarget extends OpenLoopTarget
{
    private static final long MARK = 50_000 * InboundEncoder.ONE;
    private static final long TICK = InboundEncoder.ONE / 10;
    private static final long LOT = InboundEncoder.ONE / 1000;

    private final Path dir;
    private final ClusterNode[] nodes = new ClusterNode[3];
    private final ClusterRiskClient client;
    private final int accounts;
    private final InboundEncoder encoder = new InboundEncoder();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final OutboundMessageHandler handler = this::onOutbound;
    private final OutboundMessageHandler discard = (seq, b, o, l) ->
    {
    };
    private long sent;
    private long seqBase;
    private long nextOrderId = 1;
    private long phaseOrderIdBase;

    /**
     * Launch three members and connect a client; set up one instrument and accounts with deposits.
     *
     * @param accounts number of accounts the orders rotate over.
     */
    public ClusterTarget(final int accounts)
    {
        this.accounts = accounts;
        dir = TempDirs.create("perp-risk-bench-cluster");
        final ClusterTopology topology = ClusterTopology.loopback(3,
            30_000 + ThreadLocalRandom.current().nextInt(0, 500) * 30);
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try
        {
            for (int id = 0; id < 3; id++)
            {
                nodes[id] = ClusterNode.launch(new ClusterNode.Settings()
                    .memberId(id)
                    .dir(dir)
                    .topology(topology)
                    .journalSnapshotIntervalEvents(Long.MAX_VALUE / 2)
                    .log(quiet), () ->
                    {
                    });
            }
        }
        catch (final IOException ex)
        {
            close();
            throw new IllegalStateException(ex);
        }
        client = ClusterRiskClient.connect(new ClusterRiskClient.Context()
            .ingressEndpoints(topology.ingressEndpoints())
            .failoverTimeoutMs(60_000));
        send(encoder.assetDefinition(buffer, 0, 1, InboundEncoder.ONE, InboundEncoder.ONE));
        send(encoder.instrumentDefinition(buffer, 0, 1, 1, TICK, LOT));
        send(encoder.markPrice(buffer, 0, 1, MARK, 1));
        for (long a = 1; a <= accounts; a++)
        {
            send(encoder.accountOpen(buffer, 0, a));
            send(encoder.deposit(buffer, 0, a, 1, 1_000_000 * InboundEncoder.ONE));
        }
    }

    private void send(final int length)
    {
        client.send(buffer, 0, length);
        sent++;
    }

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "perp-risk 3-member cluster";
    }

    /**
     * {@inheritDoc}
     */
    protected void beforePhase()
    {
        client.awaitAcknowledged(discard, 60_000);
        seqBase = client.acknowledgedSeq() + 1;
        phaseOrderIdBase = nextOrderId;
    }

    /**
     * {@inheritDoc}
     */
    protected void send(final long index)
    {
        final long orderId = phaseOrderIdBase + index / 2;
        final long accountId = 1 + (orderId % accounts);
        if ((index & 1) == 0)
        {
            send(encoder.newOrder(buffer, 0, orderId, accountId, 1, true, MARK - 10 * TICK, LOT));
        }
        else
        {
            send(encoder.orderCanceled(buffer, 0, orderId, accountId, 1));
        }
        nextOrderId = orderId + 1;
    }

    /**
     * {@inheritDoc}
     */
    protected int poll()
    {
        return client.poll(handler, 64);
    }

    private void onOutbound(final long seq, final DirectBuffer message, final int offset, final int length)
    {
        headerDecoder.wrap(message, offset);
        final int templateId = headerDecoder.templateId();
        if (templateId == OrderAcceptedDecoder.TEMPLATE_ID || templateId == OrderRejectedDecoder.TEMPLATE_ID)
        {
            final long index = seq - seqBase;
            if (index >= 0)
            {
                onResponse(index, templateId == OrderRejectedDecoder.TEMPLATE_ID);
            }
        }
    }

    /**
     * Close the client and the members and delete their directories.
     */
    public void close()
    {
        try
        {
            CloseHelper.quietClose(client);
            for (int id = 2; id >= 0; id--)
            {
                CloseHelper.quietClose(nodes[id]);
            }
        }
        finally
        {
            TempDirs.delete(dir);
        }
    }
}
