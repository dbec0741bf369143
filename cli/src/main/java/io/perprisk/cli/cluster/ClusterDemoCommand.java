package io.perprisk.cli.cluster;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskCommand;
import io.perprisk.cluster.ClusterNode;
import io.perprisk.cluster.ClusterRiskClient;
import io.perprisk.cluster.ClusterStatus;
import io.perprisk.cluster.ClusterTopology;
import io.perprisk.codecs.JsonLineReader;
import io.perprisk.codecs.MessageCatalog;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code cluster demo}: the cluster variant of the demo. Three members in this process on loopback, the flash-crash
 * scenario sent through the cluster-aware client, the leader stopped a third of the way through; prints the leader
 * change, how long the client waited for the new leader, and the members' state digests at the end (all equal).
 */
@Command(name = "demo", description = "three members in this process, the flash crash through the cluster, the " +
    "leader stopped mid-stream; prints the failover and the members' digests")
public final class ClusterDemoCommand implements PerpRiskCommand
{
    @Option(names = "--dir", paramLabel = "DIR", description = "cluster directory (default: a new temporary one)")
    private Path dir;

    @Option(names = "--file", paramLabel = "FILE.jsonl", defaultValue = "docs/scenarios/flash-crash.jsonl",
        description = "the events (default: docs/scenarios/flash-crash.jsonl)")
    private Path file;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "20400",
        description = "first port of the members (default 20400)")
    private int basePort;

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err) throws Exception
    {
        if (!Files.isRegularFile(file))
        {
            err.println("no such file: " + file);
            return ExitCode.USAGE;
        }
        final JsonLineReader reader = new JsonLineReader(MessageCatalog.load());
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 20);
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        final int[] offsets = new int[lines.size() + 1];
        int count = 0;
        int limit = 0;
        for (int i = 0; i < lines.size(); i++)
        {
            final int length = reader.read(i + 1, lines.get(i), buffer, limit);
            if (JsonLineReader.SKIPPED != length)
            {
                offsets[count++] = limit;
                limit += length;
            }
        }
        offsets[count] = limit;

        final Path clusterDir = null != dir ? dir : Files.createTempDirectory("perp-risk-cluster-demo");
        final ClusterTopology topology = ClusterTopology.loopback(3, basePort);
        topology.save(clusterDir);
        final ClusterNode[] nodes = new ClusterNode[3];
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try
        {
            for (int id = 0; id < 3; id++)
            {
                nodes[id] = ClusterNode.launch(new ClusterNode.Settings().memberId(id).dir(clusterDir)
                    .topology(topology).leaderHeartbeatTimeoutMs(1_000).log(quiet), () ->
                    {
                    });
            }
            out.println("perp-risk cluster demo: 3 members in " + clusterDir + ", ports from " + basePort);
            final long[] outputs = { 0 };
            try (ClusterRiskClient client = ClusterRiskClient.connect(new ClusterRiskClient.Context()
                .ingressEndpoints(topology.ingressEndpoints()).log(quiet)))
            {
                out.println("leader: member " + client.leaderMemberId());
                final int stopAt = count / 3;
                long stoppedNs = 0;
                long ackedAtStop = 0;
                long failoverNs = 0;
                int stopped = -1;
                for (int i = 0; i < count; i++)
                {
                    client.send(buffer, offsets[i], offsets[i + 1] - offsets[i]);
                    client.poll((seq, b, o, l) -> outputs[0]++, 64);
                    if (i == stopAt)
                    {
                        client.awaitAcknowledged((seq, b, o, l) -> outputs[0]++, 60_000);
                        stopped = client.leaderMemberId();
                        ackedAtStop = client.acknowledgedCount();
                        out.println("stopping the leader, member " + stopped + ", after " + ackedAtStop + " events");
                        stoppedNs = System.nanoTime();
                        nodes[stopped].close();
                        nodes[stopped] = null;
                    }
                    if (stoppedNs > 0 && 0 == failoverNs && client.acknowledgedCount() > ackedAtStop)
                    {
                        failoverNs = System.nanoTime() - stoppedNs;
                    }
                }
                client.awaitAcknowledged((seq, b, o, l) -> outputs[0]++, 120_000);
                if (0 == failoverNs)
                {
                    failoverNs = System.nanoTime() - stoppedNs;
                }
                out.printf(Locale.ROOT, "new leader: member %d; first answer %.0f ms after the stop%n",
                    client.leaderMemberId(), TimeUnit.NANOSECONDS.toMicros(failoverNs) / 1000.0);
                out.println("events: " + client.acknowledgedCount() + " applied once each (seq 1 .. " +
                    client.acknowledgedSeq() + "), outputs received: " + outputs[0]);
                for (final String line : ClusterStatus.query(clusterDir, topology, 1_000).lines())
                {
                    out.println(line);
                }
                for (int id = 0; id < 3; id++)
                {
                    if (null != nodes[id])
                    {
                        out.println("member " + id + " digest at seq " + nodes[id].service().seq() + ": " +
                            digestWhenCaughtUp(nodes[id], client.acknowledgedSeq()));
                    }
                }
                out.println("journals: " + ClusterTopology.journalDir(clusterDir, 0).getParent().getParent() +
                    "/node-N/journal (bin/perp-risk replay --journal ... verifies any of them)");
            }
        }
        finally
        {
            for (int id = 2; id >= 0; id--)
            {
                CloseHelper.quietClose(nodes[id]);
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String digestWhenCaughtUp(final ClusterNode node, final long seq) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (node.service().seq() < seq && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        return node.service().digest();
    }
}
