package io.perprisk.cli;

import io.perprisk.gateway.service.PerpRiskConfiguration;
import io.perprisk.client.RiskClient;
import io.perprisk.gateway.support.CollectedMessage;
import io.perprisk.gateway.support.EchoEngineFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.perprisk.gateway.service.PerpRiskServiceRestartTest.EVENTS;
import static io.perprisk.gateway.service.PerpRiskServiceRestartTest.FIRST_HALF;
import static io.perprisk.gateway.service.PerpRiskServiceRestartTest.sendAndCollect;
import static io.perprisk.gateway.service.PerpRiskServiceRestartTest.uninterruptedRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow")
class RunCommandSigtermTest
{
    private static Process startChild(final Path aeronDir, final Path journalDir) throws IOException
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
        command.add(RunCommand.NAME);
        command.add("--" + PerpRiskConfiguration.AERON_DIR_PROP_NAME + "=" + aeronDir);
        command.add("--" + PerpRiskConfiguration.JOURNAL_DIR_PROP_NAME + "=" + journalDir);
        command.add("--" + PerpRiskConfiguration.TERM_LENGTH_PROP_NAME + "=65536");
        command.add("--" + RunCommand.ENGINE_FACTORY_PROP_NAME + "=" + EchoEngineFactory.class.getName());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String awaitLine(final BufferedReader reader, final String prefix) throws IOException
    {
        String line;
        while (null != (line = reader.readLine()))
        {
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
        return null;
    }

    private static String terminate(final Process child, final BufferedReader reader)
        throws IOException, InterruptedException
    {
        child.toHandle().destroy(); // SIGTERM, leaving our end of its stdout open
        final String stopped = awaitLine(reader, "perp-risk stopped:");
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        // a JVM ended by SIGTERM exits with 128 + 15 once its shutdown hooks have run
        assertTrue(child.exitValue() == 0 || child.exitValue() == 143, "exit " + child.exitValue());
        assertNotNull(stopped);
        return stopped;
    }

    @Test
    @Timeout(180)
    void shouldRestartAfterSigtermWithSameOutputsAndDigestAsUninterruptedRun(
        @TempDir final Path aeronDir, @TempDir final Path journalDir) throws Exception
    {
        final String[] expectedDigest = new String[1];
        final List<CollectedMessage> expected = uninterruptedRun(expectedDigest);
        final RiskClient.Context clientContext = new RiskClient.Context()
            .aeronDirectoryName(aeronDir.toString())
            .ordered(true);
        final List<CollectedMessage> actual = new ArrayList<>();

        final Process first = startChild(aeronDir, journalDir);
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(first.getInputStream(), StandardCharsets.US_ASCII)))
        {
            assertNotNull(awaitLine(reader, "perp-risk running:"));
            try (RiskClient client = RiskClient.connect(clientContext))
            {
                actual.addAll(sendAndCollect(client, 1, FIRST_HALF));
            }
            terminate(first, reader);
        }
        finally
        {
            first.destroyForcibly();
        }

        final Process second = startChild(aeronDir, journalDir);
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(second.getInputStream(), StandardCharsets.US_ASCII)))
        {
            final String running = awaitLine(reader, "perp-risk running:");
            assertNotNull(running);
            assertTrue(running.endsWith("next-seq=" + (FIRST_HALF + 1)), running);
            try (RiskClient client = RiskClient.connect(clientContext))
            {
                actual.addAll(sendAndCollect(client, FIRST_HALF + 1, EVENTS));
            }
            final String stopped = terminate(second, reader);
            assertEquals("perp-risk stopped: last-seq=" + EVENTS + " digest=" + expectedDigest[0], stopped);
        }
        finally
        {
            second.destroyForcibly();
        }

        assertEquals(expected, actual);
    }
}
