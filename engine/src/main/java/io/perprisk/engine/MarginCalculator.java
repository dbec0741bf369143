package io.perprisk.engine;

import io.perprisk.engine.math.Int128Math;

import static io.perprisk.engine.math.Int128Math.CEIL;
import static io.perprisk.engine.math.Int128Math.FLOOR;

/**
 * The margin rulebook, computed once (MARGIN.md §2 balances, PnL and equity, §3 margins, §4 liquidation and
 * bankruptcy prices, §8 collateral; docs/arithmetic.md §3–§7): a position's notional, PnL, accrued funding,
 * maintenance, initial and order margin; an account's cross scope; margin ratios; liquidation and bankruptcy prices.
 * Every other class takes these values from here, the trigger bands included. Results go into the reusable holders
 * {@link #position} and {@link #cross}. Every product goes through {@link Int128Math}, whose overflow flag is the
 * event's. Engine thread only.
 */
final class MarginCalculator
{
    static final long NULL_VALUE = PerpRiskEngine.NULL_VALUE;
    private static final long SCALE = PerpRiskEngine.SCALE;
    private static final long SCALE_SQUARED = SCALE * SCALE;
    private static final long FUNDING_INDEX_SCALE = PerpRiskEngine.FUNDING_INDEX_SCALE;

    /**
     * The values of the last position computed.
     */
    final PositionMargin position = new PositionMargin();
    /**
     * The values of the last cross scope computed.
     */
    final CrossMargin cross = new CrossMargin();
    private final EngineState state;
    private final Int128Math math;

    MarginCalculator(final EngineState state, final Int128Math math)
    {
        this.state = state;
        this.math = math;
    }

    Int128Math math()
    {
        return math;
    }

    EngineState state()
    {
        return state;
    }

    /**
     * Funding accrued by a position since its snapshot: {@code floor(−size·(F − F_pos)/10^12)}.
     */
    long accrued(final Position position)
    {
        final long delta = math.subtract(position.instrument.fundingIndex, position.fundingSnapshot);
        return math.mulDivFloor(math.negate(position.size), delta, FUNDING_INDEX_SCALE);
    }

    long initialMargin(final long notional, final int leverage)
    {
        return math.divide(notional, leverage, CEIL);
    }

    /**
     * Maintenance margin of a notional on an instrument: {@code max(0, ceil(N·mmr/R) − cum)} of its tier.
     */
    long maintenance(final Instrument instrument, final long notional)
    {
        final int tier = instrument.tierOf(notional);
        return Math.max(0, math.subtract(
            math.mulDivCeil(notional, instrument.maintenanceMarginRate[tier], SCALE),
            instrument.maintenanceAmount[tier]));
    }

    /**
     * Maintenance margin of a position of the given size on an instrument at its current mark.
     */
    long maintenanceAt(final Instrument instrument, final long quantity)
    {
        if (quantity == 0)
        {
            return 0;
        }
        return maintenance(instrument, math.mulDivCeil(quantity, instrument.markPrice, SCALE));
    }

    /**
     * Value of a collateral balance before the haircut: {@code floor(balance·price/R)}.
     */
    long assetValue(final Asset asset, final long balance)
    {
        return math.mulDivFloor(balance, asset.price, SCALE);
    }

    /**
     * A collateral value after the asset's haircut: {@code floor(value·ratio/R)}.
     */
    long haircut(final Asset asset, final long value)
    {
        return math.mulDivFloor(value, asset.collateralRatio, SCALE);
    }

    /**
     * A position's unrealized PnL at a mark, {@code floor(Q·P/R) − cost} with the signed size and cost, on a given
     * register (its overflow flag is set when a value does not fit).
     */
    static long unrealizedPnl(final Int128Math math, final Position p, final long mark)
    {
        return math.subtract(math.mulDivFloor(p.size, mark, SCALE), p.signedCost());
    }

    /**
     * The risk values of a position (notional, PnL, accrued funding, maintenance margin) into {@link #position};
     * the initial and order margin are left as they were.
     */
    PositionMargin positionRisk(final Position p)
    {
        final PositionMargin r = position;
        final long size = p.size;
        if (size == 0)
        {
            r.notional = 0;
            r.upnl = 0;
            r.accrued = 0;
            r.maintenance = 0;
            return r;
        }
        final Instrument instrument = p.instrument;
        final long mark = instrument.markPrice;
        r.notional = math.mulDivCeil(Math.abs(size), mark, SCALE);
        r.upnl = unrealizedPnl(math, p, mark);
        r.accrued = accrued(p);
        r.maintenance = maintenance(instrument, r.notional);
        return r;
    }

    /**
     * Every value of one position at its leverage and the current mark into {@link #position}.
     */
    PositionMargin position(final Position p)
    {
        final PositionMargin r = positionRisk(p);
        final long size = p.size;
        r.initial = size == 0 ? 0 : initialMargin(r.notional, p.leverage);
        if (p.orderCount == 0)
        {
            r.orderMargin = 0;
            r.maxNotional = r.notional;
            return r;
        }
        final long mark = p.instrument.markPrice;
        final long signedNotional = size >= 0 ? r.notional : -r.notional;
        final long buyExposure = Math.abs(math.add(signedNotional, p.buyNotional));
        final long sellExposure = Math.abs(math.subtract(signedNotional, p.sellNotional));
        r.maxNotional = Math.max(buyExposure, sellExposure);
        final long imMax = Math.max(initialMargin(buyExposure, p.leverage), initialMargin(sellExposure, p.leverage));
        long openLoss = 0;
        for (Order o = p.firstOrder; o != null; o = o.next)
        {
            final long through = o.buy ? o.price - mark : mark - o.price;
            if (through > 0)
            {
                openLoss = math.add(openLoss, math.mulDivCeil(o.remaining, through, SCALE));
            }
        }
        r.orderMargin = math.add(math.subtract(imMax, r.initial), openLoss);
        return r;
    }

