package io.perprisk.perf.latency;

import org.HdrHistogram.Histogram;

/**
 * The percentiles the reports quote, in microseconds, from a histogram of nanoseconds.
 *
 * @param count  number of samples.
 * @param p50    median.
 * @param p90    90th percentile.
 * @param p99    99th percentile.
 * @param p999   99.9th percentile.
 * @param p9999  99.99th percentile.
 * @param max    largest sample.
 */
public record LatencyStats(long count, double p50, double p90, double p99, double p999, double p9999, double max)
{
    /**
     * Read the percentiles of a histogram.
     *
     * @param histogram of latencies in nanoseconds.
     * @return the percentiles in microseconds.
     */
    public static LatencyStats of(final Histogram histogram)
    {
        return new LatencyStats(
            histogram.getTotalCount(),
            histogram.getValueAtPercentile(50) / 1000.0,
            histogram.getValueAtPercentile(90) / 1000.0,
            histogram.getValueAtPercentile(99) / 1000.0,
            histogram.getValueAtPercentile(99.9) / 1000.0,
            histogram.getValueAtPercentile(99.99) / 1000.0,
            histogram.getMaxValue() / 1000.0);
    }
}
