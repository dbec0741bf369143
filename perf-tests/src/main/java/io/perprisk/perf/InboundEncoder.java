package io.perprisk.perf;

import io.perprisk.codecs.sbe.AccountOpenEncoder;
import io.perprisk.codecs.sbe.AssetDefinitionEncoder;
import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.DepositEncoder;
import io.perprisk.codecs.sbe.FillEncoder;
import io.perprisk.codecs.sbe.FundingRateEncoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionEncoder;
import io.perprisk.codecs.sbe.MarkPriceEncoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderEncoder;
import io.perprisk.codecs.sbe.OrderCanceledEncoder;
import io.perprisk.codecs.sbe.QueryAccountEncoder;
import io.perprisk.codecs.sbe.Side;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the inbound messages the benchmarks need with the generated SBE encoders, into a caller's buffer. Every
 * method returns the encoded length, message header included. Prices, quantities, amounts and rates are raw
 * (value times 10^8). Not thread safe; does not allocate.
 */
public final class InboundEncoder
{
    /**
     * Raw value of one unit (10^8).
     */
    public static final long ONE = 100_000_000L;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AssetDefinitionEncoder assetDefinition = new AssetDefinitionEncoder();
    private final InstrumentDefinitionEncoder instrumentDefinition = new InstrumentDefinitionEncoder();
    private final AccountOpenEncoder accountOpen = new AccountOpenEncoder();
    private final DepositEncoder deposit = new DepositEncoder();
    private final MarkPriceEncoder markPrice = new MarkPriceEncoder();
    private final FundingRateEncoder fundingRate = new FundingRateEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final OrderCanceledEncoder orderCanceled = new OrderCanceledEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final QueryAccountEncoder queryAccount = new QueryAccountEncoder();

    /**
     * Encode an {@code AssetDefinition} with symbol "A" + id.
     *
     * @param buffer          to write into.
     * @param offset          at which to write.
     * @param assetId         of the asset.
     * @param price           raw price in the settlement asset.
     * @param collateralRatio raw haircut factor.
     * @return the encoded length.
     */
    public int assetDefinition(
        final MutableDirectBuffer buffer, final int offset, final int assetId, final long price,
        final long collateralRatio)
    {
        assetDefinition.wrapAndApplyHeader(buffer, offset, header).assetId(assetId).price(price)
            .collateralRatio(collateralRatio).symbol("A" + assetId);
        return MessageHeaderEncoder.ENCODED_LENGTH + assetDefinition.encodedLength();
    }

    /**
     * Encode an {@code InstrumentDefinition} with three tiers (caps 100,000 / 1,000,000 / 5,000,000 at leverage
     * 50 / 20 / 10 and maintenance rates 1 % / 2.5 % / 5 %), fee 0.5 %, band 5 %, target ratio 0.8.
     *
     * @param buffer        to write into.
     * @param offset        at which to write.
     * @param instrumentId  of the instrument.
     * @param settleAssetId settlement asset.
     * @param tickSize      raw tick size.
     * @param lotSize       raw lot size.
     * @return the encoded length.
     */
    public int instrumentDefinition(
        final MutableDirectBuffer buffer, final int offset, final int instrumentId, final int settleAssetId,
        final long tickSize, final long lotSize)
    {
        instrumentDefinition.wrapAndApplyHeader(buffer, offset, header)
            .instrumentId(instrumentId)
            .settleAssetId(settleAssetId)
            .tickSize(tickSize)
            .lotSize(lotSize)
            .liquidationFeeRate(ONE / 200)
            .liquidationPriceBand(ONE / 20)
            .liquidationTargetRatio(ONE * 8 / 10);
        final InstrumentDefinitionEncoder.TiersEncoder tiers = instrumentDefinition.tiersCount(3);
        tiers.next().notionalCap(100_000 * ONE).maxLeverage(50).maintenanceMarginRate(ONE / 100);
        tiers.next().notionalCap(1_000_000 * ONE).maxLeverage(20).maintenanceMarginRate(ONE / 40);
        tiers.next().notionalCap(5_000_000 * ONE).maxLeverage(10).maintenanceMarginRate(ONE / 20);
        instrumentDefinition.symbol("I" + instrumentId);
        return MessageHeaderEncoder.ENCODED_LENGTH + instrumentDefinition.encodedLength();
    }

