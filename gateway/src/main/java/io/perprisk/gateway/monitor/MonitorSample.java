package io.perprisk.gateway.monitor;

import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import org.HdrHistogram.Histogram;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One immutable sample of the monitor, taken once a second by the {@link MonitorAgent}: the service counters, rates,
 * answer latency percentiles and the {@link RiskView.Snapshot}, with the recent history. {@link #toJson()} is what
 * the page receives.
 *
 * @param timeMs       wall-clock time of the sample, milliseconds since the epoch.
 * @param counters     the counter values.
 * @param eventsPerS   events sequenced per second since the previous sample.
 * @param rejectsPerS  rejects per second since the previous sample.
 * @param ordersPerS   orders answered per second since the previous sample.
 * @param latency      answer latency of the {@code NewOrder}s answered since the previous sample.
 * @param latencyTotal answer latency since the service started.
 * @param view         the risk view read from the outbound journal.
 * @param history      recent points, oldest first.
 */
record MonitorSample(
    long timeMs,
    Counters counters,
    double eventsPerS,
    double rejectsPerS,
    double ordersPerS,
    Latency latency,
    Latency latencyTotal,
    RiskView.Snapshot view,
    List<Point> history)
{
    /**
     * Counter values at the sample.
     *
     * @param events            last sequence number assigned by ingress (events sequenced).
     * @param outboundMessages  outbound messages committed.
     * @param ordersAccepted    orders accepted.
     * @param ordersRejected    orders rejected.
     * @param rejects           rejects of every kind.
     * @param marginCalls       margin calls.
     * @param liquidations      liquidations started.
     * @param autoDeleverages   ADL events.
     * @param insuranceFundRaw  balance of the last insurance fund update, raw.
     * @param ringOccupancy     events in the ring.
     * @param ringFull          times the ring was full.
     * @param engineSeq         last seq applied by the engine stage.
     * @param outboundSeq       last seq whose outputs are committed.
     * @param egressSeq         last seq published by egress.
     * @param engineErrors      engine stage errors.
     */
    record Counters(
        long events,
        long outboundMessages,
        long ordersAccepted,
        long ordersRejected,
        long rejects,
        long marginCalls,
        long liquidations,
        long autoDeleverages,
        long insuranceFundRaw,
        long ringOccupancy,
        long ringFull,
        long engineSeq,
        long outboundSeq,
        long egressSeq,
        long engineErrors)
    {
    }

    /**
     * Latency percentiles in nanoseconds.
     *
     * @param count number of answers.
     * @param p50Ns median.
     * @param p90Ns 90th percentile.
     * @param p99Ns 99th percentile.
     * @param p999Ns 99.9th percentile.
     * @param maxNs maximum.
     */
    record Latency(long count, long p50Ns, long p90Ns, long p99Ns, long p999Ns, long maxNs)
    {
        static Latency of(final Histogram histogram)
        {
            if (histogram.getTotalCount() == 0)
            {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            return new Latency(histogram.getTotalCount(),
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
        }
    }

    /**
     * One point of history.
     *
     * @param timeMs        time of the sample.
     * @param eventsPerS    event rate.
     * @param rejectsPerS   reject rate.
     * @param p99Ns         99th percentile answer latency over the last interval.
     * @param insuranceFund insurance fund balance per asset, raw.
     */
    record Point(long timeMs, double eventsPerS, double rejectsPerS, long p99Ns, Map<Integer, Long> insuranceFund)
    {
    }

    /**
     * The sample as one JSON object (what the page's event stream carries).
     *
     * @return the JSON text, on one line.
     */
    String toJson()
    {
        final StringBuilder json = new StringBuilder(8 * 1024 + history.size() * 96);
        json.append("{\"time\":").append(timeMs);
        json.append(",\"counters\":{");
        field(json, "events", counters.events(), true);
        field(json, "outboundMessages", counters.outboundMessages(), false);
        field(json, "ordersAccepted", counters.ordersAccepted(), false);
        field(json, "ordersRejected", counters.ordersRejected(), false);
        field(json, "rejects", counters.rejects(), false);
        field(json, "marginCalls", counters.marginCalls(), false);
        field(json, "liquidationsStarted", counters.liquidations(), false);
        field(json, "adlEvents", counters.autoDeleverages(), false);
        json.append(",\"insuranceFund\":\"").append(decimal(counters.insuranceFundRaw())).append('"');
        field(json, "ringOccupancy", counters.ringOccupancy(), false);
        field(json, "ringFull", counters.ringFull(), false);
        field(json, "engineSeq", counters.engineSeq(), false);
        field(json, "outboundSeq", counters.outboundSeq(), false);
        field(json, "egressSeq", counters.egressSeq(), false);
        field(json, "engineErrors", counters.engineErrors(), false);
        json.append("},\"rates\":{\"eventsPerS\":").append(Math.round(eventsPerS))
            .append(",\"rejectsPerS\":").append(Math.round(rejectsPerS))
            .append(",\"ordersPerS\":").append(Math.round(ordersPerS)).append('}');
        json.append(",\"latency\":");
        latency(json, latency);
        json.append(",\"latencyTotal\":");
        latency(json, latencyTotal);

        json.append(",\"tail\":{");
        field(json, "seq", view.lastSeq(), true);
        field(json, "messages", view.messages(), false);
        field(json, "liquidationsStarted", view.liquidationsStarted(), false);
        field(json, "liquidationsCompleted", view.liquidationsCompleted(), false);
        field(json, "liquidationOrders", view.liquidationOrders(), false);
        field(json, "adlEvents", view.adlEvents(), false);
        field(json, "marginCalls", view.marginCalls(), false);
        field(json, "inLiquidation", view.inLiquidation(), false);
        field(json, "waitingForAdl", view.waitingForAdl(), false);
        field(json, "accounts", view.accounts(), false);
        json.append(",\"insuranceFundDrawn\":\"").append(decimal(view.insuranceFundDrawn())).append("\"}");

        json.append(",\"insuranceFund\":[");
        boolean first = true;
        for (final Map.Entry<Integer, Long> entry : view.insuranceFund().entrySet())
        {
            json.append(first ? "" : ",").append("{\"assetId\":").append(entry.getKey())
                .append(",\"balance\":\"").append(decimal(entry.getValue())).append("\"}");
            first = false;
        }
        json.append("],\"instruments\":[");
        first = true;
        for (final Map.Entry<Integer, long[]> entry : view.instruments().entrySet())
        {
            json.append(first ? "" : ",").append("{\"instrumentId\":").append(entry.getKey())
                .append(",\"openInterest\":\"").append(decimal(entry.getValue()[0]))
                .append("\",\"mark\":\"").append(decimal(entry.getValue()[1])).append("\"}");
            first = false;
        }
        json.append("],\"nearest\":[");
        first = true;
        for (final RiskView.AccountRow row : view.nearest())
        {
            json.append(first ? "" : ",").append("{\"accountId\":").append(row.accountId())
                .append(",\"marginRatio\":").append(ratio(row.marginRatio()))
                .append(",\"marginBalance\":\"").append(decimal(row.marginBalance()))
                .append("\",\"maintenanceMargin\":\"").append(decimal(row.maintenanceMargin())).append("\"}");
            first = false;
        }
        json.append("],\"liquidating\":[");
        first = true;
        for (final RiskView.LiquidationRow row : view.liquidating())
        {
            json.append(first ? "" : ",").append("{\"accountId\":").append(row.key.accountId())
                .append(",\"instrumentId\":").append(row.key.instrumentId())
                .append(",\"phase\":\"").append(row.waitingForAdl ? "ADL" : "order sent")
                .append("\",\"since\":").append(row.startSeq)
                .append(",\"orders\":").append(row.orders)
                .append(",\"adlEvents\":").append(row.adlEvents)
                .append(",\"marginBalance\":\"").append(decimal(row.marginBalance)).append("\"}");
            first = false;
        }
        json.append("],\"recentLiquidations\":");
        events(json, view.recentLiquidations());
        json.append(",\"recentAdl\":");
        events(json, view.recentAdl());
        json.append(",\"history\":[");
        first = true;
        for (final Point point : history)
        {
            json.append(first ? "" : ",").append("{\"t\":").append(point.timeMs())
                .append(",\"ev\":").append(Math.round(point.eventsPerS()))
                .append(",\"rj\":").append(Math.round(point.rejectsPerS()))
                .append(",\"p99\":").append(point.p99Ns())
                .append(",\"fund\":{");
            boolean firstAsset = true;
            for (final Map.Entry<Integer, Long> entry : point.insuranceFund().entrySet())
            {
                json.append(firstAsset ? "" : ",").append('"').append(entry.getKey()).append("\":\"")
                    .append(decimal(entry.getValue())).append('"');
                firstAsset = false;
            }
            json.append("}}");
            first = false;
        }
        return json.append("]}").toString();
    }

    private static void events(final StringBuilder json, final List<RiskView.EventRow> events)
    {
        json.append('[');
        for (int i = events.size() - 1; i >= 0; i--)
        {
            final RiskView.EventRow row = events.get(i);
            json.append(i == events.size() - 1 ? "" : ",").append("{\"seq\":").append(row.seq())
                .append(",\"kind\":\"").append(row.kind())
                .append("\",\"accountId\":").append(row.accountId())
                .append(",\"instrumentId\":").append(row.instrumentId())
                .append(",\"otherAccountId\":").append(row.otherAccount())
                .append(",\"side\":\"").append(row.side())
                .append("\",\"quantity\":\"").append(decimal(row.quantity()))
                .append("\",\"price\":\"").append(decimal(row.price())).append("\"}");
        }
        json.append(']');
    }

    private static void latency(final StringBuilder json, final Latency latency)
    {
        json.append("{\"count\":").append(latency.count())
            .append(",\"p50Us\":").append(micros(latency.p50Ns()))
            .append(",\"p90Us\":").append(micros(latency.p90Ns()))
            .append(",\"p99Us\":").append(micros(latency.p99Ns()))
            .append(",\"p999Us\":").append(micros(latency.p999Ns()))
            .append(",\"maxUs\":").append(micros(latency.maxNs())).append('}');
    }

    private static String micros(final long nanos)
    {
        return BigDecimal.valueOf(nanos, 3).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static void field(final StringBuilder json, final String name, final long value, final boolean first)
    {
        json.append(first ? "" : ",").append('"').append(name).append("\":").append(value);
    }

    private static String ratio(final long raw)
    {
        return raw == AccountUpdateDecoder.marginRatioNullValue() ? "null" : "\"" + decimal(raw) + "\"";
    }

    /**
     * A raw fixed-point value (times 10^8) as an exact decimal string.
     *
     * @param raw the value times 10^8.
     * @return the decimal text, without trailing zeros.
     */
    static String decimal(final long raw)
    {
        return BigDecimal.valueOf(raw, 8).stripTrailingZeros().toPlainString();
    }
}
