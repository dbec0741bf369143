package io.perprisk.engine.property;

import io.perprisk.codecs.sbe.AutoDeleverageDecoder;
import io.perprisk.codecs.sbe.CancelOrderRequestDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.InsuranceFundUpdateDecoder;
import io.perprisk.codecs.sbe.LiquidationCompletedDecoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.LiquidationStartedDecoder;
import io.perprisk.codecs.sbe.MarginCallDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.OrderRejectedDecoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.WithdrawAcceptedDecoder;
import io.perprisk.codecs.sbe.WithdrawRejectedDecoder;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.reference.ReferenceEngine;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The random streams reach the behaviour the property tests are meant to compare: accepted and rejected orders
 * for each designed reason, margin calls on both scopes, isolated positions, withdrawals both ways, overflow, and
 * (answered by the reactive stream) liquidation, the insurance fund, ADL and cascades.
 */
class RandomEventStreamCoverageTest
{
    private final TreeMap<String, Integer> outputs = new TreeMap<>();
    private final Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @Test
    void shouldExerciseEveryDesignedOutcome()
    {
        for (long seed = 1; seed <= 8; seed++)
        {
            final RandomEventStream stream = new RandomEventStream(seed, 5, 40, 1_500);
            final ReferenceEngine model = new ReferenceEngine(new EngineConfiguration(), (s, buffer, offset, length) ->
            {
                record(new UnsafeBuffer(buffer, offset, length));
                stream.observe(buffer, offset, length);
            });
            long seq = 0;
            while (stream.hasNext())
            {
                final byte[] message = stream.next().message();
                model.onEvent(++seq, new UnsafeBuffer(message), 0, message.length);
            }
        }
        System.out.println("outputs " + outputs + "\nreasons " + reasons);
        for (final String kind : new String[]{ "OrderAccepted", "OrderRejected", "WithdrawAccepted",
            "WithdrawRejected", "MarginCall cross", "MarginCall isolated", "MarginCall null ratio",
            "PositionUpdate isolated", "PositionUpdate with liquidation price", "EventRejected" })
        {
            assertTrue(outputs.getOrDefault(kind, 0) > 0, kind + " never produced: " + outputs);
        }
        for (final RejectReason reason : EnumSet.of(RejectReason.UNKNOWN_ACCOUNT, RejectReason.UNKNOWN_INSTRUMENT,
            RejectReason.UNKNOWN_ASSET, RejectReason.DUPLICATE_ID, RejectReason.INVALID_QUANTITY,
            RejectReason.INVALID_PRICE, RejectReason.OFF_TICK, RejectReason.OFF_LOT, RejectReason.INSUFFICIENT_MARGIN,
            RejectReason.LEVERAGE_TOO_HIGH, RejectReason.REDUCE_ONLY_WOULD_INCREASE,
            RejectReason.POSITION_OR_ORDERS_OPEN, RejectReason.INSUFFICIENT_BALANCE, RejectReason.UNKNOWN_ORDER,
            RejectReason.INVALID_AMOUNT, RejectReason.INVALID_LEVERAGE, RejectReason.INVALID_DEFINITION,
            RejectReason.NOT_ISOLATED, RejectReason.RESERVED_ID, RejectReason.ARITHMETIC_OVERFLOW,
            RejectReason.NO_POSITION))
        {
            assertTrue(reasons.contains(reason), reason + " never produced: " + reasons);
        }
        assertEquals(0, outputs.getOrDefault("unexpected", 0));
    }

    /**
     * Measured with the reference model alone: in most streams liquidations start, liquidation orders go out and are
     * filled (a fill naming the engine order id that the model does not count as an anomaly), the insurance fund
     * takes fees and covers deficits, ADL closes positions and liquidations complete; in a good share of them a
     * counterparty of an ADL is itself liquidated later (a cascade).
     */
    @Test
    void shouldLiquidateDeleverageAndCascadeInMostStreams()
    {
        final int seeds = 20;
        final TreeMap<String, Integer> seedsWith = new TreeMap<>();
        final TreeMap<String, Integer> totals = new TreeMap<>();
        for (long seed = 100; seed < 100 + seeds; seed++)
        {
            final Set<String> seen = new TreeSet<>();
            final Set<Long> deleveraged = new TreeSet<>();
            final RandomEventStream stream = new RandomEventStream(seed, 5, 40, 1_500);
            final List<byte[]> outputs = new ArrayList<>();
            final ReferenceEngine model = new ReferenceEngine(new EngineConfiguration(), (s, buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                outputs.add(copy);
            });
            long seq = 0;
            while (stream.hasNext())
            {
                final byte[] message = stream.next().message();
                outputs.clear();
                final long anomalies = model.counters().fillAnomalies();
                model.onEvent(++seq, new UnsafeBuffer(message), 0, message.length);
                if (isEngineOrderFill(message) && model.counters().fillAnomalies() == anomalies &&
                    !outputs.isEmpty() && templateOf(outputs.get(0)) == PositionUpdateDecoder.TEMPLATE_ID)
                {
                    seen.add("liquidation fill");
                    totals.merge("liquidation fill", 1, Integer::sum);
                }
                for (final byte[] output : outputs)
                {
                    final String kind = liquidationKind(output, deleveraged);
                    if (null != kind)
                    {
                        seen.add(kind);
                        totals.merge(kind, 1, Integer::sum);
                    }
                }
                stream.observe(outputs);
            }
            for (final String kind : seen)
            {
                seedsWith.merge(kind, 1, Integer::sum);
            }
            totals.merge("engine order fills emitted", stream.liquidationFillsEmitted(), Integer::sum);
        }
        System.out.println("seeds with " + seedsWith + " of " + seeds + "\ntotals " + totals);
        for (final String kind : new String[]{ "LiquidationStarted", "LiquidationOrder", "liquidation fill",
            "LIQUIDATION_FEE", "LiquidationCompleted", "AutoDeleverage", "BANKRUPTCY_COVER", "CancelOrderRequest" })
        {
            assertTrue(seedsWith.getOrDefault(kind, 0) >= seeds * 6 / 10, kind + " in too few streams: " + seedsWith);
        }
        assertTrue(seedsWith.getOrDefault("cascade", 0) >= seeds / 4, "cascades in too few streams: " + seedsWith);
        // Most fills the stream sends for a liquidation order are liquidation fills for the model (the rest are the
        // deliberate oddities and fills that arrive after ordinary trades changed the position).
        assertTrue(2 * totals.getOrDefault("liquidation fill", 0) >= totals.get("engine order fills emitted"),
            "too few liquidation fills recognised: " + totals);
    }

