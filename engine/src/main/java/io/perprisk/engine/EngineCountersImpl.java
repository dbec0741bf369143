package io.perprisk.engine;

/**
 * Plain-field counters, written on the engine thread.
 */
final class EngineCountersImpl implements EngineCounters
{
    static final int MAX_TEMPLATE_ID = 256;
    static final int MAX_REASON = 64;

    long eventsApplied;
    final long[] eventsByTemplate = new long[MAX_TEMPLATE_ID];
    final long[] rejectsByReason = new long[MAX_REASON];
    long ordersAccepted;
    long ordersRejected;
    long liquidationsStarted;
    long autoDeleverages;
    long liquidationsCompleted;
    long liquidationOrders;
    long bankruptcyCovers;
    long liquidationActionsSkipped;
    long fillAnomalies;
    long insuranceFundBalance;
    long accounts;

    /**
     * {@inheritDoc}
     */
    public long eventsApplied()
    {
        return eventsApplied;
    }

    /**
     * {@inheritDoc}
     */
    public long eventsByTemplate(final int templateId)
    {
        return templateId >= 0 && templateId < MAX_TEMPLATE_ID ? eventsByTemplate[templateId] : 0;
    }

    /**
     * {@inheritDoc}
     */
    public long rejectsByReason(final int reasonCode)
    {
        return reasonCode >= 0 && reasonCode < MAX_REASON ? rejectsByReason[reasonCode] : 0;
    }

    /**
     * {@inheritDoc}
     */
    public long ordersAccepted()
    {
        return ordersAccepted;
    }

    /**
     * {@inheritDoc}
     */
    public long ordersRejected()
    {
        return ordersRejected;
    }

    /**
     * {@inheritDoc}
     */
    public long liquidationsStarted()
    {
        return liquidationsStarted;
    }

    /**
     * {@inheritDoc}
     */
    public long autoDeleverages()
    {
        return autoDeleverages;
    }

    /**
     * {@inheritDoc}
     */
    public long liquidationsCompleted()
    {
        return liquidationsCompleted;
    }

    /**
     * {@inheritDoc}
     */
    public long liquidationOrders()
    {
        return liquidationOrders;
    }

    /**
     * {@inheritDoc}
     */
    public long bankruptcyCovers()
    {
        return bankruptcyCovers;
    }

    /**
     * {@inheritDoc}
     */
    public long liquidationActionsSkipped()
    {
        return liquidationActionsSkipped;
    }

    /**
     * {@inheritDoc}
     */
    public long fillAnomalies()
    {
        return fillAnomalies;
    }

    /**
     * {@inheritDoc}
     */
    public long insuranceFundBalance()
    {
        return insuranceFundBalance;
    }

    /**
     * {@inheritDoc}
     */
    public long accounts()
    {
        return accounts;
    }
}
