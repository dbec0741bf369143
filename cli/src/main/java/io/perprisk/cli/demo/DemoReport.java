package io.perprisk.cli.demo;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the demo's self-contained HTML report with inline SVG line charts; its chart and escaping helpers are
 * shared by the other HTML reports (e.g. {@code stress}). Cold path.
 */
public final class DemoReport
{
    private static final int WIDTH = 720;
    private static final int HEIGHT = 260;
    private static final int MARGIN_LEFT = 80;
    private static final int MARGIN_BOTTOM = 40;
    private static final int MARGIN_TOP = 30;
    private static final int MARGIN_RIGHT = 20;

    private DemoReport()
    {
    }

    static Path write(
        final Path dir,
        final String summary,
        final List<double[]> samples,
        final Histogram latency) throws IOException
    {
        Files.createDirectories(dir);
        final double[] time = column(samples, 0);
        final StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<title>perp-risk demo</title><style>")
            .append("body{font-family:sans-serif;margin:2em;max-width:780px}")
            .append("pre{background:#f4f4f4;padding:1em;font-size:13px}")
            .append("svg{border:1px solid #ddd;margin:0.5em 0}")
            .append("</style></head><body>\n<h1>perp-risk demo</h1>\n<pre>")
            .append(escape(summary)).append("</pre>\n");

        html.append("<h2>Mark price</h2>\n")
            .append(chart("mark price (USDT)", "time (s)", time, column(samples, 1), "#1f77b4"));
        html.append("<h2>Liquidations</h2>\n")
            .append(chart("liquidations started (cumulative)", "time (s)", time, column(samples, 2), "#d62728"));
        html.append("<h2>Insurance fund</h2>\n")
            .append(chart("insurance fund (USDT)", "time (s)", time, column(samples, 3), "#2ca02c"));

        final double[] percentiles = { 0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100 };
        final double[] x = new double[percentiles.length];
        final double[] y = new double[percentiles.length];
        for (int i = 0; i < percentiles.length; i++)
        {
            // x: "nines" scale, so the tail gets room: -log10(1 - p/100), capped for p = 100
            final double p = percentiles[i];
            x[i] = p >= 100 ? 4.5 : -Math.log10(1 - p / 100.0);
            y[i] = latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(p) / 1000.0;
        }
        html.append("<h2>Latency: NewOrder sent → OrderAccepted/OrderRejected received</h2>\n")
            .append(chart("latency (µs, log scale) at percentiles 0 50 75 90 95 99 99.5 99.9 99.95 99.99 max",
                "percentile", x, y, "#9467bd", true,
                new double[]{ 0, 1, 2, 3, 4, 4.5 }, new String[]{ "0 %", "90 %", "99 %", "99.9 %", "99.99 %", "max" }));
        html.append("<p>Measured in the simulator's thread: Aeron IPC in, ring, journal, engine, outbound journal, ")
            .append("egress, Aeron IPC out, on the same box as everything else; not a benchmark.</p>\n");
        html.append("</body></html>\n");

        final Path report = dir.resolve("report.html");
        Files.write(report, html.toString().getBytes(StandardCharsets.UTF_8));
        return report;
    }

    private static double[] column(final List<double[]> samples, final int index)
    {
        final double[] values = new double[samples.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = samples.get(i)[index];
        }
        return values;
    }

    /**
     * An inline SVG line chart.
     *
     * @param title  above the plot.
     * @param xLabel under the x axis.
     * @param x      x values, ascending.
     * @param y      y values, one per x value.
     * @param colour of the line, a CSS colour.
     * @return the SVG element.
     */
    public static String chart(
        final String title, final String xLabel, final double[] x, final double[] y, final String colour)
    {
        return chart(title, xLabel, x, y, colour, false, null, null);
    }

