package io.perprisk.engine.reference;

import io.perprisk.engine.reference.ReferenceState.Account;
import io.perprisk.engine.reference.ReferenceState.Asset;
import io.perprisk.engine.reference.ReferenceState.Instrument;
import io.perprisk.engine.reference.ReferenceState.Order;
import io.perprisk.engine.reference.ReferenceState.Position;
import io.perprisk.engine.reference.ReferenceState.Tier;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.perprisk.engine.reference.Exact.BIG_R;
import static io.perprisk.engine.reference.Exact.FUNDING_SCALE;
import static io.perprisk.engine.reference.Exact.R;
import static io.perprisk.engine.reference.Exact.big;
import static io.perprisk.engine.reference.Exact.ceil;
import static io.perprisk.engine.reference.Exact.exact;
import static io.perprisk.engine.reference.Exact.fit;
import static io.perprisk.engine.reference.Exact.floor;
import static io.perprisk.engine.reference.Exact.halfUp;

/**
 * Every derived margin figure of docs/arithmetic.md, recomputed from the primitive {@link ReferenceState} on every
 * call: nothing is cached. Section numbers refer to docs/arithmetic.md. {@link #NULL} stands for "none".
 */
final class ReferenceMargin
{
    /** Stands for an absent optional value (same as the SBE null of OptionalPrice/OptionalRate). */
    static final long NULL = Long.MIN_VALUE;

    private final ReferenceState state;

    ReferenceMargin(final ReferenceState state)
    {
        this.state = state;
    }

    // ---------------------------------------------------------------- §2 reference data

    static int defaultLeverage(final Instrument instrument)
    {
        return Math.min(20, instrument.tiers.get(0).maxLeverage);
    }

    /** The first tier with {@code notional < cap}; at or above the last cap, the last tier. */
    static int tierIndexOf(final Instrument instrument, final long notional)
    {
        final List<Tier> tiers = instrument.tiers;
        for (int i = 0; i < tiers.size(); i++)
        {
            if (notional < tiers.get(i).notionalCap)
            {
                return i;
            }
        }
        return tiers.size() - 1;
    }

    /** The cap of the last tier whose maxLeverage ≥ leverage; 0 when no tier allows that leverage. */
    static long leverageCap(final Instrument instrument, final int leverage)
    {
        long cap = 0;
        for (final Tier tier : instrument.tiers)
        {
            if (tier.maxLeverage >= leverage)
            {
                cap = tier.notionalCap;
            }
        }
        return cap;
    }

    static long mark(final Instrument instrument)
    {
        return instrument.hasMark ? instrument.markPrice : 0;
    }

    // ---------------------------------------------------------------- §3 positions

    Position positionOrDefault(final Account account, final int instrumentId)
    {
        final Position position = account.positions.get(instrumentId);
        if (null != position)
        {
            return position;
        }
        return new Position(instrumentId, defaultLeverage(state.instruments.get(instrumentId)));
    }

    static long fillNotional(final long quantity, final long price)
    {
        return exact(big(quantity).multiply(big(price)), BIG_R, "fill notional");
    }

    static long entryPrice(final Position position)
    {
        if (0 == position.size)
        {
            return 0;
        }
        return halfUp(big(position.cost).multiply(BIG_R), big(Math.abs(position.size)), "entry price");
    }

    static long signedCost(final Position position)
    {
        return Long.signum(position.size) * position.cost;
    }

    /** {@code N = ceil(Q·P / R)}. */
    static long notional(final Position position, final Instrument instrument)
    {
        return ceil(big(Math.abs(position.size)).multiply(big(mark(instrument))), BIG_R, "notional");
    }

    /** {@code UPnL = floor(s·P / R) − signedCost}. */
    static long unrealizedPnl(final Position position, final Instrument instrument)
    {
        final long value = floor(big(position.size).multiply(big(mark(instrument))), BIG_R, "unrealized pnl");
        return fit(big(value).subtract(big(signedCost(position))), "unrealized pnl");
    }

    /** {@code MM = max(0, ceil(N·mmr_t / R) − cum_t)}. */
    static long maintenanceMargin(final Instrument instrument, final long notional)
    {
        if (0 == notional)
        {
            return 0;
        }
        final Tier tier = instrument.tiers.get(tierIndexOf(instrument, notional));
        final long gross = ceil(big(notional).multiply(big(tier.mmr)), BIG_R, "maintenance margin");
        return Math.max(0, fit(big(gross).subtract(big(tier.cum)), "maintenance margin"));
    }

