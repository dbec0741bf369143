package io.perprisk.gateway.engine;

import io.perprisk.engine.OutboundHandler;
import io.perprisk.engine.RiskEngine;
import io.perprisk.journal.EngineFactory;
import org.agrona.DirectBuffer;

/**
 * An {@link EngineJournal} that keeps the outbound messages in memory and does not persist the inbound events: the
 * engine starts empty on every launch. For tests and the demo, and the fallback when no journal directory is
 * configured.
 */
public final class InMemoryEngineJournal implements EngineJournal, OutboundHandler
{
    private final InMemoryOutboundLog log = new InMemoryOutboundLog();
    private final OutboundHandler observer;
    private final RiskEngine engine;

    /**
     * Create an engine over an in-memory outbound log.
     *
     * @param engineFactory to create the engine.
     * @param observer      to receive each outbound message after it is committed.
     */
    public InMemoryEngineJournal(final EngineFactory engineFactory, final OutboundHandler observer)
    {
        this.observer = observer;
        this.engine = engineFactory.newEngine(this);
    }

    /**
     * A factory binding an engine factory.
     *
     * @param engineFactory to create the engine.
     * @return the journal factory.
     */
    public static EngineJournalFactory factory(final EngineFactory engineFactory)
    {
        return (observer) -> new InMemoryEngineJournal(engineFactory, observer);
    }

    /**
     * {@inheritDoc}
     */
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        log.onOutbound(seq, buffer, offset, length);
        observer.onOutbound(seq, buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public long recover()
    {
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    public void onEvent(
        final long seq, final long receiveTimeNanos, final DirectBuffer buffer, final int offset, final int length)
    {
        engine.onEvent(seq, buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public long outboundLastSeq()
    {
        return log.lastSeq();
    }

    /**
     * {@inheritDoc}
     */
    public long firstUnpublishedSeq()
    {
        return 1;
    }

    /**
     * {@inheritDoc}
     */
    public OutboundSource newOutboundSource(final long fromSeq)
    {
        return log.newSource(fromSeq);
    }

    /**
     * {@inheritDoc}
     */
    public void snapshot()
    {
    }

    /**
     * {@inheritDoc}
     */
    public String digest()
    {
        return engine.digest();
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
    }
}
