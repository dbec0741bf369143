package io.perprisk.cli;

import io.perprisk.codecs.JsonFormatException;
import io.perprisk.codecs.JsonProblem;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScenarioRunnerTest
{
    @Test
    void shouldNumberInboundLinesAndSkipBlankAndCommentLines() throws Exception
    {
        final String scenario =
            "# open an account and fund it\n" +
            "{\"type\":\"AccountOpen\",\"accountId\":7}\n" +
            "\n" +
            "   # indented comment\n" +
            "{\"type\":\"Deposit\",\"accountId\":7,\"assetId\":1,\"amount\":\"1000\"}\r\n" +
            "{\"type\":\"QueryAccount\",\"accountId\":7}";
        final StringBuilder output = new StringBuilder();

        final long events = new ScenarioRunner(EchoEngine::new).run(new StringReader(scenario), output);

        assertEquals(3, events);
        assertEquals(
            "{\"type\":\"EventRejected\",\"seq\":1,\"reason\":\"UNKNOWN_TEMPLATE\",\"templateId\":4," +
                "\"detail\":\"length 16\"}\n" +
                "{\"type\":\"EventRejected\",\"seq\":2,\"reason\":\"UNKNOWN_TEMPLATE\",\"templateId\":5," +
                "\"detail\":\"length 28\"}\n" +
                "{\"type\":\"EventRejected\",\"seq\":3,\"reason\":\"UNKNOWN_TEMPLATE\",\"templateId\":16," +
                "\"detail\":\"length 16\"}\n",
            output.toString());
    }

    @Test
    void shouldStopAtMalformedLineBeforeAnyEventRuns()
    {
        final String scenario =
            "{\"type\":\"AccountOpen\",\"accountId\":7}\n" +
            "# comment\n" +
            "\n" +
            "{\"type\":\"Deposit\",\"accountId\":7,\"assetId\":1,\"amount\":\"1000\"}\n" +
            "{\"type\":\"NewOrder\",\"orderId\":1,\"accountId\":7,\"instrumentId\":1,\"side\":\"BUY\"," +
                "\"price\":\"100.000000001\",\"quantity\":\"1\",\"reduceOnly\":false}\n" +
            "{\"type\":\"QueryAccount\",\"accountId\":7}\n";
        final StringBuilder output = new StringBuilder();

        final JsonFormatException ex = assertThrows(
            JsonFormatException.class,
            () -> new ScenarioRunner().run(new StringReader(scenario), output));

        assertEquals(5, ex.lineNumber());
        assertEquals("price", ex.fieldName());
        assertEquals(JsonProblem.TOO_MANY_DECIMALS, ex.problem());
        assertEquals("", output.toString());
    }

    @Test
    void shouldReportFailureToWriteOutput()
    {
        final Appendable failing = new Appendable()
        {
            public Appendable append(final CharSequence csq) throws IOException
            {
                throw new IOException("disk full");
            }

            public Appendable append(final CharSequence csq, final int start, final int end) throws IOException
            {
                throw new IOException("disk full");
            }

            public Appendable append(final char c) throws IOException
            {
                throw new IOException("disk full");
            }
        };

        final IOException ex = assertThrows(
            IOException.class,
            () -> new ScenarioRunner(EchoEngine::new).run(
                new StringReader("{\"type\":\"AccountOpen\",\"accountId\":7}\n"), failing));
        assertEquals("disk full", ex.getMessage());
    }
}
