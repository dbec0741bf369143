package io.perprisk.perf.latency;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentilePlotTest
{
    @Test
    void shouldDrawOneLinePerSeriesWithALegend()
    {
        final Histogram slow = new Histogram(LatencyHarness.HIGHEST_TRACKABLE_NS, 3);
        final Histogram fast = new Histogram(LatencyHarness.HIGHEST_TRACKABLE_NS, 3);
        for (int i = 1; i <= 10_000; i++)
        {
            slow.recordValue(10_000 + i * 10L);
            fast.recordValue(1_000 + i);
        }

        final String svg = new PercentilePlot("test <plot>").add("slow", slow).add("fast", fast).toSvg();

        assertTrue(svg.startsWith("<svg "));
        assertTrue(svg.trim().endsWith("</svg>"));
        assertEquals(2, svg.split("<polyline", -1).length - 1);
        assertTrue(svg.contains("slow (10000 samples)"));
        assertTrue(svg.contains("fast (10000 samples)"));
        assertTrue(svg.contains("test &lt;plot&gt;"));
        assertTrue(svg.contains(">99.9%<"));
    }

    @Test
    void shouldReadPercentilesInMicroseconds()
    {
        final Histogram histogram = new Histogram(LatencyHarness.HIGHEST_TRACKABLE_NS, 3);
        for (int i = 1; i <= 1000; i++)
        {
            histogram.recordValue(i * 1000L);
        }

        final LatencyStats stats = LatencyStats.of(histogram);

        assertEquals(1000, stats.count());
        assertEquals(500, stats.p50(), 1.0);
        assertEquals(990, stats.p99(), 1.0);
        assertEquals(1000, stats.max(), 1.0);
    }
}
