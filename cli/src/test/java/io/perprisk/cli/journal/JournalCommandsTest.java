package io.perprisk.cli.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskMain;
import io.perprisk.journal.HashingTestEngine;
import io.perprisk.journal.JournalTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalCommandsTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintReplaySummary()
    {
        final String digest = JournalTestSupport.record(dir, 5_000, 2_000);
        final int status = PerpRiskMain.run(
            new ReplayCommand(HashingTestEngine::new), new String[]{ "--journal", dir.toString() }, print(out),
            print(err));
        final String text = text(out);
        assertEquals(ExitCode.OK, status, text + text(err));
        assertTrue(text.contains("events:       5000 (seq 1 .. 5000)"), text);
        assertTrue(text.contains("digest:       " + digest), text);
        assertTrue(text.contains("matches the digest recorded at seq 5000"), text);
    }

    @Test
    void shouldRejectUnknownOptionWithUsage()
    {
        final int status = PerpRiskMain.run(new ReplayCommand(HashingTestEngine::new),
            new String[]{ "--journal", dir.toString(), "--bogus" }, print(out), print(err));
        assertEquals(ExitCode.USAGE, status);
        assertTrue(text(err).contains("Unknown option: '--bogus'"), text(err));
        assertTrue(text(err).contains("Usage: perp-risk replay"), text(err));
    }

    @Test
    void shouldReportMissingJournal()
    {
        final int status = PerpRiskMain.run(new ReplayCommand(HashingTestEngine::new),
            new String[]{ "--journal", dir.resolve("nothing").toString() }, print(out), print(err));
        assertEquals(ExitCode.USAGE, status);
        assertTrue(text(err).contains("no inbound journal"), text(err));
    }

    @Test
    void shouldDumpEventsWithTheirOutputsInOrder() throws IOException
    {
        JournalTestSupport.record(dir, 300, 100);
        final int status = dump(print(out), "--journal", dir.toString(), "--from-seq", "101", "--to-seq", "200");
        assertEquals(0, status, text(err));
        final List<String> lines = Arrays.asList(text(out).split("\n"));
        assertTrue(lines.get(0).startsWith("{\"direction\":\"IN\",\"seq\":101,"), lines.get(0));
        assertEquals(100, lines.stream().filter((l) -> l.startsWith("{\"direction\":\"IN\"")).count());
        assertTrue(lines.contains("{\"direction\":\"DIGEST\",\"seq\":200,\"digest\":\"" + digestAt200() + "\"}"));
        long previousSeq = 0;
        for (final String line : lines)
        {
            final long seq = Long.parseLong(line.replaceAll(".*?\"seq\":(\\d+).*", "$1"));
            assertTrue(seq >= previousSeq && seq >= 101 && seq <= 200, line);
            previousSeq = seq;
        }
        assertTrue(lines.stream().anyMatch((l) -> l.startsWith("{\"direction\":\"OUT\"")));
    }

    @Test
    void shouldDumpOnlyMessagesOfOneAccount()
    {
        JournalTestSupport.record(dir, 2_000, 1_000);
        final int status = dump(print(out), "--journal", dir.toString(), "--account", "7");
        assertEquals(0, status, text(err));
        final String[] lines = text(out).split("\n");
        assertTrue(lines.length > 10);
        for (final String line : lines)
        {
            assertTrue(line.contains("\"accountId\":7,"), line);
            assertTrue(line.contains("\"type\":\"Deposit\"") || line.contains("\"type\":\"AccountUpdate\""), line);
        }
    }

    @Test
    void shouldRequireDumpSubcommandFromDispatcher()
    {
        JournalTestSupport.record(dir, 10, 1_000);
        assertEquals(ExitCode.OK, dump(print(out), "--journal", dir.toString()));
        assertTrue(text(out).startsWith("{\"direction\":\"IN\",\"seq\":1,"), text(out));
        assertEquals(ExitCode.USAGE,
            PerpRiskMain.run(new String[]{ "journal", "--journal", dir.toString() }, print(out), print(err)));
        assertEquals(ExitCode.USAGE, PerpRiskMain.run(new String[]{ "journal" }, print(out), print(err)));
        assertTrue(text(err).contains("Usage: perp-risk journal"), text(err));
    }

    private String digestAt200()
    {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        dump(print(all), "--journal", dir.toString());
        for (final String line : text(all).split("\n"))
        {
            if (line.startsWith("{\"direction\":\"DIGEST\",\"seq\":200,"))
            {
                return line.replaceAll(".*\"digest\":\"([0-9a-f]+)\".*", "$1");
            }
        }
        return "missing";
    }

    private int dump(final PrintStream stdout, final String... args)
    {
        final String[] all = new String[args.length + 2];
        all[0] = "journal";
        all[1] = "dump";
        System.arraycopy(args, 0, all, 2, args.length);
        return PerpRiskMain.run(all, stdout, print(err));
    }

    private static PrintStream print(final ByteArrayOutputStream stream)
    {
        return new PrintStream(stream, true, StandardCharsets.UTF_8);
    }

    private static String text(final ByteArrayOutputStream stream)
    {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
