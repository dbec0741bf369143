package io.perprisk.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerpRiskMainTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path tempDir;

    @Test
    void shouldListCommandsOnHelp()
    {
        assertEquals(ExitCode.OK, run("--help"));
        for (final String command : new String[]{ "demo", "journal", "replay", "run", "scenario", "send", "statement" })
        {
            assertTrue(stdout().contains("\n  " + command + " "), command + " missing from\n" + stdout());
        }
        assertTrue(stdout().contains("bench [quick|full|jmh|latency]"), stdout());
        assertTrue(stdout().contains("Exit codes: 0 success"), stdout());
        assertEquals("", stderr());
    }

    @Test
    void shouldShowOneCommandOnItsHelp()
    {
        assertEquals(ExitCode.OK, run("scenario", "--help"));
        assertTrue(stdout().startsWith("Usage: perp-risk scenario "), stdout());
        assertTrue(stdout().contains("FILE.jsonl"), stdout());
        assertTrue(stdout().contains("--journal=DIR"), stdout());
        assertEquals("", stderr());
    }

    @Test
    void shouldRejectUnknownCommandWithUsageOnStandardError()
    {
        assertEquals(ExitCode.USAGE, run("teleport"));
        assertTrue(stderr().contains("Unmatched argument at index 0: 'teleport'"), stderr());
        assertTrue(stderr().contains("scenario"), stderr());
        assertEquals("", stdout());
    }

    @Test
    void shouldRejectMissingCommand()
    {
        assertEquals(ExitCode.USAGE, run());
        assertTrue(stderr().startsWith("Usage: perp-risk"), stderr());
    }

    @Test
    void shouldRejectScenarioWithoutFile()
    {
        assertEquals(ExitCode.USAGE, run("scenario"));
        assertTrue(stderr().contains("Missing required parameter: 'FILE.jsonl'"), stderr());
        assertTrue(stderr().contains("Usage: perp-risk scenario"), stderr());
    }

    @Test
    void shouldRejectUnreadableScenarioFile()
    {
        final Path missing = tempDir.resolve("missing.jsonl");
        assertEquals(ExitCode.USAGE, run("scenario", missing.toString()));
        assertTrue(stderr().contains("cannot read " + missing), stderr());
    }

    @Test
    void shouldExitWithUsageCodeNamingFileLineAndFieldOfMalformedLine() throws IOException
    {
        final Path file = tempDir.resolve("bad.jsonl");
        Files.writeString(
            file,
            "# a scenario with a typo\n" +
            "{\"type\":\"AccountOpen\",\"accountId\":7}\n" +
            "{\"type\":\"Deposit\",\"accountId\":7,\"asset\":1,\"amount\":\"1000\"}\n",
            StandardCharsets.UTF_8);

        assertEquals(ExitCode.USAGE, run("scenario", file.toString()));
        assertEquals(
            "perp-risk scenario: " + file + ": line 3, field asset: UNKNOWN_FIELD: not a field of Deposit",
            stderr().trim());
        assertEquals("", stdout());
    }

    @Test
    void shouldShowHelpOfEveryCommandOnStandardOutput()
    {
        final List<List<String>> commands = new ArrayList<>();
        collect(PerpRiskMain.commandLine(), new ArrayList<>(), commands);
        assertTrue(commands.size() >= 8, commands.toString());
        for (final List<String> command : commands)
        {
            out.reset();
            err.reset();
            final List<String> args = new ArrayList<>(command);
            args.add("--help");
            assertEquals(ExitCode.OK, run(args.toArray(new String[0])), args.toString());
            final String usage = "Usage: perp-risk" + (command.isEmpty() ? "" : " " + String.join(" ", command));
            assertTrue(stdout().startsWith(usage), stdout());
            assertTrue(stdout().contains("-h, --help"), stdout());
            assertEquals("", stderr(), args.toString());
        }
    }

    @Test
    void shouldRejectBadOptionValueWithUsageCode()
    {
        assertEquals(ExitCode.USAGE, run("statement", "--journal", tempDir.toString(), "--account", "seven"));
        assertTrue(stderr().contains("Invalid value for option '--account': 'seven' is not a long"), stderr());
        assertEquals("", stdout());
    }

    private static void collect(final CommandLine commandLine, final List<String> path, final List<List<String>> all)
    {
        all.add(path);
        for (final Map.Entry<String, CommandLine> sub : commandLine.getSubcommands().entrySet())
        {
            final List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getKey());
            collect(sub.getValue(), subPath, all);
        }
    }

    private int run(final String... args)
    {
        return PerpRiskMain.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr()
    {
        return err.toString(StandardCharsets.UTF_8);
    }
}
