package io.perprisk.cli.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol: it opens one page, evaluates
 * JavaScript in it and takes screenshots. For browser tests; one instance per test, closed by the test.
 */
final class HeadlessChromium implements AutoCloseable
{
    private static final Pattern VALUE = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern DATA = Pattern.compile("\"data\":\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+),");
    private static final Pattern PAGE_SOCKET =
        Pattern.compile("\"webSocketDebuggerUrl\":\\s*\"(ws://[^\"]+/page/[^\"]+)\"");

    private final Process process;
    private final Path userDataDir;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(final Process process, final Path userDataDir, final WebSocket socket)
    {
        this.process = process;
        this.userDataDir = userDataDir;
        this.socket = socket;
    }

    /**
     * The browser binary: {@code $PERP_CHROMIUM}, else {@code chromium} or {@code chromium-browser} on the path.
     *
     * @return the binary, or null if none is installed.
     */
    static String binary()
    {
        final String configured = System.getenv("PERP_CHROMIUM");
        if (null != configured && !configured.isEmpty())
        {
            return configured;
        }
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
        {
            for (final String name : new String[]{ "chromium", "chromium-browser" })
            {
                if (Files.isExecutable(Paths.get(dir, name)))
                {
                    return Paths.get(dir, name).toString();
                }
            }
        }
        return null;
    }

    /**
     * Start the browser on a page.
     *
     * @param binary the browser binary.
     * @param url    the page to open.
     * @return the running browser, connected to the page.
     * @throws Exception if the browser does not start or expose the page within 30 s.
     */
    static HeadlessChromium open(final String binary, final String url) throws Exception
    {
        final Path userDataDir = Files.createTempDirectory("perp-risk-chromium");
        final List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-proxy-server", "--hide-scrollbars", "--window-size=1400,1500",
            "--user-data-dir=" + userDataDir, "--remote-debugging-port=0", url));
        final Process process = new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(userDataDir.resolve("chromium.log").toFile())
            .start();
        try
        {
            final Path portFile = userDataDir.resolve("DevToolsActivePort");
            final long deadlineMs = System.currentTimeMillis() + 30_000;
            String socketUrl = null;
            final HttpClient http = HttpClient.newHttpClient();
            while (null == socketUrl)
            {
                if (System.currentTimeMillis() > deadlineMs || !process.isAlive())
                {
                    throw new IllegalStateException("chromium exposed no page; its log: " +
                        Files.readString(userDataDir.resolve("chromium.log"), StandardCharsets.UTF_8));
                }
                Thread.sleep(100);
                if (!Files.exists(portFile))
                {
                    continue;
                }
                final List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (lines.isEmpty() || lines.get(0).isEmpty())
                {
                    continue;
                }
                final String list = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + lines.get(0).trim() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
                final Matcher matcher = PAGE_SOCKET.matcher(list);
                socketUrl = matcher.find() ? matcher.group(1) : null;
            }
            final HeadlessChromium[] holder = new HeadlessChromium[1];
            final WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(socketUrl), new Listener(holder)).get(10, TimeUnit.SECONDS);
            holder[0] = new HeadlessChromium(process, userDataDir, socket);
            return holder[0];
        }
        catch (final Exception ex)
        {
            process.destroyForcibly();
            throw ex;
        }
    }

    /**
     * Evaluate an expression in the page; it must produce a string without quotes or backslashes.
     *
     * @param expression JavaScript.
     * @return the string value.
     * @throws Exception if the browser does not answer within 10 s.
     */
    String evaluate(final String expression) throws Exception
    {
        final String reply = call("Runtime.evaluate", "{\"expression\":\"" + expression.replace("\\", "\\\\")
            .replace("\"", "\\\"") + "\",\"returnByValue\":true}");
        final Matcher matcher = VALUE.matcher(reply);
        if (!matcher.find())
        {
            throw new IllegalStateException("no string value in " + reply);
        }
        return matcher.group(1);
    }

    /**
     * Save a PNG screenshot of the page.
     *
     * @param file to write.
     * @throws Exception if the browser does not answer within 10 s.
     */
    void screenshot(final Path file) throws Exception
    {
        final String reply = call("Page.captureScreenshot", "{\"format\":\"png\"}");
        final Matcher matcher = DATA.matcher(reply);
        if (!matcher.find())
        {
            throw new IllegalStateException("no screenshot in " + reply.substring(0, Math.min(200, reply.length())));
        }
        Files.write(file, Base64.getDecoder().decode(matcher.group(1)));
    }

    private String call(final String method, final String params) throws Exception
    {
        final int id = ids.incrementAndGet();
        final CompletableFuture<String> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
            .get(10, TimeUnit.SECONDS);
        return reply.get(10, TimeUnit.SECONDS);
    }

    private void onMessage(final String message)
    {
        final Matcher matcher = ID.matcher(message);
        if (matcher.find())
        {
            final CompletableFuture<String> reply = pending.remove(Integer.parseInt(matcher.group(1)));
            if (null != reply)
            {
                reply.complete(message);
            }
        }
    }

    /**
     * Close the connection, stop the browser process this object started and delete its profile.
     */
    public void close()
    {
        socket.abort();
        process.destroy();
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        org.agrona.IoUtil.delete(userDataDir.toFile(), true);
    }

    private static final class Listener implements WebSocket.Listener
    {
        private final HeadlessChromium[] holder;
        private final StringBuilder partial = new StringBuilder();

        Listener(final HeadlessChromium[] holder)
        {
            this.holder = holder;
        }

        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                final String message = partial.toString();
                partial.setLength(0);
                if (null != holder[0])
                {
                    holder[0].onMessage(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
