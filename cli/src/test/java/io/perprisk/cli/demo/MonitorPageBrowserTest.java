package io.perprisk.cli.demo;

import io.perprisk.client.RiskClient;
import io.perprisk.gateway.service.PerpRiskConfiguration;
import io.perprisk.gateway.service.PerpRiskService;
import io.perprisk.gateway.status.GatewayCounters;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drives the demo's simulated exchange (with its price crash) against a service with HTTP on, loads the monitor page
 * in headless Chromium and checks that the figures it shows are the service's counters: events, orders, rejects,
 * margin calls, liquidations, ADL, the insurance fund, and twenty accounts nearest liquidation.
 * <p>
 * Needs Debian's {@code chromium} ({@code .ci/run} installs it and sets {@code -Dperp.browser.required=true}, so CI
 * fails rather than skips without it). {@code -Dperp.monitor.screenshot=FILE.png} saves a screenshot.
 */
@Tag("slow")
class MonitorPageBrowserTest
{
    @Test
    @Timeout(180)
    void shouldShowTheCountersInARealBrowser() throws Exception
    {
        final String browser = HeadlessChromium.binary();
        if (Boolean.getBoolean("perp.browser.required"))
        {
            assertNotNull(browser, "chromium is not installed (apt-get install -y chromium)");
        }
        assumeTrue(null != browser, "chromium is not installed");

        final Path journalDir = Files.createTempDirectory("perp-risk-browser-journal");
        final PerpRiskService.Context ctx = new PerpRiskService.Context()
            .aeronDirectoryName(PerpRiskConfiguration.uniqueTempDir("perp-risk-browser-aeron"))
            .journalDir(journalDir.toString())
            .httpPort(PerpRiskConfiguration.HTTP_PORT_EPHEMERAL);
        final PrintStream progress = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (PerpRiskService service = PerpRiskService.launch(ctx);
            RiskClient client = RiskClient.connect(new RiskClient.Context()
                .aeronDirectoryName(ctx.aeronDirectoryName()).ordered(true).sendTimeoutMs(30_000)))
        {
            assertTrue(client.awaitConnected(10_000));
            final ExchangeSimulator simulator = new ExchangeSimulator(client, 42, 400);
            simulator.setUp(30_000);
            client.awaitSequenced(30_000);
            client.ordered(false);
            DemoCommand.drive(service, client, simulator, 10, 800, 42, new ArrayList<>(), progress);

            final GatewayCounters counters = service.counters();
            final long deadlineMs = System.currentTimeMillis() + 30_000;
            while (service.monitor().tailSeq() < counters.outboundPosition().get() ||
                counters.egressPosition().get() < counters.outboundPosition().get())
            {
                assertTrue(System.currentTimeMillis() < deadlineMs, "monitor did not catch up");
                client.poll(simulator, 256);
                Thread.sleep(20);
            }
            assertTrue(counters.liquidations().get() > 0, "the crash liquidated nobody");

            try (HeadlessChromium chromium = HeadlessChromium.open(browser, service.monitor().url()))
            {
                final String expectedEvents = String.format(java.util.Locale.US, "%,d",
                    counters.ingressSequenced().get());
                String shown = "";
                final long pageDeadlineMs = System.currentTimeMillis() + 60_000;
                while (!shown.startsWith(expectedEvents + "|"))
                {
                    assertTrue(System.currentTimeMillis() < pageDeadlineMs, "page shows " + shown);
                    Thread.sleep(250);
                    shown = chromium.evaluate(page("[t('events-total'), t('updates')]"));
                }
                final int updatesBefore = Integer.parseInt(shown.split("\\|")[1]);
                Thread.sleep(3_500);
                final String[] figures = chromium.evaluate(page("[t('events-total'), t('orders-accepted'), " +
                    "t('orders-rejected'), t('rejects-total'), t('margin-calls'), t('liquidations-started'), " +
                    "t('adl-events'), t('insurance-fund'), t('updates'), t('status'), " +
                    "document.querySelectorAll('#nearest tbody tr').length, " +
                    "document.querySelector('#funds tbody tr td:nth-child(2)').textContent, " +
                    "document.querySelector('#nearest tbody tr td:nth-child(2)').textContent, " +
                    "document.querySelector('#nearest tbody tr:last-child td:nth-child(2)').textContent, " +
                    "document.querySelectorAll('#recent-liquidations tbody tr').length, " +
                    "document.querySelectorAll('#chart-fund polyline').length, " +
                    "document.querySelectorAll('link[href^=http], script[src^=http]').length]")).split("\\|", -1);

                assertEquals(counters.ingressSequenced().get(), integer(figures[0]), "events");
                assertEquals(counters.ordersAccepted().get(), integer(figures[1]), "orders accepted");
                assertEquals(counters.ordersRejected().get(), integer(figures[2]), "orders rejected");
                assertEquals(totalRejects(counters), integer(figures[3]), "rejects");
                assertEquals(counters.marginCalls().get(), integer(figures[4]), "margin calls");
                assertEquals(counters.liquidations().get(), integer(figures[5]), "liquidations started");
                assertEquals(counters.autoDeleverages().get(), integer(figures[6]), "ADL events");
                final double fund = counters.insuranceFund().get() / 1e8;
                assertEquals(fund, Double.parseDouble(figures[7].replace(",", "")), 0.006, "insurance fund tile");
                assertEquals(fund, Double.parseDouble(figures[11].replace(",", "")), 0.006, "insurance fund table");
                assertTrue(Integer.parseInt(figures[8]) >= updatesBefore + 2,
                    "fewer than one update a second: " + updatesBefore + " -> " + figures[8]);
                assertEquals("live", figures[9]);
                assertEquals("20", figures[10], "accounts nearest liquidation");
                assertTrue(Double.parseDouble(figures[12]) >= Double.parseDouble(figures[13]),
                    "nearest first: " + figures[12] + " then " + figures[13]);
                assertTrue(Integer.parseInt(figures[14]) > 0, "recent liquidations");
                assertEquals("1", figures[15], "insurance fund chart");
                assertEquals("0", figures[16], "external assets");

                final String screenshot = System.getProperty("perp.monitor.screenshot");
                if (null != screenshot && !screenshot.isEmpty())
                {
                    chromium.screenshot(Paths.get(screenshot));
                }
            }
        }
        finally
        {
            IoUtil.delete(journalDir.toFile(), true);
        }
    }

    private static String page(final String array)
    {
        return "(function () { var t = function (id) { return document.getElementById(id).textContent; }; " +
            "return " + array + ".join('|'); })()";
    }

    private static long totalRejects(final GatewayCounters counters)
    {
        long total = 0;
        for (final io.perprisk.codecs.sbe.RejectReason reason : io.perprisk.codecs.sbe.RejectReason.values())
        {
            final org.agrona.concurrent.status.AtomicCounter counter =
                reason == io.perprisk.codecs.sbe.RejectReason.NULL_VAL ? null : counters.rejects(reason.value());
            total += null == counter ? 0 : counter.get();
        }
        return total;
    }

    private static long integer(final String text)
    {
        return Long.parseLong(text.replace(",", ""));
    }
}
