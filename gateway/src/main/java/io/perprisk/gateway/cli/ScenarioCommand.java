package io.perprisk.gateway.cli;

import io.perprisk.codecs.JsonFormatException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * {@code perp-risk scenario FILE.jsonl}: runs a fresh engine over a JSON Lines file and prints every outbound message
 * as a JSON line on standard output. See {@link ScenarioRunner}.
 */
public final class ScenarioCommand implements Command
{
    /**
     * {@inheritDoc}
     */
    public String synopsis()
    {
        return "FILE.jsonl [--journal DIR]";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "run a fresh engine over a JSON Lines scenario, print outbound messages as JSON Lines";
    }

    /**
     * {@inheritDoc}
     */
    public int run(final List<String> args, final PrintStream out, final PrintStream err) throws IOException
    {
        Path journalDir = null;
        String fileName = null;
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            if ("--journal".equals(arg) && i + 1 < args.size())
            {
                journalDir = Paths.get(args.get(++i));
            }
            else if (null == fileName && !arg.startsWith("--"))
            {
                fileName = arg;
            }
            else
            {
                err.println("usage: perp-risk scenario " + synopsis());
                return PerpRiskMain.EXIT_USAGE;
            }
        }
        if (null == fileName)
        {
            err.println("usage: perp-risk scenario " + synopsis());
            return PerpRiskMain.EXIT_USAGE;
        }

        final Path file = Paths.get(fileName);
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
        {
            err.println("perp-risk scenario: cannot read " + file);
            return PerpRiskMain.EXIT_USAGE;
        }

        final Writer output = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try (Reader input = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            final ScenarioRunner runner = new ScenarioRunner();
            if (null == journalDir)
            {
                runner.run(input, output);
            }
            else
            {
                runner.run(input, output, journalDir);
            }
            return PerpRiskMain.EXIT_OK;
        }
        catch (final JsonFormatException ex)
        {
            err.println("perp-risk scenario: " + file + ": " + ex.getMessage());
            return PerpRiskMain.EXIT_USAGE;
        }
        finally
        {
            output.flush();
        }
    }
}