    static long maintenanceMargin(final Position position, final Instrument instrument)
    {
        return 0 == position.size ? 0 : maintenanceMargin(instrument, notional(position, instrument));
    }

    /** {@code IM(x) = ceil(x / leverage)}. */
    static long initialMargin(final long notional, final int leverage)
    {
        return ceil(big(notional), big(leverage), "initial margin");
    }

    static long initialMargin(final Position position, final Instrument instrument)
    {
        return initialMargin(notional(position, instrument), position.leverage);
    }

    // ---------------------------------------------------------------- §4 funding

    /** {@code accrued = floor(−s·(F − F_pos) / 10^12)}. */
    static long accruedFunding(final Position position, final Instrument instrument)
    {
        final BigInteger indexMove = big(instrument.fundingIndex).subtract(big(position.fundingSnapshot));
        return floor(big(position.size).negate().multiply(indexMove), FUNDING_SCALE, "accrued funding");
    }

    // ---------------------------------------------------------------- §5 balances

    /** Settlement balance 1:1 plus, for every other asset with a positive balance, its haircut value. */
    long collateralValue(final Account account)
    {
        BigInteger total = big(account.wallet(state.settlementAssetId));
        for (final Map.Entry<Integer, Long> wallet : account.wallets.entrySet())
        {
            final long balance = wallet.getValue();
            if (wallet.getKey() == state.settlementAssetId || balance <= 0)
            {
                continue;
            }
            final Asset asset = state.assets.get(wallet.getKey());
            final long value = floor(big(balance).multiply(big(asset.price)), BIG_R, "asset value");
            final long haircut = floor(big(value).multiply(big(asset.collateralRatio)), BIG_R, "collateral");
            total = total.add(big(haircut));
        }
        return fit(total, "collateral value");
    }

    List<Position> crossPositions(final Account account)
    {
        final List<Position> cross = new ArrayList<>();
        for (final Position position : account.positions.values())
        {
            if (ReferenceState.CROSS == position.marginMode && 0 != position.size)
            {
                cross.add(position);
            }
        }
        return cross;
    }

    Instrument instrumentOf(final Position position)
    {
        return state.instruments.get(position.instrumentId);
    }

    long crossUnrealizedPnl(final Account account)
    {
        BigInteger total = BigInteger.ZERO;
        for (final Position position : crossPositions(account))
        {
            total = total.add(big(unrealizedPnl(position, instrumentOf(position))));
        }
        return fit(total, "cross unrealized pnl");
    }

    /** {@code MB = collateral + Σ_cross (UPnL + accrued)}. */
    long crossMarginBalance(final Account account)
    {
        BigInteger total = big(collateralValue(account));
        for (final Position position : crossPositions(account))
        {
            final Instrument instrument = instrumentOf(position);
            total = total.add(big(unrealizedPnl(position, instrument)))
                .add(big(accruedFunding(position, instrument)));
        }
        return fit(total, "cross margin balance");
    }

    long crossInitialMargin(final Account account)
    {
        BigInteger total = BigInteger.ZERO;
        for (final Position position : crossPositions(account))
        {
            total = total.add(big(initialMargin(position, instrumentOf(position))));
        }
        return fit(total, "cross initial margin");
    }

    long crossMaintenanceMargin(final Account account)
    {
        BigInteger total = BigInteger.ZERO;
        for (final Position position : crossPositions(account))
        {
            total = total.add(big(maintenanceMargin(position, instrumentOf(position))));
        }
        return fit(total, "cross maintenance margin");
    }

    /** {@code MB_i = isolatedMargin + UPnL + accrued}. */
    static long isolatedMarginBalance(final Position position, final Instrument instrument)
    {
        return fit(
            big(position.isolatedMargin)
                .add(big(unrealizedPnl(position, instrument)))
                .add(big(accruedFunding(position, instrument))),
            "isolated margin balance");
    }

    // ---------------------------------------------------------------- §7 orders

    List<Order> openOrders(final long accountId, final int instrumentId)
    {
        final List<Order> orders = new ArrayList<>();
        for (final Order order : state.openOrders.values())
        {
            if (order.accountId == accountId && order.instrumentId == instrumentId)
            {
                orders.add(order);
            }
        }
        return orders;
    }

