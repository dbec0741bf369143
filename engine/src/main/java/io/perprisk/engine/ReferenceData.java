package io.perprisk.engine;

import io.perprisk.codecs.sbe.AssetDefinitionDecoder;
import io.perprisk.codecs.sbe.AssetPriceDecoder;
import io.perprisk.codecs.sbe.FundingRateDecoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionDecoder;
import io.perprisk.codecs.sbe.MarkPriceDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.engine.math.Int128Math;

import java.nio.charset.StandardCharsets;

import static io.perprisk.engine.math.Int128Math.FLOOR;

/**
 * Reference data and prices: asset definitions and collateral prices (MARGIN.md §8), instrument definitions with
 * their margin tiers (§1; docs/arithmetic.md §2), mark prices and funding (§5). A price event puts the new value in
 * place and hands it to the {@link ScopeEvaluator}; when a candidate's values would not fit, the old value is restored
 * and the event rejected. Engine thread only.
 */
final class ReferenceData
{
    private static final long SCALE = PerpRiskEngine.SCALE;
    private static final long FUNDING_RATE_DIVISOR = 10_000L;
    private static final byte[] DETAIL_SETTLE_ASSET = bytes("settleAssetId differs from the settlement asset");
    private static final byte[] DETAIL_TICK_LOT = bytes("tickSize, lotSize");
    private static final byte[] DETAIL_FEE_RATE = bytes("liquidationFeeRate");
    private static final byte[] DETAIL_PRICE_BAND = bytes("liquidationPriceBand");
    private static final byte[] DETAIL_TARGET_RATIO = bytes("liquidationTargetRatio");
    private static final byte[] DETAIL_TIER_COUNT = bytes("tiers count");
    private static final byte[] DETAIL_CAP = bytes("notionalCap");
    private static final byte[] DETAIL_MAX_LEVERAGE = bytes("maxLeverage");
    private static final byte[] DETAIL_MMR = bytes("maintenanceMarginRate");

    private final EngineConfiguration configuration;
    private final EngineState state;
    private final Int128Math math;
    private final OutboundPublisher publisher;
    private final ScopeEvaluator evaluator;
    private final TriggerMaintenance triggers;
    private final AutoDeleverager deleverager;
    private final long[] tierCaps = new long[Instrument.MAX_TIERS];
    private final int[] tierLeverages = new int[Instrument.MAX_TIERS];
    private final long[] tierRates = new long[Instrument.MAX_TIERS];

    ReferenceData(
        final EngineConfiguration configuration,
        final EngineState state,
        final Int128Math math,
        final OutboundPublisher publisher,
        final ScopeEvaluator evaluator,
        final TriggerMaintenance triggers,
        final AutoDeleverager deleverager)
    {
        this.configuration = configuration;
        this.state = state;
        this.math = math;
        this.publisher = publisher;
        this.evaluator = evaluator;
        this.triggers = triggers;
        this.deleverager = deleverager;
    }

