package io.perprisk.journal;

import org.agrona.DirectBuffer;

/**
 * The text form of journaled messages for dumps, statements and divergence reports: one JSON object per message.
 * <p>
 * Until the codecs module's JSON Lines writer is available, a message is shown by its SBE header and its bytes in
 * hex; this is the only class to change when it is.
 */
public final class JournalText
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int HEADER_LENGTH = 8;

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
        out.append('{');
        if (length >= HEADER_LENGTH)
        {
            out.append("\"templateId\":").append(buffer.getShort(offset + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF)
                .append(",\"schemaId\":").append(buffer.getShort(offset + 4, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF)
                .append(",\"version\":").append(buffer.getShort(offset + 6, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF)
                .append(',');
        }
        out.append("\"hex\":\"");
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(offset + i) & 0xFF;
            out.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
        return out.append("\"}");
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
        return appendMessage(buffer, offset, length, new StringBuilder(2 * length + 64)).toString();
    }

    /**
     * One SBE message held in a byte array as a JSON object, or {@code null} for a missing message.
     *
     * @param message the bytes or null.
     * @return the JSON text or {@code "null"}.
     */
    public static String message(final byte[] message)
    {
        return null == message ? "null" : message(new org.agrona.concurrent.UnsafeBuffer(message), 0, message.length);
    }
}
