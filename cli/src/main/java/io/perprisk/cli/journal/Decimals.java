package io.perprisk.cli.journal;

/**
 * Exact decimal text of raw fixed-point values, for the journal commands' output. Cold path.
 */
final class Decimals
{
    private Decimals()
    {
    }

    /**
     * A raw fixed-point value (times 10^8) as an exact decimal string, trailing zeros removed.
     */
    static String decimal(final long raw)
    {
        final StringBuilder sb = new StringBuilder(24);
        final boolean negative = raw < 0;
        final long abs = Math.abs(raw);
        final long whole = negative && raw == Long.MIN_VALUE ? 92233720368L : abs / 100_000_000L;
        final long fraction = negative && raw == Long.MIN_VALUE ? 54775808L : abs % 100_000_000L;
        if (negative)
        {
            sb.append('-');
        }
        sb.append(whole);
        if (fraction != 0)
        {
            final String digits = String.format("%08d", fraction);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0')
            {
                end--;
            }
            sb.append('.').append(digits, 0, end);
        }
        return sb.toString();
    }
}
