package io.perprisk.perf.latency;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.gateway.service.PerpRiskConfiguration;
import io.perprisk.perf.InboundEncoder;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The baseline: the same messages through a raw Aeron IPC echo (one subscription republished on another stream by an
 * agent on its own thread) on an embedded media driver configured like the service's (shared threading mode, the
 * same back-off idle strategies and term length). Only the transport, no validation, ring, journal or engine.
 */
public final class AeronEchoTarget extends OpenLoopTarget
{
    private static final int REQUEST_STREAM_ID = 3001;
    private static final int RESPONSE_STREAM_ID = 3002;

    private final MediaDriver driver;
    private final Aeron aeron;
    private final AgentRunner echoRunner;
    private final ExclusivePublication requests;
    private final Subscription responses;
    private final InboundEncoder encoder = new InboundEncoder();
    private final UnsafeBuffer buffer =
        new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, BitUtil.CACHE_LINE_LENGTH));
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final FragmentHandler responseHandler = this::onResponseFragment;
    private final FragmentHandler discardHandler = (buffer, offset, length, header) ->
    {
    };
    private long orderIdBase = 1;
    private long phaseOrderIdBase;

    /**
     * Launch the driver, the echo agent and the client side.
     */
    public AeronEchoTarget()
    {
        final String dir = PerpRiskConfiguration.uniqueTempDir("perp-risk-bench-echo");
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 1_000_000))
            .ipcTermBufferLength(PerpRiskConfiguration.TERM_LENGTH_DEFAULT)
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        final Subscription echoIn = aeron.addSubscription("aeron:ipc", REQUEST_STREAM_ID);
        final ExclusivePublication echoOut = aeron.addExclusivePublication("aeron:ipc", RESPONSE_STREAM_ID);
        requests = aeron.addExclusivePublication("aeron:ipc", REQUEST_STREAM_ID);
        responses = aeron.addSubscription("aeron:ipc", RESPONSE_STREAM_ID);
        echoRunner = new AgentRunner(
            PerpRiskConfiguration.idleStrategy(PerpRiskConfiguration.IDLE_STRATEGY_DEFAULT),
            Throwable::printStackTrace,
            null,
            new EchoAgent(echoIn, echoOut));
        AgentRunner.startOnThread(echoRunner);
        final long deadlineNs = System.nanoTime() + 10_000_000_000L;
        while (!(requests.isConnected() && echoOut.isConnected() && responses.isConnected()))
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("echo publications did not connect");
            }
            Thread.yield();
        }
    }

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "raw Aeron IPC echo";
    }

    /**
     * {@inheritDoc}
     */
    protected void beforePhase()
    {
        while (responses.poll(discardHandler, 256) > 0)
        {
            Thread.onSpinWait();
        }
        phaseOrderIdBase = orderIdBase;
    }

    /**
     * {@inheritDoc}
     */
    protected void send(final long index)
    {
        final long orderId = phaseOrderIdBase + index / 2;
        final int length = (index & 1) == 0 ?
            encoder.newOrder(buffer, 0, orderId, 1, 1, true, 4_999_000_000_000L, 100_000L) :
            encoder.orderCanceled(buffer, 0, orderId, 1, 1);
        orderIdBase = Math.max(orderIdBase, orderId + 1);
        while (true)
        {
            final long result = requests.offer(buffer, 0, length);
            if (result > 0)
            {
                return;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("echo request publication failed: " + result);
            }
            Thread.onSpinWait();
        }
    }

    /**
     * {@inheritDoc}
     */
    protected int poll()
    {
        return responses.poll(responseHandler, 64);
    }

    private void onResponseFragment(
        final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.templateId() == NewOrderDecoder.TEMPLATE_ID)
        {
            newOrderDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
            final long index = (newOrderDecoder.orderId() - phaseOrderIdBase) * 2;
            if (index >= 0)
            {
                onResponse(index, false);
            }
        }
    }

    /**
     * Stop the echo agent and close everything.
     */
    public void close()
    {
        CloseHelper.closeAll(echoRunner, requests, responses, aeron, driver);
    }

    /**
     * Republishes every fragment of one stream on another, retrying while back-pressured.
     */
    static final class EchoAgent implements Agent, FragmentHandler
    {
        private final Subscription in;
        private final ExclusivePublication out;

        EchoAgent(final Subscription in, final ExclusivePublication out)
        {
            this.in = in;
            this.out = out;
        }

        /**
         * {@inheritDoc}
         */
        public int doWork()
        {
            return in.poll(this, 64);
        }

        /**
         * {@inheritDoc}
         */
        public void onFragment(
            final DirectBuffer buffer, final int offset, final int length,
            final Header header)
        {
            while (out.offer(buffer, offset, length) < 0)
            {
                if (out.isClosed())
                {
                    return;
                }
                Thread.onSpinWait();
            }
        }

        /**
         * {@inheritDoc}
         */
        public String roleName()
        {
            return "perp-risk-bench-echo";
        }
    }
}
