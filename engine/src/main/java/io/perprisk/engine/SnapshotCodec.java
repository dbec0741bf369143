package io.perprisk.engine;

import io.perprisk.codecs.sbe.snapshot.AccountStateDecoder;
import io.perprisk.codecs.sbe.snapshot.AccountStateEncoder;
import io.perprisk.codecs.sbe.snapshot.AssetStateDecoder;
import io.perprisk.codecs.sbe.snapshot.AssetStateEncoder;
import io.perprisk.codecs.sbe.snapshot.InstrumentStateDecoder;
import io.perprisk.codecs.sbe.snapshot.InstrumentStateEncoder;
import io.perprisk.codecs.sbe.snapshot.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.snapshot.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.snapshot.OrderStateDecoder;
import io.perprisk.codecs.sbe.snapshot.OrderStateEncoder;
import io.perprisk.codecs.sbe.snapshot.SnapshotBeginDecoder;
import io.perprisk.codecs.sbe.snapshot.SnapshotBeginEncoder;
import io.perprisk.codecs.sbe.snapshot.SnapshotEndDecoder;
import io.perprisk.codecs.sbe.snapshot.SnapshotEndEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes and restores the full engine state with the snapshot SBE schema
 * ({@code perp-risk-snapshot-schema.xml}): SnapshotBegin, assets, instruments, accounts, orders (each by id),
 * SnapshotEnd. Positions in their default state and zero balances are not written. Cold path.
 */
final class SnapshotCodec
{
    private SnapshotCodec()
    {
    }

