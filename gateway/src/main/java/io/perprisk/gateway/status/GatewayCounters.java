package io.perprisk.gateway.status;

import io.perprisk.client.ServiceCounters;
import io.perprisk.client.StreamRole;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.gateway.ingress.InboundTemplates;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.List;

/**
 * Every perp-risk counter, allocated in Aeron's counters file so that {@code AeronStat} shows them. Type ids are in
 * the perp-risk range {@code 7101_00 ..}; labels start with {@code "perp-risk "}.
 * <p>
 * Each counter has one writer thread, named in its accessor's Javadoc.
 */
public final class GatewayCounters implements AutoCloseable
{
    /**
     * Type id of the per stream and template inbound event counters.
     */
    public static final int INGRESS_EVENTS_TYPE_ID = ServiceCounters.INGRESS_EVENTS_TYPE_ID;

    /**
     * Type id of the ingress reject counters, one per reason.
     */
    public static final int INGRESS_REJECTS_TYPE_ID = ServiceCounters.INGRESS_REJECTS_TYPE_ID;

    /**
     * Type id of the counter of frames sequenced by ingress (the last sequence number assigned).
     */
    public static final int INGRESS_SEQUENCED_TYPE_ID = ServiceCounters.INGRESS_SEQUENCED_TYPE_ID;

    /**
     * Type id of the ring occupancy gauge.
     */
    public static final int RING_OCCUPANCY_TYPE_ID = ServiceCounters.RING_OCCUPANCY_TYPE_ID;

    /**
     * Type id of the ring-full (ingress back-pressure) counter.
     */
    public static final int RING_FULL_TYPE_ID = ServiceCounters.RING_FULL_TYPE_ID;

    /**
     * Type id of the counter of the last sequence number journaled and applied by the engine stage.
     */
    public static final int ENGINE_SEQ_TYPE_ID = ServiceCounters.ENGINE_SEQ_TYPE_ID;

    /**
     * Type id of the engine stage error counter.
     */
    public static final int ENGINE_ERRORS_TYPE_ID = ServiceCounters.ENGINE_ERRORS_TYPE_ID;

    /**
     * Type id of the outbound journal position: sequence number of the last event whose outputs are committed.
     */
    public static final int OUTBOUND_POSITION_TYPE_ID = ServiceCounters.OUTBOUND_POSITION_TYPE_ID;

    /**
     * Type id of the egress position: sequence number of the last outbound message published on Aeron.
     */
    public static final int EGRESS_POSITION_TYPE_ID = ServiceCounters.EGRESS_POSITION_TYPE_ID;

    /**
     * Type id of the egress back-pressure counter.
     */
    public static final int EGRESS_BACK_PRESSURE_TYPE_ID = ServiceCounters.EGRESS_BACK_PRESSURE_TYPE_ID;

    /**
     * Type id of the egress not-connected counter.
     */
    public static final int EGRESS_NOT_CONNECTED_TYPE_ID = ServiceCounters.EGRESS_NOT_CONNECTED_TYPE_ID;

    /**
     * Type id of the outbound reject counters (all rejects: EventRejected, OrderRejected, WithdrawRejected).
     */
    public static final int REJECTS_TYPE_ID = ServiceCounters.REJECTS_TYPE_ID;

    /**
     * Type id of the orders accepted counter.
     */
    public static final int ORDERS_ACCEPTED_TYPE_ID = ServiceCounters.ORDERS_ACCEPTED_TYPE_ID;

    /**
     * Type id of the orders rejected counter.
     */
    public static final int ORDERS_REJECTED_TYPE_ID = ServiceCounters.ORDERS_REJECTED_TYPE_ID;

    /**
     * Type id of the liquidations started counter.
     */
    public static final int LIQUIDATIONS_TYPE_ID = ServiceCounters.LIQUIDATIONS_TYPE_ID;

    /**
     * Type id of the auto-deleverage counter.
     */
    public static final int AUTO_DELEVERAGES_TYPE_ID = ServiceCounters.AUTO_DELEVERAGES_TYPE_ID;

    /**
     * Type id of the insurance fund balance gauge (raw money, value times 10^8).
     */
    public static final int INSURANCE_FUND_TYPE_ID = ServiceCounters.INSURANCE_FUND_TYPE_ID;

    /**
     * Type id of the margin call counter.
     */
    public static final int MARGIN_CALLS_TYPE_ID = ServiceCounters.MARGIN_CALLS_TYPE_ID;

    /**
     * Type id of the outbound messages counter.
     */
    public static final int OUTBOUND_MESSAGES_TYPE_ID = ServiceCounters.OUTBOUND_MESSAGES_TYPE_ID;

