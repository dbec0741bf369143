package io.perprisk.gateway.monitor;

import io.perprisk.codecs.sbe.Side;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.client.JsonLinesSession;
import io.perprisk.client.RiskClient;
import io.perprisk.gateway.service.PerpRiskConfiguration;
import io.perprisk.gateway.service.PerpRiskService;
import io.perprisk.gateway.status.GatewayCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.perprisk.gateway.support.GatewayTestSupport.clientContext;
import static io.perprisk.gateway.support.GatewayTestSupport.serviceContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the flash-crash scenario through a service with HTTP on an ephemeral port and checks that {@code /metrics}
 * is Prometheus text whose {@code perp_risk_} figures move with the load and equal the service's counters.
 */
class MonitorMetricsTest
{
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(120)
    void shouldExposeMetricsThatMoveWithTheLoad() throws Exception
    {
        final PerpRiskService.Context ctx = serviceContext(null)
            .engineFactory((handler) -> new PerpRiskEngine(new EngineConfiguration(), handler))
            .httpPort(PerpRiskConfiguration.HTTP_PORT_EPHEMERAL);
        try (PerpRiskService service = PerpRiskService.launch(ctx);
            RiskClient client = RiskClient.connect(clientContext(service).ordered(true).sendTimeoutMs(30_000)))
        {
            assertTrue(client.awaitConnected(10_000));
            final String base = service.monitor().url();
            assertTrue(base.startsWith("http://127.0.0.1:"), base);

            final HttpResponse<String> first = get(base + "metrics");
            assertEquals(200, first.statusCode());
            assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            final Map<String, Double> before = parse(first.body());

            try (Reader input = Files.newBufferedReader(flashCrash(), StandardCharsets.UTF_8))
            {
                new JsonLinesSession(client).run(input, 100, 60_000);
            }
            client.newOrder(9_000_001L, 9_999_999L, 1, Side.BUY, 100_00000000L, 100_000_000L, false);
            client.awaitSequenced(10_000);
            final GatewayCounters counters = service.counters();
            awaitTail(service, counters.outboundPosition().get());

            final Map<String, Double> after = awaitAnswerLatencies(base,
                counters.ingressEvents(io.perprisk.codecs.sbe.NewOrderDecoder.TEMPLATE_ID).get());
            final TreeSet<String> moved = new TreeSet<>();
            for (final Map.Entry<String, Double> entry : after.entrySet())
            {
                if (!entry.getValue().equals(before.getOrDefault(entry.getKey(), 0.0)))
                {
                    moved.add(entry.getKey().replaceAll("\\{.*", "").replaceAll("_(bucket|count|sum)$", ""));
                }
            }
            assertTrue(moved.size() >= 10, "perp_risk_ metrics that moved: " + moved);
            for (final String name : new String[]{ "perp_risk_ingress_events_total", "perp_risk_rejects_total",
                "perp_risk_orders_accepted_total", "perp_risk_fills_total", "perp_risk_margin_calls_total",
                "perp_risk_liquidations_started_total", "perp_risk_liquidations_completed_total",
                "perp_risk_adl_events_total", "perp_risk_insurance_fund_balance", "perp_risk_open_interest",
                "perp_risk_new_order_answer_latency_seconds", "perp_risk_engine_seq",
                "perp_risk_outbound_journal_seq", "perp_risk_egress_seq" })
            {
                assertTrue(moved.contains(name), name + " did not move; moved: " + moved);
            }

            assertEquals(counters.ordersAccepted().get(), after.get("perp_risk_orders_accepted_total"));
            assertEquals(counters.ordersRejected().get(), after.get("perp_risk_orders_rejected_total"));
            assertEquals(counters.liquidations().get(), after.get("perp_risk_liquidations_started_total"));
            assertEquals(counters.autoDeleverages().get(), after.get("perp_risk_adl_events_total"));
            assertEquals(counters.marginCalls().get(), after.get("perp_risk_margin_calls_total"));
            assertEquals(counters.ingressSequenced().get(), after.get("perp_risk_events_sequenced_total"));
            assertEquals(counters.insuranceFund().get() / 1e8,
                after.get("perp_risk_insurance_fund_balance{asset=\"1\"}"));
            assertEquals(
                counters.ingressEvents(io.perprisk.codecs.sbe.NewOrderDecoder.TEMPLATE_ID).get(),
                after.get("perp_risk_new_order_answer_latency_seconds_count"));
            assertTrue(counters.liquidations().get() > 0 && counters.autoDeleverages().get() > 0);
            assertEquals(0.0, after.get("perp_risk_engine_lag_events"));

            final Map<String, BigDecimal> openInterest = openInterestOfExpectedOutput();
            assertEquals(2, openInterest.size(), openInterest.toString());
            for (final Map.Entry<String, BigDecimal> entry : openInterest.entrySet())
            {
                assertEquals(entry.getValue().doubleValue(),
                    after.get("perp_risk_open_interest{instrument=\"" + entry.getKey() + "\"}"), 1e-9,
                    "open interest of instrument " + entry.getKey());
            }
        }
    }

