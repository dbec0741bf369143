package io.perprisk.gateway.service;

import io.perprisk.gateway.cli.Command;
import io.perprisk.gateway.cli.PerpRiskMain;
import io.perprisk.gateway.engine.EngineFactory;
import io.perprisk.gateway.ingress.StreamRole;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
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
public final class RunCommand implements Command
{
    /**
     * Name of the command in the dispatcher.
     */
    public static final String NAME = "run";

    /**
     * Optional setting naming a class with a public no-argument constructor that implements {@link EngineFactory};
     * by default the service runs {@code PerpRiskEngine}. For tests and alternative engines.
     */
    public static final String ENGINE_FACTORY_PROP_NAME = "perp.engine.factory";

    /**
     * {@inheritDoc}
     */
    public String synopsis()
    {
        return "[--config FILE] [--key=value ...]";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "run the service until SIGTERM/SIGINT, then shut down cleanly (restart resumes from the journal)";
    }

    /**
     * {@inheritDoc}
     */
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws Exception
    {
        final Properties properties;
        try
        {
            properties = loadProperties(args.toArray(new String[0]));
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(ex.getMessage());
            return PerpRiskMain.EXIT_USAGE;
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
            out.flush();
            barrier.await();
            service.close();
            out.println("perp-risk stopped: last-seq=" + service.lastAppliedSeq() + " digest=" + digestOf(service));
            out.flush();
        }
        return PerpRiskMain.EXIT_OK;
    }

    /**
     * Entry point for running the service alone, without the dispatcher.
     *
     * @param args as for {@link #run(List, PrintStream, PrintStream)}.
     * @throws Exception if the service fails.
     */
    public static void main(final String[] args) throws Exception
    {
        System.exit(new RunCommand().run(List.of(args), System.out, System.err));
    }

    /**
     * Merge the settings of a command line: {@code --config FILE}, system properties, then {@code --key=value}.
     *
     * @param args command-line arguments.
     * @return the merged settings.
     * @throws Exception if the file cannot be read.
     */
    public static Properties loadProperties(final String[] args) throws Exception
    {
        Path configFile = null;
        final List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            if ("--config".equals(args[i]) && i + 1 < args.length)
            {
                configFile = Paths.get(args[++i]);
            }
            else if (args[i].startsWith("--config="))
            {
                configFile = Paths.get(args[i].substring("--config=".length()));
            }
            else if (args[i].startsWith("--") || args[i].startsWith("-D"))
            {
                flags.add(args[i]);
            }
            else
            {
                throw new IllegalArgumentException(
                    "unexpected argument: " + args[i] + "; usage: run [--config FILE] [--key=value ...]");
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
