package io.perprisk.engine.reference;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The primitive state of the reference model and nothing derived from it: every margin figure is recomputed from
 * these fields by {@link ReferenceMargin} whenever it is needed. Ordinary collections keyed by id give canonical
 * order. {@link #copy()} makes a deep copy so that a rejected event can leave the state exactly as it was.
 */
final class ReferenceState
{
    static final int CROSS = 0;
    static final int ISOLATED = 1;

    final TreeMap<Integer, Asset> assets = new TreeMap<>();
    final TreeMap<Integer, Instrument> instruments = new TreeMap<>();
    final TreeMap<Long, Account> accounts = new TreeMap<>();
    /** Open orders by order id, across all accounts. */
    final TreeMap<Long, Order> openOrders = new TreeMap<>();
    final TreeMap<Integer, Long> totalDeposits = new TreeMap<>();
    final TreeMap<Integer, Long> totalWithdrawals = new TreeMap<>();
    final TreeMap<Integer, Long> insuranceFund = new TreeMap<>();
    /** 0 until the first valid instrument definition fixes it. */
    int settlementAssetId;
    long feesCollected;
    long fundingClearing;
    /** Audit only (never used in a computation): Σ (exact − rounded) over every funding realization. */
    BigDecimal fundingRoundingDust = BigDecimal.ZERO;
    /** Audit only: number of funding realizations. */
    long fundingRealizations;
    /** Id of the next {@code LiquidationOrder}: from 2^62 upward, never reused (docs/arithmetic.md §10.1). */
    long nextEngineOrderId = 1L << 62;

    ReferenceState copy()
    {
        final ReferenceState copy = new ReferenceState();
        copy.assets.putAll(assets);
        for (final Instrument instrument : instruments.values())
        {
            copy.instruments.put(instrument.id, instrument.copy());
        }
        for (final Account account : accounts.values())
        {
            copy.accounts.put(account.id, account.copy());
        }
        for (final Order order : openOrders.values())
        {
            copy.openOrders.put(order.orderId, order.copy());
        }
        copy.totalDeposits.putAll(totalDeposits);
        copy.totalWithdrawals.putAll(totalWithdrawals);
        copy.insuranceFund.putAll(insuranceFund);
        copy.settlementAssetId = settlementAssetId;
        copy.feesCollected = feesCollected;
        copy.fundingClearing = fundingClearing;
        copy.fundingRoundingDust = fundingRoundingDust;
        copy.fundingRealizations = fundingRealizations;
        copy.nextEngineOrderId = nextEngineOrderId;
        return copy;
    }

    /**
     * A collateral asset; immutable (a redefinition or a price replaces it).
     */
    static final class Asset
    {
        final int id;
        final String symbol;
        final long price;
        final long collateralRatio;

        Asset(final int id, final String symbol, final long price, final long collateralRatio)
        {
            this.id = id;
            this.symbol = symbol;
            this.price = price;
            this.collateralRatio = collateralRatio;
        }
    }

    /**
     * One margin tier with its cumulative maintenance amount.
     */
    static final class Tier
    {
        final long notionalCap;
        final int maxLeverage;
        final long mmr;
        final long cum;

        Tier(final long notionalCap, final int maxLeverage, final long mmr, final long cum)
        {
            this.notionalCap = notionalCap;
            this.maxLeverage = maxLeverage;
            this.mmr = mmr;
            this.cum = cum;
        }
    }

    /**
     * An instrument: immutable definition plus its mark price and funding index.
     */
    static final class Instrument
    {
        final int id;
        final String symbol;
        final int settleAssetId;
        final long tickSize;
        final long lotSize;
        final long liquidationFeeRate;
        final long liquidationPriceBand;
        final long liquidationTargetRatio;
        final List<Tier> tiers;
        boolean hasMark;
        long markPrice;
        long fundingIndex;

        Instrument(
            final int id,
            final String symbol,
            final int settleAssetId,
            final long tickSize,
            final long lotSize,
            final long liquidationFeeRate,
            final long liquidationPriceBand,
            final long liquidationTargetRatio,
            final List<Tier> tiers)
        {
            this.id = id;
            this.symbol = symbol;
            this.settleAssetId = settleAssetId;
            this.tickSize = tickSize;
            this.lotSize = lotSize;
            this.liquidationFeeRate = liquidationFeeRate;
            this.liquidationPriceBand = liquidationPriceBand;
            this.liquidationTargetRatio = liquidationTargetRatio;
            this.tiers = Collections.unmodifiableList(new ArrayList<>(tiers));
        }

        Instrument copy()
        {
            final Instrument copy = new Instrument(
                id, symbol, settleAssetId, tickSize, lotSize, liquidationFeeRate, liquidationPriceBand,
                liquidationTargetRatio, tiers);
            copy.hasMark = hasMark;
            copy.markPrice = markPrice;
            copy.fundingIndex = fundingIndex;
            return copy;
        }
    }

    /**
     * An account: wallets per asset, per-instrument position records (settings included), margin-call arming.
     */
    static final class Account
    {
        final long id;
        final TreeMap<Integer, Long> wallets = new TreeMap<>();
        final TreeMap<Integer, Position> positions = new TreeMap<>();
        /** Per scope (0 = cross, else instrument id): armed flag per configured level. */
        final TreeMap<Integer, boolean[]> armed = new TreeMap<>();
        /** The cross scope is in liquidation (docs/arithmetic.md §10.1). */
        boolean crossInLiquidation;
        /** Audit only: realized PnL over the account's life. */
        long lifetimeRealizedPnl;
        /** Audit only: funding realized over the account's life (rounded amounts actually moved). */
        long lifetimeRealizedFunding;

        Account(final long id)
        {
            this.id = id;
        }

        long wallet(final int assetId)
        {
            return wallets.getOrDefault(assetId, 0L);
        }

        Account copy()
        {
            final Account copy = new Account(id);
            copy.wallets.putAll(wallets);
            for (final Map.Entry<Integer, Position> entry : positions.entrySet())
            {
                copy.positions.put(entry.getKey(), entry.getValue().copy());
            }
            for (final Map.Entry<Integer, boolean[]> entry : armed.entrySet())
            {
                copy.armed.put(entry.getKey(), entry.getValue().clone());
            }
            copy.crossInLiquidation = crossInLiquidation;
            copy.lifetimeRealizedPnl = lifetimeRealizedPnl;
            copy.lifetimeRealizedFunding = lifetimeRealizedFunding;
            return copy;
        }
    }

    /**
     * An account's record on one instrument: settings (mode, leverage) and the position {@code (s, cost)}.
     */
    static final class Position
    {
        final int instrumentId;
        int marginMode = CROSS;
        int leverage;
        long size;
        long cost;
        long isolatedMargin;
        long fundingSnapshot;
        long realizedSinceFlat;
        /** The isolated scope of this position is in liquidation (unused for a cross position). */
        boolean inLiquidation;
        /** Pending liquidation order id, 0 when none. */
        long liqOrderId;
        /** Side of the pending liquidation order: +1 buy, -1 sell, 0 when none. */
        int liqSide;
        /** Quantity of the pending liquidation order not yet filled. */
        long liqRemaining;
        /** Quantity still to be closed by auto-deleveraging. */
        long adlRemaining;

        Position(final int instrumentId, final int leverage)
        {
            this.instrumentId = instrumentId;
            this.leverage = leverage;
        }

        Position copy()
        {
            final Position copy = new Position(instrumentId, leverage);
            copy.marginMode = marginMode;
            copy.size = size;
            copy.cost = cost;
            copy.isolatedMargin = isolatedMargin;
            copy.fundingSnapshot = fundingSnapshot;
            copy.realizedSinceFlat = realizedSinceFlat;
            copy.inLiquidation = inLiquidation;
            copy.liqOrderId = liqOrderId;
            copy.liqSide = liqSide;
            copy.liqRemaining = liqRemaining;
            copy.adlRemaining = adlRemaining;
            return copy;
        }
    }

    /**
     * An open order with its remaining quantity; side is +1 for a buy and -1 for a sell.
     */
    static final class Order
    {
        final long orderId;
        final long accountId;
        final int instrumentId;
        final int side;
        final long price;
        long remaining;

        Order(final long orderId, final long accountId, final int instrumentId, final int side, final long price,
            final long remaining)
        {
            this.orderId = orderId;
            this.accountId = accountId;
            this.instrumentId = instrumentId;
            this.side = side;
            this.price = price;
            this.remaining = remaining;
        }

        Order copy()
        {
            return new Order(orderId, accountId, instrumentId, side, price, remaining);
        }
    }
}
