package io.perprisk.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Measures, on the journal on disk: recording speed through {@link JournaledEngine}, raw inbound journal read speed,
 * and verifying replay speed, with the deterministic test engine. Arguments: [events] [journal dir].
 */
final class JournalReplaySpeed
{
    private JournalReplaySpeed()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        final Path dir = args.length > 1 ? Paths.get(args[1]) : Files.createTempDirectory("journal-speed");

        long start = System.nanoTime();
        JournalTestSupport.record(dir, events, 1_000_000);
        long nanos = System.nanoTime() - start;
        System.out.printf("record  %,d events through JournaledEngine: %,.0f events/s%n", events, events * 1e9 / nanos);

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
            final ReplayResult result = JournalReplayer.replay(dir, HashingTestEngine::new, false, null);
            if (null != result.divergence())
            {
                throw new IllegalStateException(result.divergence().description());
            }
            System.out.printf("replay  %,d events, %,d outbound messages verified: %,d events/s%n",
                result.events(), result.messages(), result.eventsPerSecond());
        }
    }
}
