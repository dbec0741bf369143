package io.perprisk.client;

/**
 * There is no service to talk to: no live media driver at the Aeron directory, or the driver stopped while connected.
 */
public final class NoServiceException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /**
     * Create the exception.
     *
     * @param message a plain sentence naming the Aeron directory or what stopped.
     */
    public NoServiceException(final String message)
    {
        super(message);
    }
}