    /**
     * Encode an {@code AccountOpen}.
     *
     * @param buffer    to write into.
     * @param offset    at which to write.
     * @param accountId to open.
     * @return the encoded length.
     */
    public int accountOpen(final MutableDirectBuffer buffer, final int offset, final long accountId)
    {
        accountOpen.wrapAndApplyHeader(buffer, offset, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + accountOpen.encodedLength();
    }

    /**
     * Encode a {@code Deposit}.
     *
     * @param buffer    to write into.
     * @param offset    at which to write.
     * @param accountId to credit.
     * @param assetId   of the asset.
     * @param amount    raw amount.
     * @return the encoded length.
     */
    public int deposit(
        final MutableDirectBuffer buffer, final int offset, final long accountId, final int assetId, final long amount)
    {
        deposit.wrapAndApplyHeader(buffer, offset, header).accountId(accountId).assetId(assetId).amount(amount);
        return MessageHeaderEncoder.ENCODED_LENGTH + deposit.encodedLength();
    }

    /**
     * Encode a {@code MarkPrice}.
     *
     * @param buffer       to write into.
     * @param offset       at which to write.
     * @param instrumentId of the instrument.
     * @param price        raw mark price.
     * @param timestamp    nanoseconds since the epoch.
     * @return the encoded length.
     */
    public int markPrice(
        final MutableDirectBuffer buffer, final int offset, final int instrumentId, final long price,
        final long timestamp)
    {
        markPrice.wrapAndApplyHeader(buffer, offset, header).instrumentId(instrumentId).price(price)
            .timestamp(timestamp);
        return MessageHeaderEncoder.ENCODED_LENGTH + markPrice.encodedLength();
    }

    /**
     * Encode a {@code FundingRate}.
     *
     * @param buffer       to write into.
     * @param offset       at which to write.
     * @param instrumentId of the instrument.
     * @param rate         raw signed rate.
     * @param timestamp    nanoseconds since the epoch.
     * @return the encoded length.
     */
    public int fundingRate(
        final MutableDirectBuffer buffer, final int offset, final int instrumentId, final long rate,
        final long timestamp)
    {
        fundingRate.wrapAndApplyHeader(buffer, offset, header).instrumentId(instrumentId).rate(rate)
            .timestamp(timestamp);
        return MessageHeaderEncoder.ENCODED_LENGTH + fundingRate.encodedLength();
    }

    /**
     * Encode a {@code NewOrder} (not reduce-only).
     *
     * @param buffer       to write into.
     * @param offset       at which to write.
     * @param orderId      of the order.
     * @param accountId    placing it.
     * @param instrumentId of the instrument.
     * @param buy          true to buy.
     * @param price        raw limit price.
     * @param quantity     raw quantity.
     * @return the encoded length.
     */
    public int newOrder(
        final MutableDirectBuffer buffer, final int offset, final long orderId, final long accountId,
        final int instrumentId, final boolean buy, final long price, final long quantity)
    {
        newOrder.wrapAndApplyHeader(buffer, offset, header).orderId(orderId).accountId(accountId)
            .instrumentId(instrumentId).side(buy ? Side.BUY : Side.SELL).price(price).quantity(quantity)
            .reduceOnly(BooleanType.FALSE);
        return MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength();
    }

    /**
     * Encode an {@code OrderCanceled} with nothing left.
     *
     * @param buffer       to write into.
     * @param offset       at which to write.
     * @param orderId      of the order.
     * @param accountId    that placed it.
     * @param instrumentId of the instrument.
     * @return the encoded length.
     */
    public int orderCanceled(
        final MutableDirectBuffer buffer, final int offset, final long orderId, final long accountId,
        final int instrumentId)
    {
        orderCanceled.wrapAndApplyHeader(buffer, offset, header).orderId(orderId).accountId(accountId)
            .instrumentId(instrumentId).quantity(0);
        return MessageHeaderEncoder.ENCODED_LENGTH + orderCanceled.encodedLength();
    }

    /**
     * Encode a {@code Fill}; the trade id is the order id.
     *
     * @param buffer       to write into.
     * @param offset       at which to write.
     * @param orderId      of the filled order, 0 for a fill the engine has no order for.
     * @param accountId    whose side this is.
     * @param instrumentId of the instrument.
     * @param buy          true for the buying side.
     * @param price        raw trade price.
     * @param quantity     raw quantity.
     * @param fee          raw fee charged.
     * @return the encoded length.
     */
    public int fill(
        final MutableDirectBuffer buffer, final int offset, final long orderId, final long accountId,
        final int instrumentId, final boolean buy, final long price, final long quantity, final long fee)
    {
        fill.wrapAndApplyHeader(buffer, offset, header).tradeId(orderId).orderId(orderId).accountId(accountId)
            .instrumentId(instrumentId).side(buy ? Side.BUY : Side.SELL).price(price).quantity(quantity).fee(fee)
            .timestamp(1);
        return MessageHeaderEncoder.ENCODED_LENGTH + fill.encodedLength();
    }

    /**
     * Encode a {@code QueryAccount}.
     *
     * @param buffer    to write into.
     * @param offset    at which to write.
     * @param accountId to query.
     * @return the encoded length.
     */
    public int queryAccount(final MutableDirectBuffer buffer, final int offset, final long accountId)
    {
        queryAccount.wrapAndApplyHeader(buffer, offset, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + queryAccount.encodedLength();
    }
}
