package io.perprisk.perf;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskMain;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench} parses its arguments like every other command (nothing is run here).
 */
class BenchCommandTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldShowHelpOfBenchAndItsSubcommands()
    {
        assertEquals(ExitCode.OK, run("--help"));
        assertTrue(text(out).startsWith("Usage: perp-risk bench "), text(out));
        assertTrue(text(out).contains("--only=PARTS") && text(out).contains("latency"), text(out));
        out.reset();
        assertEquals(ExitCode.OK, run("latency", "--help"));
        assertTrue(text(out).startsWith("Usage: perp-risk bench latency "), text(out));
        assertTrue(text(out).contains("--rate=N"), text(out));
        assertEquals("", text(err));
    }

    @Test
    void shouldRejectUnknownModeAndOptionsWithUsageCode()
    {
        assertEquals(ExitCode.USAGE, run("medium"));
        assertTrue(text(err).contains("unknown mode medium"), text(err));
        err.reset();
        assertEquals(ExitCode.USAGE, run("latency", "--rate", "fast"));
        assertTrue(text(err).contains("--rate"), text(err));
        err.reset();
        assertEquals(ExitCode.USAGE, run("quick", "--bogus"));
        assertTrue(text(err).contains("Unknown option: '--bogus'"), text(err));
        assertEquals("", text(out));
    }

    private int run(final String... args)
    {
        return PerpRiskMain.run(new BenchCommand(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(final ByteArrayOutputStream stream)
    {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
