package io.perprisk.gateway.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.perprisk.gateway.engine.OutboundSource;
import io.perprisk.gateway.status.GatewayCounters;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's HTTP endpoint, on the JDK's {@code com.sun.net.httpserver} and threads of its own (never the engine
 * thread):
 * <ul>
 *     <li>{@code GET /metrics}: Prometheus text (or OpenMetrics, by the {@code Accept} header);</li>
 *     <li>{@code GET /}: the live risk monitor page with its script and style sheet, served from the classpath;</li>
 *     <li>{@code GET /events}: server-sent events, one {@link MonitorSample} as JSON a second;</li>
 *     <li>{@code GET /api/sample}: the latest sample as JSON.</li>
 * </ul>
 * Its data are the {@link GatewayCounters} and a tail of the outbound journal read by a {@link MonitorAgent}.
 */
public final class MonitorServer implements AutoCloseable
{
    /**
     * Most event-stream clients served at once; more get 503.
     */
    public static final int MAX_EVENT_CLIENTS = 16;

    private static final Map<String, String> ASSETS = Map.of(
        "/", "index.html",
        "/index.html", "index.html",
        "/monitor.js", "monitor.js",
        "/monitor.css", "monitor.css");

    private final HttpServer server;
    private final ExecutorService executor;
    private final AgentRunner runner;
    private final MonitorAgent agent;
    private final PrometheusMetrics metrics;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final AtomicInteger eventClients = new AtomicInteger();
    private volatile boolean closing;

    private MonitorServer(
        final InetSocketAddress address,
        final GatewayCounters counters,
        final OutboundSource outboundTail,
        final AnswerLatencyRecorder latencyRecorder,
        final ErrorHandler errorHandler) throws IOException
    {
        final AtomicInteger threads = new AtomicInteger();
        executor = new ThreadPoolExecutor(2, MAX_EVENT_CLIENTS + 4, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
            (runnable) ->
            {
                final Thread thread = new Thread(runnable, "perp-risk-http-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
        final MonitorAgent[] holder = new MonitorAgent[1];
        metrics = new PrometheusMetrics(counters, () -> holder[0].latest());
        agent = new MonitorAgent(outboundTail, counters, latencyRecorder, metrics::observeAnswerLatency,
            new SystemEpochClock());
        holder[0] = agent;

        server = HttpServer.create(address, 64);
        server.setExecutor(executor);
        server.createContext("/metrics", this::metrics);
        server.createContext("/events", this::events);
        server.createContext("/api/sample", this::sample);
        server.createContext("/", this::asset);

        runner = new AgentRunner(new SleepingMillisIdleStrategy(1), errorHandler, null, agent);
        AgentRunner.startOnThread(runner);
        server.start();
    }

    /**
     * Start the HTTP server and the monitor's agent.
     *
     * @param bindAddress     address to listen on, e.g. {@code 127.0.0.1}.
     * @param port            port to listen on; 0 for any free port (see {@link #address()}).
     * @param counters        the service's counters.
     * @param outboundTail    a source over the outbound journal from its start; the server owns and closes it.
     * @param latencyRecorder the {@code NewOrder} answer latencies recorded by the engine stage, or null.
     * @param errorHandler    for errors on the monitor's thread.
     * @return the running server.
     * @throws UncheckedIOException if the address cannot be bound.
     */
    public static MonitorServer start(
        final String bindAddress,
        final int port,
        final GatewayCounters counters,
        final OutboundSource outboundTail,
        final AnswerLatencyRecorder latencyRecorder,
        final ErrorHandler errorHandler)
    {
        try
        {
            return new MonitorServer(
                new InetSocketAddress(bindAddress, port), counters, outboundTail, latencyRecorder, errorHandler);
        }
        catch (final IOException ex)
        {
            outboundTail.close();
            throw new UncheckedIOException("cannot listen for HTTP on " + bindAddress + ":" + port, ex);
        }
    }

    /**
     * The address the server listens on, with the actual port.
     *
     * @return the bound address.
     */
    public InetSocketAddress address()
    {
        return server.getAddress();
    }

    /**
     * The page's URL, e.g. {@code http://127.0.0.1:9464/}.
     *
     * @return the URL.
     */
    public String url()
    {
        final InetSocketAddress address = address();
        final String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" :
            address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/";
    }

    /**
     * Sequence number of the last outbound message the monitor has read; any thread.
     *
     * @return the sequence number.
     */
    public long tailSeq()
    {
        return agent.latest().view().lastSeq();
    }

    /**
     * The latest sample as the page receives it; any thread.
     *
     * @return the JSON text.
     */
    public String sampleJson()
    {
        return agent.latest().toJson();
    }

    /**
     * Stop serving, then stop the monitor's agent. Call before the counters are closed.
     */
    public void close()
    {
        closing = true;
        server.stop(0);
        CloseHelper.quietClose(runner);
        executor.shutdownNow();
    }

    private void metrics(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod()))
            {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
            final ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            writer.write(body, metrics.registry().scrape());
            exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
            send(exchange, body.toByteArray());
        }
    }

    private void sample(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            send(exchange, agent.latest().toJson().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void events(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            if (eventClients.incrementAndGet() > MAX_EVENT_CLIENTS)
            {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            final OutputStream out = exchange.getResponseBody();
            MonitorSample sent = null;
            while (!closing)
            {
                final MonitorSample sample = agent.awaitNewer(sent, 2 * MonitorAgent.SAMPLE_INTERVAL_MS);
                if (sample != sent)
                {
                    out.write(("data: " + sample.toJson() + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sent = sample;
                }
            }
        }
        catch (final IOException | InterruptedException ex)
        {
            // the client went away or the server is stopping
        }
        finally
        {
            eventClients.decrementAndGet();
        }
    }

    private void asset(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String name = ASSETS.get(exchange.getRequestURI().getPath());
            if (null == name)
            {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            final byte[] body;
            try (InputStream in = MonitorServer.class.getResourceAsStream(name))
            {
                if (null == in)
                {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                body = in.readAllBytes();
            }
            final String type = name.endsWith(".html") ? "text/html" : name.endsWith(".js") ?
                "text/javascript" : "text/css";
            exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            send(exchange, body);
        }
    }

    private static void send(final HttpExchange exchange, final byte[] body) throws IOException
    {
        if ("HEAD".equals(exchange.getRequestMethod()))
        {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(body);
        }
    }
}
