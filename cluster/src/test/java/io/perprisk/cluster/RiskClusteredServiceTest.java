package io.perprisk.cluster;

import io.aeron.cluster.service.Cluster;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.journal.InboundJournal;
import io.perprisk.journal.JournalReplayer;
import io.perprisk.journal.ReplayResult;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.perprisk.cluster.ClusterProtocol.ORDER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clustered service's logic without a cluster: deduplication, ordering, acknowledgements, egress, the snapshot
 * and the agreement check between a member's journal and the cluster snapshot and log.
 */
final class RiskClusteredServiceTest
{
    private static final long CLIENT = 0x1234L;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private RiskClusteredService service(final Path journal)
    {
        return new RiskClusteredService(new RiskClusteredService.Context()
            .journalDir(journal)
            .engineFactory((handler) -> new PerpRiskEngine(new EngineConfiguration(), handler))
            .log(log)
            .failureHandler((ex) ->
            {
                throw new IllegalStateException(ex);
            }));
    }

    private static void deliver(
        final RiskClusteredService service, final ServiceFixtures.FakeCluster fake, final long msgNo,
        final byte[] message)
    {
        final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(4096);
        final int length = ServiceFixtures.eventFrame(frame, CLIENT, msgNo, message);
        service.onSessionMessage(fake.session, 1_000L + msgNo, frame, 0, length, null);
    }

