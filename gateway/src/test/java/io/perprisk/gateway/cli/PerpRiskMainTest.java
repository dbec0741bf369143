package io.perprisk.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
        assertEquals(PerpRiskMain.EXIT_OK, run("--help"));
        assertTrue(stdout().contains("scenario FILE.jsonl"), stdout());
        assertEquals("", stderr());
    }

    @Test
    void shouldShowOneCommandOnItsHelp()
    {
        assertEquals(PerpRiskMain.EXIT_OK, run("scenario", "--help"));
        assertTrue(stdout().startsWith("usage: perp-risk scenario FILE.jsonl"), stdout());
    }

    @Test
    void shouldRejectUnknownCommandWithUsageOnStandardError()
    {
        assertEquals(PerpRiskMain.EXIT_USAGE, run("teleport"));
        assertTrue(stderr().contains("unknown command: teleport"), stderr());
        assertTrue(stderr().contains("scenario"), stderr());
        assertEquals("", stdout());
    }

    @Test
    void shouldRejectMissingCommand()
    {
        assertEquals(PerpRiskMain.EXIT_USAGE, run());
        assertTrue(stderr().startsWith("usage: perp-risk"), stderr());
    }

    @Test
    void shouldRejectScenarioWithoutFile()
    {
        assertEquals(PerpRiskMain.EXIT_USAGE, run("scenario"));
        assertTrue(stderr().contains("usage: perp-risk scenario"), stderr());
    }

    @Test
    void shouldRejectUnreadableScenarioFile()
    {
        final Path missing = tempDir.resolve("missing.jsonl");
        assertEquals(PerpRiskMain.EXIT_USAGE, run("scenario", missing.toString()));
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

        assertEquals(PerpRiskMain.EXIT_USAGE, run("scenario", file.toString()));
        assertEquals(
            "perp-risk scenario: " + file + ": line 3, field asset: UNKNOWN_FIELD: not a field of Deposit",
            stderr().trim());
        assertEquals("", stdout());
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
