package io.perprisk.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.perprisk.engine.OutboundHandler;

/**
 * Journals a scenario run ({@code scenario --journal DIR}): the scenario runner numbers its inbound lines 1, 2, 3
 * and feeds them through the {@link JournaledEngine} returned here instead of a bare engine, so the run can be
 * replayed, dumped and turned into statements afterwards.
 * <pre>{@code
 * try (JournaledEngine journaled = ScenarioJournal.open(dir, factory, printer))
 * {
 *     journaled.onEvent(seq, receiveTimeNanos, buffer, 0, length);   // for each scenario line, seq = 1, 2, 3 ...
 * }
 * }</pre>
 */
public final class ScenarioJournal
{
    /**
     * Events between snapshots in a scenario journal.
     */
    public static final long SNAPSHOT_INTERVAL_EVENTS = 100_000;

    private ScenarioJournal()
    {
    }

    /**
     * Create a journal for a scenario run and return the recovered (empty) journaled engine, ready for seq 1.
     *
     * @param journalDir directory for the journal; must not exist or be empty.
     * @param factory    creating the engine, configured as for the scenario.
     * @param printer    receiving every outbound message after it is journaled (the runner's output), or null.
     * @return the journaled engine; closing it writes the final snapshot and digest.
     * @throws IllegalArgumentException if the directory already holds files.
     */
    public static JournaledEngine open(
        final Path journalDir, final EngineFactory factory, final OutboundHandler printer)
    {
        if (Files.isDirectory(journalDir))
        {
            try (Stream<Path> entries = Files.list(journalDir))
            {
                if (entries.findAny().isPresent())
                {
                    throw new IllegalArgumentException("journal directory is not empty: " + journalDir);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        final JournaledEngine engine = new JournaledEngine(new JournaledEngine.Context()
            .journalDir(journalDir)
            .engineFactory(factory)
            .outboundListener(printer)
            .snapshotIntervalEvents(SNAPSHOT_INTERVAL_EVENTS));
        engine.recover();
        return engine;
    }
}
