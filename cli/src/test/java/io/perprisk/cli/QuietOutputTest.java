package io.perprisk.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands' stderr carries only what matters: run in a fresh JVM (as {@code bin/perp-risk} does) over a journal,
 * which brings up Chronicle and with it SLF4J, no logging-binding warning appears.
 */
class QuietOutputTest
{
    private static final Path SCENARIO = Paths.get("..", "docs", "scenarios", "cross-vs-isolated.jsonl");

    @Test
    @Timeout(120)
    void shouldPrintNoLoggingWarningsOnStandardError(@TempDir final Path dir) throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Result scenario = perpRisk(dir, "scenario", SCENARIO.toString(), "--journal", journal.toString());
        assertEquals(ExitCode.OK, scenario.exitCode, scenario.err);
        assertTrue(scenario.out.contains("\"type\":\"AccountUpdate\""), scenario.out);
        assertEquals("", scenario.err);

        final Result replay = perpRisk(dir, "replay", "--journal", journal.toString());
        assertEquals(ExitCode.OK, replay.exitCode, replay.err);
        assertTrue(replay.out.startsWith("replay OK"), replay.out);
        assertFalse(replay.err.contains("SLF4J"), replay.err);

        final Result dump = perpRisk(dir, "journal", "dump", "--journal", journal.toString());
        assertEquals(ExitCode.OK, dump.exitCode, dump.err);
        assertEquals("", dump.err);
    }

    private static Result perpRisk(final Path dir, final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle") ||
                argument.startsWith("--enable-native") || argument.startsWith("--sun-misc"))
            {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(PerpRiskMain.class.getName());
        command.addAll(List.of(args));
        final Path out = dir.resolve("stdout-" + args[0]);
        final Path err = dir.resolve("stderr-" + args[0]);
        final Process process = new ProcessBuilder(command)
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        final int exitCode = process.waitFor();
        return new Result(exitCode, Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
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
