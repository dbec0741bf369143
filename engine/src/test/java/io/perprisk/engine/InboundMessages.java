package io.perprisk.engine;

import io.perprisk.codecs.sbe.AccountOpenEncoder;
import io.perprisk.codecs.sbe.AdjustIsolatedMarginEncoder;
import io.perprisk.codecs.sbe.AssetDefinitionEncoder;
import io.perprisk.codecs.sbe.AssetPriceEncoder;
import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.DepositEncoder;
import io.perprisk.codecs.sbe.FillEncoder;
import io.perprisk.codecs.sbe.FundingRateEncoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionEncoder;
import io.perprisk.codecs.sbe.InsuranceFundDepositEncoder;
import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.MarkPriceEncoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderEncoder;
import io.perprisk.codecs.sbe.OrderCanceledEncoder;
import io.perprisk.codecs.sbe.QueryAccountEncoder;
import io.perprisk.codecs.sbe.SetLeverageEncoder;
import io.perprisk.codecs.sbe.SetMarginModeEncoder;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.codecs.sbe.WithdrawEncoder;
import org.agrona.MutableDirectBuffer;

import java.math.BigDecimal;

/**
 * Encodes inbound messages with the generated encoders into a caller's buffer; each method returns the encoded
 * length, header included.
 */