    /**
     * An inline SVG line chart with an optional log scale and x tick labels.
     *
     * @param title       above the plot.
     * @param xLabel      under the x axis.
     * @param x           x values, ascending.
     * @param rawY        y values, one per x value.
     * @param colour      of the line, a CSS colour.
     * @param logY        plot log10 of the y values.
     * @param xTicks      x positions of tick labels, or null for five evenly spaced numeric ticks.
     * @param xTickLabels the labels at {@code xTicks}.
     * @return the SVG element.
     */
    public static String chart(
        final String title,
        final String xLabel,
        final double[] x,
        final double[] rawY,
        final String colour,
        final boolean logY,
        final double[] xTicks,
        final String[] xTickLabels)
    {
        final double[] y = new double[rawY.length];
        for (int i = 0; i < y.length; i++)
        {
            y[i] = logY ? Math.log10(Math.max(rawY[i], 0.1)) : rawY[i];
        }
        final StringBuilder svg = new StringBuilder(16 * 1024);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(HEIGHT).append("\" font-size=\"11\">\n");
        svg.append("<text x=\"").append(MARGIN_LEFT).append("\" y=\"18\" font-size=\"13\">").append(escape(title))
            .append("</text>\n");
        if (x.length == 0)
        {
            return svg.append("<text x=\"100\" y=\"120\">no data</text></svg>\n").toString();
        }
        final double minX = min(x);
        final double maxX = max(x);
        double minY = min(y);
        double maxY = max(y);
        if (maxY == minY)
        {
            maxY += 1;
            minY -= minY == 0 ? 0 : 1;
        }
        final double plotWidth = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
        final double plotHeight = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
        final double spanX = maxX == minX ? 1 : maxX - minX;
        final double spanY = maxY - minY;

        svg.append("<rect x=\"").append(MARGIN_LEFT).append("\" y=\"").append(MARGIN_TOP).append("\" width=\"")
            .append(fmt(plotWidth)).append("\" height=\"").append(fmt(plotHeight))
            .append("\" fill=\"none\" stroke=\"#999\"/>\n");
        for (int i = 0; i <= 4; i++)
        {
            final double value = minY + spanY * i / 4;
            final double py = MARGIN_TOP + plotHeight - plotHeight * i / 4;
            svg.append("<text x=\"").append(MARGIN_LEFT - 6).append("\" y=\"").append(fmt(py + 4))
                .append("\" text-anchor=\"end\">").append(label(logY ? Math.pow(10, value) : value))
                .append("</text>\n");
            if (null == xTicks)
            {
                final double vx = minX + spanX * i / 4;
                final double px = MARGIN_LEFT + plotWidth * i / 4;
                svg.append("<text x=\"").append(fmt(px)).append("\" y=\"").append(HEIGHT - MARGIN_BOTTOM + 14)
                    .append("\" text-anchor=\"middle\">").append(label(vx)).append("</text>\n");
            }
        }
        if (null != xTicks)
        {
            for (int i = 0; i < xTicks.length; i++)
            {
                final double px = MARGIN_LEFT + (xTicks[i] - minX) / spanX * plotWidth;
                svg.append("<text x=\"").append(fmt(px)).append("\" y=\"").append(HEIGHT - MARGIN_BOTTOM + 14)
                    .append("\" text-anchor=\"middle\">").append(escape(xTickLabels[i])).append("</text>\n");
            }
        }
        svg.append("<text x=\"").append(fmt(MARGIN_LEFT + plotWidth / 2)).append("\" y=\"").append(HEIGHT - 6)
            .append("\" text-anchor=\"middle\">").append(escape(xLabel)).append("</text>\n");
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"");
        for (int i = 0; i < x.length; i++)
        {
            final double px = MARGIN_LEFT + (x[i] - minX) / spanX * plotWidth;
            final double py = MARGIN_TOP + plotHeight - (y[i] - minY) / spanY * plotHeight;
            svg.append(fmt(px)).append(',').append(fmt(py)).append(' ');
        }
        svg.append("\"/>\n</svg>\n");
        return svg.toString();
    }

    private static double min(final double[] values)
    {
        double min = Double.MAX_VALUE;
        for (final double value : values)
        {
            min = Math.min(min, value);
        }
        return min;
    }

    private static double max(final double[] values)
    {
        double max = -Double.MAX_VALUE;
        for (final double value : values)
        {
            max = Math.max(max, value);
        }
        return max;
    }

    private static String fmt(final double value)
    {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String label(final double value)
    {
        final double abs = Math.abs(value);
        if (abs >= 1_000_000)
        {
            return String.format(Locale.ROOT, "%.2fM", value / 1_000_000);
        }
        if (abs >= 10_000)
        {
            return String.format(Locale.ROOT, "%.1fk", value / 1_000);
        }
        return abs >= 100 || value == Math.rint(value) ?
            String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /**
     * Escape text for HTML element content.
     *
     * @param text to escape.
     * @return the escaped text.
     */
    public static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