    @Test
    void appliesEachNumberOnceAndInOrderAndSendsTheEngineOutputs() throws Exception
    {
        final List<byte[]> messages = ServiceFixtures.encode(ServiceFixtures.scenario("funding.jsonl"));
        final ServiceFixtures.FakeCluster fake = new ServiceFixtures.FakeCluster();
        final RiskClusteredService service = service(tmp.resolve("journal"));
        service.start(fake.cluster, null);

        for (int i = 0; i < 5; i++)
        {
            deliver(service, fake, i + 1, messages.get(i));
        }
        deliver(service, fake, 3, messages.get(2));         // duplicate after a resend: acknowledged, not applied
        assertEquals(5, service.seq());
        final byte[] dupAck = fake.egress.get(fake.egress.size() - 1);
        assertEquals(ClusterProtocol.ACK, new UnsafeBuffer(dupAck).getInt(0, ORDER));
        assertEquals(5, new UnsafeBuffer(dupAck).getLong(ClusterProtocol.MSG_NO_OFFSET, ORDER));
        assertEquals(5, new UnsafeBuffer(dupAck).getLong(ClusterProtocol.ACK_SEQ_OFFSET, ORDER));
        assertEquals(1, new UnsafeBuffer(dupAck).getLong(ClusterProtocol.ACK_FIRST_SEQ_OFFSET, ORDER));

        deliver(service, fake, 8, messages.get(7));         // ahead of 6: refused with the number expected
        assertEquals(5, service.seq());
        final byte[] gap = fake.egress.get(fake.egress.size() - 1);
        assertEquals(ClusterProtocol.GAP, new UnsafeBuffer(gap).getInt(0, ORDER));
        assertEquals(6, new UnsafeBuffer(gap).getLong(ClusterProtocol.MSG_NO_OFFSET, ORDER));

        for (int i = 5; i < messages.size(); i++)
        {
            deliver(service, fake, i + 1, messages.get(i));
        }
        assertEquals(messages.size(), service.seq());

        final List<ServiceFixtures.Output> expected = ServiceFixtures.inProcess(messages);
        final List<ServiceFixtures.Output> actual = new ArrayList<>();
        for (final byte[] frame : fake.egress)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(frame);
            if (ClusterProtocol.OUTPUT == buffer.getInt(0, ORDER))
            {
                actual.add(ServiceFixtures.Output.of(buffer.getLong(ClusterProtocol.OUTPUT_SEQ_OFFSET, ORDER), buffer,
                    ClusterProtocol.OUTPUT_HEADER_LENGTH, frame.length - ClusterProtocol.OUTPUT_HEADER_LENGTH));
            }
        }
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertEquals(expected.get(i).seq(), actual.get(i).seq());
            assertArrayEquals(expected.get(i).bytes(), actual.get(i).bytes(), "output " + i);
        }
        assertEquals(ServiceFixtures.inProcessDigest(messages), service.digest());
        service.close();

        final ReplayResult replay = JournalReplayer.replay(tmp.resolve("journal"),
            (handler) -> new PerpRiskEngine(new EngineConfiguration(), handler), false, null);
        assertEquals(null, replay.divergence());
        assertEquals(messages.size(), replay.events());
    }

    @Test
    void followersSendNothing() throws Exception
    {
        final List<byte[]> messages = ServiceFixtures.encode(ServiceFixtures.scenario("funding.jsonl"));
        final ServiceFixtures.FakeCluster fake = new ServiceFixtures.FakeCluster();
        fake.role = Cluster.Role.FOLLOWER;
        final RiskClusteredService service = service(tmp.resolve("journal"));
        service.start(fake.cluster, null);
        for (int i = 0; i < messages.size(); i++)
        {
            deliver(service, fake, i + 1, messages.get(i));
        }
        assertEquals(messages.size(), service.seq());
        assertTrue(fake.egress.isEmpty());
        service.close();
    }

    @Test
    void snapshotRestoresWithAJournalAheadOfItAndChecksTheyAgree() throws Exception
    {
        final List<byte[]> messages = ServiceFixtures.encode(ServiceFixtures.scenario("funding.jsonl"));
        final int atSnapshot = 9;
        final ServiceFixtures.FakeCluster fake = new ServiceFixtures.FakeCluster();
        final RiskClusteredService first = service(tmp.resolve("a"));
        first.start(fake.cluster, null);
        for (int i = 0; i < atSnapshot; i++)
        {
            deliver(first, fake, i + 1, messages.get(i));
        }
        final RiskClusteredService.SnapshotReader snapshot = new RiskClusteredService.SnapshotReader();
        first.writeSnapshot((buffer, length) -> snapshot.onFragment(buffer, 0, length, null));
        snapshot.check();
        for (int i = atSnapshot; i < messages.size(); i++)
        {
            deliver(first, fake, i + 1, messages.get(i));
        }
        final String digest = first.digest();
        first.close();

        // A restarted member: its journal holds every event; the cluster gives it the snapshot and the log after it.
        copy(tmp.resolve("a"), tmp.resolve("b"));
        final ServiceFixtures.FakeCluster replaying = new ServiceFixtures.FakeCluster();
        replaying.role = Cluster.Role.FOLLOWER;
        final RiskClusteredService second = service(tmp.resolve("b"));
        second.start(replaying.cluster, snapshot);
        assertEquals(atSnapshot, second.seq());
        deliver(second, replaying, 3, messages.get(2));      // the client table came with the snapshot
        assertEquals(atSnapshot, second.seq());
        for (int i = atSnapshot; i < messages.size(); i++)
        {
            deliver(second, replaying, i + 1, messages.get(i));
        }
        assertEquals(messages.size(), second.seq());
        assertEquals(digest, second.digest());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains(
            "journal agrees with the cluster snapshot and log through seq " + messages.size()), logBytes::toString);
        try (InboundJournal inbound = new InboundJournal(tmp.resolve("b")))
        {
            assertEquals(messages.size(), inbound.lastSeq(), "events already journaled are not journaled again");
        }
        second.close();

        // A member whose journal is behind the cluster snapshot cannot continue: a clear error.
        final RiskClusteredService empty = service(tmp.resolve("c"));
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> empty.start(new ServiceFixtures.FakeCluster().cluster, snapshot));
        assertTrue(ex.getMessage().contains("before the cluster snapshot's seq " + atSnapshot), ex.getMessage());
        empty.close();
        assertFalse(logBytes.toString(StandardCharsets.UTF_8).isEmpty());
    }

    private static void copy(final Path from, final Path to) throws Exception
    {
        try (var paths = Files.walk(from))
        {
            for (final Path path : (Iterable<Path>) paths::iterator)
            {
                final Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(path, target);
                }
            }
        }
    }
}
