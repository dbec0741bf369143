package io.perprisk.gateway.service;

import io.perprisk.codecs.JsonFormatException;
import io.perprisk.gateway.cli.Command;
import io.perprisk.gateway.cli.PerpRiskMain;
import io.perprisk.gateway.client.JsonLinesSession;
import io.perprisk.gateway.client.RiskClient;

import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The {@code send} command: sends a JSON Lines file to a running service, each message on the stream of its type
 * and in file order, and prints the outbound messages they cause as JSON Lines. The service's Aeron directory,
 * channels and stream ids come from the same settings as {@code run} ({@code --config FILE}, {@code --key=value}).
 */
public final class SendCommand implements Command
{
    /**
     * Name of the command in the dispatcher.
     */
    public static final String NAME = "send";

    /**
     * {@inheritDoc}
     */
    public String synopsis()
    {
        return "FILE.jsonl [--config FILE] [--key=value ...] [--quiet-ms=N] [--timeout-ms=N]";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "send a JSON Lines file to a running service and print the outbound messages it causes";
    }

    /**
     * {@inheritDoc}
     */
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws Exception
    {
        Path file = null;
        long quietMs = 200;
        long timeoutMs = 30_000;
        final List<String> settings = new ArrayList<>();
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            if (arg.startsWith("--quiet-ms="))
            {
                quietMs = Long.parseLong(arg.substring("--quiet-ms=".length()));
            }
            else if (arg.startsWith("--timeout-ms="))
            {
                timeoutMs = Long.parseLong(arg.substring("--timeout-ms=".length()));
            }
            else if ("--config".equals(arg) && i + 1 < args.size())
            {
                settings.add(arg);
                settings.add(args.get(++i));
            }
            else if (arg.startsWith("-"))
            {
                settings.add(arg);
            }
            else if (null == file)
            {
                file = Paths.get(arg);
            }
            else
            {
                err.println("unexpected argument: " + arg + "; usage: send " + synopsis());
                return PerpRiskMain.EXIT_USAGE;
            }
        }
        if (null == file)
        {
            err.println("usage: send " + synopsis());
            return PerpRiskMain.EXIT_USAGE;
        }

        final Properties properties = RunCommand.loadProperties(settings.toArray(new String[0]));
        final RiskClient.Context ctx = new RiskClient.Context().properties(properties).ordered(true)
            .sendTimeoutMs(timeoutMs);
        try (RiskClient client = RiskClient.connect(ctx);
            Reader input = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            if (!client.awaitConnected(timeoutMs))
            {
                err.println("no service on " + properties.getProperty(
                    PerpRiskConfiguration.AERON_DIR_PROP_NAME, PerpRiskConfiguration.AERON_DIR_DEFAULT));
                return PerpRiskMain.EXIT_FAILURE;
            }
            for (final String line : new JsonLinesSession(client).run(input, quietMs, timeoutMs))
            {
                out.println(line);
            }
            out.flush();
            return PerpRiskMain.EXIT_OK;
        }
        catch (final JsonFormatException ex)
        {
            err.println(file + ": " + ex.getMessage());
            return PerpRiskMain.EXIT_USAGE;
        }
    }
}
