package io.perprisk.engine;

import io.perprisk.codecs.sbe.AccountOpenDecoder;
import io.perprisk.codecs.sbe.AccountUpdateEncoder;
import io.perprisk.codecs.sbe.AdjustIsolatedMarginDecoder;
import io.perprisk.codecs.sbe.AssetDefinitionDecoder;
import io.perprisk.codecs.sbe.AssetPriceDecoder;
import io.perprisk.codecs.sbe.AutoDeleverageEncoder;
import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.CancelOrderRequestEncoder;
import io.perprisk.codecs.sbe.DepositDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.EventRejectedEncoder;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.FundingRateDecoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionDecoder;
import io.perprisk.codecs.sbe.InsuranceFundDepositDecoder;
import io.perprisk.codecs.sbe.InsuranceFundReason;
import io.perprisk.codecs.sbe.InsuranceFundUpdateEncoder;
import io.perprisk.codecs.sbe.LiquidationCompletedEncoder;
import io.perprisk.codecs.sbe.LiquidationOrderEncoder;
import io.perprisk.codecs.sbe.LiquidationStartedEncoder;
import io.perprisk.codecs.sbe.MarginCallEncoder;
import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.MarkPriceDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedEncoder;
import io.perprisk.codecs.sbe.OrderCanceledDecoder;
import io.perprisk.codecs.sbe.OrderRejectedEncoder;
import io.perprisk.codecs.sbe.PositionUpdateEncoder;
import io.perprisk.codecs.sbe.QueryAccountDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.SetLeverageDecoder;
import io.perprisk.codecs.sbe.SetMarginModeDecoder;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.codecs.sbe.WithdrawAcceptedEncoder;
import io.perprisk.codecs.sbe.WithdrawDecoder;
import io.perprisk.codecs.sbe.WithdrawRejectedEncoder;
import io.perprisk.engine.math.Int128Math;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import static io.perprisk.engine.math.Int128Math.CEIL;
import static io.perprisk.engine.math.Int128Math.FLOOR;

/**
 * The production {@link RiskEngine}: a deterministic, single-threaded margin engine implementing
 * {@code docs/arithmetic.md}. Decodes inbound SBE messages, applies them to the state and encodes every outbound
 * message into one reusable buffer handed to the {@link OutboundHandler}. After warm-up (assets, instruments,
 * accounts and positions exist) {@link #onEvent(long, DirectBuffer, int, int)} does not allocate.
 * <p>
 * Not thread safe: one thread owns an instance.
 */
public final class PerpRiskEngine implements RiskEngine
{
    /**
     * Fixed-point scale of prices, quantities, money and rates: 10^8.
     */
    public static final long SCALE = 100_000_000L;

    /**
     * Scale of the cumulative funding index: 10^12 (money per base unit).
     */
    public static final long FUNDING_INDEX_SCALE = 1_000_000_000_000L;

    /**
     * First order id of the engine's own (liquidation) range; client order ids must be below it.
     */
    public static final long RESERVED_ORDER_ID_BASE = 1L << 62;

    static final long NULL_VALUE = Long.MIN_VALUE;
    private static final long SCALE_SQUARED = SCALE * SCALE;
    private static final long FUNDING_RATE_DIVISOR = 10_000L;
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int TIER_BLOCK_LENGTH = 20;
    private static final int MAX_TEMPLATE_ID = 16;
    private static final byte[] NO_DETAIL = new byte[0];
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
    private final OutboundHandler handler;
    private final long[] levels;
    private final long hysteresis;
    private final Int128Math math = new Int128Math();
    private final EngineCountersImpl counters = new EngineCountersImpl();
    private final EngineLedgerView ledger = new EngineLedgerView(this);

    final Long2ObjectHashMap<Account> accounts = new Long2ObjectHashMap<>();
    final Int2ObjectHashMap<Asset> assets = new Int2ObjectHashMap<>();
    final Int2ObjectHashMap<Instrument> instruments = new Int2ObjectHashMap<>();
    final Long2ObjectHashMap<Order> orders = new Long2ObjectHashMap<>();
    int settleAssetId;
    long feesCollected;
    long fundingClearing;
    long lastAppliedSeq;
    long nextLiquidationOrderId = RESERVED_ORDER_ID_BASE;
    private Order freeOrders;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final AssetDefinitionDecoder assetDefinitionDecoder = new AssetDefinitionDecoder();
    private final AssetPriceDecoder assetPriceDecoder = new AssetPriceDecoder();
    private final InstrumentDefinitionDecoder instrumentDefinitionDecoder = new InstrumentDefinitionDecoder();
    private final AccountOpenDecoder accountOpenDecoder = new AccountOpenDecoder();
    private final DepositDecoder depositDecoder = new DepositDecoder();
    private final InsuranceFundDepositDecoder insuranceFundDepositDecoder = new InsuranceFundDepositDecoder();
    private final WithdrawDecoder withdrawDecoder = new WithdrawDecoder();
    private final SetLeverageDecoder setLeverageDecoder = new SetLeverageDecoder();
    private final SetMarginModeDecoder setMarginModeDecoder = new SetMarginModeDecoder();
    private final AdjustIsolatedMarginDecoder adjustIsolatedMarginDecoder = new AdjustIsolatedMarginDecoder();
    private final MarkPriceDecoder markPriceDecoder = new MarkPriceDecoder();
    private final FundingRateDecoder fundingRateDecoder = new FundingRateDecoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final OrderCanceledDecoder orderCanceledDecoder = new OrderCanceledDecoder();
    private final FillDecoder fillDecoder = new FillDecoder();
    private final QueryAccountDecoder queryAccountDecoder = new QueryAccountDecoder();

    /**
     * Longest {@code EventRejected.detail} an ingress reject record may carry.
     */
    private static final int MAX_REJECT_DETAIL_LENGTH = 1024;

    private final UnsafeBuffer outBuffer = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OrderAcceptedEncoder orderAcceptedEncoder = new OrderAcceptedEncoder();
    private final OrderRejectedEncoder orderRejectedEncoder = new OrderRejectedEncoder();
    private final WithdrawAcceptedEncoder withdrawAcceptedEncoder = new WithdrawAcceptedEncoder();
    private final WithdrawRejectedEncoder withdrawRejectedEncoder = new WithdrawRejectedEncoder();
    private final AccountUpdateEncoder accountUpdateEncoder = new AccountUpdateEncoder();
    private final PositionUpdateEncoder positionUpdateEncoder = new PositionUpdateEncoder();
    private final MarginCallEncoder marginCallEncoder = new MarginCallEncoder();
    private final InsuranceFundUpdateEncoder insuranceFundUpdateEncoder = new InsuranceFundUpdateEncoder();
    private final LiquidationStartedEncoder liquidationStartedEncoder = new LiquidationStartedEncoder();
    private final CancelOrderRequestEncoder cancelOrderRequestEncoder = new CancelOrderRequestEncoder();
    private final LiquidationOrderEncoder liquidationOrderEncoder = new LiquidationOrderEncoder();
    private final AutoDeleverageEncoder autoDeleverageEncoder = new AutoDeleverageEncoder();
    private final LiquidationCompletedEncoder liquidationCompletedEncoder = new LiquidationCompletedEncoder();
    private final EventRejectedEncoder eventRejectedEncoder = new EventRejectedEncoder();
    private final EventRejectedDecoder eventRejectedDecoder = new EventRejectedDecoder();
    private final UnsafeBuffer rejectDetail = new UnsafeBuffer(new byte[MAX_REJECT_DETAIL_LENGTH]);

    private final long[] tierCaps = new long[Instrument.MAX_TIERS];
    private final int[] tierLeverages = new int[Instrument.MAX_TIERS];
    private final long[] tierRates = new long[Instrument.MAX_TIERS];

    private int[] probeMasks = new int[1024];
    private boolean[] probeFires = new boolean[1024];
    private int probeMask;

    // Evaluation passes (docs/arithmetic.md §11) and liquidation (§10).
    private final ScopeList candidates = new ScopeList(1024);
    private final ScopeList liquidating = new ScopeList(1024);
    private Account[] touched = new Account[1024];
    private int touchedCount;
    private long passNumber;
    private final TriggerBands triggerBands;
    private final TriggerCandidates triggerCandidates = new TriggerCandidates();
    private Account[] staleAccounts = new Account[64];
    private int staleCount;
    private long[] cancelIds = new long[1024];
    private final AdlRanking adlRanking = new AdlRanking();
    private final WaitingScopes waiting = new WaitingScopes();
    private int adlOverflowSkips;
    private long scopeEvaluations;
    private final SavedPosition savedFirst = new SavedPosition();
    private final SavedPosition savedSecond = new SavedPosition();

    // Results of stageFill (one side of a trade, not yet applied).
    private long stagedSize;
    private long stagedCost;
    private long stagedMargin;
    private long stagedRealized;
    private long stagedWallet;
    private long stagedAccrued;

    private long seq;
    private int templateId;

    // Results of computePosition (one position, at its leverage).
    private long posNotional;
    private long posUpnl;
    private long posAccrued;
    private long posMaintenance;
    private long posInitial;
    private long posOrderMargin;
    private long posMaxNotional;

    // Results of computeCross (the whole account).
    private long crossCollateral;
    private long crossUpnl;
    private long crossAccrued;
    private long crossMarginBalance;
    private long crossInitial;
    private long crossMaintenance;
    private long crossOrderMargin;
    private long crossAvailable;
    private long crossWithdrawable;
    private boolean crossDerivedOverflow;

    /**
     * Create an empty engine.
     *
     * @param configuration capacities and levels; concluded by this constructor.
     * @param handler       receiving every outbound message.
     */
    public PerpRiskEngine(final EngineConfiguration configuration, final OutboundHandler handler)
    {
        this.configuration = configuration.conclude();
        this.handler = handler;
        this.levels = configuration.marginCallLevels();
        this.hysteresis = configuration.marginCallHysteresis();
        if (levels.length > 31)
        {
            throw new IllegalStateException("at most 31 margin-call levels are supported");
        }
        this.triggerBands = configuration.triggerIndex() ? new TriggerBands(levels, hysteresis, assets) : null;
    }