final class InboundMessages
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AssetDefinitionEncoder assetDefinition = new AssetDefinitionEncoder();
    private final AssetPriceEncoder assetPrice = new AssetPriceEncoder();
    private final InstrumentDefinitionEncoder instrumentDefinition = new InstrumentDefinitionEncoder();
    private final AccountOpenEncoder accountOpen = new AccountOpenEncoder();
    private final DepositEncoder deposit = new DepositEncoder();
    private final InsuranceFundDepositEncoder insuranceFundDeposit = new InsuranceFundDepositEncoder();
    private final WithdrawEncoder withdraw = new WithdrawEncoder();
    private final SetLeverageEncoder setLeverage = new SetLeverageEncoder();
    private final SetMarginModeEncoder setMarginMode = new SetMarginModeEncoder();
    private final AdjustIsolatedMarginEncoder adjustIsolatedMargin = new AdjustIsolatedMarginEncoder();
    private final MarkPriceEncoder markPrice = new MarkPriceEncoder();
    private final FundingRateEncoder fundingRate = new FundingRateEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final OrderCanceledEncoder orderCanceled = new OrderCanceledEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final QueryAccountEncoder queryAccount = new QueryAccountEncoder();

    static long raw(final String decimal)
    {
        return new BigDecimal(decimal).movePointRight(8).longValueExact();
    }

    int assetDefinition(
        final MutableDirectBuffer b, final int o, final int assetId, final String price, final String ratio)
    {
        assetDefinition.wrapAndApplyHeader(b, o, header).assetId(assetId).price(raw(price))
            .collateralRatio(raw(ratio)).symbol("A" + assetId);
        return MessageHeaderEncoder.ENCODED_LENGTH + assetDefinition.encodedLength();
    }

    int assetPrice(final MutableDirectBuffer b, final int o, final int assetId, final String price)
    {
        assetPrice.wrapAndApplyHeader(b, o, header).assetId(assetId).price(raw(price)).timestamp(1);
        return MessageHeaderEncoder.ENCODED_LENGTH + assetPrice.encodedLength();
    }

    /**
     * Tiers as triples {cap, maxLeverage, mmr} of decimal strings.
     */
    int instrument(
        final MutableDirectBuffer b,
        final int o,
        final int instrumentId,
        final int settleAssetId,
        final String tick,
        final String lot,
        final String[][] tiers)
    {
        instrumentDefinition.wrapAndApplyHeader(b, o, header)
            .instrumentId(instrumentId)
            .settleAssetId(settleAssetId)
            .tickSize(raw(tick))
            .lotSize(raw(lot))
            .liquidationFeeRate(raw("0.005"))
            .liquidationPriceBand(raw("0.05"))
            .liquidationTargetRatio(raw("0.8"));
        final InstrumentDefinitionEncoder.TiersEncoder t = instrumentDefinition.tiersCount(tiers.length);
        for (final String[] tier : tiers)
        {
            t.next().notionalCap(raw(tier[0])).maxLeverage(Integer.parseInt(tier[1]))
                .maintenanceMarginRate(raw(tier[2]));
        }
        instrumentDefinition.symbol("I" + instrumentId);
        return MessageHeaderEncoder.ENCODED_LENGTH + instrumentDefinition.encodedLength();
    }

    int accountOpen(final MutableDirectBuffer b, final int o, final long accountId)
    {
        accountOpen.wrapAndApplyHeader(b, o, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + accountOpen.encodedLength();
    }

    int deposit(final MutableDirectBuffer b, final int o, final long accountId, final int assetId, final String amount)
    {
        deposit.wrapAndApplyHeader(b, o, header).accountId(accountId).assetId(assetId).amount(raw(amount));
        return MessageHeaderEncoder.ENCODED_LENGTH + deposit.encodedLength();
    }

    int insuranceFundDeposit(final MutableDirectBuffer b, final int o, final int assetId, final String amount)
    {
        insuranceFundDeposit.wrapAndApplyHeader(b, o, header).assetId(assetId).amount(raw(amount));
        return MessageHeaderEncoder.ENCODED_LENGTH + insuranceFundDeposit.encodedLength();
    }

    int withdraw(
        final MutableDirectBuffer b,
        final int o,
        final long requestId,
        final long accountId,
        final int assetId,
        final String amount)
    {
        withdraw.wrapAndApplyHeader(b, o, header).requestId(requestId).accountId(accountId).assetId(assetId)
            .amount(raw(amount));
        return MessageHeaderEncoder.ENCODED_LENGTH + withdraw.encodedLength();
    }

    int setLeverage(
        final MutableDirectBuffer b, final int o, final long accountId, final int instrumentId, final int leverage)
    {
        setLeverage.wrapAndApplyHeader(b, o, header).accountId(accountId).instrumentId(instrumentId)
            .leverage(leverage);
        return MessageHeaderEncoder.ENCODED_LENGTH + setLeverage.encodedLength();
    }

    int setMarginMode(
        final MutableDirectBuffer b, final int o, final long accountId, final int instrumentId, final boolean isolated)
    {
        setMarginMode.wrapAndApplyHeader(b, o, header).accountId(accountId).instrumentId(instrumentId)
            .marginMode(isolated ? MarginMode.ISOLATED : MarginMode.CROSS);
        return MessageHeaderEncoder.ENCODED_LENGTH + setMarginMode.encodedLength();
    }

    int adjustIsolatedMargin(
        final MutableDirectBuffer b, final int o, final long accountId, final int instrumentId, final String amount)
    {
        adjustIsolatedMargin.wrapAndApplyHeader(b, o, header).accountId(accountId).instrumentId(instrumentId)
            .amount(raw(amount));
        return MessageHeaderEncoder.ENCODED_LENGTH + adjustIsolatedMargin.encodedLength();
    }

    int markPrice(final MutableDirectBuffer b, final int o, final int instrumentId, final String price)
    {
        return markPriceRaw(b, o, instrumentId, raw(price));
    }

    int markPriceRaw(final MutableDirectBuffer b, final int o, final int instrumentId, final long price)
    {
        markPrice.wrapAndApplyHeader(b, o, header).instrumentId(instrumentId).price(price).timestamp(1);
        return MessageHeaderEncoder.ENCODED_LENGTH + markPrice.encodedLength();
    }

    int fundingRate(final MutableDirectBuffer b, final int o, final int instrumentId, final String rate)
    {
        fundingRate.wrapAndApplyHeader(b, o, header).instrumentId(instrumentId).rate(raw(rate)).timestamp(1);
        return MessageHeaderEncoder.ENCODED_LENGTH + fundingRate.encodedLength();
    }

    int newOrder(
        final MutableDirectBuffer b,
        final int o,
        final long orderId,
        final long accountId,
        final int instrumentId,
        final boolean buy,
        final String price,
        final String quantity,
        final boolean reduceOnly)
    {
        return newOrderRaw(b, o, orderId, accountId, instrumentId, buy, raw(price), raw(quantity), reduceOnly);
    }

    int newOrderRaw(
        final MutableDirectBuffer b,
        final int o,
        final long orderId,
        final long accountId,
        final int instrumentId,
        final boolean buy,
        final long price,
        final long quantity,
        final boolean reduceOnly)
    {
        newOrder.wrapAndApplyHeader(b, o, header).orderId(orderId).accountId(accountId).instrumentId(instrumentId)
            .side(buy ? Side.BUY : Side.SELL).price(price).quantity(quantity)
            .reduceOnly(reduceOnly ? BooleanType.TRUE : BooleanType.FALSE);
        return MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength();
    }

    int orderCanceled(
        final MutableDirectBuffer b, final int o, final long orderId, final long accountId, final int instrumentId)
    {
        orderCanceled.wrapAndApplyHeader(b, o, header).orderId(orderId).accountId(accountId)
            .instrumentId(instrumentId).quantity(0);
        return MessageHeaderEncoder.ENCODED_LENGTH + orderCanceled.encodedLength();
    }

    int fill(
        final MutableDirectBuffer b,
        final int o,
        final long orderId,
        final long accountId,
        final int instrumentId,
        final boolean buy,
        final String price,
        final String quantity,
        final String fee)
    {
        return fillRaw(b, o, orderId, accountId, instrumentId, buy, raw(price), raw(quantity), raw(fee));
    }

    int fillRaw(
        final MutableDirectBuffer b,
        final int o,
        final long orderId,
        final long accountId,
        final int instrumentId,
        final boolean buy,
        final long price,
        final long quantity,
        final long fee)
    {
        fill.wrapAndApplyHeader(b, o, header).tradeId(orderId).orderId(orderId).accountId(accountId)
            .instrumentId(instrumentId).side(buy ? Side.BUY : Side.SELL).price(price).quantity(quantity).fee(fee)
            .timestamp(1);
        return MessageHeaderEncoder.ENCODED_LENGTH + fill.encodedLength();
    }

    int queryAccount(final MutableDirectBuffer b, final int o, final long accountId)
    {
        queryAccount.wrapAndApplyHeader(b, o, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + queryAccount.encodedLength();
    }
}
