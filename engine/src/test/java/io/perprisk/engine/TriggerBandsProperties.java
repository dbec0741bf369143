package io.perprisk.engine;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import org.agrona.collections.Int2ObjectHashMap;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Soundness of the trigger intervals: for a random account (cross and isolated positions, open orders, collateral,
 * tiers, funding) near and far from its margin-call and liquidation thresholds, moving every coordinate anywhere inside
 * its interval and recomputing everything exactly with {@code BigInteger} changes none of the sign tests an evaluation
 * reads, and every value the engine would compute still fits in a {@code long}.
 */
class TriggerBandsProperties
{
    private static final long R = PerpRiskEngine.SCALE;
    private static final BigInteger BR = BigInteger.valueOf(R);
    private static final BigInteger FUNDING = BigInteger.valueOf(PerpRiskEngine.FUNDING_INDEX_SCALE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final int SETTLE = 1;

    @Property(tries = 1_000)
    void shouldFlipNoSignTestInsideTheIntervals(@ForAll final long seed)
    {
        check(seed, 20);
    }

    @Property(tries = 20_000)
    @Tag("slow")
    void shouldFlipNoSignTestInsideTheIntervalsOnManyAccounts(@ForAll final long seed)
    {
        check(seed, 50);
    }

    @Property(tries = 2_000)
    void shouldDivideExactlyAndBoundDistancesFromBelow(@ForAll final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final TriggerBands bands = new TriggerBands(new long[] { 80_000_000L }, 5_000_000L, new Int2ObjectHashMap<>());
        for (int i = 0; i < 100; i++)
        {
            final long a = edgy(random);
            final long b = edgy(random);
            final long divisor = random.nextBoolean() ? R : PerpRiskEngine.FUNDING_INDEX_SCALE;
            final BigInteger product = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
            final io.perprisk.engine.math.Int128Math reference = new io.perprisk.engine.math.Int128Math();
            for (final boolean ceil : new boolean[] { false, true })
            {
                final BigInteger exact = ceil ? ceil(product, BigInteger.valueOf(divisor)) :
                    floor(product, BigInteger.valueOf(divisor));
                final long expected = reference.mulDiv(a, b, divisor, ceil ? io.perprisk.engine.math.Int128Math.CEIL :
                    io.perprisk.engine.math.Int128Math.FLOOR);
                if (fits(exact))
                {
                    assertEquals(exact.longValueExact(), expected);
                }
            }
            final long positive = Math.abs(a) == Long.MIN_VALUE ? 1 : Math.max(1, Math.abs(a));
            final long c = Math.max(1, Math.abs(b) == Long.MIN_VALUE ? 1 : Math.abs(b));
            final long d = bands.distance(positive, divisor, c);
            final BigInteger bound = BigInteger.valueOf(positive).multiply(BigInteger.valueOf(divisor))
                .divide(BigInteger.valueOf(c));
            assertTrue(BigInteger.valueOf(d).compareTo(bound) <= 0, positive + "*" + divisor + "/" + c);
            assertTrue(d == Long.MAX_VALUE || BigInteger.valueOf(d).compareTo(
                bound.multiply(BigInteger.valueOf(999)).divide(BigInteger.valueOf(1000))) >= 0 ||
                bound.compareTo(BigInteger.valueOf(1_000_000)) < 0, "a far too small bound " + d + " of " + bound);
        }
    }

    private static long edgy(final SplittableRandom random)
    {
        switch (random.nextInt(6))
        {
            case 0:
                return random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(3) : Long.MIN_VALUE + random.nextInt(3);
            case 1:
                return random.nextLong(-1_000, 1_000);
            default:
                return random.nextLong() >> random.nextInt(63);
        }
    }

    @Test
    void shouldGiveAHealthyAccountAnIntervalOfAFewPercent()
    {
        final World w = new World(new long[] { 80_000_000L, 90_000_000L }, 5_000_000L);
        final Instrument instrument = w.instrument(1, new long[] { 1_000_000L * R }, new long[] { 500_000L });
        instrument.markPrice = 50_000L * R;
        final Account account = new Account(7);
        w.balance(account, SETTLE, 5_000L * R);
        final Position p = w.position(account, instrument, R, 50_000L * R, false);
        w.bands.reindex(account, SETTLE);

        final long width = p.markTrigger.high - p.markTrigger.low;
        assertTrue(p.markTrigger.low < instrument.markPrice && instrument.markPrice < p.markTrigger.high);
        assertTrue(width > instrument.markPrice / 100, "mark interval " + p.markTrigger.low + ".." +
            p.markTrigger.high);
        assertTrue(p.fundingTrigger.low < 0 && p.fundingTrigger.high > 0);
        assertEquals(1, instrument.markTriggers.size());
        assertEquals(1, instrument.fundingTriggers.size());
    }

    @Test
    void shouldEvaluateAScopeInLiquidationOnEveryChange()
    {
        final World w = new World(new long[] { 80_000_000L, 90_000_000L }, 5_000_000L);
        final Instrument instrument = w.instrument(1, new long[] { 1_000_000L * R }, new long[] { 500_000L });
        instrument.markPrice = 50_000L * R;
        final Account account = new Account(7);
        w.balance(account, SETTLE, 5_000L * R);
        final Position p = w.position(account, instrument, R, 50_000L * R, false);
        account.crossInLiquidation = true;
        w.bands.reindex(account, SETTLE);

        assertTrue(p.markTrigger.low > p.markTrigger.high);
        assertTrue(p.fundingTrigger.low > p.fundingTrigger.high);
    }

    private static void check(final long seed, final int moves)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final World w = World.random(random);
        final Account account = w.randomAccount(random);
        w.bands.reindex(account, SETTLE);
        final Snapshot base = w.evaluate(account);
        final List<Scope> scopes = w.scopes(account);
        if (!base.fits)
        {
            for (final Scope scope : scopes)
            {
                for (final TriggerEntry e : scope.entries)
                {
                    assertTrue(e.low > e.high, "seed " + seed + ": an account whose values do not fit is indexed");
                }
            }
            return;
        }
        final long[] marks = new long[w.instruments.size()];
        final long[] funding = new long[w.instruments.size()];
        final long[] prices = new long[w.assets.size()];
        for (int i = 0; i < marks.length; i++)
        {
            marks[i] = w.instruments.get(i).markPrice;
            funding[i] = w.instruments.get(i).fundingIndex;
        }
        for (int i = 0; i < prices.length; i++)
        {
            prices[i] = w.assetList.get(i).price;
        }
        for (int move = 0; move < moves; move++)
        {
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (p.markTrigger != null && p.markTrigger.low <= p.markTrigger.high)
                {
                    p.instrument.markPrice = pick(random, p.markTrigger, marks[p.instrument.index], 1);
                }
                if (p.fundingTrigger != null && p.fundingTrigger.low <= p.fundingTrigger.high)
                {
                    p.instrument.fundingIndex = pick(random, p.fundingTrigger, funding[p.instrument.index],
                        Long.MIN_VALUE);
                }
            }
            for (int i = 0; i < account.balanceCount; i++)
            {
                final TriggerEntry entry = account.balanceTriggers[i];
                if (entry != null && entry.low <= entry.high)
                {
                    final Asset asset = w.assets.get(account.balanceAssetIds[i]);
                    asset.price = pick(random, entry, prices[asset.index], 1);
                }
            }
            final Snapshot moved = w.evaluate(account);
            assertTrue(moved.fits, "seed " + seed + " move " + move + ": a value no longer fits");
            for (final Scope scope : scopes)
            {
                if (!scope.always())
                {
                    assertEquals(base.tests(scope.name), moved.tests(scope.name),
                        "seed " + seed + " move " + move + " scope " + scope.name);
                }
            }
            for (int i = 0; i < marks.length; i++)
            {
                w.instruments.get(i).markPrice = marks[i];
                w.instruments.get(i).fundingIndex = funding[i];
            }
            for (int i = 0; i < prices.length; i++)
            {
                w.assetList.get(i).price = prices[i];
            }
        }
    }

    /**
     * A value inside an interval (whose lower end is raised to a floor), often one of its ends.
     */
    private static long pick(final SplittableRandom random, final TriggerEntry entry, final long current,
        final long floor)
    {
        final long low = Math.max(entry.low, floor);
        final long high = entry.high;
        if (low > high)
        {
            return current;
        }
        switch (random.nextInt(5))
        {
            case 0:
                return low;
            case 1:
                return high;
            case 2:
                return current;
            default:
                final BigInteger span = BigInteger.valueOf(high).subtract(BigInteger.valueOf(low));
                final BigInteger offset = new BigInteger(span.bitLength() + 8, new java.util.Random(random.nextLong()))
                    .mod(span.add(BigInteger.ONE));
                return BigInteger.valueOf(low).add(offset).longValueExact();
        }
    }

    private record Scope(String name, List<TriggerEntry> entries)
    {
        boolean always()
        {
            for (final TriggerEntry e : entries)
            {
                if (e.low > e.high)
                {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Snapshot
    {
        boolean fits = true;
        final java.util.Map<String, String> tests = new java.util.HashMap<>();

        String tests(final String scope)
        {
            return tests.get(scope);
        }
    }

    private static final class World
    {
        final long[] levels;
        final long hysteresis;
        final Int2ObjectHashMap<Asset> assets = new Int2ObjectHashMap<>();
        final List<Asset> assetList = new ArrayList<>();
        final List<Instrument> instruments = new ArrayList<>();
        final TriggerBands bands;

        World(final long[] levels, final long hysteresis)
        {
            this.levels = levels;
            this.hysteresis = hysteresis;
            this.bands = new TriggerBands(levels, hysteresis, assets);
            asset(SETTLE, R, R);
        }

        static World random(final SplittableRandom random)
        {
            final World w;
            switch (random.nextInt(4))
            {
                case 0:
                    w = new World(new long[] { 50_000_000L, 80_000_000L, 90_000_000L, 100_000_000L }, 5_000_000L);
                    break;
                case 1:
                    w = new World(new long[] { 70_000_000L, 95_000_000L }, 0);
                    break;
                case 2:
                    w = new World(new long[] { 90_000_000L }, 10_000_000L);
                    break;
                default:
                    w = new World(new long[] { 80_000_000L, 90_000_000L }, 5_000_000L);
                    break;
            }
            final int assetCount = random.nextInt(3);
            for (int i = 0; i < assetCount; i++)
            {
                w.asset(2 + i, magnitude(random, 1, 13), 1 + random.nextLong(R));
            }
            final int instrumentCount = 1 + random.nextInt(3);
            for (int i = 0; i < instrumentCount; i++)
            {
                final int tiers = 1 + random.nextInt(4);
                final long[] caps = new long[tiers];
                final long[] rates = new long[tiers];
                long cap = magnitude(random, 9, 15);
                long rate = 100_000L + random.nextLong(2_000_000L);
                for (int t = 0; t < tiers; t++)
                {
                    caps[t] = cap;
                    rates[t] = Math.min(R - 1, rate);
                    cap += magnitude(random, 9, 15);
                    rate += random.nextLong(5_000_000L);
                }
                final Instrument instrument = w.instrument(10 + i, caps, rates);
                final int digits = random.nextInt(20) == 0 ? 18 : 13;
                instrument.markPrice = random.nextInt(10) == 0 ? 0 : magnitude(random, 4, digits);
                instrument.fundingIndex = random.nextInt(20) == 0 ? random.nextLong() :
                    random.nextLong(-1_000_000_000_000_000L, 1_000_000_000_000_000L);
            }
            return w;
        }

        Asset asset(final int id, final long price, final long ratio)
        {
            final Asset asset = new Asset(id, assetList.size());
            asset.price = price;
            asset.collateralRatio = ratio;
            assets.put(id, asset);
            assetList.add(asset);
            return asset;
        }

        Instrument instrument(final int id, final long[] caps, final long[] rates)
        {
            final Instrument instrument = new Instrument(id, instruments.size());
            instrument.tierCount = caps.length;
            for (int t = 0; t < caps.length; t++)
            {
                instrument.notionalCap[t] = caps[t];
                instrument.maintenanceMarginRate[t] = rates[t];
                instrument.maxLeverage[t] = (int) Math.max(1, Math.min(125, R / rates[t]));
                instrument.maintenanceAmount[t] = t == 0 ? 0 : instrument.maintenanceAmount[t - 1] +
                    BigInteger.valueOf(caps[t - 1]).multiply(BigInteger.valueOf(rates[t] - rates[t - 1]))
                        .divide(BR).longValueExact();
            }
            instruments.add(instrument);
            return instrument;
        }

        void balance(final Account account, final int assetId, final long amount)
        {
            final int slot = account.addBalanceSlot(assetId);
            account.balances[slot] = amount;
        }

        Position position(final Account account, final Instrument instrument, final long size, final long cost,
            final boolean isolated)
        {
            final Position p = new Position(account, instrument);
            p.size = size;
            p.cost = cost;
            p.isolated = isolated;
            p.fundingSnapshot = instrument.fundingIndex;
            account.linkPosition(p);
            return p;
        }

        Account randomAccount(final SplittableRandom random)
        {
            final Account account = new Account(1 + random.nextInt(1_000));
            BigInteger notional = BigInteger.ZERO;
            for (final Instrument instrument : instruments)
            {
                if (random.nextInt(4) == 0)
                {
                    continue;
                }
                final boolean flat = random.nextInt(6) == 0;
                final long quantity = flat ? 0 : magnitude(random, 4, random.nextInt(20) == 0 ? 17 : 12);
                final long size = random.nextBoolean() ? quantity : -quantity;
                final long entry = Math.max(1, instrument.markPrice == 0 ? magnitude(random, 4, 13) :
                    instrument.markPrice / 2 + random.nextLong(Math.max(1, instrument.markPrice)));
                final BigInteger cost = BigInteger.valueOf(quantity).multiply(BigInteger.valueOf(entry)).divide(BR);
                final Position p = position(account, instrument, size,
                    cost.min(BigInteger.valueOf(Long.MAX_VALUE / 4)).longValue(), random.nextInt(3) == 0);
                final BigInteger n = ceil(BigInteger.valueOf(quantity).multiply(BigInteger.valueOf(
                    Math.max(instrument.markPrice, entry))), BR);
                notional = notional.add(n);
                p.fundingSnapshot = random.nextInt(20) == 0 ? random.nextLong() :
                    instrument.fundingIndex + random.nextLong(-1_000_000_000_000_000L, 1_000_000_000_000_000L);
                if (p.isolated)
                {
                    p.isolatedMargin = fraction(random, n);
                }
                final int orders = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
                for (int o = 0; o < orders; o++)
                {
                    final Order order = new Order();
                    order.position = p;
                    order.buy = random.nextBoolean();
                    order.price = Math.max(1, entry / 2 + random.nextLong(entry + 1));
                    order.remaining = magnitude(random, 4, 12);
                    order.next = p.firstOrder;
                    p.firstOrder = order;
                    p.orderCount++;
                    final long on = BigInteger.valueOf(order.remaining).multiply(BigInteger.valueOf(order.price))
                        .divide(BR).min(BigInteger.valueOf(Long.MAX_VALUE / 8)).longValue();
                    if (order.buy)
                    {
                        p.buyNotional += on;
                    }
                    else
                    {
                        p.sellNotional += on;
                    }
                }
            }
            balance(account, SETTLE, fraction(random, notional));
            for (final Asset asset : assetList)
            {
                if (asset.id != SETTLE && random.nextBoolean())
                {
                    balance(account, asset.id, random.nextInt(4) == 0 ? 0 : magnitude(random, 4, 13));
                }
            }
            if (random.nextInt(10) == 0)
            {
                account.crossInLiquidation = true;
            }
            return account;
        }

        List<Scope> scopes(final Account account)
        {
            final List<Scope> scopes = new ArrayList<>();
            final List<TriggerEntry> cross = new ArrayList<>();
            for (int i = 0; i < account.balanceCount; i++)
            {
                if (account.balanceTriggers[i] != null)
                {
                    cross.add(account.balanceTriggers[i]);
                }
            }
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (p.markTrigger == null)
                {
                    continue;
                }
                final List<TriggerEntry> target = p.isolated && p.size != 0 ? new ArrayList<>() : cross;
                target.add(p.markTrigger);
                if (p.size != 0)
                {
                    target.add(p.fundingTrigger);
                }
                if (target != cross)
                {
                    scopes.add(new Scope("isolated " + p.instrument.id, target));
                }
            }
            scopes.add(new Scope("cross", cross));
            return scopes;
        }

        /**
         * Exact evaluation inputs of every scope of an account and whether everything the engine computes fits.
         */
        Snapshot evaluate(final Account account)
        {
            final Snapshot s = new Snapshot();
            BigInteger collateral = BigInteger.ZERO;
            for (int i = 0; i < account.balanceCount; i++)
            {
                final BigInteger b = BigInteger.valueOf(account.balances[i]);
                if (account.balanceAssetIds[i] == SETTLE)
                {
                    collateral = collateral.add(b);
                }
                else if (b.signum() > 0)
                {
                    final Asset asset = assets.get(account.balanceAssetIds[i]);
                    final BigInteger value = floor(b.multiply(BigInteger.valueOf(asset.price)), BR);
                    s.fits &= fits(value);
                    collateral = collateral.add(floor(value.multiply(BigInteger.valueOf(asset.collateralRatio)), BR));
                }
                s.fits &= fits(collateral);
            }
            BigInteger upnl = BigInteger.ZERO;
            BigInteger accrued = BigInteger.ZERO;
            BigInteger mm = BigInteger.ZERO;
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (p.size == 0 && p.orderCount == 0)
                {
                    continue;
                }
                final BigInteger[] v = position(p, s);
                if (p.size == 0)
                {
                    continue;
                }
                if (p.isolated)
                {
                    final BigInteger inner = v[0].add(v[1]);
                    final BigInteger mb = BigInteger.valueOf(p.isolatedMargin).add(inner);
                    s.fits &= fits(inner) && fits(mb);
                    s.tests.put("isolated " + p.instrument.id, tests(mb, v[2], s));
                }
                else
                {
                    upnl = upnl.add(v[0]);
                    accrued = accrued.add(v[1]);
                    mm = mm.add(v[2]);
                    s.fits &= fits(upnl) && fits(accrued) && fits(mm);
                }
            }
            final BigInteger inner = upnl.add(accrued);
            final BigInteger mb = collateral.add(inner);
            s.fits &= fits(inner) && fits(mb);
            s.tests.put("cross", tests(mb, mm, s));
            return s;
        }

        private String tests(final BigInteger mb, final BigInteger mm, final Snapshot s)
        {
            if (mm.signum() == 0)
            {
                return "MM=0";
            }
            final StringBuilder b = new StringBuilder();
            BigInteger ratio = null;
            if (mb.signum() > 0)
            {
                ratio = ceil(mm.multiply(BR), mb);
                s.fits &= fits(ratio);
            }
            b.append("MB>0=").append(mb.signum() > 0);
            for (final long level : levels)
            {
                b.append(" >=").append(level).append('=')
                    .append(ratio == null || ratio.compareTo(BigInteger.valueOf(level)) >= 0);
                b.append(" <").append(level - hysteresis).append('=')
                    .append(ratio != null && ratio.compareTo(BigInteger.valueOf(level - hysteresis)) < 0);
            }
            b.append(" liquidation=").append(mb.compareTo(mm) <= 0);
            return b.toString();
        }

        /**
         * UPnL, accrued, MM of a position, checking every value computePosition forms.
         */
        private BigInteger[] position(final Position p, final Snapshot s)
        {
            final Instrument instrument = p.instrument;
            final BigInteger size = BigInteger.valueOf(p.size);
            final BigInteger quantity = size.abs();
            final BigInteger mark = BigInteger.valueOf(instrument.markPrice);
            BigInteger n = BigInteger.ZERO;
            BigInteger upnl = BigInteger.ZERO;
            BigInteger accrued = BigInteger.ZERO;
            BigInteger mm = BigInteger.ZERO;
            BigInteger im = BigInteger.ZERO;
            final BigInteger leverage = BigInteger.valueOf(p.leverage);
            if (p.size != 0)
            {
                n = ceil(quantity.multiply(mark), BR);
                final BigInteger signedMark = floor(size.multiply(mark), BR);
                upnl = signedMark.subtract(BigInteger.valueOf(p.signedCost()));
                final BigInteger delta = BigInteger.valueOf(instrument.fundingIndex)
                    .subtract(BigInteger.valueOf(p.fundingSnapshot));
                s.fits &= fits(n) && fits(signedMark) && fits(upnl) && fits(delta);
                accrued = floor(size.negate().multiply(delta), FUNDING);
                s.fits &= fits(accrued);
                final int tier = fits(n) ? instrument.tierOf(n.longValue()) : instrument.tierCount - 1;
                final BigInteger raw = ceil(n.multiply(BigInteger.valueOf(instrument.maintenanceMarginRate[tier])), BR);
                final BigInteger less = raw.subtract(BigInteger.valueOf(instrument.maintenanceAmount[tier]));
                s.fits &= fits(raw) && fits(less);
                mm = less.max(BigInteger.ZERO);
                im = ceil(n, leverage);
            }
            if (p.orderCount > 0)
            {
                final BigInteger signed = p.size >= 0 ? n : n.negate();
                final BigInteger buy = signed.add(BigInteger.valueOf(p.buyNotional));
                final BigInteger sell = signed.subtract(BigInteger.valueOf(p.sellNotional));
                s.fits &= fits(buy) && fits(sell);
                final BigInteger imMax = ceil(buy.abs(), leverage).max(ceil(sell.abs(), leverage));
                BigInteger openLoss = BigInteger.ZERO;
                for (Order o = p.firstOrder; o != null; o = o.next)
                {
                    final long through = o.buy ? o.price - instrument.markPrice : instrument.markPrice - o.price;
                    if (through > 0)
                    {
                        final BigInteger loss = ceil(BigInteger.valueOf(o.remaining)
                            .multiply(BigInteger.valueOf(through)), BR);
                        openLoss = openLoss.add(loss);
                        s.fits &= fits(loss) && fits(openLoss);
                    }
                }
                final BigInteger difference = imMax.subtract(im);
                s.fits &= fits(imMax) && fits(difference) && fits(difference.add(openLoss));
            }
            return new BigInteger[] { upnl, accrued, mm };
        }
    }

    private static long magnitude(final SplittableRandom random, final int minDigits, final int maxDigits)
    {
        final int digits = minDigits + random.nextInt(maxDigits - minDigits + 1);
        final long scale = BigInteger.TEN.pow(digits).min(LONG_MAX).longValue();
        return 1 + random.nextLong(scale);
    }

    /**
     * A margin amount relative to a notional: mostly between 0.1 % and 100 % of it, sometimes negative or huge.
     */
    private static long fraction(final SplittableRandom random, final BigInteger notional)
    {
        if (random.nextInt(20) == 0)
        {
            return random.nextLong(-Long.MAX_VALUE / 2, Long.MAX_VALUE / 2);
        }
        final double f = Math.pow(10, -3 + 3 * random.nextDouble()) * (random.nextInt(10) == 0 ? -1 : 1);
        final BigInteger v = new java.math.BigDecimal(notional).multiply(java.math.BigDecimal.valueOf(f))
            .toBigInteger().add(BigInteger.valueOf(random.nextLong(-1_000, 1_000)));
        return v.max(BigInteger.valueOf(-Long.MAX_VALUE / 4)).min(BigInteger.valueOf(Long.MAX_VALUE / 4)).longValue();
    }

    private static boolean fits(final BigInteger v)
    {
        return v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0;
    }

    private static BigInteger floor(final BigInteger a, final BigInteger b)
    {
        final BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    private static BigInteger ceil(final BigInteger a, final BigInteger b)
    {
        return floor(a.negate(), b).negate();
    }
}
