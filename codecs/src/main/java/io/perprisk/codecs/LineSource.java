package io.perprisk.codecs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Lines of a JSON Lines input, one at a time: a {@link Utf8LineReader} over bytes (which names the line and column
 * of invalid UTF-8), or any {@link Reader} of text already decoded.
 */
@FunctionalInterface
public interface LineSource
{
    /**
     * The next line, without its terminator.
     *
     * @return the line, or null at the end of the input.
     * @throws JsonFormatException if the line cannot be read as text (invalid UTF-8, too long).
     * @throws IOException         if reading fails.
     */
    String readLine() throws JsonFormatException, IOException;

    /**
     * Lines of a reader of decoded text.
     *
     * @param reader of the text.
     * @return the lines.
     */
    static LineSource of(final Reader reader)
    {
        final BufferedReader lines = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(
            reader);
        return lines::readLine;
    }
}
