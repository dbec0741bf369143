package io.perprisk.gateway.service;

import io.perprisk.codecs.FrameLimits;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.gateway.egress.EgressAgent;
import io.perprisk.gateway.engine.ChronicleEngineJournal;
import io.perprisk.journal.EngineFactory;
import io.perprisk.journal.JournalPretoucher;
import io.perprisk.gateway.engine.EngineJournal;
import io.perprisk.gateway.engine.EngineJournalFactory;
import io.perprisk.gateway.engine.EngineStage;
import io.perprisk.gateway.engine.EngineStageExceptionHandler;
import io.perprisk.gateway.engine.InMemoryEngineJournal;
import io.perprisk.gateway.ingress.FrameValidator;
import io.perprisk.gateway.ingress.InboundSlot;
import io.perprisk.gateway.ingress.IngressAgent;
import io.perprisk.client.StreamRole;
import io.perprisk.gateway.monitor.AnswerLatencyRecorder;
import io.perprisk.gateway.monitor.MonitorServer;
import io.perprisk.gateway.status.GatewayCounters;
import io.perprisk.gateway.status.OutboundCounters;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.net.InetSocketAddress;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.perprisk.gateway.service.PerpRiskConfiguration.*;

/**
 * The running perp-risk service: Aeron ingress (one subscription per source) → Disruptor ring → engine stage
 * (journal + engine) → outbound journal → Aeron egress, with counters in Aeron's counters file.
 * <p>
 * Launch with {@link #launch(Context)}; {@link #close()} shuts down cleanly: ingress stops taking frames, the ring
 * drains, egress publishes what is committed (while a consumer is connected, within the shutdown timeout), the
 * agents stop, the engine is snapshotted and everything is closed.
 */
public final class PerpRiskService implements AutoCloseable
{
    private final Context ctx;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final GatewayCounters counters;
    private final EngineJournal journal;
    private final RingBuffer<InboundSlot> ring;
    private final IngressAgent ingress;
    private final EngineStage engineStage;
    private final EgressAgent egress;
    private final Publication egressPublication;
    private final MonitorServer monitor;
    private final List<AgentRunner> runners = new ArrayList<>();
    private boolean closed;

    private PerpRiskService(final Context ctx)
    {
        this.ctx = ctx;
        MediaDriver driver = null;
        Aeron aeron = null;
        GatewayCounters counters = null;
        EngineJournal journal = null;
        MonitorServer monitor = null;
        try
        {
            if (ctx.embeddedDriver())
            {
                driver = MediaDriver.launch(ctx.driverContext());
            }
            aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(ctx.aeronDirectoryName())
                .errorHandler(ctx.errorHandler()));
            counters = new GatewayCounters(aeron::addCounter);
            journal = ctx.engineJournalFactory().newEngineJournal(new OutboundCounters(counters));
            final long lastSeq = journal.recover();

            ring = RingBuffer.createSingleProducer(
                InboundSlot.factory(ctx.slotLength()), ctx.ringSize(), new SleepingWaitStrategy());
            engineStage = new EngineStage(
                ring,
                journal,
                new EngineStageExceptionHandler(ctx.errorHandler(), counters.engineErrors()),
                counters,
                lastSeq,
                ctx.engineBatchLimit());

            final StreamRole[] roles = StreamRole.values();
            final Subscription[] subscriptions = new Subscription[roles.length];
            for (int i = 0; i < roles.length; i++)
            {
                subscriptions[i] = aeron.addSubscription(ctx.ingressChannel(), ctx.streamId(roles[i]));
            }
            ingress = new IngressAgent(
                subscriptions,
                roles,
                ring,
                new FrameValidator(FrameLimits.MAX_INBOUND_FRAME_LENGTH),
                ctx.epochNanoClock(),
                counters,
                lastSeq + 1,
                ctx.ingressFragmentLimit());

            egressPublication = aeron.addExclusivePublication(ctx.egressChannel(), ctx.egressStreamId());
            final long firstUnpublishedSeq = journal.firstUnpublishedSeq();
            egress = new EgressAgent(
                egressPublication,
                journal.newOutboundSource(ctx.egressFromSeq() > 0 ? ctx.egressFromSeq() : firstUnpublishedSeq),
                counters,
                ctx.egressBatchLimit());

            if (0 != ctx.httpPort())
            {
                final AnswerLatencyRecorder answerLatency = new AnswerLatencyRecorder(ctx.epochNanoClock());
                engineStage.answerLatency(answerLatency);
                monitor = MonitorServer.start(ctx.httpBind(), Math.max(0, ctx.httpPort()), counters,
                    journal.newOutboundSource(1), answerLatency, ctx.errorHandler());
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(monitor, journal, counters, aeron, driver);
            throw ex;
        }
        this.driver = driver;
        this.aeron = aeron;
        this.counters = counters;
        this.journal = journal;
        this.monitor = monitor;
    }