    /**
     * Prefix of every perp-risk counter label.
     */
    public static final String LABEL_PREFIX = "perp-risk ";

    /**
     * Allocates one counter.
     */
    @FunctionalInterface
    public interface CounterAllocator
    {
        /**
         * Allocate a counter.
         *
         * @param typeId of the counter.
         * @param label  of the counter.
         * @return the counter.
         */
        AtomicCounter allocate(int typeId, String label);
    }

    private static final int REASONS = 64;

    private final List<AtomicCounter> all = new ArrayList<>();
    private final AtomicCounter[] ingressEvents = new AtomicCounter[StreamRole.MAX_TEMPLATE_ID];
    private final AtomicCounter[] ingressRejects = new AtomicCounter[REASONS];
    private final AtomicCounter[] rejects = new AtomicCounter[REASONS];
    private final AtomicCounter ingressSequenced;
    private final AtomicCounter ringOccupancy;
    private final AtomicCounter ringFull;
    private final AtomicCounter engineSeq;
    private final AtomicCounter engineErrors;
    private final AtomicCounter outboundPosition;
    private final AtomicCounter egressPosition;
    private final AtomicCounter egressBackPressure;
    private final AtomicCounter egressNotConnected;
    private final AtomicCounter ordersAccepted;
    private final AtomicCounter ordersRejected;
    private final AtomicCounter liquidations;
    private final AtomicCounter autoDeleverages;
    private final AtomicCounter insuranceFund;
    private final AtomicCounter marginCalls;
    private final AtomicCounter outboundMessages;

    /**
     * Allocate every counter.
     *
     * @param allocator that creates counters, e.g. {@code aeron::addCounter}.
     */
    public GatewayCounters(final CounterAllocator allocator)
    {
        for (final StreamRole role : StreamRole.values())
        {
            for (final int templateId : role.templateIds())
            {
                ingressEvents[templateId] = add(allocator, INGRESS_EVENTS_TYPE_ID,
                    "ingress events: stream=" + role.name().toLowerCase() +
                    " type=" + InboundTemplates.name(templateId));
            }
        }
        for (final RejectReason reason : new RejectReason[]{ RejectReason.MALFORMED, RejectReason.UNSUPPORTED_VERSION,
            RejectReason.UNKNOWN_TEMPLATE, RejectReason.NOT_ALLOWED_ON_STREAM })
        {
            ingressRejects[reason.value()] = add(allocator, INGRESS_REJECTS_TYPE_ID,
                "ingress rejects: reason=" + reason.name());
        }
        ingressSequenced = add(allocator, INGRESS_SEQUENCED_TYPE_ID, "ingress sequenced (last seq)");
        ringOccupancy = add(allocator, RING_OCCUPANCY_TYPE_ID, "ring occupancy");
        ringFull = add(allocator, RING_FULL_TYPE_ID, "ring full (ingress back-pressure)");
        engineSeq = add(allocator, ENGINE_SEQ_TYPE_ID, "engine applied seq (inbound journal)");
        engineErrors = add(allocator, ENGINE_ERRORS_TYPE_ID, "engine stage errors");
        outboundPosition = add(allocator, OUTBOUND_POSITION_TYPE_ID, "outbound journal last seq");
        egressPosition = add(allocator, EGRESS_POSITION_TYPE_ID, "egress last seq published");
        egressBackPressure = add(allocator, EGRESS_BACK_PRESSURE_TYPE_ID, "egress back-pressured");
        egressNotConnected = add(allocator, EGRESS_NOT_CONNECTED_TYPE_ID, "egress not connected");
        for (final RejectReason reason : RejectReason.values())
        {
            if (reason != RejectReason.NULL_VAL)
            {
                rejects[reason.value()] = add(allocator, REJECTS_TYPE_ID, "rejects: reason=" + reason.name());
            }
        }
        ordersAccepted = add(allocator, ORDERS_ACCEPTED_TYPE_ID, "orders accepted");
        ordersRejected = add(allocator, ORDERS_REJECTED_TYPE_ID, "orders rejected");
        liquidations = add(allocator, LIQUIDATIONS_TYPE_ID, "liquidations started");
        autoDeleverages = add(allocator, AUTO_DELEVERAGES_TYPE_ID, "auto-deleverages");
        insuranceFund = add(allocator, INSURANCE_FUND_TYPE_ID, "insurance fund balance (raw, 1e-8)");
        marginCalls = add(allocator, MARGIN_CALLS_TYPE_ID, "margin calls");
        outboundMessages = add(allocator, OUTBOUND_MESSAGES_TYPE_ID, "outbound messages");
    }

