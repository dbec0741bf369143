package io.perprisk.engine;

/**
 * Read-only view of the engine's counters. Values only ever grow (except gauges named as such).
 */
public interface EngineCounters
{
    /**
     * Events applied, rejected ones included.
     *
     * @return events applied.
     */
    long eventsApplied();

    /**
     * Events of one inbound template applied.
     *
     * @param templateId of the inbound message.
     * @return events of that template applied, 0 for an unknown template.
     */
    long eventsByTemplate(int templateId);

    /**
     * Rejections (EventRejected, OrderRejected, WithdrawRejected) with one reason.
     *
     * @param reasonCode the {@code RejectReason} value.
     * @return rejections with that reason.
     */
    long rejectsByReason(int reasonCode);

    /**
     * Orders accepted by the pre-trade check.
     *
     * @return orders accepted.
     */
    long ordersAccepted();

    /**
     * Orders rejected by the pre-trade check.
     *
     * @return orders rejected.
     */
    long ordersRejected();

    /**
     * Liquidations started.
     *
     * @return liquidations started.
     */
    long liquidationsStarted();

    /**
     * Auto-deleverage events emitted.
     *
     * @return auto-deleverage events.
     */
    long autoDeleverages();

    /**
     * Liquidations completed (scopes that left liquidation).
     *
     * @return liquidations completed.
     */
    default long liquidationsCompleted()
    {
        return 0;
    }

    /**
     * Liquidation orders emitted.
     *
     * @return liquidation orders.
     */
    default long liquidationOrders()
    {
        return 0;
    }

    /**
     * Deficits of flat liquidated scopes paid by the insurance fund ({@code BANKRUPTCY_COVER} updates).
     *
     * @return bankruptcy covers.
     */
    default long bankruptcyCovers()
    {
        return 0;
    }

    /**
     * Liquidation actions not taken because a value they would store or emit does not fit in a long (the scope
     * stays in liquidation and is retried).
     *
     * @return liquidation actions skipped.
     */
    default long liquidationActionsSkipped()
    {
        return 0;
    }

    /**
     * Fills that named an unknown order or over-filled one.
     *
     * @return fill anomalies.
     */
    long fillAnomalies();

    /**
     * Gauge: insurance fund balance of the settlement asset, raw money.
     *
     * @return the insurance fund balance.
     */
    long insuranceFundBalance();

    /**
     * Gauge: number of open accounts.
     *
     * @return open accounts.
     */
    long accounts();
}