    /**
     * Open interest per instrument computed independently: the long sizes of the last {@code PositionUpdate} of each
     * position in the scenario's checked expected output.
     */
    private static Map<String, BigDecimal> openInterestOfExpectedOutput() throws IOException
    {
        final Pattern position = Pattern.compile(
            "\"type\":\"PositionUpdate\".*\"accountId\":(\\d+),\"instrumentId\":(\\d+),.*\"size\":\"([-0-9.]+)\"");
        final Map<String, BigDecimal> sizes = new TreeMap<>();
        for (final String line : Files.readAllLines(
            Paths.get("..").resolve("docs/scenarios/flash-crash.expected.jsonl"), StandardCharsets.UTF_8))
        {
            final Matcher matcher = position.matcher(line);
            if (matcher.find())
            {
                sizes.put(matcher.group(1) + "/" + matcher.group(2), new BigDecimal(matcher.group(3)));
            }
        }
        final Map<String, BigDecimal> openInterest = new TreeMap<>();
        sizes.forEach((key, size) -> openInterest.merge(
            key.substring(key.indexOf('/') + 1), size.max(BigDecimal.ZERO), BigDecimal::add));
        return openInterest;
    }

    @Test
    @Timeout(60)
    void shouldServeThePageAndItsAssetsAndNothingElse() throws Exception
    {
        try (PerpRiskService service = PerpRiskService.launch(
            serviceContext(null).httpPort(PerpRiskConfiguration.HTTP_PORT_EPHEMERAL)))
        {
            final String base = service.monitor().url();
            final HttpResponse<String> page = get(base);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script src=\"/monitor.js\">"));
            assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), "external reference");
            assertEquals(200, get(base + "monitor.js").statusCode());
            assertEquals(200, get(base + "monitor.css").statusCode());
            assertEquals(404, get(base + "nothing-here").statusCode());
            final HttpResponse<String> sample = get(base + "api/sample");
            assertTrue(sample.body().startsWith("{\"time\":"), sample.body());
        }
    }

    @Test
    @Timeout(60)
    void shouldListenOnlyWhenAPortIsConfigured()
    {
        try (PerpRiskService service = PerpRiskService.launch(serviceContext(null)))
        {
            assertNull(service.monitor());
            assertNull(service.httpAddress());
        }
    }

    private static Path flashCrash()
    {
        return Paths.get("..").resolve("docs/scenarios/flash-crash.jsonl");
    }

    private static void awaitTail(final PerpRiskService service, final long seq) throws InterruptedException
    {
        final long deadlineMs = System.currentTimeMillis() + 30_000;
        // the monitor samples once a second: wait for a sample that has read the whole outbound journal
        while (service.monitor().tailSeq() < seq)
        {
            assertTrue(System.currentTimeMillis() < deadlineMs, "monitor tail at " + service.monitor().tailSeq());
            Thread.sleep(50);
        }
    }

    /**
     * An answer's latency is recorded after its outbound record is committed, so the sample that has read the whole
     * outbound journal may still lack the last few; wait for a scrape that holds every NewOrder's answer.
     */
    private Map<String, Double> awaitAnswerLatencies(final String base, final long newOrders)
        throws IOException, InterruptedException
    {
        final long deadlineMs = System.currentTimeMillis() + 30_000;
        while (true)
        {
            final Map<String, Double> scrape = parse(get(base + "metrics").body());
            final Double answered = scrape.get("perp_risk_new_order_answer_latency_seconds_count");
            if ((null != answered && answered >= newOrders) || System.currentTimeMillis() > deadlineMs)
            {
                return scrape;
            }
            Thread.sleep(50);
        }
    }

    private HttpResponse<String> get(final String url) throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Double> parse(final String text)
    {
        final Map<String, Double> samples = new TreeMap<>();
        for (final String line : text.split("\n"))
        {
            if (line.startsWith("perp_risk_"))
            {
                final int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }
}
