package io.perprisk.client;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.exceptions.DriverTimeoutException;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
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
import io.perprisk.codecs.OutboundMessageHandler;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A small Java client of a running perp-risk service, for matching engines, price feeds, tools and tests: publishes
 * typed inbound messages on the right stream (encoded with the generated SBE encoders) and delivers outbound messages
 * from the egress stream to an {@link OutboundMessageHandler}.
 * <p>
 * Sending blocks (retrying with an idle strategy) while the stream is back-pressured or not yet connected, up to the
 * send timeout, then throws. Streams are ordered independently; with {@link Context#ordered(boolean)} the client
 * waits, whenever it switches stream, until the service has sequenced everything it sent, so the service sees the
 * messages in send order. That needs the service's counters (same media driver) and this client as the only sender.
 * <p>
 * Not thread safe: use one client per thread.
 */
public final class RiskClient implements AutoCloseable
{
    private final Context ctx;
    private final Aeron aeron;
    private final boolean ownsAeron;
    private final Publication[] publications = new Publication[StreamRole.values().length];
    private final Subscription egress;
    private final FragmentAssembler assembler;
    private final EgressFragmentHandler egressHandler = new EgressFragmentHandler();
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 20, 1_000, 100_000);
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final OrderCanceledEncoder orderCanceled = new OrderCanceledEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final MarkPriceEncoder markPrice = new MarkPriceEncoder();
    private final AssetPriceEncoder assetPrice = new AssetPriceEncoder();
    private final FundingRateEncoder fundingRate = new FundingRateEncoder();
    private final AssetDefinitionEncoder assetDefinition = new AssetDefinitionEncoder();
    private final InstrumentDefinitionEncoder instrumentDefinition = new InstrumentDefinitionEncoder();
    private final AccountOpenEncoder accountOpen = new AccountOpenEncoder();
    private final DepositEncoder deposit = new DepositEncoder();
    private final InsuranceFundDepositEncoder insuranceFundDeposit = new InsuranceFundDepositEncoder();
    private final WithdrawEncoder withdraw = new WithdrawEncoder();
    private final SetLeverageEncoder setLeverage = new SetLeverageEncoder();
    private final SetMarginModeEncoder setMarginMode = new SetMarginModeEncoder();
    private final AdjustIsolatedMarginEncoder adjustIsolatedMargin = new AdjustIsolatedMarginEncoder();
    private final QueryAccountEncoder queryAccount = new QueryAccountEncoder();
    private boolean ordered;
    private StreamRole lastRole;
    private long sent;
    private volatile Throwable aeronError;
    private long sequencedBaseline = -1;
    private int sequencedCounterId = CountersReader.NULL_COUNTER_ID;

    private RiskClient(final Context ctx)
    {
        this.ctx = ctx;
        this.ordered = ctx.ordered;
        ownsAeron = null == ctx.aeron;
        if (ownsAeron &&
            !CommonContext.isDriverActive(new File(ctx.aeronDirectoryName), ctx.driverTimeoutMs, (s) -> {}))
        {
            throw new NoServiceException("no service is running: no live media driver at " + ctx.aeronDirectoryName);
        }
        aeron = ownsAeron ? Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName)
            .driverTimeoutMs(ctx.driverTimeoutMs).errorHandler(this::onAeronError)) : ctx.aeron;
        try
        {
            for (final StreamRole role : StreamRole.values())
            {
                publications[role.ordinal()] = aeron.addPublication(ctx.ingressChannel, ctx.streamId(role));
            }
            egress = ctx.subscribeEgress ? aeron.addSubscription(ctx.egressChannel, ctx.egressStreamId) : null;
            assembler = new FragmentAssembler(egressHandler);
        }
        catch (final RuntimeException ex)
        {
            if (ownsAeron)
            {
                CloseHelper.quietClose(aeron);
            }
            throw ex;
        }
    }

    private void onAeronError(final Throwable error)
    {
        if (null == aeronError)
        {
            aeronError = error;
        }
        if (!(error instanceof DriverTimeoutException))
        {
            error.printStackTrace();
        }
    }

    /**
     * Is the connection to the service's media driver still up: false once the Aeron client has closed, e.g. after
     * the driver stopped sending heartbeats for the driver timeout.
     *
     * @return true while connected.
     */
    public boolean isDriverConnected()
    {
        return !aeron.isClosed() && null == aeronError;
    }

    private void ensureDriverConnected()
    {
        if (!isDriverConnected())
        {
            throw new NoServiceException("the service's media driver stopped" +
                (null == aeronError ? "" : " (" + aeronError.getClass().getSimpleName() + ")"));
        }
    }

    /**
     * Connect to a service.
     *
     * @param ctx where the service is; the client keeps it.
     * @return the connected client.
     */
    public static RiskClient connect(final Context ctx)
    {
        return new RiskClient(ctx);
    }

    /**
     * Wait until every inbound stream (and the egress stream, if subscribed) is connected to the service.
     *
     * @param timeoutMs how long to wait.
     * @return true if connected within the timeout.
     */
    public boolean awaitConnected(final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadlineNs)
        {
            boolean connected = null == egress || egress.isConnected();
            for (final Publication publication : publications)
            {
                connected &= publication.isConnected();
            }
            if (connected)
            {
                return true;
            }
            idle.idle();
        }
        return false;
    }

    /**
     * Send one encoded SBE message (header included) on the stream of a role, blocking while back-pressured or not
     * connected, up to the send timeout. The message is sent as is, even if the service will refuse it.
     *
     * @param role   of the stream to send on.
     * @param buffer holding the message.
     * @param offset at which it starts.
     * @param length of the message.
     * @throws IllegalStateException if it could not be sent within the timeout or the publication is closed.
     */
    public void send(final StreamRole role, final DirectBuffer buffer, final int offset, final int length)
    {
        if (ordered && null != lastRole && lastRole != role)
        {
            awaitSequenced(ctx.sendTimeoutMs);
        }
        if (ordered && sequencedBaseline < 0)
        {
            sequencedBaseline = sequencedCount();
        }

        final Publication publication = publications[role.ordinal()];
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.sendTimeoutMs);
        idle.reset();
        while (true)
        {
            final long result = publication.offer(buffer, offset, length);
            if (result > 0)
            {
                break;
            }
            ensureDriverConnected();
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("cannot send on " + role + ": " + Publication.errorString(result));
            }
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException(
                    "timed out sending on " + role + ": " + Publication.errorString(result));
            }
            idle.idle();
        }
        lastRole = role;
        sent++;
    }

    /**
     * Send a message on the stream its template belongs to.
     *
     * @param buffer holding the message, header first.
     * @param offset at which it starts.
     * @param length of the message.
     * @throws IllegalArgumentException if the template is not an inbound one.
     */
    public void send(final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId = buffer.getShort(offset + 2, LITTLE_ENDIAN) & 0xFFFF;
        final StreamRole role = StreamRole.forTemplate(templateId);
        if (null == role)
        {
            throw new IllegalArgumentException("not an inbound template: " + templateId);
        }
        send(role, buffer, offset, length);
    }

    /**
     * Switch ordered sending (see {@link Context#ordered(boolean)}) on or off, e.g. on for a set-up phase and off for
     * a flow where each stream's own order is enough. Switching it on later counts from the first send after that.
     *
     * @param ordered true to wait for sequencing when switching stream.
     * @return this for a fluent API.
     */
    public RiskClient ordered(final boolean ordered)
    {
        if (ordered && !this.ordered)
        {
            sequencedBaseline = -1;
            sent = 0;
            lastRole = null;
        }
        this.ordered = ordered;
        return this;
    }

    /**
     * Messages this client has sent.
     *
     * @return the count of messages sent.
     */
    public long sentCount()
    {
        return sent;
    }

    /**
     * The service's last assigned sequence number, read from its counter, or -1 if the counter is not visible.
     *
     * @return the last sequenced number.
     */
    public long sequencedCount()
    {
        ensureDriverConnected();
        final CountersReader counters = aeron.countersReader();
        if (sequencedCounterId == CountersReader.NULL_COUNTER_ID ||
            counters.getCounterState(sequencedCounterId) != CountersReader.RECORD_ALLOCATED ||
            counters.getCounterTypeId(sequencedCounterId) != ServiceCounters.INGRESS_SEQUENCED_TYPE_ID)
        {
            sequencedCounterId = findCounter(counters, ServiceCounters.INGRESS_SEQUENCED_TYPE_ID);
        }
        return sequencedCounterId == CountersReader.NULL_COUNTER_ID ? -1 :
            counters.getCounterValue(sequencedCounterId);
    }

    /**
     * Wait until the service has sequenced every message this client sent since its first ordered send.
     *
     * @param timeoutMs how long to wait.
     * @throws IllegalStateException on timeout or if the service's counters are not visible.
     */
    public void awaitSequenced(final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        idle.reset();
        while (true)
        {
            final long sequenced = sequencedCount();
            if (sequenced < 0)
            {
                throw new IllegalStateException("service counters not visible; ordered sending needs them");
            }
            if (sequenced - Math.max(0, sequencedBaseline) >= sent)
            {
                return;
            }
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("timed out waiting for the service to sequence " + sent + " messages");
            }
            idle.idle();
        }
    }

    /**
     * Value of one of the service's counters, found by type id (see {@link ServiceCounters}).
     *
     * @param typeId of the counter.
     * @return its value, or -1 if the service's counters are not visible.
     */
    public long serviceCounter(final int typeId)
    {
        ensureDriverConnected();
        final CountersReader counters = aeron.countersReader();
        final int counterId = findCounter(counters, typeId);
        return counterId == CountersReader.NULL_COUNTER_ID ? -1 : counters.getCounterValue(counterId);
    }

    /**
     * Sequence number of the first message sent with {@link Context#ordered(boolean)}, 0 before the first send.
     *
     * @return the first sequence number this client's messages got.
     */
    public long firstSeq()
    {
        return sequencedBaseline < 0 ? 0 : sequencedBaseline + 1;
    }

    /**
     * Find a counter by type id.
     *
     * @param counters to search.
     * @param typeId   of the counter.
     * @return the counter id or {@link CountersReader#NULL_COUNTER_ID}.
     */
    public static int findCounter(final CountersReader counters, final int typeId)
    {
        final int maxId = counters.maxCounterId();
        for (int id = 0; id < maxId; id++)
        {
            final int state = counters.getCounterState(id);
            if (state == CountersReader.RECORD_ALLOCATED && counters.getCounterTypeId(id) == typeId)
            {
                return id;
            }
            if (state == CountersReader.RECORD_UNUSED)
            {
                break;
            }
        }
        return CountersReader.NULL_COUNTER_ID;
    }

    /**
     * Deliver outbound messages received on the egress stream.
     *
     * @param handler       to receive each message (seq read from the message).
     * @param fragmentLimit most fragments to read.
     * @return number of fragments read.
     */
    public int poll(final OutboundMessageHandler handler, final int fragmentLimit)
    {
        if (null == egress)
        {
            return 0;
        }
        egressHandler.handler = handler;
        return egress.poll(assembler, fragmentLimit);
    }

    /**
     * Send a {@code NewOrder} on the trading stream. Prices and quantities are raw (value times 10^8).
     *
     * @param orderId      of the order.
     * @param accountId    placing it.
     * @param instrumentId of the instrument.
     * @param side         buy or sell.
     * @param price        limit price, raw.
     * @param quantity     quantity, raw.
     * @param reduceOnly   true for reduce-only.
     */
    public void newOrder(final long orderId, final long accountId, final int instrumentId, final Side side,
        final long price, final long quantity, final boolean reduceOnly)
    {
        newOrder.wrapAndApplyHeader(buffer, 0, header).orderId(orderId).accountId(accountId)
            .instrumentId(instrumentId).side(side).price(price).quantity(quantity)
            .reduceOnly(reduceOnly ? BooleanType.TRUE : BooleanType.FALSE);
        send(StreamRole.TRADING, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength());
    }

    /**
     * Send an {@code OrderCanceled} on the trading stream.
     *
     * @param orderId      of the order.
     * @param accountId    owning it.
     * @param instrumentId of the instrument.
     * @param quantity     that was left, raw.
     */
    public void orderCanceled(final long orderId, final long accountId, final int instrumentId, final long quantity)
    {
        orderCanceled.wrapAndApplyHeader(buffer, 0, header).orderId(orderId).accountId(accountId)
            .instrumentId(instrumentId).quantity(quantity);
        send(StreamRole.TRADING, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + orderCanceled.encodedLength());
    }

    /**
     * Send a {@code Fill} on the trading stream.
     *
     * @param tradeId      of the trade.
     * @param orderId      of the order filled.
     * @param accountId    owning it.
     * @param instrumentId of the instrument.
     * @param side         of this account.
     * @param price        of the trade, raw.
     * @param quantity     filled, raw.
     * @param fee          charged (negative for a rebate), raw.
     * @param timestamp    of the trade, nanoseconds since the epoch.
     */
    public void fill(final long tradeId, final long orderId, final long accountId, final int instrumentId,
        final Side side, final long price, final long quantity, final long fee, final long timestamp)
    {
        fill.wrapAndApplyHeader(buffer, 0, header).tradeId(tradeId).orderId(orderId).accountId(accountId)
            .instrumentId(instrumentId).side(side).price(price).quantity(quantity).fee(fee).timestamp(timestamp);
        send(StreamRole.TRADING, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + fill.encodedLength());
    }

    /**
     * Send a {@code MarkPrice} on the prices stream.
     *
     * @param instrumentId of the instrument.
     * @param price        mark price, raw.
     * @param timestamp    nanoseconds since the epoch.
     */
    public void markPrice(final int instrumentId, final long price, final long timestamp)
    {
        markPrice.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).price(price).timestamp(timestamp);
        send(StreamRole.PRICES, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + markPrice.encodedLength());
    }

    /**
     * Send an {@code AssetPrice} on the prices stream.
     *
     * @param assetId   of the collateral asset.
     * @param price     in the settlement asset, raw.
     * @param timestamp nanoseconds since the epoch.
     */
    public void assetPrice(final int assetId, final long price, final long timestamp)
    {
        assetPrice.wrapAndApplyHeader(buffer, 0, header).assetId(assetId).price(price).timestamp(timestamp);
        send(StreamRole.PRICES, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + assetPrice.encodedLength());
    }

    /**
     * Send a {@code FundingRate} on the prices stream.
     *
     * @param instrumentId of the instrument.
     * @param rate         signed rate, raw.
     * @param timestamp    nanoseconds since the epoch.
     */
    public void fundingRate(final int instrumentId, final long rate, final long timestamp)
    {
        fundingRate.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).rate(rate).timestamp(timestamp);
        send(StreamRole.PRICES, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + fundingRate.encodedLength());
    }

    /**
     * Send an {@code AssetDefinition} on the admin stream.
     *
     * @param assetId         of the asset.
     * @param symbol          of the asset.
     * @param price           in the settlement asset, raw.
     * @param collateralRatio haircut factor, raw.
     */
    public void assetDefinition(final int assetId, final String symbol, final long price, final long collateralRatio)
    {
        assetDefinition.wrapAndApplyHeader(buffer, 0, header).assetId(assetId).price(price)
            .collateralRatio(collateralRatio).symbol(symbol);
        send(StreamRole.ADMIN, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + assetDefinition.encodedLength());
    }

    /**
     * Send an {@code InstrumentDefinition} on the admin stream. Tier arrays have one entry per tier.
     *
     * @param instrumentId           of the instrument.
     * @param symbol                 of the instrument.
     * @param settleAssetId          settlement asset.
     * @param tickSize               raw.
     * @param lotSize                raw.
     * @param liquidationFeeRate     raw.
     * @param liquidationPriceBand   raw.
     * @param liquidationTargetRatio raw.
     * @param notionalCaps           exclusive upper notional bound of each tier, raw.
     * @param maxLeverages           of each tier.
     * @param maintenanceMarginRates of each tier, raw.
     */
    public void instrumentDefinition(final int instrumentId, final String symbol, final int settleAssetId,
        final long tickSize, final long lotSize, final long liquidationFeeRate, final long liquidationPriceBand,
        final long liquidationTargetRatio, final long[] notionalCaps, final int[] maxLeverages,
        final long[] maintenanceMarginRates)
    {
        instrumentDefinition.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId)
            .settleAssetId(settleAssetId).tickSize(tickSize).lotSize(lotSize).liquidationFeeRate(liquidationFeeRate)
            .liquidationPriceBand(liquidationPriceBand).liquidationTargetRatio(liquidationTargetRatio);
        final InstrumentDefinitionEncoder.TiersEncoder tiers = instrumentDefinition.tiersCount(notionalCaps.length);
        for (int i = 0; i < notionalCaps.length; i++)
        {
            tiers.next().notionalCap(notionalCaps[i]).maxLeverage(maxLeverages[i])
                .maintenanceMarginRate(maintenanceMarginRates[i]);
        }
        instrumentDefinition.symbol(symbol);
        send(StreamRole.ADMIN, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + instrumentDefinition.encodedLength());
    }

    /**
     * Send an {@code AccountOpen} on the admin stream.
     *
     * @param accountId to open.
     */
    public void accountOpen(final long accountId)
    {
        accountOpen.wrapAndApplyHeader(buffer, 0, header).accountId(accountId);
        send(StreamRole.ADMIN, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + accountOpen.encodedLength());
    }

    /**
     * Send a {@code Deposit} on the admin stream.
     *
     * @param accountId to credit.
     * @param assetId   of the asset.
     * @param amount    raw.
     */
    public void deposit(final long accountId, final int assetId, final long amount)
    {
        deposit.wrapAndApplyHeader(buffer, 0, header).accountId(accountId).assetId(assetId).amount(amount);
        send(StreamRole.ADMIN, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + deposit.encodedLength());
    }

    /**
     * Send an {@code InsuranceFundDeposit} on the admin stream.
     *
     * @param assetId of the asset.
     * @param amount  raw.
     */
    public void insuranceFundDeposit(final int assetId, final long amount)
    {
        insuranceFundDeposit.wrapAndApplyHeader(buffer, 0, header).assetId(assetId).amount(amount);
        send(StreamRole.ADMIN, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + insuranceFundDeposit.encodedLength());
    }

    /**
     * Send a {@code Withdraw} on the admin stream.
     *
     * @param requestId of the request.
     * @param accountId to debit.
     * @param assetId   of the asset.
     * @param amount    raw.
     */
    public void withdraw(final long requestId, final long accountId, final int assetId, final long amount)
    {
        withdraw.wrapAndApplyHeader(buffer, 0, header).requestId(requestId).accountId(accountId).assetId(assetId)
            .amount(amount);
        send(StreamRole.ADMIN, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + withdraw.encodedLength());
    }

    /**
     * Send a {@code SetLeverage} on the admin stream.
     *
     * @param accountId    of the account.
     * @param instrumentId of the instrument.
     * @param leverage     whole-number leverage.
     */
    public void setLeverage(final long accountId, final int instrumentId, final int leverage)
    {
        setLeverage.wrapAndApplyHeader(buffer, 0, header).accountId(accountId).instrumentId(instrumentId)
            .leverage(leverage);
        send(StreamRole.ADMIN, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + setLeverage.encodedLength());
    }

    /**
     * Send a {@code SetMarginMode} on the admin stream.
     *
     * @param accountId    of the account.
     * @param instrumentId of the instrument.
     * @param marginMode   cross or isolated.
     */
    public void setMarginMode(final long accountId, final int instrumentId, final MarginMode marginMode)
    {
        setMarginMode.wrapAndApplyHeader(buffer, 0, header).accountId(accountId).instrumentId(instrumentId)
            .marginMode(marginMode);
        send(StreamRole.ADMIN, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + setMarginMode.encodedLength());
    }

    /**
     * Send an {@code AdjustIsolatedMargin} on the admin stream.
     *
     * @param accountId    of the account.
     * @param instrumentId of the instrument.
     * @param amount       signed, raw.
     */
    public void adjustIsolatedMargin(final long accountId, final int instrumentId, final long amount)
    {
        adjustIsolatedMargin.wrapAndApplyHeader(buffer, 0, header).accountId(accountId).instrumentId(instrumentId)
            .amount(amount);
        send(StreamRole.ADMIN, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + adjustIsolatedMargin.encodedLength());
    }

    /**
     * Send a {@code QueryAccount} on the admin stream.
     *
     * @param accountId to query.
     */
    public void queryAccount(final long accountId)
    {
        queryAccount.wrapAndApplyHeader(buffer, 0, header).accountId(accountId);
        send(StreamRole.ADMIN, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + queryAccount.encodedLength());
    }

    /**
     * Close the publications and subscription, and the Aeron client if this client created it.
     */
    public void close()
    {
        CloseHelper.closeAll(publications);
        CloseHelper.close(egress);
        if (ownsAeron)
        {
            CloseHelper.close(aeron);
        }
    }

    private static final class EgressFragmentHandler implements io.aeron.logbuffer.FragmentHandler
    {
        private OutboundMessageHandler handler;

        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            final long seq = length >= MessageHeaderEncoder.ENCODED_LENGTH + 8 ?
                buffer.getLong(offset + MessageHeaderEncoder.ENCODED_LENGTH, LITTLE_ENDIAN) : 0;
            handler.onOutbound(seq, buffer, offset, length);
        }
    }

    /**
     * Where the service is: Aeron directory, channels and stream ids. Defaults match the service's defaults.
     */
    public static final class Context
    {
        private String aeronDirectoryName = ServiceSettings.AERON_DIR_DEFAULT;
        private Aeron aeron;
        private String ingressChannel = ServiceSettings.INGRESS_CHANNEL_DEFAULT;
        private final int[] streamIds = {
            ServiceSettings.TRADING_STREAM_ID_DEFAULT,
            ServiceSettings.PRICES_STREAM_ID_DEFAULT,
            ServiceSettings.ADMIN_STREAM_ID_DEFAULT };
        private String egressChannel = ServiceSettings.EGRESS_CHANNEL_DEFAULT;
        private int egressStreamId = ServiceSettings.EGRESS_STREAM_ID_DEFAULT;
        private boolean subscribeEgress = true;
        private boolean ordered;
        private long sendTimeoutMs = 10_000;
        private long driverTimeoutMs = 10_000;

        /**
         * Take the Aeron directory, channels and stream ids from service properties.
         *
         * @param properties as for the service.
         * @return this for a fluent API.
         */
        public Context properties(final Properties properties)
        {
            aeronDirectoryName = properties.getProperty(ServiceSettings.AERON_DIR_PROP_NAME, aeronDirectoryName);
            ingressChannel = properties.getProperty(ServiceSettings.INGRESS_CHANNEL_PROP_NAME, ingressChannel);
            egressChannel = properties.getProperty(ServiceSettings.EGRESS_CHANNEL_PROP_NAME, egressChannel);
            streamIds[0] = Integer.parseInt(properties.getProperty(
                ServiceSettings.TRADING_STREAM_ID_PROP_NAME, Integer.toString(streamIds[0])));
            streamIds[1] = Integer.parseInt(properties.getProperty(
                ServiceSettings.PRICES_STREAM_ID_PROP_NAME, Integer.toString(streamIds[1])));
            streamIds[2] = Integer.parseInt(properties.getProperty(
                ServiceSettings.ADMIN_STREAM_ID_PROP_NAME, Integer.toString(streamIds[2])));
            egressStreamId = Integer.parseInt(properties.getProperty(
                ServiceSettings.EGRESS_STREAM_ID_PROP_NAME, Integer.toString(egressStreamId)));
            return this;
        }

        /**
         * Aeron directory of the media driver the service uses.
         *
         * @param aeronDirectoryName the directory.
         * @return this for a fluent API.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * Use an existing Aeron client instead of connecting a new one; it is not closed with this client.
         *
         * @param aeron the client.
         * @return this for a fluent API.
         */
        public Context aeron(final Aeron aeron)
        {
            this.aeron = aeron;
            return this;
        }

        /**
         * Channel of the inbound streams.
         *
         * @param channel Aeron channel URI.
         * @return this for a fluent API.
         */
        public Context ingressChannel(final String channel)
        {
            this.ingressChannel = channel;
            return this;
        }

        /**
         * Stream id of an inbound source.
         *
         * @param role     of the source.
         * @param streamId of its stream.
         * @return this for a fluent API.
         */
        public Context streamId(final StreamRole role, final int streamId)
        {
            streamIds[role.ordinal()] = streamId;
            return this;
        }

        /**
         * Stream id of an inbound source.
         *
         * @param role of the source.
         * @return its stream id.
         */
        public int streamId(final StreamRole role)
        {
            return streamIds[role.ordinal()];
        }

        /**
         * Channel of the egress stream.
         *
         * @param channel Aeron channel URI.
         * @return this for a fluent API.
         */
        public Context egressChannel(final String channel)
        {
            this.egressChannel = channel;
            return this;
        }

        /**
         * Stream id of the egress stream.
         *
         * @param streamId of the egress stream.
         * @return this for a fluent API.
         */
        public Context egressStreamId(final int streamId)
        {
            this.egressStreamId = streamId;
            return this;
        }

        /**
         * Whether to subscribe to the egress stream (a pure sender need not).
         *
         * @param subscribeEgress true to receive outbound messages.
         * @return this for a fluent API.
         */
        public Context subscribeEgress(final boolean subscribeEgress)
        {
            this.subscribeEgress = subscribeEgress;
            return this;
        }

        /**
         * Whether to keep the send order across streams (see the class Javadoc).
         *
         * @param ordered true to wait for sequencing when switching stream.
         * @return this for a fluent API.
         */
        public Context ordered(final boolean ordered)
        {
            this.ordered = ordered;
            return this;
        }

        /**
         * How long the media driver may go without a heartbeat before it is taken as gone: {@link #connect} refuses
         * at once ({@link NoServiceException}) when the driver's last heartbeat is older, and a connected client
         * closes when the driver stops for this long.
         *
         * @param driverTimeoutMs in milliseconds (Aeron's default is 10,000).
         * @return this for a fluent API.
         */
        public Context driverTimeoutMs(final long driverTimeoutMs)
        {
            this.driverTimeoutMs = driverTimeoutMs;
            return this;
        }

        /**
         * How long a send may block.
         *
         * @param sendTimeoutMs in milliseconds.
         * @return this for a fluent API.
         */
        public Context sendTimeoutMs(final long sendTimeoutMs)
        {
            this.sendTimeoutMs = sendTimeoutMs;
            return this;
        }
    }
}
