package io.perprisk.engine.property;

import io.perprisk.codecs.sbe.AutoDeleverageDecoder;
import io.perprisk.codecs.sbe.CancelOrderRequestDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.LiquidationCompletedDecoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.LiquidationStartedDecoder;
import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.OrderRejectedDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.reference.InboundMessages;
import io.perprisk.engine.reference.InboundMessages.TierSpec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-written streams at the edges of docs/arithmetic.md (overflow, capacity, boundaries of leverage caps and
 * isolated margin, events before any definition), each compared message for message between the engine and the
 * reference model.
 */
class EngineMatchesReferenceEdgeCasesTest
{
    private static final long R = 100_000_000L;
    private static final int USDT = 1;
    private static final int BTC = 2;
    private static final int PERP = 7;
    private static final long LIQUIDATION_ORDER = 1L << 62;

    private final List<RandomEventStream.Event> events = new ArrayList<>();
    private long tradeId;

    @Test
    void shouldAgreeOnOverflowingMarkPrice()
    {
        setup();
        trade(11, 12, 30_000 * R, 2 * R);
        add(InboundMessages.markPrice(PERP, Long.MAX_VALUE / 2, 2));
        add(InboundMessages.queryAccount(11));
        add(InboundMessages.markPrice(PERP, 31_000 * R, 3));
        add(InboundMessages.queryAccount(11));
        run("overflowing mark price");
    }

    @Test
    void shouldRejectAnOrderAtTheLeverageCapBeforeFormingAnOrderMarginThatDoesNotFit()
    {
        setup();
        // notional 10^6 (raw 10^14) reaches the 20x cap; its open loss ceil(q·(P − price)/R) ≈ 3·10^19 raw does not
        // fit, but only the later INSUFFICIENT_MARGIN check needs it; a 1 BTC sell at 0.1 passes the cap, fails there
        add(InboundMessages.newOrder(1, 11, PERP, Side.SELL, R / 10, 1_000_000_000_000_000L, false));
        add(InboundMessages.newOrder(2, 11, PERP, Side.SELL, R / 10, R, false));
        final List<RejectReason> reasons = orderRejectReasons(run("order at the cap with an unfit order margin"));
        assertEquals(List.of(RejectReason.LEVERAGE_TOO_HIGH, RejectReason.INSUFFICIENT_MARGIN), reasons);
    }

    @Test
    void shouldAgreeOnOverflowingCollateralPrice()
    {
        setup();
        add(InboundMessages.deposit(11, BTC, 3 * R));
        add(InboundMessages.assetPrice(BTC, Long.MAX_VALUE / 2, 2));
        add(InboundMessages.queryAccount(11));
        add(InboundMessages.assetDefinition(BTC, "BTC", Long.MAX_VALUE / 2, R));
        add(InboundMessages.queryAccount(11));
        assertTrue(eventRejectReasons(run("overflowing collateral price")).contains(RejectReason.ARITHMETIC_OVERFLOW));
    }

    @Test
    void shouldAgreeOnAFeeThatOverflowsTheLiquidationPrice()
    {
        setup();
        // Both sides of the trade, so that the ledger identity can be checked after it.
        events.add(new RandomEventStream.Event(
            InboundMessages.fill(2, 0, 11, PERP, Side.BUY, 30_000 * R, R, Long.MAX_VALUE, 1), "buy side", false));
        add(InboundMessages.fill(2, 0, 12, PERP, Side.SELL, 30_000 * R, R, 0, 1));
        add(InboundMessages.queryAccount(11));
        add(InboundMessages.withdraw(1, 11, USDT, R));
        run("fee that overflows the liquidation price");
    }

    @Test
    void shouldAgreeOnOverflowingFillsFundingAndRequests()
    {
        setup();
        add(InboundMessages.fill(1, 0, 11, PERP, Side.BUY, 30_000 * R, (Long.MAX_VALUE / 1_000) / 100_000 * 100_000,
            0, 1));
        add(InboundMessages.fill(3, 0, 12, PERP, Side.SELL, 30_000 * R, R, Long.MIN_VALUE + 1, 1));
        add(InboundMessages.fundingRate(PERP, Long.MAX_VALUE / 4, 2));
        add(InboundMessages.fundingRate(PERP, 10_000, 2));
        add(InboundMessages.withdraw(1, 11, USDT, Long.MAX_VALUE));
        add(InboundMessages.adjustIsolatedMargin(11, PERP, Long.MIN_VALUE));
        add(InboundMessages.newOrder(1, 11, PERP, Side.BUY, (Long.MAX_VALUE / 10) / R * R, 100 * R, false));
        add(InboundMessages.queryAccount(11));
        add(InboundMessages.queryAccount(12));
        run("overflowing fills, funding and requests");
    }

