package io.perprisk.gateway.engine;

import io.perprisk.engine.OutboundHandler;

/**
 * Creates the {@link EngineJournal} of a service. Called once, on the thread that launches the service.
 */
@FunctionalInterface
public interface EngineJournalFactory
{
    /**
     * Create the journal-backed engine.
     *
     * @param observer receives every outbound message after it is committed, on the engine thread (counters).
     * @return the engine journal.
     */
    EngineJournal newEngineJournal(OutboundHandler observer);
}
