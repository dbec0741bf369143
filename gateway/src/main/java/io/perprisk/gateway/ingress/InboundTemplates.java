package io.perprisk.gateway.ingress;

import io.perprisk.codecs.sbe.AccountOpenDecoder;
import io.perprisk.codecs.sbe.AdjustIsolatedMarginDecoder;
import io.perprisk.codecs.sbe.AssetDefinitionDecoder;
import io.perprisk.codecs.sbe.AssetPriceDecoder;
import io.perprisk.codecs.sbe.DepositDecoder;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.FundingRateDecoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionDecoder;
import io.perprisk.codecs.sbe.InsuranceFundDepositDecoder;
import io.perprisk.codecs.sbe.MarkPriceDecoder;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.codecs.sbe.OrderCanceledDecoder;
import io.perprisk.codecs.sbe.QueryAccountDecoder;
import io.perprisk.codecs.sbe.SetLeverageDecoder;
import io.perprisk.codecs.sbe.SetMarginModeDecoder;
import io.perprisk.codecs.sbe.WithdrawDecoder;

/**
 * Names and root block lengths of the inbound templates of the schema version this service speaks.
 */
public final class InboundTemplates
{
    private InboundTemplates()
    {
    }

    /**
     * Root block length of the current schema version of every inbound template, indexed by template id.
     *
     * @param blockLengthByTemplate to fill; entries of other templates are left untouched.
     */
    static void fillBlockLengths(final int[] blockLengthByTemplate)
    {
        blockLengthByTemplate[AssetDefinitionDecoder.TEMPLATE_ID] = AssetDefinitionDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[AssetPriceDecoder.TEMPLATE_ID] = AssetPriceDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[InstrumentDefinitionDecoder.TEMPLATE_ID] = InstrumentDefinitionDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[AccountOpenDecoder.TEMPLATE_ID] = AccountOpenDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[DepositDecoder.TEMPLATE_ID] = DepositDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[InsuranceFundDepositDecoder.TEMPLATE_ID] = InsuranceFundDepositDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[WithdrawDecoder.TEMPLATE_ID] = WithdrawDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[SetLeverageDecoder.TEMPLATE_ID] = SetLeverageDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[SetMarginModeDecoder.TEMPLATE_ID] = SetMarginModeDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[AdjustIsolatedMarginDecoder.TEMPLATE_ID] = AdjustIsolatedMarginDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[MarkPriceDecoder.TEMPLATE_ID] = MarkPriceDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[FundingRateDecoder.TEMPLATE_ID] = FundingRateDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[NewOrderDecoder.TEMPLATE_ID] = NewOrderDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[OrderCanceledDecoder.TEMPLATE_ID] = OrderCanceledDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[FillDecoder.TEMPLATE_ID] = FillDecoder.BLOCK_LENGTH;
        blockLengthByTemplate[QueryAccountDecoder.TEMPLATE_ID] = QueryAccountDecoder.BLOCK_LENGTH;
    }

    /**
     * Message name of a template, for counter labels and text output. Cold path.
     *
     * @param templateId of the message.
     * @return its schema name, or "template-N" if unknown.
     */
    public static String name(final int templateId)
    {
        switch (templateId)
        {
            case AssetDefinitionDecoder.TEMPLATE_ID: return "AssetDefinition";
            case AssetPriceDecoder.TEMPLATE_ID: return "AssetPrice";
            case InstrumentDefinitionDecoder.TEMPLATE_ID: return "InstrumentDefinition";
            case AccountOpenDecoder.TEMPLATE_ID: return "AccountOpen";
            case DepositDecoder.TEMPLATE_ID: return "Deposit";
            case InsuranceFundDepositDecoder.TEMPLATE_ID: return "InsuranceFundDeposit";
            case WithdrawDecoder.TEMPLATE_ID: return "Withdraw";
            case SetLeverageDecoder.TEMPLATE_ID: return "SetLeverage";
            case SetMarginModeDecoder.TEMPLATE_ID: return "SetMarginMode";
            case AdjustIsolatedMarginDecoder.TEMPLATE_ID: return "AdjustIsolatedMargin";
            case MarkPriceDecoder.TEMPLATE_ID: return "MarkPrice";
            case FundingRateDecoder.TEMPLATE_ID: return "FundingRate";
            case NewOrderDecoder.TEMPLATE_ID: return "NewOrder";
            case OrderCanceledDecoder.TEMPLATE_ID: return "OrderCanceled";
            case FillDecoder.TEMPLATE_ID: return "Fill";
            case QueryAccountDecoder.TEMPLATE_ID: return "QueryAccount";
            default: return "template-" + templateId;
        }
    }
}
