package io.perprisk.gateway.engine;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.gateway.ingress.InboundSlot;
import io.perprisk.gateway.monitor.AnswerLatencyRecorder;
import io.perprisk.gateway.status.GatewayCounters;
import org.agrona.concurrent.Agent;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

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
    private AnswerLatencyRecorder answerLatency;
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
     * Record the answer latency of every {@code NewOrder} (receive time to committed answer) from now on. Call before
     * the stage runs.
     *
     * @param answerLatency the recorder, or null for none.
     * @return this for a fluent API.
     */
    public EngineStage answerLatency(final AnswerLatencyRecorder answerLatency)
    {
        this.answerLatency = answerLatency;
        return this;
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
            if (null != answerLatency && slot.length() >= 4 &&
                (slot.buffer().getShort(2, LITTLE_ENDIAN) & 0xFFFF) == NewOrderDecoder.TEMPLATE_ID)
            {
                answerLatency.onAnswered(slot.receiveTimeNanos());
            }
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
