package io.perprisk.gateway.support;

import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;
import io.perprisk.journal.EngineFactory;

/**
 * Creates {@link EchoRiskEngine}s; named by class in a child service's configuration.
 */
public final class EchoEngineFactory implements EngineFactory
{
    @Override
    public RiskEngine newEngine(final OutboundHandler handler)
    {
        return new EchoRiskEngine(handler, null);
    }
}
