package io.perprisk.gateway.support;

import io.perprisk.client.RiskClient;
import io.perprisk.gateway.service.PerpRiskConfiguration;
import io.perprisk.gateway.service.PerpRiskService;
import org.agrona.concurrent.status.CountersReader;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Service and client set-up for gateway tests: embedded driver, IPC, a unique Aeron directory, small terms.
 */
public final class GatewayTestSupport
{
    private GatewayTestSupport()
    {
    }

    /**
     * A service context with the test engine.
     *
     * @param gate for the test engine, or null.
     * @return the context, not yet concluded.
     */
    public static PerpRiskService.Context serviceContext(final CountDownLatch gate)
    {
        return new PerpRiskService.Context()
            .aeronDirectoryName(PerpRiskConfiguration.uniqueTempDir("perp-risk-test-aeron"))
            .termLength(64 * 1024)
            .shutdownTimeoutMs(2_000)
            .journalDir("")
            .engineFactory((handler) -> new EchoRiskEngine(handler, gate));
    }

    /**
     * A client context for a service.
     *
     * @param service to connect to.
     * @return the client context.
     */
    public static RiskClient.Context clientContext(final PerpRiskService service)
    {
        return new RiskClient.Context()
            .aeronDirectoryName(service.context().aeronDirectoryName())
            .sendTimeoutMs(10_000);
    }

    /**
     * Wait for a condition on a value.
     *
     * @param what      for the failure message.
     * @param supplier  of the value.
     * @param atLeast   value wanted.
     * @param timeoutMs how long to wait.
     */
    public static void awaitAtLeast(final String what, final LongSupplier supplier, final long atLeast,
        final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (supplier.getAsLong() < atLeast)
        {
            if (System.nanoTime() > deadlineNs)
            {
                fail(what + ": wanted at least " + atLeast + ", have " + supplier.getAsLong());
            }
            Thread.yield();
        }
    }

    /**
     * Value of the counter with a label, as AeronStat would show it.
     *
     * @param counters reader.
     * @param label    exact label.
     * @return the value, or -1 if there is no such counter.
     */
    public static long counterValue(final CountersReader counters, final String label)
    {
        final long[] value = { -1 };
        counters.forEach((counterId, typeId, keyBuffer, counterLabel) ->
        {
            if (counterLabel.equals(label))
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
    }
}
