package io.perprisk.cli.stress;

import java.math.BigDecimal;

/**
 * A mark-price shock of one instrument, e.g. {@code 1=-30%}: the mark moves by {@code fraction} of its value over
 * the shock path.
 *
 * @param instrumentId the instrument.
 * @param fraction     relative move, e.g. {@code -0.30}; greater than -1.
 */
public record Shock(int instrumentId, BigDecimal fraction)
{
    /**
     * Parse {@code INSTRUMENT=PERCENT%} (or a plain fraction without {@code %}).
     *
     * @param text e.g. {@code 1=-30%} or {@code 2=-0.25}.
     * @return the shock.
     * @throws IllegalArgumentException if the text is not a shock.
     */
    public static Shock parse(final String text)
    {
        final int eq = text.indexOf('=');
        if (eq <= 0)
        {
            throw new IllegalArgumentException("shock must be INSTRUMENT=PERCENT%, e.g. 1=-30%: " + text);
        }
        final int instrumentId = Integer.parseInt(text.substring(0, eq).trim());
        final String value = text.substring(eq + 1).trim();
        final BigDecimal fraction = value.endsWith("%") ?
            new BigDecimal(value.substring(0, value.length() - 1)).movePointLeft(2) : new BigDecimal(value);
        if (fraction.compareTo(BigDecimal.ONE.negate()) <= 0)
        {
            throw new IllegalArgumentException("a shock must leave a positive price: " + text);
        }
        return new Shock(instrumentId, fraction);
    }
}
