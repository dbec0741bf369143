package io.perprisk.gateway.engine;

import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;

/**
 * Creates an empty {@link RiskEngine} that emits to a handler, e.g. {@code PerpRiskEngine::new} bound to a
 * configuration. Cold path.
 */
@FunctionalInterface
public interface EngineFactory
{
    /**
     * Create an empty engine.
     *
     * @param handler to receive every outbound message.
     * @return the engine.
     */
    RiskEngine newEngine(OutboundHandler handler);
}