    /**
     * {@inheritDoc}
     */
    public void onEvent(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        this.seq = seq;
        this.templateId = 0;
        lastAppliedSeq = seq;
        counters.eventsApplied++;
        math.clearOverflow();

        if (length < HEADER_LENGTH)
        {
            rejectEvent(RejectReason.MALFORMED, NO_DETAIL);
            return;
        }
        headerDecoder.wrap(buffer, offset);
        final int template = headerDecoder.templateId();
        final int schemaId = headerDecoder.schemaId();
        final int version = headerDecoder.version();
        final int blockLength = headerDecoder.blockLength();
        templateId = template;
        if (template < EngineCountersImpl.MAX_TEMPLATE_ID)
        {
            counters.eventsByTemplate[template]++;
        }
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID || version > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            rejectEvent(RejectReason.UNSUPPORTED_VERSION, NO_DETAIL);
            return;
        }
        final int bodyOffset = offset + HEADER_LENGTH;
        final int end = offset + length;
        if (bodyOffset + blockLength > end)
        {
            rejectEvent(RejectReason.MALFORMED, NO_DETAIL);
            return;
        }
        if (template == EventRejectedDecoder.TEMPLATE_ID)
        {
            onIngressReject(buffer, bodyOffset, blockLength, version, end);
            return;
        }
        if (template < 1 || template > MAX_TEMPLATE_ID)
        {
            rejectEvent(RejectReason.UNKNOWN_TEMPLATE, NO_DETAIL);
            return;
        }
        if (blockLength < expectedBlockLength(template) ||
            !variablePartFits(template, buffer, bodyOffset + blockLength, end))
        {
            rejectEvent(RejectReason.MALFORMED, NO_DETAIL);
            return;
        }
        dispatch(template, buffer, bodyOffset, blockLength, version);
        reindexStaleAccounts();
    }

    /**
     * {@inheritDoc}
     */
    public long lastAppliedSeq()
    {
        return lastAppliedSeq;
    }

    /**
     * {@inheritDoc}
     */
    public String digest()
    {
        return StateDigest.digest(this);
    }

    /**
     * {@inheritDoc}
     */
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        return SnapshotCodec.write(this, buffer, offset);
    }

    /**
     * {@inheritDoc}
     */
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        SnapshotCodec.load(this, buffer, offset, length);
        rebuildTriggerIndex();
    }

    /**
     * {@inheritDoc}
     */
    public EngineCounters counters()
    {
        counters.accounts = accounts.size();
        final Asset settle = settleAssetId == 0 ? null : assets.get(settleAssetId);
        counters.insuranceFundBalance = settle == null ? 0 : settle.insuranceFund;
        return counters;
    }

    /**
     * {@inheritDoc}
     */
    public EngineLedger ledger()
    {
        return ledger;
    }

    EngineCountersImpl countersImpl()
    {
        return counters;
    }

    /**
     * The configuration this engine was built with.
     *
     * @return the concluded configuration.
     */
    public EngineConfiguration configuration()
    {
        return configuration;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Decoding

    private static int expectedBlockLength(final int template)
    {
        switch (template)
        {
            case AssetDefinitionDecoder.TEMPLATE_ID: return AssetDefinitionDecoder.BLOCK_LENGTH;
            case AssetPriceDecoder.TEMPLATE_ID: return AssetPriceDecoder.BLOCK_LENGTH;
            case InstrumentDefinitionDecoder.TEMPLATE_ID: return InstrumentDefinitionDecoder.BLOCK_LENGTH;
            case AccountOpenDecoder.TEMPLATE_ID: return AccountOpenDecoder.BLOCK_LENGTH;
            case DepositDecoder.TEMPLATE_ID: return DepositDecoder.BLOCK_LENGTH;
            case InsuranceFundDepositDecoder.TEMPLATE_ID: return InsuranceFundDepositDecoder.BLOCK_LENGTH;
            case WithdrawDecoder.TEMPLATE_ID: return WithdrawDecoder.BLOCK_LENGTH;
            case SetLeverageDecoder.TEMPLATE_ID: return SetLeverageDecoder.BLOCK_LENGTH;
            case SetMarginModeDecoder.TEMPLATE_ID: return SetMarginModeDecoder.BLOCK_LENGTH;
            case AdjustIsolatedMarginDecoder.TEMPLATE_ID: return AdjustIsolatedMarginDecoder.BLOCK_LENGTH;
            case MarkPriceDecoder.TEMPLATE_ID: return MarkPriceDecoder.BLOCK_LENGTH;
            case FundingRateDecoder.TEMPLATE_ID: return FundingRateDecoder.BLOCK_LENGTH;
            case NewOrderDecoder.TEMPLATE_ID: return NewOrderDecoder.BLOCK_LENGTH;
            case OrderCanceledDecoder.TEMPLATE_ID: return OrderCanceledDecoder.BLOCK_LENGTH;
            case FillDecoder.TEMPLATE_ID: return FillDecoder.BLOCK_LENGTH;
            default: return QueryAccountDecoder.BLOCK_LENGTH;
        }
    }

    private static boolean variablePartFits(
        final int template, final DirectBuffer buffer, final int start, final int end)
    {
        int position = start;
        if (template == InstrumentDefinitionDecoder.TEMPLATE_ID)
        {
            if (position + 4 > end)
            {
                return false;
            }
            final int groupBlockLength = buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
            final int count = buffer.getShort(position + 2, LITTLE_ENDIAN) & 0xFFFF;
            if (groupBlockLength < TIER_BLOCK_LENGTH)
            {
                return false;
            }
            position += 4 + groupBlockLength * count;
        }
        else if (template != AssetDefinitionDecoder.TEMPLATE_ID)
        {
            return true;
        }
        if (position + 2 > end)
        {
            return false;
        }
        final int stringLength = buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
        return position + 2 + stringLength <= end;
    }

    private void dispatch(
        final int template, final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        switch (template)
        {
            case AssetDefinitionDecoder.TEMPLATE_ID:
                onAssetDefinition(assetDefinitionDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case AssetPriceDecoder.TEMPLATE_ID:
                onAssetPrice(assetPriceDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                onInstrumentDefinition(instrumentDefinitionDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case AccountOpenDecoder.TEMPLATE_ID:
                onAccountOpen(accountOpenDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case DepositDecoder.TEMPLATE_ID:
                onDeposit(depositDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case InsuranceFundDepositDecoder.TEMPLATE_ID:
                onInsuranceFundDeposit(insuranceFundDepositDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case WithdrawDecoder.TEMPLATE_ID:
                onWithdraw(withdrawDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case SetLeverageDecoder.TEMPLATE_ID:
                onSetLeverage(setLeverageDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case SetMarginModeDecoder.TEMPLATE_ID:
                onSetMarginMode(setMarginModeDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case AdjustIsolatedMarginDecoder.TEMPLATE_ID:
                onAdjustIsolatedMargin(adjustIsolatedMarginDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case MarkPriceDecoder.TEMPLATE_ID:
                onMarkPrice(markPriceDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case FundingRateDecoder.TEMPLATE_ID:
                onFundingRate(fundingRateDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case NewOrderDecoder.TEMPLATE_ID:
                onNewOrder(newOrderDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case OrderCanceledDecoder.TEMPLATE_ID:
                onOrderCanceled(orderCanceledDecoder.wrap(buffer, offset, blockLength, version));
                break;
            case FillDecoder.TEMPLATE_ID:
                onFill(fillDecoder.wrap(buffer, offset, blockLength, version));
                break;
            default:
                onQueryAccount(queryAccountDecoder.wrap(buffer, offset, blockLength, version));
                break;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Reference data

    private void onAssetDefinition(final AssetDefinitionDecoder decoder)
    {
        final int assetId = decoder.assetId();
        final long price = decoder.price();
        final long ratio = decoder.collateralRatio();
        if (price <= 0)
        {
            rejectEvent(RejectReason.INVALID_PRICE, NO_DETAIL);
            return;
        }
        if (ratio <= 0 || ratio > SCALE)
        {
            rejectEvent(RejectReason.INVALID_RATE, NO_DETAIL);
            return;
        }
        Asset asset = assets.get(assetId);
        if (asset == null)
        {
            if (assets.size() >= configuration.maxAssets())
            {
                rejectEvent(RejectReason.CAPACITY_EXCEEDED, NO_DETAIL);
                return;
            }
            asset = new Asset(assetId, assets.size());
            assets.put(assetId, asset);
        }
        final long previousPrice = asset.price;
        final long previousRatio = asset.collateralRatio;
        asset.price = price;
        asset.collateralRatio = ratio;
        if (!evaluateAssetHolders(asset))
        {
            asset.price = previousPrice;
            asset.collateralRatio = previousRatio;
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
            return;
        }
        for (int i = 0; null != triggerBands && i < asset.holderCount; i++)
        {
            markTriggersStale(asset.holders[i]);
        }
        asset.symbol = decoder.symbol();
    }

    private void onAssetPrice(final AssetPriceDecoder decoder)
    {
        final Asset asset = assets.get(decoder.assetId());
        if (asset == null)
        {
            rejectEvent(RejectReason.UNKNOWN_ASSET, NO_DETAIL);
            return;
        }
        final long price = decoder.price();
        if (price <= 0)
        {
            rejectEvent(RejectReason.INVALID_PRICE, NO_DETAIL);
            return;
        }
        final long previousPrice = asset.price;
        asset.price = price;
        if (!(null == triggerBands ? evaluateAssetHolders(asset) : evaluateAssetTriggers(asset, price)))
        {
            asset.price = previousPrice;
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
        }
    }

    private void onInstrumentDefinition(final InstrumentDefinitionDecoder decoder)
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

        if (instruments.containsKey(instrumentId))
        {
            rejectEvent(RejectReason.DUPLICATE_ID, NO_DETAIL);
            return;
        }
        if (!assets.containsKey(settleId))
        {
            rejectEvent(RejectReason.UNKNOWN_ASSET, NO_DETAIL);
            return;
        }
        final byte[] detail = validateInstrument(settleId, tick, lot, feeRate, band, target, tierCount);
        if (detail != null)
        {
            rejectEvent(RejectReason.INVALID_DEFINITION, detail);
            return;
        }
        if (instruments.size() >= configuration.maxInstruments())
        {
            rejectEvent(RejectReason.CAPACITY_EXCEEDED, NO_DETAIL);
            return;
        }
        final Instrument instrument = new Instrument(instrumentId, instruments.size());
        instrument.settleAssetId = settleId;
        instrument.tickSize = tick;
        instrument.lotSize = lot;
        instrument.liquidationFeeRate = feeRate;
        instrument.liquidationPriceBand = band;
        instrument.liquidationTargetRatio = target;
        instrument.tierCount = tierCount;
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
        if (math.overflow())
        {
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
            return;
        }
        instrument.symbol = decoder.symbol();
        instruments.put(instrumentId, instrument);
        if (settleAssetId == 0)
        {
            settleAssetId = settleId;
        }
        evaluate();
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
        if (settleAssetId != 0 && settleId != settleAssetId)
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

    // ------------------------------------------------------------------------------------------------------------
    // Accounts and balances

    private void onAccountOpen(final AccountOpenDecoder decoder)
    {
        final long accountId = decoder.accountId();
        if (accounts.containsKey(accountId))
        {
            rejectEvent(RejectReason.DUPLICATE_ID, NO_DETAIL);
            return;
        }
        if (accounts.size() >= configuration.maxAccounts())
        {
            rejectEvent(RejectReason.CAPACITY_EXCEEDED, NO_DETAIL);
            return;
        }
        final Account account = new Account(accountId);
        if (null != triggerBands)
        {
            account.balanceTriggers = new TriggerEntry[account.balanceAssetIds.length];
        }
        accounts.put(accountId, account);
        emitAccountUpdate(account);
        evaluate();
    }

    private void onDeposit(final DepositDecoder decoder)
    {
        final Account account = accounts.get(decoder.accountId());
        if (account == null)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, NO_DETAIL);
            return;
        }
        final Asset asset = assets.get(decoder.assetId());
        if (asset == null)
        {
            rejectEvent(RejectReason.UNKNOWN_ASSET, NO_DETAIL);
            return;
        }
        final long amount = decoder.amount();
        if (amount <= 0)
        {
            rejectEvent(RejectReason.INVALID_AMOUNT, NO_DETAIL);
            return;
        }
        final long balance = math.add(account.balance(asset.id), amount);
        final long total = math.add(asset.totalDeposits, amount);
        if (math.overflow())
        {
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
            return;
        }
        final long previousBalance = account.balance(asset.id);
        setBalance(account, asset, balance);
        if (!accountFits(account))
        {
            setBalance(account, asset, previousBalance);
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
            return;
        }
        asset.totalDeposits = total;
        emitAccountUpdate(account);
        evaluateAccount(account);
    }

    private void onInsuranceFundDeposit(final InsuranceFundDepositDecoder decoder)
    {
        final Asset asset = assets.get(decoder.assetId());
        if (asset == null)
        {
            rejectEvent(RejectReason.UNKNOWN_ASSET, NO_DETAIL);
            return;
        }
        final long amount = decoder.amount();
        if (amount <= 0)
        {
            rejectEvent(RejectReason.INVALID_AMOUNT, NO_DETAIL);
            return;
        }
        final long fund = math.add(asset.insuranceFund, amount);
        final long total = math.add(asset.totalDeposits, amount);
        if (math.overflow())
        {
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
            return;
        }
        asset.insuranceFund = fund;
        asset.totalDeposits = total;
        insuranceFundUpdateEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .assetId(asset.id)
            .balance(fund)
            .delta(amount)
            .reason(InsuranceFundReason.DEPOSIT);
        send(insuranceFundUpdateEncoder.encodedLength());
        evaluate();
    }

    private void onWithdraw(final WithdrawDecoder decoder)
    {
        final long requestId = decoder.requestId();
        final long accountId = decoder.accountId();
        final Account account = accounts.get(accountId);
        if (account == null)
        {
            rejectWithdraw(requestId, accountId, RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        final Asset asset = assets.get(decoder.assetId());
        if (asset == null)
        {
            rejectWithdraw(requestId, accountId, RejectReason.UNKNOWN_ASSET);
            return;
        }
        final long amount = decoder.amount();
        if (amount <= 0)
        {
            rejectWithdraw(requestId, accountId, RejectReason.INVALID_AMOUNT);
            return;
        }
        if (account.crossInLiquidation)
        {
            rejectWithdraw(requestId, accountId, RejectReason.ACCOUNT_IN_LIQUIDATION);
            return;
        }
        final int slot = account.balanceSlot(asset.id);
        final long balance = slot < 0 ? 0 : account.balances[slot];
        if (balance < amount)
        {
            rejectWithdraw(requestId, accountId, RejectReason.INSUFFICIENT_BALANCE);
            return;
        }
        final long total = math.add(asset.totalWithdrawals, amount);
        account.balances[slot] = balance - amount;
        if (!accountFits(account))
        {
            account.balances[slot] = balance;
            rejectWithdraw(requestId, accountId, RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        if (crossWithdrawable < 0)
        {
            account.balances[slot] = balance;
            rejectWithdraw(requestId, accountId, RejectReason.INSUFFICIENT_MARGIN);
            return;
        }
        asset.totalWithdrawals = total;
        withdrawAcceptedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .requestId(requestId)
            .accountId(accountId)
            .amount(amount);
        send(withdrawAcceptedEncoder.encodedLength());
        emitAccountUpdate(account);
        evaluateAccount(account);
    }

    private void rejectWithdraw(final long requestId, final long accountId, final RejectReason reason)
    {
        counters.rejectsByReason[reason.value()]++;
        withdrawRejectedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .requestId(requestId)
            .accountId(accountId)
            .reason(reason);
        send(withdrawRejectedEncoder.encodedLength());
    }

    private void setBalance(final Account account, final Asset asset, final long balance)
    {
        int slot = account.balanceSlot(asset.id);
        if (slot < 0)
        {
            slot = account.addBalanceSlot(asset.id);
            asset.addHolder(account);
        }
        account.balances[slot] = balance;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Leverage and margin mode

    private void onSetLeverage(final SetLeverageDecoder decoder)
    {
        final Account account = accounts.get(decoder.accountId());
        if (account == null)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, NO_DETAIL);
            return;
        }
        final Instrument instrument = instruments.get(decoder.instrumentId());
        if (instrument == null)
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, NO_DETAIL);
            return;
        }
        final int leverage = decoder.leverage();
        if (leverage < 1)
        {
            rejectEvent(RejectReason.INVALID_LEVERAGE, NO_DETAIL);
            return;
        }
        final Position position = positionFor(account, instrument);
        if (position.isolated ? position.inLiquidation : account.crossInLiquidation)
        {
            rejectEvent(RejectReason.ACCOUNT_IN_LIQUIDATION, NO_DETAIL);
            return;
        }
        final int previous = position.leverage;
        position.leverage = leverage;
        computePosition(position);
        final RejectReason reason;
        if (math.overflow())
        {
            reason = RejectReason.ARITHMETIC_OVERFLOW;
        }
        else if (posMaxNotional >= instrument.leverageLimit(leverage))
        {
            reason = RejectReason.LEVERAGE_TOO_HIGH;
        }
        else if (position.isolated)
        {
            reason = position.isolatedMargin < posInitial ? RejectReason.INSUFFICIENT_MARGIN : null;
        }
        else
        {
            computeCross(account);
            if (math.overflow() || crossDerivedOverflow)
            {
                reason = RejectReason.ARITHMETIC_OVERFLOW;
            }
            else
            {
                reason = crossAvailable < 0 ? RejectReason.INSUFFICIENT_MARGIN : null;
            }
        }
        if (reason != null)
        {
            position.leverage = previous;
            rejectEvent(reason, NO_DETAIL);
            return;
        }
        if (!accountFits(account))
        {
            position.leverage = previous;
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
            return;
        }
        emitPositionUpdate(position);
        evaluateAccount(account);
    }

    private void onSetMarginMode(final SetMarginModeDecoder decoder)
    {
        final Account account = accounts.get(decoder.accountId());
        if (account == null)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, NO_DETAIL);
            return;
        }
        final Instrument instrument = instruments.get(decoder.instrumentId());
        if (instrument == null)
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, NO_DETAIL);
            return;
        }
        final short mode = decoder.marginModeRaw();
        if (mode != MarginMode.CROSS.value() && mode != MarginMode.ISOLATED.value())
        {
            rejectEvent(RejectReason.MALFORMED, NO_DETAIL);
            return;
        }
        final Position existing = account.position(instrument.id);
        if (existing != null && (existing.size != 0 || existing.orderCount != 0))
        {
            rejectEvent(RejectReason.POSITION_OR_ORDERS_OPEN, NO_DETAIL);
            return;
        }
        final Position position = existing != null ? existing : positionFor(account, instrument);
        position.isolated = mode == MarginMode.ISOLATED.value();
        emitPositionUpdate(position);
        evaluateAccount(account);
    }

    private void onAdjustIsolatedMargin(final AdjustIsolatedMarginDecoder decoder)
    {
        final Account account = accounts.get(decoder.accountId());
        if (account == null)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, NO_DETAIL);
            return;
        }
        final Instrument instrument = instruments.get(decoder.instrumentId());
        if (instrument == null)
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, NO_DETAIL);
            return;
        }
        final Position position = account.position(instrument.id);
        if (position == null || !position.isolated)
        {
            rejectEvent(RejectReason.NOT_ISOLATED, NO_DETAIL);
            return;
        }
        if (position.size == 0)
        {
            rejectEvent(RejectReason.NO_POSITION, NO_DETAIL);
            return;
        }
        final long amount = decoder.amount();
        if (amount == 0)
        {
            rejectEvent(RejectReason.INVALID_AMOUNT, NO_DETAIL);
            return;
        }
        if (amount < 0 && position.inLiquidation)
        {
            rejectEvent(RejectReason.ACCOUNT_IN_LIQUIDATION, NO_DETAIL);
            return;
        }
        final Asset settle = assets.get(settleAssetId);
        final long wallet = account.balance(settleAssetId);
        final long newWallet = math.subtract(wallet, amount);
        final long newMargin = math.add(position.isolatedMargin, amount);
        if (amount > 0)
        {
            computeCross(account);
            if (!math.overflow() && !crossDerivedOverflow && crossAvailable < amount)
            {
                rejectEvent(RejectReason.INSUFFICIENT_BALANCE, NO_DETAIL);
                return;
            }
        }
        else
        {
            computePosition(position);
            if (!math.overflow() && newMargin < posInitial)
            {
                rejectEvent(RejectReason.INSUFFICIENT_MARGIN, NO_DETAIL);
                return;
            }
        }
        if (math.overflow())
        {
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
            return;
        }
        final long previousMargin = position.isolatedMargin;
        setBalance(account, settle, newWallet);
        position.isolatedMargin = newMargin;
        if (!accountFits(account))
        {
            setBalance(account, settle, wallet);
            position.isolatedMargin = previousMargin;
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
            return;
        }
        emitPositionUpdate(position);
        emitAccountUpdate(account);
        evaluateAccount(account);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Prices and funding

    private void onMarkPrice(final MarkPriceDecoder decoder)
    {
        final Instrument instrument = instruments.get(decoder.instrumentId());
        if (instrument == null)
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, NO_DETAIL);
            return;
        }
        final long price = decoder.price();
        if (price <= 0)
        {
            rejectEvent(RejectReason.INVALID_PRICE, NO_DETAIL);
            return;
        }
        final long previousPrice = instrument.markPrice;
        instrument.markPrice = price;
        wakeWaitingOnMark(instrument);
        if (!evaluateInstrumentHolders(instrument, instrument.markTriggers, price))
        {
            instrument.markPrice = previousPrice;
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
        }
    }

    private void onFundingRate(final FundingRateDecoder decoder)
    {
        final Instrument instrument = instruments.get(decoder.instrumentId());
        if (instrument == null)
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, NO_DETAIL);
            return;
        }
        if (!instrument.hasMark())
        {
            rejectEvent(RejectReason.NO_MARK_PRICE, NO_DETAIL);
            return;
        }
        final long increment = math.mulDivHalfUp(instrument.markPrice, decoder.rate(), FUNDING_RATE_DIVISOR);
        final long index = math.add(instrument.fundingIndex, increment);
        if (math.overflow())
        {
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
            return;
        }
        final long previousIndex = instrument.fundingIndex;
        instrument.fundingIndex = index;
        if (!evaluateInstrumentHolders(instrument, instrument.fundingTriggers, index))
        {
            instrument.fundingIndex = previousIndex;
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Orders and fills

    private void onNewOrder(final NewOrderDecoder decoder)
    {
        final long orderId = decoder.orderId();
        final long accountId = decoder.accountId();
        final Account account = accounts.get(accountId);
        if (account == null)
        {
            rejectOrder(orderId, accountId, RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        final Instrument instrument = instruments.get(decoder.instrumentId());
        if (instrument == null)
        {
            rejectOrder(orderId, accountId, RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        if (orderId >= RESERVED_ORDER_ID_BASE)
        {
            rejectOrder(orderId, accountId, RejectReason.RESERVED_ID);
            return;
        }
        if (orders.containsKey(orderId))
        {
            rejectOrder(orderId, accountId, RejectReason.DUPLICATE_ID);
            return;
        }
        final short side = decoder.sideRaw();
        final short reduceOnlyRaw = decoder.reduceOnlyRaw();
        if ((side != 0 && side != 1) || (reduceOnlyRaw != 0 && reduceOnlyRaw != 1))
        {
            rejectOrder(orderId, accountId, RejectReason.MALFORMED);
            return;
        }
        final long quantity = decoder.quantity();
        final long price = decoder.price();
        final RejectReason valueReason = checkQuantityAndPrice(instrument, quantity, price);
        if (valueReason != null)
        {
            rejectOrder(orderId, accountId, valueReason);
            return;
        }
        if (!instrument.hasMark())
        {
            rejectOrder(orderId, accountId, RejectReason.NO_MARK_PRICE);
            return;
        }
        final Position position = positionFor(account, instrument);
        if (position.isolated ? position.inLiquidation : account.crossInLiquidation)
        {
            rejectOrder(orderId, accountId, RejectReason.ACCOUNT_IN_LIQUIDATION);
            return;
        }
        final boolean buy = side == 0;
        if (reduceOnlyRaw == BooleanType.TRUE.value())
        {
            final boolean opposes = buy ? position.size < 0 : position.size > 0;
            if (!opposes || quantity > Math.abs(position.size))
            {
                rejectOrder(orderId, accountId, RejectReason.REDUCE_ONLY_WOULD_INCREASE);
                return;
            }
        }

        // each check forms only the values it needs (docs/arithmetic.md §7): the leverage cap needs the exposures
        final long notional = math.mulDivFloor(quantity, price, SCALE);
        final long positionNotional = math.mulDivCeil(Math.abs(position.size), instrument.markPrice, SCALE);
        final long signedNotional = position.size >= 0 ? positionNotional : -positionNotional;
        final long buyNotional = buy ? math.add(position.buyNotional, notional) : position.buyNotional;
        final long sellNotional = buy ? position.sellNotional : math.add(position.sellNotional, notional);
        final long exposure = Math.max(
            Math.abs(math.add(signedNotional, buyNotional)), Math.abs(math.subtract(signedNotional, sellNotional)));
        if (math.overflow())
        {
            rejectOrder(orderId, accountId, RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        if (exposure >= instrument.leverageLimit(position.leverage))
        {
            rejectOrder(orderId, accountId, RejectReason.LEVERAGE_TOO_HIGH);
            return;
        }
        computePosition(position);
        final long marginBefore = posOrderMargin;
        if (math.overflow())
        {
            rejectOrder(orderId, accountId, RejectReason.ARITHMETIC_OVERFLOW);
            return;
        }
        final Order order = newOrder(orderId, position, buy, price, quantity);
        linkOrder(order, notional);
        computeCross(account);
        computePosition(position);
        final RejectReason reason;
        if (math.overflow() || crossDerivedOverflow)
        {
            reason = RejectReason.ARITHMETIC_OVERFLOW;
        }
        else if (posOrderMargin > marginBefore && crossAvailable < 0)
        {
            reason = RejectReason.INSUFFICIENT_MARGIN;
        }
        else
        {
            reason = null;
        }
        if (reason != null)
        {
            unlinkOrder(order, notional);
            releaseOrder(order);
            rejectOrder(orderId, accountId, reason);
            return;
        }
        orders.put(orderId, order);
        counters.ordersAccepted++;
        orderAcceptedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .orderId(orderId)
            .accountId(accountId)
            .orderMargin(posOrderMargin - marginBefore);
        send(orderAcceptedEncoder.encodedLength());
        evaluate();
    }

    private RejectReason checkQuantityAndPrice(final Instrument instrument, final long quantity, final long price)
    {
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (quantity % instrument.lotSize != 0)
        {
            return RejectReason.OFF_LOT;
        }
        if (price <= 0)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (price % instrument.tickSize != 0)
        {
            return RejectReason.OFF_TICK;
        }
        return null;
    }

    private void rejectOrder(final long orderId, final long accountId, final RejectReason reason)
    {
        counters.rejectsByReason[reason.value()]++;
        counters.ordersRejected++;
        orderRejectedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .orderId(orderId)
            .accountId(accountId)
            .reason(reason);
        send(orderRejectedEncoder.encodedLength());
    }

    private void onOrderCanceled(final OrderCanceledDecoder decoder)
    {
        final Account account = accounts.get(decoder.accountId());
        if (account == null)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, NO_DETAIL);
            return;
        }
        final Instrument instrument = instruments.get(decoder.instrumentId());
        if (instrument == null)
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, NO_DETAIL);
            return;
        }
        final long orderId = decoder.orderId();
        final Position position = account.position(instrument.id);
        if (position != null && position.liqOrderId != 0 && position.liqOrderId == orderId)
        {
            position.adlRemaining = Math.min(position.liqRemaining, Math.abs(position.size));
            endLiquidationOrder(position);
            evaluate();
            return;
        }
        final Order order = orders.get(orderId);
        if (order == null || order.position.account != account || order.position.instrument != instrument)
        {
            rejectEvent(RejectReason.UNKNOWN_ORDER, NO_DETAIL);
            return;
        }
        removeOrder(order);
        evaluate();
    }

    private void onFill(final FillDecoder decoder)
    {
        final Account account = accounts.get(decoder.accountId());
        if (account == null)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, NO_DETAIL);
            return;
        }
        final Instrument instrument = instruments.get(decoder.instrumentId());
        if (instrument == null)
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, NO_DETAIL);
            return;
        }
        final short side = decoder.sideRaw();
        if (side != 0 && side != 1)
        {
            rejectEvent(RejectReason.MALFORMED, NO_DETAIL);
            return;
        }
        final long quantity = decoder.quantity();
        final long price = decoder.price();
        final RejectReason valueReason = checkQuantityAndPrice(instrument, quantity, price);
        if (valueReason != null)
        {
            rejectEvent(valueReason, NO_DETAIL);
            return;
        }
        final boolean buy = side == 0;
        final long fee = decoder.fee();
        final long orderId = decoder.orderId();
        final Position position = positionFor(account, instrument);
        final long size = position.size;
        final boolean liquidationFill = position.liqOrderId != 0 && orderId == position.liqOrderId &&
            buy == position.liqBuy && quantity <= position.liqRemaining && quantity <= Math.abs(size);

        stageFill(position, buy, quantity, price, fee, liquidationFill);
        final long clearing = math.subtract(fundingClearing, stagedAccrued);
        final long fees = math.add(feesCollected, fee);
        if (math.overflow())
        {
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
            return;
        }
        final Asset settle = assets.get(settleAssetId);
        commitStaged(position, savedFirst);
        long liquidationFee = 0;
        long fund = settle.insuranceFund;
        if (liquidationFill)
        {
            final long marginBalance = scopeMarginBalance(account, position.isolated ? position : null);
            final long notional = math.mulDivFloor(quantity, price, SCALE);
            liquidationFee = Math.min(
                math.mulDivCeil(notional, instrument.liquidationFeeRate, SCALE), Math.max(0, marginBalance));
            if (position.isolated)
            {
                position.isolatedMargin = math.subtract(position.isolatedMargin, liquidationFee);
            }
            else
            {
                setBalance(account, settle, math.subtract(account.balance(settleAssetId), liquidationFee));
            }
            fund = math.add(fund, liquidationFee);
        }
        if (math.overflow() || !accountFits(account))
        {
            savedFirst.restore(this, position);
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
            return;
        }
        fundingClearing = clearing;
        feesCollected = fees;
        settle.insuranceFund = fund;
        if (liquidationFill)
        {
            position.liqRemaining -= quantity;
            if (position.liqRemaining == 0)
            {
                endLiquidationOrder(position);
            }
        }
        else
        {
            final Order order = orders.get(orderId);
            if (order != null && order.position == position && order.buy == buy)
            {
                if (quantity >= order.remaining)
                {
                    if (quantity > order.remaining)
                    {
                        counters.fillAnomalies++;
                    }
                    removeOrder(order);
                }
                else
                {
                    reduceOrder(order, order.remaining - quantity);
                }
            }
            else
            {
                counters.fillAnomalies++;
            }
        }
        updateHolder(position, size);
        waiting.onPositionChanged(position);
        emitPositionUpdate(position);
        emitAccountUpdate(account);
        if (liquidationFee > 0)
        {
            emitInsuranceFundUpdate(settle, liquidationFee, InsuranceFundReason.LIQUIDATION_FEE);
        }
        evaluateAccount(account);
    }

    /**
     * Computes one side of a trade into the staged* fields without changing anything (docs/arithmetic.md §8):
     * funding realized first, then the position change; the fee is charged to the settlement wallet. On the
     * liquidated side of a liquidation fill or an auto-deleverage ({@code liquidated}), an isolated position keeps
     * its realized PnL, funding and fee in its isolated margin and releases nothing to the wallet (§10.5).
     */
    private void stageFill(
        final Position position,
        final boolean buy,
        final long quantity,
        final long price,
        final long fee,
        final boolean liquidated)
    {
        final long size = position.size;
        final long absSize = Math.abs(size);
        final boolean isolated = position.isolated;
        final boolean keepInMargin = isolated && liquidated;
        long wallet = position.account.balance(settleAssetId);
        long margin = position.isolatedMargin;
        long realizedTotal = position.realizedPnl;
        long cost = position.cost;
        final long accrued = size == 0 ? 0 : accrued(position);
        if (isolated)
        {
            margin = math.add(margin, accrued);
        }
        else
        {
            wallet = math.add(wallet, accrued);
        }
        final long newSize;
        if (size == 0 || (size > 0) == buy)
        {
            final long notional = math.mulDivFloor(quantity, price, SCALE);
            newSize = buy ? math.add(size, quantity) : math.subtract(size, quantity);
            cost = math.add(cost, notional);
            if (size == 0)
            {
                realizedTotal = 0;
            }
            if (isolated)
            {
                final long moved = math.divide(notional, position.leverage, CEIL);
                wallet = math.subtract(wallet, moved);
                margin = math.add(margin, moved);
            }
        }
        else
        {
            final long closed = Math.min(quantity, absSize);
            final long closedNotional = math.mulDivFloor(closed, price, SCALE);
            final long released = closed == absSize ? cost :
                math.mulDiv(cost, closed, absSize, size > 0 ? CEIL : FLOOR);
            final long pnl = size > 0 ? math.subtract(closedNotional, released) :
                math.subtract(released, closedNotional);
            cost -= released;
            realizedTotal = math.add(realizedTotal, pnl);
            if (keepInMargin)
            {
                margin = math.add(margin, pnl);
            }
            else
            {
                wallet = math.add(wallet, pnl);
                if (isolated)
                {
                    final long moved = closed == absSize ? margin : math.mulDivFloor(margin, closed, absSize);
                    margin -= moved;
                    wallet = math.add(wallet, moved);
                }
            }
            newSize = buy ? size + quantity : size - quantity;
            if (quantity > absSize)
            {
                final long opened = quantity - absSize;
                final long openedNotional = math.mulDivFloor(opened, price, SCALE);
                cost = openedNotional;
                if (isolated)
                {
                    final long moved = math.divide(openedNotional, position.leverage, CEIL);
                    wallet = math.subtract(wallet, moved);
                    margin = math.add(margin, moved);
                }
            }
        }
        if (keepInMargin)
        {
            margin = math.subtract(margin, fee);
        }
        else
        {
            wallet = math.subtract(wallet, fee);
        }
        stagedSize = newSize;
        stagedCost = cost;
        stagedMargin = margin;
        stagedRealized = realizedTotal;
        stagedWallet = wallet;
        stagedAccrued = accrued;
    }

    /**
     * Applies the staged side of a trade to a position (not its holder membership), remembering the previous values
     * in {@code saved}.
     */
    private void commitStaged(final Position position, final SavedPosition saved)
    {
        final Account account = position.account;
        saved.save(position, account.balance(settleAssetId));
        position.size = stagedSize;
        position.cost = stagedCost;
        position.isolatedMargin = stagedMargin;
        position.realizedPnl = stagedRealized;
        position.fundingSnapshot = position.instrument.fundingIndex;
        setBalance(account, assets.get(settleAssetId), stagedWallet);
    }

    void restoreSettlementBalance(final Account account, final long balance)
    {
        setBalance(account, assets.get(settleAssetId), balance);
    }

    private static void updateHolder(final Position position, final long sizeBefore)
    {
        if (sizeBefore == 0 && position.size != 0)
        {
            position.instrument.addHolder(position);
        }
        else if (sizeBefore != 0 && position.size == 0)
        {
            position.instrument.removeHolder(position);
        }
    }

    private void endLiquidationOrder(final Position position)
    {
        position.liqOrderId = 0;
        position.liqBuy = false;
        position.liqRemaining = 0;
        waiting.wake(position.account, position.isolated ? position : null);
    }

    private void emitInsuranceFundUpdate(final Asset asset, final long delta, final InsuranceFundReason reason)
    {
        insuranceFundUpdateEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .assetId(asset.id)
            .balance(asset.insuranceFund)
            .delta(delta)
            .reason(reason);
        send(insuranceFundUpdateEncoder.encodedLength());
    }

    private void onQueryAccount(final QueryAccountDecoder decoder)
    {
        final Account account = accounts.get(decoder.accountId());
        if (account == null)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, NO_DETAIL);
            return;
        }
        if (!accountFits(account))
        {
            rejectEvent(RejectReason.ARITHMETIC_OVERFLOW, NO_DETAIL);
            return;
        }
        emitAccountUpdate(account);
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (p.size != 0)
            {
                emitPositionUpdate(p);
            }
        }
        evaluate();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Order book keeping

    private Order newOrder(
        final long orderId, final Position position, final boolean buy, final long price, final long quantity)
    {
        Order order = freeOrders;
        if (order == null)
        {
            order = new Order();
        }
        else
        {
            freeOrders = order.next;
        }
        order.id = orderId;
        order.position = position;
        order.buy = buy;
        order.price = price;
        order.remaining = quantity;
        order.prev = null;
        order.next = null;
        return order;
    }

    private void releaseOrder(final Order order)
    {
        order.position = null;
        order.prev = null;
        order.next = freeOrders;
        freeOrders = order;
    }

    void linkOrder(final Order order, final long notional)
    {
        final Position position = order.position;
        order.next = position.firstOrder;
        order.prev = null;
        if (position.firstOrder != null)
        {
            position.firstOrder.prev = order;
        }
        position.firstOrder = order;
        position.orderCount++;
        markTriggersStale(position.account);
        if (order.buy)
        {
            position.buyNotional += notional;
        }
        else
        {
            position.sellNotional += notional;
        }
    }

    private void unlinkOrder(final Order order, final long notional)
    {
        final Position position = order.position;
        if (order.prev == null)
        {
            position.firstOrder = order.next;
        }
        else
        {
            order.prev.next = order.next;
        }
        if (order.next != null)
        {
            order.next.prev = order.prev;
        }
        position.orderCount--;
        // no re-index: an order changes no margin balance or maintenance margin, and removing one only widens the
        // overflow headroom the account's intervals were computed with, so they stay sound (docs/engine.md)
        if (order.buy)
        {
            position.buyNotional -= notional;
        }
        else
        {
            position.sellNotional -= notional;
        }
    }

    private void removeOrder(final Order order)
    {
        unlinkOrder(order, exactNotional(order));
        orders.remove(order.id);
        releaseOrder(order);
    }

    private void reduceOrder(final Order order, final long remaining)
    {
        final long before = exactNotional(order);
        order.remaining = remaining;
        final long after = exactNotional(order);
        if (order.buy)
        {
            order.position.buyNotional += after - before;
        }
        else
        {
            order.position.sellNotional += after - before;
        }
    }

    private long exactNotional(final Order order)
    {
        math.multiply(order.remaining, order.price);
        math.divideBy(SCALE, FLOOR);
        return math.lo();
    }

    Position positionFor(final Account account, final Instrument instrument)
    {
        Position position = account.position(instrument.id);
        if (position == null)
        {
            position = new Position(account, instrument);
            if (null != triggerBands)
            {
                position.markTrigger = new TriggerEntry(position);
                position.fundingTrigger = new TriggerEntry(position);
            }
            account.linkPosition(position);
        }
        return position;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Risk computation (docs/arithmetic.md §3, §5, §7)

    private long accrued(final Position position)
    {
        final long delta = math.subtract(position.instrument.fundingIndex, position.fundingSnapshot);
        return math.mulDivFloor(math.negate(position.size), delta, FUNDING_INDEX_SCALE);
    }

    private long initialMargin(final long notional, final int leverage)
    {
        return math.divide(notional, leverage, CEIL);
    }

    /**
     * Computes the values of one position at its leverage and the current mark into the pos* fields.
     */
    void computePosition(final Position position)
    {
        final Instrument instrument = position.instrument;
        final long size = position.size;
        final long mark = instrument.markPrice;
        if (size == 0)
        {
            posNotional = 0;
            posUpnl = 0;
            posAccrued = 0;
            posMaintenance = 0;
            posInitial = 0;
        }
        else
        {
            posNotional = math.mulDivCeil(Math.abs(size), mark, SCALE);
            posUpnl = math.subtract(math.mulDivFloor(size, mark, SCALE), position.signedCost());
            posAccrued = accrued(position);
            final int tier = instrument.tierOf(posNotional);
            final long mm = math.subtract(
                math.mulDivCeil(posNotional, instrument.maintenanceMarginRate[tier], SCALE),
                instrument.maintenanceAmount[tier]);
            posMaintenance = Math.max(0, mm);
            posInitial = initialMargin(posNotional, position.leverage);
        }
        if (position.orderCount == 0)
        {
            posOrderMargin = 0;
            posMaxNotional = posNotional;
            return;
        }
        final long signedNotional = size >= 0 ? posNotional : -posNotional;
        final long buyExposure = Math.abs(math.add(signedNotional, position.buyNotional));
        final long sellExposure = Math.abs(math.subtract(signedNotional, position.sellNotional));
        posMaxNotional = Math.max(buyExposure, sellExposure);
        final long imMax = Math.max(
            initialMargin(buyExposure, position.leverage), initialMargin(sellExposure, position.leverage));
        long openLoss = 0;
        for (Order o = position.firstOrder; o != null; o = o.next)
        {
            final long through = o.buy ? o.price - mark : mark - o.price;
            if (through > 0)
            {
                openLoss = math.add(openLoss, math.mulDivCeil(o.remaining, through, SCALE));
            }
        }
        posOrderMargin = math.add(math.subtract(imMax, posInitial), openLoss);
    }

    /**
     * Computes the cross scope of an account into the cross* fields (pos* fields are left for its last position).
     */
    void computeCross(final Account account)
    {
        long collateral = 0;
        for (int i = 0; i < account.balanceCount; i++)
        {
            final int assetId = account.balanceAssetIds[i];
            final long balance = account.balances[i];
            if (assetId == settleAssetId)
            {
                collateral = math.add(collateral, balance);
            }
            else if (balance > 0)
            {
                final Asset asset = assets.get(assetId);
                final long value = math.mulDivFloor(balance, asset.price, SCALE);
                collateral = math.add(collateral, math.mulDivFloor(value, asset.collateralRatio, SCALE));
            }
        }
        crossDerivedOverflow = false;
        long upnl = 0;
        long losses = 0;
        long accruedSum = 0;
        long im = 0;
        long mm = 0;
        long orderMargin = 0;
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (p.size == 0 && p.orderCount == 0)
            {
                continue;
            }
            computePosition(p);
            orderMargin = derivedAdd(orderMargin, posOrderMargin);
            if (!p.isolated)
            {
                upnl = math.add(upnl, posUpnl);
                losses = derivedAdd(losses, Math.min(0, posUpnl));
                accruedSum = math.add(accruedSum, posAccrued);
                im = derivedAdd(im, posInitial);
                mm = math.add(mm, posMaintenance);
            }
        }
        crossCollateral = collateral;
        crossUpnl = upnl;
        crossAccrued = accruedSum;
        crossMarginBalance = math.add(collateral, math.add(upnl, accruedSum));
        crossInitial = im;
        crossMaintenance = mm;
        crossOrderMargin = orderMargin;
        crossAvailable = derivedAdd(derivedAdd(crossMarginBalance, -im), -orderMargin);
        crossWithdrawable = derivedAdd(
            derivedAdd(derivedAdd(collateral, derivedAdd(losses, accruedSum)), -im), -orderMargin);
    }

    /**
     * Checked addition for the values only some outputs and checks need (initial margin, order margin, available,
     * withdrawable): an overflow sets {@link #crossDerivedOverflow} instead of the event's flag, so that evaluating a
     * price move does not fail on a value it does not use. Operands are never Long.MIN_VALUE (sums of margins).
     */
    private long derivedAdd(final long a, final long b)
    {
        final long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0)
        {
            crossDerivedOverflow = true;
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /**
     * Computes everything the outputs and the evaluation of an account need (cross scope, each position's values,
     * entry price, isolated margin balance, ratios) and reports whether all of it fits in a long. The cross*
     * fields hold the account's cross scope afterwards.
     */
    private boolean accountFits(final Account account)
    {
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (p.size != 0)
            {
                computePosition(p);
                math.mulDivHalfUp(p.cost, SCALE, Math.abs(p.size));
                if (p.isolated)
                {
                    marginRatio(posMaintenance, math.add(p.isolatedMargin, math.add(posUpnl, posAccrued)));
                }
            }
        }
        computeCross(account);
        marginRatio(crossMaintenance, crossMarginBalance);
        return !math.overflow() && !crossDerivedOverflow;
    }

    private long marginRatio(final long maintenance, final long marginBalance)
    {
        if (maintenance == 0)
        {
            return 0;
        }
        if (marginBalance <= 0)
        {
            return NULL_VALUE;
        }
        if (math.overflow())
        {
            return math.mulDivCeil(maintenance, SCALE, marginBalance);
        }
        // a ratio beyond a long (a margin balance of a few units) is reported as null, like MB <= 0: a display value
        // never makes an event fail (docs/arithmetic.md §5)
        final long ratio = math.mulDivCeil(maintenance, SCALE, marginBalance);
        if (math.overflow())
        {
            math.clearOverflow();
            return NULL_VALUE;
        }
        return ratio;
    }

    /**
     * Liquidation price of a position (docs/arithmetic.md §6), given its scope's wallet term and the other cross
     * positions' maintenance and PnL; {@link #NULL_VALUE} when there is none or it does not fit in a long. Leaves
     * the event's overflow flag as it found it.
     */
    private long liquidationPrice(
        final Position position, final long walletTerm, final long otherMaintenance, final long otherPnl)
    {
        final long size = position.size;
        if (size == 0)
        {
            return NULL_VALUE;
        }
        final Instrument instrument = position.instrument;
        final long quantity = Math.abs(size);
        final boolean overflowBefore = math.overflow();
        math.clearOverflow();
        long result = NULL_VALUE;
        final long base = math.subtract(math.add(math.subtract(walletTerm, otherMaintenance), otherPnl),
            position.signedCost());
        for (int t = 0; t < instrument.tierCount && !math.overflow(); t++)
        {
            final long numerator = math.add(base, instrument.maintenanceAmount[t]);
            if (math.overflow())
            {
                break;
            }
            final long mmr = instrument.maintenanceMarginRate[t];
            if (size > 0)
            {
                math.multiply(numerator, -SCALE_SQUARED);
                math.divideBy(quantity, CEIL);
                math.divideBy(SCALE - mmr, CEIL);
            }
            else
            {
                math.multiply(numerator, SCALE_SQUARED);
                math.divideBy(quantity, FLOOR);
                math.divideBy(SCALE + mmr, FLOOR);
            }
            final boolean fits = math.fitsInLong();
            final boolean positive = !math.isNegative() && math.compareTo(0) > 0;
            final long price = math.lo();
            math.multiplyBy(quantity);
            math.divideBy(SCALE, CEIL);
            final int tier;
            if (math.isNegative())
            {
                tier = 0;
            }
            else if (!math.fitsInLong())
            {
                tier = instrument.tierCount - 1;
            }
            else
            {
                tier = instrument.tierOf(math.lo());
            }
            if (tier == t)
            {
                result = fits && positive ? price : NULL_VALUE;
                break;
            }
        }
        math.clearOverflow();
        if (overflowBefore)
        {
            math.flagOverflow();
        }
        return result;
    }

    /**
     * Bankruptcy price with the scope's margin balance; {@link #NULL_VALUE} when flat, when a long's is not
     * positive, or when it does not fit in a long. Leaves the event's overflow flag as it found it.
     */
    private long bankruptcyPrice(final Position position, final long marginBalance)
    {
        final long size = position.size;
        if (size == 0)
        {
            return NULL_VALUE;
        }
        final boolean overflowBefore = math.overflow();
        math.clearOverflow();
        final long mark = position.instrument.markPrice;
        math.multiply(marginBalance, SCALE);
        math.divideBy(Math.abs(size), FLOOR);
        final long shift = math.toLong();
        final long price = size > 0 ? math.subtract(mark, shift) : math.add(mark, shift);
        final boolean overflowed = math.overflow();
        math.clearOverflow();
        if (overflowBefore)
        {
            math.flagOverflow();
        }
        if (overflowed || (size > 0 && price <= 0))
        {
            return NULL_VALUE;
        }
        return price;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Outputs

    private void emitAccountUpdate(final Account account)
    {
        computeCross(account);
        final long ratio = marginRatio(crossMaintenance, crossMarginBalance);
        accountUpdateEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .accountId(account.id)
            .walletBalance(settleAssetId == 0 ? 0 : account.balance(settleAssetId))
            .collateralValue(crossCollateral)
            .unrealizedPnl(crossUpnl)
            .marginBalance(crossMarginBalance)
            .initialMargin(crossInitial)
            .maintenanceMargin(crossMaintenance)
            .orderMargin(crossOrderMargin)
            .availableBalance(crossAvailable)
            .withdrawable(crossWithdrawable)
            .marginRatio(ratio)
            .inLiquidation(account.crossInLiquidation ? BooleanType.TRUE : BooleanType.FALSE);
        send(accountUpdateEncoder.encodedLength());
    }

    private void emitPositionUpdate(final Position position)
    {
        final Instrument instrument = position.instrument;
        computeCross(position.account);
        computePosition(position);
        final long liquidationPrice;
        final long bankruptcyPrice;
        if (position.size == 0)
        {
            liquidationPrice = NULL_VALUE;
            bankruptcyPrice = NULL_VALUE;
        }
        else if (position.isolated)
        {
            final long marginBalance = math.add(position.isolatedMargin, math.add(posUpnl, posAccrued));
            liquidationPrice = liquidationPrice(position, math.add(position.isolatedMargin, posAccrued), 0, 0);
            bankruptcyPrice = bankruptcyPrice(position, marginBalance);
        }
        else
        {
            final long otherMaintenance = math.subtract(crossMaintenance, posMaintenance);
            final long otherPnl = math.subtract(math.add(crossUpnl, crossAccrued), math.add(posUpnl, posAccrued));
            liquidationPrice = liquidationPrice(
                position, math.add(crossCollateral, posAccrued), otherMaintenance, otherPnl);
            bankruptcyPrice = bankruptcyPrice(position, crossMarginBalance);
        }
        final long size = position.size;
        final long entryPrice = size == 0 ? 0 : math.mulDivHalfUp(position.cost, SCALE, Math.abs(size));
        positionUpdateEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .accountId(position.account.id)
            .instrumentId(instrument.id)
            .marginMode(position.isolated ? MarginMode.ISOLATED : MarginMode.CROSS)
            .leverage(position.leverage)
            .size(size)
            .entryPrice(entryPrice)
            .markPrice(instrument.markPrice)
            .unrealizedPnl(posUpnl)
            .realizedPnl(position.realizedPnl)
            .accruedFunding(posAccrued)
            .isolatedMargin(position.isolatedMargin)
            .maintenanceMargin(posMaintenance)
            .liquidationPrice(liquidationPrice)
            .bankruptcyPrice(bankruptcyPrice);
        send(positionUpdateEncoder.encodedLength());
    }

    /**
     * An {@code EventRejected} in the inbound stream is the record the gateway's ingress sequences in place of a frame
     * it refused (no sender can inject one: it is an outbound template, refused on every inbound stream). It is
     * answered with the same reject under this event's seq, so a journal replays with no gateway in the loop.
     */
    private void onIngressReject(
        final DirectBuffer buffer, final int bodyOffset, final int blockLength, final int version, final int end)
    {
        final int dataOffset = bodyOffset + blockLength;
        if (blockLength < EventRejectedDecoder.BLOCK_LENGTH ||
            dataOffset + EventRejectedDecoder.detailHeaderLength() > end)
        {
            rejectEvent(RejectReason.MALFORMED, NO_DETAIL);
            return;
        }
        eventRejectedDecoder.wrap(buffer, bodyOffset, blockLength, version);
        final RejectReason reason = eventRejectedDecoder.reason();
        final int rejectedTemplateId = eventRejectedDecoder.templateId();
        final int detailLength = eventRejectedDecoder.detailLength();
        if (RejectReason.NULL_VAL == reason || detailLength > MAX_REJECT_DETAIL_LENGTH ||
            dataOffset + EventRejectedDecoder.detailHeaderLength() + detailLength > end)
        {
            rejectEvent(RejectReason.MALFORMED, NO_DETAIL);
            return;
        }
        eventRejectedDecoder.getDetail(rejectDetail, 0, detailLength);
        templateId = rejectedTemplateId;
        counters.rejectsByReason[reason.value()]++;
        eventRejectedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .reason(reason)
            .templateId(rejectedTemplateId)
            .putDetail(rejectDetail, 0, detailLength);
        send(eventRejectedEncoder.encodedLength());
    }

    private void rejectEvent(final RejectReason reason, final byte[] detail)
    {
        counters.rejectsByReason[reason.value()]++;
        eventRejectedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .reason(reason)
            .templateId(templateId)
            .putDetail(detail, 0, detail.length);
        send(eventRejectedEncoder.encodedLength());
    }

    private void send(final int bodyLength)
    {
        handler.onOutbound(seq, outBuffer, 0, HEADER_LENGTH + bodyLength);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Evaluation in passes (docs/arithmetic.md §9, §11)

    /**
     * Evaluate after an account event: pass 1 is every scope of that account plus every waiting scope.
     */
    private void evaluateAccount(final Account account)
    {
        addAccountScopes(account);
        evaluate();
    }

    private void addAccountScopes(final Account account)
    {
        candidates.add(account, null);
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (p.isolated)
            {
                candidates.add(account, p);
            }
        }
    }

    /**
     * Pass-1 candidates of a new mark or funding index of an instrument: the scope of every holder (a cross holder's
     * cross scope, an isolated holder's isolated scope). An account holds at most one position per instrument, so
     * each account contributes at most one scope.
     */
    private void collectInstrumentCandidates(final Instrument instrument, final ScopeList into)
    {
        final Position[] holders = instrument.holders;
        for (int i = 0, n = instrument.holderCount; i < n; i++)
        {
            final Position p = holders[i];
            into.add(p.account, p.isolated ? p : null);
        }
    }

    /**
     * Pass-1 candidates of a new price or haircut of a collateral asset: the cross scope of every account holding it.
     */
    private void collectAssetCandidates(final Asset asset, final ScopeList into)
    {
        final Account[] holders = asset.holders;
        for (int i = 0, n = asset.holderCount; i < n; i++)
        {
            into.add(holders[i], null);
        }
    }

    /**
     * Evaluate after a mark or funding-index change, whose new value is already in place: returns false without
     * changing anything when a candidate's margin values do not fit (the caller restores and rejects).
     */
    private boolean evaluateInstrumentHolders(
        final Instrument instrument, final TriggerIndex triggers, final long value)
    {
        if (null == triggerBands)
        {
            collectInstrumentCandidates(instrument, candidates);
        }
        else
        {
            collectTriggerCandidates(triggers, value, candidates);
        }
        return probeAndEvaluate();
    }

    /**
     * As {@link #evaluateAssetHolders(Asset)} for a new collateral price, with the pass-1 candidates taken from the
     * trigger index. A new haircut ({@code AssetDefinition}) keeps the full holder scan.
     */
    private boolean evaluateAssetTriggers(final Asset asset, final long price)
    {
        if (asset.id != settleAssetId)
        {
            collectTriggerCandidates(asset.priceTriggers, price, candidates);
        }
        return probeAndEvaluate();
    }

    /**
     * Pass-1 candidates of a new value of one coordinate from the trigger index (docs/engine.md "Evaluation"): the
     * entries whose interval the value leaves are taken out; an entry of a position with a size names that
     * position's scope, an entry of a collateral price its account's cross scope, and an entry of an order-only
     * position (which only bounds overflow) no scope. Every account taken out is re-indexed at the end of the event,
     * accepted or rejected.
     */
    private void collectTriggerCandidates(final TriggerIndex triggers, final long value, final ScopeList into)
    {
        triggers.collect(value, triggerCandidates);
        for (int i = 0, n = triggerCandidates.count(); i < n; i++)
        {
            final TriggerEntry entry = triggerCandidates.get(i);
            final Position p = entry.position;
            markTriggersStale(entry.account);
            if (p == null)
            {
                into.add(entry.account, null);
            }
            else if (p.size != 0)
            {
                into.add(entry.account, p.isolated ? p : null);
            }
        }
        triggerCandidates.clear();
    }

    /**
     * Remember that an account's trigger intervals must be recomputed at the end of the event.
     */
    private void markTriggersStale(final Account account)
    {
        if (null == triggerBands || account.triggersStale)
        {
            return;
        }
        account.triggersStale = true;
        if (staleCount == staleAccounts.length)
        {
            staleAccounts = java.util.Arrays.copyOf(staleAccounts, staleCount * 2);
        }
        staleAccounts[staleCount++] = account;
    }

    private void reindexStaleAccounts()
    {
        for (int i = 0; i < staleCount; i++)
        {
            final Account account = staleAccounts[i];
            staleAccounts[i] = null;
            account.triggersStale = false;
            triggerBands.reindex(account, settleAssetId);
        }
        staleCount = 0;
    }

    /**
     * Recompute the whole index from the state (after a snapshot was loaded).
     */
    private void rebuildTriggerIndex()
    {
        if (null == triggerBands)
        {
            return;
        }
        for (final Instrument instrument : instruments.values())
        {
            instrument.markTriggers.clear();
            instrument.fundingTriggers.clear();
        }
        for (final Asset asset : assets.values())
        {
            asset.priceTriggers.clear();
        }
        for (int i = 0; i < staleCount; i++)
        {
            staleAccounts[i].triggersStale = false;
            staleAccounts[i] = null;
        }
        staleCount = 0;
        for (final Account account : accounts.values())
        {
            triggerBands.reindex(account, settleAssetId);
        }
    }

    /**
     * As {@link #evaluateInstrumentHolders(Instrument, TriggerIndex, long)} for a collateral asset's price or haircut.
     */
    private boolean evaluateAssetHolders(final Asset asset)
    {
        if (asset.id != settleAssetId)
        {
            collectAssetCandidates(asset, candidates);
        }
        return probeAndEvaluate();
    }

    /**
     * Computes the margin values of every pass-1 candidate without changing anything; if one does not fit, clears
     * the candidates and returns false. Otherwise evaluates. When no candidate meets the trigger and no scope is
     * waiting, no liquidation action can run in this evaluation, so the re-arming of every candidate is applied at
     * once and only the candidates that fire a margin call are evaluated (the same result, fewer scopes sorted).
     */
    private boolean probeAndEvaluate()
    {
        final int count = candidates.size();
        if (probeMasks.length < count)
        {
            probeMasks = new int[Math.max(count, probeMasks.length * 2)];
            probeFires = new boolean[probeMasks.length];
        }
        boolean liquidationPossible = hasWaitingScope();
        for (int i = 0; i < count; i++)
        {
            final Account account = candidates.account(i);
            final Position isolated = candidates.position(i);
            final long maintenance;
            final long marginBalance;
            final boolean inLiquidation;
            final int disarmed;
            if (isolated != null)
            {
                computePosition(isolated);
                maintenance = posMaintenance;
                marginBalance = math.add(isolated.isolatedMargin, math.add(posUpnl, posAccrued));
                inLiquidation = isolated.inLiquidation;
                disarmed = isolated.disarmed;
            }
            else
            {
                computeCross(account);
                maintenance = crossMaintenance;
                marginBalance = crossMarginBalance;
                inLiquidation = account.crossInLiquidation;
                disarmed = account.crossDisarmed;
            }
            probeFires[i] = probeScope(disarmed, maintenance, marginBalance);
            probeMasks[i] = probeMask;
            liquidationPossible |= inLiquidation || (maintenance > 0 && marginBalance <= maintenance);
        }
        if (math.overflow())
        {
            candidates.clear();
            return false;
        }
        if (!liquidationPossible)
        {
            for (int i = 0; i < count; i++)
            {
                final Position isolated = candidates.position(i);
                if (isolated != null)
                {
                    isolated.disarmed = probeMasks[i];
                }
                else
                {
                    candidates.account(i).crossDisarmed = probeMasks[i];
                }
            }
            keepFiring(count);
        }
        evaluate();
        return true;
    }

    /**
     * Keeps only the candidates whose probe fired, in place.
     */
    private void keepFiring(final int count)
    {
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            if (probeFires[i])
            {
                candidates.move(i, kept++);
            }
        }
        candidates.truncate(kept);
    }

    private boolean hasWaitingScope()
    {
        return waiting.hasWaiting();
    }

    /**
     * Runs the evaluation passes of docs/arithmetic.md §11 over the pass-1 candidates already collected: each pass
     * adds every waiting scope, sorts canonically, and evaluates each scope unless its account was touched earlier in
     * the pass; the next pass holds every scope of the accounts the pass touched. Leaves the candidates empty.
     */
    private void evaluate()
    {
        while (true)
        {
            waiting.addWaitingTo(candidates);
            candidates.sortUnique();
            final long pass = ++passNumber;
            touchedCount = 0;
            for (int i = 0; i < candidates.size(); i++)
            {
                final Account account = candidates.account(i);
                if (account.touchedInPass != pass)
                {
                    evaluateCandidate(account, candidates.position(i));
                }
                waiting.addWokenAfter(candidates, i);
            }
            candidates.clear();
            if (touchedCount == 0)
            {
                return;
            }
            for (int i = 0; i < touchedCount; i++)
            {
                addAccountScopes(touched[i]);
                touched[i] = null;
            }
        }
    }

    private void touch(final Account account)
    {
        markTriggersStale(account);
        if (account.touchedInPass != passNumber)
        {
            account.touchedInPass = passNumber;
            if (touchedCount == touched.length)
            {
                touched = java.util.Arrays.copyOf(touched, touchedCount * 2);
            }
            touched[touchedCount++] = account;
        }
    }

    /**
     * Evaluate one scope: margin calls, then the liquidation trigger and loop. A scope whose margin values do not fit
     * is skipped.
     */
    private void evaluateCandidate(final Account account, final Position isolated)
    {
        scopeEvaluations++;
        markTriggersStale(account);
        math.clearOverflow();
        final long maintenance;
        final long marginBalance;
        if (isolated != null)
        {
            computePosition(isolated);
            maintenance = posMaintenance;
            marginBalance = math.add(isolated.isolatedMargin, math.add(posUpnl, posAccrued));
        }
        else
        {
            computeCross(account);
            maintenance = crossMaintenance;
            marginBalance = crossMarginBalance;
        }
        marginRatio(maintenance, marginBalance);
        if (math.overflow())
        {
            math.clearOverflow();
            return;
        }
        evaluateScope(account, isolated, maintenance, marginBalance);
        final boolean inLiquidation = isolated != null ? isolated.inLiquidation : account.crossInLiquidation;
        if (!inLiquidation)
        {
            if (maintenance <= 0 || marginBalance > maintenance)
            {
                return;
            }
            startLiquidation(account, isolated, maintenance, marginBalance);
        }
        liquidationLoop(account, isolated);
    }

    /**
     * Re-arming of one scope without changing it: leaves the re-armed mask in {@link #probeMask} and reports
     * whether any armed level would fire.
     */
    private boolean probeScope(final int disarmedBefore, final long maintenance, final long marginBalance)
    {
        int disarmed = disarmedBefore;
        boolean fires = false;
        if (maintenance == 0)
        {
            disarmed = 0;
        }
        else
        {
            final long ratio = marginRatio(maintenance, marginBalance);
            for (int i = 0; i < levels.length; i++)
            {
                final int bit = 1 << i;
                if ((disarmed & bit) == 0)
                {
                    fires |= ratio == NULL_VALUE || ratio >= levels[i];
                }
                else if (ratio != NULL_VALUE && ratio < levels[i] - hysteresis)
                {
                    disarmed &= ~bit;
                }
            }
        }
        probeMask = disarmed;
        return fires;
    }

    /**
     * The margin calls of one scope (docs/arithmetic.md §9): the single place where a scope's ratio is compared with
     * the configured levels. Re-arms, and fires (emits and disarms) every armed level the ratio is at or above.
     */
    private void evaluateScope(
        final Account account, final Position isolated, final long maintenance, final long marginBalance)
    {
        int disarmed = isolated == null ? account.crossDisarmed : isolated.disarmed;
        if (maintenance == 0)
        {
            disarmed = 0;
        }
        else
        {
            final long ratio = marginRatio(maintenance, marginBalance);
            for (int i = 0; i < levels.length; i++)
            {
                final int bit = 1 << i;
                final long level = levels[i];
                if ((disarmed & bit) == 0)
                {
                    if (ratio == NULL_VALUE || ratio >= level)
                    {
                        disarmed |= bit;
                        marginCallEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
                            .seq(seq)
                            .accountId(account.id)
                            .instrumentId(isolated == null ? 0 : isolated.instrument.id)
                            .marginRatio(ratio)
                            .level(level);
                        send(marginCallEncoder.encodedLength());
                    }
                }
                else if (ratio != NULL_VALUE && ratio < level - hysteresis)
                {
                    disarmed &= ~bit;
                }
            }
        }
        if (isolated == null)
        {
            account.crossDisarmed = disarmed;
        }
        else
        {
            isolated.disarmed = disarmed;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Liquidation (docs/arithmetic.md §10)

    static boolean hasPendingOrder(final Account account, final Position isolated)
    {
        if (isolated != null)
        {
            return isolated.liqOrderId != 0;
        }
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (!p.isolated && p.liqOrderId != 0)
            {
                return true;
            }
        }
        return false;
    }

    private void addLiquidating(final Account account, final Position isolated)
    {
        final int index = liquidating.size();
        liquidating.add(account, isolated);
        waiting.wake(account, isolated);
        if (isolated != null)
        {
            isolated.liquidationIndex = index;
        }
        else
        {
            account.crossLiquidationIndex = index;
        }
    }

    private void removeLiquidating(final Account account, final Position isolated)
    {
        final int index;
        if (isolated != null)
        {
            index = isolated.liquidationIndex;
            isolated.liquidationIndex = -1;
        }
        else
        {
            index = account.crossLiquidationIndex;
            account.crossLiquidationIndex = -1;
        }
        liquidating.swapRemove(index);
        if (index < liquidating.size())
        {
            final Position moved = liquidating.position(index);
            if (moved != null)
            {
                moved.liquidationIndex = index;
            }
            else
            {
                liquidating.account(index).crossLiquidationIndex = index;
            }
        }
    }

    /**
     * Rebuilds the list of scopes in liquidation from the flags, after a snapshot was loaded.
     */
    void rebuildLiquidating()
    {
        liquidating.clear();
        waiting.clear();
        for (final long id : StateDigest.sortedAccountIds(this))
        {
            final Account account = accounts.get(id);
            if (account.crossInLiquidation)
            {
                addLiquidating(account, null);
            }
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (p.inLiquidation)
                {
                    addLiquidating(account, p);
                }
            }
        }
    }

    /**
     * Margin balance of a scope (cross when isolated is null); the pos* or cross* fields hold its values afterwards.
     */
    private long scopeMarginBalance(final Account account, final Position isolated)
    {
        if (isolated != null)
        {
            computePosition(isolated);
            return math.add(isolated.isolatedMargin, math.add(posUpnl, posAccrued));
        }
        computeCross(account);
        return crossMarginBalance;
    }

    private static boolean isFlat(final Account account, final Position isolated)
    {
        if (isolated != null)
        {
            return isolated.size == 0;
        }
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (!p.isolated && p.size != 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * §10.2: mark the scope in liquidation, announce it and ask the matching engine to cancel the scope's orders
     * (instrument id ascending, then order id ascending).
     */
    private void startLiquidation(
        final Account account, final Position isolated, final long maintenance, final long marginBalance)
    {
        if (isolated != null)
        {
            isolated.inLiquidation = true;
        }
        else
        {
            account.crossInLiquidation = true;
        }
        addLiquidating(account, isolated);
        counters.liquidationsStarted++;
        liquidationStartedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .accountId(account.id)
            .instrumentId(isolated == null ? 0 : isolated.instrument.id)
            .marginBalance(marginBalance)
            .maintenanceMargin(maintenance);
        send(liquidationStartedEncoder.encodedLength());
        if (isolated != null)
        {
            requestCancels(isolated);
        }
        else
        {
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (!p.isolated)
                {
                    requestCancels(p);
                }
            }
        }
    }

    private void requestCancels(final Position position)
    {
        final int count = position.orderCount;
        if (count == 0)
        {
            return;
        }
        if (cancelIds.length < count)
        {
            cancelIds = new long[Math.max(count, cancelIds.length * 2)];
        }
        int n = 0;
        for (Order o = position.firstOrder; o != null; o = o.next)
        {
            cancelIds[n++] = o.id;
        }
        sortIds(cancelIds, n);
        for (int i = 0; i < n; i++)
        {
            cancelOrderRequestEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
                .seq(seq)
                .orderId(cancelIds[i])
                .accountId(position.account.id)
                .instrumentId(position.instrument.id);
            send(cancelOrderRequestEncoder.encodedLength());
        }
    }

    /**
     * In-place heap sort of ids[0, count) ascending, without allocation.
     */
    private static void sortIds(final long[] ids, final int count)
    {
        for (int i = count / 2 - 1; i >= 0; i--)
        {
            siftDownIds(ids, i, count);
        }
        for (int end = count - 1; end > 0; end--)
        {
            final long top = ids[0];
            ids[0] = ids[end];
            ids[end] = top;
            siftDownIds(ids, 0, end);
        }
    }

    private static void siftDownIds(final long[] ids, final int start, final int count)
    {
        int i = start;
        while (true)
        {
            final int left = 2 * i + 1;
            if (left >= count)
            {
                return;
            }
            int largest = left;
            if (left + 1 < count && ids[left + 1] > ids[left])
            {
                largest = left + 1;
            }
            if (ids[largest] <= ids[i])
            {
                return;
            }
            final long swap = ids[i];
            ids[i] = ids[largest];
            ids[largest] = swap;
            i = largest;
        }
    }

    /**
     * §10.3: the liquidation loop of a scope in liquidation.
     */
    private void liquidationLoop(final Account account, final Position isolated)
    {
        waiting.wake(account, isolated);
        while (!hasPendingOrder(account, isolated))
        {
            math.clearOverflow();
            final long marginBalance = scopeMarginBalance(account, isolated);
            final long maintenance = isolated != null ? posMaintenance : crossMaintenance;
            if (math.overflow())
            {
                math.clearOverflow();
                counters.liquidationActionsSkipped++;
                return;
            }
            if (isFlat(account, isolated) || maintenance == 0 || marginBalance > maintenance)
            {
                completeLiquidation(account, isolated);
                return;
            }
            final Position deleveraged = adlPosition(account, isolated);
            if (deleveraged != null)
            {
                autoDeleverage(account, isolated, deleveraged);
                if (deleveraged.adlRemaining > 0)
                {
                    return;
                }
            }
            else if (!liquidationRound(account, isolated, maintenance, marginBalance))
            {
                return;
            }
        }
    }

    private static Position adlPosition(final Account account, final Position isolated)
    {
        if (isolated != null)
        {
            return isolated.adlRemaining > 0 ? isolated : null;
        }
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (!p.isolated && p.adlRemaining > 0)
            {
                return p;
            }
        }
        return null;
    }

    /**
     * §10.4: one round. Returns true when it handed the quantity to auto-deleveraging (the loop continues), false
     * when a liquidation order is pending now or the round could not be taken.
     */
    private boolean liquidationRound(
        final Account account, final Position isolated, final long maintenance, final long marginBalance)
    {
        Position position = isolated;
        long positionMaintenance = 0;
        if (position == null)
        {
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (!p.isolated && p.size != 0)
                {
                    computePosition(p);
                    if (posMaintenance > positionMaintenance)
                    {
                        positionMaintenance = posMaintenance;
                        position = p;
                    }
                }
            }
        }
        else
        {
            computePosition(position);
            positionMaintenance = posMaintenance;
        }
        if (position == null || math.overflow())
        {
            math.clearOverflow();
            counters.liquidationActionsSkipped++;
            return false;
        }
        final Instrument instrument = position.instrument;
        final long absSize = Math.abs(position.size);
        final long lot = instrument.lotSize;
        long quantity = absSize;
        if (marginBalance > 0)
        {
            final long limit = math.mulDivFloor(instrument.liquidationTargetRatio, marginBalance, SCALE);
            final long others = maintenance - positionMaintenance;
            long low = 1;
            long high = absSize / lot - 1;
            if (high >= 1 && others + maintenanceAt(instrument, absSize - high * lot) <= limit)
            {
                while (low < high)
                {
                    final long mid = low + (high - low) / 2;
                    if (others + maintenanceAt(instrument, absSize - mid * lot) <= limit)
                    {
                        high = mid;
                    }
                    else
                    {
                        low = mid + 1;
                    }
                }
                quantity = low * lot;
            }
        }
        if (math.overflow())
        {
            math.clearOverflow();
            counters.liquidationActionsSkipped++;
            return false;
        }
        final Asset settle = assets.get(settleAssetId);
        if (marginBalance < 0 && settle.insuranceFund < -marginBalance)
        {
            position.adlRemaining = quantity;
            return true;
        }
        final boolean isLong = position.size > 0;
        final long mark = instrument.markPrice;
        final long tick = instrument.tickSize;
        final long limitPrice;
        if (marginBalance < 0)
        {
            final long band = instrument.liquidationPriceBand;
            math.multiply(mark, isLong ? SCALE - band : SCALE + band);
            math.divideBy(SCALE, isLong ? CEIL : FLOOR);
            limitPrice = toTicks(tick, isLong ? CEIL : FLOOR);
        }
        else
        {
            bankruptcyNumerator(mark, absSize, marginBalance, isLong);
            math.divideBy(absSize, isLong ? CEIL : FLOOR);
            limitPrice = toTicks(tick, isLong ? CEIL : FLOOR);
        }
        final long bankruptcyPrice = bankruptcyPrice(position, marginBalance);
        final long orderId = nextLiquidationOrderId++;
        position.liqOrderId = orderId;
        position.liqBuy = !isLong;
        position.liqRemaining = quantity;
        counters.liquidationOrders++;
        liquidationOrderEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .orderId(orderId)
            .accountId(account.id)
            .instrumentId(instrument.id)
            .side(isLong ? Side.SELL : Side.BUY)
            .quantity(quantity)
            .limitPrice(limitPrice)
            .bankruptcyPrice(bankruptcyPrice);
        send(liquidationOrderEncoder.encodedLength());
        return false;
    }

    /**
     * §3's maintenance margin of a position of the given size on an instrument at its current mark.
     */
    private long maintenanceAt(final Instrument instrument, final long quantity)
    {
        if (quantity == 0)
        {
            return 0;
        }
        final long notional = math.mulDivCeil(quantity, instrument.markPrice, SCALE);
        final int tier = instrument.tierOf(notional);
        return Math.max(0, math.subtract(
            math.mulDivCeil(notional, instrument.maintenanceMarginRate[tier], SCALE),
            instrument.maintenanceAmount[tier]));
    }

    /**
     * Leaves {@code P·Q − MB·R} (long) or {@code P·Q + MB·R} (short) in the 128-bit register: the bankruptcy price
     * times Q, exactly.
     */
    private void bankruptcyNumerator(
        final long mark, final long quantity, final long marginBalance, final boolean isLong)
    {
        math.multiply(mark, quantity);
        final long aHi = math.hi();
        final long aLo = math.lo();
        math.multiply(marginBalance, SCALE);
        final long bHi = math.hi();
        final long bLo = math.lo();
        if (isLong)
        {
            final long lo = aLo - bLo;
            math.set(aHi - bHi - (Long.compareUnsigned(aLo, bLo) < 0 ? 1 : 0), lo);
        }
        else
        {
            final long lo = aLo + bLo;
            math.set(aHi + bHi + (Long.compareUnsigned(lo, aLo) < 0 ? 1 : 0), lo);
        }
    }

    /**
     * The exact price in the 128-bit register rounded to the tick, clamped to {@code [tick, floor(MAX/tick)·tick]}.
     */
    private long toTicks(final long tick, final int rounding)
    {
        math.divideBy(tick, rounding);
        final long maxTicks = Long.MAX_VALUE / tick;
        if (math.compareTo(1) < 0)
        {
            return tick;
        }
        if (math.compareTo(maxTicks) > 0)
        {
            return maxTicks * tick;
        }
        return math.lo() * tick;
    }

    /**
     * §10.6: close what is left to auto-deleverage of a position against the ranked opposite positions, at the
     * bankruptcy price. Stops before a candidate whose close would not fit.
     */
    private void autoDeleverage(final Account account, final Position isolated, final Position position)
    {
        final long absSize = Math.abs(position.size);
        if (position.adlRemaining > absSize)
        {
            position.adlRemaining = absSize;
        }
        if (position.adlRemaining == 0)
        {
            return;
        }
        math.clearOverflow();
        final long marginBalance = scopeMarginBalance(account, isolated);
        if (math.overflow())
        {
            math.clearOverflow();
            counters.liquidationActionsSkipped++;
            return;
        }
        final Instrument instrument = position.instrument;
        final boolean isLong = position.size > 0;
        bankruptcyNumerator(instrument.markPrice, absSize, marginBalance, isLong);
        math.divideBy(absSize, isLong ? FLOOR : CEIL);
        final long price = toTicks(instrument.tickSize, isLong ? FLOOR : CEIL);

        final WaitingGroup group = isLong ? instrument.adlLongs : instrument.adlShorts;
        final boolean knownEmpty = group.knownEmptyAt(instrument.markPrice);
        if (!knownEmpty)
        {
            rankAdlCandidates(instrument, isLong);
        }
        if (adlRanking.size() == 0 && (knownEmpty || adlOverflowSkips == 0))
        {
            group.recordEmpty(instrument.markPrice);
            waiting.park(account, isolated, group);
            return;
        }
        boolean closedAny = false;
        for (int i = 0; i < adlRanking.size() && position.adlRemaining > 0; i++)
        {
            final Position candidate = adlRanking.position(i);
            final long quantity = Math.min(position.adlRemaining, Math.abs(candidate.size));
            if (!closeAgainst(position, candidate, quantity, price))
            {
                counters.liquidationActionsSkipped++;
                break;
            }
            position.adlRemaining -= quantity;
            closedAny = true;
            counters.autoDeleverages++;
            touch(candidate.account);
            autoDeleverageEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
                .seq(seq)
                .accountId(candidate.account.id)
                .liquidatedAccountId(account.id)
                .instrumentId(instrument.id)
                .side(isLong ? Side.BUY : Side.SELL)
                .quantity(quantity)
                .price(price);
            send(autoDeleverageEncoder.encodedLength());
            emitPositionUpdate(candidate);
            emitAccountUpdate(candidate.account);
        }
        adlRanking.clear();
        if (closedAny)
        {
            touch(account);
            emitPositionUpdate(position);
            emitAccountUpdate(account);
        }
    }

    /**
     * A new mark of an instrument: a group of parked waiting scopes whose known-empty range the mark leaves is ranked
     * once; it wakes when the ranking is no longer empty (docs/engine.md, "Waiting scopes").
     */
    private void wakeWaitingOnMark(final Instrument instrument)
    {
        checkWaitingGroup(instrument, instrument.adlLongs);
        checkWaitingGroup(instrument, instrument.adlShorts);
    }

    private void checkWaitingGroup(final Instrument instrument, final WaitingGroup group)
    {
        final long mark = instrument.markPrice;
        if (!group.emptyKnown() || group.knownEmptyAt(mark))
        {
            return;
        }
        if (group.parked.size() == 0)
        {
            group.forget();
            return;
        }
        rankAdlCandidates(instrument, group.longs);
        final boolean empty = adlRanking.size() == 0 && adlOverflowSkips == 0;
        adlRanking.clear();
        if (empty)
        {
            group.recordEmpty(mark);
        }
        else
        {
            waiting.wakeGroup(group);
        }
    }

    /**
     * Scopes evaluated so far (pass-1 candidates, waiting scopes and the scopes of touched accounts).
     */
    long scopeEvaluations()
    {
        return scopeEvaluations;
    }

    /**
     * Waiting scopes added to evaluation passes so far.
     */
    long waitingEvaluations()
    {
        return waiting.waitingEvaluations();
    }

    /**
     * Ranks the positions opposite a liquidated side (long when {@code againstLong} is false) with positive PnL whose
     * scope is not in liquidation: PnL% times effective leverage, highest first, ties by account id.
     */
    private void rankAdlCandidates(final Instrument instrument, final boolean againstLong)
    {
        adlOverflowSkips = 0;
        final Position[] holders = instrument.holders;
        for (int i = 0, n = instrument.holderCount; i < n; i++)
        {
            final Position p = holders[i];
            if ((p.size > 0) == againstLong || (p.isolated ? p.inLiquidation : p.account.crossInLiquidation))
            {
                continue;
            }
            math.clearOverflow();
            computePosition(p);
            final long upnl = posUpnl;
            final long notional = posNotional;
            if (math.overflow())
            {
                adlOverflowSkips++;
                continue;
            }
            if (upnl <= 0)
            {
                continue;
            }
            final long marginBalance = scopeMarginBalance(p.account, p.isolated ? p : null);
            if (math.overflow())
            {
                adlOverflowSkips++;
                continue;
            }
            final long pnlPercent;
            if (p.cost == 0)
            {
                pnlPercent = Long.MAX_VALUE;
            }
            else
            {
                math.multiply(upnl, SCALE);
                math.divideBy(p.cost, FLOOR);
                pnlPercent = math.fitsInLong() ? math.lo() : Long.MAX_VALUE;
            }
            final long score;
            if (marginBalance <= 0)
            {
                score = Long.MAX_VALUE;
            }
            else
            {
                math.multiply(pnlPercent, notional);
                math.divideBy(marginBalance, FLOOR);
                score = math.fitsInLong() ? math.lo() : Long.MAX_VALUE;
            }
            adlRanking.add(p, score);
        }
        math.clearOverflow();
        adlRanking.sort();
    }

    /**
     * Closes a quantity of a liquidated position against a counterparty at a price, both sides settled like fills
     * with fee 0 (the liquidated side by §10.5's isolated rule). Returns false, changing nothing, when a value either
     * side would store or emit does not fit.
     */
    private boolean closeAgainst(
        final Position liquidated, final Position counterparty, final long quantity, final long price)
    {
        math.clearOverflow();
        final boolean liquidatedLong = liquidated.size > 0;
        stageFill(counterparty, liquidatedLong, quantity, price, 0, false);
        final long clearingAfterCounterparty = math.subtract(fundingClearing, stagedAccrued);
        if (math.overflow())
        {
            math.clearOverflow();
            return false;
        }
        final long counterpartySize = counterparty.size;
        commitStaged(counterparty, savedFirst);
        stageFill(liquidated, !liquidatedLong, quantity, price, 0, true);
        final long clearing = math.subtract(clearingAfterCounterparty, stagedAccrued);
        if (math.overflow())
        {
            savedFirst.restore(this, counterparty);
            math.clearOverflow();
            return false;
        }
        final long liquidatedSize = liquidated.size;
        commitStaged(liquidated, savedSecond);
        if (!accountFits(counterparty.account) || !accountFits(liquidated.account))
        {
            savedSecond.restore(this, liquidated);
            savedFirst.restore(this, counterparty);
            math.clearOverflow();
            return false;
        }
        fundingClearing = clearing;
        updateHolder(counterparty, counterpartySize);
        updateHolder(liquidated, liquidatedSize);
        waiting.onPositionChanged(counterparty);
        waiting.onPositionChanged(liquidated);
        return true;
    }

    /**
     * §10.7: cover a flat scope's deficit from the insurance fund, return a flat isolated position's margin to the
     * wallet, leave liquidation. Not taken (the scope stays in liquidation) when a value does not fit.
     */
    private void completeLiquidation(final Account account, final Position isolated)
    {
        final Asset settle = assets.get(settleAssetId);
        final boolean flat = isFlat(account, isolated);
        math.clearOverflow();
        long cover = 0;
        if (flat)
        {
            final long deficit;
            if (isolated != null)
            {
                deficit = math.negate(isolated.isolatedMargin);
            }
            else
            {
                computeCross(account);
                deficit = math.negate(crossCollateral);
            }
            if (deficit > 0)
            {
                cover = Math.min(deficit, Math.max(0, settle.insuranceFund));
            }
        }
        final long wallet = account.balance(settleAssetId);
        final long margin = isolated == null ? 0 : isolated.isolatedMargin;
        long newWallet = wallet;
        long newMargin = margin;
        if (isolated == null)
        {
            newWallet = math.add(wallet, cover);
        }
        else
        {
            newMargin = math.add(margin, cover);
            if (flat)
            {
                newWallet = math.add(wallet, newMargin);
                newMargin = 0;
            }
        }
        if (math.overflow())
        {
            math.clearOverflow();
            counters.liquidationActionsSkipped++;
            return;
        }
        setBalance(account, settle, newWallet);
        if (isolated != null)
        {
            isolated.isolatedMargin = newMargin;
        }
        if (!accountFits(account))
        {
            setBalance(account, settle, wallet);
            if (isolated != null)
            {
                isolated.isolatedMargin = margin;
            }
            math.clearOverflow();
            counters.liquidationActionsSkipped++;
            return;
        }
        settle.insuranceFund -= cover;
        if (cover > 0 || (isolated != null && flat))
        {
            touch(account);
        }
        if (cover > 0)
        {
            counters.bankruptcyCovers++;
            emitInsuranceFundUpdate(settle, -cover, InsuranceFundReason.BANKRUPTCY_COVER);
        }
        removeLiquidating(account, isolated);
        if (isolated != null)
        {
            isolated.inLiquidation = false;
            isolated.adlRemaining = 0;
        }
        else
        {
            account.crossInLiquidation = false;
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (!p.isolated)
                {
                    p.adlRemaining = 0;
                }
            }
        }
        waiting.onLiquidationCompleted(account, isolated);
        counters.liquidationsCompleted++;
        liquidationCompletedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .seq(seq)
            .accountId(account.id)
            .instrumentId(isolated == null ? 0 : isolated.instrument.id);
        send(liquidationCompletedEncoder.encodedLength());
        if (isolated != null)
        {
            emitPositionUpdate(isolated);
        }
        emitAccountUpdate(account);
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
