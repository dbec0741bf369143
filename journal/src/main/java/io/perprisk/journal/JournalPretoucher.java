package io.perprisk.journal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.Wire;

/**
 * Moves the cost of growing the journal files off the engine thread: a background thread that keeps the memory of the
 * journals' queue files mapped and written-to a fixed distance ahead of their appenders.
 * <p>
 * Without it, the engine thread pays, inside an append, for extending the file and mapping the next block
 * (memory-mapped chunk) when a write crosses into it, and for a page fault (allocating the page in the page cache and
 * the file system) on the first write to every 4 KiB page. The pretoucher does both ahead of time, through the very
 * {@link MappedFile} the appender writes to (so the appender finds the block already mapped and the pages already in
 * its page table): for every page between the appender's write position and {@code aheadBytes} beyond it, it acquires
 * the block holding the page and performs an atomic compare-and-set of the page's first int from 0 to 0. That write
 * access faults the page in but never changes a byte: an int the appender has already written is not 0, so the CAS
 * fails, and the CAS is atomic against the appender's own writes.
 * <p>
 * Threads: the engine thread reports each appender's progress with {@link #advance(int)} (no allocation; a release
 * store only when the write position moved by {@value #PUBLISH_STRIDE} bytes or the queue file changed, e.g. at the
 * daily roll); the pretoucher thread ({@code perp-risk-journal-pretoucher}, daemon) reads it, touches what is missing
 * and parks for {@code idleNanos}. Nothing is shared between processes; each process that appends to a journal runs
 * its own pretoucher (a replicated deployment has one per node).
 */
public final class JournalPretoucher implements AutoCloseable
{
    /**
     * Page size the pretoucher steps by.
     */
    public static final int PAGE_SIZE = 4096;

    /**
     * Bytes the write position must move before the engine thread publishes it again.
     */
    public static final int PUBLISH_STRIDE = 64 * 1024;

    /**
     * Default pause of the pretoucher thread between passes: one millisecond.
     */
    public static final long IDLE_NANOS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(1);

    private static final int MAX_PAGES_PER_PASS = 256;

    private final ExcerptAppender[] appenders;
    private final Target[] targets;
    private final long aheadBytes;
    private final long idleNanos;
    private final Thread thread;
    private final AtomicLong pagesTouched = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;

