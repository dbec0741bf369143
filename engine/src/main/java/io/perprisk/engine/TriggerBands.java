package io.perprisk.engine;

import io.perprisk.engine.math.Int128Math;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Computes the trigger intervals of an account (docs/engine.md, "Evaluation"): for every coordinate its scopes depend
 * on (the mark price and the funding index of each instrument it holds or has orders on, the price of each
 * collateral asset it holds) a closed interval around the current value such that, while every coordinate stays
 * inside its interval, evaluating any of the account's scopes is a no-op and computes nothing that does not fit in a
 * {@code long}.
 * <p>
 * A scope's evaluation depends on its {@code MB} and {@code MM} only through sign tests (docs/arithmetic.md §9, §10):
 * {@code MM = 0}, {@code MB > 0}, and {@code g_T = T·MB − R·MM} for {@code T = level − 1} ("ratio ≥ level"),
 * {@code T = level − hysteresis − 1} ("ratio &lt; level − hysteresis", when that level is at least 2),
 * {@code T = R} ("MB ≤ MM", the liquidation trigger) and {@code T = Long.MAX_VALUE} ("the ratio fits in a long").
 * {@code σ} is the largest total change {@code Σ(|ΔMB| + |ΔMM|)} that flips none of them: every {@code g_T} moves by at
 * most {@code max(T, R)·σ}. No price or funding move turns {@code MM > 0} into 0 (a position of at least one lot at
 * a mark of at least 1 has {@code MM ≥ 1}); {@code MM = 0} with a position means no mark yet, and its mark interval is
 * then the current value alone. {@code σ} is split evenly over the scope's coordinates and each share {@code β}
 * becomes a price distance with every rounding of docs/arithmetic.md §3–§5 accounted for:
 * <ul>
 *     <li>mark: {@code |ΔUPnL|, |ΔN| ≤ u = ceil(Q·d/R)} and {@code |ΔMM| ≤ ceil(mmr_max·u/R) + tiers − 1} (a tier
 *     boundary adds at most 1 through the floor in {@code cum}), so {@code 2u + tiers − 1 ≤ β};</li>
 *     <li>funding index: {@code |Δaccrued| ≤ ceil(Q·d/10^12) ≤ β};</li>
 *     <li>collateral price: {@code |Δvalue| ≤ ceil(b·d/R) ≤ β} (the haircut is at most 1).</li>
 * </ul>
 * Overflow: the sum {@code M} of bounds on the absolute values of everything the engine computes for the account's
 * positions and collateral (notional, PnL, entry cost, funding, maintenance amounts, order notionals, open loss,
 * isolated margin, collateral) bounds every intermediate value and every running sum of a scope's evaluation; the
 * headroom {@code Long.MAX_VALUE − M} is split over the account's coordinates in the same way, and the funding
 * interval keeps {@code F − F_pos} in range. A scope in liquidation that is not quiescent (parked waiting for an
 * auto-deleveraging counterparty or waiting for its liquidation order, see {@link WaitingScopes}: its evaluation then
 * depends on MB and MM through the same sign tests), a scope with no room ({@code σ < 0}) and an
 * account whose values do not fit get intervals that every value leaves. Engine thread only; allocates only the
 * entries of new positions and balances.
 * The margin values themselves (notional, PnL, funding, maintenance, collateral value and haircut) come from
 * {@link MarginCalculator}, the engine's one rulebook; what is computed here is the interval arithmetic. Its
 * divisions are by constants below 2^47 in 16-bit limbs, or by a lower bound.
 */
final class TriggerBands
{
    private static final long R = PerpRiskEngine.SCALE;
    private static final long FUNDING_SCALE = PerpRiskEngine.FUNDING_INDEX_SCALE;
    private static final long MAX = Long.MAX_VALUE;
    private static final long MIN = Long.MIN_VALUE;

    private final long[] thresholds;
    private final Int2ObjectHashMap<Asset> assets;
    private final MarginCalculator calculator;
    private final Int128Math math;
    private long quotientHi;
    private long quotientLo;

    private long notional;
    private long pnl;
    private long accrued;
    private long maintenance;
    private long magnitude;
    private long quantities;

