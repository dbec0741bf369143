package io.perprisk.gateway.status;

import io.perprisk.codecs.sbe.AutoDeleverageDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.InsuranceFundUpdateDecoder;
import io.perprisk.codecs.sbe.LiquidationStartedDecoder;
import io.perprisk.codecs.sbe.MarginCallDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.OrderRejectedDecoder;
import io.perprisk.codecs.sbe.WithdrawRejectedDecoder;
import io.perprisk.engine.OutboundHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Counts committed outbound messages into the {@link GatewayCounters}: orders accepted and rejected, rejects by
 * reason, liquidations, auto-deleverages, margin calls and the latest insurance fund balance. Reads fields at their
 * schema offsets, so it works with any engine; allocation free; engine thread only.
 */
public final class OutboundCounters implements OutboundHandler
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final GatewayCounters counters;

    /**
     * Create the observer.
     *
     * @param counters to update.
     */
    public OutboundCounters(final GatewayCounters counters)
    {
        this.counters = counters;
    }

    /**
     * {@inheritDoc}
     */
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        counters.outboundMessages().incrementRelease();
        if (length < HEADER)
        {
            return;
        }
        final int templateId = buffer.getShort(offset + 2, LITTLE_ENDIAN) & 0xFFFF;
        final int body = offset + HEADER;
        switch (templateId)
        {
            case OrderAcceptedDecoder.TEMPLATE_ID:
                counters.ordersAccepted().incrementRelease();
                break;

            case OrderRejectedDecoder.TEMPLATE_ID:
                counters.ordersRejected().incrementRelease();
                countReject(buffer.getByte(body + OrderRejectedDecoder.reasonEncodingOffset()));
                break;

            case WithdrawRejectedDecoder.TEMPLATE_ID:
                countReject(buffer.getByte(body + WithdrawRejectedDecoder.reasonEncodingOffset()));
                break;

            case EventRejectedDecoder.TEMPLATE_ID:
                countReject(buffer.getByte(body + EventRejectedDecoder.reasonEncodingOffset()));
                break;

            case LiquidationStartedDecoder.TEMPLATE_ID:
                counters.liquidations().incrementRelease();
                break;

            case AutoDeleverageDecoder.TEMPLATE_ID:
                counters.autoDeleverages().incrementRelease();
                break;

            case MarginCallDecoder.TEMPLATE_ID:
                counters.marginCalls().incrementRelease();
                break;

            case InsuranceFundUpdateDecoder.TEMPLATE_ID:
                counters.insuranceFund().setRelease(
                    buffer.getLong(body + InsuranceFundUpdateDecoder.balanceEncodingOffset(), LITTLE_ENDIAN));
                break;

            default:
                break;
        }
    }

    private void countReject(final byte reason)
    {
        final AtomicCounter counter = counters.rejects(reason & 0xFF);
        if (null != counter)
        {
            counter.incrementRelease();
        }
    }
}
