package io.perprisk.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.journal.EngineFactory;
import org.agrona.CloseHelper;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One member of a perp-risk cluster in this process: its own media driver, archive, consensus module and service
 * container running {@link RiskClusteredService}. {@code perp-risk cluster node} runs one in the foreground; tests
 * run {@link #main(String[])} in child JVMs.
 */
public final class ClusterNode implements AutoCloseable
{
    /**
     * Term length of the log, ingress and egress publications.
     */
    public static final int TERM_LENGTH = 4 * 1024 * 1024;

    private final Settings settings;
    private final RiskClusteredService service;
    private final MediaDriver driver;
    private final Archive archive;
    private final ConsensusModule consensusModule;
    private final ClusteredServiceContainer container;

    private ClusterNode(final Settings settings, final Runnable terminationHook) throws IOException
    {
        this.settings = settings;
        final int id = settings.memberId;
        final ClusterTopology topology = settings.topology;
        if (id < 0 || id >= topology.memberCount())
        {
            throw new IllegalArgumentException("member id " + id + " is not one of the " + topology.memberCount() +
                " members (0.." + (topology.memberCount() - 1) + ")");
        }
        final Path dir = settings.dir;
        Files.createDirectories(ClusterTopology.memberDir(dir, id));
        if (!Files.exists(dir.resolve(ClusterTopology.TOPOLOGY_FILE)))
        {
            topology.save(dir);
        }
        final String aeronDir = null != settings.aeronDir ? settings.aeronDir : ClusterTopology.aeronDir(dir, id);
        final String host = topology.host(id);

        MediaDriver launchedDriver = null;
        Archive launchedArchive = null;
        ConsensusModule launchedModule = null;
        ClusteredServiceContainer launchedContainer = null;
        try
        {
            launchedDriver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .threadingMode(ThreadingMode.SHARED)
                .termBufferSparseFile(true)
                .publicationTermBufferLength(TERM_LENGTH)
                .ipcTermBufferLength(TERM_LENGTH)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));

            final String localControl = "aeron:ipc?term-length=64k";
            launchedArchive = Archive.launch(new Archive.Context()
                .aeronDirectoryName(aeronDir)
                .archiveId(id)
                .archiveDir(ClusterTopology.archiveDir(dir, id).toFile())
                .controlChannel("aeron:udp?endpoint=" + topology.endpoint(id, ClusterTopology.ARCHIVE_OFFSET))
                .localControlChannel(localControl)
                .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                .archiveClientContext(new AeronArchive.Context().controlResponseChannel(
                    "aeron:udp?endpoint=" + host + ":0"))
                .recordingEventsEnabled(false)
                .segmentFileLength(4 * TERM_LENGTH)
                .threadingMode(ArchiveThreadingMode.SHARED));

            final AeronArchive.Context archiveClient = new AeronArchive.Context()
                .lock(NoOpLock.INSTANCE)
                .controlRequestChannel(localControl)
                .controlResponseChannel(localControl)
                .aeronDirectoryName(aeronDir);

            final ConsensusModule.Context moduleContext = new ConsensusModule.Context()
                .clusterMemberId(id)
                .clusterMembers(topology.clusterMembers())
                .clusterDir(ClusterTopology.clusterDir(dir, id).toFile())
                .aeronDirectoryName(aeronDir)
                .ingressChannel("aeron:udp?term-length=" + TERM_LENGTH)
                .logChannel("aeron:udp?term-length=" + TERM_LENGTH)
                .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                .archiveContext(archiveClient.clone())
                .terminationHook(terminationHook);
            if (settings.leaderHeartbeatTimeoutMs > 0)
            {
                moduleContext
                    .leaderHeartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(settings.leaderHeartbeatTimeoutMs))
                    .leaderHeartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(
                        Math.max(10, settings.leaderHeartbeatTimeoutMs / 10)))
                    .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(
                        Math.max(100, settings.leaderHeartbeatTimeoutMs / 2)));
            }
            if (settings.startupCanvassTimeoutMs > 0)
            {
                moduleContext.startupCanvassTimeoutNs(TimeUnit.MILLISECONDS.toNanos(settings.startupCanvassTimeoutMs));
            }
            if (settings.sessionTimeoutMs > 0)
            {
                moduleContext.sessionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(settings.sessionTimeoutMs));
            }
            launchedModule = ConsensusModule.launch(moduleContext);

            service = new RiskClusteredService(new RiskClusteredService.Context()
                .memberId(id)
                .journalDir(ClusterTopology.journalDir(dir, id))
                .engineFactory(settings.engineFactory)
                .journalSnapshotIntervalEvents(settings.journalSnapshotIntervalEvents)
                .snapshotPauseMs(settings.snapshotPauseMs)
                .log(settings.log));
            launchedContainer = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                .aeronDirectoryName(aeronDir)
                .archiveContext(archiveClient.clone())
                .clusterDir(ClusterTopology.clusterDir(dir, id).toFile())
                .clusteredService(service)
                .terminationHook(terminationHook));
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietCloseAll(launchedContainer, launchedModule, launchedArchive, launchedDriver);
            throw ex;
        }
        this.driver = launchedDriver;
        this.archive = launchedArchive;
        this.consensusModule = launchedModule;
        this.container = launchedContainer;
    }

    /**
     * Launch a member.
     *
     * @param settings        what to launch.
     * @param terminationHook run when the cluster terminates the member (e.g. {@code ClusterTool shutdown}).
     * @return the running member.
     * @throws IOException if its directories cannot be created.
     */
    public static ClusterNode launch(final Settings settings, final Runnable terminationHook) throws IOException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean reported = false;
        while (true)
        {
            try
            {
                return new ClusterNode(settings, terminationHook);
            }
            catch (final IllegalStateException ex)
            {
                // A member killed less than the archive's / consensus module's liveness timeout (10 s) ago leaves
                // mark files that still look active; they go stale on their own.
                if (null == ex.getMessage() || !ex.getMessage().contains("active mark file detected") ||
                    System.nanoTime() - deadline > 0)
                {
                    throw ex;
                }
                if (!reported)
                {
                    reported = true;
                    settings.log.println("perp-risk cluster member " + settings.memberId + ": waiting for the mark " +
                        "files of the previous run to go stale (" + ex.getMessage() + ")");
                }
                try
                {
                    Thread.sleep(250);
                }
                catch (final InterruptedException interrupted)
                {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
            }
        }
    }

    /**
     * The member's service.
     *
     * @return the service.
     */
    public RiskClusteredService service()
    {
        return service;
    }

    /**
     * The settings the member was launched with.
     *
     * @return the settings.
     */
    public Settings settings()
    {
        return settings;
    }

    /**
     * Stop the service container, consensus module, archive and media driver.
     */
    public void close()
    {
        CloseHelper.closeAll(container, consensusModule, archive, driver);
    }

    /**
     * Run one member until SIGTERM / SIGINT or until the cluster terminates it. Arguments:
     * {@code --id N --dir DIR [--hosts h0,h1,h2] [--base-port P] [--heartbeat-timeout-ms T]
     * [--session-timeout-ms T] [--startup-canvass-timeout-ms T] [--snapshot-pause-ms T]
     * [--journal-snapshot-interval N]}.
     *
     * @param args the arguments.
     * @throws Exception if the member cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        final Settings settings = Settings.parse(args);
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            ClusterNode node = launch(settings, barrier::signalAll))
        {
            settings.log.println("perp-risk cluster member " + settings.memberId + " running (" +
                settings.topology.memberCount() + " members, ports from " + settings.topology.basePort() + ", dir " +
                settings.dir + ")");
            barrier.await();
            settings.log.println("perp-risk cluster member " + node.settings.memberId + ": stopping");
        }
    }

    /**
     * What a member runs with. Fluent setters.
     */
    public static final class Settings
    {
        private int memberId;
        private Path dir;
        private ClusterTopology topology;
        private String aeronDir;
        private long leaderHeartbeatTimeoutMs;
        private long sessionTimeoutMs;
        private long startupCanvassTimeoutMs;
        private long snapshotPauseMs;
        private long journalSnapshotIntervalEvents = 1_000_000L;
        private EngineFactory engineFactory = (handler) -> new PerpRiskEngine(new EngineConfiguration(), handler);
        private PrintStream log = System.err;

        /**
         * Settings from {@link ClusterNode#main(String[])}-style arguments.
         *
         * @param args the arguments.
         * @return the settings.
         * @throws IOException if {@code DIR/cluster.properties} cannot be read.
         */
        public static Settings parse(final String[] args) throws IOException
        {
            final Settings settings = new Settings();
            String hosts = null;
            int basePort = -1;
            for (int i = 0; i < args.length; i++)
            {
                final String name = args[i];
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException("missing value of " + name);
                }
                final String value = args[++i];
                switch (name)
                {
                    case "--id" -> settings.memberId = Integer.parseInt(value);
                    case "--dir" -> settings.dir = Path.of(value);
                    case "--hosts" -> hosts = value;
                    case "--base-port" -> basePort = Integer.parseInt(value);
                    case "--heartbeat-timeout-ms" -> settings.leaderHeartbeatTimeoutMs = Long.parseLong(value);
                    case "--session-timeout-ms" -> settings.sessionTimeoutMs = Long.parseLong(value);
                    case "--startup-canvass-timeout-ms" -> settings.startupCanvassTimeoutMs = Long.parseLong(value);
                    case "--snapshot-pause-ms" -> settings.snapshotPauseMs = Long.parseLong(value);
                    case "--journal-snapshot-interval" ->
                        settings.journalSnapshotIntervalEvents = Long.parseLong(value);
                    case "--aeron-dir" -> settings.aeronDir = value;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (null == settings.dir)
            {
                throw new IllegalArgumentException("--dir is required");
            }
            settings.topology(topology(settings.dir, hosts, basePort));
            return settings;
        }

        /**
         * The topology a command should use: {@code DIR/cluster.properties} if present (overridden by hosts or
         * base port given), else 3 members on loopback.
         *
         * @param dir      the cluster directory.
         * @param hosts    comma-separated hosts or null.
         * @param basePort the base port or a negative number for the file's or the default.
         * @return the topology.
         * @throws IOException if the file cannot be read.
         */
        public static ClusterTopology topology(final Path dir, final String hosts, final int basePort)
            throws IOException
        {
            final ClusterTopology saved = ClusterTopology.load(dir);
            return new ClusterTopology(
                null == hosts ? saved.hosts() : Arrays.asList(hosts.split(",")),
                basePort > 0 ? basePort : saved.basePort());
        }

        /**
         * The member id.
         *
         * @param memberId 0-based.
         * @return this for a fluent API.
         */
        public Settings memberId(final int memberId)
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
         * The cluster directory ({@code DIR}; the member uses {@code DIR/node-N}).
         *
         * @param dir the directory.
         * @return this for a fluent API.
         */
        public Settings dir(final Path dir)
        {
            this.dir = dir;
            return this;
        }

        /**
         * The cluster directory.
         *
         * @return the directory.
         */
        public Path dir()
        {
            return dir;
        }

        /**
         * Members and ports.
         *
         * @param topology the topology.
         * @return this for a fluent API.
         */
        public Settings topology(final ClusterTopology topology)
        {
            this.topology = topology;
            return this;
        }

        /**
         * Members and ports.
         *
         * @return the topology.
         */
        public ClusterTopology topology()
        {
            return topology;
        }

        /**
         * The member's Aeron directory; default {@link ClusterTopology#aeronDir(Path, int)}.
         *
         * @param aeronDir the directory.
         * @return this for a fluent API.
         */
        public Settings aeronDir(final String aeronDir)
        {
            this.aeronDir = aeronDir;
            return this;
        }

        /**
         * Leader heartbeat timeout: how long followers wait for the leader before an election. 0 = Aeron's default
         * (10 s). The heartbeat interval is a tenth of it and the election timeout half of it.
         *
         * @param ms milliseconds.
         * @return this for a fluent API.
         */
        public Settings leaderHeartbeatTimeoutMs(final long ms)
        {
            this.leaderHeartbeatTimeoutMs = ms;
            return this;
        }

        /**
         * How long a starting member waits to hear from every member before an election with a majority only;
         * 0 = Aeron's default (60 s).
         *
         * @param ms milliseconds.
         * @return this for a fluent API.
         */
        public Settings startupCanvassTimeoutMs(final long ms)
        {
            this.startupCanvassTimeoutMs = ms;
            return this;
        }

        /**
         * Client session timeout; 0 = Aeron's default (10 s).
         *
         * @param ms milliseconds.
         * @return this for a fluent API.
         */
        public Settings sessionTimeoutMs(final long ms)
        {
            this.sessionTimeoutMs = ms;
            return this;
        }

        /**
         * Test hook: pause inside each snapshot ({@link RiskClusteredService.Context#snapshotPauseMs(long)}).
         *
         * @param ms milliseconds.
         * @return this for a fluent API.
         */
        public Settings snapshotPauseMs(final long ms)
        {
            this.snapshotPauseMs = ms;
            return this;
        }

        /**
         * Events between the journal's own snapshot files.
         *
         * @param events at least 1.
         * @return this for a fluent API.
         */
        public Settings journalSnapshotIntervalEvents(final long events)
        {
            this.journalSnapshotIntervalEvents = events;
            return this;
        }

        /**
         * The engine factory; default the production engine with the default configuration.
         *
         * @param engineFactory the factory.
         * @return this for a fluent API.
         */
        public Settings engineFactory(final EngineFactory engineFactory)
        {
            this.engineFactory = engineFactory;
            return this;
        }

        /**
         * Where the member's messages go; default {@code System.err}.
         *
         * @param log the stream.
         * @return this for a fluent API.
         */
        public Settings log(final PrintStream log)
        {
            this.log = log;
            return this;
        }
    }
}
