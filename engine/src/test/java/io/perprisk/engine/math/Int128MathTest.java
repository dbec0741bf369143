package io.perprisk.engine.math;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Int128MathTest
{
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    @Provide
    Arbitrary<Long> anyLong()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs(),
            Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L),
            Arbitraries.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1,
                100_000_000L, -100_000_000L, 1L << 32, (1L << 32) - 1, -(1L << 32)));
    }

    @Provide
    Arbitrary<Long> positiveLong()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs().between(1, Long.MAX_VALUE),
            Arbitraries.longs().between(1, 1L << 33),
            Arbitraries.of(1L, 2L, 3L, 7L, 100_000_000L, 10_000L, Long.MAX_VALUE, (1L << 32) + 1, (1L << 62) + 3));
    }

    @Property(tries = 3000)
    void shouldMulDivLikeBigInteger(
        @ForAll("anyLong") final long a, @ForAll("anyLong") final long b, @ForAll("positiveLong") final long c)
    {
        checkRounding(a, b, c, Int128Math.FLOOR, RoundingMode.FLOOR);
        checkRounding(a, b, c, Int128Math.CEIL, RoundingMode.CEILING);
        checkRounding(a, b, c, Int128Math.HALF_UP, RoundingMode.HALF_UP);
    }

    private static void checkRounding(
        final long a, final long b, final long c, final int rounding, final RoundingMode mode)
    {
        final Int128Math math = new Int128Math();
        final long result = math.mulDiv(a, b, c, rounding);
        final BigInteger expected = new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
            .divide(BigDecimal.valueOf(c), 0, mode).toBigIntegerExact();
        final boolean fits = expected.compareTo(LONG_MIN) >= 0 && expected.compareTo(LONG_MAX) <= 0;
        assertEquals(!fits, math.overflow(), "overflow flag for " + a + "*" + b + "/" + c);
        if (fits)
        {
            assertEquals(expected.longValueExact(), result, a + "*" + b + "/" + c + " mode " + mode);
        }
        else
        {
            assertEquals(expected.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE, result);
        }
    }

    @Property(tries = 3000)
    void shouldDivide128By64WithFullQuotient(
        @ForAll("anyLong") final long hi, @ForAll("anyLong") final long lo, @ForAll("positiveLong") final long d)
    {
        final BigInteger value = BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
        final Int128Math math = new Int128Math();
        math.set(hi, lo);
        math.divideBy(d, Int128Math.FLOOR);
        final BigInteger floor = new BigDecimal(value).divide(BigDecimal.valueOf(d), 0, RoundingMode.FLOOR)
            .toBigIntegerExact();
        assertEquals(floor, toBig(math.hi(), math.lo()));

        math.set(hi, lo);
        math.divideBy(d, Int128Math.CEIL);
        final BigInteger ceil = new BigDecimal(value).divide(BigDecimal.valueOf(d), 0, RoundingMode.CEILING)
            .toBigIntegerExact();
        assertEquals(ceil, toBig(math.hi(), math.lo()));
        assertFalse(math.overflow());
    }

    @Property(tries = 3000)
    void shouldDivideUnsignedLikeBigInteger(
        @ForAll("anyLong") final long u1, @ForAll("anyLong") final long u0, @ForAll("anyLong") final long v)
    {
        final BigInteger divisor = new BigInteger(Long.toUnsignedString(v == 0 ? 1 : v));
        final BigInteger high = new BigInteger(Long.toUnsignedString(u1)).mod(divisor);
        final BigInteger dividend = high.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(u0)));
        final Int128Math math = new Int128Math();
        final long q = math.divideUnsigned128By64(high.longValue(), u0, divisor.longValue());
        final BigInteger[] qr = dividend.divideAndRemainder(divisor);
        assertEquals(qr[0], new BigInteger(Long.toUnsignedString(q)));
        assertEquals(qr[1], new BigInteger(Long.toUnsignedString(math.remainder())));
    }

    @Property(tries = 2000)
    void shouldDetectAdditionOverflow(@ForAll("anyLong") final long a, @ForAll("anyLong") final long b)
    {
        final Int128Math math = new Int128Math();
        final BigInteger sum = BigInteger.valueOf(a).add(BigInteger.valueOf(b));
        final long result = math.add(a, b);
        final boolean fits = sum.bitLength() < 64;
        assertEquals(!fits, math.overflow());
        if (fits)
        {
            assertEquals(sum.longValueExact(), result);
        }
        math.clearOverflow();
        final BigInteger difference = BigInteger.valueOf(a).subtract(BigInteger.valueOf(b));
        final long diff = math.subtract(a, b);
        assertEquals(difference.bitLength() >= 64, math.overflow());
        if (difference.bitLength() < 64)
        {
            assertEquals(difference.longValueExact(), diff);
        }
    }

    @Property(tries = 2000)
    void shouldCompareWithLong(@ForAll("anyLong") final long a, @ForAll("anyLong") final long b,
        @ForAll("anyLong") final long c)
    {
        final Int128Math math = new Int128Math();
        math.multiply(a, b);
        final BigInteger product = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
        assertEquals(Integer.signum(product.compareTo(BigInteger.valueOf(c))), Integer.signum(math.compareTo(c)));
        assertEquals(product.signum() < 0, math.isNegative());
    }

    @Property(tries = 3000)
    void shouldMultiply128By64(
        @ForAll("anyLong") final long a,
        @ForAll("anyLong") final long b,
        @ForAll("anyLong") final long c)
    {
        final Int128Math math = new Int128Math();
        math.multiply(a, b);
        math.multiplyBy(c);
        final BigInteger product =
            BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).multiply(BigInteger.valueOf(c));
        if (product.equals(BigInteger.ONE.shiftLeft(127).negate()))
        {
            return;
        }
        final boolean fits = product.bitLength() < 128;
        assertEquals(!fits, math.overflow(), a + "*" + b + "*" + c);
        if (fits)
        {
            assertEquals(product, toBig(math.hi(), math.lo()));
            assertEquals(product.bitLength() < 64, math.fitsInLong());
        }
    }

    @Test
    void shouldRoundHalfAwayFromZero()
    {
        final Int128Math math = new Int128Math();
        assertEquals(3, math.mulDivHalfUp(5, 1, 2));
        assertEquals(-3, math.mulDivHalfUp(-5, 1, 2));
        assertEquals(2, math.mulDivHalfUp(7, 1, 4));
        assertEquals(-2, math.mulDivHalfUp(-7, 1, 4));
        assertEquals(-2, math.mulDivFloor(-3, 1, 2));
        assertEquals(-1, math.mulDivCeil(-3, 1, 2));
        assertFalse(math.overflow());
    }

    @Test
    void shouldFlagOverflowWhenQuotientExceedsLong()
    {
        final Int128Math math = new Int128Math();
        math.mulDivFloor(Long.MAX_VALUE, Long.MAX_VALUE, 2);
        assertTrue(math.overflow());
        math.clearOverflow();
        assertEquals(Long.MAX_VALUE, math.mulDivFloor(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
        assertFalse(math.overflow());
        assertEquals(Long.MIN_VALUE, math.mulDivFloor(Long.MIN_VALUE, 1, 1));
        assertFalse(math.overflow());
        math.negate(Long.MIN_VALUE);
        assertTrue(math.overflow());
    }

    private static BigInteger toBig(final long hi, final long lo)
    {
        return BigInteger.valueOf(hi).multiply(TWO_64).add(new BigInteger(Long.toUnsignedString(lo)));
    }
}
