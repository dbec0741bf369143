package io.perprisk.gateway.service;

import io.perprisk.client.RiskClient;
import io.perprisk.gateway.support.EchoEngineFactory;
import io.perprisk.journal.JournalReplayer;
import io.perprisk.journal.ReplayResult;
import io.perprisk.gateway.support.CollectedMessage;
import io.perprisk.gateway.support.OutboundCollector;
import io.perprisk.gateway.support.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.perprisk.gateway.support.GatewayTestSupport.clientContext;
import static io.perprisk.gateway.support.GatewayTestSupport.serviceContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restarts of the service over its journal; its workload helpers are shared with the {@code run} command's tests.
 */
public class PerpRiskServiceRestartTest
{
    /**
     * Events of the workload.
     */
    public static final int EVENTS = 300;

    /**
     * Events sent before a restart: after a rejected frame, so the snapshot is taken right after a gateway reject.
     */
    public static final int FIRST_HALF = 150;

    /**
     * Run the workload through one service and return its outputs and digest.
     *
     * @param digest receiving the final state digest at index 0.
     * @return the outputs.
     */
    public static List<CollectedMessage> uninterruptedRun(final String[] digest)
    {
        final PerpRiskService service = PerpRiskService.launch(serviceContext(null));
        try
        {
            return sendAndCollect(service, 1, EVENTS);
        }
        finally
        {
            service.close();
            digest[0] = service.digest();
        }
    }

    static List<CollectedMessage> sendAndCollect(final PerpRiskService service, final int from, final int to)
    {
        try (RiskClient client = RiskClient.connect(clientContext(service).ordered(true)))
        {
            return sendAndCollect(client, from, to);
        }
    }

    /**
     * Send events {@code from..to} of the workload and collect the outputs they cause.
     *
     * @param client connected to the service.
     * @param from   first event.
     * @param to     last event.
     * @return the outputs.
     */
    public static List<CollectedMessage> sendAndCollect(final RiskClient client, final int from, final int to)
    {
        assertTrue(client.awaitConnected(10_000));
        final OutboundCollector collector = new OutboundCollector();
        Workload.send(client, from, to);
        client.awaitSequenced(10_000);
        final int expected = expectedOutputs(from, to);
        final List<CollectedMessage> messages = collector.awaitCount(client, expected, 20_000);
        assertEquals(expected, messages.size());
        return new ArrayList<>(messages);
    }

    static int expectedOutputs(final int from, final int to)
    {
        // every workload event answers with exactly one message (accept, account update or reject)
        return to - from + 1;
    }

    @Test
    @Timeout(120)
    void shouldResumeFromJournalAfterRestartWithSameOutputsAndDigest(@TempDir final Path journalDir)
    {
        final String[] expectedDigest = new String[1];
        final List<CollectedMessage> expected = uninterruptedRun(expectedDigest);

        final List<CollectedMessage> actual = new ArrayList<>();
        try (PerpRiskService first = PerpRiskService.launch(
            serviceContext(null).journalDir(journalDir.toString())))
        {
            actual.addAll(sendAndCollect(first, 1, FIRST_HALF));
        }

        final PerpRiskService second = PerpRiskService.launch(
            serviceContext(null).journalDir(journalDir.toString()));
        try
        {
            assertEquals(FIRST_HALF, second.lastAppliedSeq());
            actual.addAll(sendAndCollect(second, FIRST_HALF + 1, EVENTS));
        }
        finally
        {
            second.close();
        }
        assertEquals(expectedDigest[0], second.digest());

        assertEquals(expected, actual);
    }

    @Test
    @Timeout(120)
    void shouldReplayGatewayJournalWithItsRejectsThroughTheBareEngine(@TempDir final Path journalDir)
    {
        final String[] digest = new String[1];
        final PerpRiskService service = PerpRiskService.launch(serviceContext(null).journalDir(journalDir.toString()));
        try
        {
            sendAndCollect(service, 1, EVENTS);
        }
        finally
        {
            service.close();
            digest[0] = service.digest();
        }

        final EchoEngineFactory bareEngine = new EchoEngineFactory();
        final ReplayResult replay = JournalReplayer.replay(journalDir, bareEngine::newEngine, false, null);
        assertNull(replay.divergence(), () -> replay.divergence().toString());
        assertEquals(EVENTS, replay.lastSeq());
        assertEquals(digest[0], replay.digest());
    }
}