    @Test
    void shouldAgreeOnIngressRejectRecords()
    {
        setup();
        add(InboundMessages.ingressReject(0, RejectReason.NOT_ALLOWED_ON_STREAM, 15, "Fill on the prices stream"));
        add(InboundMessages.ingressReject(0, RejectReason.MALFORMED, 0, ""));
        final byte[] truncated = InboundMessages.ingressReject(0, RejectReason.UNSUPPORTED_VERSION, 13, "v9");
        add(java.util.Arrays.copyOf(truncated, truncated.length - 1));
        add(InboundMessages.queryAccount(11));
        assertEquals(
            List.of(RejectReason.NOT_ALLOWED_ON_STREAM, RejectReason.MALFORMED, RejectReason.MALFORMED),
            eventRejectReasons(run("ingress reject records")));
    }

    @Test
    void shouldAgreeOnCapacityAndEventsBeforeDefinitions()
    {
        add(InboundMessages.accountOpen(1));
        add(InboundMessages.deposit(1, USDT, R));
        add(InboundMessages.markPrice(PERP, R, 1));
        add(InboundMessages.instrumentDefinition(PERP, "P", USDT, R / 10, R / 1000, R / 100, 5 * R / 100,
            80_000_000L, new TierSpec(100_000 * R, 50, R / 100)));
        add(InboundMessages.assetDefinition(USDT, "USDT", R, R));
        add(InboundMessages.assetDefinition(3, "BAD", 0, R));
        add(InboundMessages.assetDefinition(3, "BAD", R, R + 1));
        add(InboundMessages.assetDefinition(3, "BAD", R, 0));
        add(InboundMessages.deposit(1, USDT, R));
        add(InboundMessages.queryAccount(1));
        for (long account = 2; account <= 5; account++)
        {
            add(InboundMessages.accountOpen(account));
        }
        add(InboundMessages.accountOpen(1));
        add(InboundMessages.instrumentDefinition(PERP, "P", USDT, R / 10, R / 1000, R / 100, 5 * R / 100,
            80_000_000L, new TierSpec(100_000 * R, 50, R / 100)));
        add(InboundMessages.newOrder(1, 2, PERP, Side.BUY, R, R, false));
        add(InboundMessages.fundingRate(PERP, 100, 1));
        add(InboundMessages.markPrice(PERP, 10_000 * R, 1));
        add(InboundMessages.fundingRate(PERP, 100, 1));
        add(InboundMessages.instrumentDefinition(8, "Q", USDT, R / 10, R / 1000, R / 100, 5 * R / 100,
            80_000_000L, new TierSpec(100_000 * R, 50, R / 100)));
        add(InboundMessages.instrumentDefinition(9, "Q", USDT, R / 10, R / 1000, R / 100, 5 * R / 100,
            80_000_000L, new TierSpec(100_000 * R, 50, R / 100)));
        add(InboundMessages.assetDefinition(4, "X", R, R));
        add(InboundMessages.assetDefinition(5, "Y", R, R));
        run("capacity and events before definitions", new EngineConfiguration().maxAccounts(4).maxInstruments(2)
            .maxAssets(2));
    }

