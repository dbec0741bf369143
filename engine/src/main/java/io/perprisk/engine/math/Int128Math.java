package io.perprisk.engine.math;

/**
 * Exact signed 128-bit arithmetic for fixed-point money, without allocation. A 128-bit value is a pair
 * {@code (hi, lo)}: {@code hi} holds the upper 64 bits as a signed long, {@code lo} the lower 64 bits unsigned.
 * <p>
 * An instance is a set of registers: operations leave their 128-bit result in {@link #hi()}/{@link #lo()} and
 * remainders in {@link #remainder()}. Operations that return a {@code long} set the sticky {@link #overflow()} flag
 * when the exact result does not fit, and then return a saturated value ({@link Long#MAX_VALUE} or
 * {@link Long#MIN_VALUE} by sign). Not thread safe: one instance per thread.
 */
public final class Int128Math
{
    /**
     * Round toward negative infinity.
     */
    public static final int FLOOR = 0;

    /**
     * Round toward positive infinity.
     */
    public static final int CEIL = 1;

    /**
     * Round to nearest, ties away from zero.
     */
    public static final int HALF_UP = 2;

    private static final long MASK32 = 0xFFFF_FFFFL;
    private static final long BASE32 = 1L << 32;

    private long hi;
    private long lo;
    private long remainder;
    private boolean overflow;

    /**
     * Upper 64 bits (signed) of the last 128-bit result.
     *
     * @return the upper 64 bits.
     */
    public long hi()
    {
        return hi;
    }

    /**
     * Lower 64 bits (unsigned) of the last 128-bit result.
     *
     * @return the lower 64 bits.
     */
    public long lo()
    {
        return lo;
    }

    /**
     * Unsigned remainder of the last magnitude division.
     *
     * @return the remainder.
     */
    public long remainder()
    {
        return remainder;
    }

    /**
     * Whether any operation since the last {@link #clearOverflow()} overflowed.
     *
     * @return true if an overflow was detected.
     */
    public boolean overflow()
    {
        return overflow;
    }

    /**
     * Clear the sticky overflow flag.
     */
    public void clearOverflow()
    {
        overflow = false;
    }

    /**
     * Mark an overflow detected by the caller.
     */
    public void flagOverflow()
    {
        overflow = true;
    }

    /**
     * Exact signed product of two longs, left in {@link #hi()}/{@link #lo()}.
     *
     * @param a multiplicand.
     * @param b multiplier.
     */
    public void multiply(final long a, final long b)
    {
        hi = Math.multiplyHigh(a, b);
        lo = a * b;
    }

    /**
     * Multiply the current 128-bit value by a long, in place; sets {@link #overflow()} (and leaves the value
     * unspecified) if the exact product does not fit in 128 bits.
     *
     * @param b multiplier.
     */
    public void multiplyBy(final long b)
    {
        // |b| is read as unsigned, so Long.MIN_VALUE is 2^63.
        final boolean negative = (hi < 0) != (b < 0);
        long mHi = hi;
        long mLo = lo;
        if (hi < 0)
        {
            mLo = -lo;
            mHi = ~hi + (lo == 0 ? 1 : 0);
        }
        if (mHi < 0)
        {
            overflow = true;
            return;
        }
        final long mb = Math.abs(b);
        final long loHi = unsignedMultiplyHigh(mLo, mb);
        final long loLo = mLo * mb;
        final long hiHi = unsignedMultiplyHigh(mHi, mb);
        final long hiLo = mHi * mb;
        final long rHi = hiLo + loHi;
        if (hiHi != 0 || Long.compareUnsigned(rHi, hiLo) < 0 || rHi < 0)
        {
            overflow = true;
            return;
        }
        if (negative && (rHi != 0 || loLo != 0))
        {
            lo = -loLo;
            hi = ~rHi + (loLo == 0 ? 1 : 0);
        }
        else
        {
            lo = loLo;
            hi = rHi;
        }
    }

