package io.perprisk.gateway.monitor;

import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.gateway.ingress.InboundTemplates;
import io.perprisk.client.StreamRole;
import io.perprisk.gateway.status.GatewayCounters;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The service's Prometheus metrics, all named {@code perp_risk_*}: callbacks that read the {@link GatewayCounters}
 * and the latest {@link MonitorSample} (figures derived from the outbound journal tail) at scrape time, and the
 * {@code NewOrder} answer latency histogram fed by the monitor thread.
 */
final class PrometheusMetrics
{
    /**
     * Upper bounds of the answer latency histogram's buckets, in seconds (10 µs to 1 s).
     */
    static final double[] LATENCY_BOUNDS_S = {
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1.0 };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram answerLatency;

    PrometheusMetrics(final GatewayCounters counters, final Supplier<MonitorSample> sample)
    {
        CounterWithCallback.builder().name("perp_risk_ingress_events")
            .help("Inbound events that passed the frame checks, by stream and message type")
            .labelNames("stream", "type")
            .callback((callback) ->
            {
                for (final StreamRole role : StreamRole.values())
                {
                    for (final int templateId : role.templateIds())
                    {
                        callback.call(counters.ingressEvents(templateId).get(), role.name().toLowerCase(),
                            InboundTemplates.name(templateId));
                    }
                }
            })
            .register(registry);
        CounterWithCallback.builder().name("perp_risk_rejects")
            .help("Rejects on the outbound stream (EventRejected, OrderRejected, WithdrawRejected) by reason")
            .labelNames("reason")
            .callback((callback) ->
            {
                for (final RejectReason reason : RejectReason.values())
                {
                    final AtomicCounter counter = reason == RejectReason.NULL_VAL ? null :
                        counters.rejects(reason.value());
                    if (null != counter)
                    {
                        callback.call(counter.get(), reason.name());
                    }
                }
            })
            .register(registry);
        CounterWithCallback.builder().name("perp_risk_ingress_rejects")
            .help("Frames refused by ingress before sequencing, by reason")
            .labelNames("reason")
            .callback((callback) ->
            {
                for (final RejectReason reason : RejectReason.values())
                {
                    final AtomicCounter counter = reason == RejectReason.NULL_VAL ? null :
                        counters.ingressRejects(reason.value());
                    if (null != counter)
                    {
                        callback.call(counter.get(), reason.name());
                    }
                }
            })
            .register(registry);

        counter("perp_risk_events_sequenced", "Events sequenced by ingress", counters.ingressSequenced());
        counter("perp_risk_outbound_messages", "Outbound messages committed", counters.outboundMessages());
        counter("perp_risk_orders_accepted", "NewOrders accepted", counters.ordersAccepted());
        counter("perp_risk_orders_rejected", "NewOrders rejected", counters.ordersRejected());
        counter("perp_risk_fills", "Fills received on the trading stream",
            counters.ingressEvents(io.perprisk.codecs.sbe.FillDecoder.TEMPLATE_ID));
        counter("perp_risk_margin_calls", "MarginCall messages", counters.marginCalls());
        counter("perp_risk_liquidations_started", "LiquidationStarted messages", counters.liquidations());
        counter("perp_risk_adl_events", "AutoDeleverage messages", counters.autoDeleverages());
        counter("perp_risk_ring_full", "Times ingress found the ring full (back-pressure)", counters.ringFull());
        counter("perp_risk_egress_back_pressured", "Egress offers back-pressured", counters.egressBackPressure());
        counter("perp_risk_egress_not_connected", "Egress duty cycles without a consumer",
            counters.egressNotConnected());
        counter("perp_risk_engine_errors", "Engine stage errors", counters.engineErrors());

        tailCounter("perp_risk_liquidations_completed", "LiquidationCompleted messages (outbound journal tail)",
            sample, (s) -> s.view().liquidationsCompleted());
        tailCounter("perp_risk_liquidation_orders", "LiquidationOrder messages (outbound journal tail)",
            sample, (s) -> s.view().liquidationOrders());
        tailCounter("perp_risk_insurance_fund_drawn", "Insurance fund paid out, all assets (outbound journal tail)",
            sample, (s) -> s.view().insuranceFundDrawn() / 1e8);

        gauge("perp_risk_ring_occupancy", "Events in the ring not yet taken by the engine stage",
            counters.ringOccupancy());
        gauge("perp_risk_ingress_seq", "Last sequence number assigned by ingress", counters.ingressSequenced());
        gauge("perp_risk_engine_seq", "Last sequence number journaled and applied", counters.engineSeq());
        gauge("perp_risk_outbound_journal_seq", "Last sequence number whose outputs are committed",
            counters.outboundPosition());
        gauge("perp_risk_egress_seq", "Last sequence number published on the egress stream",
            counters.egressPosition());
        GaugeWithCallback.builder().name("perp_risk_engine_lag_events")
            .help("Events sequenced but not yet applied (ingress seq minus engine seq)")
            .callback((callback) -> callback.call(
                Math.max(0, counters.ingressSequenced().get() - counters.engineSeq().get())))
            .register(registry);
        GaugeWithCallback.builder().name("perp_risk_egress_lag_events")
            .help("Committed events whose outputs are not yet published (outbound seq minus egress seq)")
            .callback((callback) -> callback.call(
                Math.max(0, counters.outboundPosition().get() - counters.egressPosition().get())))
            .register(registry);
        GaugeWithCallback.builder().name("perp_risk_monitor_tail_seq")
            .help("Last sequence number the monitor has read from the outbound journal")
            .callback((callback) -> callback.call(sample.get().view().lastSeq()))
            .register(registry);
        GaugeWithCallback.builder().name("perp_risk_insurance_fund_balance")
            .help("Insurance fund balance per asset (outbound journal tail)")
            .labelNames("asset")
            .callback((callback) ->
            {
                for (final Map.Entry<Integer, Long> entry : sample.get().view().insuranceFund().entrySet())
                {
                    callback.call(entry.getValue() / 1e8, Integer.toString(entry.getKey()));
                }
            })
            .register(registry);
        GaugeWithCallback.builder().name("perp_risk_open_interest")
            .help("Open interest per instrument: sum of long position sizes (outbound journal tail)")
            .labelNames("instrument")
            .callback((callback) ->
            {
                for (final Map.Entry<Integer, long[]> entry : sample.get().view().instruments().entrySet())
                {
                    callback.call(entry.getValue()[0] / 1e8, Integer.toString(entry.getKey()));
                }
            })
            .register(registry);
        GaugeWithCallback.builder().name("perp_risk_mark_price")
            .help("Latest mark price per instrument seen in a PositionUpdate (outbound journal tail)")
            .labelNames("instrument")
            .callback((callback) ->
            {
                for (final Map.Entry<Integer, long[]> entry : sample.get().view().instruments().entrySet())
                {
                    callback.call(entry.getValue()[1] / 1e8, Integer.toString(entry.getKey()));
                }
            })
            .register(registry);
        GaugeWithCallback.builder().name("perp_risk_scopes_in_liquidation")
            .help("Margin scopes in liquidation, and those waiting for auto-deleveraging (outbound journal tail)")
            .labelNames("phase")
            .callback((callback) ->
            {
                final RiskView.Snapshot view = sample.get().view();
                callback.call(view.inLiquidation(), "all");
                callback.call(view.waitingForAdl(), "adl");
            })
            .register(registry);

        answerLatency = Histogram.builder().name("perp_risk_new_order_answer_latency_seconds")
            .help("NewOrder answer latency: frame receive time to the answer committed to the outbound journal")
            .classicOnly()
            .classicUpperBounds(LATENCY_BOUNDS_S)
            .register(registry);
    }

    private void counter(final String name, final String help, final AtomicCounter counter)
    {
        CounterWithCallback.builder().name(name).help(help)
            .callback((callback) -> callback.call(counter.get()))
            .register(registry);
    }

    private void gauge(final String name, final String help, final AtomicCounter counter)
    {
        GaugeWithCallback.builder().name(name).help(help)
            .callback((callback) -> callback.call(counter.get()))
            .register(registry);
    }

    private void tailCounter(
        final String name,
        final String help,
        final Supplier<MonitorSample> sample,
        final java.util.function.ToDoubleFunction<MonitorSample> value)
    {
        CounterWithCallback.builder().name(name).help(help)
            .callback((callback) -> callback.call(value.applyAsDouble(sample.get())))
            .register(registry);
    }

    /**
     * Record one answer latency; monitor thread.
     *
     * @param seconds the latency in seconds.
     */
    void observeAnswerLatency(final double seconds)
    {
        answerLatency.observe(seconds);
    }

    /**
     * The registry holding every metric.
     *
     * @return the registry.
     */
    PrometheusRegistry registry()
    {
        return registry;
    }
}
