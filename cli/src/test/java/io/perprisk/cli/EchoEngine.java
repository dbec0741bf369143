package io.perprisk.cli;

import io.perprisk.codecs.sbe.EventRejectedEncoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.engine.EngineCounters;
import io.perprisk.engine.EngineLedger;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A test double for the runner, not an engine: answers every inbound event with one {@code EventRejected} that
 * echoes the event's sequence number, template id and length, so tests can see exactly what the runner passed in.
 */
final class EchoEngine implements RiskEngine
{
    private final OutboundHandler handler;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final EventRejectedEncoder encoder = new EventRejectedEncoder();
    private final ExpandableArrayBuffer outbound = new ExpandableArrayBuffer(128);
    private long lastAppliedSeq;

    EchoEngine(final OutboundHandler handler)
    {
        this.handler = handler;
    }

    public void onEvent(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        encoder.wrapAndApplyHeader(outbound, 0, headerEncoder)
            .seq(seq)
            .reason(RejectReason.UNKNOWN_TEMPLATE)
            .templateId(headerDecoder.templateId())
            .detail("length " + length);
        lastAppliedSeq = seq;
        handler.onOutbound(seq, outbound, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    public long lastAppliedSeq()
    {
        return lastAppliedSeq;
    }

    public String digest()
    {
        throw new UnsupportedOperationException();
    }

    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        throw new UnsupportedOperationException();
    }

    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException();
    }

    public EngineCounters counters()
    {
        throw new UnsupportedOperationException();
    }

    public EngineLedger ledger()
    {
        throw new UnsupportedOperationException();
    }
}