    /**
     * Whether the current 128-bit value fits in a long.
     *
     * @return true if it does.
     */
    public boolean fitsInLong()
    {
        return hi == (lo >> 63);
    }

    /**
     * Set the current 128-bit value.
     *
     * @param hi upper 64 bits, signed.
     * @param lo lower 64 bits, unsigned.
     */
    public void set(final long hi, final long lo)
    {
        this.hi = hi;
        this.lo = lo;
    }

    /**
     * Set the current 128-bit value from a long.
     *
     * @param value to widen.
     */
    public void set(final long value)
    {
        hi = value >> 63;
        lo = value;
    }

    /**
     * Divide the current signed 128-bit value by a positive divisor with the given rounding, leaving the 128-bit
     * quotient in {@link #hi()}/{@link #lo()}.
     *
     * @param divisor  positive.
     * @param rounding {@link #FLOOR}, {@link #CEIL} or {@link #HALF_UP}.
     */
    public void divideBy(final long divisor, final int rounding)
    {
        if (divisor <= 0)
        {
            overflow = true;
            return;
        }
        final boolean negative = hi < 0;
        long mHi = hi;
        long mLo = lo;
        if (negative)
        {
            mLo = -lo;
            mHi = ~hi + (lo == 0 ? 1 : 0);
        }
        final long qHi = Long.divideUnsigned(mHi, divisor);
        final long rHi = Long.remainderUnsigned(mHi, divisor);
        long qLo = divideUnsigned128By64(rHi, mLo, divisor);
        long quotientHi = qHi;
        final long r = remainder;
        boolean roundAway = false;
        if (r != 0)
        {
            switch (rounding)
            {
                case FLOOR:
                    roundAway = negative;
                    break;
                case CEIL:
                    roundAway = !negative;
                    break;
                default:
                    roundAway = Long.compareUnsigned(r, divisor - r) >= 0;
                    break;
            }
        }
        if (roundAway)
        {
            qLo++;
            if (qLo == 0)
            {
                quotientHi++;
            }
        }
        if (negative)
        {
            lo = -qLo;
            hi = ~quotientHi + (qLo == 0 ? 1 : 0);
        }
        else
        {
            lo = qLo;
            hi = quotientHi;
        }
    }

