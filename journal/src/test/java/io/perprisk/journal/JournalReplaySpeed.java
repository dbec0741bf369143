package io.perprisk.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.engine.property.RandomEventStream;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Measures on a journal on disk: recording through {@link JournaledEngine}, raw inbound journal reading (length and
 * CRC checked) and verifying replay. Arguments: [events, default 2,000,000] [engine: test | real, default test]
 * [journal dir, default a new temporary directory]. "test" is the hashing test engine (journal cost dominates),
 * "real" is {@link PerpRiskEngine} over the engine's seeded random event stream.
 */
final class JournalReplaySpeed
{
    private JournalReplaySpeed()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        final boolean real = args.length > 1 && "real".equals(args[1]);
        final Path dir = args.length > 2 ? Paths.get(args[2]) : Files.createTempDirectory("journal-speed");
        final EngineFactory factory = real ?
            (handler) -> new PerpRiskEngine(new EngineConfiguration().maxAccounts(10_000), handler) :
            HashingTestEngine::new;

        long start = System.nanoTime();
        if (real)
        {
            try (JournaledEngine engine = new JournaledEngine(new JournaledEngine.Context()
                .journalDir(dir).engineFactory(factory).snapshotIntervalEvents(1_000_000)))
            {
                engine.recover();
                RandomEventStream stream = new RandomEventStream(42, 100, 1_000, (int) events);
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
                long streams = 1;
                for (long seq = 1; seq <= events; seq++)
                {
                    while (!stream.hasNext())
                    {
                        stream = new RandomEventStream(42 + streams++, 100, 1_000, (int) events);
                    }
                    final int length = stream.next(buffer, 0);
                    engine.onEvent(seq, seq, buffer, 0, length);
                }
            }
        }
        else
        {
            JournalTestSupport.record(dir, events, 1_000_000);
        }
        long nanos = System.nanoTime() - start;
        System.out.printf("record  %,d events through JournaledEngine (%s engine): %,.0f events/s%n",
            events, real ? "production" : "test", events * 1e9 / nanos);

        for (int run = 0; run < 3; run++)
        {
            try (InboundReader reader = InboundReader.open(dir))
            {
                final long[] sum = new long[1];
                final InboundHandler handler = (seq, time, buffer, offset, length) -> sum[0] += length;
                start = System.nanoTime();
                long read = 0;
                int polled;
                do
                {
                    polled = reader.poll(handler, 4096);
                    read += polled;
                }
                while (polled > 0);
                nanos = System.nanoTime() - start;
                System.out.printf("read    %,d inbound records (length+CRC checked): %,.0f events/s%n",
                    read, read * 1e9 / nanos);
            }
            final ReplayResult result = JournalReplayer.replay(dir, factory, false, null);
            if (null != result.divergence())
            {
                throw new IllegalStateException(result.divergence().description());
            }
            System.out.printf("replay  %,d events, %,d outbound messages verified: %,d events/s%n",
                result.events(), result.messages(), result.eventsPerSecond());
        }
    }
}
