package io.perprisk.codecs;

import io.perprisk.codecs.sbe.AccountOpenEncoder;
import io.perprisk.codecs.sbe.EventRejectedEncoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.RejectReason;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLineWriterTest
{
    private final JsonLineWriter writer = new JsonLineWriter();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();

    @Test
    void shouldAppendToTheCallersBuilder()
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH +
            new AccountOpenEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder).accountId(7).encodedLength();
        final StringBuilder out = new StringBuilder("prefix ");

        writer.append(buffer, 0, length, out).append('\n');
        writer.append(buffer, 0, length, out);

        assertEquals("prefix {\"type\":\"AccountOpen\",\"accountId\":7}\n{\"type\":\"AccountOpen\",\"accountId\":7}",
            out.toString());
    }

    @Test
    void shouldRefuseUnknownTemplateAndLeaveBuilderUnchanged()
    {
        new AccountOpenEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder).accountId(7);
        headerEncoder.templateId(999);
        final StringBuilder out = new StringBuilder("kept");

        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> writer.append(buffer, 0, 16, out));
        assertTrue(ex.getMessage().contains("999"), ex.getMessage());
        assertEquals("kept", out.toString());
    }

    @Test
    void shouldRefuseTruncatedMessage()
    {
        final EventRejectedEncoder encoder = new EventRejectedEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(1)
            .reason(RejectReason.MALFORMED)
            .templateId(0)
            .detail("twelve bytes");
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        final StringBuilder out = new StringBuilder();

        assertThrows(IllegalArgumentException.class, () -> writer.append(buffer, 0, length - 1, out));
        assertThrows(IllegalArgumentException.class, () -> writer.append(buffer, 0, 4, out));
        assertEquals(0, out.length());
        writer.append(buffer, 0, length, out);
        assertTrue(out.toString().endsWith("\"detail\":\"twelve bytes\"}"), out.toString());
    }

    @Test
    void shouldWriteUnnamedEnumValueAsNumber()
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new EventRejectedEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(1)
            .reason(RejectReason.MALFORMED)
            .templateId(0)
            .detail("")
            .encodedLength();
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + EventRejectedEncoder.reasonEncodingOffset(), (byte) 200);

        assertEquals(
            "{\"type\":\"EventRejected\",\"seq\":1,\"reason\":200,\"templateId\":0,\"detail\":\"\"}",
            writer.toLine(buffer, 0, length));
    }
}
