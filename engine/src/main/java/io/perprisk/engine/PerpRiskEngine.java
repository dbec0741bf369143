package io.perprisk.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The production {@link RiskEngine}. Construction API fixed here so that the journal, the gateway and the tools can
 * be built against it while the engine itself is implemented.
 */
public final class PerpRiskEngine implements RiskEngine
{
    private final EngineConfiguration configuration;
    private final OutboundHandler handler;

    /**
     * Create an empty engine.
     *
     * @param configuration capacities and levels; concluded by this constructor.
     * @param handler       receiving every outbound message.
     */
    public PerpRiskEngine(final EngineConfiguration configuration, final OutboundHandler handler)
    {
        this.configuration = configuration.conclude();
        this.handler = handler;
    }

    /**
     * {@inheritDoc}
     */
    public void onEvent(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException("engine not implemented yet: " + configuration + handler);
    }

    /**
     * {@inheritDoc}
     */
    public long lastAppliedSeq()
    {
        throw new UnsupportedOperationException("engine not implemented yet");
    }

    /**
     * {@inheritDoc}
     */
    public String digest()
    {
        throw new UnsupportedOperationException("engine not implemented yet");
    }

    /**
     * {@inheritDoc}
     */
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        throw new UnsupportedOperationException("engine not implemented yet");
    }

    /**
     * {@inheritDoc}
     */
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException("engine not implemented yet");
    }

    /**
     * {@inheritDoc}
     */
    public EngineCounters counters()
    {
        throw new UnsupportedOperationException("engine not implemented yet");
    }

    /**
     * {@inheritDoc}
     */
    public EngineLedger ledger()
    {
        throw new UnsupportedOperationException("engine not implemented yet");
    }
}