    @Test
    void shouldAgreeAtLeverageCapsAndIsolatedMarginBoundaries()
    {
        setup();
        // First tier 100,000 at 50x: an order taking the exposure to exactly the cap is too high.
        add(InboundMessages.setLeverage(11, PERP, 50));
        add(InboundMessages.newOrder(1, 11, PERP, Side.BUY, 25_000 * R, 4 * R, false));
        add(InboundMessages.newOrder(2, 11, PERP, Side.BUY, 25_000 * R, 4 * R - R / 1000, false));
        add(InboundMessages.setLeverage(11, PERP, 51));
        add(InboundMessages.setLeverage(11, PERP, 0));
        add(InboundMessages.setLeverage(11, PERP, 20));
        add(InboundMessages.orderCanceled(2, 11, PERP, 4 * R - R / 1000));
        add(InboundMessages.orderCanceled(2, 11, PERP, 4 * R - R / 1000));
        add(InboundMessages.setMarginMode(11, PERP, MarginMode.ISOLATED));
        add(InboundMessages.adjustIsolatedMargin(11, PERP, R));
        trade(11, 12, 30_000 * R, R);
        add(InboundMessages.adjustIsolatedMargin(11, PERP, 0));
        add(InboundMessages.adjustIsolatedMargin(11, PERP, -1));
        add(InboundMessages.adjustIsolatedMargin(11, PERP, 100 * R));
        add(InboundMessages.adjustIsolatedMargin(11, PERP, -100 * R));
        add(InboundMessages.adjustIsolatedMargin(11, PERP, 1_000_000 * R));
        add(InboundMessages.setLeverage(11, PERP, 1));
        add(InboundMessages.setLeverage(11, PERP, 50));
        add(InboundMessages.setMarginMode(11, PERP, MarginMode.CROSS));
        add(InboundMessages.markPrice(PERP, 29_500 * R + 12_345, 2));
        add(InboundMessages.queryAccount(11));
        trade(12, 11, 29_000 * R, 3 * R);
        add(InboundMessages.queryAccount(11));
        add(InboundMessages.newOrder(3, 11, PERP, Side.SELL, 29_000 * R, 2 * R, true));
        add(InboundMessages.newOrder(4, 11, PERP, Side.BUY, 29_000 * R, 2 * R, true));
        add(InboundMessages.newOrder(5, 11, PERP, Side.BUY, 29_000 * R, 3 * R, true));
        add(InboundMessages.newOrder(5, 12, PERP, Side.BUY, 29_000 * R, 1 * R, false));
        add(InboundMessages.newOrder(1L << 62, 12, PERP, Side.BUY, 29_000 * R, 1 * R, false));
        trade(11, 12, 29_000 * R, 2 * R);
        add(InboundMessages.queryAccount(11));
        add(InboundMessages.queryAccount(12));
        run("leverage caps and isolated margin boundaries");
    }

    @Test
    void shouldAgreeOnRequestsAndAnswersDuringALiquidation()
    {
        setup();
        add(InboundMessages.insuranceFundDeposit(USDT, 50 * R));
        add(InboundMessages.newOrder(1, 11, PERP, Side.BUY, 29_000 * R, R / 10, false));
        add(InboundMessages.newOrder(2, 11, PERP, Side.SELL, 31_000 * R, R / 10, false));
        add(InboundMessages.setMarginMode(11, 8, MarginMode.ISOLATED));
        add(InboundMessages.newOrder(3, 11, 8, Side.BUY, 2_900 * R, R, false));
        // Long 5 @ 30,000 on 10,000: at 28,200 MB = 1,000 ≤ MM = 141,000·2.5 % − 1,500 = 2,025.
        trade(11, 12, 30_000 * R, 5 * R);
        add(InboundMessages.markPrice(PERP, 28_200 * R, 2));
        add(InboundMessages.newOrder(4, 11, PERP, Side.SELL, 28_000 * R, R / 10, true));
        add(InboundMessages.withdraw(1, 11, USDT, R));
        add(InboundMessages.setLeverage(11, PERP, 10));
        add(InboundMessages.deposit(11, BTC, R / 100));
        // A late fill of the buy order, then the cancels the request asked for; the isolated order stays.
        trade(11, 12, 29_000 * R, R / 20, 1);
        add(InboundMessages.orderCanceled(1, 11, PERP, R / 20));
        add(InboundMessages.orderCanceled(2, 11, PERP, R / 10));
        // Part of the liquidation order fills; an ordinary sell then flips the position, so the next liquidation
        // fill (a sell) increases the short; then the remainder is canceled and goes to ADL.
        liquidationTrade(11, 12, Side.SELL, 28_300 * R, R / 10);
        trade(12, 11, 28_200 * R, 10 * R);
        liquidationTrade(11, 12, Side.SELL, 28_100 * R, R / 10);
        add(InboundMessages.orderCanceled(LIQUIDATION_ORDER, 11, PERP, R));
        add(InboundMessages.orderCanceled(LIQUIDATION_ORDER, 11, PERP, R));
        add(InboundMessages.markPrice(PERP, 29_000 * R, 3));
        add(InboundMessages.markPrice(PERP, 26_000 * R, 4));
        add(InboundMessages.queryAccount(11));
        add(InboundMessages.queryAccount(12));
        final List<byte[]> outputs = run("requests and answers during a liquidation");
        // SetLeverage in liquidation; the second cancel of the ended liquidation order names no order.
        assertEquals(List.of(RejectReason.ACCOUNT_IN_LIQUIDATION, RejectReason.UNKNOWN_ORDER),
            eventRejectReasons(outputs));
        assertTrue(templates(outputs).contains(LiquidationStartedDecoder.TEMPLATE_ID));
        assertEquals(2, templates(outputs).stream().filter(t -> t == CancelOrderRequestDecoder.TEMPLATE_ID).count());
    }