    /**
     * Bands over a set of assets, with a calculator of their own.
     *
     * @param levels     margin-call levels, raw ratios, increasing.
     * @param hysteresis margin-call hysteresis, raw ratio.
     * @param assets     the assets by id.
     */
    TriggerBands(final long[] levels, final long hysteresis, final Int2ObjectHashMap<Asset> assets)
    {
        this(levels, hysteresis, new MarginCalculator(new EngineState(assets, true), new Int128Math()));
    }

    /**
     * Bands for an engine with the given margin-call levels.
     *
     * @param levels     margin-call levels, raw ratios, increasing.
     * @param hysteresis margin-call hysteresis, raw ratio.
     * @param calculator the margin rules over the engine's state, with an overflow flag of its own (re-indexing
     *                   never touches the event's).
     */
    TriggerBands(final long[] levels, final long hysteresis, final MarginCalculator calculator)
    {
        int count = 0;
        final long[] t = new long[levels.length * 2];
        for (final long level : levels)
        {
            t[count++] = level - 1;
            final long rearm = level - hysteresis;
            if (rearm >= 2)
            {
                t[count++] = rearm - 1;
            }
        }
        this.thresholds = java.util.Arrays.copyOf(t, count);
        this.calculator = calculator;
        this.assets = calculator.state().assets;
        this.math = calculator.math();
    }