    /**
     * The current 128-bit value as a long; sets overflow and saturates if it does not fit.
     *
     * @return the value.
     */
    public long toLong()
    {
        if (hi != (lo >> 63))
        {
            overflow = true;
            return hi < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return lo;
    }

    /**
     * Whether the current 128-bit value is negative.
     *
     * @return true if negative.
     */
    public boolean isNegative()
    {
        return hi < 0;
    }

    /**
     * Compare the current 128-bit value with a long.
     *
     * @param value to compare with.
     * @return negative, zero or positive as the current value is less than, equal to or greater than value.
     */
    public int compareTo(final long value)
    {
        final long vHi = value >> 63;
        if (hi != vHi)
        {
            return hi < vHi ? -1 : 1;
        }
        return Long.compareUnsigned(lo, value);
    }

    /**
     * {@code round(a * b / c)} exactly, with {@code c > 0}.
     *
     * @param a        factor.
     * @param b        factor.
     * @param c        positive divisor.
     * @param rounding {@link #FLOOR}, {@link #CEIL} or {@link #HALF_UP}.
     * @return the rounded quotient, saturated with {@link #overflow()} set if it does not fit.
     */
    public long mulDiv(final long a, final long b, final long c, final int rounding)
    {
        multiply(a, b);
        divideBy(c, rounding);
        return toLong();
    }

    /**
     * {@code floor(a * b / c)} with {@code c > 0}.
     *
     * @param a factor.
     * @param b factor.
     * @param c positive divisor.
     * @return the quotient rounded down.
     */
    public long mulDivFloor(final long a, final long b, final long c)
    {
        return mulDiv(a, b, c, FLOOR);
    }

    /**
     * {@code ceil(a * b / c)} with {@code c > 0}.
     *
     * @param a factor.
     * @param b factor.
     * @param c positive divisor.
     * @return the quotient rounded up.
     */
    public long mulDivCeil(final long a, final long b, final long c)
    {
        return mulDiv(a, b, c, CEIL);
    }

    /**
     * {@code a * b / c} rounded half away from zero, with {@code c > 0}.
     *
     * @param a factor.
     * @param b factor.
     * @param c positive divisor.
     * @return the quotient rounded half up.
     */
    public long mulDivHalfUp(final long a, final long b, final long c)
    {
        return mulDiv(a, b, c, HALF_UP);
    }

    /**
     * {@code round(a / c)} for longs with {@code c > 0}.
     *
     * @param a        dividend.
     * @param c        positive divisor.
     * @param rounding {@link #FLOOR}, {@link #CEIL} or {@link #HALF_UP}.
     * @return the rounded quotient.
     */
    public long divide(final long a, final long c, final int rounding)
    {
        set(a);
        divideBy(c, rounding);
        return toLong();
    }

    /**
     * Checked addition; sets overflow and saturates when the sum does not fit.
     *
     * @param a addend.
     * @param b addend.
     * @return the sum.
     */
    public long add(final long a, final long b)
    {
        final long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0)
        {
            overflow = true;
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /**
     * Checked subtraction; sets overflow and saturates when the difference does not fit.
     *
     * @param a minuend.
     * @param b subtrahend.
     * @return the difference.
     */
    public long subtract(final long a, final long b)
    {
        final long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0)
        {
            overflow = true;
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /**
     * Checked negation.
     *
     * @param a value.
     * @return minus a.
     */
    public long negate(final long a)
    {
        if (a == Long.MIN_VALUE)
        {
            overflow = true;
            return Long.MAX_VALUE;
        }
        return -a;
    }

    /**
     * Unsigned division of the 128-bit value {@code (u1, u0)} by {@code v}, requiring {@code u1 < v} unsigned so that
     * the quotient fits in 64 bits. The remainder is left in {@link #remainder()}.
     *
     * @param u1 upper 64 bits of the dividend, unsigned, less than v.
     * @param u0 lower 64 bits of the dividend, unsigned.
     * @param v  divisor, unsigned, non-zero.
     * @return the unsigned quotient.
     */
    public long divideUnsigned128By64(final long u1, final long u0, final long v)
    {
        if (u1 == 0)
        {
            remainder = Long.remainderUnsigned(u0, v);
            return Long.divideUnsigned(u0, v);
        }
        final int s = Long.numberOfLeadingZeros(v);
        final long vn = v << s;
        final long vn1 = vn >>> 32;
        final long vn0 = vn & MASK32;
        final long un32 = (u1 << s) | (s == 0 ? 0 : u0 >>> (64 - s));
        final long un10 = u0 << s;
        final long un1 = un10 >>> 32;
        final long un0 = un10 & MASK32;

        long q1 = Long.divideUnsigned(un32, vn1);
        long rhat = un32 - q1 * vn1;
        while (Long.compareUnsigned(q1, BASE32) >= 0 || Long.compareUnsigned(q1 * vn0, (rhat << 32) + un1) > 0)
        {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, BASE32) >= 0)
            {
                break;
            }
        }

        final long un21 = (un32 << 32) + un1 - q1 * vn;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, BASE32) >= 0 || Long.compareUnsigned(q0 * vn0, (rhat << 32) + un0) > 0)
        {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, BASE32) >= 0)
            {
                break;
            }
        }
        remainder = ((un21 << 32) + un0 - q0 * vn) >>> s;
        return (q1 << 32) + q0;
    }

    private static long unsignedMultiplyHigh(final long a, final long b)
    {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
