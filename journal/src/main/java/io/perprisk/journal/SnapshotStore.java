package io.perprisk.journal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The snapshot files of a journal directory. The engine thread encodes the engine state into memory; this store
 * writes the file on its own writer thread, so the engine thread only pays for encoding. One write is outstanding at
 * a time: asking for another waits for the previous one. Keeps the newest {@code keep} files.
 */
public final class SnapshotStore implements AutoCloseable
{
    private final Path dir;
    private final int keep;
    private final SnapshotObserver observer;
    private final PrintStream log;
    private final ExecutorService writer;
    private Future<?> pendingWrite;
    private volatile Throwable lastError;
    private final AtomicLong failures = new AtomicLong();

    /**
     * Create a store over a snapshot directory.
     *
     * @param dir      the snapshot directory, created when the first snapshot is written.
     * @param keep     how many snapshot files to keep, at least 1.
     * @param observer of writes, or null.
     * @param log      for messages about damaged files and write failures.
     */
    public SnapshotStore(final Path dir, final int keep, final SnapshotObserver observer, final PrintStream log)
    {
        this.dir = dir;
        this.keep = Math.max(1, keep);
        this.observer = observer;
        this.log = log;
        this.writer = Executors.newSingleThreadExecutor(
            (runnable) ->
            {
                final Thread thread = new Thread(runnable, "perp-risk-snapshot-writer");
                thread.setDaemon(true);
                return thread;
            });
    }

    /**
     * Write a snapshot file on the writer thread. Waits first for the previous write to finish.
     *
     * @param seq           last applied sequence number.
     * @param inboundIndex  Chronicle index of the inbound record of {@code seq}, -1 if unknown.
     * @param outboundIndex Chronicle index of the last outbound document, -1 if unknown.
     * @param digest        engine digest at that point.
     * @param body          engine snapshot bytes; must not be changed afterwards.
     */
    public void writeAsync(
        final long seq, final long inboundIndex, final long outboundIndex, final String digest, final byte[] body)
    {
        awaitWrites();
        pendingWrite = writer.submit(() -> writeNow(seq, inboundIndex, outboundIndex, digest, body));
    }

    /**
     * Wait for the outstanding write, if any.
     */
    public void awaitWrites()
    {
        final Future<?> pending = pendingWrite;
        if (null != pending)
        {
            pendingWrite = null;
            try
            {
                pending.get();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            catch (final ExecutionException ex)
            {
                lastError = ex.getCause();
                failures.incrementAndGet();
            }
        }
    }

    /**
     * The error of the last failed write, if any; writes that fail are also reported on the log.
     *
     * @return the error or null.
     */
    public Throwable lastError()
    {
        return lastError;
    }

    /**
     * Snapshot writes that failed.
     *
     * @return the number of failed writes.
     */
    public long failures()
    {
        return failures.get();
    }

    /**
     * Snapshot files in the directory, newest (highest seq) first. Temporary files are ignored.
     *
     * @return the paths, possibly empty.
     */
    public List<Path> listNewestFirst()
    {
        final List<Path> paths = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return paths;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(
            dir, SnapshotFile.PREFIX + "*" + SnapshotFile.SUFFIX))
        {
            for (final Path path : stream)
            {
                paths.add(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list snapshots in " + dir, ex);
        }
        paths.sort(Collections.reverseOrder());
        return paths;
    }

    /**
     * Delete temporary files left by a write that did not finish (the process died mid-write). Call only from the
     * process that owns the journal, before it writes snapshots.
     *
     * @return the number of files deleted.
     */
    public int deleteTemporaryFiles()
    {
        int deleted = 0;
        if (!Files.isDirectory(dir))
        {
            return 0;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, SnapshotFile.PREFIX + "*.tmp"))
        {
            for (final Path path : stream)
            {
                Files.deleteIfExists(path);
                log.println("deleted unfinished snapshot file " + path);
                deleted++;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot clean snapshots in " + dir, ex);
        }
        return deleted;
    }

    /**
     * Wait for the outstanding write and stop the writer thread.
     */
    public void close()
    {
        awaitWrites();
        writer.shutdown();
        try
        {
            if (!writer.awaitTermination(1, TimeUnit.MINUTES))
            {
                log.println("snapshot writer did not stop within a minute");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void writeNow(
        final long seq, final long inboundIndex, final long outboundIndex, final String digest, final byte[] body)
    {
        try
        {
            final Runnable midWrite = null == observer ? null : () -> observer.onWriteStarted(seq);
            final Path path = SnapshotFile.write(dir, seq, inboundIndex, outboundIndex, digest, body, midWrite);
            if (null != observer)
            {
                observer.onWriteCompleted(seq, path);
            }
            prune();
        }
        catch (final IOException | RuntimeException ex)
        {
            lastError = ex;
            failures.incrementAndGet();
            log.println("snapshot at seq " + seq + " not written to " + dir + ": " + ex);
        }
    }

    private void prune() throws IOException
    {
        final List<Path> paths = listNewestFirst();
        for (int i = keep; i < paths.size(); i++)
        {
            Files.deleteIfExists(paths.get(i));
        }
    }
}