    /**
     * Launch the service and start its agents.
     *
     * @param ctx the configuration; concluded by this call.
     * @return the running service.
     */
    public static PerpRiskService launch(final Context ctx)
    {
        ctx.conclude();
        final PerpRiskService service = new PerpRiskService(ctx);
        service.start();
        return service;
    }

    private void start()
    {
        if (ctx.threadingMode() == GatewayThreadingMode.SHARED)
        {
            startRunner(new CompositeAgent(ingress, engineStage, egress));
        }
        else
        {
            startRunner(ingress);
            startRunner(engineStage);
            startRunner(egress);
        }
    }

    private void startRunner(final Agent agent)
    {
        final AgentRunner runner = new AgentRunner(
            PerpRiskConfiguration.idleStrategy(ctx.idleStrategy()), ctx.errorHandler(), null, agent);
        runners.add(runner);
        AgentRunner.startOnThread(runner);
    }

    /**
     * The configuration the service runs with.
     *
     * @return the concluded context.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * The service's counters.
     *
     * @return the counters.
     */
    public GatewayCounters counters()
    {
        return counters;
    }

    /**
     * The Aeron client of the service, for counters readers in tests and tools.
     *
     * @return the Aeron client.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * The HTTP endpoint (metrics and the monitor page), if {@code perp.http.port} turned it on.
     *
     * @return the running monitor server, or null when HTTP is off.
     */
    public MonitorServer monitor()
    {
        return monitor;
    }

    /**
     * Address of the HTTP endpoint, with the actual port.
     *
     * @return the address, or null when HTTP is off.
     */
    public InetSocketAddress httpAddress()
    {
        return null == monitor ? null : monitor.address();
    }

    /**
     * Sequence number of the last event journaled and applied; any thread.
     *
     * @return the last applied sequence number.
     */
    public long lastAppliedSeq()
    {
        return engineStage.lastSeq();
    }

    /**
     * Digest of the engine state. Only meaningful once the service is closed or quiescent. Cold path.
     *
     * @return the digest.
     */
    public String digest()
    {
        return journal.digest();
    }

