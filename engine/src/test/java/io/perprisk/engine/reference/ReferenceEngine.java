package io.perprisk.engine.reference;

import io.perprisk.codecs.sbe.AccountOpenDecoder;
import io.perprisk.codecs.sbe.AccountUpdateEncoder;
import io.perprisk.codecs.sbe.AdjustIsolatedMarginDecoder;
import io.perprisk.codecs.sbe.AssetDefinitionDecoder;
import io.perprisk.codecs.sbe.AssetPriceDecoder;
import io.perprisk.codecs.sbe.AutoDeleverageDecoder;
import io.perprisk.codecs.sbe.AutoDeleverageEncoder;
import io.perprisk.codecs.sbe.CancelOrderRequestEncoder;
import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.DepositDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.EventRejectedEncoder;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.FundingRateDecoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionDecoder;
import io.perprisk.codecs.sbe.InsuranceFundDepositDecoder;
import io.perprisk.codecs.sbe.InsuranceFundReason;
import io.perprisk.codecs.sbe.InsuranceFundUpdateDecoder;
import io.perprisk.codecs.sbe.InsuranceFundUpdateEncoder;
import io.perprisk.codecs.sbe.LiquidationCompletedDecoder;
import io.perprisk.codecs.sbe.LiquidationCompletedEncoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.LiquidationOrderEncoder;
import io.perprisk.codecs.sbe.LiquidationStartedDecoder;
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
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.EngineCounters;
import io.perprisk.engine.EngineLedger;
import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;
import io.perprisk.engine.reference.Exact.OverflowException;
import io.perprisk.engine.reference.ReferenceState.Account;
import io.perprisk.engine.reference.ReferenceState.Asset;
import io.perprisk.engine.reference.ReferenceState.Instrument;
import io.perprisk.engine.reference.ReferenceState.Order;
import io.perprisk.engine.reference.ReferenceState.Position;
import io.perprisk.engine.reference.ReferenceState.Tier;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

import static io.perprisk.engine.reference.Exact.BIG_R;
import static io.perprisk.engine.reference.Exact.FUNDING_INDEX_DIVISOR;
import static io.perprisk.engine.reference.Exact.FUNDING_SCALE;
import static io.perprisk.engine.reference.Exact.R;
import static io.perprisk.engine.reference.Exact.add;
import static io.perprisk.engine.reference.Exact.big;
import static io.perprisk.engine.reference.Exact.ceil;
import static io.perprisk.engine.reference.Exact.floor;
import static io.perprisk.engine.reference.Exact.halfUp;
import static io.perprisk.engine.reference.Exact.subtract;
import static io.perprisk.engine.reference.ReferenceMargin.NULL;

/**
 * The slow, obviously-correct reference model of docs/arithmetic.md that the fast engine must agree with, message
 * for message. It keeps only primitive state ({@code TreeMap}s keyed by id) and recomputes every derived value
 * (margin balance, maintenance, initial and order margin, ratios) from it at every use with exact
 * {@link BigInteger} arithmetic and the page's explicit rounding. After every event it evaluates margin calls for
 * every scope of every account. An event that fails validation or whose arithmetic does not fit in a {@code long}
 * leaves the state exactly as it was (the event is applied to a deep copy that replaces the state only on success).
 * <p>
 * Liquidation, the insurance fund and auto-deleveraging (§10) run in evaluation passes (§11) that walk every scope
 * of every account; every liquidation action is tried on a copy of the state and kept only if all it stores and emits
 * fits. Snapshots are not supported:
 * {@link #writeSnapshot(MutableDirectBuffer, int)} and {@link #loadSnapshot(DirectBuffer, int, int)} throw
 * {@link UnsupportedOperationException}. Test code only; not thread safe.
 */
public final class ReferenceEngine implements RiskEngine
{
    private static final long RESERVED_ORDER_ID_FLOOR = 1L << 62;
    private static final int SCHEMA_ID = 7101;
    private static final int MAX_TIERS = 16;
    private static final int MAX_PASSES = 100_000;
    private static final int MAX_LOOP_ITERATIONS = 1_000_000;

    private final EngineConfiguration configuration;
    private final OutboundHandler handler;
    private final long[] levels;
    private final long hysteresis;
    private final Counters counters = new Counters();
    private final Ledger ledger = new Ledger();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final List<byte[]> outbox = new ArrayList<>();
    private final List<RejectReason> outboxRejects = new ArrayList<>();

    private ReferenceState state = new ReferenceState();
    private ReferenceState working;
    private ReferenceMargin margin;
    private long lastAppliedSeq;
    private long seq;
    private int templateId;
    private long rejectOrderId;
    private long rejectRequestId;
    private long rejectAccountId;
    private int frameEnd;
    /** Counted by the event and added to the counters only if it is not rejected. */
    private long eventFillAnomalies;
    private long eventOrdersAccepted;

    /**
     * Create an empty reference model.
     *
     * @param configuration capacities and margin-call levels; concluded by this constructor.
     * @param handler       receiving every outbound message.
     */
    public ReferenceEngine(final EngineConfiguration configuration, final OutboundHandler handler)
    {
        this.configuration = configuration.conclude();
        this.handler = handler;
        this.levels = configuration.marginCallLevels();
        this.hysteresis = configuration.marginCallHysteresis();
    }

    // ======================================================================== RiskEngine

    /**
     * {@inheritDoc}
     */
    public void onEvent(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        this.seq = seq;
        this.templateId = 0;
        this.rejectOrderId = 0;
        this.rejectRequestId = 0;
        this.rejectAccountId = 0;
        outbox.clear();
        outboxRejects.clear();
        eventFillAnomalies = 0;
        eventOrdersAccepted = 0;
        working = state.copy();
        margin = new ReferenceMargin(working);
        try
        {
            dispatch(buffer, offset, length);
            if (outboxRejects.isEmpty())
            {
                evaluate();
                state = working;
                counters.fillAnomalies += eventFillAnomalies;
                counters.ordersAccepted += eventOrdersAccepted;
            }
            else
            {
                // A rejected event leaves the state as it was and has no evaluation (§11).
                working = state;
                margin = new ReferenceMargin(state);
            }
        }
        catch (final OverflowException ex)
        {
            outbox.clear();
            outboxRejects.clear();
            working = state;
            margin = new ReferenceMargin(state);
            rejectInKind(RejectReason.ARITHMETIC_OVERFLOW, ex.getMessage());
        }
        counters.eventsApplied++;
        counters.byTemplate.merge(templateId, 1L, Long::sum);
        counters.countLiquidationOutputs(outbox);
        for (final RejectReason reason : outboxRejects)
        {
            counters.byReason.merge((int) reason.value(), 1L, Long::sum);
        }
        lastAppliedSeq = seq;
        for (final byte[] message : outbox)
        {
            handler.onOutbound(seq, new UnsafeBuffer(message), 0, message.length);
        }
    }

    /**
     * {@inheritDoc}
     */
    public long lastAppliedSeq()
    {
        return lastAppliedSeq;
    }

    /**
     * SHA-256 over a canonical text rendering of the primitive state. Not comparable with the engine's digest.
     *
     * @return the digest as lower-case hex.
     */
    public String digest()
    {
        final StringBuilder text = new StringBuilder();
        text.append("settle=").append(state.settlementAssetId).append(";fees=").append(state.feesCollected)
            .append(";funding=").append(state.fundingClearing).append(";insurance=").append(state.insuranceFund)
            .append(";nextEngineOrderId=").append(state.nextEngineOrderId).append('\n');
        for (final Asset asset : state.assets.values())
        {
            text.append("asset ").append(asset.id).append(' ').append(asset.price).append(' ')
                .append(asset.collateralRatio).append('\n');
        }
        for (final Instrument instrument : state.instruments.values())
        {
            text.append("instrument ").append(instrument.id).append(' ').append(instrument.markPrice).append(' ')
                .append(instrument.fundingIndex).append('\n');
        }
        for (final Account account : state.accounts.values())
        {
            text.append("account ").append(account.id).append(' ').append(account.wallets).append(' ')
                .append(account.crossInLiquidation).append('\n');
            for (final Position position : account.positions.values())
            {
                text.append(" position ").append(position.instrumentId).append(' ').append(position.marginMode)
                    .append(' ').append(position.leverage).append(' ').append(position.size).append(' ')
                    .append(position.cost).append(' ').append(position.isolatedMargin).append(' ')
                    .append(position.fundingSnapshot).append(' ').append(position.realizedSinceFlat).append(' ')
                    .append(position.inLiquidation).append(' ').append(position.liqOrderId).append(' ')
                    .append(position.liqSide).append(' ').append(position.liqRemaining).append(' ')
                    .append(position.adlRemaining).append('\n');
            }
            for (final Map.Entry<Integer, boolean[]> armed : account.armed.entrySet())
            {
                text.append(" armed ").append(armed.getKey()).append(Arrays.toString(armed.getValue())).append('\n');
            }
        }
        for (final Order order : state.openOrders.values())
        {
            text.append("order ").append(order.orderId).append(' ').append(order.accountId).append(' ')
                .append(order.instrumentId).append(' ').append(order.side).append(' ').append(order.price)
                .append(' ').append(order.remaining).append('\n');
        }
        try
        {
            final byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(
                StandardCharsets.UTF_8));
            final StringBuilder hex = new StringBuilder();
            for (final byte b : hash)
            {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Not supported by the reference model.
     *
     * @param buffer unused.
     * @param offset unused.
     * @return never.
     * @throws UnsupportedOperationException always.
     */
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        throw new UnsupportedOperationException("the reference model has no snapshots");
    }

    /**
     * Not supported by the reference model.
     *
     * @param buffer unused.
     * @param offset unused.
     * @param length unused.
     * @throws UnsupportedOperationException always.
     */
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException("the reference model has no snapshots");
    }

    /**
     * {@inheritDoc}
     */
    public EngineCounters counters()
    {
        return counters;
    }

    /**
     * {@inheritDoc}
     */
    public EngineLedger ledger()
    {
        return ledger;
    }

    // ======================================================================== inspection for property tests

    /**
     * Ids of the open accounts, ascending.
     *
     * @return a copy of the account ids.
     */
    public NavigableSet<Long> accountIds()
    {
        return new TreeSet<>(state.accounts.keySet());
    }

    /**
     * Ids of the defined instruments, ascending.
     *
     * @return a copy of the instrument ids.
     */
    public NavigableSet<Integer> instrumentIds()
    {
        return new TreeSet<>(state.instruments.keySet());
    }

    /**
     * Ids of the defined assets, ascending.
     *
     * @return a copy of the asset ids.
     */
    public NavigableSet<Integer> assetIds()
    {
        return new TreeSet<>(state.assets.keySet());
    }

    /**
     * The settlement asset, 0 before the first instrument definition.
     *
     * @return the settlement asset id.
     */
    public int settlementAssetId()
    {
        return state.settlementAssetId;
    }

    /**
     * Wallet balance of an account in one asset, raw money.
     *
     * @param accountId of an open account.
     * @param assetId   of the asset.
     * @return the balance.
     */
    public long walletBalance(final long accountId, final int assetId)
    {
        return state.accounts.get(accountId).wallet(assetId);
    }

    /**
     * Signed position size, raw quantity; 0 when flat or never traded.
     *
     * @param accountId    of an open account.
     * @param instrumentId of the instrument.
     * @return the signed size.
     */
    public long positionSize(final long accountId, final int instrumentId)
    {
        final Position position = state.accounts.get(accountId).positions.get(instrumentId);
        return null == position ? 0 : position.size;
    }