    void onAssetDefinition(final AssetDefinitionDecoder decoder)
    {
        final int assetId = decoder.assetId();
        final long price = decoder.price();
        final long ratio = decoder.collateralRatio();
        if (price <= 0)
        {
            publisher.rejectEvent(RejectReason.INVALID_PRICE);
            return;
        }
        if (ratio <= 0 || ratio > SCALE)
        {
            publisher.rejectEvent(RejectReason.INVALID_RATE);
            return;
        }
        Asset asset = state.assets.get(assetId);
        if (asset == null)
        {
            if (state.assets.size() >= configuration.maxAssets())
            {
                publisher.rejectEvent(RejectReason.CAPACITY_EXCEEDED);
                return;
            }
            asset = new Asset(assetId, state.assets.size());
            state.assets.put(assetId, asset);
        }
        final long previousPrice = asset.price;
        final long previousRatio = asset.collateralRatio;
        asset.price = price;
        asset.collateralRatio = ratio;
        if (!evaluator.evaluateAssetHolders(asset))
        {
            asset.price = previousPrice;
            asset.collateralRatio = previousRatio;
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        triggers.assetRedefined(asset);
        asset.symbol = decoder.symbol();
    }

    void onAssetPrice(final AssetPriceDecoder decoder)
    {
        final Asset asset = state.assets.get(decoder.assetId());
        if (asset == null)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_ASSET);
            return;
        }
        final long price = decoder.price();
        if (price <= 0)
        {
            publisher.rejectEvent(RejectReason.INVALID_PRICE);
            return;
        }
        final long previousPrice = asset.price;
        asset.price = price;
        if (!evaluator.evaluateAssetPrice(asset, price))
        {
            asset.price = previousPrice;
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
        }
    }

    void onInstrumentDefinition(final InstrumentDefinitionDecoder decoder)
    {
        final int instrumentId = decoder.instrumentId();
        final int settleId = decoder.settleAssetId();
        final long tick = decoder.tickSize();
        final long lot = decoder.lotSize();
        final long feeRate = decoder.liquidationFeeRate();
        final long band = decoder.liquidationPriceBand();
        final long target = decoder.liquidationTargetRatio();
        int tierCount = 0;
        for (final InstrumentDefinitionDecoder.TiersDecoder tiers : decoder.tiers())
        {
            if (tierCount < Instrument.MAX_TIERS)
            {
                tierCaps[tierCount] = tiers.notionalCap();
                tierLeverages[tierCount] = tiers.maxLeverage();
                tierRates[tierCount] = tiers.maintenanceMarginRate();
            }
            tierCount++;
        }

        if (state.instruments.containsKey(instrumentId))
        {
            publisher.rejectEvent(RejectReason.DUPLICATE_ID);
            return;
        }
        if (!state.assets.containsKey(settleId))
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_ASSET);
            return;
        }
        final byte[] detail = validateInstrument(settleId, tick, lot, feeRate, band, target, tierCount);
        if (detail != null)
        {
            publisher.rejectEvent(RejectReason.INVALID_DEFINITION, detail);
            return;
        }
        if (state.instruments.size() >= configuration.maxInstruments())
        {
            publisher.rejectEvent(RejectReason.CAPACITY_EXCEEDED);
            return;
        }
        final Instrument instrument = new Instrument(instrumentId, state.instruments.size());
        instrument.settleAssetId = settleId;
        instrument.tickSize = tick;
        instrument.lotSize = lot;
        instrument.liquidationFeeRate = feeRate;
        instrument.liquidationPriceBand = band;
        instrument.liquidationTargetRatio = target;
        instrument.tierCount = tierCount;
        if (!defineTiers(instrument, tierCount))
        {
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        instrument.symbol = decoder.symbol();
        state.instruments.put(instrumentId, instrument);
        if (state.settleAssetId == 0)
        {
            state.settleAssetId = settleId;
        }
        evaluator.evaluate();
    }

    /**
     * The tiers with their cumulative maintenance amounts {@code cum} (MARGIN.md §1); false when one does not fit.
     */
    private boolean defineTiers(final Instrument instrument, final int tierCount)
    {
        long cum = 0;
        for (int t = 0; t < tierCount; t++)
        {
            if (t > 0)
            {
                cum = math.add(cum, math.mulDivFloor(tierCaps[t - 1], tierRates[t] - tierRates[t - 1], SCALE));
            }
            instrument.notionalCap[t] = tierCaps[t];
            instrument.maxLeverage[t] = tierLeverages[t];
            instrument.maintenanceMarginRate[t] = tierRates[t];
            instrument.maintenanceAmount[t] = cum;
        }
        return !math.overflow();
    }

    private byte[] validateInstrument(
        final int settleId,
        final long tick,
        final long lot,
        final long feeRate,
        final long band,
        final long target,
        final int tierCount)
    {
        if (state.settleAssetId != 0 && settleId != state.settleAssetId)
        {
            return DETAIL_SETTLE_ASSET;
        }
        if (tick <= 0 || lot <= 0)
        {
            return DETAIL_TICK_LOT;
        }
        math.multiply(tick, lot);
        math.divideBy(SCALE, FLOOR);
        if (math.remainder() != 0)
        {
            return DETAIL_TICK_LOT;
        }
        if (feeRate < 0 || feeRate >= SCALE)
        {
            return DETAIL_FEE_RATE;
        }
        if (band <= 0 || band >= SCALE)
        {
            return DETAIL_PRICE_BAND;
        }
        if (target <= 0 || target > SCALE)
        {
            return DETAIL_TARGET_RATIO;
        }
        if (tierCount < 1 || tierCount > Instrument.MAX_TIERS)
        {
            return DETAIL_TIER_COUNT;
        }
        return validateTiers(tierCount);
    }

    private byte[] validateTiers(final int tierCount)
    {
        for (int t = 0; t < tierCount; t++)
        {
            if (tierCaps[t] <= 0 || (t > 0 && tierCaps[t] <= tierCaps[t - 1]))
            {
                return DETAIL_CAP;
            }
            if (tierLeverages[t] < 1 || (t > 0 && tierLeverages[t] > tierLeverages[t - 1]))
            {
                return DETAIL_MAX_LEVERAGE;
            }
            final long mmr = tierRates[t];
            if (mmr <= 0 || mmr >= SCALE || (t > 0 && mmr < tierRates[t - 1]) || mmr > SCALE / tierLeverages[t])
            {
                return DETAIL_MMR;
            }
        }
        return null;
    }

    void onMarkPrice(final MarkPriceDecoder decoder)
    {
        final Instrument instrument = state.instruments.get(decoder.instrumentId());
        if (instrument == null)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        final long price = decoder.price();
        if (price <= 0)
        {
            publisher.rejectEvent(RejectReason.INVALID_PRICE);
            return;
        }
        final long previousPrice = instrument.markPrice;
        instrument.markPrice = price;
        deleverager.wakeWaitingOnMark(instrument);
        if (!evaluator.evaluateInstrument(instrument, instrument.markTriggers, price))
        {
            instrument.markPrice = previousPrice;
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
        }
    }

    /**
     * MARGIN.md §5: the funding index moves by {@code mark·rate}, rounded half up.
     */
    void onFundingRate(final FundingRateDecoder decoder)
    {
        final Instrument instrument = state.instruments.get(decoder.instrumentId());
        if (instrument == null)
        {
            publisher.rejectEvent(RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        if (!instrument.hasMark())
        {
            publisher.rejectEvent(RejectReason.NO_MARK_PRICE);
            return;
        }
        final long increment = math.mulDivHalfUp(instrument.markPrice, decoder.rate(), FUNDING_RATE_DIVISOR);
        final long index = math.add(instrument.fundingIndex, increment);
        if (math.overflow())
        {
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        final long previousIndex = instrument.fundingIndex;
        instrument.fundingIndex = index;
        if (!evaluator.evaluateInstrument(instrument, instrument.fundingTriggers, index))
        {
            instrument.fundingIndex = previousIndex;
            publisher.rejectEvent(RejectReason.ARITHMETIC_OVERFLOW);
        }
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
