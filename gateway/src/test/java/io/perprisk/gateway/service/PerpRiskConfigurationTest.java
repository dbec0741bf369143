package io.perprisk.gateway.service;

import io.perprisk.client.StreamRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerpRiskConfigurationTest
{
    @Test
    void shouldLetSystemPropertiesOverrideTheFileAndFlagsOverrideBoth(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("perp-risk.properties");
        Files.writeString(file, "perp.ring.size=64\nperp.egress.stream.id=3001\nperp.ingress.admin.stream.id=4001\n");
        final String key = PerpRiskConfiguration.EGRESS_STREAM_ID_PROP_NAME;
        System.setProperty(key, "3002");
        try
        {
            final Properties properties = PerpRiskConfiguration.load(file, "--perp.ring.size=128", "ignored");
            final PerpRiskService.Context ctx = new PerpRiskService.Context().properties(properties);
            assertEquals(128, ctx.ringSize());
            assertEquals(3002, ctx.egressStreamId());
            assertEquals(4001, ctx.streamId(StreamRole.ADMIN));
            assertEquals(PerpRiskConfiguration.TRADING_STREAM_ID_DEFAULT, ctx.streamId(StreamRole.TRADING));
        }
        finally
        {
            System.clearProperty(key);
        }
    }

    @Test
    void shouldRefuseAnUnknownKeyAndSuggestTheClosest(@TempDir final Path dir) throws Exception
    {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> PerpRiskConfiguration.load(null, "--perp.ring.sise=64"));
        assertEquals("unknown setting perp.ring.sise (--perp.ring.sise=64); did you mean perp.ring.size? " +
            "Every setting is listed in docs/gateway.md", ex.getMessage());

        ex = assertThrows(IllegalArgumentException.class,
            () -> PerpRiskConfiguration.load(null, "-Dperp.journal.snapshot.interval=5"));
        assertTrue(ex.getMessage().contains("did you mean perp.journal.snapshot.interval.events?"), ex.getMessage());

        final Path file = dir.resolve("typo.properties");
        Files.writeString(file, "perp.egress.stream.id=3001\nperp.egres.channel=aeron:ipc\n");
        ex = assertThrows(IllegalArgumentException.class, () -> PerpRiskConfiguration.load(file));
        assertTrue(ex.getMessage().startsWith("unknown setting perp.egres.channel (in " + file + "); did you mean " +
            "perp.egress.channel?"), ex.getMessage());

        final Properties aeron = PerpRiskConfiguration.load(null, "--aeron.term.buffer.sparse.file=true",
            "--perp.engine.factory=x.Y");
        assertEquals("true", aeron.getProperty("aeron.term.buffer.sparse.file"), "Aeron's own settings pass");
        assertTrue(PerpRiskConfiguration.knownKeys().contains("perp.ring.slot.length"));
        assertTrue(PerpRiskConfiguration.knownKeys().size() >= 27, PerpRiskConfiguration.knownKeys().toString());
    }

    @Test
    void shouldRefuseRingSizeThatIsNotAPowerOfTwo()
    {
        final PerpRiskService.Context ctx = new PerpRiskService.Context().ringSize(100);
        assertThrows(IllegalStateException.class, ctx::conclude);
    }

    @Test
    void shouldRefuseUnknownIdleStrategy()
    {
        assertThrows(IllegalArgumentException.class, () -> PerpRiskConfiguration.idleStrategy("spin-fast"));
    }

    @Test
    void shouldReadEveryKeyOfTheExampleConfiguration() throws Exception
    {
        final Properties properties = PerpRiskConfiguration.load(Path.of("..", "config", "perp-risk.properties"));
        final PerpRiskService.Context ctx = new PerpRiskService.Context().properties(properties).conclude();
        assertEquals(PerpRiskConfiguration.RING_SIZE_DEFAULT, ctx.ringSize());
        assertEquals(PerpRiskConfiguration.JOURNAL_DIR_DEFAULT, ctx.journalDir());
        assertEquals(GatewayThreadingMode.SHARED, ctx.threadingMode());
        assertEquals(9464, ctx.httpPort());
        assertEquals(PerpRiskConfiguration.HTTP_BIND_DEFAULT, ctx.httpBind());
    }
}
