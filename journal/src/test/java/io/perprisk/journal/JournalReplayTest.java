package io.perprisk.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalReplayTest
{
    private static final int EVENTS = 20_000;

    @TempDir
    Path dir;

    @Test
    void shouldReplayTwentyThousandEventsFromStartAndFromSnapshot() throws IOException
    {
        final String recordedDigest = JournalTestSupport.record(dir, EVENTS, 3_000);

        final ReplayResult fromStart = JournalReplayer.replay(dir, HashingTestEngine::new, false, null);
        assertNull(fromStart.divergence());
        assertEquals(EVENTS, fromStart.events());
        assertEquals(1, fromStart.firstSeq());
        assertEquals(EVENTS, fromStart.lastSeq());
        assertEquals(recordedDigest, fromStart.digest());
        assertTrue(fromStart.finalDigestVerified());
        assertEquals(EVENTS / 3_000 + 1, fromStart.digestsChecked());
        assertTrue(fromStart.messages() > EVENTS / 2);
        assertEquals(JournalTestSupport.outputDocuments(dir).size(), fromStart.outputDocuments());

        final ReplayResult fromFinalSnapshot = JournalReplayer.replay(dir, HashingTestEngine::new, true, null);
        assertNull(fromFinalSnapshot.divergence());
        assertEquals(EVENTS, fromFinalSnapshot.startSnapshotSeq());
        assertEquals(0, fromFinalSnapshot.events());
        assertEquals(recordedDigest, fromFinalSnapshot.digest());

        final Path newest = JournalQueues.snapshotsDir(dir).resolve(SnapshotFile.fileName(EVENTS));
        final byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(newest, bytes);

        final ByteArrayOutputStream messages = new ByteArrayOutputStream();
        final ReplayResult fromOlderSnapshot = JournalReplayer.replay(
            dir, HashingTestEngine::new, true, new PrintStream(messages, true, StandardCharsets.UTF_8));
        assertNull(fromOlderSnapshot.divergence());
        assertEquals(18_000, fromOlderSnapshot.startSnapshotSeq());
        assertEquals(2_000, fromOlderSnapshot.events());
        assertEquals(18_001, fromOlderSnapshot.firstSeq());
        assertEquals(recordedDigest, fromOlderSnapshot.digest());
        assertTrue(fromOlderSnapshot.finalDigestVerified());
        final String log = messages.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains(newest.toString()) && log.contains("CRC32C mismatch"), log);
    }

    @Test
    void shouldReportSeqOfFlippedOutboundByte() throws IOException
    {
        final List<Long> seqs = new ArrayList<>();
        final List<byte[]> messages = new ArrayList<>();
        try (JournaledEngine engine = new JournaledEngine(JournalTestSupport.context(dir, 1_000)
            .outboundListener((seq, buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                seqs.add(seq);
                messages.add(copy);
            })))
        {
            engine.recover();
            JournalTestSupport.apply(engine, 1, 2_500);
        }
        final int victim = messages.size() * 2 / 3;
        final long victimSeq = seqs.get(victim);
        final int firstOfSeq = seqs.indexOf(victimSeq);
        final byte[] original = messages.get(victim);

        JournalTestSupport.flipByte(
            JournalTestSupport.onlyQueueFile(JournalQueues.outboundDir(dir)), original, 26);

        final ReplayResult result = JournalReplayer.replay(dir, HashingTestEngine::new, false, null);
        final Divergence divergence = result.divergence();
        assertNotNull(divergence);
        assertEquals(victimSeq, divergence.seq());
        assertEquals(victim - firstOfSeq, divergence.messageIndex());
        assertArrayEquals(original, divergence.actual());
        final byte[] expected = divergence.expected();
        assertEquals(original.length, expected.length);
        int differences = 0;
        for (int i = 0; i < expected.length; i++)
        {
            differences += expected[i] != original[i] ? 1 : 0;
        }
        assertEquals(1, differences);
        assertEquals(victimSeq, result.lastSeq());
    }

    @Test
    void shouldReportCorruptInboundRecordWithFileAndSeq() throws IOException
    {
        JournalTestSupport.record(dir, 500, 1_000);
        final long victimSeq = 321;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int length = new TestEvents().encode(victimSeq, buffer, 0);
        final byte[] message = new byte[length];
        buffer.getBytes(0, message);
        final Path queueFile = JournalTestSupport.onlyQueueFile(JournalQueues.inboundDir(dir));
        JournalTestSupport.flipByte(queueFile, message, 10);

        final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class,
            () -> JournalReplayer.replay(dir, HashingTestEngine::new, false, null));
        assertTrue(ex.getMessage().contains("seq " + victimSeq), ex.getMessage());
        assertTrue(ex.getMessage().contains(JournalQueues.inboundDir(dir).toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("CRC32C"), ex.getMessage());
    }

    @Test
    void shouldTailOutboundFromSeqAndFromSavedIndex()
    {
        JournalTestSupport.record(dir, 3_000, 1_000);
        final List<String> all = new ArrayList<>();
        final long fromSeq = 1_234;
        final List<String> tail = new ArrayList<>();
        try (OutboundTailer tailer = OutboundTailer.open(dir))
        {
            poll(tailer, all, Integer.MAX_VALUE);
        }
        final long savedIndex;
        try (OutboundTailer tailer = OutboundTailer.open(dir).fromSeq(fromSeq))
        {
            poll(tailer, tail, 10);
            savedIndex = tailer.index();
        }
        try (OutboundTailer tailer = OutboundTailer.open(dir).fromIndex(savedIndex))
        {
            poll(tailer, tail, Integer.MAX_VALUE);
        }
        int first = 0;
        while (Long.parseLong(all.get(first).split(":")[0]) < fromSeq)
        {
            first++;
        }
        assertFalse(tail.isEmpty());
        assertEquals(all.subList(first, all.size()), tail);
    }

    private static void poll(final OutboundTailer tailer, final List<String> into, final int documents)
    {
        final io.perprisk.engine.OutboundHandler handler =
            (seq, buffer, offset, length) -> into.add(seq + ":" + hex(buffer, offset, length));
        if (documents != Integer.MAX_VALUE)
        {
            tailer.poll(handler, documents);
            return;
        }
        int polled;
        do
        {
            polled = tailer.poll(handler, 1_000);
        }
        while (polled > 0);
    }

    private static String hex(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
