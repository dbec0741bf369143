package io.perprisk.cli.cluster;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskCommand;
import io.perprisk.cluster.ClusterNode;
import io.perprisk.cluster.ClusterTopology;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code cluster node --id N --dir DIR}: one member in the foreground with its own media driver, archive, consensus
 * module and the risk engine's clustered service, until SIGTERM / Ctrl-C.
 */
@Command(name = "node", description = "run cluster member N in the foreground (until SIGTERM / Ctrl-C)",
    footer = {
        "",
        "Member N uses ports BASE + 10 N + k: k=0 client ingress, 1 consensus, 2 log, 3 catch-up, 4 archive control",
        "(default BASE 20100: 20100-20104, 20110-20114, 20120-20124). Its journal is DIR/node-N/journal,",
        "its consensus module and service DIR/node-N/cluster, its archive DIR/node-N/archive.",
        "The first member started writes DIR/cluster.properties (hosts, base port) for the other commands." })
public final class ClusterNodeCommand implements PerpRiskCommand
{
    @Option(names = "--id", required = true, paramLabel = "N", description = "member id, 0-based")
    private int memberId;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the cluster directory")
    private Path dir;

    @Option(names = "--hosts", paramLabel = "H0,H1,H2",
        description = "host of each member, member 0 first (default: DIR/cluster.properties, else 3 x localhost)")
    private String hosts;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "-1",
        description = "first port (default: DIR/cluster.properties, else " + ClusterTopology.BASE_PORT_DEFAULT + ")")
    private int basePort;

    @Option(names = "--heartbeat-timeout-ms", paramLabel = "MS", defaultValue = "0",
        description = "leader heartbeat timeout; elections start after it (default 0 = Aeron's 10 s)")
    private long heartbeatTimeoutMs;

    @Option(names = "--startup-canvass-timeout-ms", paramLabel = "MS", defaultValue = "0",
        description = "how long a starting member waits for all members before electing with a majority " +
            "(default 0 = Aeron's 60 s)")
    private long canvassTimeoutMs;

    @Option(names = "--session-timeout-ms", paramLabel = "MS", defaultValue = "0",
        description = "client session timeout (default 0 = Aeron's 10 s)")
    private long sessionTimeoutMs;

    @Option(names = "--journal-snapshot-interval", paramLabel = "N", defaultValue = "1000000",
        description = "events between the journal's own snapshot files (default 1000000)")
    private long journalSnapshotInterval;

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err) throws Exception
    {
        final ClusterNode.Settings settings;
        try
        {
            settings = new ClusterNode.Settings()
                .memberId(memberId)
                .dir(dir)
                .topology(ClusterNode.Settings.topology(dir, hosts, basePort))
                .leaderHeartbeatTimeoutMs(heartbeatTimeoutMs)
                .startupCanvassTimeoutMs(canvassTimeoutMs)
                .sessionTimeoutMs(sessionTimeoutMs)
                .journalSnapshotIntervalEvents(journalSnapshotInterval)
                .log(err);
            if (memberId < 0 || memberId >= settings.topology().memberCount())
            {
                err.println("--id " + memberId + " is not a member (0.." + (settings.topology().memberCount() - 1) +
                    ")");
                return ExitCode.USAGE;
            }
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(ex.getMessage());
            return ExitCode.USAGE;
        }
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            ClusterNode node = ClusterNode.launch(settings, barrier::signalAll))
        {
            final ClusterTopology topology = settings.topology();
            out.println("perp-risk cluster member " + memberId + " of " + topology.memberCount() + " running: " +
                "ingress " + topology.endpoint(memberId, ClusterTopology.INGRESS_OFFSET) +
                " consensus " + topology.endpoint(memberId, ClusterTopology.CONSENSUS_OFFSET) +
                " log " + topology.endpoint(memberId, ClusterTopology.LOG_OFFSET) +
                " catch-up " + topology.endpoint(memberId, ClusterTopology.CATCHUP_OFFSET) +
                " archive " + topology.endpoint(memberId, ClusterTopology.ARCHIVE_OFFSET) +
                " journal " + ClusterTopology.journalDir(dir, memberId) +
                " cluster-dir " + ClusterTopology.clusterDir(dir, memberId));
            out.flush();
            barrier.await();
            out.println("perp-risk cluster member " + memberId + " stopped: seq " + node.service().seq());
            out.flush();
        }
        return ExitCode.OK;
    }
}