    /**
     * Margin balance of an isolated position whose values are in {@link #position}: isolated margin + PnL + funding.
     */
    long isolatedMarginBalance(final Position isolated)
    {
        return math.add(isolated.isolatedMargin, math.add(position.upnl, position.accrued));
    }

    /**
     * The cross scope of an account into {@link #cross} ({@link #position} is left with its last position).
     */
    CrossMargin cross(final Account account)
    {
        final int settleAssetId = state.settleAssetId;
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
                final Asset asset = state.assets.get(assetId);
                collateral = math.add(collateral, haircut(asset, assetValue(asset, balance)));
            }
        }
        final CrossMargin c = cross;
        c.derivedOverflow = false;
        long upnl = 0;
        long losses = 0;
        long accruedSum = 0;
        long im = 0;
        long mm = 0;
        long orderMargin = 0;
        final PositionMargin pm = position;
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (p.size == 0 && p.orderCount == 0)
            {
                continue;
            }
            position(p);
            orderMargin = derivedAdd(orderMargin, pm.orderMargin);
            if (!p.isolated)
            {
                upnl = math.add(upnl, pm.upnl);
                losses = derivedAdd(losses, Math.min(0, pm.upnl));
                accruedSum = math.add(accruedSum, pm.accrued);
                im = derivedAdd(im, pm.initial);
                mm = math.add(mm, pm.maintenance);
            }
        }
        c.collateral = collateral;
        c.upnl = upnl;
        c.accrued = accruedSum;
        c.marginBalance = math.add(collateral, math.add(upnl, accruedSum));
        c.initial = im;
        c.maintenance = mm;
        c.orderMargin = orderMargin;
        c.available = derivedAdd(derivedAdd(c.marginBalance, -im), -orderMargin);
        c.withdrawable = derivedAdd(
            derivedAdd(derivedAdd(collateral, derivedAdd(losses, accruedSum)), -im), -orderMargin);
        return c;
    }

    /**
     * Checked addition for the values only some outputs and checks need (initial margin, order margin, available,
     * withdrawable): an overflow sets {@link CrossMargin#derivedOverflow} instead of the event's flag, so that
     * evaluating a price move does not fail on a value it does not use. Operands are never Long.MIN_VALUE.
     */
    private long derivedAdd(final long a, final long b)
    {
        final long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0)
        {
            cross.derivedOverflow = true;
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /**
     * Margin balance of a scope (cross when isolated is null); {@link #position} or {@link #cross} hold its values.
     */
    long scopeMarginBalance(final Account account, final Position isolated)
    {
        if (isolated != null)
        {
            position(isolated);
            return isolatedMarginBalance(isolated);
        }
        return cross(account).marginBalance;
    }

    /**
     * Computes everything the outputs and the evaluation of an account need (cross scope, each position's values,
     * entry price, isolated margin balance, ratios) and reports whether all of it fits in a long. {@link #cross}
     * holds the account's cross scope afterwards.
     */
    boolean accountFits(final Account account)
    {
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (p.size != 0)
            {
                position(p);
                math.mulDivHalfUp(p.cost, SCALE, Math.abs(p.size));
                if (p.isolated)
                {
                    marginRatio(position.maintenance, isolatedMarginBalance(p));
                }
            }
        }
        cross(account);
        marginRatio(cross.maintenance, cross.marginBalance);
        return !math.overflow() && !cross.derivedOverflow;
    }

    /**
     * {@code ceil(MM·R/MB)}; 0 when {@code MM = 0}; {@link #NULL_VALUE} when {@code MB ≤ 0} or when it does not fit.
     */
    long marginRatio(final long maintenance, final long marginBalance)
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
     * Liquidation price of a position (MARGIN.md §4, docs/arithmetic.md §6), given its scope's wallet term and the
     * other cross positions' maintenance and PnL; {@link #NULL_VALUE} when there is none or it does not fit in a
     * long. Leaves the event's overflow flag as it found it.
     */
    long liquidationPrice(
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
            if (candidateTier(instrument) == t)
            {
                result = fits && positive ? price : NULL_VALUE;
                break;
            }
        }
        restoreOverflow(overflowBefore);
        return result;
    }

    /**
     * The tier of the notional in the 128-bit register (a liquidation-price candidate's).
     */
    private int candidateTier(final Instrument instrument)
    {
        if (math.isNegative())
        {
            return 0;
        }
        if (!math.fitsInLong())
        {
            return instrument.tierCount - 1;
        }
        return instrument.tierOf(math.lo());
    }

    private void restoreOverflow(final boolean overflowBefore)
    {
        math.clearOverflow();
        if (overflowBefore)
        {
            math.flagOverflow();
        }
    }

    /**
     * Bankruptcy price with the scope's margin balance (MARGIN.md §4); {@link #NULL_VALUE} when flat, when a long's is
     * not positive, or when it does not fit in a long. Leaves the event's overflow flag as it found it.
     */
    long bankruptcyPrice(final Position position, final long marginBalance)
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
        restoreOverflow(overflowBefore);
        if (overflowed || (size > 0 && price <= 0))
        {
            return NULL_VALUE;
        }
        return price;
    }

    /**
     * Leaves {@code P·Q − MB·R} (long) or {@code P·Q + MB·R} (short) in the 128-bit register: the bankruptcy price
     * times Q, exactly.
     */
    void bankruptcyNumerator(final long mark, final long quantity, final long marginBalance, final boolean isLong)
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
    long toTicks(final long tick, final int rounding)
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
}
