package io.perprisk.perf.latency;

import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.OrderRejectedDecoder;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.client.RiskClient;
import io.perprisk.gateway.service.PerpRiskConfiguration;
import io.perprisk.gateway.service.PerpRiskService;
import io.perprisk.perf.InboundEncoder;
import io.perprisk.perf.TempDirs;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The whole service in this process with its defaults (embedded media driver in shared mode, IPC, one shared agent
 * thread for ingress, engine stage and egress, Chronicle journals in a temporary directory): a {@link RiskClient}
 * sends {@code NewOrder}s and their cancels on the trading stream, and each {@code OrderAccepted} (or
 * {@code OrderRejected}) coming back on egress is measured. The path is Aeron IPC, ingress checks, ring, inbound
 * journal, engine, outbound journal, egress, Aeron IPC.
 * <p>
 * Periodic snapshots are switched off so that the measured per-event latency does not include writing one; the service
 * still writes its final snapshot at close.
 */
public final class ServiceTarget extends OpenLoopTarget
{
    private static final long MARK = 50_000 * InboundEncoder.ONE;
    private static final long TICK = InboundEncoder.ONE / 10;
    private static final long LOT = InboundEncoder.ONE / 1000;

    private final Path journalDir;
    private final PerpRiskService service;
    private final RiskClient client;
    private final int accounts;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final OutboundHandler handler = this::onOutbound;
    private final OutboundHandler discard = (seq, buffer, offset, length) ->
    {
    };
    private long sent;
    private long seqBase;
    private long nextOrderId = 1;
    private long phaseOrderIdBase;

    /**
     * Launch the service, connect a client and set up one instrument and accounts with deposits.
     *
     * @param accounts     number of accounts the orders rotate over.
     * @param idleStrategy of the service's agent thread, by {@code PerpRiskConfiguration.idleStrategy} name.
     */
    public ServiceTarget(final int accounts, final String idleStrategy)
    {
        this.accounts = accounts;
        journalDir = TempDirs.create("perp-risk-bench-journal");
        service = PerpRiskService.launch(new PerpRiskService.Context()
            .aeronDirectoryName(PerpRiskConfiguration.uniqueTempDir("perp-risk-bench-aeron"))
            .journalDir(journalDir.toString())
            .snapshotIntervalEvents(Long.MAX_VALUE / 2)
            .idleStrategy(idleStrategy)
            .shutdownTimeoutMs(5_000));
        client = RiskClient.connect(new RiskClient.Context()
            .aeronDirectoryName(service.context().aeronDirectoryName())
            .ordered(true)
            .sendTimeoutMs(10_000));
        if (!client.awaitConnected(10_000))
        {
            close();
            throw new IllegalStateException("client did not connect to the service");
        }
        client.assetDefinition(1, "USDT", InboundEncoder.ONE, InboundEncoder.ONE);
        client.instrumentDefinition(1, "BTC-PERP", 1, TICK, LOT, InboundEncoder.ONE / 200, InboundEncoder.ONE / 20,
            InboundEncoder.ONE * 8 / 10,
            new long[]{ 100_000 * InboundEncoder.ONE, 1_000_000 * InboundEncoder.ONE, 5_000_000 * InboundEncoder.ONE },
            new int[]{ 50, 20, 10 },
            new long[]{ InboundEncoder.ONE / 100, InboundEncoder.ONE / 40, InboundEncoder.ONE / 20 });
        client.markPrice(1, MARK, 1);
        sent = 3;
        for (long a = 1; a <= accounts; a++)
        {
            client.accountOpen(a);
            client.deposit(a, 1, 1_000_000 * InboundEncoder.ONE);
            sent += 2;
        }
    }

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "perp-risk service";
    }

    /**
     * The running service, for its counters.
     *
     * @return the service.
     */
    public PerpRiskService service()
    {
        return service;
    }

    /**
     * {@inheritDoc}
     */
    protected void beforePhase()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (service.lastAppliedSeq() < sent)
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException(
                    "service applied " + service.lastAppliedSeq() + " of " + sent + " events");
            }
            client.poll(discard, 256);
        }
        while (client.poll(discard, 256) > 0)
        {
            Thread.onSpinWait();
        }
        seqBase = sent + 1;
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
            client.newOrder(orderId, accountId, 1, Side.BUY, MARK - 10 * TICK, LOT, false);
        }
        else
        {
            client.orderCanceled(orderId, accountId, 1, LOT);
        }
        nextOrderId = orderId + 1;
        sent++;
    }

    /**
     * {@inheritDoc}
     */
    protected int poll()
    {
        return client.poll(handler, 64);
    }

    private void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
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
     * Close the client and the service and delete the journal.
     */
    public void close()
    {
        try
        {
            CloseHelper.closeAll(client, service);
        }
        catch (final UnsupportedOperationException ex)
        {
            System.err.println("perp-risk bench: service closed without its final snapshot: " + ex.getMessage());
        }
        finally
        {
            TempDirs.delete(journalDir);
        }
    }
}