    /**
     * Stop taking frames, drain the ring and egress, stop the agents, snapshot and close everything. Idempotent.
     * Failures (e.g. an engine that cannot snapshot) go to the error handler; everything is closed regardless.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;

        ingress.stopAccepting();
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.shutdownTimeoutMs());
        final BackoffIdleStrategy idle = new BackoffIdleStrategy();
        while (!engineStage.isDrained() && System.nanoTime() < deadlineNs)
        {
            idle.idle();
        }
        final long committed = counters.outboundPosition().get();
        while (counters.egressPosition().get() < committed && egressPublication.isConnected() &&
            System.nanoTime() < deadlineNs)
        {
            idle.idle();
        }

        CloseHelper.quietClose(monitor);
        CloseHelper.closeAll(runners);
        try
        {
            journal.snapshot();
        }
        catch (final RuntimeException ex)
        {
            ctx.errorHandler().onError(ex);
        }
        CloseHelper.closeAll(ctx.errorHandler(), journal, counters, aeron, driver);
    }

    /**
     * Configuration of the service, in the style of Aeron's {@code MediaDriver.Context}: fluent setters, defaults from
     * {@link PerpRiskConfiguration}, {@link #conclude()} once before use.
     */
    public static final class Context
    {
        private String aeronDirectoryName = AERON_DIR_DEFAULT;
        private boolean embeddedDriver = EMBEDDED_DRIVER_DEFAULT;
        private String driverThreadingMode = DRIVER_THREADING_MODE_DEFAULT;
        private int termLength = TERM_LENGTH_DEFAULT;
        private String ingressChannel = INGRESS_CHANNEL_DEFAULT;
        private int tradingStreamId = TRADING_STREAM_ID_DEFAULT;
        private int pricesStreamId = PRICES_STREAM_ID_DEFAULT;
        private int adminStreamId = ADMIN_STREAM_ID_DEFAULT;
        private String egressChannel = EGRESS_CHANNEL_DEFAULT;
        private int egressStreamId = EGRESS_STREAM_ID_DEFAULT;
        private int ringSize = RING_SIZE_DEFAULT;
        private int slotLength = SLOT_LENGTH_DEFAULT;
        private int ingressFragmentLimit = INGRESS_FRAGMENT_LIMIT_DEFAULT;
        private int engineBatchLimit = ENGINE_BATCH_LIMIT_DEFAULT;
        private int egressBatchLimit = EGRESS_BATCH_LIMIT_DEFAULT;
        private long egressFromSeq = EGRESS_FROM_SEQ_DEFAULT;
        private long snapshotIntervalEvents = SNAPSHOT_INTERVAL_EVENTS_DEFAULT;
        private long journalPretouchAheadBytes = JOURNAL_PRETOUCH_AHEAD_BYTES_DEFAULT;
        private GatewayThreadingMode threadingMode = GatewayThreadingMode.valueOf(THREADING_MODE_DEFAULT);
        private String idleStrategy = IDLE_STRATEGY_DEFAULT;
        private String journalDir = JOURNAL_DIR_DEFAULT;
        private int httpPort = HTTP_PORT_DEFAULT;
        private String httpBind = HTTP_BIND_DEFAULT;
        private int maxAccounts = MAX_ACCOUNTS_DEFAULT;
        private int maxInstruments = MAX_INSTRUMENTS_DEFAULT;
        private int maxAssets = MAX_ASSETS_DEFAULT;
        private long shutdownTimeoutMs = SHUTDOWN_TIMEOUT_MS_DEFAULT;
        private EngineFactory engineFactory;
        private EngineJournalFactory engineJournalFactory;
        private EpochNanoClock epochNanoClock;
        private ErrorHandler errorHandler;
        private MediaDriver.Context driverContext;
        private boolean concluded;

        /**
         * Apply every perp-risk key present in a set of properties; absent keys keep their current value.
         *
         * @param properties e.g. from {@link PerpRiskConfiguration#load}.
         * @return this for a fluent API.
         */
        public Context properties(final Properties properties)
        {
            aeronDirectoryName = properties.getProperty(AERON_DIR_PROP_NAME, aeronDirectoryName);
            embeddedDriver = Boolean.parseBoolean(
                properties.getProperty(EMBEDDED_DRIVER_PROP_NAME, Boolean.toString(embeddedDriver)));
            driverThreadingMode = properties.getProperty(DRIVER_THREADING_MODE_PROP_NAME, driverThreadingMode);
            termLength = intValue(properties, TERM_LENGTH_PROP_NAME, termLength);
            ingressChannel = properties.getProperty(INGRESS_CHANNEL_PROP_NAME, ingressChannel);
            tradingStreamId = intValue(properties, TRADING_STREAM_ID_PROP_NAME, tradingStreamId);
            pricesStreamId = intValue(properties, PRICES_STREAM_ID_PROP_NAME, pricesStreamId);
            adminStreamId = intValue(properties, ADMIN_STREAM_ID_PROP_NAME, adminStreamId);
            egressChannel = properties.getProperty(EGRESS_CHANNEL_PROP_NAME, egressChannel);
            egressStreamId = intValue(properties, EGRESS_STREAM_ID_PROP_NAME, egressStreamId);
            ringSize = intValue(properties, RING_SIZE_PROP_NAME, ringSize);
            slotLength = intValue(properties, SLOT_LENGTH_PROP_NAME, slotLength);
            ingressFragmentLimit = intValue(properties, INGRESS_FRAGMENT_LIMIT_PROP_NAME, ingressFragmentLimit);
            engineBatchLimit = intValue(properties, ENGINE_BATCH_LIMIT_PROP_NAME, engineBatchLimit);
            egressBatchLimit = intValue(properties, EGRESS_BATCH_LIMIT_PROP_NAME, egressBatchLimit);
            egressFromSeq = longValue(properties, EGRESS_FROM_SEQ_PROP_NAME, egressFromSeq);
            snapshotIntervalEvents = longValue(properties, SNAPSHOT_INTERVAL_EVENTS_PROP_NAME, snapshotIntervalEvents);
            journalPretouchAheadBytes =
                longValue(properties, JOURNAL_PRETOUCH_AHEAD_BYTES_PROP_NAME, journalPretouchAheadBytes);
            threadingMode = GatewayThreadingMode.valueOf(
                properties.getProperty(THREADING_MODE_PROP_NAME, threadingMode.name()));
            idleStrategy = properties.getProperty(IDLE_STRATEGY_PROP_NAME, idleStrategy);
            journalDir = properties.getProperty(JOURNAL_DIR_PROP_NAME, journalDir);
            maxAccounts = intValue(properties, MAX_ACCOUNTS_PROP_NAME, maxAccounts);
            maxInstruments = intValue(properties, MAX_INSTRUMENTS_PROP_NAME, maxInstruments);
            maxAssets = intValue(properties, MAX_ASSETS_PROP_NAME, maxAssets);
            shutdownTimeoutMs = longValue(properties, SHUTDOWN_TIMEOUT_MS_PROP_NAME, shutdownTimeoutMs);
            httpPort = intValue(properties, HTTP_PORT_PROP_NAME, httpPort);
            httpBind = properties.getProperty(HTTP_BIND_PROP_NAME, httpBind);
            return this;
        }