    /**
     * Recompute every trigger interval of an account from its current state and put them into the instruments' and
     * assets' indexes. Call after every change of the account and after every evaluation of one of its scopes.
     *
     * @param account       to index.
     * @param settleAssetId the settlement asset, 0 while none is fixed.
     */
    void reindex(final Account account, final int settleAssetId)
    {
        math.clearOverflow();
        long magnitudeSum = 0;
        int coordinates = 0;
        long crossMarginBalance = 0;
        long crossMaintenance = 0;
        int crossCoordinates = 0;
        for (int i = 0; i < account.balanceCount; i++)
        {
            final int assetId = account.balanceAssetIds[i];
            final long balance = account.balances[i];
            if (assetId == settleAssetId)
            {
                crossMarginBalance = math.add(crossMarginBalance, balance);
                magnitudeSum = saturatedAdd(magnitudeSum, saturatedAbs(balance));
            }
            else
            {
                coordinates++;
                if (balance > 0)
                {
                    final Asset asset = assets.get(assetId);
                    final long value = calculator.assetValue(asset, balance);
                    crossMarginBalance = math.add(crossMarginBalance, calculator.haircut(asset, value));
                    magnitudeSum = saturatedAdd(magnitudeSum, value);
                    crossCoordinates++;
                }
            }
        }
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (p.size == 0 && p.orderCount == 0)
            {
                continue;
            }
            computePosition(p);
            magnitudeSum = saturatedAdd(magnitudeSum, magnitude);
            coordinates += p.size != 0 ? 2 : 1;
            if (!p.isolated && p.size != 0)
            {
                crossMarginBalance = math.add(crossMarginBalance, math.add(pnl, accrued));
                crossMaintenance = math.add(crossMaintenance, maintenance);
                crossCoordinates += 2;
            }
        }
        final boolean always = math.overflow() || magnitudeSum == MAX;
        final long headroom = always ? -1 : (MAX - magnitudeSum) / Math.max(1, coordinates);
        final long crossBudget = always ? -1 :
            budget(account.crossInLiquidation && !WaitingScopes.quiescent(account, null), crossMarginBalance,
                crossMaintenance, crossCoordinates);
        indexBalances(account, settleAssetId, always, headroom, crossBudget);
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            indexPosition(p, always, headroom, crossBudget, crossMaintenance == 0);
        }
    }

    /**
     * Take every entry of an account out of the indexes (the entries keep their intervals).
     *
     * @param account to remove.
     */
    void unindex(final Account account)
    {
        for (int i = 0; account.balanceTriggers != null && i < account.balanceCount; i++)
        {
            final TriggerEntry entry = account.balanceTriggers[i];
            if (entry != null)
            {
                assets.get(account.balanceAssetIds[i]).priceTriggers.remove(entry);
            }
        }
        for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
        {
            if (p.markTrigger != null)
            {
                p.instrument.markTriggers.remove(p.markTrigger);
                p.instrument.fundingTriggers.remove(p.fundingTrigger);
            }
        }
    }

    private void indexBalances(
        final Account account, final int settleAssetId, final boolean always, final long headroom, final long budget)
    {
        if (account.balanceTriggers == null || account.balanceTriggers.length < account.balanceAssetIds.length)
        {
            final TriggerEntry[] entries = new TriggerEntry[account.balanceAssetIds.length];
            if (account.balanceTriggers != null)
            {
                System.arraycopy(account.balanceTriggers, 0, entries, 0, account.balanceTriggers.length);
            }
            account.balanceTriggers = entries;
        }
        for (int i = 0; i < account.balanceCount; i++)
        {
            final Asset asset = assets.get(account.balanceAssetIds[i]);
            TriggerEntry entry = account.balanceTriggers[i];
            if (asset.id == settleAssetId)
            {
                if (entry != null)
                {
                    asset.priceTriggers.remove(entry);
                }
                continue;
            }
            if (entry == null)
            {
                entry = new TriggerEntry(account);
                account.balanceTriggers[i] = entry;
            }
            final long balance = account.balances[i];
            if (always || (balance > 0 && budget < 0))
            {
                asset.priceTriggers.update(entry, TriggerEntry.ALWAYS_LOW, TriggerEntry.ALWAYS_HIGH);
            }
            else if (balance > 0)
            {
                final long d = Math.min(distance(budget, R, balance), distance(headroom, R, balance));
                asset.priceTriggers.update(entry, minus(asset.price, d), plus(asset.price, d));
            }
            else
            {
                asset.priceTriggers.update(entry, MIN, MAX);
            }
        }
    }

    private void indexPosition(
        final Position p, final boolean always, final long headroom, final long crossBudget, final boolean crossFrozen)
    {
        final Instrument instrument = p.instrument;
        if (p.size == 0 && p.orderCount == 0)
        {
            if (p.markTrigger != null)
            {
                instrument.markTriggers.remove(p.markTrigger);
                instrument.fundingTriggers.remove(p.fundingTrigger);
            }
            return;
        }
        if (p.markTrigger == null)
        {
            p.markTrigger = new TriggerEntry(p);
            p.fundingTrigger = new TriggerEntry(p);
        }
        computePosition(p);
        final long quantity = Math.abs(p.size);
        long budget = MAX;
        boolean frozen = false;
        if (p.size != 0)
        {
            if (p.isolated)
            {
                final long marginBalance = math.add(p.isolatedMargin, math.add(pnl, accrued));
                budget = budget(
                    p.inLiquidation && !WaitingScopes.quiescent(p.account, p), marginBalance, maintenance, 2);
                frozen = maintenance == 0;
            }
            else
            {
                budget = crossBudget;
                frozen = crossFrozen;
            }
        }
        if (always || budget < 0)
        {
            instrument.markTriggers.update(p.markTrigger, TriggerEntry.ALWAYS_LOW, TriggerEntry.ALWAYS_HIGH);
            if (p.size != 0)
            {
                instrument.fundingTriggers.update(p.fundingTrigger, TriggerEntry.ALWAYS_LOW, TriggerEntry.ALWAYS_HIGH);
            }
            else
            {
                instrument.fundingTriggers.remove(p.fundingTrigger);
            }
            return;
        }
        final long mark = instrument.markPrice;
        long markDistance = distance(headroom - 3 - p.orderCount, R, Math.max(1, quantities));
        if (p.size == 0)
        {
            instrument.markTriggers.update(p.markTrigger, minus(mark, markDistance), plus(mark, markDistance));
            instrument.fundingTriggers.remove(p.fundingTrigger);
            return;
        }
        markDistance = frozen ? 0 : Math.min(markDistance, markDistance(budget, quantity, instrument.tierCount));
        instrument.markTriggers.update(p.markTrigger, minus(mark, markDistance), plus(mark, markDistance));

        final long index = instrument.fundingIndex;
        final long snapshot = p.fundingSnapshot;
        final long fundingDistance = Math.min(
            distance(budget, FUNDING_SCALE, quantity), distance(headroom - 1, FUNDING_SCALE, quantity));
        final long low = Math.max(minus(index, fundingDistance), snapshot > 0 ? snapshot + MIN : MIN);
        final long high = Math.min(plus(index, fundingDistance), snapshot < 0 ? snapshot + MAX : MAX);
        instrument.fundingTriggers.update(p.fundingTrigger, low, high);
    }

    /**
     * The values of one position at the current mark and funding index (notional, PnL, accrued funding, maintenance
     * margin), taken from {@link MarginCalculator#positionRisk}, the engine's own rules, plus {@link #magnitude}, a
     * bound on the absolute value of everything the engine computes for it, and {@link #quantities},
     * {@code 3·|size|} plus the open orders' quantities.
     */
    private void computePosition(final Position p)
    {
        final Instrument instrument = p.instrument;
        final long size = p.size;
        final long mark = instrument.markPrice;
        final long quantity = Math.abs(size);
        final PositionMargin values = calculator.positionRisk(p);
        notional = values.notional;
        pnl = values.upnl;
        accrued = values.accrued;
        maintenance = values.maintenance;
        long bound = 4;
        if (size != 0)
        {
            bound = saturatedAdd(bound, saturatedAdd(notional, saturatedAdd(notional, notional)));
            bound = saturatedAdd(bound, p.cost);
            bound = saturatedAdd(bound, saturatedAdd(saturatedAbs(accrued), 1));
            bound = saturatedAdd(bound, saturatedAbs(p.isolatedMargin));
        }
        bound = saturatedAdd(bound, instrument.maintenanceAmount[instrument.tierCount - 1]);
        bound = saturatedAdd(bound, saturatedAdd(p.buyNotional, p.sellNotional));
        long sum = saturatedAdd(quantity, saturatedAdd(quantity, quantity));
        for (Order o = p.firstOrder; o != null; o = o.next)
        {
            sum = saturatedAdd(sum, o.remaining);
            divideProduct(o.remaining, Math.abs(o.price - mark), R, true);
            bound = saturatedAdd(bound, quotientHi == 0 && quotientLo >= 0 ? quotientLo : MAX);
        }
        quantities = sum;
        magnitude = bound;
    }

    /**
     * The share of one coordinate of a scope: {@code σ / coordinates}, {@link Long#MAX_VALUE} when {@code MM = 0}
     * (no sign test depends on {@code MB} then), -1 when every change must evaluate the scope.
     */
    private long budget(
        final boolean inLiquidation, final long marginBalance, final long maintenance, final int coordinates)
    {
        if (inLiquidation)
        {
            return -1;
        }
        if (maintenance == 0)
        {
            return MAX;
        }
        final long sigma = sigma(marginBalance, maintenance);
        return sigma < 0 ? -1 : sigma / Math.max(1, coordinates);
    }

    /**
     * The largest {@code |ΔMB| + |ΔMM|} that flips none of a scope's sign tests, for {@code MM > 0}; negative when
     * there is none.
     *
     * @param marginBalance the scope's MB.
     * @param maintenance   the scope's MM, positive.
     * @return σ, or a negative value.
     */
    long sigma(final long marginBalance, final long maintenance)
    {
        long sigma = marginBalance > 0 ? marginBalance - 1 : saturatedAbs(marginBalance);
        sigma = Math.min(sigma, gap(R, marginBalance, maintenance, R));
        sigma = Math.min(sigma, gap(MAX, marginBalance, maintenance, MAX));
        for (final long t : thresholds)
        {
            sigma = Math.min(sigma, gap(t, marginBalance, maintenance, R));
        }
        return sigma;
    }

    /**
     * {@code floor((|T·MB − R·MM| − 1) / divisor)} saturated, -1 when {@code T·MB = R·MM}.
     */
    private long gap(final long t, final long marginBalance, final long maintenance, final long divisor)
    {
        final long aHi = Math.multiplyHigh(t, marginBalance);
        final long aLo = t * marginBalance;
        final long bHi = Math.multiplyHigh(R, maintenance);
        final long bLo = R * maintenance;
        long lo = aLo - bLo;
        long hi = aHi - bHi - (Long.compareUnsigned(aLo, bLo) < 0 ? 1 : 0);
        if (hi < 0)
        {
            final long negatedLo = -lo;
            hi = ~hi + (lo == 0 ? 1 : 0);
            lo = negatedLo;
        }
        if (hi == 0 && lo == 0)
        {
            return -1;
        }
        if (lo == 0)
        {
            hi--;
        }
        lo--;
        if (divisor == MAX)
        {
            // floor(x / 2^63) is a lower bound of floor(x / (2^63 - 1))
            return hi >= 1L << 62 ? MAX : (hi << 1) | (lo >>> 63);
        }
        divideUnsigned128(hi, lo, divisor, false);
        return quotientHi == 0 && quotientLo >= 0 ? quotientLo : MAX;
    }

    /**
     * Largest mark distance whose worst-case change of a position's PnL and maintenance margin stays within a budget.
     *
     * @param budget    money, raw.
     * @param quantity  |size|, positive.
     * @param tierCount tiers of the instrument.
     * @return the distance, 0 or more.
     */
    long markDistance(final long budget, final long quantity, final int tierCount)
    {
        final long units = (budget - (tierCount - 1)) / 2;
        return units <= 0 ? 0 : distance(units, R, quantity);
    }

    /**
     * A lower bound of {@code floor(a·b/c)} (exact for {@code c < 2^46}), saturated; 0 when {@code a ≤ 0};
     * {@code 0 < b < 2^63}, {@code c > 0}.
     */
    long distance(final long a, final long b, final long c)
    {
        if (a <= 0)
        {
            return 0;
        }
        final long hi = Math.multiplyHigh(a, b);
        final long lo = a * b;
        final int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(c) - 46);
        if (shift == 0)
        {
            divideUnsigned128(hi, lo, c, false);
        }
        else
        {
            // both scaled down by 2^shift, the divisor rounded up: a lower bound, within 2^-45 of the quotient
            divideUnsigned128(hi >>> shift, (lo >>> shift) | (hi << (64 - shift)), (c >>> shift) + 1, false);
        }
        return quotientHi == 0 && quotientLo >= 0 ? quotientLo : MAX;
    }

    /**
     * {@code a·b/divisor} for magnitudes {@code a, b} read as unsigned (so {@code Long.MIN_VALUE} is 2^63), rounded
     * up or down, into {@link #quotientHi}/{@link #quotientLo}. {@code 0 < divisor < 2^47}.
     */
    private void divideProduct(final long a, final long b, final long divisor, final boolean up)
    {
        final long hi = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        divideUnsigned128(hi, a * b, divisor, up);
    }

    /**
     * The unsigned 128-bit {@code (hi, lo)} divided by {@code 0 < divisor < 2^47} in 16-bit limbs (every partial
     * dividend stays below 2^63), rounded up or down, into {@link #quotientHi}/{@link #quotientLo}.
     */
    private void divideUnsigned128(final long hi, final long lo, final long divisor, final boolean up)
    {
        long remainder = 0;
        long qHi = 0;
        long qLo = 0;
        for (int shift = 112; shift >= 0; shift -= 16)
        {
            final long limb = (shift >= 64 ? hi >>> (shift - 64) : lo >>> shift) & 0xFFFF;
            final long current = (remainder << 16) | limb;
            qHi = (qHi << 16) | (qLo >>> 48);
            qLo = (qLo << 16) | (current / divisor);
            remainder = current % divisor;
        }
        if (up && remainder != 0)
        {
            qLo++;
            if (qLo == 0)
            {
                qHi++;
            }
        }
        quotientHi = qHi;
        quotientLo = qLo;
    }

    private static long minus(final long value, final long distance)
    {
        final long r = value - distance;
        return r > value ? MIN : r;
    }

    private static long plus(final long value, final long distance)
    {
        final long r = value + distance;
        return r < value ? MAX : r;
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long r = a + b;
        return r < 0 ? MAX : r;
    }

    private static long saturatedAbs(final long a)
    {
        return a == MIN ? MAX : Math.abs(a);
    }
}
