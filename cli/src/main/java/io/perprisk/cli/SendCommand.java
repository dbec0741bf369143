package io.perprisk.cli;

import io.perprisk.codecs.JsonFormatException;
import io.perprisk.codecs.Utf8LineReader;
import io.perprisk.client.JsonLinesSession;
import io.perprisk.client.NoServiceException;
import io.perprisk.client.RiskClient;
import io.perprisk.cluster.ClusterJsonLinesSession;
import io.perprisk.cluster.ClusterNode;
import io.perprisk.cluster.ClusterRiskClient;
import io.perprisk.cluster.ClusterTopology;
import io.perprisk.cluster.ClusterUnavailableException;
import io.perprisk.gateway.service.PerpRiskConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The {@code send} command: sends a JSON Lines file to a running service, each message on the stream of its type
 * and in file order, and prints the outbound messages they cause as JSON Lines. The service's Aeron directory,
 * channels and stream ids come from the same settings as {@code run} ({@code --config FILE}, {@code --key=value}).
 */
@Command(name = SendCommand.NAME,
    description = "send a JSON Lines file to a running service and print the outbound messages it causes",
    footer = RunCommand.SETTINGS_HELP)
public final class SendCommand implements PerpRiskCommand
{
    /**
     * Name of the command in the dispatcher.
     */
    public static final String NAME = "send";

    @Parameters(paramLabel = "FILE.jsonl", description = "the messages: one inbound message per line")
    private Path file;

    @Option(names = "--config", paramLabel = "FILE", description = "a properties file of service settings")
    private Path configFile;

    @Option(names = "--quiet-ms", paramLabel = "N", defaultValue = "200",
        description = "take the outputs as complete after N ms without one, once all is applied (default: 200)")
    private long quietMs;

    @Option(names = "--timeout-ms", paramLabel = "N", defaultValue = "30000",
        description = "give up sending or waiting for outputs after N ms (default: 30000)")
    private long timeoutMs;

    @Option(names = "--cluster", description = "send to the perp-risk cluster (see --dir) instead of a single service")
    private boolean cluster;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "with --cluster: the cluster directory (its cluster.properties names the members; default " +
            "3 members on localhost from port " + ClusterTopology.BASE_PORT_DEFAULT + ")")
    private Path clusterDir;

    @Option(names = "--hosts", paramLabel = "H0,H1,H2",
        description = "with --cluster: host of each member, member 0 first (default: DIR/cluster.properties)")
    private String hosts;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "-1",
        description = "with --cluster: first port of the members (default: DIR/cluster.properties)")
    private int basePort;

    @Option(names = "--connect-timeout-ms", paramLabel = "N", defaultValue = "2000",
        description = "give up finding the service after N ms; also how long its media driver may go silent before it "
            + "is taken as stopped (default: 2000)")
    private long connectTimeoutMs;

    @Unmatched
    private List<String> settings = new ArrayList<>();

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err) throws Exception
    {
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
        {
            err.println("perp-risk send: cannot read " + file);
            return ExitCode.USAGE;
        }
        final JsonLinesSession session = new JsonLinesSession();
        try (Utf8LineReader input = new Utf8LineReader(Files.newInputStream(file)))
        {
            session.encode(input);
        }
        catch (final JsonFormatException ex)
        {
            err.println("perp-risk send: " + file + ": " + ex.getMessage() + "; nothing was sent");
            return ExitCode.USAGE;
        }
        if (cluster)
        {
            return sendToCluster(out, err);
        }
        final Properties properties;
        try
        {
            properties = RunCommand.loadProperties(configFile, settings);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(ex.getMessage());
            return ExitCode.USAGE;
        }
        final String aeronDir = properties.getProperty(
            PerpRiskConfiguration.AERON_DIR_PROP_NAME, PerpRiskConfiguration.AERON_DIR_DEFAULT);
        final RiskClient.Context ctx = new RiskClient.Context().properties(properties).ordered(true)
            .sendTimeoutMs(timeoutMs).driverTimeoutMs(connectTimeoutMs);

        try (RiskClient client = RiskClient.connect(ctx))
        {
            session.client(client);
            if (!client.awaitConnected(connectTimeoutMs))
            {
                err.println("perp-risk send: no service is listening on " + aeronDir + " (a media driver is running, " +
                    "but nothing subscribed to the inbound streams within " + connectTimeoutMs + " ms)");
                return ExitCode.FAILURE;
            }
            for (final String line : session.send(quietMs, timeoutMs))
            {
                out.println(line);
            }
            out.flush();
            return ExitCode.OK;
        }
        catch (final NoServiceException ex)
        {
            err.println("perp-risk send: " + ex.getMessage() +
                " (is `perp-risk run` up, with the same perp.aeron.dir?)");
            return ExitCode.FAILURE;
        }
        catch (final JsonLinesSession.Interrupted ex)
        {
            for (final String line : ex.outputs())
            {
                out.println(line);
            }
            out.flush();
            err.println("perp-risk send: stopped: " + ex.getMessage());
            return ExitCode.FAILURE;
        }
    }

    private int sendToCluster(final PrintStream out, final PrintStream err) throws Exception
    {
        final ClusterTopology topology = ClusterNode.Settings.topology(
            null != clusterDir ? clusterDir : Path.of("."), hosts, basePort);
        final ClusterRiskClient.Context ctx = new ClusterRiskClient.Context()
            .ingressEndpoints(topology.ingressEndpoints())
            .failoverTimeoutMs(timeoutMs)
            .log(err);
        try (Reader input = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            ClusterRiskClient client = ClusterRiskClient.connect(ctx))
        {
            for (final String line : new ClusterJsonLinesSession(client).run(input, timeoutMs))
            {
                out.println(line);
            }
            out.flush();
            return ExitCode.OK;
        }
        catch (final JsonFormatException ex)
        {
            err.println(file + ": " + ex.getMessage());
            return ExitCode.USAGE;
        }
        catch (final ClusterUnavailableException ex)
        {
            err.println("perp-risk send --cluster: " + ex.getMessage());
            return ExitCode.FAILURE;
        }
    }
}
