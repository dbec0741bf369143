package io.perprisk.codecs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.perprisk.codecs.FrameLimits;
import io.perprisk.codecs.JsonFormatException;
import io.perprisk.codecs.JsonLineReader;
import io.perprisk.codecs.JsonLineWriter;
import io.perprisk.codecs.MessageCatalog;
import io.perprisk.codecs.Utf8LineReader;
import org.agrona.ExpandableArrayBuffer;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the JSON Lines input path of {@code scenario} and {@code send}: arbitrary bytes through
 * {@link Utf8LineReader} and {@link JsonLineReader#forInbound}. Properties: no exception but
 * {@link JsonFormatException} escapes, and it names the line; every error message is short (echoed input is cut);
 * every line accepted is an inbound message within {@link FrameLimits#MAX_INBOUND_FRAME_LENGTH} that survives a
 * round trip (written back as JSON and read again, the same bytes).
 * <p>
 * In the default build this runs as a regression test over the checked-in seeds in {@code JsonLinesFuzzTestInputs};
 * with {@code JAZZER_FUZZ=1} (the slow group's {@code fuzz-json-lines} execution) Jazzer fuzzes it for a bounded
 * time.
 */
class JsonLinesFuzzTest
{
    private static final MessageCatalog CATALOG = MessageCatalog.load();
    private static final int MAX_MESSAGE_LENGTH = 600;

    private final JsonLineReader reader = JsonLineReader.forInbound(CATALOG);
    private final JsonLineWriter writer = new JsonLineWriter(CATALOG);
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(2048);
    private final ExpandableArrayBuffer again = new ExpandableArrayBuffer(2048);

    @FuzzTest(maxDuration = "30s")
    void everyLineIsEncodedWithinTheLimitOrRefusedWithItsLineNumber(final byte[] input) throws IOException
    {
        try (Utf8LineReader lines = new Utf8LineReader(new ByteArrayInputStream(input)))
        {
            while (true)
            {
                final String line;
                try
                {
                    line = lines.readLine();
                }
                catch (final JsonFormatException ex)
                {
                    checkError(ex, lines.lineNumber());
                    return;
                }
                if (null == line)
                {
                    return;
                }
                readLine(lines.lineNumber(), line);
            }
        }
    }

    private void readLine(final long lineNumber, final String line)
    {
        final int length;
        try
        {
            length = reader.read(lineNumber, line, buffer, 0);
        }
        catch (final JsonFormatException ex)
        {
            checkError(ex, lineNumber);
            return;
        }
        if (length == JsonLineReader.SKIPPED)
        {
            assertTrue(JsonLineReader.isSkipped(line));
            return;
        }

        assertTrue(length <= FrameLimits.MAX_INBOUND_FRAME_LENGTH, "within the inbound frame limit: " + length);
        final int templateId = buffer.getShort(2, LITTLE_ENDIAN) & 0xFFFF;
        assertTrue(FrameLimits.isInboundTemplate(templateId), "an inbound message: " + templateId);

        final String written = writer.toLine(buffer, 0, length);
        final int reread;
        try
        {
            reread = reader.read(lineNumber, written, again, 0);
        }
        catch (final JsonFormatException ex)
        {
            throw new AssertionError("the writer's own line is refused: " + written + ": " + ex.getMessage(), ex);
        }
        assertEquals(length, reread, written);
        for (int i = 0; i < length; i++)
        {
            assertEquals(buffer.getByte(i), again.getByte(i), "byte " + i + " of " + written);
        }
    }

    private static void checkError(final JsonFormatException ex, final long lineNumber)
    {
        assertEquals(lineNumber, ex.lineNumber(), ex.getMessage());
        assertTrue(ex.getMessage().startsWith("line " + lineNumber), ex.getMessage());
        assertTrue(ex.getMessage().length() <= MAX_MESSAGE_LENGTH,
            "an error message stays short: " + ex.getMessage().length() + " characters: " +
            ex.getMessage().substring(0, Math.min(300, ex.getMessage().length())));
    }
}
