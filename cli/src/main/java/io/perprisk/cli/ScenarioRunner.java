package io.perprisk.cli;

import io.perprisk.journal.JournaledEngine;
import io.perprisk.journal.ScenarioJournal;
import java.nio.file.Path;
import io.perprisk.codecs.JsonFormatException;
import io.perprisk.codecs.JsonLineReader;
import io.perprisk.codecs.JsonLineWriter;
import io.perprisk.codecs.LineSource;
import io.perprisk.codecs.MessageCatalog;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.engine.RiskEngine;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.IntArrayList;

import java.io.IOException;
import java.io.Reader;
import java.util.function.Function;

/**
 * Runs a fresh engine in-process over a scenario in the JSON Lines text form and writes every outbound message as a
 * JSON line: what {@code perp-risk scenario} and the scenario tests do.
 * <p>
 * The whole input is read and encoded first, so a malformed line stops the run before any event reaches the engine
 * and no partial output is written. Only inbound messages are accepted, each within the service's frame limit (an
 * outbound message such as {@code EventRejected}, or a symbol too long for a frame, is an error naming its line), so
 * a file this runner accepts is one the service accepts too. Inbound messages get sequence numbers 1, 2, 3 … in
 * order; blank and {@code #} lines are not numbered. Errors name the physical line number of the input (counting
 * every line from 1).
 * <p>
 * Cold path. Not thread safe; a runner may be reused for several runs, each with a new engine.
 */
public final class ScenarioRunner
{
    private final Function<OutboundHandler, RiskEngine> engineFactory;
    private final JsonLineReader reader;
    private final JsonLineWriter writer;
    private final ExpandableArrayBuffer inbound = new ExpandableArrayBuffer(4096);
    private final IntArrayList offsets = new IntArrayList();
    private final IntArrayList lengths = new IntArrayList();
    private final StringBuilder line = new StringBuilder(512);

    /**
     * Create a runner of {@link PerpRiskEngine} with a default {@link EngineConfiguration}.
     */
    public ScenarioRunner()
    {
        this((handler) -> new PerpRiskEngine(new EngineConfiguration(), handler));
    }

    /**
     * Create a runner of engines made by a factory, one per run.
     *
     * @param engineFactory making a new engine that sends its outbound messages to the given handler.
     */
    public ScenarioRunner(final Function<OutboundHandler, RiskEngine> engineFactory)
    {
        final MessageCatalog catalog = MessageCatalog.load();
        this.engineFactory = engineFactory;
        this.reader = JsonLineReader.forInbound(catalog);
        this.writer = new JsonLineWriter(catalog);
    }

    /**
     * Run a scenario: encode every line, then apply them in order to a new engine.
     *
     * @param input  JSON Lines, one inbound message per line; blank and {@code #} lines are skipped.
     * @param output receiving each outbound message as one JSON line terminated by {@code '\n'}.
     * @return the number of inbound events applied.
     * @throws JsonFormatException if a line is not a valid inbound message; nothing has been run.
     * @throws IOException         if reading the input or appending to the output fails.
     */
    public long run(final Reader input, final Appendable output) throws JsonFormatException, IOException
    {
        return run(LineSource.of(input), output);
    }

    /**
     * Run a scenario: encode every line, then apply them in order to a new engine.
     *
     * @param input  lines of JSON, one inbound message per line; blank and {@code #} lines are skipped.
     * @param output receiving each outbound message as one JSON line terminated by {@code '\n'}.
     * @return the number of inbound events applied.
     * @throws JsonFormatException if a line is not a valid inbound message; nothing has been run.
     * @throws IOException         if reading the input or appending to the output fails.
     */
    public long run(final LineSource input, final Appendable output) throws JsonFormatException, IOException
    {
        final int eventCount = encodeAll(input);
        final OutputHandler handler = new OutputHandler(output);
        final RiskEngine engine = engineFactory.apply(handler);

        for (int i = 0; i < eventCount; i++)
        {
            engine.onEvent(i + 1, inbound, offsets.getInt(i), lengths.getInt(i));
            if (null != handler.failure)
            {
                throw handler.failure;
            }
        }

        return eventCount;
    }

    /**
     * Run a scenario as {@link #run(Reader, Appendable)} does, recording it in a new journal (inbound events
     * written ahead, outbound messages, a final snapshot and digest) so that it can be replayed, dumped or turned
     * into a statement. Receive times are recorded as 0 so that the journal is the same on every run.
     *
     * @param input      JSON Lines, one inbound message per line; blank and {@code #} lines are skipped.
     * @param output     receiving each outbound message as one JSON line terminated by {@code '\n'}.
     * @param journalDir directory of the new journal; it must not exist or be empty.
     * @return the number of inbound events applied.
     * @throws JsonFormatException if a line is not a valid inbound message; nothing has been run or journaled.
     * @throws IOException         if reading the input or appending to the output fails.
     */
    public long run(final Reader input, final Appendable output, final Path journalDir)
        throws JsonFormatException, IOException
    {
        return run(LineSource.of(input), output, journalDir);
    }

    /**
     * Run a scenario as {@link #run(LineSource, Appendable)} does, recording it in a new journal; see
     * {@link #run(Reader, Appendable, Path)}.
     *
     * @param input      lines of JSON, one inbound message per line; blank and {@code #} lines are skipped.
     * @param output     receiving each outbound message as one JSON line terminated by {@code '\n'}.
     * @param journalDir directory of the new journal; it must not exist or be empty.
     * @return the number of inbound events applied.
     * @throws JsonFormatException if a line is not a valid inbound message; nothing has been run or journaled.
     * @throws IOException         if reading the input or appending to the output fails.
     */
    public long run(final LineSource input, final Appendable output, final Path journalDir)
        throws JsonFormatException, IOException
    {
        final int eventCount = encodeAll(input);
        final OutputHandler handler = new OutputHandler(output);

        try (JournaledEngine engine = ScenarioJournal.open(journalDir, engineFactory::apply, handler))
        {
            for (int i = 0; i < eventCount; i++)
            {
                engine.onEvent(i + 1, 0, inbound, offsets.getInt(i), lengths.getInt(i));
                if (null != handler.failure)
                {
                    throw handler.failure;
                }
            }
        }

        return eventCount;
    }

    private int encodeAll(final LineSource lines) throws JsonFormatException, IOException
    {
        offsets.clear();
        lengths.clear();

        int limit = 0;
        long lineNumber = 0;
        for (String text = lines.readLine(); null != text; text = lines.readLine())
        {
            lineNumber++;
            final int length = reader.read(lineNumber, text, inbound, limit);
            if (JsonLineReader.SKIPPED != length)
            {
                offsets.addInt(limit);
                lengths.addInt(length);
                limit += length;
            }
        }

        return offsets.size();
    }

    private final class OutputHandler implements OutboundHandler
    {
        private final Appendable output;
        private IOException failure;

        OutputHandler(final Appendable output)
        {
            this.output = output;
        }

        public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
        {
            if (null != failure)
            {
                return;
            }

            line.setLength(0);
            writer.append(buffer, offset, length, line).append('\n');
            try
            {
                output.append(line);
            }
            catch (final IOException ex)
            {
                failure = ex;
            }
        }
    }
}
