package io.perprisk.codecs;

import io.perprisk.codecs.sbe.DepositDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.ExpandableArrayBuffer;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DecimalFormatTest
{
    private final JsonLineReader reader = new JsonLineReader();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final DepositDecoder depositDecoder = new DepositDecoder();

    @Property(tries = 2000)
    void shouldFormatEveryRawValueAsItsExactPlainDecimal(@ForAll final long raw)
    {
        final String expected = 0 == raw ? "0" : BigDecimal.valueOf(raw, 8).stripTrailingZeros().toPlainString();
        final StringBuilder sb = new StringBuilder();
        JsonLineWriter.appendDecimalString(sb, raw);

        assertEquals("\"" + expected + "\"", sb.toString());
    }

    @Property(tries = 2000)
    void shouldParseTheTextOfEveryRawValueBackExactly(@ForAll final long raw) throws JsonFormatException
    {
        final StringBuilder amount = new StringBuilder();
        JsonLineWriter.appendDecimalString(amount, raw);
        final String line = "{\"type\":\"Deposit\",\"accountId\":7,\"assetId\":1,\"amount\":" + amount + "}";

        if (raw == Long.MIN_VALUE)
        {
            assertEquals(JsonProblem.OUT_OF_RANGE, assertProblem(line));
        }
        else
        {
            reader.read(1, line, buffer, 0);
            assertEquals(raw, depositDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder).amount());
        }
    }

    private JsonProblem assertProblem(final String line)
    {
        try
        {
            reader.read(1, line, buffer, 0);
        }
        catch (final JsonFormatException ex)
        {
            return ex.problem();
        }

        return null;
    }
}
