package io.perprisk.journal;

import java.nio.ByteOrder;

import io.perprisk.codecs.JsonLineWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The text form of journaled messages for dumps, statements and divergence reports: one JSON object per message, as
 * written by the codecs module's {@link JsonLineWriter} ({@code {"type":"Deposit","accountId":7,...}}). A message the
 * writer refuses (unknown template, truncated, damaged) is shown as
 * {@code {"undecodable":"reason","templateId":N,"hex":"..."}} so that it is visible rather than hidden. Cold path.
 */
public final class JournalText
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int HEADER_LENGTH = 8;
    private static final JsonLineWriter WRITER = new JsonLineWriter();

    private JournalText()
    {
    }

    /**
     * Append one SBE message (header included) as a JSON object.
     *
     * @param buffer holding the message.
     * @param offset at which it starts.
     * @param length of the message.
     * @param out    to append to.
     * @return {@code out}.
     */
    public static StringBuilder appendMessage(
        final DirectBuffer buffer, final int offset, final int length, final StringBuilder out)
    {
        try
        {
            return WRITER.append(buffer, offset, length, out);
        }
        catch (final IllegalArgumentException | IndexOutOfBoundsException ex)
        {
            return appendUndecodable(buffer, offset, length, ex.getMessage(), out);
        }
    }

    /**
     * One SBE message as a JSON object.
     *
     * @param buffer holding the message.
     * @param offset at which it starts.
     * @param length of the message.
     * @return the JSON text.
     */
    public static String message(final DirectBuffer buffer, final int offset, final int length)
    {
        return appendMessage(buffer, offset, length, new StringBuilder(256)).toString();
    }

    /**
     * One SBE message held in a byte array as a JSON object, or {@code null} for a missing message.
     *
     * @param message the bytes or null.
     * @return the JSON text or {@code "null"}.
     */
    public static String message(final byte[] message)
    {
        return null == message ? "null" : message(new UnsafeBuffer(message), 0, message.length);
    }

    private static StringBuilder appendUndecodable(
        final DirectBuffer buffer, final int offset, final int length, final String reason, final StringBuilder out)
    {
        out.append("{\"undecodable\":\"");
        final String text = null == reason ? "unknown" : reason;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\');
            }
            out.append(c < 0x20 ? ' ' : c);
        }
        out.append('"');
        if (length >= HEADER_LENGTH)
        {
            out.append(",\"templateId\":").append(buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
        }
        out.append(",\"hex\":\"");
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(offset + i) & 0xFF;
            out.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
        return out.append("\"}");
    }
}
