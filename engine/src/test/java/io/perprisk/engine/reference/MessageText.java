package io.perprisk.engine.reference;

import io.perprisk.codecs.sbe.AccountOpenDecoder;
import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.AdjustIsolatedMarginDecoder;
import io.perprisk.codecs.sbe.AssetDefinitionDecoder;
import io.perprisk.codecs.sbe.AssetPriceDecoder;
import io.perprisk.codecs.sbe.AutoDeleverageDecoder;
import io.perprisk.codecs.sbe.CancelOrderRequestDecoder;
import io.perprisk.codecs.sbe.DepositDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.FundingRateDecoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionDecoder;
import io.perprisk.codecs.sbe.InsuranceFundDepositDecoder;
import io.perprisk.codecs.sbe.InsuranceFundUpdateDecoder;
import io.perprisk.codecs.sbe.LiquidationCompletedDecoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.LiquidationStartedDecoder;
import io.perprisk.codecs.sbe.MarginCallDecoder;
import io.perprisk.codecs.sbe.MarkPriceDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.OrderCanceledDecoder;
import io.perprisk.codecs.sbe.OrderRejectedDecoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.codecs.sbe.QueryAccountDecoder;
import io.perprisk.codecs.sbe.SetLeverageDecoder;
import io.perprisk.codecs.sbe.SetMarginModeDecoder;
import io.perprisk.codecs.sbe.WithdrawDecoder;
import io.perprisk.codecs.sbe.WithdrawAcceptedDecoder;
import io.perprisk.codecs.sbe.WithdrawRejectedDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Renders any perp-risk SBE message (header included) as readable text with the generated decoders, for test
 * failure messages.
 */
public final class MessageText
{
    private MessageText()
    {
    }

    /**
     * Render one message.
     *
     * @param message the message bytes, header first.
     * @return the text form, or a hex dump if it cannot be decoded.
     */
    public static String render(final byte[] message)
    {
        return render(new UnsafeBuffer(message), 0, message.length);
    }

    /**
     * Render one message.
     *
     * @param buffer holding the message.
     * @param offset of the message header.
     * @param length of the message.
     * @return the text form, or a hex dump if it cannot be decoded.
     */
    public static String render(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            return decode(buffer, offset);
        }
        catch (final RuntimeException ex)
        {
            final StringBuilder hex = new StringBuilder("undecodable(").append(ex.getMessage()).append("):");
            for (int i = 0; i < length; i++)
            {
                hex.append(String.format("%02x", buffer.getByte(offset + i)));
            }
            return hex.toString();
        }
    }

    private static String decode(final DirectBuffer buffer, final int offset)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case AccountOpenDecoder.TEMPLATE_ID:
                return new AccountOpenDecoder().wrap(buffer, body, blockLength, version).toString();
            case AccountUpdateDecoder.TEMPLATE_ID:
                return new AccountUpdateDecoder().wrap(buffer, body, blockLength, version).toString();
            case AdjustIsolatedMarginDecoder.TEMPLATE_ID:
                return new AdjustIsolatedMarginDecoder().wrap(buffer, body, blockLength, version).toString();
            case AssetDefinitionDecoder.TEMPLATE_ID:
                return new AssetDefinitionDecoder().wrap(buffer, body, blockLength, version).toString();
            case AssetPriceDecoder.TEMPLATE_ID:
                return new AssetPriceDecoder().wrap(buffer, body, blockLength, version).toString();
            case AutoDeleverageDecoder.TEMPLATE_ID:
                return new AutoDeleverageDecoder().wrap(buffer, body, blockLength, version).toString();
            case CancelOrderRequestDecoder.TEMPLATE_ID:
                return new CancelOrderRequestDecoder().wrap(buffer, body, blockLength, version).toString();
            case DepositDecoder.TEMPLATE_ID:
                return new DepositDecoder().wrap(buffer, body, blockLength, version).toString();
            case EventRejectedDecoder.TEMPLATE_ID:
                return new EventRejectedDecoder().wrap(buffer, body, blockLength, version).toString();
            case FillDecoder.TEMPLATE_ID:
                return new FillDecoder().wrap(buffer, body, blockLength, version).toString();
            case FundingRateDecoder.TEMPLATE_ID:
                return new FundingRateDecoder().wrap(buffer, body, blockLength, version).toString();
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                return new InstrumentDefinitionDecoder().wrap(buffer, body, blockLength, version).toString();
            case InsuranceFundDepositDecoder.TEMPLATE_ID:
                return new InsuranceFundDepositDecoder().wrap(buffer, body, blockLength, version).toString();
            case InsuranceFundUpdateDecoder.TEMPLATE_ID:
                return new InsuranceFundUpdateDecoder().wrap(buffer, body, blockLength, version).toString();
            case LiquidationCompletedDecoder.TEMPLATE_ID:
                return new LiquidationCompletedDecoder().wrap(buffer, body, blockLength, version).toString();
            case LiquidationOrderDecoder.TEMPLATE_ID:
                return new LiquidationOrderDecoder().wrap(buffer, body, blockLength, version).toString();
            case LiquidationStartedDecoder.TEMPLATE_ID:
                return new LiquidationStartedDecoder().wrap(buffer, body, blockLength, version).toString();
            case MarginCallDecoder.TEMPLATE_ID:
                return new MarginCallDecoder().wrap(buffer, body, blockLength, version).toString();
            case MarkPriceDecoder.TEMPLATE_ID:
                return new MarkPriceDecoder().wrap(buffer, body, blockLength, version).toString();
            case NewOrderDecoder.TEMPLATE_ID:
                return new NewOrderDecoder().wrap(buffer, body, blockLength, version).toString();
            case OrderAcceptedDecoder.TEMPLATE_ID:
                return new OrderAcceptedDecoder().wrap(buffer, body, blockLength, version).toString();
            case OrderCanceledDecoder.TEMPLATE_ID:
                return new OrderCanceledDecoder().wrap(buffer, body, blockLength, version).toString();
            case OrderRejectedDecoder.TEMPLATE_ID:
                return new OrderRejectedDecoder().wrap(buffer, body, blockLength, version).toString();
            case PositionUpdateDecoder.TEMPLATE_ID:
                return new PositionUpdateDecoder().wrap(buffer, body, blockLength, version).toString();
            case QueryAccountDecoder.TEMPLATE_ID:
                return new QueryAccountDecoder().wrap(buffer, body, blockLength, version).toString();
            case SetLeverageDecoder.TEMPLATE_ID:
                return new SetLeverageDecoder().wrap(buffer, body, blockLength, version).toString();
            case SetMarginModeDecoder.TEMPLATE_ID:
                return new SetMarginModeDecoder().wrap(buffer, body, blockLength, version).toString();
            case WithdrawAcceptedDecoder.TEMPLATE_ID:
                return new WithdrawAcceptedDecoder().wrap(buffer, body, blockLength, version).toString();
            case WithdrawDecoder.TEMPLATE_ID:
                return new WithdrawDecoder().wrap(buffer, body, blockLength, version).toString();
            case WithdrawRejectedDecoder.TEMPLATE_ID:
                return new WithdrawRejectedDecoder().wrap(buffer, body, blockLength, version).toString();
            default:
                return "unknown template " + header.templateId();
        }
    }
}
