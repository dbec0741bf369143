package io.perprisk.cluster;

import io.aeron.CommonContext;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * Members, endpoints and directories of a perp-risk cluster.
 * <p>
 * Member {@code N} (0-based) on host {@code hosts[N]} uses the ports {@code basePort + 10 N + k}:
 * <pre>
 *   k = 0  client ingress       (AeronCluster clients send here)
 *   k = 1  consensus            (member-to-member Raft traffic)
 *   k = 2  log                  (the leader replicates the log here)
 *   k = 3  catch-up             (a lagging follower is replayed the log here)
 *   k = 4  archive control      (the archive of the member; ClusterTool and replication use it)
 * </pre>
 * Replication and egress use ephemeral ports ({@code endpoint=host:0}). Default: 3 members on {@code localhost},
 * base port {@value #BASE_PORT_DEFAULT}, so 20100-20104, 20110-20114 and 20120-20124.
 * <p>
 * Directories: member {@code N} keeps everything under {@code DIR/node-N}: {@code journal} (the Chronicle Queue
 * journal, as the single-node service), {@code cluster} (consensus module and service: mark files, recording log),
 * {@code archive} (the archive: log and snapshot recordings). Its Aeron directory (media driver) is
 * {@link #aeronDir(Path, int)}. {@code DIR/cluster.properties} records the hosts and base port so clients and tools
 * given only {@code --dir} find the members.
 */
public final class ClusterTopology
{
    /**
     * Default first port.
     */
    public static final int BASE_PORT_DEFAULT = 20100;

    /**
     * Ports reserved per member.
     */
    public static final int PORTS_PER_MEMBER = 10;

    /**
     * Port offset of the client ingress endpoint.
     */
    public static final int INGRESS_OFFSET = 0;

    /**
     * Port offset of the consensus endpoint.
     */
    public static final int CONSENSUS_OFFSET = 1;

    /**
     * Port offset of the log endpoint.
     */
    public static final int LOG_OFFSET = 2;

    /**
     * Port offset of the catch-up endpoint.
     */
    public static final int CATCHUP_OFFSET = 3;

    /**
     * Port offset of the archive control endpoint.
     */
    public static final int ARCHIVE_OFFSET = 4;

    /**
     * Name of the topology file in the cluster directory.
     */
    public static final String TOPOLOGY_FILE = "cluster.properties";

    private final List<String> hosts;
    private final int basePort;

    /**
     * A topology.
     *
     * @param hosts    host of each member, member 0 first.
     * @param basePort first port.
     */
    public ClusterTopology(final List<String> hosts, final int basePort)
    {
        if (hosts.isEmpty())
        {
            throw new IllegalArgumentException("a cluster needs at least one member");
        }
        if (basePort < 1 || basePort + hosts.size() * PORTS_PER_MEMBER > 65_535)
        {
            throw new IllegalArgumentException("base port " + basePort + " leaves no room for " + hosts.size() +
                " members");
        }
        this.hosts = Collections.unmodifiableList(new ArrayList<>(hosts));
        this.basePort = basePort;
    }

    /**
     * The default: {@code members} members on localhost from {@link #BASE_PORT_DEFAULT}.
     *
     * @param members number of members.
     * @param basePort first port.
     * @return the topology.
     */
    public static ClusterTopology loopback(final int members, final int basePort)
    {
        final String[] hosts = new String[members];
        Arrays.fill(hosts, "localhost");
        return new ClusterTopology(Arrays.asList(hosts), basePort);
    }

    /**
     * Read {@code DIR/cluster.properties} if present, else the default of 3 members on loopback.
     *
     * @param dir the cluster directory.
     * @return the topology.
     * @throws IOException if the file exists and cannot be read.
     */
    public static ClusterTopology load(final Path dir) throws IOException
    {
        final Path file = dir.resolve(TOPOLOGY_FILE);
        if (!Files.exists(file))
        {
            return loopback(3, BASE_PORT_DEFAULT);
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        return new ClusterTopology(Arrays.asList(properties.getProperty("hosts", "localhost").split(",")),
            Integer.parseInt(properties.getProperty("basePort", Integer.toString(BASE_PORT_DEFAULT))));
    }

    /**
     * Write {@code DIR/cluster.properties}.
     *
     * @param dir the cluster directory, created if needed.
     * @throws IOException if it cannot be written.
     */
    public void save(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        final Properties properties = new Properties();
        properties.setProperty("hosts", String.join(",", hosts));
        properties.setProperty("basePort", Integer.toString(basePort));
        final Path tmp = Files.createTempFile(dir, TOPOLOGY_FILE, ".tmp");
        try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))
        {
            properties.store(writer, "perp-risk cluster: member hosts (member 0 first) and first port");
        }
        Files.move(tmp, dir.resolve(TOPOLOGY_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Number of members.
     *
     * @return the member count.
     */
    public int memberCount()
    {
        return hosts.size();
    }

    /**
     * Host of a member.
     *
     * @param memberId the member.
     * @return its host.
     */
    public String host(final int memberId)
    {
        return hosts.get(memberId);
    }

    /**
     * Hosts, member 0 first.
     *
     * @return the hosts.
     */
    public List<String> hosts()
    {
        return hosts;
    }

    /**
     * First port.
     *
     * @return the base port.
     */
    public int basePort()
    {
        return basePort;
    }

    /**
     * A port of a member.
     *
     * @param memberId the member.
     * @param offset   one of the {@code *_OFFSET} constants.
     * @return the port.
     */
    public int port(final int memberId, final int offset)
    {
        return basePort + memberId * PORTS_PER_MEMBER + offset;
    }

    /**
     * {@code host:port} of a member's endpoint.
     *
     * @param memberId the member.
     * @param offset   one of the {@code *_OFFSET} constants.
     * @return the endpoint.
     */
    public String endpoint(final int memberId, final int offset)
    {
        return host(memberId) + ":" + port(memberId, offset);
    }

    /**
     * The consensus module's members string:
     * {@code id,ingress,consensus,log,catchup,archive|...}.
     *
     * @return the members string.
     */
    public String clusterMembers()
    {
        final StringBuilder members = new StringBuilder();
        for (int id = 0; id < hosts.size(); id++)
        {
            if (id > 0)
            {
                members.append('|');
            }
            members.append(id).append(',')
                .append(endpoint(id, INGRESS_OFFSET)).append(',')
                .append(endpoint(id, CONSENSUS_OFFSET)).append(',')
                .append(endpoint(id, LOG_OFFSET)).append(',')
                .append(endpoint(id, CATCHUP_OFFSET)).append(',')
                .append(endpoint(id, ARCHIVE_OFFSET));
        }
        return members.toString();
    }

    /**
     * The clients' ingress endpoints: {@code 0=host:port,1=host:port,...}.
     *
     * @return the ingress endpoints.
     */
    public String ingressEndpoints()
    {
        final StringBuilder endpoints = new StringBuilder();
        for (int id = 0; id < hosts.size(); id++)
        {
            if (id > 0)
            {
                endpoints.append(',');
            }
            endpoints.append(id).append('=').append(endpoint(id, INGRESS_OFFSET));
        }
        return endpoints.toString();
    }

    /**
     * {@code DIR/node-N}.
     *
     * @param dir      the cluster directory.
     * @param memberId the member.
     * @return the member's directory.
     */
    public static Path memberDir(final Path dir, final int memberId)
    {
        return dir.resolve("node-" + memberId);
    }

    /**
     * {@code DIR/node-N/journal}.
     *
     * @param dir      the cluster directory.
     * @param memberId the member.
     * @return the member's journal directory.
     */
    public static Path journalDir(final Path dir, final int memberId)
    {
        return memberDir(dir, memberId).resolve("journal");
    }

    /**
     * {@code DIR/node-N/cluster}: what {@code ClusterTool} is pointed at.
     *
     * @param dir      the cluster directory.
     * @param memberId the member.
     * @return the member's cluster directory.
     */
    public static Path clusterDir(final Path dir, final int memberId)
    {
        return memberDir(dir, memberId).resolve("cluster");
    }

    /**
     * {@code DIR/node-N/archive}.
     *
     * @param dir      the cluster directory.
     * @param memberId the member.
     * @return the member's archive directory.
     */
    public static Path archiveDir(final Path dir, final int memberId)
    {
        return memberDir(dir, memberId).resolve("archive");
    }

    /**
     * The member's Aeron directory: on the platform's shared-memory directory (as Aeron's default) when it has one,
     * named after the absolute cluster directory and the member, so two clusters on one machine never share one.
     *
     * @param dir      the cluster directory.
     * @param memberId the member.
     * @return the Aeron directory.
     */
    public static String aeronDir(final Path dir, final int memberId)
    {
        final String base = CommonContext.getAeronDirectoryName();
        final String parent = new File(base).getParent();
        final String hash = Integer.toHexString(dir.toAbsolutePath().normalize().toString().hashCode());
        return new File(parent, "perp-risk-cluster-" + hash + "-node-" + memberId).getPath();
    }
}
