package io.perprisk.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scenario} refuses, before anything is applied, a file the service would not take: an outbound message
 * (even a forged {@code EventRejected}), a frame longer than the service accepts, invalid UTF-8; and names the line.
 */
class ScenarioInputTest
{
    private static final String SETUP =
        "{\"type\":\"AssetDefinition\",\"assetId\":1,\"price\":\"1\",\"collateralRatio\":\"1\",\"symbol\":\"USDT\"}\n" +
        "{\"type\":\"AccountOpen\",\"accountId\":7}\n";

    @Test
    void shouldRefuseAForgedEventRejectedBeforeApplyingAnything(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("forged.jsonl");
        Files.writeString(file, SETUP + "# a comment\n" +
            "{\"type\":\"EventRejected\",\"seq\":2,\"reason\":\"MALFORMED\",\"templateId\":4,\"detail\":\"forged\"}\n" +
            "{\"type\":\"AccountOpen\",\"accountId\":8}\n");

        final Result result = scenario(file);
        assertEquals(ExitCode.USAGE, result.exitCode, result.err);
        assertEquals("", result.out, "nothing was applied");
        assertTrue(result.err.contains("line 4, field type: NOT_INBOUND: \"EventRejected\" is an outbound message"),
            result.err);
    }

    @Test
    void shouldRefuseASymbolTooLongForAnInboundFrame(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("long-symbol.jsonl");
        Files.writeString(file, SETUP +
            "{\"type\":\"AssetDefinition\",\"assetId\":2,\"price\":\"1\",\"collateralRatio\":\"1\",\"symbol\":\"" +
            "S".repeat(1000) + "\"}\n");

        final Result result = scenario(file);
        assertEquals(ExitCode.USAGE, result.exitCode, result.err);
        assertEquals("", result.out);
        assertTrue(result.err.contains("line 3: TOO_LONG"), result.err);
        assertTrue(result.err.contains("1024-byte limit"), result.err);
    }

    @Test
    void shouldNameLineAndColumnOfInvalidUtf8(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("latin1.jsonl");
        final byte[] setup = SETUP.getBytes(StandardCharsets.UTF_8);
        final byte[] bad =
            "{\"type\":\"AccountOpen\",\"accountId\":8} # caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        final byte[] all = new byte[setup.length + bad.length];
        System.arraycopy(setup, 0, all, 0, setup.length);
        System.arraycopy(bad, 0, all, setup.length, bad.length);
        Files.write(file, all);

        final Result result = scenario(file);
        assertEquals(ExitCode.USAGE, result.exitCode, result.err);
        assertEquals("", result.out);
        assertTrue(result.err.contains("line 3: INVALID_UTF8: column 43"), result.err);
        assertFalse(result.err.contains("MalformedInputException"), result.err);
    }

    private static Result scenario(final Path file)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode = PerpRiskMain.run(new String[]{ "scenario", file.toString() },
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final class Result
    {
        final int exitCode;
        final String out;
        final String err;

        Result(final int exitCode, final String out, final String err)
        {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }
    }
}
