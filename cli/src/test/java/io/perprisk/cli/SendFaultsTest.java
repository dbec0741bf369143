package io.perprisk.cli;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.EngineCounters;
import io.perprisk.engine.EngineLedger;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.engine.RiskEngine;
import io.perprisk.gateway.service.PerpRiskConfiguration;
import io.perprisk.gateway.service.PerpRiskService;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.perprisk.gateway.support.GatewayTestSupport.serviceContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code send} when there is no service, no file, a file that is not all inbound, or a service that stops mid-stream.
 */
class SendFaultsTest
{
    private static final String SETUP =
        "{\"type\":\"AssetDefinition\",\"assetId\":1,\"price\":\"1\",\"collateralRatio\":\"1\",\"symbol\":\"USDT\"}\n";

    @TempDir
    Path dir;

    @Test
    @Timeout(5)
    void shouldSayThereIsNoServiceWithoutWaitingForTheDriverTimeout() throws Exception
    {
        final Path file = dir.resolve("setup.jsonl");
        Files.writeString(file, SETUP);
        final String aeronDir = dir.resolve("no-driver-here").toString();

        final Result result = send(file.toString(), "--perp.aeron.dir=" + aeronDir);
        assertEquals(ExitCode.FAILURE, result.exitCode, result.err);
        assertEquals("perp-risk send: no service is running: no live media driver at " + aeronDir +
            " (is `perp-risk run` up, with the same perp.aeron.dir?)", result.err.trim());
        assertTrue(!result.err.contains("Exception"), result.err);
    }

    @Test
    @Timeout(5)
    void shouldRefuseAMissingFileAtOnce()
    {
        final Result result = send(dir.resolve("missing.jsonl").toString(),
            "--perp.aeron.dir=" + dir.resolve("no-driver-here"));
        assertEquals(ExitCode.USAGE, result.exitCode, result.err);
        assertEquals("perp-risk send: cannot read " + dir.resolve("missing.jsonl"), result.err.trim());
    }

    @Test
    @Timeout(5)
    void shouldRefuseAnOutboundMessageBeforeSendingAnythingNamingTheLine() throws Exception
    {
        final Path file = dir.resolve("forged.jsonl");
        Files.writeString(file, SETUP + "{\"type\":\"AccountOpen\",\"accountId\":7}\n" +
            "{\"type\":\"EventRejected\",\"seq\":2,\"reason\":\"MALFORMED\",\"templateId\":4,\"detail\":\"x\"}\n");

        final Result result = send(file.toString(), "--perp.aeron.dir=" + dir.resolve("no-driver-here"));
        assertEquals(ExitCode.USAGE, result.exitCode, result.err);
        assertTrue(result.err.contains("line 3, field type: NOT_INBOUND"), result.err);
        assertTrue(result.err.contains("nothing was sent"), result.err);
        assertEquals("", result.out);
    }

    @Test
    @Timeout(60)
    void shouldPrintWhatArrivedAndHowFarTheServiceSequencedWhenItStopsAnswering() throws Exception
    {
        final int accounts = 50;
        final StringBuilder text = new StringBuilder(SETUP);
        for (int i = 1; i <= accounts; i++)
        {
            if (i == 20)
            {
                // seq 21, on the prices stream: the service stops answering here
                text.append("{\"type\":\"MarkPrice\",\"instrumentId\":1,\"price\":\"1\",\"timestamp\":1}\n");
            }
            text.append("{\"type\":\"AccountOpen\",\"accountId\":").append(i).append("}\n");
        }
        final Path file = dir.resolve("accounts.jsonl");
        Files.writeString(file, text);

        final String aeronDir = PerpRiskConfiguration.uniqueTempDir("perp-risk-send-stop");
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true)
            .termBufferSparseFile(true).ipcTermBufferLength(64 * 1024));
        final CountDownLatch hold = new CountDownLatch(1);
        final AtomicInteger applied = new AtomicInteger();
        final PerpRiskService service = PerpRiskService.launch(serviceContext(null)
            .aeronDirectoryName(aeronDir).embeddedDriver(false).shutdownTimeoutMs(5_000)
            .engineFactory((handler) -> new StallingEngine(
                new PerpRiskEngine(new EngineConfiguration().maxAccounts(1_000), handler), 21, hold, applied)));
        try
        {
            final Result[] result = new Result[1];
            result[0] = send(file.toString(), "--perp.aeron.dir=" + aeronDir, "--timeout-ms=3000");
            assertEquals(20, applied.get(), "the service stopped answering after seq 20");

            assertEquals(ExitCode.FAILURE, result[0].exitCode, result[0].err);
            final String[] outputs = result[0].out.split("\n");
            for (int i = 0; i < outputs.length; i++)
            {
                assertTrue(outputs[i].startsWith("{\"type\":\"AccountUpdate\",\"seq\":" + (i + 2) + ","), outputs[i]);
            }
            assertEquals(19, outputs.length, "the AccountUpdates of accounts 1..19 (seq 2..20) are printed");
            assertEquals("perp-risk send: stopped: timed out waiting for the service to sequence 52 messages: the " +
                "service sequenced 21 of 52 messages (lines 1..21 got seq 1..21); 19 outputs arrived; after a " +
                "restart `run` prints next-seq: resend from the line that would have got it " +
                "(line 22 if next-seq is 22)",
                result[0].err.trim());
        }
        finally
        {
            hold.countDown();
            CloseHelper.quietClose(service);
            CloseHelper.quietClose(driver);
        }
    }

    private static Result send(final String... args)
    {
        final String[] all = new String[args.length + 1];
        all[0] = "send";
        System.arraycopy(args, 0, all, 1, args.length);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode = PerpRiskMain.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final class Result
    {
        final int exitCode;
        final String out;
        final String err;

        Result(final int exitCode, final String out, final String err)
        {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }
    }

    /**
     * The production engine that stops answering at one seq, as a hung or dying service would.
     */
    private static final class StallingEngine implements RiskEngine
    {
        private final RiskEngine engine;
        private final long stallSeq;
        private final CountDownLatch hold;
        private final AtomicInteger applied;

        StallingEngine(final RiskEngine engine, final long stallSeq, final CountDownLatch hold,
            final AtomicInteger applied)
        {
            this.engine = engine;
            this.stallSeq = stallSeq;
            this.hold = hold;
            this.applied = applied;
        }

        public void onEvent(final long seq, final DirectBuffer buffer, final int offset, final int length)
        {
            if (seq == stallSeq)
            {
                try
                {
                    hold.await(30, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            engine.onEvent(seq, buffer, offset, length);
            applied.incrementAndGet();
        }

        public long lastAppliedSeq()
        {
            return engine.lastAppliedSeq();
        }

        public String digest()
        {
            return engine.digest();
        }

        public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
        {
            return engine.writeSnapshot(buffer, offset);
        }

        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            engine.loadSnapshot(buffer, offset, length);
        }

        public EngineCounters counters()
        {
            return engine.counters();
        }

        public EngineLedger ledger()
        {
            return engine.ledger();
        }
    }
}
