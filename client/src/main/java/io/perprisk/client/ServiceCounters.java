package io.perprisk.client;

/**
 * Type ids of the service's counters in the Aeron counters file ({@code AeronStat} shows them, labelled
 * {@code "perp-risk ..."}); {@link RiskClient#serviceCounter(int)} reads one. The service allocates them in its
 * {@code GatewayCounters}, which refers to these ids.
 */
public final class ServiceCounters
{
    /**
     * Type id of the per stream and template inbound event counters.
     */
    public static final int INGRESS_EVENTS_TYPE_ID = 710_100;

    /**
     * Type id of the ingress reject counters, one per reason.
     */
    public static final int INGRESS_REJECTS_TYPE_ID = 710_101;

    /**
     * Type id of the counter of frames sequenced by ingress (the last sequence number assigned).
     */
    public static final int INGRESS_SEQUENCED_TYPE_ID = 710_102;

    /**
     * Type id of the ring occupancy gauge.
     */
    public static final int RING_OCCUPANCY_TYPE_ID = 710_103;

    /**
     * Type id of the ring-full (ingress back-pressure) counter.
     */
    public static final int RING_FULL_TYPE_ID = 710_104;

    /**
     * Type id of the counter of the last sequence number journaled and applied by the engine stage.
     */
    public static final int ENGINE_SEQ_TYPE_ID = 710_105;

    /**
     * Type id of the engine stage error counter.
     */
    public static final int ENGINE_ERRORS_TYPE_ID = 710_106;

    /**
     * Type id of the outbound journal position: sequence number of the last event whose outputs are committed.
     */
    public static final int OUTBOUND_POSITION_TYPE_ID = 710_107;

    /**
     * Type id of the egress position: sequence number of the last outbound message published on Aeron.
     */
    public static final int EGRESS_POSITION_TYPE_ID = 710_108;

    /**
     * Type id of the egress back-pressure counter.
     */
    public static final int EGRESS_BACK_PRESSURE_TYPE_ID = 710_109;

    /**
     * Type id of the egress not-connected counter.
     */
    public static final int EGRESS_NOT_CONNECTED_TYPE_ID = 710_110;

    /**
     * Type id of the outbound reject counters (all rejects: EventRejected, OrderRejected, WithdrawRejected).
     */
    public static final int REJECTS_TYPE_ID = 710_111;

    /**
     * Type id of the orders accepted counter.
     */
    public static final int ORDERS_ACCEPTED_TYPE_ID = 710_112;

    /**
     * Type id of the orders rejected counter.
     */
    public static final int ORDERS_REJECTED_TYPE_ID = 710_113;

    /**
     * Type id of the liquidations started counter.
     */
    public static final int LIQUIDATIONS_TYPE_ID = 710_114;

    /**
     * Type id of the auto-deleverage counter.
     */
    public static final int AUTO_DELEVERAGES_TYPE_ID = 710_115;

    /**
     * Type id of the insurance fund balance gauge (raw money, value times 10^8).
     */
    public static final int INSURANCE_FUND_TYPE_ID = 710_116;

    /**
     * Type id of the margin call counter.
     */
    public static final int MARGIN_CALLS_TYPE_ID = 710_117;

    /**
     * Type id of the outbound messages counter.
     */
    public static final int OUTBOUND_MESSAGES_TYPE_ID = 710_118;

    private ServiceCounters()
    {
    }
}
