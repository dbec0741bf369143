package io.perprisk.journal;

import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;

/**
 * Creates an empty engine wired to an outbound handler; the journal creates engines for recovery and replay.
 */
@FunctionalInterface
public interface EngineFactory
{
    /**
     * Create an empty engine.
     *
     * @param handler to receive every outbound message of the new engine.
     * @return the engine.
     */
    RiskEngine newEngine(OutboundHandler handler);
}
