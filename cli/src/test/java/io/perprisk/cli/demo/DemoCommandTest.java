package io.perprisk.cli.demo;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest
{
    @Test
    @Timeout(120)
    void shouldDriveServiceAndWriteReport(@TempDir final Path reportDir) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode = PerpRiskMain.run(
            new String[]{
                "demo", "--duration-s=2", "--accounts=50", "--orders-per-s=500", "--report-dir=" + reportDir },
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        final String summary = out.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCode.OK, exitCode, summary + err);
        final Matcher sent = Pattern.compile("orders {16}sent ([0-9,]+), accepted ([0-9,]+)").matcher(summary);
        assertTrue(sent.find(), summary);
        assertTrue(Long.parseLong(sent.group(1).replace(",", "")) >= 500, summary);
        assertTrue(Long.parseLong(sent.group(2).replace(",", "")) > 0, summary);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("events"), "progress line on stderr");

        final String html = Files.readString(reportDir.resolve("report.html"), StandardCharsets.UTF_8);
        assertEquals(4, html.split("<svg", -1).length - 1);
        assertTrue(html.contains("perp-risk demo summary"));
    }
}