    /**
     * Cost (exact entry notional) of a position, raw money, unsigned.
     *
     * @param accountId    of an open account.
     * @param instrumentId of the instrument.
     * @return the cost.
     */
    public long positionCost(final long accountId, final int instrumentId)
    {
        final Position position = state.accounts.get(accountId).positions.get(instrumentId);
        return null == position ? 0 : position.cost;
    }

    /**
     * Funding index snapshot {@code F_pos} of a position, scale 10^12.
     *
     * @param accountId    of an open account.
     * @param instrumentId of the instrument.
     * @return the snapshot.
     */
    public long positionFundingSnapshot(final long accountId, final int instrumentId)
    {
        final Position position = state.accounts.get(accountId).positions.get(instrumentId);
        return null == position ? 0 : position.fundingSnapshot;
    }

    /**
     * Isolated margin of a position, raw money.
     *
     * @param accountId    of an open account.
     * @param instrumentId of the instrument.
     * @return the isolated margin, 0 for a cross position.
     */
    public long isolatedMargin(final long accountId, final int instrumentId)
    {
        final Position position = state.accounts.get(accountId).positions.get(instrumentId);
        return null == position ? 0 : position.isolatedMargin;
    }

    /**
     * Whether the account's position on the instrument is isolated.
     *
     * @param accountId    of an open account.
     * @param instrumentId of the instrument.
     * @return true for isolated.
     */
    public boolean isIsolated(final long accountId, final int instrumentId)
    {
        final Position position = state.accounts.get(accountId).positions.get(instrumentId);
        return null != position && ReferenceState.ISOLATED == position.marginMode;
    }

    /**
     * Mark price of an instrument, raw; 0 before the first mark.
     *
     * @param instrumentId of the instrument.
     * @return the mark price.
     */
    public long markPrice(final int instrumentId)
    {
        return ReferenceMargin.mark(state.instruments.get(instrumentId));
    }

    /**
     * Cumulative funding index {@code F} of an instrument, scale 10^12.
     *
     * @param instrumentId of the instrument.
     * @return the funding index.
     */
    public long fundingIndex(final int instrumentId)
    {
        return state.instruments.get(instrumentId).fundingIndex;
    }

    /**
     * Rounded accrued funding of a position as the model uses it, raw money.
     *
     * @param accountId    of an open account.
     * @param instrumentId of the instrument.
     * @return accrued funding.
     */
    public long accruedFunding(final long accountId, final int instrumentId)
    {
        final Position position = state.accounts.get(accountId).positions.get(instrumentId);
        return null == position ? 0 :
            ReferenceMargin.accruedFunding(position, state.instruments.get(instrumentId));
    }

    /**
     * Rounded unrealized PnL of a position as the model uses it, raw money.
     *
     * @param accountId    of an open account.
     * @param instrumentId of the instrument.
     * @return unrealized PnL.
     */
    public long unrealizedPnl(final long accountId, final int instrumentId)
    {
        final Position position = state.accounts.get(accountId).positions.get(instrumentId);
        return null == position ? 0 :
            ReferenceMargin.unrealizedPnl(position, state.instruments.get(instrumentId));
    }

    /**
     * Maintenance margin of a position as the model uses it, raw money.
     *
     * @param accountId    of an open account.
     * @param instrumentId of the instrument.
     * @return maintenance margin.
     */
    public long maintenanceMargin(final long accountId, final int instrumentId)
    {
        final Position position = state.accounts.get(accountId).positions.get(instrumentId);
        return null == position ? 0 :
            ReferenceMargin.maintenanceMargin(position, state.instruments.get(instrumentId));
    }

    /**
     * Whether a scope is in liquidation.
     *
     * @param accountId of an open account.
     * @param scope     0 for the cross scope, else the instrument id of an isolated position.
     * @return true while the scope is in liquidation.
     */
    public boolean scopeInLiquidation(final long accountId, final int scope)
    {
        final Account account = state.accounts.get(accountId);
        if (0 == scope)
        {
            return account.crossInLiquidation;
        }
        final Position position = account.positions.get(scope);
        return null != position && position.inLiquidation;
    }

    /**
     * Realized PnL credited to an account over its whole life, raw money (audit figure).
     *
     * @param accountId of an open account.
     * @return lifetime realized PnL.
     */
    public long lifetimeRealizedPnl(final long accountId)
    {
        return state.accounts.get(accountId).lifetimeRealizedPnl;
    }

    /**
     * Funding realized into an account (wallet or isolated margin) over its whole life, raw money (audit figure).
     *
     * @param accountId of an open account.
     * @return lifetime realized funding.
     */
    public long lifetimeRealizedFunding(final long accountId)
    {
        return state.accounts.get(accountId).lifetimeRealizedFunding;
    }

    /**
     * Σ over every funding realization of (exact unrounded amount − rounded amount moved), raw money (audit figure).
     *
     * @return the rounding dust, in [0, {@link #fundingRealizations()}).
     */
    public BigDecimal fundingRoundingDust()
    {
        return state.fundingRoundingDust;
    }

    /**
     * Number of funding realizations so far (audit figure).
     *
     * @return the count.
     */
    public long fundingRealizations()
    {
        return state.fundingRealizations;
    }

    // ======================================================================== dispatch

