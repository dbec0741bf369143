package io.perprisk.cli.stress;

import io.perprisk.cli.demo.DemoReport;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The stress report: a plain-text summary for standard output and a self-contained HTML page with inline SVG plots
 * of the shock path. Cold path.
 */
public final class StressReport
{
    private static final int MAX_ROWS = 200;

    private StressReport()
    {
    }

    /**
     * The summary printed on standard output.
     *
     * @param journal the journal the state came from.
     * @param result  the what-if's result.
     * @return the text, several lines.
     */
    public static String summary(final Path journal, final StressResult result)
    {
        final StringBuilder text = new StringBuilder(2048);
        text.append("perp-risk stress on ").append(journal).append('\n');
        text.append(String.format(Locale.ROOT,
                "  state                 journal seq %,d (snapshot at %,d + %,d events " +
            "replayed), %,d accounts%n", result.journalSeq, result.snapshotSeq, result.replayedEvents,
            result.accounts));
        for (final Shock shock : result.shocksApplied)
        {
            final int id = shock.instrumentId();
            text.append(String.format(Locale.ROOT,
                "  shock                 instrument %d %s%% in %d steps: mark %s -> %s%n",
                id, shock.fraction().movePointRight(2).stripTrailingZeros().toPlainString(), result.steps,
                decimal(result.startMarks.get(id)), decimal(result.marksAfter.get(id))));
        }
        text.append(String.format(Locale.ROOT,
                "  accounts liquidated   %,d (%,d liquidations started, %,d completed, " +
            "%,d liquidation orders, %,d filled by the simulated market)%n", result.liquidated.size(),
            result.liquidationsStarted, result.liquidationsCompleted, result.liquidationOrders,
            result.liquidationFills));
        text.append(String.format(Locale.ROOT,
                "  accounts ADL'd        %,d (%,d auto-deleverage events)%n",
            result.deleveraged.size(), result.adlEvents));
        text.append(String.format(Locale.ROOT,
                "  accounts bankrupt     %,d (negative margin balance after the shock)%n",
            result.bankrupt.size()));
        for (final Map.Entry<Integer, Long> entry : result.insuranceFundBefore.entrySet())
        {
            final int asset = entry.getKey();
            text.append(String.format(Locale.ROOT,
                "  insurance fund        asset %d: %s -> %s (drawn %s, liquidation " +
                "fees in %s)%n", asset, decimal(entry.getValue()), decimal(result.insuranceFundAfter.get(asset)),
                decimal(result.insuranceFundDrawn.getOrDefault(asset, 0L)),
                decimal(result.liquidationFees.getOrDefault(asset, 0L))));
        }
        text.append(String.format(Locale.ROOT,
                "  bad debt              %s (of which %s existed before the shock)%n",
            decimal(result.badDebt()), decimal(result.badDebtBefore())));
        for (final Map.Entry<Integer, Long> entry : result.openInterestBefore.entrySet())
        {
            text.append(String.format(Locale.ROOT,
                "  open interest         instrument %d: %s -> %s (liquidation orders " +
                "filled %s, canceled to ADL %s, ADL %s)%n", entry.getKey(), decimal(entry.getValue()),
                decimal(result.openInterestAfter.getOrDefault(entry.getKey(), 0L)),
                decimal(result.liquidationFilledQuantity.getOrDefault(entry.getKey(), 0L)),
                decimal(result.liquidationCanceledQuantity.getOrDefault(entry.getKey(), 0L)),
                decimal(result.adlQuantity.getOrDefault(entry.getKey(), 0L))));
        }
        return text.toString();
    }

    /**
     * Write the HTML report.
     *
     * @param file    to write.
     * @param journal the journal the state came from.
     * @param result  the what-if's result.
     * @throws IOException if the file cannot be written.
     */
    public static void write(final Path file, final Path journal, final StressResult result) throws IOException
    {
        final int n = result.path.size();
        final double[] x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = result.path.get(i).step();
        }
        final StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<title>perp-risk stress</title><style>")
            .append("body{font-family:sans-serif;margin:2em;max-width:820px}")
            .append("pre{background:#f4f4f4;padding:1em;font-size:13px;white-space:pre-wrap}")
            .append("svg{border:1px solid #ddd;margin:0.5em 0}")
            .append("table{border-collapse:collapse;font-size:13px}td,th{padding:2px 8px;text-align:right}")
            .append("</style></head><body>\n<h1>perp-risk stress</h1>\n<pre>")
            .append(DemoReport.escape(summary(journal, result))).append("</pre>\n");

        for (final Shock shock : result.shocksApplied)
        {
            final int id = shock.instrumentId();
            final double[] y = new double[n];
            for (int i = 0; i < n; i++)
            {
                y[i] = result.path.get(i).marks().getOrDefault(id, 0L) / 1e8;
            }
            html.append(DemoReport.chart("mark of instrument " + id, "step", x, y, "#1f77b4"));
        }
        for (final Integer asset : result.insuranceFundBefore.keySet())
        {
            final double[] y = new double[n];
            for (int i = 0; i < n; i++)
            {
                y[i] = result.path.get(i).insuranceFund().getOrDefault(asset, 0L) / 1e8;
            }
            html.append(DemoReport.chart("insurance fund, asset " + asset, "step", x, y, "#2ca02c"));
        }
        final double[] liquidations = new double[n];
        final double[] adl = new double[n];
        final double[] open = new double[n];
        for (int i = 0; i < n; i++)
        {
            liquidations[i] = result.path.get(i).liquidationsStarted();
            adl[i] = result.path.get(i).adlEvents();
            open[i] = result.path.get(i).inLiquidation();
        }
        html.append(DemoReport.chart("liquidations started (cumulative)", "step", x, liquidations, "#d62728"));
        html.append(DemoReport.chart("auto-deleverage events (cumulative)", "step", x, adl, "#9467bd"));
        html.append(DemoReport.chart("margin scopes still in liquidation", "step", x, open, "#ff7f0e"));

        table(html, "Bankrupt accounts (margin balance before → after)", result.bankrupt);
        table(html, "Liquidated accounts (margin balance before → after)", result.liquidatedBalances);
        html.append("<p>Simulated market: every liquidation order is answered by account ")
            .append(result.marketMakerAccount)
            .append(" (added for the what-if) within the configured depth and slippage; what it cannot fill is ")
            .append("canceled, which sends the position to auto-deleveraging. The journal itself was not written.</p>")
            .append("\n</body></html>\n");
        final Path parent = file.toAbsolutePath().getParent();
        if (null != parent)
        {
            Files.createDirectories(parent);
        }
        Files.write(file, html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void table(final StringBuilder html, final String title, final Map<Long, long[]> rows)
    {
        html.append("<h2>").append(DemoReport.escape(title)).append(" — ").append(rows.size()).append("</h2>\n");
        if (rows.isEmpty())
        {
            return;
        }
        html.append("<table><tr><th>account</th><th>before</th><th>after</th></tr>\n");
        int count = 0;
        for (final Map.Entry<Long, long[]> row : rows.entrySet())
        {
            if (++count > MAX_ROWS)
            {
                html.append("<tr><td colspan=\"3\">… ").append(rows.size() - MAX_ROWS).append(" more</td></tr>\n");
                break;
            }
            html.append("<tr><td>").append(row.getKey()).append("</td><td>").append(decimal(row.getValue()[0]))
                .append("</td><td>").append(decimal(row.getValue()[1])).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String decimal(final Long raw)
    {
        return null == raw ? "-" : BigDecimal.valueOf(raw, 8).stripTrailingZeros().toPlainString();
    }
}