    static int write(final PerpRiskEngine engine, final MutableDirectBuffer buffer, final int offset)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final int[] assetIds = StateDigest.sortedAssetIds(engine.state);
        final int[] instrumentIds = StateDigest.sortedInstrumentIds(engine.state);
        final long[] accountIds = StateDigest.sortedAccountIds(engine.state);
        final long[] orderIds = StateDigest.sortedOrderIds(engine.state);
        int position = offset;
        position = writeBegin(engine, buffer, position, header, assetIds.length, instrumentIds.length,
            accountIds.length, orderIds.length);
        position = writeAssets(engine, buffer, position, header, assetIds);
        position = writeInstruments(engine, buffer, position, header, instrumentIds);
        position = writeAccounts(engine, buffer, position, header, accountIds);
        position = writeOrders(engine, buffer, position, header, orderIds);
        final long messages = 1L + assetIds.length + instrumentIds.length + accountIds.length + orderIds.length;
        final SnapshotEndEncoder end = new SnapshotEndEncoder().wrapAndApplyHeader(buffer, position, header)
            .lastAppliedSeq(engine.state.lastAppliedSeq)
            .messageCount(messages + 1);
        position += MessageHeaderEncoder.ENCODED_LENGTH + end.encodedLength();
        return position - offset;
    }

    private static int writeBegin(
        final PerpRiskEngine engine,
        final MutableDirectBuffer buffer,
        final int start,
        final MessageHeaderEncoder header,
        final int assetCount,
        final int instrumentCount,
        final int accountCount,
        final int orderCount)
    {
        final EngineCountersImpl counters = engine.countersImpl();
        int position = start;
        final SnapshotBeginEncoder begin = new SnapshotBeginEncoder().wrapAndApplyHeader(buffer, position, header)
            .lastAppliedSeq(engine.state.lastAppliedSeq)
            .settleAssetId(engine.state.settleAssetId)
            .feesCollected(engine.state.feesCollected)
            .fundingClearing(engine.state.fundingClearing)
            .assetCount(assetCount)
            .instrumentCount(instrumentCount)
            .accountCount(accountCount)
            .orderCount(orderCount)
            .eventsApplied(counters.eventsApplied)
            .ordersAccepted(counters.ordersAccepted)
            .ordersRejected(counters.ordersRejected)
            .liquidationsStarted(counters.liquidationsStarted)
            .autoDeleverages(counters.autoDeleverages)
            .fillAnomalies(counters.fillAnomalies)
            .liquidationsCompleted(counters.liquidationsCompleted)
            .liquidationOrders(counters.liquidationOrders)
            .bankruptcyCovers(counters.bankruptcyCovers)
            .liquidationActionsSkipped(counters.liquidationActionsSkipped)
            .nextLiquidationOrderId(engine.state.nextLiquidationOrderId);
        final SnapshotBeginEncoder.TemplateCountsEncoder templates =
            begin.templateCountsCount(nonZero(counters.eventsByTemplate));
        for (int i = 0; i < counters.eventsByTemplate.length; i++)
        {
            if (counters.eventsByTemplate[i] != 0)
            {
                templates.next().templateId(i).total(counters.eventsByTemplate[i]);
            }
        }
        final SnapshotBeginEncoder.RejectCountsEncoder rejects =
            begin.rejectCountsCount(nonZero(counters.rejectsByReason));
        for (int i = 0; i < counters.rejectsByReason.length; i++)
        {
            if (counters.rejectsByReason[i] != 0)
            {
                rejects.next().reason(i).total(counters.rejectsByReason[i]);
            }
        }
        position += MessageHeaderEncoder.ENCODED_LENGTH + begin.encodedLength();
        return position;
    }

    private static int writeAssets(
        final PerpRiskEngine engine,
        final MutableDirectBuffer buffer,
        final int start,
        final MessageHeaderEncoder header,
        final int[] assetIds)
    {
        int position = start;
        final AssetStateEncoder assetEncoder = new AssetStateEncoder();
        for (final int id : assetIds)
        {
            final Asset asset = engine.assets.get(id);
            assetEncoder.wrapAndApplyHeader(buffer, position, header)
                .assetId(asset.id)
                .price(asset.price)
                .collateralRatio(asset.collateralRatio)
                .totalDeposits(asset.totalDeposits)
                .totalWithdrawals(asset.totalWithdrawals)
                .insuranceFund(asset.insuranceFund)
                .symbol(asset.symbol == null ? "" : asset.symbol);
            position += MessageHeaderEncoder.ENCODED_LENGTH + assetEncoder.encodedLength();
        }
        return position;
    }

    private static int writeInstruments(
        final PerpRiskEngine engine,
        final MutableDirectBuffer buffer,
        final int start,
        final MessageHeaderEncoder header,
        final int[] instrumentIds)
    {
        int position = start;
        final InstrumentStateEncoder instrumentEncoder = new InstrumentStateEncoder();
        for (final int id : instrumentIds)
        {
            final Instrument instrument = engine.instruments.get(id);
            instrumentEncoder.wrapAndApplyHeader(buffer, position, header)
                .instrumentId(instrument.id)
                .settleAssetId(instrument.settleAssetId)
                .tickSize(instrument.tickSize)
                .lotSize(instrument.lotSize)
                .liquidationFeeRate(instrument.liquidationFeeRate)
                .liquidationPriceBand(instrument.liquidationPriceBand)
                .liquidationTargetRatio(instrument.liquidationTargetRatio)
                .markPrice(instrument.markPrice)
                .fundingIndex(instrument.fundingIndex);
            final InstrumentStateEncoder.TiersEncoder tiers = instrumentEncoder.tiersCount(instrument.tierCount);
            for (int t = 0; t < instrument.tierCount; t++)
            {
                tiers.next()
                    .notionalCap(instrument.notionalCap[t])
                    .maxLeverage(instrument.maxLeverage[t])
                    .maintenanceMarginRate(instrument.maintenanceMarginRate[t])
                    .maintenanceAmount(instrument.maintenanceAmount[t]);
            }
            instrumentEncoder.symbol(instrument.symbol == null ? "" : instrument.symbol);
            position += MessageHeaderEncoder.ENCODED_LENGTH + instrumentEncoder.encodedLength();
        }
        return position;
    }

    private static int writeAccounts(
        final PerpRiskEngine engine,
        final MutableDirectBuffer buffer,
        final int start,
        final MessageHeaderEncoder header,
        final long[] accountIds)
    {
        int position = start;
        final AccountStateEncoder accountEncoder = new AccountStateEncoder();
        for (final long id : accountIds)
        {
            final Account account = engine.accounts.get(id);
            accountEncoder.wrapAndApplyHeader(buffer, position, header)
                .accountId(account.id)
                .crossDisarmed(account.crossDisarmed)
                .crossInLiquidation((short) (account.crossInLiquidation ? 1 : 0));
            int balanceCount = 0;
            for (int i = 0; i < account.balanceCount; i++)
            {
                balanceCount += account.balances[i] != 0 ? 1 : 0;
            }
            final AccountStateEncoder.BalancesEncoder balances = accountEncoder.balancesCount(balanceCount);
            for (int i = 0; i < account.balanceCount; i++)
            {
                if (account.balances[i] != 0)
                {
                    balances.next().assetId(account.balanceAssetIds[i]).balance(account.balances[i]);
                }
            }
            int positionCount = 0;
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                positionCount += StateDigest.isDefault(p) ? 0 : 1;
            }
            final AccountStateEncoder.PositionsEncoder positions = accountEncoder.positionsCount(positionCount);
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (!StateDigest.isDefault(p))
                {
                    positions.next()
                        .instrumentId(p.instrument.id)
                        .isolated((short) (p.isolated ? 1 : 0))
                        .leverage(p.leverage)
                        .size(p.size)
                        .cost(p.cost)
                        .fundingSnapshot(p.fundingSnapshot)
                        .isolatedMargin(p.isolatedMargin)
                        .realizedPnl(p.realizedPnl)
                        .disarmed(p.disarmed)
                        .inLiquidation((short) (p.inLiquidation ? 1 : 0))
                        .liqOrderId(p.liqOrderId)
                        .liqSide((short) (p.liqBuy ? 0 : 1))
                        .liqRemaining(p.liqRemaining)
                        .adlRemaining(p.adlRemaining);
                }
            }
            position += MessageHeaderEncoder.ENCODED_LENGTH + accountEncoder.encodedLength();
        }
        return position;
    }

    private static int writeOrders(
        final PerpRiskEngine engine,
        final MutableDirectBuffer buffer,
        final int start,
        final MessageHeaderEncoder header,
        final long[] orderIds)
    {
        int position = start;
        final OrderStateEncoder orderEncoder = new OrderStateEncoder();
        for (final long id : orderIds)
        {
            final Order order = engine.orders.get(id);
            orderEncoder.wrapAndApplyHeader(buffer, position, header)
                .orderId(order.id)
                .accountId(order.position.account.id)
                .instrumentId(order.position.instrument.id)
                .buy((short) (order.buy ? 1 : 0))
                .price(order.price)
                .remaining(order.remaining);
            position += MessageHeaderEncoder.ENCODED_LENGTH + orderEncoder.encodedLength();
        }
        return position;
    }

    static void load(final PerpRiskEngine engine, final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            loadChecked(engine, new UnsafeBuffer(buffer, offset, length), length);
        }
        catch (final IllegalArgumentException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("malformed snapshot: " + ex, ex);
        }
    }

    private static void loadChecked(final PerpRiskEngine engine, final DirectBuffer buffer, final int length)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        int position = 0;

        expect(header, buffer, position, SnapshotBeginDecoder.TEMPLATE_ID);
        final SnapshotBeginDecoder begin = new SnapshotBeginDecoder().wrapAndApplyHeader(buffer, position, header);
        engine.accounts.clear();
        engine.assets.clear();
        engine.instruments.clear();
        engine.orders.clear();
        final long lastAppliedSeq = begin.lastAppliedSeq();
        engine.state.lastAppliedSeq = lastAppliedSeq;
        engine.state.settleAssetId = begin.settleAssetId();
        engine.state.feesCollected = begin.feesCollected();
        engine.state.fundingClearing = begin.fundingClearing();
        final int assetCount = begin.assetCount();
        final int instrumentCount = begin.instrumentCount();
        final int accountCount = begin.accountCount();
        final int orderCount = begin.orderCount();
        engine.state.nextLiquidationOrderId = begin.nextLiquidationOrderId();
        restoreCounters(engine.countersImpl(), begin);
        position = begin.limit();
        position = loadAssets(engine, buffer, position, header, assetCount);
        position = loadInstruments(engine, buffer, position, header, instrumentCount);
        position = loadAccounts(engine, buffer, position, header, accountCount);
        position = loadOrders(engine, buffer, position, header, orderCount);

        expect(header, buffer, position, SnapshotEndDecoder.TEMPLATE_ID);
        final SnapshotEndDecoder end = new SnapshotEndDecoder().wrapAndApplyHeader(buffer, position, header);
        if (end.lastAppliedSeq() != lastAppliedSeq ||
            end.messageCount() != 2L + assetCount + instrumentCount + accountCount + orderCount)
        {
            throw new IllegalArgumentException("snapshot end does not match its beginning");
        }
        if (end.limit() > length)
        {
            throw new IllegalArgumentException("snapshot truncated");
        }
        engine.rebuildLiquidating();
    }

    private static void restoreCounters(final EngineCountersImpl counters, final SnapshotBeginDecoder begin)
    {
        counters.eventsApplied = begin.eventsApplied();
        counters.ordersAccepted = begin.ordersAccepted();
        counters.ordersRejected = begin.ordersRejected();
        counters.liquidationsStarted = begin.liquidationsStarted();
        counters.autoDeleverages = begin.autoDeleverages();
        counters.fillAnomalies = begin.fillAnomalies();
        counters.liquidationsCompleted = begin.liquidationsCompleted();
        counters.liquidationOrders = begin.liquidationOrders();
        counters.bankruptcyCovers = begin.bankruptcyCovers();
        counters.liquidationActionsSkipped = begin.liquidationActionsSkipped();
        java.util.Arrays.fill(counters.eventsByTemplate, 0);
        java.util.Arrays.fill(counters.rejectsByReason, 0);
        for (final SnapshotBeginDecoder.TemplateCountsDecoder t : begin.templateCounts())
        {
            counters.eventsByTemplate[t.templateId()] = t.total();
        }
        for (final SnapshotBeginDecoder.RejectCountsDecoder r : begin.rejectCounts())
        {
            counters.rejectsByReason[r.reason()] = r.total();
        }
    }

    private static int loadAssets(
        final PerpRiskEngine engine,
        final DirectBuffer buffer,
        final int start,
        final MessageHeaderDecoder header,
        final int assetCount)
    {
        int position = start;
        final AssetStateDecoder assetDecoder = new AssetStateDecoder();
        for (int i = 0; i < assetCount; i++)
        {
            expect(header, buffer, position, AssetStateDecoder.TEMPLATE_ID);
            assetDecoder.wrapAndApplyHeader(buffer, position, header);
            final Asset asset = new Asset(assetDecoder.assetId(), i);
            asset.price = assetDecoder.price();
            asset.collateralRatio = assetDecoder.collateralRatio();
            asset.totalDeposits = assetDecoder.totalDeposits();
            asset.totalWithdrawals = assetDecoder.totalWithdrawals();
            asset.insuranceFund = assetDecoder.insuranceFund();
            asset.symbol = assetDecoder.symbol();
            engine.assets.put(asset.id, asset);
            position = assetDecoder.limit();
        }
        return position;
    }

    private static int loadInstruments(
        final PerpRiskEngine engine,
        final DirectBuffer buffer,
        final int start,
        final MessageHeaderDecoder header,
        final int instrumentCount)
    {
        int position = start;
        final InstrumentStateDecoder instrumentDecoder = new InstrumentStateDecoder();
        for (int i = 0; i < instrumentCount; i++)
        {
            expect(header, buffer, position, InstrumentStateDecoder.TEMPLATE_ID);
            instrumentDecoder.wrapAndApplyHeader(buffer, position, header);
            final Instrument instrument = new Instrument(instrumentDecoder.instrumentId(), i);
            instrument.settleAssetId = instrumentDecoder.settleAssetId();
            instrument.tickSize = instrumentDecoder.tickSize();
            instrument.lotSize = instrumentDecoder.lotSize();
            instrument.liquidationFeeRate = instrumentDecoder.liquidationFeeRate();
            instrument.liquidationPriceBand = instrumentDecoder.liquidationPriceBand();
            instrument.liquidationTargetRatio = instrumentDecoder.liquidationTargetRatio();
            instrument.markPrice = instrumentDecoder.markPrice();
            instrument.fundingIndex = instrumentDecoder.fundingIndex();
            int t = 0;
            for (final InstrumentStateDecoder.TiersDecoder tiers : instrumentDecoder.tiers())
            {
                if (t >= Instrument.MAX_TIERS)
                {
                    throw new IllegalArgumentException("too many tiers in instrument " + instrument.id);
                }
                instrument.notionalCap[t] = tiers.notionalCap();
                instrument.maxLeverage[t] = tiers.maxLeverage();
                instrument.maintenanceMarginRate[t] = tiers.maintenanceMarginRate();
                instrument.maintenanceAmount[t] = tiers.maintenanceAmount();
                t++;
            }
            if (t == 0)
            {
                throw new IllegalArgumentException("no tiers in instrument " + instrument.id);
            }
            instrument.tierCount = t;
            instrument.symbol = instrumentDecoder.symbol();
            engine.instruments.put(instrument.id, instrument);
            position = instrumentDecoder.limit();
        }
        return position;
    }

    private static int loadAccounts(
        final PerpRiskEngine engine,
        final DirectBuffer buffer,
        final int start,
        final MessageHeaderDecoder header,
        final int accountCount)
    {
        int position = start;
        final AccountStateDecoder accountDecoder = new AccountStateDecoder();
        for (int i = 0; i < accountCount; i++)
        {
            expect(header, buffer, position, AccountStateDecoder.TEMPLATE_ID);
            accountDecoder.wrapAndApplyHeader(buffer, position, header);
            final Account account = new Account(accountDecoder.accountId());
            account.crossDisarmed = accountDecoder.crossDisarmed();
            account.crossInLiquidation = accountDecoder.crossInLiquidation() != 0;
            for (final AccountStateDecoder.BalancesDecoder b : accountDecoder.balances())
            {
                final Asset asset = engine.assets.get(b.assetId());
                if (asset == null)
                {
                    throw new IllegalArgumentException("balance of unknown asset " + b.assetId());
                }
                final int slot = account.addBalanceSlot(asset.id);
                account.balances[slot] = b.balance();
                asset.addHolder(account);
            }
            for (final AccountStateDecoder.PositionsDecoder p : accountDecoder.positions())
            {
                final Instrument instrument = engine.instruments.get(p.instrumentId());
                if (instrument == null)
                {
                    throw new IllegalArgumentException("position in unknown instrument " + p.instrumentId());
                }
                final Position pos = engine.positionFor(account, instrument);
                pos.isolated = p.isolated() != 0;
                pos.leverage = p.leverage();
                pos.size = p.size();
                pos.cost = p.cost();
                pos.fundingSnapshot = p.fundingSnapshot();
                pos.isolatedMargin = p.isolatedMargin();
                pos.realizedPnl = p.realizedPnl();
                pos.disarmed = p.disarmed();
                pos.inLiquidation = p.inLiquidation() != 0;
                pos.liqOrderId = p.liqOrderId();
                pos.liqBuy = p.liqSide() == 0;
                pos.liqRemaining = p.liqRemaining();
                pos.adlRemaining = p.adlRemaining();
                if (pos.size != 0)
                {
                    instrument.addHolder(pos);
                }
            }
            engine.accounts.put(account.id, account);
            position = accountDecoder.limit();
        }
        return position;
    }

    private static int loadOrders(
        final PerpRiskEngine engine,
        final DirectBuffer buffer,
        final int start,
        final MessageHeaderDecoder header,
        final int orderCount)
    {
        int position = start;
        final OrderStateDecoder orderDecoder = new OrderStateDecoder();
        for (int i = 0; i < orderCount; i++)
        {
            expect(header, buffer, position, OrderStateDecoder.TEMPLATE_ID);
            orderDecoder.wrapAndApplyHeader(buffer, position, header);
            final Account account = engine.accounts.get(orderDecoder.accountId());
            final Instrument instrument = engine.instruments.get(orderDecoder.instrumentId());
            if (account == null || instrument == null)
            {
                throw new IllegalArgumentException(
                    "order " + orderDecoder.orderId() + " of unknown account or instrument");
            }
            final Order order = new Order();
            order.id = orderDecoder.orderId();
            order.position = engine.positionFor(account, instrument);
            order.buy = orderDecoder.buy() != 0;
            order.price = orderDecoder.price();
            order.remaining = orderDecoder.remaining();
            engine.linkOrder(order, notional(order));
            engine.orders.put(order.id, order);
            position = orderDecoder.limit();
        }
        return position;
    }

    private static long notional(final Order order)
    {
        return java.math.BigInteger.valueOf(order.remaining).multiply(java.math.BigInteger.valueOf(order.price))
            .divide(java.math.BigInteger.valueOf(PerpRiskEngine.SCALE)).longValueExact();
    }

    private static void expect(
        final MessageHeaderDecoder header, final DirectBuffer buffer, final int position, final int templateId)
    {
        header.wrap(buffer, position);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID ||
            header.version() > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            throw new IllegalArgumentException("not a perp-risk snapshot (schema " + header.schemaId() + " version " +
                header.version() + ")");
        }
        if (header.templateId() != templateId)
        {
            throw new IllegalArgumentException("expected snapshot message " + templateId + " at " + position +
                " but found " + header.templateId());
        }
    }

    private static int nonZero(final long[] values)
    {
        int n = 0;
        for (final long v : values)
        {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }
}