    private static int templateOf(final byte[] message)
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0).templateId();
    }

    private static boolean isEngineOrderFill(final byte[] message)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        return header.templateId() == FillDecoder.TEMPLATE_ID && new FillDecoder().wrap(buffer,
            MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version()).orderId() >= 1L << 62;
    }

    /** The liquidation outcome a message shows, or null; records ADL counterparties to recognise cascades. */
    private static String liquidationKind(final byte[] message, final Set<Long> deleveraged)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case LiquidationStartedDecoder.TEMPLATE_ID:
                return deleveraged.contains(new LiquidationStartedDecoder().wrap(buffer, body, header.blockLength(),
                    header.version()).accountId()) ? "cascade" : "LiquidationStarted";
            case LiquidationOrderDecoder.TEMPLATE_ID:
                return "LiquidationOrder";
            case CancelOrderRequestDecoder.TEMPLATE_ID:
                return "CancelOrderRequest";
            case LiquidationCompletedDecoder.TEMPLATE_ID:
                return "LiquidationCompleted";
            case AutoDeleverageDecoder.TEMPLATE_ID:
                deleveraged.add(new AutoDeleverageDecoder().wrap(buffer, body, header.blockLength(), header.version())
                    .accountId());
                return "AutoDeleverage";
            case InsuranceFundUpdateDecoder.TEMPLATE_ID:
                return new InsuranceFundUpdateDecoder().wrap(buffer, body, header.blockLength(), header.version())
                    .reason().name();
            default:
                return null;
        }
    }

    private void record(final UnsafeBuffer buffer)
    {
        header.wrap(buffer, 0);
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case OrderAcceptedDecoder.TEMPLATE_ID:
                count("OrderAccepted");
                break;
            case OrderRejectedDecoder.TEMPLATE_ID:
                count("OrderRejected");
                reasons.add(new OrderRejectedDecoder().wrap(buffer, body, blockLength, version).reason());
                break;
            case WithdrawAcceptedDecoder.TEMPLATE_ID:
                count("WithdrawAccepted");
                break;
            case WithdrawRejectedDecoder.TEMPLATE_ID:
                count("WithdrawRejected");
                reasons.add(new WithdrawRejectedDecoder().wrap(buffer, body, blockLength, version).reason());
                break;
            case EventRejectedDecoder.TEMPLATE_ID:
                count("EventRejected");
                reasons.add(new EventRejectedDecoder().wrap(buffer, body, blockLength, version).reason());
                break;
            case MarginCallDecoder.TEMPLATE_ID:
            {
                final MarginCallDecoder call = new MarginCallDecoder().wrap(buffer, body, blockLength, version);
                count(call.instrumentId() == 0 ? "MarginCall cross" : "MarginCall isolated");
                if (call.marginRatio() == MarginCallDecoder.marginRatioNullValue())
                {
                    count("MarginCall null ratio");
                }
                break;
            }
            case PositionUpdateDecoder.TEMPLATE_ID:
            {
                final PositionUpdateDecoder position = new PositionUpdateDecoder().wrap(
                    buffer, body, blockLength, version);
                count("PositionUpdate");
                if (position.marginMode() == io.perprisk.codecs.sbe.MarginMode.ISOLATED)
                {
                    count("PositionUpdate isolated");
                }
                if (position.liquidationPrice() != PositionUpdateDecoder.liquidationPriceNullValue())
                {
                    count("PositionUpdate with liquidation price");
                }
                break;
            }
            default:
                count("other " + header.templateId());
                break;
        }
    }

    private void count(final String kind)
    {
        outputs.merge(kind, 1, Integer::sum);
    }
}
