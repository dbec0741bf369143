package io.perprisk.gateway.monitor;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Records how long the service took to answer each {@code NewOrder}: from the receive time ingress stamped on the
 * frame to the moment the engine stage has committed the answer to the outbound journal. One writer (the engine
 * stage thread, allocation free), one reader (the monitor thread, which takes interval histograms).
 */
public final class AnswerLatencyRecorder
{
    /**
     * Highest latency recorded, in nanoseconds (one hour); longer ones are recorded as this.
     */
    public static final long HIGHEST_TRACKABLE_NS = 3_600_000_000_000L;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, 2);
    private final EpochNanoClock clock;

    /**
     * Create a recorder reading the same clock as ingress.
     *
     * @param clock the clock ingress stamps receive times with, nanoseconds since the epoch.
     */
    public AnswerLatencyRecorder(final EpochNanoClock clock)
    {
        this.clock = clock;
    }

    /**
     * Record the answer to a {@code NewOrder} received at a given time. Engine stage thread only; allocation free.
     *
     * @param receiveTimeNanos receive time of the frame, nanoseconds since the epoch.
     */
    public void onAnswered(final long receiveTimeNanos)
    {
        final long latencyNs = clock.nanoTime() - receiveTimeNanos;
        recorder.recordValue(Math.min(HIGHEST_TRACKABLE_NS, Math.max(0, latencyNs)));
    }

    /**
     * The latencies recorded since the previous call. Monitor thread only.
     *
     * @param recycle a histogram returned by an earlier call, to reuse, or null.
     * @return the interval histogram, in nanoseconds.
     */
    public Histogram intervalHistogram(final Histogram recycle)
    {
        return recorder.getIntervalHistogram(recycle);
    }
}
