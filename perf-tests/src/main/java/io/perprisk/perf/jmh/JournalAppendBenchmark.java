package io.perprisk.perf.jmh;

import io.perprisk.journal.InboundJournal;
import io.perprisk.journal.JournalQueues;
import io.perprisk.perf.InboundEncoder;
import io.perprisk.perf.TempDirs;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Write-ahead append of one inbound {@code NewOrder} (75 bytes with its header): our {@link InboundJournal} (sequence
 * check, CRC32C, 24-byte record header) against a raw Chronicle Queue append of the same record bytes into a queue
 * built the same way ({@link JournalQueues#open}). Both queues live in the temporary directory and are deleted after
 * the trial.
 */
@State(Scope.Thread)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JournalAppendBenchmark
{
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[256]);
    private final byte[] record = new byte[512];
    private int messageLength;
    private int recordLength;
    private long seq;
    private Path root;
    private InboundJournal journal;
    private SingleChronicleQueue rawQueue;
    private ExcerptAppender rawAppender;

    /**
     * Create both queues and encode the message and the raw record.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        root = TempDirs.create("perp-risk-bench-journal");
        journal = new InboundJournal(root.resolve("ours"));
        rawQueue = JournalQueues.open(root.resolve("raw"));
        rawAppender = rawQueue.createAppender();
        rawAppender.singleThreadedCheckDisabled(true);
        messageLength = new InboundEncoder().newOrder(message, 0, 42, 7, 1, true, 5_000_000_000_000L, 100_000L);
        final UnsafeBuffer recordBuffer = new UnsafeBuffer(record);
        recordBuffer.putLong(0, 1, ByteOrder.LITTLE_ENDIAN);
        recordBuffer.putLong(8, 1_700_000_000_000_000_000L, ByteOrder.LITTLE_ENDIAN);
        recordBuffer.putInt(16, messageLength, ByteOrder.LITTLE_ENDIAN);
        recordBuffer.putInt(20, 0x5eed, ByteOrder.LITTLE_ENDIAN);
        recordBuffer.putBytes(InboundJournal.RECORD_HEADER_LENGTH, message, 0, messageLength);
        recordLength = InboundJournal.RECORD_HEADER_LENGTH + messageLength;
    }

    /**
     * Close both queues and delete them.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        rawAppender.close();
        rawQueue.close();
        journal.close();
        TempDirs.delete(root);
    }

    /**
     * Our inbound journal append.
     *
     * @return the Chronicle index of the record.
     */
    @Benchmark
    public long inboundJournalAppend()
    {
        return journal.append(++seq, 1_700_000_000_000_000_000L, message, 0, messageLength);
    }

    /**
     * Raw Chronicle Queue append of the same record bytes.
     *
     * @return the Chronicle index of the record.
     */
    @Benchmark
    public long rawChronicleAppend()
    {
        try (DocumentContext dc = rawAppender.writingDocument())
        {
            dc.wire().bytes().write(record, 0, recordLength);
        }
        return rawAppender.lastIndexAppended();
    }
}
