package io.perprisk.perf.latency;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws percentile distributions of latency histograms as an SVG line chart, in the manner of HdrHistogram's plotter:
 * the x axis is the percentile on a log scale of {@code 1 / (1 - p)} (50 %, 90 %, 99 % ... equally spaced), the y
 * axis the latency in microseconds on a log scale. Cold path.
 */
public final class PercentilePlot
{
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final double MAX_NINES = 6.0;
    private static final String[] COLOURS = { "#d62728", "#1f77b4", "#2ca02c", "#ff7f0e" };

    private final List<String> names = new ArrayList<>();
    private final List<Histogram> histograms = new ArrayList<>();
    private final String title;

    /**
     * Create an empty plot.
     *
     * @param title shown above the chart.
     */
    public PercentilePlot(final String title)
    {
        this.title = title;
    }

    /**
     * Add a series.
     *
     * @param name      of the series, for the legend.
     * @param histogram of latencies in nanoseconds.
     * @return this for a fluent API.
     */
    public PercentilePlot add(final String name, final Histogram histogram)
    {
        names.add(name);
        histograms.add(histogram);
        return this;
    }

    /**
     * Render the SVG document.
     *
     * @return the SVG text.
     */
    public String toSvg()
    {
        double maxMicros = 1;
        double minMicros = Double.MAX_VALUE;
        double maxNines = 2;
        for (final Histogram histogram : histograms)
        {
            if (histogram.getTotalCount() == 0)
            {
                continue;
            }
            maxMicros = Math.max(maxMicros, histogram.getMaxValue() / 1000.0);
            minMicros = Math.min(minMicros, Math.max(0.1, histogram.getMinValue() / 1000.0));
            maxNines = Math.max(maxNines, Math.min(MAX_NINES, Math.log10(histogram.getTotalCount())));
        }
        if (minMicros == Double.MAX_VALUE)
        {
            minMicros = 0.1;
        }
        final double yLow = Math.floor(Math.log10(minMicros));
        final double yHigh = Math.max(yLow + 1, Math.ceil(Math.log10(maxMicros)));
        final double xHigh = Math.ceil(maxNines);
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int plotHeight = HEIGHT - TOP - BOTTOM;

        final StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" " +
            "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT,
            "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT,
            "<text x=\"%d\" y=\"25\" font-size=\"16\" text-anchor=\"middle\">%s</text>%n",
            WIDTH / 2, escape(title)));

        for (int nines = 0; nines <= (int) xHigh; nines++)
        {
            final double x = LEFT + plotWidth * nines / xHigh;
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, TOP, x, TOP + plotHeight));
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                x, TOP + plotHeight + 18, percentileLabel(nines)));
        }
        for (int decade = (int) yLow; decade <= (int) yHigh; decade++)
        {
            final double y = TOP + plotHeight - plotHeight * (decade - yLow) / (yHigh - yLow);
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, LEFT + plotWidth, y));
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                LEFT - 6, y + 4, microsLabel(Math.pow(10, decade))));
        }
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
            LEFT, TOP, plotWidth, plotHeight));
        svg.append(String.format(Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
            LEFT + plotWidth / 2, HEIGHT - 25));
        svg.append(String.format(Locale.ROOT,
            "<text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">latency (µs, log scale)" +
            "</text>%n", TOP + plotHeight / 2, TOP + plotHeight / 2));

        for (int s = 0; s < histograms.size(); s++)
        {
            final Histogram histogram = histograms.get(s);
            final String colour = COLOURS[s % COLOURS.length];
            if (histogram.getTotalCount() > 0)
            {
                final StringBuilder points = new StringBuilder();
                for (final HistogramIterationValue value : histogram.percentiles(5))
                {
                    final double percentile = Math.min(value.getPercentileLevelIteratedTo(), 100.0);
                    final double nines = percentile >= 100.0 ?
                        xHigh : Math.min(xHigh, -Math.log10(1 - percentile / 100));
                    final double micros = Math.max(Math.pow(10, yLow), value.getValueIteratedTo() / 1000.0);
                    final double x = LEFT + plotWidth * nines / xHigh;
                    final double y = TOP + plotHeight - plotHeight * (Math.log10(micros) - yLow) / (yHigh - yLow);
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                }
                svg.append(String.format(Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    colour, points.toString().trim()));
            }
            final int legendY = TOP + 18 + 18 * s;
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                LEFT + 12, legendY - 4, LEFT + 36, legendY - 4, colour));
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\">%s (%d samples)</text>%n",
                LEFT + 42, legendY, escape(names.get(s)), histogram.getTotalCount()));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String percentileLabel(final int nines)
    {
        switch (nines)
        {
            case 0:
                return "0%";
            case 1:
                return "90%";
            default:
                return "99" + (nines > 2 ? "." + "9".repeat(nines - 2) : "") + "%";
        }
    }

    private static String microsLabel(final double micros)
    {
        return micros < 1 ? String.format(Locale.ROOT, "%.1f", micros) : String.format(Locale.ROOT, "%.0f", micros);
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
