package io.perprisk.cluster;

import io.aeron.cluster.ClusterTool;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.journal.JournalReplayer;
import io.perprisk.journal.ReplayResult;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 3-member cluster in child JVMs on loopback driven with the flash-crash scenario (17,878 events) in five parts by
 * one client, while members are killed with SIGKILL: the leader mid-stream, a follower after a snapshot, the leader
 * while it takes a snapshot, and then a majority. The client's outputs must equal the engine's in-process outputs
 * byte for byte, each member must catch up after a restart, nothing may be applied without a quorum, and at the end
 * every member's journal replays clean to the in-process digest.
 */
final class ClusterFailoverTest
{
    @TempDir
    Path tmp;

    private final List<ServiceFixtures.Output> received = new ArrayList<>();

    @Test
    @Tag("slow")
    void survivesTheLossOfLeadersAndFollowersAndRefusesWithoutAQuorum() throws Exception
    {
        final List<byte[]> messages = ServiceFixtures.encode(ServiceFixtures.scenario("flash-crash.jsonl"));
        final int n = messages.size();
        final int[] parts = { 0, n / 3, n / 2, 2 * n / 3, 5 * n / 6, n };

        try (ChildCluster cluster = new ChildCluster(tmp.resolve("cluster"), 3, 1_500))
        {
            for (int id = 0; id < 3; id++)
            {
                cluster.start(id);
            }
            cluster.awaitLeader(-1, 60_000);
            try (ClusterRiskClient client = cluster.client(30_000))
            {
                // 1. SIGKILL the leader mid-stream (the one the client is talking to at that moment).
                final int[] killed = { -1 };
                final long killNs = send(client, messages, parts[0], parts[1], parts[0] + (parts[1] - parts[0]) / 3,
                    () ->
                    {
                        killed[0] = client.leaderMemberId();
                        kill(cluster, killed[0]);
                    });
                final int firstLeader = killed[0];
                System.out.println("client leader " + client.leaderMemberId() + ", killed " + firstLeader + ", now " +
                    ClusterStatus.query(cluster.dir(), cluster.topology(), 500).lines());
                final long failoverMs = TimeUnit.NANOSECONDS.toMillis(firstAnswerNs - killNs);
                System.out.println("failover: kill of leader " + firstLeader + " to first acknowledgement from " +
                    "the new leader: " + failoverMs + " ms (heartbeat timeout " + ChildCluster.HEARTBEAT_TIMEOUT_MS +
                    " ms)");
                assertTrue(client.failovers() + client.reconnects() >= 1);
                final int secondLeader = cluster.awaitLeader(firstLeader, 30_000);

                // 2. Restart the killed member: it catches up (checked by digest at the end).
                cluster.start(firstLeader);
                send(client, messages, parts[1], parts[2], -1, null);

                // 3. A snapshot through the cluster, then SIGKILL a follower and restart it: it loads its snapshot.
                assertTrue(ClusterTool.snapshot(ClusterTopology.clusterDir(cluster.dir(), secondLeader).toFile(),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), "snapshot");
                final int follower = (secondLeader + 1) % 3;
                cluster.awaitLog(follower, "perp-risk cluster member " + follower + ": snapshot at seq", 30_000);
                cluster.kill(follower);
                send(client, messages, parts[2], parts[3], -1, null);
                cluster.start(follower);
                cluster.awaitLog(follower, "journal agrees with the cluster snapshot", 60_000);

                // 4. SIGKILL the leader while it takes a snapshot.
                final Thread snapshotter = new Thread(() ->
                {
                    try
                    {
                        ClusterTool.snapshot(ClusterTopology.clusterDir(cluster.dir(), secondLeader).toFile(),
                            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                    }
                    catch (final RuntimeException ex)
                    {
                        System.out.println("snapshot request ended with the leader's death: " + ex.getMessage());
                    }
                });
                snapshotter.setDaemon(true);
                snapshotter.start();
                cluster.awaitLog(secondLeader, "in progress", 30_000);
                cluster.kill(secondLeader);
                send(client, messages, parts[3], parts[4], -1, null);
                final int thirdLeader = cluster.awaitLeader(secondLeader, 30_000);
                cluster.start(secondLeader);
                cluster.awaitLog(secondLeader, "running", 30_000);

                // 5. Lose a majority: the client gets a clear error and nothing is applied.
                final long appliedBefore = cluster.journalLastSeq(thirdLeader);
                for (int id = 0; id < 3; id++)
                {
                    if (id != thirdLeader)
                    {
                        cluster.kill(id);
                    }
                }
                final ClusterUnavailableException refused = assertThrows(ClusterUnavailableException.class,
                    () -> send(client, messages, parts[4], parts[5], -1, null, 5_000));
                System.out.println("without a quorum: " + refused.getMessage());
                assertTrue(refused.getMessage().contains("majority"), refused.getMessage());
                Thread.sleep(1_000);
                assertEquals(appliedBefore, cluster.journalLastSeq(thirdLeader), "applied without a quorum");

                // Quorum back: the same client's pending messages are applied exactly once.
                for (int id = 0; id < 3; id++)
                {
                    if (id != thirdLeader)
                    {
                        cluster.start(id);
                    }
                }
                client.awaitAcknowledged(this::onOutput, 60_000);
                assertEquals(n, client.acknowledgedSeq());
            }

            assertOutputsEqualInProcess(messages);

            // Every member's journal replays clean, to the same digest as the engine in-process.
            final String expectedDigest = ServiceFixtures.inProcessDigest(messages);
            for (int id = 0; id < 3; id++)
            {
                cluster.awaitLog(id, "running", 30_000);
            }
            awaitJournals(cluster, n, 60_000);
            for (int id = 0; id < 3; id++)
            {
                cluster.stop(id);
            }
            for (int id = 0; id < 3; id++)
            {
                final ReplayResult replay = JournalReplayer.replay(ClusterTopology.journalDir(cluster.dir(), id),
                    (handler) -> new PerpRiskEngine(new EngineConfiguration(), handler), false, null);
                assertNull(replay.divergence(), "member " + id);
                assertEquals(n, replay.lastSeq(), "member " + id);
                assertEquals(expectedDigest, replay.digest(), "member " + id);
            }
        }
    }

    private long firstAnswerNs;

    private long send(
        final ClusterRiskClient client, final List<byte[]> messages, final int from, final int to, final int killAt,
        final Runnable kill)
    {
        return send(client, messages, from, to, killAt, kill, 60_000);
    }

    private long send(
        final ClusterRiskClient client, final List<byte[]> messages, final int from, final int to, final int killAt,
        final Runnable kill, final long timeoutMs)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        long killNs = 0;
        long ackedAtKill = -1;
        for (int i = from; i < to; i++)
        {
            buffer.putBytes(0, messages.get(i));
            client.send(buffer, 0, messages.get(i).length);
            client.poll(this::onOutput, 64);
            if (i == killAt)
            {
                client.awaitAcknowledged(this::onOutput, timeoutMs);
                ackedAtKill = client.acknowledgedCount();
                killNs = System.nanoTime();
                kill.run();
            }
            if (ackedAtKill >= 0 && 0 == firstAnswerNs && client.acknowledgedCount() > ackedAtKill)
            {
                firstAnswerNs = System.nanoTime();
            }
        }
        if (ackedAtKill >= 0 && 0 == firstAnswerNs)
        {
            while (client.acknowledgedCount() == ackedAtKill)
            {
                client.poll(this::onOutput, 64);
            }
            firstAnswerNs = System.nanoTime();
        }
        client.awaitAcknowledged(this::onOutput, timeoutMs);
        return killNs;
    }

    private void onOutput(final long seq, final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        received.add(ServiceFixtures.Output.of(seq, buffer, offset, length));
    }

    private static void kill(final ChildCluster cluster, final int id)
    {
        try
        {
            cluster.kill(id);
        }
        catch (final InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void assertOutputsEqualInProcess(final List<byte[]> messages)
    {
        final List<ServiceFixtures.Output> expected = ServiceFixtures.inProcess(messages);
        assertEquals(expected.size(), received.size(), "outputs");
        for (int i = 0; i < expected.size(); i++)
        {
            assertEquals(expected.get(i).seq(), received.get(i).seq(), "seq of output " + i);
            assertArrayEquals(expected.get(i).bytes(), received.get(i).bytes(), "output " + i);
        }
    }

    private static void awaitJournals(final ChildCluster cluster, final long seq, final long timeoutMs)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (int id = 0; id < 3; id++)
        {
            while (cluster.journalLastSeq(id) < seq)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new AssertionError("member " + id + " journal at seq " + cluster.journalLastSeq(id) +
                        ", not " + seq);
                }
                Thread.sleep(100);
            }
        }
    }
}
