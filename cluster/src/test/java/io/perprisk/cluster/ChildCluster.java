package io.perprisk.cluster;

import io.perprisk.journal.InboundReader;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of {@link ClusterNode} members in child JVMs (same classpath and JVM flags as the test) on loopback, with
 * ports, directories and Aeron directories of its own: start, SIGTERM, SIGKILL and restart members, ask who leads.
 */
final class ChildCluster implements AutoCloseable
{
    static final long HEARTBEAT_TIMEOUT_MS = 1_000;

    private final Path dir;
    private final ClusterTopology topology;
    private final String aeronPrefix;
    private final long snapshotPauseMs;
    private final Process[] processes;
    private final int[] starts;

    ChildCluster(final Path dir, final int members, final long snapshotPauseMs)
    {
        this.dir = dir;
        this.topology = ClusterTopology.loopback(members,
            24_000 + ThreadLocalRandom.current().nextInt(0, 1_000) * members * ClusterTopology.PORTS_PER_MEMBER);
        this.aeronPrefix = "/dev/shm/perp-risk-cluster-test-" + UUID.randomUUID();
        this.snapshotPauseMs = snapshotPauseMs;
        this.processes = new Process[members];
        this.starts = new int[members];
    }

    ClusterTopology topology()
    {
        return topology;
    }

    Path dir()
    {
        return dir;
    }

    void start(final int id) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (!arg.startsWith("-Xmx") && !arg.startsWith("-agentlib") && !arg.startsWith("-javaagent"))
            {
                command.add(arg);
            }
        }
        command.add("-Xmx256m");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClusterNode.class.getName());
        command.addAll(List.of("--id", Integer.toString(id), "--dir", dir.toString(),
            "--base-port", Integer.toString(topology.basePort()),
            "--heartbeat-timeout-ms", Long.toString(HEARTBEAT_TIMEOUT_MS),
            "--startup-canvass-timeout-ms", "5000",
            "--snapshot-pause-ms", Long.toString(snapshotPauseMs),
            "--aeron-dir", aeronPrefix + "-" + id));
        Files.createDirectories(dir);
        final int run = ++starts[id];
        processes[id] = new ProcessBuilder(command)
            .redirectOutput(dir.resolve("node-" + id + "-run-" + run + ".out").toFile())
            .redirectError(dir.resolve("node-" + id + "-run-" + run + ".err").toFile())
            .start();
    }

    String log(final int id) throws IOException
    {
        final Path file = dir.resolve("node-" + id + "-run-" + starts[id] + ".err");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    void awaitLog(final int id, final String text, final long timeoutMs) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!log(id).contains(text))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("member " + id + " did not log '" + text + "' in " + timeoutMs + " ms:\n" +
                    log(id));
            }
            Thread.sleep(20);
        }
    }

    /** SIGKILL. */
    void kill(final int id) throws InterruptedException
    {
        processes[id].destroyForcibly();
        processes[id].waitFor(10, TimeUnit.SECONDS);
        processes[id] = null;
    }

    /** SIGTERM, wait for a clean stop. */
    void stop(final int id) throws InterruptedException
    {
        processes[id].destroy();
        if (!processes[id].waitFor(30, TimeUnit.SECONDS))
        {
            processes[id].destroyForcibly();
            throw new AssertionError("member " + id + " did not stop on SIGTERM");
        }
        processes[id] = null;
    }

    boolean isRunning(final int id)
    {
        return null != processes[id] && processes[id].isAlive();
    }

    int awaitLeader(final int notThis, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadline < 0)
        {
            final ClusterStatus status = ClusterStatus.query(dir, topology, 500);
            final int leader = status.leader();
            if (leader >= 0 && leader != notThis && isRunning(leader) &&
                "LEADER".equals(status.members().get(leader).role()))
            {
                return leader;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no leader in " + timeoutMs + " ms");
    }

    ClusterRiskClient client(final long failoverTimeoutMs)
    {
        return ClusterRiskClient.connect(new ClusterRiskClient.Context()
            .ingressEndpoints(topology.ingressEndpoints())
            .failoverTimeoutMs(failoverTimeoutMs));
    }

    /** Last seq in a member's inbound journal, read through a reader (another process may be writing). */
    long journalLastSeq(final int id)
    {
        final long[] last = { 0 };
        try (InboundReader reader = InboundReader.open(ClusterTopology.journalDir(dir, id)))
        {
            while (reader.poll((seq, time, buffer, offset, length) -> last[0] = seq, 4096) > 0)
            {
                last[0] = Math.max(last[0], 0);
            }
        }
        return last[0];
    }

    public void close() throws IOException
    {
        for (int id = 0; id < processes.length; id++)
        {
            if (null != processes[id])
            {
                processes[id].destroyForcibly();
                try
                {
                    processes[id].waitFor(10, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            ServiceFixtures.deleteRecursively(Path.of(aeronPrefix + "-" + id));
        }
    }
}