    private AtomicCounter add(final CounterAllocator allocator, final int typeId, final String label)
    {
        final AtomicCounter counter = allocator.allocate(typeId, LABEL_PREFIX + label);
        all.add(counter);
        return counter;
    }

    /**
     * Inbound events of one template that passed the checks; written by ingress.
     *
     * @param templateId of an inbound template.
     * @return the counter, or null if the template is not inbound.
     */
    public AtomicCounter ingressEvents(final int templateId)
    {
        return templateId >= 0 && templateId < ingressEvents.length ? ingressEvents[templateId] : null;
    }

    /**
     * Frames rejected by ingress with one reason; written by ingress.
     *
     * @param reasonCode the {@code RejectReason} value.
     * @return the counter, or null if ingress never rejects with that reason.
     */
    public AtomicCounter ingressRejects(final int reasonCode)
    {
        return reasonCode >= 0 && reasonCode < REASONS ? ingressRejects[reasonCode] : null;
    }

    /**
     * All rejects seen on the outbound stream with one reason; written by the engine stage.
     *
     * @param reasonCode the {@code RejectReason} value.
     * @return the counter, or null for an unknown reason.
     */
    public AtomicCounter rejects(final int reasonCode)
    {
        return reasonCode >= 0 && reasonCode < REASONS ? rejects[reasonCode] : null;
    }

    /**
     * Last sequence number assigned by ingress; written by ingress.
     *
     * @return the counter.
     */
    public AtomicCounter ingressSequenced()
    {
        return ingressSequenced;
    }

    /**
     * Gauge of events in the ring not yet taken by the engine stage; written by ingress.
     *
     * @return the counter.
     */
    public AtomicCounter ringOccupancy()
    {
        return ringOccupancy;
    }

    /**
     * Times ingress found the ring full and stopped polling; written by ingress.
     *
     * @return the counter.
     */
    public AtomicCounter ringFull()
    {
        return ringFull;
    }

    /**
     * Last sequence number journaled and applied; written by the engine stage.
     *
     * @return the counter.
     */
    public AtomicCounter engineSeq()
    {
        return engineSeq;
    }

    /**
     * Errors thrown while journaling or applying an event; written by the engine stage.
     *
     * @return the counter.
     */
    public AtomicCounter engineErrors()
    {
        return engineErrors;
    }

    /**
     * Sequence number of the last event whose outputs are committed; written by the engine stage.
     *
     * @return the counter.
     */
    public AtomicCounter outboundPosition()
    {
        return outboundPosition;
    }

    /**
     * Sequence number of the last outbound message published on the egress stream; written by egress.
     *
     * @return the counter.
     */
    public AtomicCounter egressPosition()
    {
        return egressPosition;
    }

    /**
     * Egress offers that were back-pressured or met an admin action; written by egress.
     *
     * @return the counter.
     */
    public AtomicCounter egressBackPressure()
    {
        return egressBackPressure;
    }

    /**
     * Egress duty cycles that found no consumer connected while messages waited; written by egress.
     *
     * @return the counter.
     */
    public AtomicCounter egressNotConnected()
    {
        return egressNotConnected;
    }

    /**
     * Orders accepted; written by the engine stage.
     *
     * @return the counter.
     */
    public AtomicCounter ordersAccepted()
    {
        return ordersAccepted;
    }

    /**
     * Orders rejected; written by the engine stage.
     *
     * @return the counter.
     */
    public AtomicCounter ordersRejected()
    {
        return ordersRejected;
    }

    /**
     * Liquidations started; written by the engine stage.
     *
     * @return the counter.
     */
    public AtomicCounter liquidations()
    {
        return liquidations;
    }

    /**
     * Auto-deleverage events; written by the engine stage.
     *
     * @return the counter.
     */
    public AtomicCounter autoDeleverages()
    {
        return autoDeleverages;
    }

    /**
     * Gauge of the latest insurance fund balance, raw money; written by the engine stage.
     *
     * @return the counter.
     */
    public AtomicCounter insuranceFund()
    {
        return insuranceFund;
    }

    /**
     * Margin calls; written by the engine stage.
     *
     * @return the counter.
     */
    public AtomicCounter marginCalls()
    {
        return marginCalls;
    }

    /**
     * Outbound messages of any type; written by the engine stage.
     *
     * @return the counter.
     */
    public AtomicCounter outboundMessages()
    {
        return outboundMessages;
    }

    /**
     * Close every counter (frees them in the counters file).
     */
    public void close()
    {
        CloseHelper.closeAll(all);
    }
}
