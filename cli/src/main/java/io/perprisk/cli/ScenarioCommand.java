package io.perprisk.cli;

import io.perprisk.codecs.JsonFormatException;
import io.perprisk.codecs.Utf8LineReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * {@code perp-risk scenario FILE.jsonl [--journal DIR]}: runs a fresh engine over a JSON Lines file and prints every
 * outbound message as a JSON line on standard output. See {@link ScenarioRunner}.
 */
@Command(name = "scenario",
    description = "run a fresh engine over a JSON Lines scenario, print outbound messages as JSON Lines")
public final class ScenarioCommand implements PerpRiskCommand
{
    @Parameters(paramLabel = "FILE.jsonl", description = "the scenario: one inbound message per line")
    private String fileName;

    @Option(names = "--journal", paramLabel = "DIR",
        description = "also record a journal in DIR (new or empty) to replay, dump or state from")
    private Path journalDir;

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err) throws IOException
    {
        final Path file = Paths.get(fileName);
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
        {
            err.println("perp-risk scenario: cannot read " + file);
            return ExitCode.USAGE;
        }

        final Writer output = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try (Utf8LineReader input = new Utf8LineReader(Files.newInputStream(file)))
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
            return ExitCode.OK;
        }
        catch (final JsonFormatException ex)
        {
            err.println("perp-risk scenario: " + file + ": " + ex.getMessage());
            return ExitCode.USAGE;
        }
        finally
        {
            output.flush();
        }
    }
}