    @Test
    void shouldAgreeOnAnIsolatedLiquidationThatExhaustsTheInsuranceFund()
    {
        setup();
        add(InboundMessages.insuranceFundDeposit(USDT, 10 * R));
        add(InboundMessages.accountOpen(21));
        add(InboundMessages.deposit(21, USDT, 20_000 * R));
        add(InboundMessages.deposit(21, BTC, R / 10));
        add(InboundMessages.setMarginMode(21, PERP, MarginMode.ISOLATED));
        add(InboundMessages.setLeverage(21, PERP, 50));
        // Isolated long 2 @ 30,000 at 50x (isolated margin 1,200) and a cross ETH short beside it.
        trade(21, 12, 30_000 * R, 2 * R);
        tradeOn(8, 12, 21, 3_000 * R, 5 * R);
        // Mark 29,000: isolated MB = 1,200 − 2,000 < 0 and the fund (10) cannot cover: the whole position to ADL
        // against the short of 12, whose profit ranks it; completion returns the isolated margin to the wallet.
        add(InboundMessages.markPrice(PERP, 29_000 * R, 2));
        add(InboundMessages.queryAccount(21));
        // Again, with a fund that pays: an order, a fill below the bankruptcy price, then the cover.
        add(InboundMessages.insuranceFundDeposit(USDT, 100_000 * R));
        trade(21, 12, 29_000 * R, 2 * R);
        add(InboundMessages.markPrice(PERP, 28_000 * R, 3));
        liquidationTrade(21, 11, Side.SELL, 27_000 * R, 2 * R, LIQUIDATION_ORDER);
        add(InboundMessages.markPrice(8, 2_000 * R, 4));
        add(InboundMessages.queryAccount(21));
        final List<byte[]> outputs = run("isolated liquidation that exhausts the insurance fund");
        final List<Integer> templates = templates(outputs);
        assertTrue(templates.contains(AutoDeleverageDecoder.TEMPLATE_ID), "no ADL");
        assertEquals(2, templates.stream().filter(t -> t == LiquidationCompletedDecoder.TEMPLATE_ID).count());
        assertTrue(templates.contains(LiquidationOrderDecoder.TEMPLATE_ID), "no liquidation order");
    }

    private void setup()
    {
        add(InboundMessages.assetDefinition(USDT, "USDT", R, R));
        add(InboundMessages.assetDefinition(BTC, "BTC", 30_000 * R, 90_000_000L));
        add(InboundMessages.instrumentDefinition(PERP, "BTCUSDT", USDT, R / 10, R / 1000, R / 100, 5 * R / 100,
            80_000_000L,
            new TierSpec(100_000 * R, 50, R / 100),
            new TierSpec(1_000_000 * R, 20, 2_500_000L),
            new TierSpec(5_000_000 * R, 10, 5_000_000L)));
        add(InboundMessages.markPrice(PERP, 30_000 * R, 1));
        add(InboundMessages.instrumentDefinition(8, "ETHUSDT", USDT, R / 100, R / 100, R / 100, 5 * R / 100,
            80_000_000L, new TierSpec(100_000 * R, 50, R / 100)));
        add(InboundMessages.markPrice(8, 3_000 * R, 1));
        add(InboundMessages.accountOpen(11));
        add(InboundMessages.accountOpen(12));
        add(InboundMessages.deposit(11, USDT, 10_000 * R));
        add(InboundMessages.deposit(12, USDT, 1_000_000 * R));
    }