    /** {@code sN = sign(s)·N}. */
    static long signedMarkNotional(final Position position, final Instrument instrument)
    {
        return Long.signum(position.size) * notional(position, instrument);
    }

    /** {@code Nbuy = |sN + bn|}. */
    static long buySideNotional(final Position position, final Instrument instrument, final List<Order> orders)
    {
        BigInteger total = big(signedMarkNotional(position, instrument));
        for (final Order order : orders)
        {
            if (order.side > 0)
            {
                total = total.add(big(fillNotional(order.remaining, order.price)));
            }
        }
        return fit(total.abs(), "buy-side notional");
    }

    /** {@code Nsell = |sN − sn|}. */
    static long sellSideNotional(final Position position, final Instrument instrument, final List<Order> orders)
    {
        BigInteger total = big(signedMarkNotional(position, instrument));
        for (final Order order : orders)
        {
            if (order.side < 0)
            {
                total = total.subtract(big(fillNotional(order.remaining, order.price)));
            }
        }
        return fit(total.abs(), "sell-side notional");
    }

    /** {@code max(IM(Nbuy), IM(Nsell)) − IM(N) + openLoss}; 0 when there is no order. */
    static long orderMargin(
        final Position position, final Instrument instrument, final int leverage, final List<Order> orders)
    {
        if (orders.isEmpty())
        {
            return 0;
        }
        final long mark = mark(instrument);
        final long imBuy = initialMargin(buySideNotional(position, instrument, orders), leverage);
        final long imSell = initialMargin(sellSideNotional(position, instrument, orders), leverage);
        final long imPosition = initialMargin(notional(position, instrument), leverage);
        BigInteger openLoss = BigInteger.ZERO;
        for (final Order order : orders)
        {
            final long adverse = order.side > 0 ? Math.max(0, order.price - mark) : Math.max(0, mark - order.price);
            openLoss = openLoss.add(big(ceil(big(order.remaining).multiply(big(adverse)), BIG_R, "open loss")));
        }
        return fit(big(Math.max(imBuy, imSell)).subtract(big(imPosition)).add(openLoss), "order margin");
    }

    long orderMargin(final Account account, final int instrumentId)
    {
        final Position position = positionOrDefault(account, instrumentId);
        return orderMargin(
            position, state.instruments.get(instrumentId), position.leverage, openOrders(account.id, instrumentId));
    }

    /** Order margin of the account: all instruments, cross and isolated. */
    long totalOrderMargin(final Account account)
    {
        BigInteger total = BigInteger.ZERO;
        for (final Instrument instrument : state.instruments.values())
        {
            total = total.add(big(orderMargin(account, instrument.id)));
        }
        return fit(total, "order margin");
    }

    /** {@code MB − IM_cross − orderMargin}. */
    long availableBalance(final Account account)
    {
        return fit(
            big(crossMarginBalance(account))
                .subtract(big(crossInitialMargin(account)))
                .subtract(big(totalOrderMargin(account))),
            "available balance");
    }

    /** {@code collateral + Σ_cross (min(0, UPnL) + accrued) − IM_cross − orderMargin}. */
    long withdrawable(final Account account)
    {
        BigInteger total = big(collateralValue(account));
        for (final Position position : crossPositions(account))
        {
            final Instrument instrument = instrumentOf(position);
            total = total.add(big(Math.min(0, unrealizedPnl(position, instrument))))
                .add(big(accruedFunding(position, instrument)));
        }
        total = total.subtract(big(crossInitialMargin(account))).subtract(big(totalOrderMargin(account)));
        return fit(total, "withdrawable");
    }

    /** {@code 0} if MM = 0; {@link #NULL} if MB ≤ 0; else {@code ceil(MM·R / MB)}. */
    static long marginRatio(final long maintenanceMargin, final long marginBalance)
    {
        if (0 == maintenanceMargin)
        {
            return 0;
        }
        if (marginBalance <= 0)
        {
            return NULL;
        }
        final BigInteger ratio = big(maintenanceMargin).multiply(BIG_R)
            .add(big(marginBalance).subtract(BigInteger.ONE)).divide(big(marginBalance));
        return ratio.bitLength() < Long.SIZE ? ratio.longValueExact() : NULL;
    }

    // ---------------------------------------------------------------- §6 liquidation and bankruptcy prices

