package io.perprisk.cli.journal;

import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.journal.EngineFactory;

/**
 * The engine the journal commands replay with: the production engine with its default configuration (the
 * configuration must match the one the journal was recorded with).
 */
public final class EngineFactories
{
    private EngineFactories()
    {
    }

    /**
     * Factory of production engines with the default configuration.
     *
     * @return the factory.
     */
    public static EngineFactory production()
    {
        return (handler) -> new PerpRiskEngine(new EngineConfiguration(), handler);
    }
}
