package io.perprisk.journal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Helpers shared by the journal tests: recording a deterministic stream, reading outbound documents back, and
 * patching bytes inside queue files.
 */
public final class JournalTestSupport
{
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    static
    {
        System.setProperty(JournalQueues.BLOCK_SIZE_PROP_NAME, String.valueOf(4L * 1024 * 1024));
    }

    private JournalTestSupport()
    {
    }

    /**
     * A context over the test engine with quiet logging.
     *
     * @param dir              journal directory.
     * @param snapshotInterval events between snapshots.
     * @return the context.
     */
    public static JournaledEngine.Context context(final Path dir, final long snapshotInterval)
    {
        return new JournaledEngine.Context()
            .journalDir(dir)
            .engineFactory(HashingTestEngine::new)
            .snapshotIntervalEvents(snapshotInterval)
            .snapshotsToKeep(100)
            .log(QUIET);
    }

    /**
     * Apply events of the deterministic stream.
     *
     * @param engine  to apply to.
     * @param fromSeq first seq.
     * @param toSeq   last seq, inclusive.
     */
    public static void apply(final JournaledEngine engine, final long fromSeq, final long toSeq)
    {
        final TestEvents events = new TestEvents();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        for (long seq = fromSeq; seq <= toSeq; seq++)
        {
            final int length = events.encode(seq, buffer, 0);
            engine.onEvent(seq, TestEvents.receiveTime(seq), buffer, 0, length);
        }
    }

    /**
     * Record the deterministic stream into a fresh journal and close it.
     *
     * @param dir              journal directory.
     * @param events           number of events.
     * @param snapshotInterval events between snapshots.
     * @return the final digest.
     */
    public static String record(final Path dir, final long events, final long snapshotInterval)
    {
        try (JournaledEngine engine = new JournaledEngine(context(dir, snapshotInterval)))
        {
            engine.recover();
            apply(engine, 1, events);
            return engine.engine().digest();
        }
    }

    /**
     * Every event-output document of a journal as "seq:hex" strings, in order; digests left out.
     */
    static List<String> outputDocuments(final Path dir)
    {
        final List<String> documents = new ArrayList<>();
        try (OutboundTailer tailer = OutboundTailer.open(dir))
        {
            final OutboundRecordHandler handler = new OutboundRecordHandler()
            {
                public void onEventOutputs(
                    final long seq, final int count, final DirectBuffer buffer, final int offset, final int length,
                    final long index)
                {
                    final byte[] bytes = new byte[length];
                    buffer.getBytes(offset, bytes);
                    documents.add(seq + ":" + count + ":" + HexFormat.of().formatHex(bytes));
                }

                public void onStateDigest(final long seq, final String digest, final long index)
                {
                }
            };
            boolean more;
            do
            {
                more = tailer.pollRecord(handler);
            }
            while (more);
        }
        return documents;
    }

    static Path onlyQueueFile(final Path queueDir) throws IOException
    {
        try (Stream<Path> files = Files.list(queueDir))
        {
            final List<Path> cq4 = files.filter((p) -> p.toString().endsWith(".cq4")).toList();
            if (cq4.size() != 1)
            {
                throw new IllegalStateException("expected one .cq4 file in " + queueDir + ": " + cq4);
            }
            return cq4.get(0);
        }
    }

    /**
     * Find {@code pattern} in a file (exactly once) and flip the bits of the byte at {@code patternOffset} in it.
     */
    static void flipByte(final Path file, final byte[] pattern, final int patternOffset) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
            FileChannel channel = raf.getChannel())
        {
            final MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            final long size = channel.size();
            long found = -1;
            for (long i = 0; i + pattern.length <= size; i++)
            {
                int j = 0;
                while (j < pattern.length && map.get((int) (i + j)) == pattern[j])
                {
                    j++;
                }
                if (j == pattern.length)
                {
                    if (found >= 0)
                    {
                        throw new IllegalStateException("pattern found twice in " + file);
                    }
                    found = i;
                }
            }
            if (found < 0)
            {
                throw new IllegalStateException("pattern not found in " + file);
            }
            final int position = (int) (found + patternOffset);
            map.put(position, (byte) ~map.get(position));
            map.force();
        }
    }
}
