package io.perprisk.engine;

import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.MarginCallDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.OrderRejectedDecoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.codecs.sbe.WithdrawRejectedDecoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link PerpRiskEngine} from tests: encodes inbound messages, numbers them, and records every outbound
 * message (copied) for decoding.
 */
final class EngineHarness
{
    static final String[][] EXAMPLE_TIERS = {
        { "100000", "50", "0.01" },
        { "1000000", "20", "0.025" },
        { "5000000", "10", "0.05" },
    };

    final InboundMessages in = new InboundMessages();
    final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    final List<byte[]> out = new ArrayList<>();
    final PerpRiskEngine engine;
    long seq;
    int lastStart;

    EngineHarness()
    {
        this(new EngineConfiguration().maxAccounts(1000).maxInstruments(10).maxAssets(8));
    }

    EngineHarness(final EngineConfiguration configuration)
    {
        engine = new PerpRiskEngine(configuration, (s, b, o, l) ->
        {
            final byte[] copy = new byte[l];
            b.getBytes(o, copy);
            out.add(copy);
        });
    }

    /**
     * Apply the message just encoded at offset 0 of {@link #buffer}; returns the number of outbound messages.
     */
    int send(final int length)
    {
        lastStart = out.size();
        engine.onEvent(++seq, buffer, 0, length);
        return out.size() - lastStart;
    }

    /**
     * Standard setup: USDT asset 1, instrument 1 with the example tiers (tick 0.1, lot 0.001), mark as given.
     */
    EngineHarness withExampleInstrument(final String mark)
    {
        send(in.assetDefinition(buffer, 0, 1, "1", "1"));
        send(in.instrument(buffer, 0, 1, 1, "0.1", "0.001", EXAMPLE_TIERS));
        if (mark != null)
        {
            send(in.markPrice(buffer, 0, 1, mark));
        }
        return this;
    }

    EngineHarness account(final long accountId, final String usdt)
    {
        send(in.accountOpen(buffer, 0, accountId));
        if (usdt != null)
        {
            send(in.deposit(buffer, 0, accountId, 1, usdt));
        }
        return this;
    }

    List<byte[]> lastOutputs()
    {
        return out.subList(lastStart, out.size());
    }

    static int templateId(final byte[] message)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        header.wrap(new UnsafeBuffer(message), 0);
        return header.templateId();
    }

    List<Integer> lastTemplates()
    {
        final List<Integer> ids = new ArrayList<>();
        for (final byte[] m : lastOutputs())
        {
            ids.add(templateId(m));
        }
        return ids;
    }

    byte[] last(final int templateId)
    {
        final List<byte[]> outputs = lastOutputs();
        for (int i = outputs.size() - 1; i >= 0; i--)
        {
            if (templateId(outputs.get(i)) == templateId)
            {
                return outputs.get(i);
            }
        }
        throw new AssertionError("no message with template " + templateId + " in " + lastTemplates());
    }

    AccountUpdateDecoder accountUpdate()
    {
        return new AccountUpdateDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(last(AccountUpdateDecoder.TEMPLATE_ID)), 0, new MessageHeaderDecoder());
    }

    PositionUpdateDecoder positionUpdate()
    {
        return new PositionUpdateDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(last(PositionUpdateDecoder.TEMPLATE_ID)), 0, new MessageHeaderDecoder());
    }

    OrderAcceptedDecoder orderAccepted()
    {
        return new OrderAcceptedDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(last(OrderAcceptedDecoder.TEMPLATE_ID)), 0, new MessageHeaderDecoder());
    }

    OrderRejectedDecoder orderRejected()
    {
        return new OrderRejectedDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(last(OrderRejectedDecoder.TEMPLATE_ID)), 0, new MessageHeaderDecoder());
    }

    WithdrawRejectedDecoder withdrawRejected()
    {
        return new WithdrawRejectedDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(last(WithdrawRejectedDecoder.TEMPLATE_ID)), 0, new MessageHeaderDecoder());
    }

    EventRejectedDecoder eventRejected()
    {
        return new EventRejectedDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(last(EventRejectedDecoder.TEMPLATE_ID)), 0, new MessageHeaderDecoder());
    }

    List<MarginCallDecoder> marginCalls()
    {
        final List<MarginCallDecoder> calls = new ArrayList<>();
        for (final byte[] m : lastOutputs())
        {
            if (templateId(m) == MarginCallDecoder.TEMPLATE_ID)
            {
                calls.add(new MarginCallDecoder().wrapAndApplyHeader(
                    new UnsafeBuffer(m), 0, new MessageHeaderDecoder()));
            }
        }
        return calls;
    }

    AccountUpdateDecoder query(final long accountId)
    {
        send(in.queryAccount(buffer, 0, accountId));
        return new AccountUpdateDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(lastOutputs().get(0)), 0, new MessageHeaderDecoder());
    }

    static long raw(final String decimal)
    {
        return InboundMessages.raw(decimal);
    }
}
