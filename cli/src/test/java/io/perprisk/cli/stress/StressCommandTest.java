package io.perprisk.cli.stress;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code stress} on the journal of a {@code scenario --journal} run of the flash crash.
 */
class StressCommandTest
{
    @TempDir
    Path temp;

    @Test
    @Timeout(120)
    void shouldReportLiquidationsOnAFlashCrashJournalAndLeaveItsBytesUnchanged() throws Exception
    {
        final Path journal = recordFlashCrash();
        final Map<String, String> before = fingerprint(journal);

        final Path report = temp.resolve("report/stress.html");
        final String unlimited = run(0, "stress", "--journal", journal.toString(), "--shock", "1=-30%",
            "--steps", "10", "--report", report.toString());
        assertEquals(before, fingerprint(journal), "stress changed the journal");

        assertTrue(number(unlimited, "accounts liquidated +([0-9,]+)") > 0, unlimited);
        assertTrue(unlimited.contains("instrument 1 -30% in 10 steps: mark 43000 -> 30100"), unlimited);
        assertTrue(unlimited.contains("canceled to ADL 0,"), unlimited);
        final String html = Files.readString(report, StandardCharsets.UTF_8);
        assertTrue(html.contains("<svg") && html.contains("liquidations started (cumulative)"), html);
        assertTrue(html.contains("Liquidated accounts"), html);

        final String thin = run(0, "stress", "--journal", journal.toString(), "--shock", "1=-30%",
            "--shock", "2=-25%", "--steps", "20", "--liquidity", "1=5@2%", "--liquidity", "2=20@2%",
            "--report", temp.resolve("thin.html").toString());
        assertEquals(before, fingerprint(journal), "stress changed the journal");
        assertTrue(number(thin, "accounts liquidated +([0-9,]+)") > 0, thin);
        assertTrue(number(thin, "accounts ADL'd +[0-9,]+ \\(([0-9,]+) auto-deleverage events") >
            number(unlimited, "accounts ADL'd +[0-9,]+ \\(([0-9,]+) auto-deleverage events"),
            "a thin market must leave more to auto-deleveraging:\n" + thin + "\n" + unlimited);
    }

    @Test
    @Timeout(120)
    void shouldFindTheSameAnswerFromTheSnapshotAsFromReplayingTheWholeJournal() throws Exception
    {
        final Path journal = recordFlashCrash();
        final Path withoutSnapshots = temp.resolve("without-snapshots");
        try (Stream<Path> paths = Files.walk(journal))
        {
            for (final Path path : (Iterable<Path>) paths::iterator)
            {
                final Path target = withoutSnapshots.resolve(journal.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(target);
                }
                else if (!path.getFileName().toString().startsWith("snapshot-"))
                {
                    Files.copy(path, target);
                }
            }
        }
        final String[] stress = { "--shock", "1=-30%", "--steps", "5", "--liquidity", "10@1%" };
        final String fromSnapshot = withoutStateLine(run(0, concat(
            new String[]{ "stress", "--journal", journal.toString(), "--report", temp.resolve("a.html").toString() },
            stress)));
        final String replayed = run(0, concat(new String[]{ "stress", "--journal", withoutSnapshots.toString(),
            "--report", temp.resolve("b.html").toString() }, stress));
        assertTrue(replayed.contains("(snapshot at 0 + 17,878 events replayed)"), replayed);
        assertEquals(fromSnapshot, withoutStateLine(replayed).replace(withoutSnapshots.toString(), journal.toString()));
    }

    private static String[] concat(final String[] first, final String[] second)
    {
        final String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static String withoutStateLine(final String summary)
    {
        return summary.replaceAll("(?m)^  state .*\\R", "").replaceAll("(?m)^report: .*\\R?", "");
    }

    @Test
    @Timeout(60)
    void shouldPrintHelpWithoutWarnings() throws Exception
    {
        final PrintStream saved = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final String help;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8))
        {
            System.setErr(capture);
            help = run(0, "stress", "--help");
        }
        finally
        {
            System.setErr(saved);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
        assertTrue(help.contains("e.g. 1=-30%; repeat") && help.contains("--liquidity"), help);
    }

    @Test
    @Timeout(60)
    void shouldRefuseBadArguments() throws Exception
    {
        final Path journal = temp.resolve("none");
        assertTrue(run(ExitCode.USAGE, "stress", "--shock", "1=-30%").isEmpty());
        assertTrue(run(ExitCode.USAGE, "stress", "--journal", journal.toString()).isEmpty());
        assertTrue(run(ExitCode.USAGE, "stress", "--journal", journal.toString(), "--shock", "1=-30%")
            .isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Shock.parse("1=-100%"));
        assertThrows(IllegalArgumentException.class, () -> Liquidity.parse("1=0"));
        assertEquals(new Shock(2, new java.math.BigDecimal("-0.25")), Shock.parse("2=-25%"));
        assertEquals(new Liquidity(1, 500_000_000L, new java.math.BigDecimal("0.02")), Liquidity.parse("1=5@2%"));
    }

    private Path recordFlashCrash() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final Path scenario = Paths.get("..").resolve("docs/scenarios/flash-crash.jsonl");
        run(0, "scenario", scenario.toString(), "--journal", journal.toString());
        assertTrue(Files.isDirectory(journal.resolve("inbound")));
        return journal;
    }

    private static String run(final int expectedExit, final String... args) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8))
        {
            exit = PerpRiskMain.run(args, outStream, errStream);
        }
        assertEquals(expectedExit, exit, err.toString(StandardCharsets.UTF_8));
        return args[0].equals("scenario") ? "" : out.toString(StandardCharsets.UTF_8);
    }

    private static long number(final String text, final String regex)
    {
        final Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), regex + " not in\n" + text);
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    private static Map<String, String> fingerprint(final Path dir) throws IOException, NoSuchAlgorithmException
    {
        final Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : (Iterable<Path>) paths::iterator)
            {
                final String name = dir.relativize(path).toString();
                if (Files.isDirectory(path))
                {
                    files.put(name + "/", "dir");
                }
                else
                {
                    final byte[] bytes = Files.readAllBytes(path);
                    files.put(name, bytes.length + " " + HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(bytes)) + " " +
                        Files.getLastModifiedTime(path).toMillis());
                }
            }
        }
        assertTrue(files.size() > 3, files.toString());
        return files;
    }
}
