package io.perprisk.client;

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
 * The inbound sources, one Aeron stream each, and the inbound templates each may send.
 */
public enum StreamRole
{
    /**
     * The matching engine: orders, cancels and fills.
     */
    TRADING(NewOrderDecoder.TEMPLATE_ID, OrderCanceledDecoder.TEMPLATE_ID, FillDecoder.TEMPLATE_ID),

    /**
     * The price service: mark prices, collateral prices and funding rates.
     */
    PRICES(MarkPriceDecoder.TEMPLATE_ID, AssetPriceDecoder.TEMPLATE_ID, FundingRateDecoder.TEMPLATE_ID),

    /**
     * Administration and treasury: definitions, accounts, deposits, withdrawals, leverage, margin mode, queries.
     */
    ADMIN(
        AssetDefinitionDecoder.TEMPLATE_ID,
        InstrumentDefinitionDecoder.TEMPLATE_ID,
        AccountOpenDecoder.TEMPLATE_ID,
        DepositDecoder.TEMPLATE_ID,
        InsuranceFundDepositDecoder.TEMPLATE_ID,
        WithdrawDecoder.TEMPLATE_ID,
        SetLeverageDecoder.TEMPLATE_ID,
        SetMarginModeDecoder.TEMPLATE_ID,
        AdjustIsolatedMarginDecoder.TEMPLATE_ID,
        QueryAccountDecoder.TEMPLATE_ID);

    /**
     * Exclusive upper bound of the template ids this class knows about.
     */
    public static final int MAX_TEMPLATE_ID = 256;

    private static final StreamRole[] ROLE_BY_TEMPLATE = new StreamRole[MAX_TEMPLATE_ID];

    static
    {
        for (final StreamRole role : values())
        {
            for (final int templateId : role.templateIds)
            {
                ROLE_BY_TEMPLATE[templateId] = role;
            }
        }
    }

    private final int[] templateIds;

    StreamRole(final int... templateIds)
    {
        this.templateIds = templateIds;
    }

    /**
     * Is a template allowed on this stream?
     *
     * @param templateId of the inbound message.
     * @return true if this stream may send it.
     */
    public boolean allows(final int templateId)
    {
        return templateId >= 0 && templateId < MAX_TEMPLATE_ID && ROLE_BY_TEMPLATE[templateId] == this;
    }

    /**
     * The stream that may send an inbound template.
     *
     * @param templateId of the inbound message.
     * @return the role whose stream carries it, or null if it is not an inbound template.
     */
    public static StreamRole forTemplate(final int templateId)
    {
        return templateId >= 0 && templateId < MAX_TEMPLATE_ID ? ROLE_BY_TEMPLATE[templateId] : null;
    }

    /**
     * Template ids allowed on this stream.
     *
     * @return a copy of the template ids.
     */
    public int[] templateIds()
    {
        return templateIds.clone();
    }
}
