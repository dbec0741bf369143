package io.perprisk.codecs;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines of a UTF-8 text strictly: a byte sequence that is not valid UTF-8 is an error naming the line and
 * the column (in characters, from 1) where it starts, never a bare {@code MalformedInputException} and never a
 * replacement character. Lines end at {@code \n}; a {@code \r} before it is dropped.
 * <p>
 * Cold path: allocates per line. Not thread safe.
 */
public final class Utf8LineReader implements LineSource, Closeable
{
    /**
     * Longest line read, in bytes; a longer one is an error ({@link JsonProblem#TOO_LONG}) rather than an unbounded
     * allocation.
     */
    public static final int MAX_LINE_BYTES = 1024 * 1024;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] line = new byte[1024];
    private long lineNumber;

    /**
     * Read lines from a stream; closing this reader closes it.
     *
     * @param in the bytes of the text.
     */
    public Utf8LineReader(final InputStream in)
    {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024);
    }

    /**
     * Number of the line last returned, from 1.
     *
     * @return the line number, 0 before the first line.
     */
    public long lineNumber()
    {
        return lineNumber;
    }

    /**
     * Read the next line.
     *
     * @return the line without its terminator, or null at the end of the input.
     * @throws JsonFormatException naming the line ({@link JsonProblem#INVALID_UTF8} with the column, or
     *                             {@link JsonProblem#TOO_LONG}) if it is not valid UTF-8 or is too long.
     * @throws IOException         if reading fails.
     */
    @Override
    public String readLine() throws JsonFormatException, IOException
    {
        int length = 0;
        int b = in.read();
        if (b < 0)
        {
            return null;
        }
        lineNumber++;
        while (b >= 0 && b != '\n')
        {
            if (length == MAX_LINE_BYTES)
            {
                throw new JsonFormatException(
                    lineNumber, null, JsonProblem.TOO_LONG, "the line is longer than " + MAX_LINE_BYTES + " bytes");
            }
            if (length == line.length)
            {
                final byte[] longer = new byte[Math.min(MAX_LINE_BYTES, line.length * 2)];
                System.arraycopy(line, 0, longer, 0, length);
                line = longer;
            }
            line[length++] = (byte) b;
            b = in.read();
        }
        if (length > 0 && line[length - 1] == '\r')
        {
            length--;
        }

        return decode(length);
    }

    /**
     * {@inheritDoc}
     */
    public void close() throws IOException
    {
        in.close();
    }

    private String decode(final int length) throws JsonFormatException
    {
        final ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        final CharBuffer chars = CharBuffer.allocate(length);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError())
        {
            result = decoder.flush(chars);
        }
        if (result.isError())
        {
            final int badByte = bytes.position();
            chars.flip();
            final int column = Character.codePointCount(chars, 0, chars.limit()) + 1;
            throw new JsonFormatException(
                lineNumber, null, JsonProblem.INVALID_UTF8, String.format(
                "column %d (byte %d of the line): 0x%02X is not valid UTF-8 here; the input must be UTF-8",
                column, badByte + 1, line[badByte] & 0xFF));
        }
        chars.flip();

        return chars.toString();
    }
}
