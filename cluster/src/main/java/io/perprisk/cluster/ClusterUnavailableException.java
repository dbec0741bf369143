package io.perprisk.cluster;

/**
 * No cluster leader with a quorum took or acknowledged the client's messages in time. The message says what is
 * missing; unacknowledged messages were not applied without a majority of the members.
 */
public final class ClusterUnavailableException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what is missing.
     */
    public ClusterUnavailableException(final String message)
    {
        super(message);
    }

    /**
     * An exception with a message and a cause.
     *
     * @param message what is missing.
     * @param cause   the last failure.
     */
    public ClusterUnavailableException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
