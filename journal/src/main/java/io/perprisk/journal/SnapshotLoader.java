package io.perprisk.journal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Loads the newest usable snapshot into a fresh engine, falling back to older ones (and finally to an empty engine)
 * when a file is damaged, does not load, or does not reproduce its recorded digest. Every fallback is reported.
 */
final class SnapshotLoader
{
    private SnapshotLoader()
    {
    }

    /**
     * Load the newest usable snapshot.
     *
     * @param store   holding the snapshot files.
     * @param factory creating engines.
     * @param handler for the engine's outbound messages.
     * @param maxSeq  highest acceptable snapshot seq (the last journaled inbound seq).
     * @param log     for fallback messages.
     * @return the loaded engine and the snapshot, or an empty engine and null.
     */
    static Loaded loadNewest(
        final SnapshotStore store,
        final EngineFactory factory,
        final OutboundHandler handler,
        final long maxSeq,
        final PrintStream log)
    {
        for (final Path path : store.listNewestFirst())
        {
            final SnapshotFile file;
            try
            {
                file = SnapshotFile.read(path);
            }
            catch (final IOException | JournalCorruptedException ex)
            {
                log.println("skipping snapshot: " + ex.getMessage() + "; trying an older one");
                continue;
            }
            if (file.seq() > maxSeq)
            {
                log.println("skipping snapshot " + path + ": seq " + file.seq() +
                    " is beyond the last journaled inbound seq " + maxSeq + "; trying an older one");
                continue;
            }
            final RiskEngine engine = factory.newEngine(handler);
            try
            {
                final byte[] body = file.body();
                engine.loadSnapshot(new UnsafeBuffer(body), 0, body.length);
            }
            catch (final RuntimeException ex)
            {
                log.println("skipping snapshot " + path + ": the engine refused it: " + ex.getMessage() +
                    "; trying an older one");
                continue;
            }
            if (engine.lastAppliedSeq() != file.seq())
            {
                log.println("skipping snapshot " + path + ": engine reports seq " + engine.lastAppliedSeq() +
                    " but the file says " + file.seq() + "; trying an older one");
                continue;
            }
            final String digest = engine.digest();
            if (!digest.equals(file.digest()))
            {
                log.println("skipping snapshot " + path + ": loaded state has digest " + digest +
                    " but " + file.digest() + " was recorded; trying an older one");
                continue;
            }
            return new Loaded(engine, file);
        }
        return new Loaded(factory.newEngine(handler), null);
    }

    static final class Loaded
    {
        private final RiskEngine engine;
        private final SnapshotFile snapshot;

        Loaded(final RiskEngine engine, final SnapshotFile snapshot)
        {
            this.engine = engine;
            this.snapshot = snapshot;
        }

        RiskEngine engine()
        {
            return engine;
        }

        SnapshotFile snapshot()
        {
            return snapshot;
        }
    }
}
