package io.perprisk.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a child JVM running a {@link JournaledEngine} with SIGKILL at random points (some in the middle of a snapshot
 * write), restarts it until the stream is finished, and checks that the outbound journal and final digest equal
 * those of an uninterrupted run.
 */
class CrashRecoveryTest
{
    private static final long SNAPSHOT_PAUSE_MILLIS = 200;

    @TempDir
    Path root;

    @Test
    void shouldRecoverExactlyOnceAfterTwoKills() throws Exception
    {
        runTrials(2, 0xC0FFEEL, 60_000, 10_000, 250);
    }

    @Tag("slow")
    @Test
    void shouldRecoverExactlyOnceAfterTwelveKills() throws Exception
    {
        runTrials(12, 0x5EEDL, 200_000, 25_000, 600);
    }

    private void runTrials(
        final int trials, final long randomSeed, final long events, final long interval, final int maxKillDelayMillis)
        throws Exception
    {
        final Path reference = root.resolve("reference");
        final String expectedDigest = JournalTestSupport.record(reference, events, interval);
        final List<String> expectedDocuments = JournalTestSupport.outputDocuments(reference);
        final Random random = new Random(randomSeed);

        int kills = 0;
        int killsDuringSnapshot = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            final Path dir = root.resolve("trial-" + trial);
            final boolean duringSnapshot = (trial & 1) == 1;
            final Child child = Child.start(dir, events, interval, SNAPSHOT_PAUSE_MILLIS);
            final String recovered = child.await("recovered", 60);
            assertNotNull(recovered, "child did not start");
            if (duringSnapshot)
            {
                final String marker = child.await("snapshot-begin", 60);
                assertNotNull(marker, "child wrote no snapshot");
                Thread.sleep(random.nextInt((int) SNAPSHOT_PAUSE_MILLIS / 2));
            }
            else
            {
                Thread.sleep(random.nextInt(maxKillDelayMillis));
            }
            final boolean killed = child.kill();
            final boolean unfinishedSnapshot = hasTemporaryFile(JournalQueues.snapshotsDir(dir));
            final Child resumed = Child.start(dir, events, interval, 0);
            final String resumedFrom = resumed.await("recovered", 60);
            assertNotNull(resumedFrom, "resumed child did not start: " + resumed.stderr());
            final long resumedSeq = Long.parseLong(resumedFrom.substring("recovered ".length()));
            System.out.println("trial " + trial + ": killed=" + killed + " duringSnapshot=" + duringSnapshot +
                " unfinishedSnapshot=" + unfinishedSnapshot + " resumed after seq " + resumedSeq);
            if (killed && resumedSeq < events)
            {
                kills++;
                if (duringSnapshot)
                {
                    assertTrue(unfinishedSnapshot, "trial " + trial + ": kill did not land inside a snapshot write");
                    killsDuringSnapshot++;
                }
            }

            final String done = resumed.await("done", 120);
            assertNotNull(done, "resumed child did not finish: " + resumed.stderr());
            assertEquals(0, resumed.waitFor());
            assertEquals("done " + expectedDigest, done, "trial " + trial);
            assertEquals(expectedDocuments, JournalTestSupport.outputDocuments(dir), "trial " + trial);
            final ReplayResult replay = JournalReplayer.replay(dir, HashingTestEngine::new, false, null);
            assertNull(replay.divergence(), "trial " + trial);
            assertEquals(expectedDigest, replay.digest());
            try (var files = Files.list(JournalQueues.snapshotsDir(dir)))
            {
                assertTrue(files.noneMatch((p) -> p.toString().endsWith(".tmp")), "unfinished snapshot left");
            }
        }
        assertTrue(kills >= trials - 1, "only " + kills + " of " + trials + " kills landed before the end");
        assertTrue(killsDuringSnapshot >= trials / 2 - 1, "only " + killsDuringSnapshot + " kills during snapshots");
    }

    private static boolean hasTemporaryFile(final Path snapshots) throws IOException
    {
        if (!Files.isDirectory(snapshots))
        {
            return false;
        }
        try (var files = Files.list(snapshots))
        {
            return files.anyMatch((p) -> p.toString().endsWith(".tmp"));
        }
    }

    private static final class Child
    {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Path stderrFile;

        private Child(final Process process, final Path stderrFile)
        {
            this.process = process;
            this.stderrFile = stderrFile;
            final Thread reader = new Thread(() ->
            {
                try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
                {
                    String line;
                    while ((line = in.readLine()) != null)
                    {
                        lines.add(line);
                    }
                }
                catch (final IOException ignore)
                {
                    // the child was killed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(final Path dir, final long events, final long interval, final long pauseMillis)
            throws IOException
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(CrashTestChild.class.getName());
            command.add(dir.toString());
            command.add(String.valueOf(events));
            command.add(String.valueOf(interval));
            command.add(String.valueOf(pauseMillis));
            Files.createDirectories(dir);
            final Path stderrFile = Files.createTempFile(dir.getParent(), "child-", ".err");
            final Process process = new ProcessBuilder(command)
                .redirectError(stderrFile.toFile())
                .start();
            return new Child(process, stderrFile);
        }

        String await(final String prefix, final long seconds) throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline)
            {
                final String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (null != line && line.startsWith(prefix))
                {
                    return line;
                }
                if (null == line && !process.isAlive() && lines.isEmpty())
                {
                    return null;
                }
            }
            return null;
        }

        boolean kill() throws InterruptedException
        {
            final boolean alive = process.isAlive();
            process.destroyForcibly();
            process.waitFor();
            return alive;
        }

        int waitFor() throws InterruptedException
        {
            return process.waitFor();
        }

        String stderr() throws IOException
        {
            return Files.readString(stderrFile);
        }
    }
}
