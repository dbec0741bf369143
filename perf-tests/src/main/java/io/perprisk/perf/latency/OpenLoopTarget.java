package io.perprisk.perf.latency;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * Something an open-loop load is sent to, one thread sending and receiving. Event {@code i} of a phase is due at
 * {@code start + i * interval}; even events are {@code NewOrder}s whose answers are measured, odd events cancel the
 * order before them, so the open-order count stays bounded. A response is recorded as
 * {@code receiveTime - intendedSendTime}: when the sender falls behind (back-pressure, a pause) the delay counts
 * against the system, which corrects for coordinated omission.
 */
public abstract class OpenLoopTarget implements AutoCloseable
{
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private long startNs;
    private long intervalNs;
    private Histogram histogram;
    private long received;
    private long rejected;

    /**
     * Release the target's resources.
     */
    public abstract void close();

    /**
     * Name of the target for reports.
     *
     * @return the name.
     */
    public abstract String name();

    /**
     * Called before a phase's first event; wait here until earlier work has settled.
     */
    protected abstract void beforePhase();

    /**
     * Send event {@code index} of the phase.
     *
     * @param index of the event in the phase, from 0.
     */
    protected abstract void send(long index);

    /**
     * Poll for responses; call {@link #onResponse(long, boolean)} for each measured one.
     *
     * @return the number of fragments read.
     */
    protected abstract int poll();

    /**
     * Record the response to a measured event.
     *
     * @param index    of the event in the phase.
     * @param rejected true if the service rejected it (still recorded, and counted).
     */
    protected final void onResponse(final long index, final boolean rejected)
    {
        final long now = System.nanoTime();
        final long latency = now - (startNs + index * intervalNs);
        histogram.recordValue(Math.min(Math.max(latency, 0), histogram.getHighestTrackableValue()));
        received++;
        if (rejected)
        {
            this.rejected++;
        }
    }

    /**
     * Run one phase at a rate for a duration.
     *
     * @param eventsPerSecond rate of events (orders and cancels together).
     * @param durationNs      length of the phase.
     * @param histogram       to record latencies into, in nanoseconds.
     * @return what happened.
     */
    public final PhaseResult run(final long eventsPerSecond, final long durationNs, final Histogram histogram)
    {
        beforePhase();
        this.histogram = histogram;
        this.intervalNs = Math.max(1, TimeUnit.SECONDS.toNanos(1) / eventsPerSecond);
        final long events = Math.max(2, (durationNs / intervalNs) & ~1L);
        received = 0;
        rejected = 0;
        long maxLagNs = 0;
        startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        for (long i = 0; i < events; i++)
        {
            final long intended = startNs + i * intervalNs;
            long now;
            while ((now = System.nanoTime()) < intended)
            {
                poll();
            }
            maxLagNs = Math.max(maxLagNs, now - intended);
            send(i);
            poll();
        }
        final long sendEndNs = System.nanoTime();
        final long measured = events / 2;
        final long deadlineNs = System.nanoTime() + DRAIN_TIMEOUT_NS;
        while (received < measured && System.nanoTime() < deadlineNs)
        {
            if (poll() == 0)
            {
                Thread.onSpinWait();
            }
        }
        final double achievedRate = events * 1e9 / Math.max(1, sendEndNs - startNs);
        return new PhaseResult(eventsPerSecond, events, measured, received, rejected, achievedRate, maxLagNs);
    }

    /**
     * What one phase did.
     *
     * @param targetRate   events per second asked for.
     * @param events       events sent.
     * @param measured     events whose answer is measured.
     * @param received     answers received and recorded.
     * @param rejected     answers that were rejections.
     * @param achievedRate events per second actually sent.
     * @param maxLagNs     largest delay of a send behind its intended time.
     */
    public record PhaseResult(
        long targetRate, long events, long measured, long received, long rejected, double achievedRate, long maxLagNs)
    {
        /**
         * Did every measured event get an answer?
         *
         * @return true if none is missing.
         */
        public boolean complete()
        {
            return received == measured;
        }
    }
}