    private void dispatch(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            rejectEvent(RejectReason.MALFORMED, "shorter than a message header");
            return;
        }
        headerDecoder.wrap(buffer, offset);
        templateId = headerDecoder.templateId();
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        if (headerDecoder.schemaId() != SCHEMA_ID || version > MessageHeaderEncoder.SCHEMA_VERSION)
        {
            rejectEvent(RejectReason.UNSUPPORTED_VERSION, "schema " + headerDecoder.schemaId() + " v" + version);
            return;
        }
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + blockLength)
        {
            rejectEvent(RejectReason.MALFORMED, "shorter than its block length");
            return;
        }
        if (EventRejectedDecoder.TEMPLATE_ID == templateId)
        {
            repeatIngressReject(buffer, offset, length, blockLength, version);
            return;
        }
        final int templateBlockLength = inboundBlockLength(templateId);
        if (templateBlockLength < 0)
        {
            rejectEvent(RejectReason.UNKNOWN_TEMPLATE, "template " + templateId);
            return;
        }
        if (blockLength < templateBlockLength)
        {
            rejectEvent(RejectReason.MALFORMED, "block length below the template's");
            return;
        }
        frameEnd = offset + length;
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        try
        {
            dispatchTemplate(buffer, body, blockLength, version);
        }
        catch (final IllegalArgumentException | IndexOutOfBoundsException ex)
        {
            outbox.clear();
            outboxRejects.clear();
            working = state.copy();
            margin = new ReferenceMargin(working);
            rejectEvent(RejectReason.MALFORMED, "undecodable: " + ex.getMessage());
        }
    }

    /** Block length of an inbound template, -1 for a template that is not an inbound message. */
    private static int inboundBlockLength(final int templateId)
    {
        switch (templateId)
        {
            case AssetDefinitionDecoder.TEMPLATE_ID:
                return AssetDefinitionDecoder.BLOCK_LENGTH;
            case AssetPriceDecoder.TEMPLATE_ID:
                return AssetPriceDecoder.BLOCK_LENGTH;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                return InstrumentDefinitionDecoder.BLOCK_LENGTH;
            case AccountOpenDecoder.TEMPLATE_ID:
                return AccountOpenDecoder.BLOCK_LENGTH;
            case DepositDecoder.TEMPLATE_ID:
                return DepositDecoder.BLOCK_LENGTH;
            case InsuranceFundDepositDecoder.TEMPLATE_ID:
                return InsuranceFundDepositDecoder.BLOCK_LENGTH;
            case WithdrawDecoder.TEMPLATE_ID:
                return WithdrawDecoder.BLOCK_LENGTH;
            case SetLeverageDecoder.TEMPLATE_ID:
                return SetLeverageDecoder.BLOCK_LENGTH;
            case SetMarginModeDecoder.TEMPLATE_ID:
                return SetMarginModeDecoder.BLOCK_LENGTH;
            case AdjustIsolatedMarginDecoder.TEMPLATE_ID:
                return AdjustIsolatedMarginDecoder.BLOCK_LENGTH;
            case MarkPriceDecoder.TEMPLATE_ID:
                return MarkPriceDecoder.BLOCK_LENGTH;
            case FundingRateDecoder.TEMPLATE_ID:
                return FundingRateDecoder.BLOCK_LENGTH;
            case NewOrderDecoder.TEMPLATE_ID:
                return NewOrderDecoder.BLOCK_LENGTH;
            case OrderCanceledDecoder.TEMPLATE_ID:
                return OrderCanceledDecoder.BLOCK_LENGTH;
            case FillDecoder.TEMPLATE_ID:
                return FillDecoder.BLOCK_LENGTH;
            case QueryAccountDecoder.TEMPLATE_ID:
                return QueryAccountDecoder.BLOCK_LENGTH;
            default:
                return -1;
        }
    }

    private void dispatchTemplate(final DirectBuffer buffer, final int body, final int blockLength, final int version)
    {
        switch (templateId)
        {
            case AssetDefinitionDecoder.TEMPLATE_ID:
                onAssetDefinition(new AssetDefinitionDecoder().wrap(buffer, body, blockLength, version));
                break;
            case AssetPriceDecoder.TEMPLATE_ID:
                onAssetPrice(new AssetPriceDecoder().wrap(buffer, body, blockLength, version));
                break;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                onInstrumentDefinition(new InstrumentDefinitionDecoder().wrap(buffer, body, blockLength, version));
                break;
            case AccountOpenDecoder.TEMPLATE_ID:
                onAccountOpen(new AccountOpenDecoder().wrap(buffer, body, blockLength, version));
                break;
            case DepositDecoder.TEMPLATE_ID:
                onDeposit(new DepositDecoder().wrap(buffer, body, blockLength, version));
                break;
            case InsuranceFundDepositDecoder.TEMPLATE_ID:
                onInsuranceFundDeposit(new InsuranceFundDepositDecoder().wrap(buffer, body, blockLength, version));
                break;
            case WithdrawDecoder.TEMPLATE_ID:
                onWithdraw(new WithdrawDecoder().wrap(buffer, body, blockLength, version));
                break;
            case SetLeverageDecoder.TEMPLATE_ID:
                onSetLeverage(new SetLeverageDecoder().wrap(buffer, body, blockLength, version));
                break;
            case SetMarginModeDecoder.TEMPLATE_ID:
                onSetMarginMode(new SetMarginModeDecoder().wrap(buffer, body, blockLength, version));
                break;
            case AdjustIsolatedMarginDecoder.TEMPLATE_ID:
                onAdjustIsolatedMargin(new AdjustIsolatedMarginDecoder().wrap(buffer, body, blockLength, version));
                break;
            case MarkPriceDecoder.TEMPLATE_ID:
                onMarkPrice(new MarkPriceDecoder().wrap(buffer, body, blockLength, version));
                break;
            case FundingRateDecoder.TEMPLATE_ID:
                onFundingRate(new FundingRateDecoder().wrap(buffer, body, blockLength, version));
                break;
            case NewOrderDecoder.TEMPLATE_ID:
                onNewOrder(new NewOrderDecoder().wrap(buffer, body, blockLength, version));
                break;
            case OrderCanceledDecoder.TEMPLATE_ID:
                onOrderCanceled(new OrderCanceledDecoder().wrap(buffer, body, blockLength, version));
                break;
            case FillDecoder.TEMPLATE_ID:
                onFill(new FillDecoder().wrap(buffer, body, blockLength, version));
                break;
            case QueryAccountDecoder.TEMPLATE_ID:
                onQueryAccount(new QueryAccountDecoder().wrap(buffer, body, blockLength, version));
                break;
            default:
                rejectEvent(RejectReason.UNKNOWN_TEMPLATE, "template " + templateId);
                break;
        }
    }

    // ======================================================================== reference data (§2)

    private void onAssetDefinition(final AssetDefinitionDecoder decoder)
    {
        final int assetId = decoder.assetId();
        final long price = decoder.price();
        final long collateralRatio = decoder.collateralRatio();
        final String symbol = decoder.symbol();
        if (decoder.limit() > frameEnd)
        {
            rejectEvent(RejectReason.MALFORMED, "symbol runs past the frame");
            return;
        }
        if (price <= 0)
        {
            rejectEvent(RejectReason.INVALID_PRICE, "asset price must be positive");
            return;
        }
        if (collateralRatio <= 0 || collateralRatio > R)
        {
            rejectEvent(RejectReason.INVALID_RATE, "collateral ratio must be in (0, 1]");
            return;
        }
        if (!working.assets.containsKey(assetId) && working.assets.size() >= configuration.maxAssets())
        {
            rejectEvent(RejectReason.CAPACITY_EXCEEDED, "too many assets");
            return;
        }
        working.assets.put(assetId, new Asset(assetId, symbol, price, collateralRatio));
    }

    private void onAssetPrice(final AssetPriceDecoder decoder)
    {
        final int assetId = decoder.assetId();
        final long price = decoder.price();
        final Asset asset = working.assets.get(assetId);
        if (null == asset)
        {
            rejectEvent(RejectReason.UNKNOWN_ASSET, "asset " + assetId);
            return;
        }
        if (price <= 0)
        {
            rejectEvent(RejectReason.INVALID_PRICE, "asset price must be positive");
            return;
        }
        working.assets.put(assetId, new Asset(assetId, asset.symbol, price, asset.collateralRatio));
    }

    private void onInstrumentDefinition(final InstrumentDefinitionDecoder decoder)
    {
        final int instrumentId = decoder.instrumentId();
        final int settleAssetId = decoder.settleAssetId();
        final long tickSize = decoder.tickSize();
        final long lotSize = decoder.lotSize();
        final long feeRate = decoder.liquidationFeeRate();
        final long priceBand = decoder.liquidationPriceBand();
        final long targetRatio = decoder.liquidationTargetRatio();
        final List<long[]> rawTiers = new ArrayList<>();
        for (final InstrumentDefinitionDecoder.TiersDecoder tier : decoder.tiers())
        {
            rawTiers.add(new long[]{ tier.notionalCap(), tier.maxLeverage(), tier.maintenanceMarginRate() });
        }
        final String symbol = decoder.symbol();
        if (decoder.limit() > frameEnd)
        {
            rejectEvent(RejectReason.MALFORMED, "tiers or symbol run past the frame");
            return;
        }

        if (working.instruments.containsKey(instrumentId))
        {
            rejectEvent(RejectReason.DUPLICATE_ID, "instrument " + instrumentId);
            return;
        }
        if (!working.assets.containsKey(settleAssetId))
        {
            rejectEvent(RejectReason.UNKNOWN_ASSET, "settle asset " + settleAssetId);
            return;
        }
        final String invalid = invalidDefinitionRule(settleAssetId, tickSize, lotSize, feeRate, priceBand,
            targetRatio, rawTiers);
        if (null != invalid)
        {
            rejectEvent(RejectReason.INVALID_DEFINITION, invalid);
            return;
        }
        if (working.instruments.size() >= configuration.maxInstruments())
        {
            rejectEvent(RejectReason.CAPACITY_EXCEEDED, "too many instruments");
            return;
        }
        final List<Tier> tiers = new ArrayList<>();
        long cum = 0;
        for (int n = 0; n < rawTiers.size(); n++)
        {
            final long[] raw = rawTiers.get(n);
            if (n > 0)
            {
                final long[] previous = rawTiers.get(n - 1);
                cum = add(cum, floor(big(previous[0]).multiply(big(raw[2] - previous[2])), BIG_R, "cum"), "cum");
            }
            tiers.add(new Tier(raw[0], (int) raw[1], raw[2], cum));
        }
        working.settlementAssetId = settleAssetId;
        working.instruments.put(instrumentId, new Instrument(instrumentId, symbol, settleAssetId, tickSize, lotSize,
            feeRate, priceBand, targetRatio, tiers));
    }

    private String invalidDefinitionRule(
        final int settleAssetId,
        final long tickSize,
        final long lotSize,
        final long feeRate,
        final long priceBand,
        final long targetRatio,
        final List<long[]> tiers)
    {
        if (0 != working.settlementAssetId && settleAssetId != working.settlementAssetId)
        {
            return "settlement asset differs from the first instrument's";
        }
        if (tickSize <= 0 || lotSize <= 0)
        {
            return "tick and lot size must be positive";
        }
        if (big(tickSize).multiply(big(lotSize)).mod(BIG_R).signum() != 0)
        {
            return "tickSize*lotSize must be a multiple of 10^8";
        }
        if (feeRate < 0 || feeRate >= R)
        {
            return "liquidation fee rate must be in [0, 1)";
        }
        if (priceBand <= 0 || priceBand >= R)
        {
            return "liquidation price band must be in (0, 1)";
        }
        if (targetRatio <= 0 || targetRatio > R)
        {
            return "liquidation target ratio must be in (0, 1]";
        }
        if (tiers.isEmpty() || tiers.size() > MAX_TIERS)
        {
            return "1 to 16 tiers";
        }
        for (int n = 0; n < tiers.size(); n++)
        {
            final long cap = tiers.get(n)[0];
            final long maxLeverage = tiers.get(n)[1];
            final long mmr = tiers.get(n)[2];
            if (cap <= 0 || (n > 0 && cap <= tiers.get(n - 1)[0]))
            {
                return "tier caps must be positive and strictly increasing";
            }
            if (maxLeverage < 1 || (n > 0 && maxLeverage > tiers.get(n - 1)[1]))
            {
                return "tier max leverage must be at least 1 and non-increasing";
            }
            if (mmr <= 0 || mmr >= R || (n > 0 && mmr < tiers.get(n - 1)[2]))
            {
                return "tier maintenance margin rate must be in (0, 1) and non-decreasing";
            }
            if (big(mmr).multiply(big(maxLeverage)).compareTo(BIG_R) > 0)
            {
                return "tier maintenance margin rate must not exceed 1/maxLeverage";
            }
        }
        return null;
    }

    // ======================================================================== accounts and money (§5, §8)

    private void onAccountOpen(final AccountOpenDecoder decoder)
    {
        final long accountId = decoder.accountId();
        if (working.accounts.containsKey(accountId))
        {
            rejectEvent(RejectReason.DUPLICATE_ID, "account " + accountId);
            return;
        }
        if (working.accounts.size() >= configuration.maxAccounts())
        {
            rejectEvent(RejectReason.CAPACITY_EXCEEDED, "too many accounts");
            return;
        }
        working.accounts.put(accountId, new Account(accountId));
        emitAccountUpdate(working.accounts.get(accountId));
    }

    private void onDeposit(final DepositDecoder decoder)
    {
        final long accountId = decoder.accountId();
        final int assetId = decoder.assetId();
        final long amount = decoder.amount();
        final Account account = working.accounts.get(accountId);
        if (null == account)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, "account " + accountId);
            return;
        }
        if (!working.assets.containsKey(assetId))
        {
            rejectEvent(RejectReason.UNKNOWN_ASSET, "asset " + assetId);
            return;
        }
        if (amount <= 0)
        {
            rejectEvent(RejectReason.INVALID_AMOUNT, "deposit must be positive");
            return;
        }
        credit(account, assetId, amount);
        working.totalDeposits.put(assetId, add(working.totalDeposits.getOrDefault(assetId, 0L), amount, "deposits"));
        emitAccountUpdate(account);
    }

    private void onInsuranceFundDeposit(final InsuranceFundDepositDecoder decoder)
    {
        final int assetId = decoder.assetId();
        final long amount = decoder.amount();
        if (!working.assets.containsKey(assetId))
        {
            rejectEvent(RejectReason.UNKNOWN_ASSET, "asset " + assetId);
            return;
        }
        if (amount <= 0)
        {
            rejectEvent(RejectReason.INVALID_AMOUNT, "deposit must be positive");
            return;
        }
        final long balance = add(working.insuranceFund.getOrDefault(assetId, 0L), amount, "insurance fund");
        working.insuranceFund.put(assetId, balance);
        working.totalDeposits.put(assetId, add(working.totalDeposits.getOrDefault(assetId, 0L), amount, "deposits"));
        emitInsuranceFundUpdate(assetId, balance, amount, InsuranceFundReason.DEPOSIT);
    }

    private void onWithdraw(final WithdrawDecoder decoder)
    {
        final long requestId = decoder.requestId();
        final long accountId = decoder.accountId();
        final int assetId = decoder.assetId();
        final long amount = decoder.amount();
        rejectRequestId = requestId;
        rejectAccountId = accountId;
        final Account account = working.accounts.get(accountId);
        if (null == account)
        {
            rejectWithdraw(RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        if (!working.assets.containsKey(assetId))
        {
            rejectWithdraw(RejectReason.UNKNOWN_ASSET);
            return;
        }
        if (amount <= 0)
        {
            rejectWithdraw(RejectReason.INVALID_AMOUNT);
            return;
        }
        if (account.crossInLiquidation)
        {
            rejectWithdraw(RejectReason.ACCOUNT_IN_LIQUIDATION);
            return;
        }
        if (account.wallet(assetId) < amount)
        {
            rejectWithdraw(RejectReason.INSUFFICIENT_BALANCE);
            return;
        }
        credit(account, assetId, -amount);
        if (margin.withdrawable(account) < 0)
        {
            credit(account, assetId, amount);
            rejectWithdraw(RejectReason.INSUFFICIENT_MARGIN);
            return;
        }
        working.totalWithdrawals.put(
            assetId, add(working.totalWithdrawals.getOrDefault(assetId, 0L), amount, "withdrawals"));
        final WithdrawAcceptedEncoder encoder = new WithdrawAcceptedEncoder();
        final UnsafeBuffer buffer = newMessageBuffer();
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(seq)
            .requestId(requestId)
            .accountId(accountId)
            .amount(amount);
        addToOutbox(buffer, encoder.encodedLength());
        emitAccountUpdate(account);
    }

    private void onQueryAccount(final QueryAccountDecoder decoder)
    {
        final long accountId = decoder.accountId();
        final Account account = working.accounts.get(accountId);
        if (null == account)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, "account " + accountId);
            return;
        }
        emitAccountUpdate(account);
        for (final Position position : account.positions.values())
        {
            if (0 != position.size)
            {
                emitPositionUpdate(account, position);
            }
        }
    }

    // ======================================================================== settings

    private void onSetLeverage(final SetLeverageDecoder decoder)
    {
        final long accountId = decoder.accountId();
        final int instrumentId = decoder.instrumentId();
        final int leverage = decoder.leverage();
        final Account account = working.accounts.get(accountId);
        if (null == account)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, "account " + accountId);
            return;
        }
        final Instrument instrument = working.instruments.get(instrumentId);
        if (null == instrument)
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, "instrument " + instrumentId);
            return;
        }
        if (leverage < 1)
        {
            rejectEvent(RejectReason.INVALID_LEVERAGE, "leverage must be at least 1");
            return;
        }
        final Position position = positionForUpdate(account, instrumentId);
        if (scopeInLiquidation(account, position))
        {
            rejectEvent(RejectReason.ACCOUNT_IN_LIQUIDATION, "instrument " + instrumentId);
            return;
        }
        final List<Order> orders = margin.openOrders(accountId, instrumentId);
        final long exposure = Math.max(
            ReferenceMargin.buySideNotional(position, instrument, orders),
            ReferenceMargin.sellSideNotional(position, instrument, orders));
        if (exposure >= ReferenceMargin.leverageCap(instrument, leverage))
        {
            rejectEvent(RejectReason.LEVERAGE_TOO_HIGH, "position and orders at or above the cap for " + leverage);
            return;
        }
        final int previousLeverage = position.leverage;
        position.leverage = leverage;
        final boolean insufficient;
        if (ReferenceState.CROSS == position.marginMode)
        {
            insufficient = margin.availableBalance(account) < 0;
        }
        else
        {
            insufficient = position.isolatedMargin < ReferenceMargin.initialMargin(position, instrument);
        }
        if (insufficient)
        {
            position.leverage = previousLeverage;
            rejectEvent(RejectReason.INSUFFICIENT_MARGIN, "not enough margin for leverage " + leverage);
            return;
        }
        emitPositionUpdate(account, position);
    }

    private void onSetMarginMode(final SetMarginModeDecoder decoder)
    {
        final long accountId = decoder.accountId();
        final int instrumentId = decoder.instrumentId();
        final MarginMode mode = marginModeOf(decoder.marginModeRaw());
        if (MarginMode.NULL_VAL == mode)
        {
            rejectEvent(RejectReason.MALFORMED, "margin mode");
            return;
        }
        final Account account = working.accounts.get(accountId);
        if (null == account)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, "account " + accountId);
            return;
        }
        if (!working.instruments.containsKey(instrumentId))
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, "instrument " + instrumentId);
            return;
        }
        final Position position = positionForUpdate(account, instrumentId);
        if (0 != position.size || !margin.openOrders(accountId, instrumentId).isEmpty())
        {
            rejectEvent(RejectReason.POSITION_OR_ORDERS_OPEN, "instrument " + instrumentId);
            return;
        }
        position.marginMode = MarginMode.ISOLATED == mode ? ReferenceState.ISOLATED : ReferenceState.CROSS;
        emitPositionUpdate(account, position);
    }

    private void onAdjustIsolatedMargin(final AdjustIsolatedMarginDecoder decoder)
    {
        final long accountId = decoder.accountId();
        final int instrumentId = decoder.instrumentId();
        final long amount = decoder.amount();
        final Account account = working.accounts.get(accountId);
        if (null == account)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, "account " + accountId);
            return;
        }
        final Instrument instrument = working.instruments.get(instrumentId);
        if (null == instrument)
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, "instrument " + instrumentId);
            return;
        }
        final Position position = margin.positionOrDefault(account, instrumentId);
        if (ReferenceState.ISOLATED != position.marginMode)
        {
            rejectEvent(RejectReason.NOT_ISOLATED, "instrument " + instrumentId);
            return;
        }
        if (0 == position.size)
        {
            rejectEvent(RejectReason.NO_POSITION, "instrument " + instrumentId);
            return;
        }
        if (0 == amount)
        {
            rejectEvent(RejectReason.INVALID_AMOUNT, "amount must not be 0");
            return;
        }
        if (amount < 0 && position.inLiquidation)
        {
            rejectEvent(RejectReason.ACCOUNT_IN_LIQUIDATION, "instrument " + instrumentId);
            return;
        }
        if (amount > 0)
        {
            if (margin.availableBalance(account) < amount)
            {
                rejectEvent(RejectReason.INSUFFICIENT_BALANCE, "cross available balance below the amount");
                return;
            }
        }
        else
        {
            final long after = add(position.isolatedMargin, amount, "isolated margin");
            if (after < ReferenceMargin.initialMargin(position, instrument))
            {
                rejectEvent(RejectReason.INSUFFICIENT_MARGIN, "isolated margin would fall below IM");
                return;
            }
        }
        credit(account, working.settlementAssetId, -amount);
        position.isolatedMargin = add(position.isolatedMargin, amount, "isolated margin");
        emitPositionUpdate(account, position);
        emitAccountUpdate(account);
    }

    // ======================================================================== prices and funding (§4)

    private void onMarkPrice(final MarkPriceDecoder decoder)
    {
        final int instrumentId = decoder.instrumentId();
        final long price = decoder.price();
        final Instrument instrument = working.instruments.get(instrumentId);
        if (null == instrument)
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, "instrument " + instrumentId);
            return;
        }
        if (price <= 0)
        {
            rejectEvent(RejectReason.INVALID_PRICE, "mark price must be positive");
            return;
        }
        instrument.hasMark = true;
        instrument.markPrice = price;
    }

    private void onFundingRate(final FundingRateDecoder decoder)
    {
        final int instrumentId = decoder.instrumentId();
        final long rate = decoder.rate();
        final Instrument instrument = working.instruments.get(instrumentId);
        if (null == instrument)
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, "instrument " + instrumentId);
            return;
        }
        if (!instrument.hasMark)
        {
            rejectEvent(RejectReason.NO_MARK_PRICE, "instrument " + instrumentId);
            return;
        }
        final long step = halfUp(big(instrument.markPrice).multiply(big(rate)), FUNDING_INDEX_DIVISOR, "funding");
        instrument.fundingIndex = add(instrument.fundingIndex, step, "funding index");
    }

    // ======================================================================== orders (§7)

    private void onNewOrder(final NewOrderDecoder decoder)
    {
        final long orderId = decoder.orderId();
        final long accountId = decoder.accountId();
        final int instrumentId = decoder.instrumentId();
        final Side side = sideOf(decoder.sideRaw());
        final long price = decoder.price();
        final long quantity = decoder.quantity();
        final BooleanType reduceOnly = booleanOf(decoder.reduceOnlyRaw());
        rejectOrderId = orderId;
        rejectAccountId = accountId;
        if (Side.NULL_VAL == side || BooleanType.NULL_VAL == reduceOnly)
        {
            rejectOrder(RejectReason.MALFORMED);
            return;
        }

        final Account account = working.accounts.get(accountId);
        if (null == account)
        {
            rejectOrder(RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        final Instrument instrument = working.instruments.get(instrumentId);
        if (null == instrument)
        {
            rejectOrder(RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        if (orderId >= RESERVED_ORDER_ID_FLOOR)
        {
            rejectOrder(RejectReason.RESERVED_ID);
            return;
        }
        if (working.openOrders.containsKey(orderId))
        {
            rejectOrder(RejectReason.DUPLICATE_ID);
            return;
        }
        if (quantity <= 0)
        {
            rejectOrder(RejectReason.INVALID_QUANTITY);
            return;
        }
        if (quantity % instrument.lotSize != 0)
        {
            rejectOrder(RejectReason.OFF_LOT);
            return;
        }
        if (price <= 0)
        {
            rejectOrder(RejectReason.INVALID_PRICE);
            return;
        }
        if (price % instrument.tickSize != 0)
        {
            rejectOrder(RejectReason.OFF_TICK);
            return;
        }
        if (!instrument.hasMark)
        {
            rejectOrder(RejectReason.NO_MARK_PRICE);
            return;
        }
        final Position position = margin.positionOrDefault(account, instrumentId);
        if (scopeInLiquidation(account, position))
        {
            rejectOrder(RejectReason.ACCOUNT_IN_LIQUIDATION);
            return;
        }
        final int direction = Side.BUY == side ? 1 : -1;
        if (BooleanType.TRUE == reduceOnly)
        {
            final boolean opposes = Long.signum(position.size) == -direction;
            if (!(opposes && quantity <= Math.abs(position.size)))
            {
                rejectOrder(RejectReason.REDUCE_ONLY_WOULD_INCREASE);
                return;
            }
        }
        final List<Order> before = margin.openOrders(accountId, instrumentId);
        final List<Order> after = new ArrayList<>(before);
        final Order order = new Order(orderId, accountId, instrumentId, direction, price, quantity);
        after.add(order);
        final long exposure = Math.max(
            ReferenceMargin.buySideNotional(position, instrument, after),
            ReferenceMargin.sellSideNotional(position, instrument, after));
        if (exposure >= ReferenceMargin.leverageCap(instrument, position.leverage))
        {
            rejectOrder(RejectReason.LEVERAGE_TOO_HIGH);
            return;
        }
        final long marginBefore = ReferenceMargin.orderMargin(position, instrument, position.leverage, before);
        final long marginAfter = ReferenceMargin.orderMargin(position, instrument, position.leverage, after);
        working.openOrders.put(orderId, order);
        if (marginAfter > marginBefore && margin.availableBalance(account) < 0)
        {
            working.openOrders.remove(orderId);
            rejectOrder(RejectReason.INSUFFICIENT_MARGIN);
            return;
        }
        eventOrdersAccepted++;
        final OrderAcceptedEncoder encoder = new OrderAcceptedEncoder();
        final UnsafeBuffer buffer = newMessageBuffer();
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(seq)
            .orderId(orderId)
            .accountId(accountId)
            .orderMargin(subtract(marginAfter, marginBefore, "order margin"));
        addToOutbox(buffer, encoder.encodedLength());
    }

    private void onOrderCanceled(final OrderCanceledDecoder decoder)
    {
        final long orderId = decoder.orderId();
        final long accountId = decoder.accountId();
        final int instrumentId = decoder.instrumentId();
        decoder.quantity();
        if (!working.accounts.containsKey(accountId))
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, "account " + accountId);
            return;
        }
        if (!working.instruments.containsKey(instrumentId))
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, "instrument " + instrumentId);
            return;
        }
        final Position position = working.accounts.get(accountId).positions.get(instrumentId);
        if (null != position && 0 != position.liqOrderId && position.liqOrderId == orderId)
        {
            // The matching engine ended the pending liquidation order: its remainder goes to ADL (§10.5).
            position.adlRemaining = Math.min(position.liqRemaining, Math.abs(position.size));
            endLiquidationOrder(position);
            return;
        }
        final Order order = working.openOrders.get(orderId);
        if (null == order || order.accountId != accountId || order.instrumentId != instrumentId)
        {
            rejectEvent(RejectReason.UNKNOWN_ORDER, "order " + orderId);
            return;
        }
        working.openOrders.remove(orderId);
    }

    // ======================================================================== fills (§3, §4, §8)

    private void onFill(final FillDecoder decoder)
    {
        decoder.tradeId();
        final long orderId = decoder.orderId();
        final long accountId = decoder.accountId();
        final int instrumentId = decoder.instrumentId();
        final Side side = sideOf(decoder.sideRaw());
        final long price = decoder.price();
        final long quantity = decoder.quantity();
        final long fee = decoder.fee();
        if (Side.NULL_VAL == side)
        {
            rejectEvent(RejectReason.MALFORMED, "side");
            return;
        }

        final Account account = working.accounts.get(accountId);
        if (null == account)
        {
            rejectEvent(RejectReason.UNKNOWN_ACCOUNT, "account " + accountId);
            return;
        }
        final Instrument instrument = working.instruments.get(instrumentId);
        if (null == instrument)
        {
            rejectEvent(RejectReason.UNKNOWN_INSTRUMENT, "instrument " + instrumentId);
            return;
        }
        if (quantity <= 0)
        {
            rejectEvent(RejectReason.INVALID_QUANTITY, "quantity must be positive");
            return;
        }
        if (quantity % instrument.lotSize != 0)
        {
            rejectEvent(RejectReason.OFF_LOT, "quantity off lot");
            return;
        }
        if (price <= 0)
        {
            rejectEvent(RejectReason.INVALID_PRICE, "price must be positive");
            return;
        }
        if (price % instrument.tickSize != 0)
        {
            rejectEvent(RejectReason.OFF_TICK, "price off tick");
            return;
        }
        final int direction = Side.BUY == side ? 1 : -1;

        final Position current = account.positions.get(instrumentId);
        if (null != current && 0 != current.liqOrderId && orderId == current.liqOrderId &&
            direction == current.liqSide && quantity <= current.liqRemaining && quantity <= Math.abs(current.size))
        {
            onLiquidationFill(account, current, instrument, quantity, price, fee);
            return;
        }

        final Order order = working.openOrders.get(orderId);
        if (null != order && order.accountId == accountId && order.instrumentId == instrumentId &&
            order.side == direction)
        {
            if (quantity > order.remaining)
            {
                eventFillAnomalies++;
            }
            order.remaining -= quantity;
            if (order.remaining <= 0)
            {
                working.openOrders.remove(orderId);
            }
        }
        else
        {
            eventFillAnomalies++;
        }

        final Position position = positionForUpdate(account, instrumentId);
        realizeFunding(account, position, instrument);
        final long size = position.size;
        if (0 == size || Long.signum(size) == direction)
        {
            if (0 == size)
            {
                // A fill that starts from a flat position restarts the running realized PnL (§3).
                position.realizedSinceFlat = 0;
            }
            increase(account, position, instrument, direction, quantity, price);
        }
        else
        {
            final long held = Math.abs(size);
            final long reduced = Math.min(quantity, held);
            reduce(account, position, reduced, price, false);
            if (quantity > held)
            {
                increase(account, position, instrument, direction, quantity - held, price);
            }
        }
        credit(account, working.settlementAssetId, -fee);
        working.feesCollected = add(working.feesCollected, fee, "fees collected");
        emitPositionUpdate(account, position);
        emitAccountUpdate(account);
    }

    /**
     * A fill of the pending liquidation order of the position (§10.5): a reduction like §8's, except that an isolated
     * position keeps realized PnL, the trading fee and its margin inside {@code isolatedMargin}; then the liquidation
     * fee, capped at the scope's remaining margin balance, goes to the insurance fund.
     */
    private void onLiquidationFill(
        final Account account,
        final Position position,
        final Instrument instrument,
        final long quantity,
        final long price,
        final long fee)
    {
        final boolean isolated = ReferenceState.ISOLATED == position.marginMode;
        realizeFunding(account, position, instrument);
        if (Long.signum(position.size) == position.liqSide)
        {
            // The position flipped since the order went out (ordinary fills): like §8, this fill increases it.
            increase(account, position, instrument, position.liqSide, quantity, price);
        }
        else
        {
            reduce(account, position, quantity, price, isolated);
        }
        if (isolated)
        {
            position.isolatedMargin = subtract(position.isolatedMargin, fee, "isolated margin");
        }
        else
        {
            credit(account, working.settlementAssetId, -fee);
        }
        working.feesCollected = add(working.feesCollected, fee, "fees collected");

        final long marginBalance = isolated ?
            ReferenceMargin.isolatedMarginBalance(position, instrument) : margin.crossMarginBalance(account);
        final long notional = ReferenceMargin.fillNotional(quantity, price);
        final long nominalFee = ceil(big(notional).multiply(big(instrument.liquidationFeeRate)), BIG_R,
            "liquidation fee");
        final long liquidationFee = Math.min(nominalFee, Math.max(0, marginBalance));
        if (isolated)
        {
            position.isolatedMargin = subtract(position.isolatedMargin, liquidationFee, "isolated margin");
        }
        else
        {
            credit(account, working.settlementAssetId, -liquidationFee);
        }
        final long fund = add(insuranceFund(), liquidationFee, "insurance fund");
        working.insuranceFund.put(working.settlementAssetId, fund);

        position.liqRemaining -= quantity;
        if (0 == position.liqRemaining)
        {
            endLiquidationOrder(position);
        }
        emitPositionUpdate(account, position);
        emitAccountUpdate(account);
        if (liquidationFee > 0)
        {
            emitInsuranceFundUpdate(
                working.settlementAssetId, fund, liquidationFee, InsuranceFundReason.LIQUIDATION_FEE);
        }
    }

    /**
     * Moves accrued funding into the wallet (cross) or isolated margin (isolated), from the funding clearing
     * ledger, and sets {@code F_pos = F}.
     */
    private void realizeFunding(final Account account, final Position position, final Instrument instrument)
    {
        if (0 == position.size)
        {
            return;
        }
        final long accrued = ReferenceMargin.accruedFunding(position, instrument);
        final BigInteger exactNumerator = big(position.size).negate()
            .multiply(big(instrument.fundingIndex).subtract(big(position.fundingSnapshot)));
        working.fundingRoundingDust = working.fundingRoundingDust
            .add(Exact.real(exactNumerator, FUNDING_SCALE))
            .subtract(BigDecimal.valueOf(accrued));
        working.fundingRealizations++;
        if (ReferenceState.CROSS == position.marginMode)
        {
            credit(account, working.settlementAssetId, accrued);
        }
        else
        {
            position.isolatedMargin = add(position.isolatedMargin, accrued, "isolated margin");
        }
        working.fundingClearing = subtract(working.fundingClearing, accrued, "funding clearing");
        account.lifetimeRealizedFunding = add(account.lifetimeRealizedFunding, accrued, "realized funding");
        position.fundingSnapshot = instrument.fundingIndex;
    }

    /** Opening or increasing: {@code s += ±q}, {@code cost += n}; isolated moves {@code ceil(n/leverage)} in. */
    private void increase(
        final Account account,
        final Position position,
        final Instrument instrument,
        final int direction,
        final long quantity,
        final long price)
    {
        final long notional = ReferenceMargin.fillNotional(quantity, price);
        if (0 == position.size)
        {
            // The opening part of a flip keeps the running realized PnL, which includes the flip's own (§3).
            position.fundingSnapshot = instrument.fundingIndex;
        }
        position.size = add(position.size, direction * quantity, "position size");
        position.cost = add(position.cost, notional, "position cost");
        if (ReferenceState.ISOLATED == position.marginMode)
        {
            final long moved = ceil(big(notional), big(position.leverage), "isolated margin");
            credit(account, working.settlementAssetId, -moved);
            position.isolatedMargin = add(position.isolatedMargin, moved, "isolated margin");
        }
    }

    /**
     * Reducing by {@code q ≤ Q}: releases {@code ceil} (long) or {@code floor} (short) of {@code cost·q/Q},
     * realizes {@code side·(n − released)} into the wallet; isolated returns {@code floor(isolatedMargin·q/Q)}.
     * With {@code keepInIsolated} (an isolated position being liquidated, §10.5) nothing is returned and the
     * realized PnL goes into the isolated margin instead of the wallet.
     */
    private void reduce(
        final Account account,
        final Position position,
        final long quantity,
        final long price,
        final boolean keepInIsolated)
    {
        final long held = Math.abs(position.size);
        final int side = Long.signum(position.size);
        final long notional = ReferenceMargin.fillNotional(quantity, price);
        final BigInteger costShare = big(position.cost).multiply(big(quantity));
        final long released;
        if (quantity == held)
        {
            released = position.cost;
        }
        else if (side > 0)
        {
            released = ceil(costShare, big(held), "released cost");
        }
        else
        {
            released = floor(costShare, big(held), "released cost");
        }
        final long realized = Math.multiplyExact(side, subtract(notional, released, "realized pnl"));
        position.cost = subtract(position.cost, released, "position cost");
        position.size = subtract(position.size, side * quantity, "position size");
        if (keepInIsolated)
        {
            position.isolatedMargin = add(position.isolatedMargin, realized, "isolated margin");
        }
        else
        {
            if (ReferenceState.ISOLATED == position.marginMode)
            {
                final long returned = quantity == held ? position.isolatedMargin :
                    floor(big(position.isolatedMargin).multiply(big(quantity)), big(held), "isolated margin");
                position.isolatedMargin = subtract(position.isolatedMargin, returned, "isolated margin");
                credit(account, working.settlementAssetId, returned);
            }
            credit(account, working.settlementAssetId, realized);
        }
        position.realizedSinceFlat = add(position.realizedSinceFlat, realized, "realized pnl");
        account.lifetimeRealizedPnl = add(account.lifetimeRealizedPnl, realized, "realized pnl");
    }

    // ======================================================================== evaluation passes (§11)

    /**
     * The evaluation passes after an accepted event (§11): every scope of every account in canonical order (account
     * id ascending, cross first, then isolated positions by instrument id), skipping every scope of an account that a
     * liquidation action touched earlier in the same pass; passes repeat while the previous pass touched an account.
     * An overflow of a scope's margin values rejects the event in pass 1 and skips the scope in later passes.
     */
    private void evaluate()
    {
        int pass = 1;
        while (true)
        {
            final Set<Long> touched = new TreeSet<>();
            for (final long accountId : new ArrayList<>(working.accounts.keySet()))
            {
                if (touched.contains(accountId))
                {
                    continue;
                }
                evaluateScope(accountId, 0, pass, touched);
                for (final int instrumentId : isolatedScopes(working.accounts.get(accountId)))
                {
                    if (touched.contains(accountId))
                    {
                        break;
                    }
                    evaluateScope(accountId, instrumentId, pass, touched);
                }
            }
            if (touched.isEmpty())
            {
                return;
            }
            pass++;
            if (pass > MAX_PASSES)
            {
                throw new IllegalStateException("evaluation passes do not end");
            }
        }
    }

    private static List<Integer> isolatedScopes(final Account account)
    {
        final List<Integer> scopes = new ArrayList<>();
        for (final Position position : account.positions.values())
        {
            if (ReferenceState.ISOLATED == position.marginMode)
            {
                scopes.add(position.instrumentId);
            }
        }
        return scopes;
    }

    /**
     * Evaluates one scope: margin calls (§9), then liquidation (§10) if it is in liquidation or meets the trigger.
     */
    private void evaluateScope(final long accountId, final int scope, final int pass, final Set<Long> touched)
    {
        final Account account = working.accounts.get(accountId);
        final long maintenanceMargin;
        final long marginBalance;
        final long ratio;
        try
        {
            maintenanceMargin = scopeMaintenanceMargin(account, scope);
            marginBalance = scopeMarginBalance(account, scope);
            ratio = ReferenceMargin.marginRatio(maintenanceMargin, marginBalance);
        }
        catch (final OverflowException ex)
        {
            if (1 == pass)
            {
                throw ex;
            }
            return;
        }
        marginCalls(account, scope, maintenanceMargin, ratio);
        if (inLiquidation(account, scope))
        {
            liquidationLoop(accountId, scope, touched);
        }
        else if (maintenanceMargin > 0 && marginBalance <= maintenanceMargin)
        {
            startLiquidation(account, scope, maintenanceMargin, marginBalance);
            liquidationLoop(accountId, scope, touched);
        }
    }

    private void marginCalls(
        final Account account, final int scope, final long maintenanceMargin, final long ratio)
    {
        final boolean[] armed = account.armed.computeIfAbsent(scope, k -> newArmedLevels());
        if (0 == maintenanceMargin)
        {
            Arrays.fill(armed, true);
            return;
        }
        for (int i = 0; i < levels.length; i++)
        {
            final long level = levels[i];
            final boolean atOrAbove = NULL == ratio || ratio >= level;
            final boolean belowRearm = NULL != ratio && ratio < level - hysteresis;
            if (armed[i] && atOrAbove)
            {
                armed[i] = false;
                final MarginCallEncoder encoder = new MarginCallEncoder();
                final UnsafeBuffer buffer = newMessageBuffer();
                encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .seq(seq)
                    .accountId(account.id)
                    .instrumentId(scope)
                    .marginRatio(ratio)
                    .level(level);
                addToOutbox(buffer, encoder.encodedLength());
            }
            else if (!armed[i] && belowRearm)
            {
                armed[i] = true;
            }
        }
    }

    private boolean[] newArmedLevels()
    {
        final boolean[] armed = new boolean[levels.length];
        Arrays.fill(armed, true);
        return armed;
    }

    // ======================================================================== scopes (§10)

    /** Scope 0 is the cross scope; any other value is the instrument id of an isolated position. */
    private long scopeMaintenanceMargin(final Account account, final int scope)
    {
        if (0 == scope)
        {
            return margin.crossMaintenanceMargin(account);
        }
        final Position position = account.positions.get(scope);
        return ReferenceMargin.maintenanceMargin(position, margin.instrumentOf(position));
    }

    private long scopeMarginBalance(final Account account, final int scope)
    {
        if (0 == scope)
        {
            return margin.crossMarginBalance(account);
        }
        final Position position = account.positions.get(scope);
        return ReferenceMargin.isolatedMarginBalance(position, margin.instrumentOf(position));
    }

    /** The position records of a scope: every cross-mode record (flat or not), or the one isolated position. */
    private static List<Position> scopePositions(final Account account, final int scope)
    {
        final List<Position> positions = new ArrayList<>();
        if (0 != scope)
        {
            positions.add(account.positions.get(scope));
            return positions;
        }
        for (final Position position : account.positions.values())
        {
            if (ReferenceState.CROSS == position.marginMode)
            {
                positions.add(position);
            }
        }
        return positions;
    }

    private static boolean inLiquidation(final Account account, final int scope)
    {
        return 0 == scope ? account.crossInLiquidation : account.positions.get(scope).inLiquidation;
    }

    private static void setInLiquidation(final Account account, final int scope, final boolean value)
    {
        if (0 == scope)
        {
            account.crossInLiquidation = value;
        }
        else
        {
            account.positions.get(scope).inLiquidation = value;
        }
    }

    private static boolean scopeInLiquidation(final Account account, final Position position)
    {
        return ReferenceState.CROSS == position.marginMode ? account.crossInLiquidation : position.inLiquidation;
    }

    private long insuranceFund()
    {
        return working.insuranceFund.getOrDefault(working.settlementAssetId, 0L);
    }

    private static void endLiquidationOrder(final Position position)
    {
        position.liqOrderId = 0;
        position.liqSide = 0;
        position.liqRemaining = 0;
    }

    // ======================================================================== liquidation (§10.2 – §10.7)

    /**
     * §10.2: set the flag, emit {@code LiquidationStarted}, then a {@code CancelOrderRequest} for every open order
     * of the scope, instrument id ascending, then order id ascending. No balance changes.
     */
    private void startLiquidation(
        final Account account, final int scope, final long maintenanceMargin, final long marginBalance)
    {
        setInLiquidation(account, scope, true);
        final LiquidationStartedEncoder started = new LiquidationStartedEncoder();
        final UnsafeBuffer buffer = newMessageBuffer();
        started.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(seq)
            .accountId(account.id)
            .instrumentId(scope)
            .marginBalance(marginBalance)
            .maintenanceMargin(maintenanceMargin);
        addToOutbox(buffer, started.encodedLength());

        final List<Order> orders = new ArrayList<>();
        for (final Order order : working.openOrders.values())
        {
            if (order.accountId != account.id)
            {
                continue;
            }
            final boolean inScope = 0 == scope ?
                ReferenceState.CROSS == margin.positionOrDefault(account, order.instrumentId).marginMode :
                order.instrumentId == scope;
            if (inScope)
            {
                orders.add(order);
            }
        }
        orders.sort(Comparator.comparingInt((Order order) -> order.instrumentId)
            .thenComparingLong(order -> order.orderId));
        for (final Order order : orders)
        {
            final CancelOrderRequestEncoder cancel = new CancelOrderRequestEncoder();
            final UnsafeBuffer cancelBuffer = newMessageBuffer();
            cancel.wrapAndApplyHeader(cancelBuffer, 0, headerEncoder)
                .seq(seq)
                .orderId(order.orderId)
                .accountId(account.id)
                .instrumentId(order.instrumentId);
            addToOutbox(cancelBuffer, cancel.encodedLength());
        }
    }

    /**
     * §10.3, written as the page writes it: stop on a pending order; complete when flat, {@code MM = 0} or
     * {@code MB > MM}; ADL a position with {@code adlRemaining > 0}; else a round.
     */
    private void liquidationLoop(final long accountId, final int scope, final Set<Long> touched)
    {
        for (int iteration = 0; ; iteration++)
        {
            if (iteration > MAX_LOOP_ITERATIONS)
            {
                throw new IllegalStateException("liquidation loop does not end");
            }
            final Account account = working.accounts.get(accountId);
            final List<Position> positions = scopePositions(account, scope);
            boolean flat = true;
            Position adl = null;
            for (final Position position : positions)
            {
                if (0 != position.liqOrderId)
                {
                    return;
                }
                flat &= 0 == position.size;
                if (null == adl && position.adlRemaining > 0)
                {
                    adl = position;
                }
            }
            final long maintenanceMargin;
            final long marginBalance;
            try
            {
                maintenanceMargin = scopeMaintenanceMargin(account, scope);
                marginBalance = scopeMarginBalance(account, scope);
            }
            catch (final OverflowException ex)
            {
                return;
            }
            if (flat || 0 == maintenanceMargin || marginBalance > maintenanceMargin)
            {
                final boolean isFlat = flat;
                attempt(t -> complete(accountId, scope, isFlat, t), touched);
                return;
            }
            if (null != adl)
            {
                final int instrumentId = adl.instrumentId;
                adlStep(accountId, scope, instrumentId, touched);
                if (working.accounts.get(accountId).positions.get(instrumentId).adlRemaining > 0)
                {
                    return;
                }
                continue;
            }
            if (!attempt(t -> round(accountId, scope), touched))
            {
                return;
            }
        }
    }

    /**
     * §10.4. Returns true when the round set {@code adlRemaining} (the loop continues with ADL), false when it
     * emitted a {@code LiquidationOrder}.
     */
    private boolean round(final long accountId, final int scope)
    {
        final Account account = working.accounts.get(accountId);
        final long maintenanceMargin = scopeMaintenanceMargin(account, scope);
        final long marginBalance = scopeMarginBalance(account, scope);
        Position chosen = null;
        long chosenMaintenance = 0;
        for (final Position position : scopePositions(account, scope))
        {
            if (0 == position.size)
            {
                continue;
            }
            final long positionMaintenance = ReferenceMargin.maintenanceMargin(position, margin.instrumentOf(position));
            if (0 != scope || (positionMaintenance > 0 && positionMaintenance > chosenMaintenance))
            {
                chosen = position;
                chosenMaintenance = positionMaintenance;
            }
        }
        final Position position = chosen;
        final Instrument instrument = margin.instrumentOf(position);
        final long quantity = Math.abs(position.size);
        final long closeQuantity = marginBalance <= 0 ? quantity : roundQuantity(
            instrument, quantity, maintenanceMargin, chosenMaintenance, marginBalance);

        final BigInteger deficit = big(marginBalance).negate();
        if (marginBalance < 0 && big(insuranceFund()).compareTo(deficit) < 0)
        {
            position.adlRemaining = closeQuantity;
            return true;
        }

        final long orderId = working.nextEngineOrderId;
        working.nextEngineOrderId = add(orderId, 1, "engine order id");
        final boolean isLong = position.size > 0;
        final long limit = liquidationLimit(instrument, position, marginBalance);
        final LiquidationOrderEncoder encoder = new LiquidationOrderEncoder();
        final UnsafeBuffer buffer = newMessageBuffer();
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(seq)
            .orderId(orderId)
            .accountId(accountId)
            .instrumentId(position.instrumentId)
            .side(isLong ? Side.SELL : Side.BUY)
            .quantity(closeQuantity)
            .limitPrice(limit)
            .bankruptcyPrice(margin.bankruptcyPrice(account, position));
        addToOutbox(buffer, encoder.encodedLength());
        position.liqOrderId = orderId;
        position.liqSide = isLong ? -1 : 1;
        position.liqRemaining = closeQuantity;
        return false;
    }

    /**
     * The smallest {@code k} in {@code 1..K−1} with {@code MM'_k·R ≤ targetRatio·MB}, times the lot; {@code Q} when
     * there is none. Found by bisection ({@code MM'_k} is non-increasing in {@code k}); for small {@code K} a plain
     * scan must find the same {@code k}.
     */
    private static long roundQuantity(
        final Instrument instrument,
        final long quantity,
        final long maintenanceMargin,
        final long positionMaintenance,
        final long marginBalance)
    {
        final long lot = instrument.lotSize;
        final long lots = quantity / lot;
        final BigInteger target = big(instrument.liquidationTargetRatio).multiply(big(marginBalance));
        long low = 1;
        long high = lots - 1;
        long found = -1;
        while (low <= high)
        {
            final long k = low + (high - low) / 2;
            if (meetsTarget(instrument, quantity, k, maintenanceMargin, positionMaintenance, target))
            {
                found = k;
                high = k - 1;
            }
            else
            {
                low = k + 1;
            }
        }
        if (lots <= 2_000)
        {
            long scanned = -1;
            for (long k = 1; k < lots; k++)
            {
                if (meetsTarget(instrument, quantity, k, maintenanceMargin, positionMaintenance, target))
                {
                    scanned = k;
                    break;
                }
            }
            if (scanned != found)
            {
                throw new IllegalStateException("MM'_k is not monotone: scan " + scanned + ", bisection " + found);
            }
        }
        return found < 0 ? quantity : found * lot;
    }

    private static boolean meetsTarget(
        final Instrument instrument,
        final long quantity,
        final long k,
        final long maintenanceMargin,
        final long positionMaintenance,
        final BigInteger target)
    {
        final long remaining = quantity - k * instrument.lotSize;
        final long remainingNotional = ceil(big(remaining).multiply(big(ReferenceMargin.mark(instrument))), BIG_R,
            "notional");
        final BigInteger after = big(maintenanceMargin).subtract(big(positionMaintenance))
            .add(big(ReferenceMargin.maintenanceMargin(instrument, remainingNotional)));
        return after.multiply(BIG_R).compareTo(target) <= 0;
    }

    /**
     * The exact bankruptcy price {@code P ∓ MB·R/Q} of §10.4 as a numerator over {@code Q}.
     */
    private static BigInteger bankruptcyNumerator(final Instrument instrument, final Position position,
        final long marginBalance)
    {
        final BigInteger markTimesQuantity = big(ReferenceMargin.mark(instrument))
            .multiply(big(Math.abs(position.size)));
        final BigInteger shift = big(marginBalance).multiply(BIG_R);
        return position.size > 0 ? markTimesQuantity.subtract(shift) : markTimesQuantity.add(shift);
    }

    /** §10.4 limit: through the mark → the price band, else the bankruptcy price; rounded to the tick, clamped. */
    private static long liquidationLimit(final Instrument instrument, final Position position,
        final long marginBalance)
    {
        final BigInteger quantity = big(Math.abs(position.size));
        final BigInteger mark = big(ReferenceMargin.mark(instrument));
        final BigInteger numerator = bankruptcyNumerator(instrument, position, marginBalance);
        final BigInteger markNumerator = mark.multiply(quantity);
        if (position.size > 0)
        {
            if (numerator.compareTo(markNumerator) > 0)
            {
                return toTick(mark.multiply(big(R - instrument.liquidationPriceBand)), BIG_R, instrument,
                    RoundingMode.CEILING);
            }
            return toTick(numerator, quantity, instrument, RoundingMode.CEILING);
        }
        if (numerator.compareTo(markNumerator) < 0)
        {
            return toTick(mark.multiply(big(R + instrument.liquidationPriceBand)), BIG_R, instrument,
                RoundingMode.FLOOR);
        }
        return toTick(numerator, quantity, instrument, RoundingMode.FLOOR);
    }

    /**
     * {@code ceilToTick}/{@code floorToTick} of the exact rational {@code numerator/denominator}, clamped to
     * {@code [tick, floor(Long.MAX_VALUE/tick)·tick]}.
     */
    private static long toTick(final BigInteger numerator, final BigInteger denominator, final Instrument instrument,
        final RoundingMode mode)
    {
        final BigInteger tick = big(instrument.tickSize);
        final BigInteger ticks = Exact.quotient(numerator, denominator.multiply(tick), mode);
        final BigInteger highest = big(Long.MAX_VALUE / instrument.tickSize);
        final BigInteger clamped = ticks.max(BigInteger.ONE).min(highest);
        return clamped.multiply(tick).longValueExact();
    }

    /**
     * §10.6: one ADL step for the position of the liquidated account on {@code instrumentId}. The price and the
     * ranking are computed once; each candidate is closed in its own attempt, and the step stops before a candidate
     * whose closing would store or emit a value that does not fit.
     */
    private void adlStep(final long accountId, final int scope, final int instrumentId, final Set<Long> touched)
    {
        final Account account = working.accounts.get(accountId);
        final Position position = account.positions.get(instrumentId);
        final Instrument instrument = working.instruments.get(instrumentId);
        position.adlRemaining = Math.min(position.adlRemaining, Math.abs(position.size));
        long remaining = position.adlRemaining;
        if (remaining <= 0)
        {
            return;
        }
        final long price;
        final List<Long> ranking;
        try
        {
            final long marginBalance = scopeMarginBalance(account, scope);
            final BigInteger numerator = bankruptcyNumerator(instrument, position, marginBalance);
            price = toTick(numerator, big(Math.abs(position.size)), instrument,
                position.size > 0 ? RoundingMode.FLOOR : RoundingMode.CEILING);
            ranking = rankCandidates(accountId, position, instrument);
        }
        catch (final OverflowException ex)
        {
            return;
        }
        boolean closedAny = false;
        for (final long candidateId : ranking)
        {
            if (remaining <= 0)
            {
                break;
            }
            final long request = remaining;
            final long[] closed = new long[1];
            final boolean done = attempt(t ->
            {
                closed[0] = closeAgainst(accountId, instrumentId, candidateId, request, price);
                t.add(candidateId);
                return true;
            }, touched);
            if (!done)
            {
                break;
            }
            remaining -= closed[0];
            closedAny = true;
        }
        if (closedAny)
        {
            final Account liquidated = working.accounts.get(accountId);
            emitPositionUpdate(liquidated, liquidated.positions.get(instrumentId));
            emitAccountUpdate(liquidated);
            touched.add(accountId);
        }
    }

    /**
     * ADL candidates (§10.6): opposite positions on the instrument with {@code UPnL > 0} whose scope is not in
     * liquidation, by score descending, then account id ascending. A candidate whose values do not fit is none.
     */
    private List<Long> rankCandidates(final long accountId, final Position position, final Instrument instrument)
    {
        final List<long[]> scored = new ArrayList<>();
        final BigInteger max = big(Long.MAX_VALUE);
        for (final Account other : working.accounts.values())
        {
            final Position candidate = other.positions.get(instrument.id);
            if (other.id == accountId || null == candidate || 0 == candidate.size ||
                Long.signum(candidate.size) == Long.signum(position.size))
            {
                continue;
            }
            final int candidateScope = ReferenceState.CROSS == candidate.marginMode ? 0 : instrument.id;
            if (inLiquidation(other, candidateScope))
            {
                continue;
            }
            try
            {
                final long pnl = ReferenceMargin.unrealizedPnl(candidate, instrument);
                if (pnl <= 0)
                {
                    continue;
                }
                final BigInteger pnlPercent = 0 == candidate.cost ? max :
                    Exact.quotient(big(pnl).multiply(BIG_R), big(candidate.cost), RoundingMode.FLOOR).min(max);
                final long notional = ReferenceMargin.notional(candidate, instrument);
                final long candidateBalance = scopeMarginBalance(other, candidateScope);
                final BigInteger score = candidateBalance <= 0 ? max : Exact.quotient(
                    pnlPercent.multiply(big(notional)), big(candidateBalance), RoundingMode.FLOOR).min(max);
                scored.add(new long[]{ score.longValueExact(), other.id });
            }
            catch (final OverflowException ex)
            {
                continue;
            }
        }
        scored.sort((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
        final List<Long> ranking = new ArrayList<>();
        for (final long[] entry : scored)
        {
            ranking.add(entry[1]);
        }
        return ranking;
    }

    /**
     * Closes {@code x = min(request, Q_c)} of the candidate and of the liquidated position at the ADL price, each
     * side like a fill with fee 0 (funding first; the liquidated isolated side keeps everything in its isolated
     * margin), emits {@code AutoDeleverage} and the candidate's updates, and checks that the liquidated account's
     * updates can be formed. Returns x.
     */
    private long closeAgainst(
        final long accountId, final int instrumentId, final long candidateId, final long request, final long price)
    {
        final Instrument instrument = working.instruments.get(instrumentId);
        final Account candidate = working.accounts.get(candidateId);
        final Position candidatePosition = candidate.positions.get(instrumentId);
        final Account liquidated = working.accounts.get(accountId);
        final Position position = liquidated.positions.get(instrumentId);
        final long quantity = Math.min(request, Math.abs(candidatePosition.size));
        final Side candidateSide = candidatePosition.size > 0 ? Side.SELL : Side.BUY;

        realizeFunding(candidate, candidatePosition, instrument);
        reduce(candidate, candidatePosition, quantity, price, false);
        realizeFunding(liquidated, position, instrument);
        reduce(liquidated, position, quantity, price, ReferenceState.ISOLATED == position.marginMode);
        position.adlRemaining -= quantity;

        final AutoDeleverageEncoder encoder = new AutoDeleverageEncoder();
        final UnsafeBuffer buffer = newMessageBuffer();
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(seq)
            .accountId(candidateId)
            .liquidatedAccountId(accountId)
            .instrumentId(instrumentId)
            .side(candidateSide)
            .quantity(quantity)
            .price(price);
        addToOutbox(buffer, encoder.encodedLength());
        emitPositionUpdate(candidate, candidatePosition);
        emitAccountUpdate(candidate);
        requireAccountFits(candidate);
        requireAccountFits(liquidated);
        return quantity;
    }

    /**
     * Throws {@link OverflowException} unless every value an {@code AccountUpdate} of the account or a
     * {@code PositionUpdate} of any of its positions would carry, and the margin ratio of each of its scopes, fits
     * (§10.6, §11: what a liquidation action "emits" when it changes an account).
     */
    private void requireAccountFits(final Account account)
    {
        final int before = outbox.size();
        emitAccountUpdate(account);
        for (final Position position : account.positions.values())
        {
            if (0 != position.size)
            {
                emitPositionUpdate(account, position);
                if (ReferenceState.ISOLATED == position.marginMode)
                {
                    final Instrument instrument = margin.instrumentOf(position);
                    ReferenceMargin.marginRatio(ReferenceMargin.maintenanceMargin(position, instrument),
                        ReferenceMargin.isolatedMarginBalance(position, instrument));
                }
            }
        }
        truncateOutbox(before);
    }

    /**
     * §10.7: cover a flat scope's deficit from the insurance fund, return a flat isolated position's margin to the
     * wallet, clear the flag and every {@code adlRemaining} of the scope, emit {@code LiquidationCompleted} and the
     * updates. The account counts as touched when the fund paid ({@code c > 0}) or an isolated margin was returned.
     */
    private boolean complete(final long accountId, final int scope, final boolean flat, final Set<Long> touched)
    {
        final Account account = working.accounts.get(accountId);
        final Position isolated = 0 == scope ? null : account.positions.get(scope);
        if (flat)
        {
            final long deficit = Exact.fit(big(null == isolated ?
                margin.collateralValue(account) : isolated.isolatedMargin).negate(), "deficit");
            if (deficit > 0)
            {
                final long cover = Math.min(deficit, Math.max(0, insuranceFund()));
                if (cover > 0)
                {
                    final long fund = insuranceFund() - cover;
                    working.insuranceFund.put(working.settlementAssetId, fund);
                    if (null == isolated)
                    {
                        credit(account, working.settlementAssetId, cover);
                    }
                    else
                    {
                        isolated.isolatedMargin = add(isolated.isolatedMargin, cover, "isolated margin");
                    }
                    emitInsuranceFundUpdate(working.settlementAssetId, fund, -cover,
                        InsuranceFundReason.BANKRUPTCY_COVER);
                    touched.add(accountId);
                }
            }
            if (null != isolated)
            {
                credit(account, working.settlementAssetId, isolated.isolatedMargin);
                isolated.isolatedMargin = 0;
                touched.add(accountId);
            }
        }
        setInLiquidation(account, scope, false);
        for (final Position position : scopePositions(account, scope))
        {
            position.adlRemaining = 0;
        }
        final LiquidationCompletedEncoder encoder = new LiquidationCompletedEncoder();
        final UnsafeBuffer buffer = newMessageBuffer();
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(seq)
            .accountId(accountId)
            .instrumentId(scope);
        addToOutbox(buffer, encoder.encodedLength());
        if (null != isolated)
        {
            emitPositionUpdate(account, isolated);
        }
        emitAccountUpdate(account);
        requireAccountFits(account);
        return false;
    }

    /**
     * A liquidation action on a copy of the state: kept (with its outputs and the accounts it touched) when nothing
     * it stores or emits overflows, else discarded as if never tried (§11, overflow).
     */
    private boolean attempt(final LiquidationAction action, final Set<Long> touched)
    {
        final ReferenceState saved = working;
        final int outboxSize = outbox.size();
        working = saved.copy();
        margin = new ReferenceMargin(working);
        final Set<Long> touchedByAction = new TreeSet<>();
        try
        {
            final boolean result = action.run(touchedByAction);
            touched.addAll(touchedByAction);
            return result;
        }
        catch (final OverflowException ex)
        {
            working = saved;
            margin = new ReferenceMargin(saved);
            truncateOutbox(outboxSize);
            return false;
        }
    }

    /**
     * One liquidation action; returns its own verdict (see the callers), adds the accounts it touched.
     */
    @FunctionalInterface
    private interface LiquidationAction
    {
        boolean run(Set<Long> touched);
    }

    private void truncateOutbox(final int size)
    {
        while (outbox.size() > size)
        {
            outbox.remove(outbox.size() - 1);
        }
    }

    // ======================================================================== state helpers

    /** The side with that wire value, or {@code NULL_VAL} (rejected as {@code MALFORMED}) when undefined. */
    private static Side sideOf(final short raw)
    {
        for (final Side side : Side.values())
        {
            if (side != Side.NULL_VAL && side.value() == raw)
            {
                return side;
            }
        }
        return Side.NULL_VAL;
    }

    /** The margin mode with that wire value, or {@code NULL_VAL} when undefined. */
    private static MarginMode marginModeOf(final short raw)
    {
        for (final MarginMode mode : MarginMode.values())
        {
            if (mode != MarginMode.NULL_VAL && mode.value() == raw)
            {
                return mode;
            }
        }
        return MarginMode.NULL_VAL;
    }

    /** The boolean with that wire value, or {@code NULL_VAL} when undefined. */
    private static BooleanType booleanOf(final short raw)
    {
        for (final BooleanType value : BooleanType.values())
        {
            if (value != BooleanType.NULL_VAL && value.value() == raw)
            {
                return value;
            }
        }
        return BooleanType.NULL_VAL;
    }

    private Position positionForUpdate(final Account account, final int instrumentId)
    {
        return account.positions.computeIfAbsent(
            instrumentId, id -> new Position(id, ReferenceMargin.defaultLeverage(working.instruments.get(id))));
    }

    private void credit(final Account account, final int assetId, final long amount)
    {
        account.wallets.put(assetId, add(account.wallet(assetId), amount, "wallet balance"));
    }

    // ======================================================================== outbound

    private UnsafeBuffer newMessageBuffer()
    {
        return new UnsafeBuffer(new byte[1024]);
    }

    private void addToOutbox(final UnsafeBuffer buffer, final int bodyLength)
    {
        outbox.add(Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + bodyLength));
    }

    private void emitAccountUpdate(final Account account)
    {
        final long maintenanceMargin = margin.crossMaintenanceMargin(account);
        final long marginBalance = margin.crossMarginBalance(account);
        final AccountUpdateEncoder encoder = new AccountUpdateEncoder();
        final UnsafeBuffer buffer = newMessageBuffer();
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(seq)
            .accountId(account.id)
            .walletBalance(account.wallet(working.settlementAssetId))
            .collateralValue(margin.collateralValue(account))
            .unrealizedPnl(margin.crossUnrealizedPnl(account))
            .marginBalance(marginBalance)
            .initialMargin(margin.crossInitialMargin(account))
            .maintenanceMargin(maintenanceMargin)
            .orderMargin(margin.totalOrderMargin(account))
            .availableBalance(margin.availableBalance(account))
            .withdrawable(margin.withdrawable(account))
            .marginRatio(ReferenceMargin.marginRatio(maintenanceMargin, marginBalance))
            .inLiquidation(account.crossInLiquidation ? BooleanType.TRUE : BooleanType.FALSE);
        addToOutbox(buffer, encoder.encodedLength());
    }

    private void emitInsuranceFundUpdate(
        final int assetId, final long balance, final long delta, final InsuranceFundReason reason)
    {
        final InsuranceFundUpdateEncoder encoder = new InsuranceFundUpdateEncoder();
        final UnsafeBuffer buffer = newMessageBuffer();
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(seq)
            .assetId(assetId)
            .balance(balance)
            .delta(delta)
            .reason(reason);
        addToOutbox(buffer, encoder.encodedLength());
    }

    private void emitPositionUpdate(final Account account, final Position position)
    {
        final Instrument instrument = margin.instrumentOf(position);
        final boolean flat = 0 == position.size;
        final PositionUpdateEncoder encoder = new PositionUpdateEncoder();
        final UnsafeBuffer buffer = newMessageBuffer();
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(seq)
            .accountId(account.id)
            .instrumentId(position.instrumentId)
            .marginMode(ReferenceState.ISOLATED == position.marginMode ? MarginMode.ISOLATED : MarginMode.CROSS)
            .leverage(position.leverage)
            .size(position.size)
            .entryPrice(ReferenceMargin.entryPrice(position))
            .markPrice(ReferenceMargin.mark(instrument))
            .unrealizedPnl(flat ? 0 : ReferenceMargin.unrealizedPnl(position, instrument))
            .realizedPnl(position.realizedSinceFlat)
            .accruedFunding(flat ? 0 : ReferenceMargin.accruedFunding(position, instrument))
            .isolatedMargin(position.isolatedMargin)
            .maintenanceMargin(ReferenceMargin.maintenanceMargin(position, instrument))
            .liquidationPrice(margin.liquidationPrice(account, position))
            .bankruptcyPrice(margin.bankruptcyPrice(account, position));
        addToOutbox(buffer, encoder.encodedLength());
    }

    private void rejectInKind(final RejectReason reason, final String detail)
    {
        if (NewOrderDecoder.TEMPLATE_ID == templateId)
        {
            rejectOrder(reason);
        }
        else if (WithdrawDecoder.TEMPLATE_ID == templateId)
        {
            rejectWithdraw(reason);
        }
        else
        {
            rejectEvent(reason, detail);
        }
    }

    /**
     * The gateway records a frame it refused as an {@code EventRejected} in the inbound stream; it is answered with
     * the same reject (reason, template id, detail) under this event's seq.
     */
    private void repeatIngressReject(
        final DirectBuffer buffer, final int offset, final int length, final int blockLength, final int version)
    {
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int end = offset + length;
        if (blockLength < EventRejectedDecoder.BLOCK_LENGTH ||
            body + blockLength + EventRejectedDecoder.detailHeaderLength() > end)
        {
            rejectEvent(RejectReason.MALFORMED, "ingress reject record too short");
            return;
        }
        final EventRejectedDecoder record = new EventRejectedDecoder().wrap(buffer, body, blockLength, version);
        final RejectReason reason = record.reason();
        final int rejectedTemplate = record.templateId();
        final int detailLength = record.detailLength();
        if (RejectReason.NULL_VAL == reason || detailLength > 1024 ||
            body + blockLength + EventRejectedDecoder.detailHeaderLength() + detailLength > end)
        {
            rejectEvent(RejectReason.MALFORMED, "ingress reject record malformed");
            return;
        }
        templateId = rejectedTemplate;
        rejectEvent(reason, record.detail());
    }

    private void rejectEvent(final RejectReason reason, final String detail)
    {
        final EventRejectedEncoder encoder = new EventRejectedEncoder();
        final UnsafeBuffer buffer = newMessageBuffer();
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(seq)
            .reason(reason)
            .templateId(templateId)
            .detail(detail.length() > 200 ? detail.substring(0, 200) : detail);
        addToOutbox(buffer, encoder.encodedLength());
        outboxRejects.add(reason);
    }

    private void rejectOrder(final RejectReason reason)
    {
        counters.ordersRejected++;
        final OrderRejectedEncoder encoder = new OrderRejectedEncoder();
        final UnsafeBuffer buffer = newMessageBuffer();
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(seq)
            .orderId(rejectOrderId)
            .accountId(rejectAccountId)
            .reason(reason);
        addToOutbox(buffer, encoder.encodedLength());
        outboxRejects.add(reason);
    }

    private void rejectWithdraw(final RejectReason reason)
    {
        final WithdrawRejectedEncoder encoder = new WithdrawRejectedEncoder();
        final UnsafeBuffer buffer = newMessageBuffer();
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(seq)
            .requestId(rejectRequestId)
            .accountId(rejectAccountId)
            .reason(reason);
        addToOutbox(buffer, encoder.encodedLength());
        outboxRejects.add(reason);
    }

    // ======================================================================== counters and ledger views

    private final class Counters implements EngineCounters
    {
        private long eventsApplied;
        private long ordersAccepted;
        private long ordersRejected;
        private long fillAnomalies;
        private long liquidationsStarted;
        private long autoDeleverages;
        private long liquidationsCompleted;
        private long liquidationOrders;
        private long bankruptcyCovers;
        private final Map<Integer, Long> byTemplate = new HashMap<>();
        private final Map<Integer, Long> byReason = new HashMap<>();

        public long eventsApplied()
        {
            return eventsApplied;
        }

        public long eventsByTemplate(final int templateId)
        {
            return byTemplate.getOrDefault(templateId, 0L);
        }

        public long rejectsByReason(final int reasonCode)
        {
            return byReason.getOrDefault(reasonCode, 0L);
        }

        public long ordersAccepted()
        {
            return ordersAccepted;
        }

        public long ordersRejected()
        {
            return ordersRejected;
        }

        public long liquidationsStarted()
        {
            return liquidationsStarted;
        }

        public long autoDeleverages()
        {
            return autoDeleverages;
        }

        public long liquidationsCompleted()
        {
            return liquidationsCompleted;
        }

        public long liquidationOrders()
        {
            return liquidationOrders;
        }

        public long bankruptcyCovers()
        {
            return bankruptcyCovers;
        }

        /** Counts the liquidation messages among one event's final outputs. */
        void countLiquidationOutputs(final List<byte[]> messages)
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final InsuranceFundUpdateDecoder fundUpdate = new InsuranceFundUpdateDecoder();
            for (final byte[] message : messages)
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(message);
                header.wrap(buffer, 0);
                switch (header.templateId())
                {
                    case LiquidationStartedDecoder.TEMPLATE_ID:
                        liquidationsStarted++;
                        break;
                    case AutoDeleverageDecoder.TEMPLATE_ID:
                        autoDeleverages++;
                        break;
                    case LiquidationCompletedDecoder.TEMPLATE_ID:
                        liquidationsCompleted++;
                        break;
                    case LiquidationOrderDecoder.TEMPLATE_ID:
                        liquidationOrders++;
                        break;
                    case InsuranceFundUpdateDecoder.TEMPLATE_ID:
                        if (InsuranceFundReason.BANKRUPTCY_COVER == fundUpdate.wrap(buffer,
                            MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version()).reason())
                        {
                            bankruptcyCovers++;
                        }
                        break;
                    default:
                        break;
                }
            }
        }

        public long fillAnomalies()
        {
            return fillAnomalies;
        }

        public long insuranceFundBalance()
        {
            return 0 == state.settlementAssetId ? 0 : state.insuranceFund.getOrDefault(state.settlementAssetId, 0L);
        }

        public long accounts()
        {
            return state.accounts.size();
        }
    }

    private final class Ledger implements EngineLedger
    {
        public long totalDeposits(final int assetId)
        {
            return state.totalDeposits.getOrDefault(assetId, 0L);
        }

        public long totalWithdrawals(final int assetId)
        {
            return state.totalWithdrawals.getOrDefault(assetId, 0L);
        }

        public long totalWallets(final int assetId)
        {
            BigInteger total = BigInteger.ZERO;
            for (final Account account : state.accounts.values())
            {
                total = total.add(big(account.wallet(assetId)));
            }
            // Partial sums may leave the long range; the total is a ledger figure and must fit.
            return total.longValueExact();
        }

        public long totalIsolatedMargin()
        {
            BigInteger total = BigInteger.ZERO;
            for (final Account account : state.accounts.values())
            {
                for (final Position position : account.positions.values())
                {
                    total = total.add(big(position.isolatedMargin));
                }
            }
            // Partial sums may leave the long range; the total is a ledger figure and must fit.
            return total.longValueExact();
        }

        public long insuranceFund(final int assetId)
        {
            return state.insuranceFund.getOrDefault(assetId, 0L);
        }

        public long feesCollected()
        {
            return state.feesCollected;
        }

        public long fundingClearing()
        {
            return state.fundingClearing;
        }

        /**
         * Σ over every position of {@code sign(size)·cost}: the realized PnL paid out ahead of the counterparties'
         * unrealized losses, so that {@code deposits − withdrawals = wallets + isolatedMargin + insuranceFund +
         * feesCollected + fundingClearing − totalSignedEntryCost} for the settlement asset.
         *
         * @return the signed entry cost of all open positions.
         */
        public long totalSignedEntryCost()
        {
            BigInteger total = BigInteger.ZERO;
            for (final Account account : state.accounts.values())
            {
                for (final Position position : account.positions.values())
                {
                    total = total.add(big(ReferenceMargin.signedCost(position)));
                }
            }
            // Partial sums may leave the long range; the total is a ledger figure and must fit.
            return total.longValueExact();
        }
    }
}
