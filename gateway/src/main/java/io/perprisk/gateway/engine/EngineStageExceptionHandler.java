package io.perprisk.gateway.engine;

import com.lmax.disruptor.ExceptionHandler;
import io.perprisk.gateway.ingress.InboundSlot;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Exception handler of the ring's consumer: counts the failure, reports it to an Agrona {@link ErrorHandler} (the
 * Aeron error log in the service) and lets the engine stage continue, unlike the Disruptor's default handler, which
 * stops the consumer.
 */
public final class EngineStageExceptionHandler implements ExceptionHandler<InboundSlot>
{
    private final ErrorHandler errorHandler;
    private final AtomicCounter errors;

    /**
     * Create the handler.
     *
     * @param errorHandler to report to.
     * @param errors       counter of failed events.
     */
    public EngineStageExceptionHandler(final ErrorHandler errorHandler, final AtomicCounter errors)
    {
        this.errorHandler = errorHandler;
        this.errors = errors;
    }

    /**
     * {@inheritDoc}
     */
    public void handleEventException(final Throwable ex, final long sequence, final InboundSlot slot)
    {
        errors.incrementRelease();
        errorHandler.onError(new IllegalStateException("failed to journal or apply seq=" + slot.seq(), ex));
    }

    /**
     * {@inheritDoc}
     */
    public void handleOnStartException(final Throwable ex)
    {
        errorHandler.onError(ex);
    }

    /**
     * {@inheritDoc}
     */
    public void handleOnShutdownException(final Throwable ex)
    {
        errorHandler.onError(ex);
    }
}
