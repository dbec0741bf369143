package io.perprisk.client;

import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.MarkPriceDecoder;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.QueryAccountDecoder;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamRoleAndSettingsTest
{
    @Test
    void shouldPutEveryInboundTemplateOnExactlyOneStream()
    {
        final Set<Integer> seen = new HashSet<>();
        for (final StreamRole role : StreamRole.values())
        {
            for (final int templateId : role.templateIds())
            {
                assertTrue(seen.add(templateId), "template " + templateId + " on two streams");
                assertEquals(role, StreamRole.forTemplate(templateId));
                assertTrue(role.allows(templateId));
            }
        }
        assertEquals(16, seen.size());
        assertEquals(StreamRole.TRADING, StreamRole.forTemplate(NewOrderDecoder.TEMPLATE_ID));
        assertEquals(StreamRole.TRADING, StreamRole.forTemplate(FillDecoder.TEMPLATE_ID));
        assertEquals(StreamRole.PRICES, StreamRole.forTemplate(MarkPriceDecoder.TEMPLATE_ID));
        assertEquals(StreamRole.ADMIN, StreamRole.forTemplate(QueryAccountDecoder.TEMPLATE_ID));
        assertNull(StreamRole.forTemplate(OrderAcceptedDecoder.TEMPLATE_ID), "outbound templates have no stream");
        assertFalse(StreamRole.PRICES.allows(NewOrderDecoder.TEMPLATE_ID));
        assertNull(StreamRole.forTemplate(-1));
        assertNull(StreamRole.forTemplate(StreamRole.MAX_TEMPLATE_ID));
    }

    @Test
    void shouldReadStreamIdsFromServiceSettingsWithTheServiceDefaults()
    {
        final RiskClient.Context defaults = new RiskClient.Context().properties(new Properties());
        assertEquals(ServiceSettings.TRADING_STREAM_ID_DEFAULT, defaults.streamId(StreamRole.TRADING));
        assertEquals(ServiceSettings.PRICES_STREAM_ID_DEFAULT, defaults.streamId(StreamRole.PRICES));
        assertEquals(ServiceSettings.ADMIN_STREAM_ID_DEFAULT, defaults.streamId(StreamRole.ADMIN));

        final Properties properties = new Properties();
        properties.setProperty("perp.ingress.trading.stream.id", "11");
        properties.setProperty(ServiceSettings.PRICES_STREAM_ID_PROP_NAME, "12");
        properties.setProperty(ServiceSettings.ADMIN_STREAM_ID_PROP_NAME, "13");
        final RiskClient.Context ctx = new RiskClient.Context().properties(properties);
        assertEquals(11, ctx.streamId(StreamRole.TRADING));
        assertEquals(12, ctx.streamId(StreamRole.PRICES));
        assertEquals(13, ctx.streamId(StreamRole.ADMIN));
    }
}