        private static long longValue(final Properties properties, final String name, final long current)
        {
            final String value = properties.getProperty(name);
            return null == value ? current : Long.parseLong(value.trim().replace("_", ""));
        }

        private static int intValue(final Properties properties, final String name, final int current)
        {
            final String value = properties.getProperty(name);
            return null == value ? current : Integer.parseInt(value.trim().replace("_", ""));
        }

        /**
         * Validate settings and fill in defaults that need other settings. Idempotent.
         *
         * @return this for a fluent API.
         * @throws IllegalStateException naming the first invalid setting.
         */
        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (!BitUtil.isPowerOfTwo(ringSize))
            {
                throw new IllegalStateException(RING_SIZE_PROP_NAME + " must be a power of two: " + ringSize);
            }
            if (slotLength < FrameLimits.MAX_INBOUND_FRAME_LENGTH)
            {
                throw new IllegalStateException(SLOT_LENGTH_PROP_NAME + " must be at least " +
                    FrameLimits.MAX_INBOUND_FRAME_LENGTH + " (the inbound frame limit): " + slotLength);
            }
            if (ingressFragmentLimit < 1 || engineBatchLimit < 1 || egressBatchLimit < 1)
            {
                throw new IllegalStateException("fragment and batch limits must be at least 1");
            }
            if (tradingStreamId == pricesStreamId || tradingStreamId == adminStreamId ||
                pricesStreamId == adminStreamId)
            {
                throw new IllegalStateException("the trading, prices and admin stream ids must differ");
            }
            PerpRiskConfiguration.idleStrategy(idleStrategy);
            if (httpPort < HTTP_PORT_EPHEMERAL || httpPort > 65_535)
            {
                throw new IllegalStateException(HTTP_PORT_PROP_NAME + " must be 0 (off), -1 (any) or a port: " +
                    httpPort);
            }
            if (null == errorHandler)
            {
                errorHandler = Throwable::printStackTrace;
            }
            if (null == epochNanoClock)
            {
                epochNanoClock = new SystemEpochNanoClock();
            }
            if (null == engineFactory)
            {
                final EngineConfiguration engineConfiguration = new EngineConfiguration()
                    .maxAccounts(maxAccounts)
                    .maxInstruments(maxInstruments)
                    .maxAssets(maxAssets)
                    .conclude();
                engineFactory = (handler) -> new PerpRiskEngine(engineConfiguration, handler);
            }
            if (snapshotIntervalEvents < 1)
            {
                throw new IllegalStateException(SNAPSHOT_INTERVAL_EVENTS_PROP_NAME + " must be at least 1");
            }
            if (journalPretouchAheadBytes != 0 && journalPretouchAheadBytes < JournalPretoucher.PAGE_SIZE)
            {
                throw new IllegalStateException(JOURNAL_PRETOUCH_AHEAD_BYTES_PROP_NAME + " must be 0 or at least " +
                    JournalPretoucher.PAGE_SIZE);
            }
            if (null == engineJournalFactory)
            {
                engineJournalFactory = null == journalDir || journalDir.isEmpty() ?
                    InMemoryEngineJournal.factory(engineFactory) :
                    ChronicleEngineJournal.factory(
                        Paths.get(journalDir), engineFactory, snapshotIntervalEvents, journalPretouchAheadBytes);
            }
            if (embeddedDriver && null == driverContext)
            {
                driverContext = new MediaDriver.Context()
                    .aeronDirectoryName(aeronDirectoryName)
                    .threadingMode(ThreadingMode.valueOf(driverThreadingMode))
                    .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 1_000_000))
                    .conductorIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 1_000_000))
                    .senderIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 1_000_000))
                    .receiverIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 1_000_000))
                    .ipcTermBufferLength(termLength)
                    .publicationTermBufferLength(termLength)
                    .termBufferSparseFile(true)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .errorHandler(errorHandler);
            }
            concluded = true;
            return this;
        }

        /**
         * Aeron directory of the media driver.
         *
         * @param aeronDirectoryName path of the directory.
         * @return this for a fluent API.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * Aeron directory of the media driver.
         *
         * @return the directory path.
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * Whether to launch an embedded media driver.
         *
         * @param embeddedDriver true to launch one.
         * @return this for a fluent API.
         */
        public Context embeddedDriver(final boolean embeddedDriver)
        {
            this.embeddedDriver = embeddedDriver;
            return this;
        }

        /**
         * Whether to launch an embedded media driver.
         *
         * @return true if the service launches one.
         */
        public boolean embeddedDriver()
        {
            return embeddedDriver;
        }

        /**
         * Context of the embedded media driver; built by {@link #conclude()} from the settings when not given.
         *
         * @param driverContext to launch the embedded driver with.
         * @return this for a fluent API.
         */
        public Context driverContext(final MediaDriver.Context driverContext)
        {
            this.driverContext = driverContext;
            return this;
        }

        /**
         * Context of the embedded media driver.
         *
         * @return the driver context, null before {@link #conclude()} unless set.
         */
        public MediaDriver.Context driverContext()
        {
            return driverContext;
        }

        /**
         * Threading mode of the embedded driver.
         *
         * @param mode name of an Aeron {@code ThreadingMode}.
         * @return this for a fluent API.
         */
        public Context driverThreadingMode(final String mode)
        {
            this.driverThreadingMode = mode;
            return this;
        }

        /**
         * Term buffer length of the embedded driver's publications.
         *
         * @param termLength power of two, at least 64 KiB.
         * @return this for a fluent API.
         */
        public Context termLength(final int termLength)
        {
            this.termLength = termLength;
            return this;
        }

        /**
         * Channel of the inbound streams.
         *
         * @param channel Aeron channel URI.
         * @return this for a fluent API.
         */
        public Context ingressChannel(final String channel)
        {
            this.ingressChannel = channel;
            return this;
        }

        /**
         * Channel of the inbound streams.
         *
         * @return the channel URI.
         */
        public String ingressChannel()
        {
            return ingressChannel;
        }

        /**
         * Stream id of an inbound source.
         *
         * @param role     of the source.
         * @param streamId to use.
         * @return this for a fluent API.
         */
        public Context streamId(final StreamRole role, final int streamId)
        {
            switch (role)
            {
                case TRADING:
                    tradingStreamId = streamId;
                    break;
                case PRICES:
                    pricesStreamId = streamId;
                    break;
                default:
                    adminStreamId = streamId;
                    break;
            }
            return this;
        }

        /**
         * Stream id of an inbound source.
         *
         * @param role of the source.
         * @return the stream id.
         */
        public int streamId(final StreamRole role)
        {
            switch (role)
            {
                case TRADING:
                    return tradingStreamId;
                case PRICES:
                    return pricesStreamId;
                default:
                    return adminStreamId;
            }
        }

        /**
         * Channel of the egress stream.
         *
         * @param channel Aeron channel URI.
         * @return this for a fluent API.
         */
        public Context egressChannel(final String channel)
        {
            this.egressChannel = channel;
            return this;
        }

        /**
         * Channel of the egress stream.
         *
         * @return the channel URI.
         */
        public String egressChannel()
        {
            return egressChannel;
        }

        /**
         * Stream id of the egress stream.
         *
         * @param streamId to use.
         * @return this for a fluent API.
         */
        public Context egressStreamId(final int streamId)
        {
            this.egressStreamId = streamId;
            return this;
        }

        /**
         * Stream id of the egress stream.
         *
         * @return the stream id.
         */
        public int egressStreamId()
        {
            return egressStreamId;
        }

        /**
         * Number of ring slots.
         *
         * @param ringSize power of two.
         * @return this for a fluent API.
         */
        public Context ringSize(final int ringSize)
        {
            this.ringSize = ringSize;
            return this;
        }

        /**
         * Number of ring slots.
         *
         * @return the ring size.
         */
        public int ringSize()
        {
            return ringSize;
        }

        /**
         * Length of a ring slot. Frames longer than {@link FrameLimits#MAX_INBOUND_FRAME_LENGTH} are refused whatever
         * the slot length, so that the service and the JSON Lines readers share one limit.
         *
         * @param slotLength in bytes, at least {@link FrameLimits#MAX_INBOUND_FRAME_LENGTH}.
         * @return this for a fluent API.
         */
        public Context slotLength(final int slotLength)
        {
            this.slotLength = slotLength;
            return this;
        }

        /**
         * Length of a ring slot.
         *
         * @return the slot length in bytes.
         */
        public int slotLength()
        {
            return slotLength;
        }

        /**
         * Most fragments polled per subscription per duty cycle.
         *
         * @param limit at least 1.
         * @return this for a fluent API.
         */
        public Context ingressFragmentLimit(final int limit)
        {
            this.ingressFragmentLimit = limit;
            return this;
        }

        /**
         * Most fragments polled per subscription per duty cycle.
         *
         * @return the limit.
         */
        public int ingressFragmentLimit()
        {
            return ingressFragmentLimit;
        }

        /**
         * Most events the engine stage handles per duty cycle.
         *
         * @param limit at least 1.
         * @return this for a fluent API.
         */
        public Context engineBatchLimit(final int limit)
        {
            this.engineBatchLimit = limit;
            return this;
        }

        /**
         * Most events the engine stage handles per duty cycle.
         *
         * @return the limit.
         */
        public int engineBatchLimit()
        {
            return engineBatchLimit;
        }

        /**
         * Most messages egress publishes per duty cycle.
         *
         * @param limit at least 1.
         * @return this for a fluent API.
         */
        public Context egressBatchLimit(final int limit)
        {
            this.egressBatchLimit = limit;
            return this;
        }

        /**
         * Most messages egress publishes per duty cycle.
         *
         * @return the limit.
         */
        public int egressBatchLimit()
        {
            return egressBatchLimit;
        }

        /**
         * First sequence number whose outputs egress publishes; 0 for the default (outputs not recorded before this
         * start, see {@link EngineJournal#firstUnpublishedSeq()}), 1 to publish the whole outbound journal.
         *
         * @param fromSeq sequence number, 0 for the default.
         * @return this for a fluent API.
         */
        public Context egressFromSeq(final long fromSeq)
        {
            this.egressFromSeq = fromSeq;
            return this;
        }

        /**
         * First sequence number whose outputs egress publishes, 0 for the default.
         *
         * @return the sequence number.
         */
        public long egressFromSeq()
        {
            return egressFromSeq;
        }

        /**
         * Events between periodic snapshots of the durable journal.
         *
         * @param events at least 1.
         * @return this for a fluent API.
         */
        public Context snapshotIntervalEvents(final long events)
        {
            this.snapshotIntervalEvents = events;
            return this;
        }

        /**
         * Events between periodic snapshots of the durable journal.
         *
         * @return the interval in events.
         */
        public long snapshotIntervalEvents()
        {
            return snapshotIntervalEvents;
        }

        /**
         * Bytes the journal pretoucher keeps ready ahead of the journals' appenders.
         *
         * @param bytes 0 (no pretoucher) or at least one page.
         * @return this for a fluent API.
         */
        public Context journalPretouchAheadBytes(final long bytes)
        {
            this.journalPretouchAheadBytes = bytes;
            return this;
        }

        /**
         * Bytes the journal pretoucher keeps ready ahead of the journals' appenders; 0 = off.
         *
         * @return the distance in bytes.
         */
        public long journalPretouchAheadBytes()
        {
            return journalPretouchAheadBytes;
        }

        /**
         * Mapping of agents to threads.
         *
         * @param threadingMode SHARED or DEDICATED.
         * @return this for a fluent API.
         */
        public Context threadingMode(final GatewayThreadingMode threadingMode)
        {
            this.threadingMode = threadingMode;
            return this;
        }

        /**
         * Mapping of agents to threads.
         *
         * @return the threading mode.
         */
        public GatewayThreadingMode threadingMode()
        {
            return threadingMode;
        }

        /**
         * Idle strategy of the agents, by name.
         *
         * @param idleStrategy backoff, busy-spin, yielding, sleeping or noop.
         * @return this for a fluent API.
         */
        public Context idleStrategy(final String idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        /**
         * Idle strategy of the agents, by name.
         *
         * @return the idle strategy name.
         */
        public String idleStrategy()
        {
            return idleStrategy;
        }

        /**
         * Journal directory.
         *
         * @param journalDir path, created if needed; empty for in-memory journals.
         * @return this for a fluent API.
         */
        public Context journalDir(final String journalDir)
        {
            this.journalDir = journalDir;
            return this;
        }

        /**
         * Journal directory.
         *
         * @return the path, empty for in-memory journals.
         */
        public String journalDir()
        {
            return journalDir;
        }

        /**
         * Port of the HTTP endpoint (metrics and monitor page).
         *
         * @param port 0 for off, {@link PerpRiskConfiguration#HTTP_PORT_EPHEMERAL} for any free port, else the port.
         * @return this for a fluent API.
         */
        public Context httpPort(final int port)
        {
            this.httpPort = port;
            return this;
        }

        /**
         * Port of the HTTP endpoint.
         *
         * @return 0 for off, {@link PerpRiskConfiguration#HTTP_PORT_EPHEMERAL} for any free port, else the port.
         */
        public int httpPort()
        {
            return httpPort;
        }

        /**
         * Address the HTTP endpoint listens on.
         *
         * @param bindAddress host name or IP address, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}.
         * @return this for a fluent API.
         */
        public Context httpBind(final String bindAddress)
        {
            this.httpBind = bindAddress;
            return this;
        }

        /**
         * Address the HTTP endpoint listens on.
         *
         * @return the bind address.
         */
        public String httpBind()
        {
            return httpBind;
        }

        /**
         * Shutdown drain timeout.
         *
         * @param timeoutMs in milliseconds.
         * @return this for a fluent API.
         */
        public Context shutdownTimeoutMs(final long timeoutMs)
        {
            this.shutdownTimeoutMs = timeoutMs;
            return this;
        }

        /**
         * Shutdown drain timeout.
         *
         * @return the timeout in milliseconds.
         */
        public long shutdownTimeoutMs()
        {
            return shutdownTimeoutMs;
        }

        /**
         * Factory of the engine; defaults to {@code PerpRiskEngine} with the configured capacities.
         *
         * @param engineFactory to create the engine.
         * @return this for a fluent API.
         */
        public Context engineFactory(final EngineFactory engineFactory)
        {
            this.engineFactory = engineFactory;
            return this;
        }

        /**
         * Factory of the engine.
         *
         * @return the engine factory.
         */
        public EngineFactory engineFactory()
        {
            return engineFactory;
        }

        /**
         * Factory of the engine journal; defaults to in-memory journals over {@link #engineFactory()}.
         *
         * @param engineJournalFactory to create the journal-backed engine.
         * @return this for a fluent API.
         */
        public Context engineJournalFactory(final EngineJournalFactory engineJournalFactory)
        {
            this.engineJournalFactory = engineJournalFactory;
            return this;
        }

        /**
         * Factory of the engine journal.
         *
         * @return the journal factory.
         */
        public EngineJournalFactory engineJournalFactory()
        {
            return engineJournalFactory;
        }

        /**
         * Clock for receive times.
         *
         * @param clock nanoseconds since the epoch.
         * @return this for a fluent API.
         */
        public Context epochNanoClock(final EpochNanoClock clock)
        {
            this.epochNanoClock = clock;
            return this;
        }

        /**
         * Clock for receive times.
         *
         * @return the clock.
         */
        public EpochNanoClock epochNanoClock()
        {
            return epochNanoClock;
        }

        /**
         * Handler of errors in the agents and the Aeron client.
         *
         * @param errorHandler to use.
         * @return this for a fluent API.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * Handler of errors in the agents and the Aeron client.
         *
         * @return the error handler.
         */
        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }
    }
}
