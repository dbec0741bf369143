package io.perprisk.gateway.ingress;

import io.perprisk.client.StreamRole;
import io.perprisk.codecs.FrameLimits;
import io.perprisk.codecs.JsonFormatException;
import io.perprisk.codecs.JsonLineReader;
import io.perprisk.codecs.MessageCatalog;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.gateway.service.PerpRiskService;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One inbound frame limit: a line the JSON Lines reader of {@code scenario} and {@code send} accepts is a frame the
 * service's frame checks accept, and a line it refuses as too long is a frame the service refuses.
 */
class FrameLimitConsistencyTest
{
    private final JsonLineReader reader = JsonLineReader.forInbound(MessageCatalog.load());
    private final JsonLineReader unrestricted = new JsonLineReader(MessageCatalog.load());
    private final FrameValidator validator = new FrameValidator(FrameLimits.MAX_INBOUND_FRAME_LENGTH);
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(2048);

    @Test
    void shouldAcceptInTextExactlyWhatTheServiceAcceptsAsAFrame() throws JsonFormatException
    {
        int accepted = 0;
        int refused = 0;
        for (int symbolLength = 900; symbolLength <= 1024; symbolLength++)
        {
            final String[] lines = { assetDefinition(symbolLength), instrumentDefinition(symbolLength) };
            for (final String line : lines)
            {
                final int length = unrestricted.read(1, line, buffer, 0);
                final boolean serviceAccepts =
                    validator.validate(StreamRole.ADMIN, buffer, 0, length) == FrameValidator.VALID;
                boolean textAccepts = true;
                try
                {
                    reader.read(1, line, buffer, 0);
                }
                catch (final JsonFormatException ex)
                {
                    textAccepts = false;
                }
                assertEquals(serviceAccepts, textAccepts, "symbol of " + symbolLength + " bytes: " + line);
                if (serviceAccepts)
                {
                    accepted++;
                }
                else
                {
                    refused++;
                    assertEquals(RejectReason.MALFORMED.value(), validator.validate(StreamRole.ADMIN, buffer, 0,
                        length));
                    assertEquals("frame longer than the maximum frame length", validator.detail());
                }
            }
        }
        assertTrue(accepted > 0 && refused > 0, accepted + " accepted, " + refused + " refused");
    }

    @Test
    void shouldRefuseASlotShorterThanTheFrameLimit()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> new PerpRiskService.Context().slotLength(FrameLimits.MAX_INBOUND_FRAME_LENGTH - 1).conclude());
        assertTrue(ex.getMessage().contains("perp.ring.slot.length must be at least 1024"), ex.getMessage());
    }

    private static String assetDefinition(final int symbolLength)
    {
        return "{\"type\":\"AssetDefinition\",\"assetId\":1,\"price\":\"1\",\"collateralRatio\":\"1\",\"symbol\":\"" +
            "A".repeat(symbolLength) + "\"}";
    }

    private static String instrumentDefinition(final int symbolLength)
    {
        return "{\"type\":\"InstrumentDefinition\",\"instrumentId\":1,\"settleAssetId\":1,\"tickSize\":\"0.1\"," +
            "\"lotSize\":\"0.001\",\"liquidationFeeRate\":\"0.01\",\"liquidationPriceBand\":\"0.05\"," +
            "\"liquidationTargetRatio\":\"0.5\",\"tiers\":[{\"notionalCap\":\"50000\",\"maxLeverage\":20," +
            "\"maintenanceMarginRate\":\"0.004\"}],\"symbol\":\"" + "B".repeat(symbolLength) + "\"}";
    }
}
