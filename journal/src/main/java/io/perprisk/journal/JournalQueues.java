package io.perprisk.journal;

import java.nio.file.Path;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * Opens the Chronicle queues of a journal directory with the journal's settings: binary wire, a daily roll cycle and
 * a block (memory-mapped chunk) size that can be lowered for tests.
 * <p>
 * A journal directory holds {@value #INBOUND_DIR}, {@value #OUTBOUND_DIR} and {@value #SNAPSHOTS_DIR}.
 */
public final class JournalQueues
{
    /**
     * Sub-directory of the inbound queue.
     */
    public static final String INBOUND_DIR = "inbound";

    /**
     * Sub-directory of the outbound queue.
     */
    public static final String OUTBOUND_DIR = "outbound";

    /**
     * Sub-directory of the snapshot files.
     */
    public static final String SNAPSHOTS_DIR = "snapshots";

    /**
     * System property naming the block size in bytes of newly opened queues.
     */
    public static final String BLOCK_SIZE_PROP_NAME = "perprisk.journal.blockSize";

    /**
     * Default block size: 16 MiB memory-mapped chunks.
     */
    public static final long BLOCK_SIZE_DEFAULT = 16L * 1024 * 1024;

    /**
     * Roll cycle of every journal queue: one file per UTC day, up to 2^32 entries per day.
     */
    public static final RollCycle ROLL_CYCLE = RollCycles.FAST_DAILY;

    private JournalQueues()
    {
    }

    /**
     * Open (creating if needed) a queue in a directory.
     *
     * @param queueDir directory of the queue.
     * @return the open queue; the caller closes it.
     */
    public static SingleChronicleQueue open(final Path queueDir)
    {
        return SingleChronicleQueueBuilder.binary(queueDir)
            .rollCycle(ROLL_CYCLE)
            .blockSize(Long.getLong(BLOCK_SIZE_PROP_NAME, BLOCK_SIZE_DEFAULT))
            .timeoutMS(2_000)
            .build();
    }

    /**
     * Directory of the inbound queue in a journal directory.
     *
     * @param journalDir the journal directory.
     * @return the inbound queue directory.
     */
    public static Path inboundDir(final Path journalDir)
    {
        return journalDir.resolve(INBOUND_DIR);
    }

    /**
     * Directory of the outbound queue in a journal directory.
     *
     * @param journalDir the journal directory.
     * @return the outbound queue directory.
     */
    public static Path outboundDir(final Path journalDir)
    {
        return journalDir.resolve(OUTBOUND_DIR);
    }

    /**
     * Directory of the snapshot files in a journal directory.
     *
     * @param journalDir the journal directory.
     * @return the snapshot directory.
     */
    public static Path snapshotsDir(final Path journalDir)
    {
        return journalDir.resolve(SNAPSHOTS_DIR);
    }

    /**
     * Describe where an entry lives, for error messages: queue directory, cycle, entry within the cycle and index.
     *
     * @param queue holding the entry.
     * @param index Chronicle index of the entry.
     * @return a human-readable location.
     */
    public static String describe(final SingleChronicleQueue queue, final long index)
    {
        final RollCycle rollCycle = queue.rollCycle();
        return queue.file() + " cycle " + rollCycle.toCycle(index) + " entry " + rollCycle.toSequenceNumber(index) +
            " (index 0x" + Long.toHexString(index) + ")";
    }
}
