package io.perprisk.cli;

import io.perprisk.client.StreamRole;
import io.perprisk.gateway.service.PerpRiskConfiguration;
import io.perprisk.gateway.service.PerpRiskService;
import io.perprisk.journal.EngineFactory;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The {@code run} command: runs the service until SIGTERM or SIGINT, then shuts down cleanly (ingress stops, the ring
 * drains, egress publishes what is committed, the engine is snapshotted, journals close). A restart resumes from the
 * journal.
 * <p>
 * Usage: {@code run [--config FILE] [--key=value ...]}; settings are described in {@code docs/gateway.md}.
 */
@Command(name = RunCommand.NAME,
    description = "run the service until SIGTERM/SIGINT, then shut down cleanly (restart resumes from the journal)",
    footer = RunCommand.SETTINGS_HELP)
public final class RunCommand implements PerpRiskCommand
{
    /**
     * Name of the command in the dispatcher.
     */
    public static final String NAME = "run";

    /**
     * Optional setting naming a class with a public no-argument constructor that implements {@link EngineFactory};
     * by default the service runs {@code PerpRiskEngine}. For tests and alternative engines.
     */
    public static final String ENGINE_FACTORY_PROP_NAME = PerpRiskConfiguration.ENGINE_FACTORY_PROP_NAME;

    /**
     * Help text of the settings flags, shared by the commands that take service settings.
     */
    static final String SETTINGS_HELP =
        "  --key=value, -Dkey=value   any service setting (see docs/gateway.md); later ones win over --config%n";

    @Option(names = "--config", paramLabel = "FILE", description = "a properties file of service settings")
    private Path configFile;

    @Unmatched
    private List<String> settings = new ArrayList<>();

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err) throws Exception
    {
        final Properties properties;
        try
        {
            properties = loadProperties(configFile, settings);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(ex.getMessage());
            return ExitCode.USAGE;
        }
        final PerpRiskService.Context ctx = context(properties);

        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            final PerpRiskService service = PerpRiskService.launch(ctx);
            out.println("perp-risk running: aeron.dir=" + ctx.aeronDirectoryName() +
                " ingress=" + ctx.ingressChannel() +
                " trading=" + ctx.streamId(StreamRole.TRADING) +
                " prices=" + ctx.streamId(StreamRole.PRICES) +
                " admin=" + ctx.streamId(StreamRole.ADMIN) +
                " egress=" + ctx.egressChannel() + "#" + ctx.egressStreamId() +
                " journal=" + (ctx.journalDir().isEmpty() ? "(memory)" : ctx.journalDir()) +
                " next-seq=" + (service.lastAppliedSeq() + 1));
            if (null != service.monitor())
            {
                out.println("perp-risk monitor: " + service.monitor().url() + " (Prometheus: " +
                    service.monitor().url() + "metrics)");
            }
            out.flush();
            barrier.await();
            service.close();
            out.println("perp-risk stopped: last-seq=" + service.lastAppliedSeq() + " digest=" + digestOf(service));
            out.flush();
        }
        return ExitCode.OK;
    }

    /**
     * Merge the settings of a command line: {@code --config FILE}, system properties, then {@code --key=value} (or
     * {@code -Dkey=value}) flags.
     *
     * @param configFile properties file, or null for none.
     * @param flags      settings flags, each {@code --key=value} or {@code -Dkey=value}.
     * @return the merged settings.
     * @throws IllegalArgumentException naming an argument that is not a settings flag.
     * @throws IOException              if the file cannot be read.
     */
    public static Properties loadProperties(final Path configFile, final List<String> flags) throws IOException
    {
        for (final String flag : flags)
        {
            if (!(flag.startsWith("--") || flag.startsWith("-D")))
            {
                throw new IllegalArgumentException(
                    "unexpected argument: " + flag + "; settings are --key=value or -Dkey=value");
            }
        }
        return PerpRiskConfiguration.load(configFile, flags.toArray(new String[0]));
    }

    /**
     * A service context from settings, with the engine factory named by {@value #ENGINE_FACTORY_PROP_NAME} if set.
     *
     * @param properties settings.
     * @return the context, not yet concluded.
     * @throws ReflectiveOperationException if the engine factory class cannot be created.
     */
    public static PerpRiskService.Context context(final Properties properties) throws ReflectiveOperationException
    {
        final PerpRiskService.Context ctx = new PerpRiskService.Context().properties(properties);
        final String factoryClass = properties.getProperty(ENGINE_FACTORY_PROP_NAME);
        if (null != factoryClass && !factoryClass.isEmpty())
        {
            ctx.engineFactory((EngineFactory) Class.forName(factoryClass).getConstructor().newInstance());
        }
        return ctx;
    }

    private static String digestOf(final PerpRiskService service)
    {
        try
        {
            return service.digest();
        }
        catch (final RuntimeException ex)
        {
            return "unavailable (" + ex.getMessage() + ")";
        }
    }
}
