package io.perprisk.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioJournalCommandTest
{
    private static final Path SCENARIO = Paths.get("..", "docs", "scenarios", "funding.jsonl");

    @Test
    void shouldRecordAScenarioThatReplaysAndDumpsWithTheSameOutput(@TempDir final Path dir)
    {
        final Path journal = dir.resolve("journal");

        final Result plain = run("scenario", SCENARIO.toString());
        assertEquals(ExitCode.OK, plain.exitCode, plain.err);

        final Result journaled = run("scenario", SCENARIO.toString(), "--journal", journal.toString());
        assertEquals(ExitCode.OK, journaled.exitCode, journaled.err);
        assertEquals(plain.out, journaled.out);

        final Result replay = run("replay", "--journal", journal.toString());
        assertEquals(ExitCode.OK, replay.exitCode, replay.err + replay.out);

        final Result dump = run("journal", "dump", "--journal", journal.toString());
        assertEquals(ExitCode.OK, dump.exitCode, dump.err);
        for (final String line : plain.out.split("\n"))
        {
            final String withoutType = line.substring(line.indexOf(",\"seq\""));
            assertTrue(dump.out.contains(withoutType), () -> "dump lacks " + line);
        }
    }

    @Test
    void shouldRefuseAJournalDirectoryThatIsNotEmpty(@TempDir final Path dir)
    {
        final Path journal = dir.resolve("journal");
        assertEquals(ExitCode.OK, run("scenario", SCENARIO.toString(), "--journal", journal.toString())
            .exitCode);

        final Result again = run("scenario", SCENARIO.toString(), "--journal", journal.toString());
        assertEquals(ExitCode.FAILURE, again.exitCode);
        assertTrue(again.err.contains("not empty"), again.err);
    }

    private static Result run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode = PerpRiskMain.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final class Result
    {
        private final int exitCode;
        private final String out;
        private final String err;

        Result(final int exitCode, final String out, final String err)
        {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }
    }
}
