package io.perprisk.cli.stress;

import java.math.BigDecimal;

/**
 * The simulated market that answers liquidation orders on one instrument (or on all, {@code instrumentId} 0): per
 * shock step it absorbs up to {@code depth} of quantity on each side, and the price moves linearly away from the
 * mark by up to {@code slippage} (a fraction) as that depth is used up. A liquidation order fills as far as depth and
 * its limit price allow; the rest is canceled, which hands it to auto-deleveraging.
 *
 * @param instrumentId the instrument, 0 for every instrument without its own setting.
 * @param depth        raw quantity (times 10^8) absorbed per step and side; {@link Long#MAX_VALUE} for unlimited.
 * @param slippage     price move at full depth, as a fraction of the mark (0.01 = 1 %).
 */
public record Liquidity(int instrumentId, long depth, BigDecimal slippage)
{
    /**
     * Unlimited depth at the mark: every liquidation order fills whole at the mark (or its limit).
     */
    public static final Liquidity UNLIMITED = new Liquidity(0, Long.MAX_VALUE, BigDecimal.ZERO);

    /**
     * Parse {@code [INSTRUMENT=]DEPTH[@SLIPPAGE%]}, e.g. {@code 1=25@2%}: 25 contracts per step within 2 % of the
     * mark. The default slippage is 1 %.
     *
     * @param text the setting.
     * @return the liquidity.
     * @throws IllegalArgumentException if the text is not a liquidity setting.
     */
    public static Liquidity parse(final String text)
    {
        final int eq = text.indexOf('=');
        final int instrumentId = eq < 0 ? 0 : Integer.parseInt(text.substring(0, eq).trim());
        final String rest = text.substring(eq + 1).trim();
        final int at = rest.indexOf('@');
        final BigDecimal depth = new BigDecimal(at < 0 ? rest : rest.substring(0, at));
        BigDecimal slippage = new BigDecimal("0.01");
        if (at >= 0)
        {
            final String value = rest.substring(at + 1).trim();
            slippage = value.endsWith("%") ?
                new BigDecimal(value.substring(0, value.length() - 1)).movePointLeft(2) : new BigDecimal(value);
        }
        if (depth.signum() <= 0 || slippage.signum() < 0 || slippage.compareTo(BigDecimal.ONE) >= 0)
        {
            throw new IllegalArgumentException("liquidity must be [INSTRUMENT=]DEPTH[@SLIPPAGE%] with a positive " +
                "depth and a slippage in [0, 100%): " + text);
        }
        return new Liquidity(instrumentId, depth.movePointRight(8).longValueExact(), slippage);
    }
}
