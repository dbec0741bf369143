package io.perprisk.engine.reference;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The rounding words of docs/arithmetic.md: floor toward −∞, ceil toward +∞, halfUp ties away from zero.
 */
class ExactTest
{
    @Test
    void shouldRoundTiesAwayFromZero()
    {
        assertEquals(3, Exact.halfUp(BigInteger.valueOf(5), BigInteger.valueOf(2), "t"));
        assertEquals(-3, Exact.halfUp(BigInteger.valueOf(-5), BigInteger.valueOf(2), "t"));
        assertEquals(-2, Exact.floor(BigInteger.valueOf(-3), BigInteger.valueOf(2), "t"));
        assertEquals(-1, Exact.ceil(BigInteger.valueOf(-3), BigInteger.valueOf(2), "t"));
        assertEquals(2, Exact.ceil(BigInteger.valueOf(-3), BigInteger.valueOf(-2), "t"));
    }

    @Test
    void shouldRejectResultsOutsideALong()
    {
        assertThrows(Exact.OverflowException.class, () -> Exact.add(Long.MAX_VALUE, 1, "t"));
        assertThrows(Exact.OverflowException.class, () -> Exact.floor(
            BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TEN), BigInteger.ONE, "t"));
    }

    @Property(tries = 2_000)
    void shouldAgreeWithBigDecimalRounding(@ForAll final long a, @ForAll final int b, @ForAll final long c)
    {
        if (b == 0)
        {
            return;
        }
        final BigInteger numerator = BigInteger.valueOf(a).multiply(BigInteger.valueOf(c % 1_000_000_007L));
        final BigInteger denominator = BigInteger.valueOf(b);
        final BigDecimal exact = new BigDecimal(numerator);
        final BigDecimal divisor = new BigDecimal(denominator);
        final BigInteger floor = exact.divide(divisor, 0, RoundingMode.FLOOR).toBigIntegerExact();
        final BigInteger ceil = exact.divide(divisor, 0, RoundingMode.CEILING).toBigIntegerExact();
        final BigInteger halfUp = exact.divide(divisor, 0, RoundingMode.HALF_UP).toBigIntegerExact();
        if (floor.bitLength() < 63 && ceil.bitLength() < 63)
        {
            assertEquals(floor.longValueExact(), Exact.floor(numerator, denominator, "t"));
            assertEquals(ceil.longValueExact(), Exact.ceil(numerator, denominator, "t"));
            assertEquals(halfUp.longValueExact(), Exact.halfUp(numerator, denominator, "t"));
        }
    }
}
