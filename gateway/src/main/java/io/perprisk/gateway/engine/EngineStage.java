package io.perprisk.gateway.engine;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import io.perprisk.gateway.ingress.InboundSlot;
import io.perprisk.gateway.status.GatewayCounters;
import org.agrona.concurrent.Agent;

/**
 * The engine stage: takes sequenced events from the ring in order and hands each to the {@link EngineJournal}
 * (inbound journal append, engine apply, outbound commit).
 * <p>
 * The ring is consumed through a Disruptor {@link EventPoller}, so the stage is an Agrona {@link Agent} whose idle
 * strategy is the ring's wait strategy and whose thread is chosen by configuration. An exception thrown while
 * handling an event goes to the Disruptor {@link ExceptionHandler}; the stage carries on with the next event.
 */
public final class EngineStage implements Agent, EventPoller.Handler<InboundSlot>
{
    private final EventPoller<InboundSlot> poller;
    private final RingBuffer<InboundSlot> ring;
    private final EngineJournal journal;
    private final ExceptionHandler<InboundSlot> exceptionHandler;
    private final GatewayCounters counters;
    private final int batchLimit;
    private int batchCount;
    private volatile long lastSeq;

    /**
     * Create the stage and register its poller as the ring's gating sequence.
     *
     * @param ring             to consume.
     * @param journal          to journal and apply each event.
     * @param exceptionHandler for exceptions thrown by the journal or engine.
     * @param counters         to publish the applied sequence and positions.
     * @param lastSeq          sequence number of the last event already journaled.
     * @param batchLimit       most events handled per duty cycle.
     */
    public EngineStage(
        final RingBuffer<InboundSlot> ring,
        final EngineJournal journal,
        final ExceptionHandler<InboundSlot> exceptionHandler,
        final GatewayCounters counters,
        final long lastSeq,
        final int batchLimit)
    {
        this.ring = ring;
        this.poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        this.journal = journal;
        this.exceptionHandler = exceptionHandler;
        this.counters = counters;
        this.batchLimit = batchLimit;
        this.lastSeq = lastSeq;
        counters.engineSeq().setRelease(lastSeq);
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "perp-risk-engine";
    }

    /**
     * {@inheritDoc}
     */
    public int doWork() throws Exception
    {
        batchCount = 0;
        poller.poll(this);
        if (batchCount > 0)
        {
            counters.engineSeq().setRelease(lastSeq);
            counters.outboundPosition().setRelease(journal.outboundLastSeq());
        }
        return batchCount;
    }

    /**
     * {@inheritDoc}
     */
    public boolean onEvent(final InboundSlot slot, final long sequence, final boolean endOfBatch)
    {
        try
        {
            journal.onEvent(slot.seq(), slot.receiveTimeNanos(), slot.buffer(), 0, slot.length());
        }
        catch (final Throwable ex)
        {
            exceptionHandler.handleEventException(ex, sequence, slot);
        }
        lastSeq = slot.seq();
        return ++batchCount < batchLimit;
    }

    /**
     * Sequence number of the last event handled; any thread.
     *
     * @return the last sequence number.
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * Has every event published into the ring been handled? Any thread.
     *
     * @return true when the ring is drained.
     */
    public boolean isDrained()
    {
        return poller.getSequence().get() >= ring.getCursor();
    }
}
