package io.perprisk.engine.reference;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact arithmetic of the reference model: every product and quotient is formed in {@link BigInteger} and divided
 * back with an explicit rounding; a result that must be stored or emitted is checked to fit in a {@code long}.
 */
final class Exact
{
    /** Scale of prices, quantities, money and rates: 10^8. */
    static final long R = 100_000_000L;
    static final BigInteger BIG_R = BigInteger.valueOf(R);
    /** Scale of the funding index: money per base unit times 10^12. */
    static final BigInteger FUNDING_SCALE = BigInteger.TEN.pow(12);
    /** {@code P·rate} has scale 10^16, the funding index 10^12. */
    static final BigInteger FUNDING_INDEX_DIVISOR = BigInteger.TEN.pow(4);

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Exact()
    {
    }

    /**
     * Thrown when a result the contract requires to fit in a {@code long} does not.
     */
    static final class OverflowException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        OverflowException(final String what)
        {
            super("arithmetic overflow: " + what, null, false, false);
        }
    }

    static BigInteger big(final long value)
    {
        return BigInteger.valueOf(value);
    }

    static long fit(final BigInteger value, final String what)
    {
        if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0)
        {
            throw new OverflowException(what);
        }
        return value.longValue();
    }

    /** Whether an exact value is a {@code long}. */
    static boolean fits(final BigInteger value)
    {
        return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0;
    }

    /** Exact quotient rounded as asked, not limited to a {@code long}. */
    static BigInteger quotient(final BigInteger numerator, final BigInteger denominator, final RoundingMode mode)
    {
        return divide(numerator, denominator, mode);
    }

    static long add(final long a, final long b, final String what)
    {
        return fit(big(a).add(big(b)), what);
    }

    static long subtract(final long a, final long b, final String what)
    {
        return fit(big(a).subtract(big(b)), what);
    }

    static long floor(final BigInteger numerator, final BigInteger denominator, final String what)
    {
        return fit(divide(numerator, denominator, RoundingMode.FLOOR), what);
    }

    static long ceil(final BigInteger numerator, final BigInteger denominator, final String what)
    {
        return fit(divide(numerator, denominator, RoundingMode.CEILING), what);
    }

    static long halfUp(final BigInteger numerator, final BigInteger denominator, final String what)
    {
        return fit(divide(numerator, denominator, RoundingMode.HALF_UP), what);
    }

    /**
     * Exact quotient that the contract says must divide evenly (on-tick, on-lot notional).
     */
    static long exact(final BigInteger numerator, final BigInteger denominator, final String what)
    {
        return fit(divide(numerator, denominator, RoundingMode.UNNECESSARY), what);
    }

    static BigDecimal real(final BigInteger numerator, final BigInteger denominator)
    {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), 40, RoundingMode.UNNECESSARY);
    }

    /**
     * Integer quotient with an explicit rounding: {@code FLOOR} toward −∞, {@code CEILING} toward +∞,
     * {@code HALF_UP} to nearest with ties away from zero, {@code UNNECESSARY} when it must divide evenly.
     */
    private static BigInteger divide(final BigInteger numerator, final BigInteger denominator, final RoundingMode mode)
    {
        final BigInteger[] quotientAndRemainder = numerator.divideAndRemainder(denominator);
        final BigInteger truncated = quotientAndRemainder[0];
        final BigInteger remainder = quotientAndRemainder[1];
        if (remainder.signum() == 0)
        {
            return truncated;
        }
        final boolean exactIsPositive = numerator.signum() == denominator.signum();
        switch (mode)
        {
            case FLOOR:
                return exactIsPositive ? truncated : truncated.subtract(BigInteger.ONE);
            case CEILING:
                return exactIsPositive ? truncated.add(BigInteger.ONE) : truncated;
            case HALF_UP:
                if (remainder.abs().shiftLeft(1).compareTo(denominator.abs()) >= 0)
                {
                    return exactIsPositive ? truncated.add(BigInteger.ONE) : truncated.subtract(BigInteger.ONE);
                }
                return truncated;
            default:
                throw new ArithmeticException("inexact division where the contract says it is exact");
        }
    }
}
