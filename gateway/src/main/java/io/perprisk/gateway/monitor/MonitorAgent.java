package io.perprisk.gateway.monitor;

import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.gateway.engine.OutboundSource;
import io.perprisk.gateway.status.GatewayCounters;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayDeque;
import java.util.function.DoubleConsumer;

/**
 * The monitor's own agent, on its own thread: tails the outbound journal into a {@link RiskView}, drains the
 * {@code NewOrder} answer latencies, and once a {@link #SAMPLE_INTERVAL_MS} takes a {@link MonitorSample} (counters,
 * rates, latency percentiles, the view) for the page and the metrics. It never touches the engine.
 */
final class MonitorAgent implements Agent
{
    /**
     * Interval between samples, in milliseconds.
     */
    static final long SAMPLE_INTERVAL_MS = 1_000;

    /**
     * How many samples of history the page gets (ten minutes).
     */
    static final int HISTORY = 600;

    private static final long DRAIN_INTERVAL_MS = 100;
    private static final int POLL_LIMIT = 1_024;

    private final OutboundSource source;
    private final GatewayCounters counters;
    private final AnswerLatencyRecorder latencyRecorder;
    private final DoubleConsumer latencyObserver;
    private final EpochClock clock;
    private final RiskView view = new RiskView();
    private final Histogram sinceStart = new Histogram(AnswerLatencyRecorder.HIGHEST_TRACKABLE_NS, 2);
    private final Histogram window = new Histogram(AnswerLatencyRecorder.HIGHEST_TRACKABLE_NS, 2);
    private final ArrayDeque<MonitorSample.Point> history = new ArrayDeque<>();
    private Histogram interval;
    private long nextDrainMs;
    private long nextSampleMs;
    private long previousSampleMs;
    private long previousEvents = -1;
    private long previousRejects;
    private long previousOrders;
    private volatile MonitorSample latest;

    MonitorAgent(
        final OutboundSource source,
        final GatewayCounters counters,
        final AnswerLatencyRecorder latencyRecorder,
        final DoubleConsumer latencyObserver,
        final EpochClock clock)
    {
        this.source = source;
        this.counters = counters;
        this.latencyRecorder = latencyRecorder;
        this.latencyObserver = latencyObserver;
        this.clock = clock;
        this.latest = sample(clock.time());
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "perp-risk-monitor";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        int work = source.poll(view, POLL_LIMIT);
        final long nowMs = clock.time();
        if (nowMs >= nextDrainMs)
        {
            nextDrainMs = nowMs + DRAIN_INTERVAL_MS;
            work += drainLatency();
        }
        if (nowMs >= nextSampleMs)
        {
            nextSampleMs = nowMs + SAMPLE_INTERVAL_MS;
            publish(sample(nowMs));
            work++;
        }
        return work;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        source.close();
    }

    /**
     * The latest sample; any thread.
     *
     * @return the sample, never null.
     */
    MonitorSample latest()
    {
        return latest;
    }

    private void publish(final MonitorSample sample)
    {
        synchronized (this)
        {
            latest = sample;
            notifyAll();
        }
    }

    /**
     * Wait until a sample newer than the given one is published, or the timeout passes. Any thread but the agent's.
     *
     * @param seen      the sample the caller has.
     * @param timeoutMs how long to wait at most.
     * @return the latest sample, possibly {@code seen} itself.
     * @throws InterruptedException if interrupted while waiting.
     */
    MonitorSample awaitNewer(final MonitorSample seen, final long timeoutMs) throws InterruptedException
    {
        final long deadlineMs = System.currentTimeMillis() + timeoutMs;
        synchronized (this)
        {
            long remainingMs = timeoutMs;
            while (latest == seen && remainingMs > 0)
            {
                wait(remainingMs);
                remainingMs = deadlineMs - System.currentTimeMillis();
            }
            return latest;
        }
    }

    private int drainLatency()
    {
        if (null == latencyRecorder)
        {
            return 0;
        }
        interval = latencyRecorder.intervalHistogram(interval);
        final long count = interval.getTotalCount();
        if (count == 0)
        {
            return 0;
        }
        sinceStart.add(interval);
        window.add(interval);
        for (final org.HdrHistogram.HistogramIterationValue value : interval.recordedValues())
        {
            final double seconds = interval.medianEquivalentValue(value.getValueIteratedTo()) / 1e9;
            for (long i = 0, n = value.getCountAtValueIteratedTo(); i < n; i++)
            {
                latencyObserver.accept(seconds);
            }
        }
        return 1;
    }

    private MonitorSample sample(final long nowMs)
    {
        final long events = counters.ingressSequenced().get();
        final long rejects = totalRejects(counters);
        final long orders = counters.ordersAccepted().get() + counters.ordersRejected().get();
        final double seconds = (nowMs - previousSampleMs) / 1000.0;
        final boolean first = previousEvents < 0 || seconds <= 0;
        final double eventsPerS = first ? 0 : (events - previousEvents) / seconds;
        final double rejectsPerS = first ? 0 : (rejects - previousRejects) / seconds;
        final double ordersPerS = first ? 0 : (orders - previousOrders) / seconds;
        previousEvents = events;
        previousRejects = rejects;
        previousOrders = orders;
        previousSampleMs = nowMs;

        final MonitorSample.Latency windowLatency = MonitorSample.Latency.of(window);
        final MonitorSample.Latency totalLatency = MonitorSample.Latency.of(sinceStart);
        window.reset();
        final RiskView.Snapshot snapshot = view.snapshot(20, 100);
        history.addLast(new MonitorSample.Point(nowMs, eventsPerS, rejectsPerS, windowLatency.p99Ns(),
            snapshot.insuranceFund()));
        if (history.size() > HISTORY)
        {
            history.removeFirst();
        }
        return new MonitorSample(nowMs, counterValues(counters), eventsPerS, rejectsPerS, ordersPerS,
            windowLatency, totalLatency, snapshot, java.util.List.copyOf(history));
    }

    static long totalRejects(final GatewayCounters counters)
    {
        long total = 0;
        for (final RejectReason reason : RejectReason.values())
        {
            final AtomicCounter counter = counters.rejects(reason.value());
            if (reason != RejectReason.NULL_VAL && null != counter)
            {
                total += counter.get();
            }
        }
        return total;
    }

    private static MonitorSample.Counters counterValues(final GatewayCounters counters)
    {
        return new MonitorSample.Counters(
            counters.ingressSequenced().get(),
            counters.outboundMessages().get(),
            counters.ordersAccepted().get(),
            counters.ordersRejected().get(),
            totalRejects(counters),
            counters.marginCalls().get(),
            counters.liquidations().get(),
            counters.autoDeleverages().get(),
            counters.insuranceFund().get(),
            counters.ringOccupancy().get(),
            counters.ringFull().get(),
            counters.engineSeq().get(),
            counters.outboundPosition().get(),
            counters.egressPosition().get(),
            counters.engineErrors().get());
    }
}
