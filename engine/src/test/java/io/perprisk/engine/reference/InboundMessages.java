package io.perprisk.engine.reference;

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
import io.perprisk.codecs.sbe.EventRejectedEncoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderEncoder;
import io.perprisk.codecs.sbe.OrderCanceledEncoder;
import io.perprisk.codecs.sbe.QueryAccountEncoder;
import io.perprisk.codecs.sbe.SetLeverageEncoder;
import io.perprisk.codecs.sbe.SetMarginModeEncoder;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.codecs.sbe.WithdrawEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Encodes inbound SBE messages (message header included) into fresh byte arrays, for tests and stream generators.
 * Prices, quantities, amounts and rates are raw (value times 10^8).
 */
public final class InboundMessages
{
    private static final int CAPACITY = 1024;

    private InboundMessages()
    {
    }

    /**
     * One margin tier of an instrument definition.
     *
     * @param notionalCap           raw money, exclusive upper bound.
     * @param maxLeverage           whole number.
     * @param maintenanceMarginRate raw rate.
     */
    public record TierSpec(long notionalCap, int maxLeverage, long maintenanceMarginRate)
    {
    }

    /**
     * Encode an {@code AssetDefinition}.
     *
     * @param assetId         of the asset.
     * @param symbol          of the asset.
     * @param price           raw price in the settlement asset.
     * @param collateralRatio raw ratio.
     * @return the message bytes.
     */
    public static byte[] assetDefinition(
        final int assetId, final String symbol, final long price, final long collateralRatio)
    {
        final UnsafeBuffer buffer = buffer();
        final AssetDefinitionEncoder encoder = new AssetDefinitionEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .assetId(assetId)
            .price(price)
            .collateralRatio(collateralRatio)
            .symbol(symbol);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode an {@code AssetPrice}.
     *
     * @param assetId   of the asset.
     * @param price     raw price.
     * @param timestamp nanoseconds.
     * @return the message bytes.
     */
    public static byte[] assetPrice(final int assetId, final long price, final long timestamp)
    {
        final UnsafeBuffer buffer = buffer();
        final AssetPriceEncoder encoder = new AssetPriceEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .assetId(assetId)
            .price(price)
            .timestamp(timestamp);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode an {@code InstrumentDefinition}.
     *
     * @param instrumentId  of the instrument.
     * @param symbol        of the instrument.
     * @param settleAssetId settlement asset.
     * @param tickSize      raw price.
     * @param lotSize       raw quantity.
     * @param feeRate       raw liquidation fee rate.
     * @param priceBand     raw liquidation price band.
     * @param targetRatio   raw liquidation target ratio.
     * @param tiers         margin tiers in order.
     * @return the message bytes.
     */
    public static byte[] instrumentDefinition(
        final int instrumentId,
        final String symbol,
        final int settleAssetId,
        final long tickSize,
        final long lotSize,
        final long feeRate,
        final long priceBand,
        final long targetRatio,
        final TierSpec... tiers)
    {
        final UnsafeBuffer buffer = buffer();
        final InstrumentDefinitionEncoder encoder = new InstrumentDefinitionEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .instrumentId(instrumentId)
            .settleAssetId(settleAssetId)
            .tickSize(tickSize)
            .lotSize(lotSize)
            .liquidationFeeRate(feeRate)
            .liquidationPriceBand(priceBand)
            .liquidationTargetRatio(targetRatio);
        final InstrumentDefinitionEncoder.TiersEncoder tiersEncoder = encoder.tiersCount(tiers.length);
        for (final TierSpec tier : tiers)
        {
            tiersEncoder.next()
                .notionalCap(tier.notionalCap())
                .maxLeverage(tier.maxLeverage())
                .maintenanceMarginRate(tier.maintenanceMarginRate());
        }
        encoder.symbol(symbol);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode an {@code AccountOpen}.
     *
     * @param accountId of the account.
     * @return the message bytes.
     */
    public static byte[] accountOpen(final long accountId)
    {
        final UnsafeBuffer buffer = buffer();
        final AccountOpenEncoder encoder = new AccountOpenEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .accountId(accountId);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode a {@code Deposit}.
     *
     * @param accountId of the account.
     * @param assetId   of the asset.
     * @param amount    raw money.
     * @return the message bytes.
     */
    public static byte[] deposit(final long accountId, final int assetId, final long amount)
    {
        final UnsafeBuffer buffer = buffer();
        final DepositEncoder encoder = new DepositEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .accountId(accountId)
            .assetId(assetId)
            .amount(amount);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode an {@code InsuranceFundDeposit}.
     *
     * @param assetId of the asset.
     * @param amount  raw money.
     * @return the message bytes.
     */
    public static byte[] insuranceFundDeposit(final int assetId, final long amount)
    {
        final UnsafeBuffer buffer = buffer();
        final InsuranceFundDepositEncoder encoder = new InsuranceFundDepositEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .assetId(assetId)
            .amount(amount);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode a {@code Withdraw}.
     *
     * @param requestId of the request.
     * @param accountId of the account.
     * @param assetId   of the asset.
     * @param amount    raw money.
     * @return the message bytes.
     */
    public static byte[] withdraw(final long requestId, final long accountId, final int assetId, final long amount)
    {
        final UnsafeBuffer buffer = buffer();
        final WithdrawEncoder encoder = new WithdrawEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .requestId(requestId)
            .accountId(accountId)
            .assetId(assetId)
            .amount(amount);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode a {@code SetLeverage}.
     *
     * @param accountId    of the account.
     * @param instrumentId of the instrument.
     * @param leverage     whole number.
     * @return the message bytes.
     */
    public static byte[] setLeverage(final long accountId, final int instrumentId, final int leverage)
    {
        final UnsafeBuffer buffer = buffer();
        final SetLeverageEncoder encoder = new SetLeverageEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .accountId(accountId)
            .instrumentId(instrumentId)
            .leverage(leverage);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode a {@code SetMarginMode}.
     *
     * @param accountId    of the account.
     * @param instrumentId of the instrument.
     * @param mode         cross or isolated.
     * @return the message bytes.
     */
    public static byte[] setMarginMode(final long accountId, final int instrumentId, final MarginMode mode)
    {
        final UnsafeBuffer buffer = buffer();
        final SetMarginModeEncoder encoder = new SetMarginModeEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .accountId(accountId)
            .instrumentId(instrumentId)
            .marginMode(mode);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode an {@code AdjustIsolatedMargin}.
     *
     * @param accountId    of the account.
     * @param instrumentId of the instrument.
     * @param amount       raw money, signed.
     * @return the message bytes.
     */
    public static byte[] adjustIsolatedMargin(final long accountId, final int instrumentId, final long amount)
    {
        final UnsafeBuffer buffer = buffer();
        final AdjustIsolatedMarginEncoder encoder = new AdjustIsolatedMarginEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .accountId(accountId)
            .instrumentId(instrumentId)
            .amount(amount);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode a {@code MarkPrice}.
     *
     * @param instrumentId of the instrument.
     * @param price        raw price.
     * @param timestamp    nanoseconds.
     * @return the message bytes.
     */
    public static byte[] markPrice(final int instrumentId, final long price, final long timestamp)
    {
        final UnsafeBuffer buffer = buffer();
        final MarkPriceEncoder encoder = new MarkPriceEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .instrumentId(instrumentId)
            .price(price)
            .timestamp(timestamp);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode a {@code FundingRate}.
     *
     * @param instrumentId of the instrument.
     * @param rate         raw rate, signed.
     * @param timestamp    nanoseconds.
     * @return the message bytes.
     */
    public static byte[] fundingRate(final int instrumentId, final long rate, final long timestamp)
    {
        final UnsafeBuffer buffer = buffer();
        final FundingRateEncoder encoder = new FundingRateEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .instrumentId(instrumentId)
            .rate(rate)
            .timestamp(timestamp);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode a {@code NewOrder}.
     *
     * @param orderId      of the order.
     * @param accountId    of the account.
     * @param instrumentId of the instrument.
     * @param side         buy or sell.
     * @param price        raw price.
     * @param quantity     raw quantity.
     * @param reduceOnly   whether the order may only reduce.
     * @return the message bytes.
     */
    public static byte[] newOrder(
        final long orderId,
        final long accountId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity,
        final boolean reduceOnly)
    {
        final UnsafeBuffer buffer = buffer();
        final NewOrderEncoder encoder = new NewOrderEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .orderId(orderId)
            .accountId(accountId)
            .instrumentId(instrumentId)
            .side(side)
            .price(price)
            .quantity(quantity)
            .reduceOnly(reduceOnly ? BooleanType.TRUE : BooleanType.FALSE);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode an {@code OrderCanceled}.
     *
     * @param orderId      of the order.
     * @param accountId    of the account.
     * @param instrumentId of the instrument.
     * @param quantity     raw quantity that was left.
     * @return the message bytes.
     */
    public static byte[] orderCanceled(
        final long orderId, final long accountId, final int instrumentId, final long quantity)
    {
        final UnsafeBuffer buffer = buffer();
        final OrderCanceledEncoder encoder = new OrderCanceledEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .orderId(orderId)
            .accountId(accountId)
            .instrumentId(instrumentId)
            .quantity(quantity);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode a {@code Fill}.
     *
     * @param tradeId      of the trade.
     * @param orderId      of the order.
     * @param accountId    of the account.
     * @param instrumentId of the instrument.
     * @param side         of this account.
     * @param price        raw price.
     * @param quantity     raw quantity.
     * @param fee          raw money, signed (a rebate is negative).
     * @param timestamp    nanoseconds.
     * @return the message bytes.
     */
    public static byte[] fill(
        final long tradeId,
        final long orderId,
        final long accountId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity,
        final long fee,
        final long timestamp)
    {
        final UnsafeBuffer buffer = buffer();
        final FillEncoder encoder = new FillEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tradeId(tradeId)
            .orderId(orderId)
            .accountId(accountId)
            .instrumentId(instrumentId)
            .side(side)
            .price(price)
            .quantity(quantity)
            .fee(fee)
            .timestamp(timestamp);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * Encode a {@code QueryAccount}.
     *
     * @param accountId of the account.
     * @return the message bytes.
     */
    public static byte[] queryAccount(final long accountId)
    {
        final UnsafeBuffer buffer = buffer();
        final QueryAccountEncoder encoder = new QueryAccountEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .accountId(accountId);
        return bytes(buffer, encoder.encodedLength());
    }

    /**
     * The record the gateway's ingress sequences in place of a frame it refused.
     *
     * @param seq        sequence number ingress gave the refused frame.
     * @param reason     why it was refused.
     * @param templateId template of the refused frame, 0 if unknown.
     * @param detail     free text.
     * @return the encoded record.
     */
    public static byte[] ingressReject(
        final long seq, final RejectReason reason, final int templateId, final String detail)
    {
        final UnsafeBuffer buffer = buffer();
        final EventRejectedEncoder encoder = new EventRejectedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .seq(seq)
            .reason(reason)
            .templateId(templateId)
            .detail(detail);
        return bytes(buffer, encoder.encodedLength());
    }

    private static UnsafeBuffer buffer()
    {
        return new UnsafeBuffer(new byte[CAPACITY]);
    }

    private static byte[] bytes(final UnsafeBuffer buffer, final int bodyLength)
    {
        return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }
}