    private void trade(final long buyer, final long seller, final long price, final long quantity)
    {
        trade(buyer, seller, price, quantity, 0);
    }

    private void trade(final long buyer, final long seller, final long price, final long quantity, final long buyOrder)
    {
        tradeId++;
        events.add(new RandomEventStream.Event(InboundMessages.fill(tradeId, buyOrder, buyer, PERP, Side.BUY, price,
            quantity, quantity / 1000, tradeId), "buy side", false));
        events.add(new RandomEventStream.Event(InboundMessages.fill(tradeId, 0, seller, PERP, Side.SELL, price,
            quantity, -quantity / 5000, tradeId), "sell side", true));
    }

    /** A fill of the first liquidation order for {@code account}, then its counterparty's side. */
    private void liquidationTrade(
        final long account, final long counterparty, final Side side, final long price, final long quantity)
    {
        liquidationTrade(account, counterparty, side, price, quantity, LIQUIDATION_ORDER);
    }

    /** A fill of a liquidation order for {@code account}, then its counterparty's side. */
    private void liquidationTrade(
        final long account,
        final long counterparty,
        final Side side,
        final long price,
        final long quantity,
        final long orderId)
    {
        tradeId++;
        events.add(new RandomEventStream.Event(InboundMessages.fill(tradeId, orderId, account, PERP, side,
            price, quantity, quantity / 1000, tradeId), "liquidation fill", false));
        events.add(new RandomEventStream.Event(InboundMessages.fill(tradeId, 0, counterparty, PERP,
            side == Side.BUY ? Side.SELL : Side.BUY, price, quantity, 0, tradeId), "counterparty", true));
    }

    private void tradeOn(
        final int instrumentId, final long buyer, final long seller, final long price, final long quantity)
    {
        tradeId++;
        events.add(new RandomEventStream.Event(InboundMessages.fill(tradeId, 0, buyer, instrumentId, Side.BUY, price,
            quantity, 0, tradeId), "buy side", false));
        events.add(new RandomEventStream.Event(InboundMessages.fill(tradeId, 0, seller, instrumentId, Side.SELL,
            price, quantity, 0, tradeId), "sell side", true));
    }

    private static List<Integer> templates(final List<byte[]> outputs)
    {
        final List<Integer> templates = new ArrayList<>();
        for (final byte[] output : outputs)
        {
            templates.add(new MessageHeaderDecoder().wrap(new UnsafeBuffer(output), 0).templateId());
        }
        return templates;
    }

    private void add(final byte[] message)
    {
        events.add(new RandomEventStream.Event(message, "edge case", true));
    }

    private List<byte[]> run(final String name)
    {
        return run(name, new EngineConfiguration().maxAccounts(64).maxInstruments(8).maxAssets(8));
    }

    private List<byte[]> run(final String name, final EngineConfiguration configuration)
    {
        return EngineMatchesReferenceProperties.compare(name, configuration, events.iterator());
    }

    /**
     * The reasons of every {@code EventRejected} among the outputs, in order.
     */
    private static List<RejectReason> orderRejectReasons(final List<byte[]> outputs)
    {
        final List<RejectReason> reasons = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final OrderRejectedDecoder rejected = new OrderRejectedDecoder();
        for (final byte[] output : outputs)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(output);
            header.wrap(buffer, 0);
            if (header.templateId() == OrderRejectedDecoder.TEMPLATE_ID)
            {
                reasons.add(rejected.wrapAndApplyHeader(buffer, 0, header).reason());
            }
        }
        return reasons;
    }

    private static List<RejectReason> eventRejectReasons(final List<byte[]> outputs)
    {
        final List<RejectReason> reasons = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final EventRejectedDecoder rejected = new EventRejectedDecoder();
        for (final byte[] output : outputs)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(output);
            header.wrap(buffer, 0);
            if (header.templateId() == EventRejectedDecoder.TEMPLATE_ID)
            {
                reasons.add(rejected.wrapAndApplyHeader(buffer, 0, header).reason());
            }
        }
        return reasons;
    }
}
