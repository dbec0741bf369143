package io.perprisk.cli.journal;

import java.nio.ByteOrder;

import io.perprisk.codecs.sbe.AccountOpenDecoder;
import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.AdjustIsolatedMarginDecoder;
import io.perprisk.codecs.sbe.AutoDeleverageDecoder;
import io.perprisk.codecs.sbe.CancelOrderRequestDecoder;
import io.perprisk.codecs.sbe.DepositDecoder;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.LiquidationCompletedDecoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.LiquidationStartedDecoder;
import io.perprisk.codecs.sbe.MarginCallDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.OrderCanceledDecoder;
import io.perprisk.codecs.sbe.OrderRejectedDecoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.codecs.sbe.QueryAccountDecoder;
import io.perprisk.codecs.sbe.SetLeverageDecoder;
import io.perprisk.codecs.sbe.SetMarginModeDecoder;
import io.perprisk.codecs.sbe.WithdrawAcceptedDecoder;
import io.perprisk.codecs.sbe.WithdrawDecoder;
import io.perprisk.codecs.sbe.WithdrawRejectedDecoder;
import org.agrona.DirectBuffer;

/**
 * Which account a message concerns, read from the account id fields of the SBE layout (no decoding of the rest).
 */
final class MessageAccounts
{
    private static final int NONE = -1;

    private MessageAccounts()
    {
    }

    static int templateId(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return NONE;
        }
        return buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN) &
            0xFFFF;
    }

    /**
     * Whether a message names the account (as its account, or as the liquidated account of an ADL).
     */
    static boolean concerns(final DirectBuffer buffer, final int offset, final int length, final long accountId)
    {
        final int templateId = templateId(buffer, offset, length);
        if (accountId == read(buffer, offset, length, accountIdOffset(templateId)))
        {
            return true;
        }
        return AutoDeleverageDecoder.TEMPLATE_ID == templateId &&
            accountId == read(buffer, offset, length, AutoDeleverageDecoder.liquidatedAccountIdEncodingOffset());
    }

    private static long read(final DirectBuffer buffer, final int offset, final int length, final int fieldOffset)
    {
        final int position = MessageHeaderDecoder.ENCODED_LENGTH + fieldOffset;
        if (fieldOffset < 0 || position + 8 > length)
        {
            return Long.MIN_VALUE;
        }
        return buffer.getLong(offset + position, ByteOrder.LITTLE_ENDIAN);
    }

    private static int accountIdOffset(final int templateId)
    {
        switch (templateId)
        {
            case AccountOpenDecoder.TEMPLATE_ID:
                return AccountOpenDecoder.accountIdEncodingOffset();
            case DepositDecoder.TEMPLATE_ID:
                return DepositDecoder.accountIdEncodingOffset();
            case WithdrawDecoder.TEMPLATE_ID:
                return WithdrawDecoder.accountIdEncodingOffset();
            case SetLeverageDecoder.TEMPLATE_ID:
                return SetLeverageDecoder.accountIdEncodingOffset();
            case SetMarginModeDecoder.TEMPLATE_ID:
                return SetMarginModeDecoder.accountIdEncodingOffset();
            case AdjustIsolatedMarginDecoder.TEMPLATE_ID:
                return AdjustIsolatedMarginDecoder.accountIdEncodingOffset();
            case NewOrderDecoder.TEMPLATE_ID:
                return NewOrderDecoder.accountIdEncodingOffset();
            case OrderCanceledDecoder.TEMPLATE_ID:
                return OrderCanceledDecoder.accountIdEncodingOffset();
            case FillDecoder.TEMPLATE_ID:
                return FillDecoder.accountIdEncodingOffset();
            case QueryAccountDecoder.TEMPLATE_ID:
                return QueryAccountDecoder.accountIdEncodingOffset();
            case OrderAcceptedDecoder.TEMPLATE_ID:
                return OrderAcceptedDecoder.accountIdEncodingOffset();
            case OrderRejectedDecoder.TEMPLATE_ID:
                return OrderRejectedDecoder.accountIdEncodingOffset();
            case WithdrawAcceptedDecoder.TEMPLATE_ID:
                return WithdrawAcceptedDecoder.accountIdEncodingOffset();
            case WithdrawRejectedDecoder.TEMPLATE_ID:
                return WithdrawRejectedDecoder.accountIdEncodingOffset();
            case AccountUpdateDecoder.TEMPLATE_ID:
                return AccountUpdateDecoder.accountIdEncodingOffset();
            case PositionUpdateDecoder.TEMPLATE_ID:
                return PositionUpdateDecoder.accountIdEncodingOffset();
            case MarginCallDecoder.TEMPLATE_ID:
                return MarginCallDecoder.accountIdEncodingOffset();
            case LiquidationStartedDecoder.TEMPLATE_ID:
                return LiquidationStartedDecoder.accountIdEncodingOffset();
            case CancelOrderRequestDecoder.TEMPLATE_ID:
                return CancelOrderRequestDecoder.accountIdEncodingOffset();
            case LiquidationOrderDecoder.TEMPLATE_ID:
                return LiquidationOrderDecoder.accountIdEncodingOffset();
            case AutoDeleverageDecoder.TEMPLATE_ID:
                return AutoDeleverageDecoder.accountIdEncodingOffset();
            case LiquidationCompletedDecoder.TEMPLATE_ID:
                return LiquidationCompletedDecoder.accountIdEncodingOffset();
            default:
                return NONE;
        }
    }
}