    /**
     * Start a pretoucher for appenders that are all appended to from one (engine) thread.
     *
     * @param aheadBytes how far beyond each appender's write position to keep pages touched; at least one page.
     * @param idleNanos  pause between passes.
     * @param appenders  the appenders to follow, reported on with {@link #advance(int)} by their index.
     */
    public JournalPretoucher(final long aheadBytes, final long idleNanos, final ExcerptAppender... appenders)
    {
        if (aheadBytes < PAGE_SIZE)
        {
            throw new IllegalArgumentException("aheadBytes must be at least " + PAGE_SIZE + ": " + aheadBytes);
        }
        this.aheadBytes = aheadBytes;
        this.idleNanos = idleNanos;
        this.appenders = appenders.clone();
        this.targets = new Target[appenders.length];
        for (int i = 0; i < appenders.length; i++)
        {
            targets[i] = new Target();
            advanceNow(i);
        }
        thread = new Thread(this::run, "perp-risk-journal-pretoucher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Report the progress of one appender; call on the appending thread after an append. Cheap: a comparison unless
     * the appender moved {@value #PUBLISH_STRIDE} bytes or to another file since the last report.
     *
     * @param appenderIndex index of the appender given to the constructor.
     */
    public void advance(final int appenderIndex)
    {
        final Wire wire = appenders[appenderIndex].wire();
        if (null == wire)
        {
            return;
        }
        final Bytes<?> bytes = wire.bytes();
        final Target target = targets[appenderIndex];
        final long position = bytes.writePosition();
        if (position - target.lastPublishedPosition >= PUBLISH_STRIDE || position < target.lastPublishedPosition ||
            (bytes instanceof MappedBytes && ((MappedBytes) bytes).mappedFile() != target.lastPublishedFile))
        {
            publish(target, bytes, position);
        }
    }

    private void advanceNow(final int appenderIndex)
    {
        final Wire wire = appenders[appenderIndex].wire();
        if (null != wire)
        {
            publish(targets[appenderIndex], wire.bytes(), wire.bytes().writePosition());
        }
    }

    private static void publish(final Target target, final Bytes<?> bytes, final long position)
    {
        if (bytes instanceof MappedBytes)
        {
            final MappedFile file = ((MappedBytes) bytes).mappedFile();
            target.lastPublishedFile = file;
            target.file.setRelease(file);
        }
        target.lastPublishedPosition = position;
        target.position.setRelease(position);
    }

    /**
     * Pages touched so far (all appenders).
     *
     * @return the count.
     */
    public long pagesTouched()
    {
        return pagesTouched.get();
    }

    /**
     * Passes that failed (e.g. a queue file closed under the pretoucher at a roll); each is retried on the next file.
     *
     * @return the count.
     */
    public long failures()
    {
        return failures.get();
    }

    /**
     * Whether the pretoucher thread is still running (tests).
     *
     * @return true until {@link #close()} has stopped it.
     */
    boolean threadAlive()
    {
        return thread.isAlive();
    }

    /**
     * Stop the pretoucher thread and release the blocks it holds; call before closing the queues.
     */
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        try
        {
            while (running)
            {
                int touched = 0;
                for (final Target target : targets)
                {
                    touched += touch(target);
                }
                if (touched == 0)
                {
                    LockSupport.parkNanos(idleNanos);
                }
            }
        }
        finally
        {
            for (final Target target : targets)
            {
                target.releaseStore();
            }
        }
    }

    private int touch(final Target target)
    {
        final MappedFile file = target.file.getAcquire();
        final long position = target.position.getAcquire();
        if (null == file)
        {
            return 0;
        }
        if (file != target.touchingFile)
        {
            target.releaseStore();
            target.touchingFile = file;
            target.touchedUpTo = 0;
        }
        // never the page the appender is writing in: start at the next page boundary
        long page = Math.max(target.touchedUpTo, (position + PAGE_SIZE) & -PAGE_SIZE);
        final long limit = position + aheadBytes;
        int pages = 0;
        try
        {
            while (page < limit && pages < MAX_PAGES_PER_PASS && running)
            {
                MappedBytesStore store = target.store;
                if (null == store || !store.inside(page, Integer.BYTES))
                {
                    target.releaseStore();
                    store = file.acquireByteStore(target.owner, page);
                    target.store = store;
                }
                store.compareAndSwapInt(page, 0, 0);
                page += PAGE_SIZE;
                pages++;
            }
            target.touchedUpTo = page;
        }
        catch (final Exception ex)
        {
            failures.incrementAndGet();
            target.releaseStore();
            target.touchingFile = null;
            return 0;
        }
        pagesTouched.addAndGet(pages);
        return pages;
    }

    private static final class Target
    {
        private final AtomicReference<MappedFile> file = new AtomicReference<>();
        private final AtomicLong position = new AtomicLong();
        private final ReferenceOwner owner = ReferenceOwner.temporary("perp-risk-journal-pretoucher");
        // engine thread only
        private MappedFile lastPublishedFile;
        private long lastPublishedPosition = Long.MIN_VALUE / 2;
        // pretoucher thread only
        private MappedFile touchingFile;
        private MappedBytesStore store;
        private long touchedUpTo;

        void releaseStore()
        {
            final MappedBytesStore current = store;
            store = null;
            if (null != current)
            {
                try
                {
                    current.release(owner);
                }
                catch (final RuntimeException ignore)
                {
                    // already released with its file
                }
            }
        }
    }
}
