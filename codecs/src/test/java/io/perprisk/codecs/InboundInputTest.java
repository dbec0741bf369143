package io.perprisk.codecs;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an input file for the service may hold: inbound messages only, each within the inbound frame limit, in valid
 * UTF-8; and what an error echoes of bad input.
 */
class InboundInputTest
{
    private static final String EVENT_REJECTED =
        "{\"type\":\"EventRejected\",\"seq\":4,\"reason\":\"OFF_TICK\",\"templateId\":13,\"detail\":\"forged\"}";

    private final MessageCatalog catalog = MessageCatalog.load();
    private final JsonLineReader inbound = JsonLineReader.forInbound(catalog);
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);

    @Test
    void shouldRefuseEveryOutboundMessageNamingTheLine() throws JsonFormatException
    {
        final JsonFormatException ex = assertThrows(
            JsonFormatException.class, () -> inbound.read(7, EVENT_REJECTED, buffer, 0));
        assertEquals(7, ex.lineNumber());
        assertEquals(JsonProblem.NOT_INBOUND, ex.problem());
        assertTrue(ex.getMessage().startsWith("line 7, field type: NOT_INBOUND: \"EventRejected\" is an outbound"),
            ex.getMessage());

        int outbound = 0;
        for (final String name : catalog.messageNames())
        {
            final int templateId = catalog.templateId(name);
            assertEquals(templateId < 100, FrameLimits.isInboundTemplate(templateId), name);
            if (!FrameLimits.isInboundTemplate(templateId))
            {
                outbound++;
                final JsonFormatException refused = assertThrows(JsonFormatException.class,
                    () -> inbound.read(1, "{\"type\":\"" + name + "\"}", buffer, 0), name);
                assertEquals(JsonProblem.NOT_INBOUND, refused.problem(), name);
            }
        }
        assertTrue(outbound >= 14, "every outbound message was tried: " + outbound);

        assertTrue(new JsonLineReader(catalog).read(1, EVENT_REJECTED, buffer, 0) > 0,
            "the general reader still reads outbound lines (expected outputs, round trips)");
    }

    @Test
    void shouldRefuseALineThatEncodesLongerThanTheInboundFrameLimit() throws JsonFormatException
    {
        final JsonFormatException ex = assertThrows(
            JsonFormatException.class, () -> inbound.read(3, assetDefinition("X".repeat(1000)), buffer, 0));
        assertEquals(JsonProblem.TOO_LONG, ex.problem());
        assertEquals(3, ex.lineNumber());
        assertTrue(ex.getMessage().contains("1024-byte limit of an inbound frame"), ex.getMessage());

        final int fixedPart = inbound.read(1, assetDefinition(""), buffer, 0);
        final int longest = FrameLimits.MAX_INBOUND_FRAME_LENGTH - fixedPart;
        assertEquals(FrameLimits.MAX_INBOUND_FRAME_LENGTH, inbound.read(1, assetDefinition("Y".repeat(longest)),
            buffer, 0), "a message of exactly the limit is accepted");
        assertThrows(JsonFormatException.class, () -> inbound.read(1, assetDefinition("Y".repeat(longest + 1)),
            buffer, 0));
    }

    @Test
    void shouldCutLongInputEchoedInAnError()
    {
        final String digits = "9".repeat(100_000);
        final String[] lines = {
            "{\"type\":\"Deposit\",\"accountId\":7,\"assetId\":1,\"amount\":\"" + digits + "\"}",
            "{\"type\":\"Deposit\",\"accountId\":7,\"assetId\":1,\"amount\":" + digits + "}",
            "{\"type\":\"AccountOpen\",\"accountId\":" + digits + "}",
            "{\"type\":\"AccountOpen\",\"accountId\":\"" + digits + "\"}",
            "{\"type\":\"" + digits + "\"}",
            "{\"type\":\"NewOrder\",\"orderId\":1,\"accountId\":7,\"instrumentId\":1,\"side\":\"" + digits +
                "\",\"price\":\"1\",\"quantity\":\"1\",\"reduceOnly\":false}",
            "{\"type\":\"Deposit\",\"accountId\":7,\"assetId\":1,\"amount\":\"1." + digits + "\"}",
            "{\"type\":\"AccountOpen\",\"accountId\":1." + digits + "}",
            "{\"type\":\"AccountOpen\",\"accountId\":" + digits + "x}",
        };
        for (final String line : lines)
        {
            final JsonFormatException ex = assertThrows(JsonFormatException.class, () -> inbound.read(2, line,
                buffer, 0));
            assertTrue(ex.getMessage().length() < 400, ex.problem() + ": " + ex.getMessage().length() +
                " characters: " + ex.getMessage().substring(0, Math.min(200, ex.getMessage().length())));
            assertFalse(ex.getMessage().contains("9".repeat(JsonLineReader.MAX_ECHO_LENGTH + 1)), ex.getMessage());
        }
    }

    @Test
    void shouldNameTheLineAndColumnOfInvalidUtf8() throws Exception
    {
        final byte[] text = concat(
            "{\"type\":\"AccountOpen\",\"accountId\":1}\n".getBytes(StandardCharsets.UTF_8),
            "{\"type\":\"AssetDefinition\",\"assetId\":1,\"symbol\":\"Ü".getBytes(StandardCharsets.UTF_8),
            new byte[]{ (byte) 0xFF },
            "\"}\n".getBytes(StandardCharsets.UTF_8));
        try (Utf8LineReader lines = new Utf8LineReader(new ByteArrayInputStream(text)))
        {
            assertEquals("{\"type\":\"AccountOpen\",\"accountId\":1}", lines.readLine());
            final JsonFormatException ex = assertThrows(JsonFormatException.class, lines::readLine);
            assertEquals(2, ex.lineNumber());
            assertEquals(JsonProblem.INVALID_UTF8, ex.problem());
            assertTrue(ex.getMessage().startsWith("line 2: INVALID_UTF8: column 50 (byte 51 of the line): 0xFF"),
                ex.getMessage());
        }
    }

    @Test
    void shouldReadCrLfAndAMissingLastTerminatorAndATruncatedSequence() throws Exception
    {
        try (Utf8LineReader lines = new Utf8LineReader(new ByteArrayInputStream(
            "a\r\n\né".getBytes(StandardCharsets.UTF_8))))
        {
            assertEquals("a", lines.readLine());
            assertEquals("", lines.readLine());
            assertEquals("é", lines.readLine());
            assertNull(lines.readLine());
            assertEquals(3, lines.lineNumber());
        }
        try (Utf8LineReader lines = new Utf8LineReader(new ByteArrayInputStream(new byte[]{ 'a', (byte) 0xC3 })))
        {
            final JsonFormatException ex = assertThrows(JsonFormatException.class, lines::readLine);
            assertTrue(ex.getMessage().contains("column 2"), ex.getMessage());
        }
    }

    private static String assetDefinition(final String symbol)
    {
        return "{\"type\":\"AssetDefinition\",\"assetId\":1,\"price\":\"1\",\"collateralRatio\":\"1\",\"symbol\":\"" +
            symbol + "\"}";
    }

    private static byte[] concat(final byte[]... parts) throws IOException
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.write(part);
        }
        return out.toByteArray();
    }
}