    long liquidationPrice(final Account account, final Position position)
    {
        if (0 == position.size)
        {
            return NULL;
        }
        final Instrument instrument = instrumentOf(position);
        final long quantity = Math.abs(position.size);
        final int side = Long.signum(position.size);
        final long walletBalance;
        BigInteger otherMaintenance = BigInteger.ZERO;
        BigInteger otherPnl = BigInteger.ZERO;
        if (ReferenceState.CROSS == position.marginMode)
        {
            walletBalance = fit(
                big(collateralValue(account)).add(big(accruedFunding(position, instrument))), "wallet balance");
            for (final Position other : crossPositions(account))
            {
                if (other.instrumentId != position.instrumentId)
                {
                    final Instrument otherInstrument = instrumentOf(other);
                    otherMaintenance = otherMaintenance.add(big(maintenanceMargin(other, otherInstrument)));
                    otherPnl = otherPnl.add(big(unrealizedPnl(other, otherInstrument)))
                        .add(big(accruedFunding(other, otherInstrument)));
                }
            }
        }
        else
        {
            walletBalance = fit(
                big(position.isolatedMargin).add(big(accruedFunding(position, instrument))), "wallet balance");
        }
        final long tmm1 = fit(otherMaintenance, "other maintenance margin");
        final long upnl1 = fit(otherPnl, "other unrealized pnl");
        // §6: the sum is formed step by step as a long; a step that does not fit means no liquidation price.
        final BigInteger[] steps = {
            big(walletBalance).subtract(big(tmm1)),
            big(walletBalance).subtract(big(tmm1)).add(big(upnl1)),
            big(walletBalance).subtract(big(tmm1)).add(big(upnl1)).subtract(big(signedCost(position))),
        };
        for (final BigInteger step : steps)
        {
            if (!Exact.fits(step))
            {
                return NULL;
            }
        }
        final BigInteger base = steps[steps.length - 1];
        for (int t = 0; t < instrument.tiers.size(); t++)
        {
            final Tier tier = instrument.tiers.get(t);
            final BigInteger numerator = base.add(big(tier.cum));
            if (!Exact.fits(numerator))
            {
                return NULL;
            }
            final BigInteger denominator = big(quantity).multiply(big(tier.mmr).subtract(big(side * R)));
            final BigInteger scaled = numerator.multiply(BIG_R).multiply(BIG_R);
            final BigInteger candidate = Exact.quotient(
                scaled, denominator, side > 0 ? RoundingMode.CEILING : RoundingMode.FLOOR);
            final BigInteger candidateNotional =
                Exact.quotient(big(quantity).multiply(candidate), BIG_R, RoundingMode.CEILING);
            final int candidateTier;
            if (candidateNotional.signum() < 0)
            {
                candidateTier = 0;
            }
            else if (!Exact.fits(candidateNotional))
            {
                candidateTier = instrument.tiers.size() - 1;
            }
            else
            {
                candidateTier = tierIndexOf(instrument, candidateNotional.longValueExact());
            }
            if (candidateTier == t)
            {
                return Exact.fits(candidate) && candidate.signum() > 0 ? candidate.longValueExact() : NULL;
            }
        }
        return NULL;
    }

    /** Long {@code ceil(P − MB·R/Q)}, short {@code floor(P + MB·R/Q)}, with MB of the position's scope. */
    long bankruptcyPrice(final Account account, final Position position)
    {
        if (0 == position.size)
        {
            return NULL;
        }
        final Instrument instrument = instrumentOf(position);
        final long marginBalance = ReferenceState.CROSS == position.marginMode ?
            crossMarginBalance(account) : isolatedMarginBalance(position, instrument);
        final BigInteger quantity = big(Math.abs(position.size));
        // §6: long ceil(P − MB·R/Q) = P − floor(MB·R/Q); short floor(P + MB·R/Q) = P + floor(MB·R/Q).
        final BigInteger shift = Exact.quotient(big(marginBalance).multiply(BIG_R), quantity, RoundingMode.FLOOR);
        if (!Exact.fits(shift))
        {
            return NULL;
        }
        final BigInteger price = position.size > 0 ? big(mark(instrument)).subtract(shift) :
            big(mark(instrument)).add(shift);
        if (!Exact.fits(price) || (position.size > 0 && price.signum() <= 0))
        {
            return NULL;
        }
        return price.longValueExact();
    }
}
