package io.perprisk.engine;

import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.MarginCallDecoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.WithdrawAcceptedDecoder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.perprisk.engine.EngineHarness.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class MarginEngineTest
{
    @Test
    void shouldAnswerAnIngressRejectRecordWithTheSameRejectUnderItsOwnSeq()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000");
        final int length = new io.perprisk.codecs.sbe.EventRejectedEncoder()
            .wrapAndApplyHeader(h.buffer, 0, new io.perprisk.codecs.sbe.MessageHeaderEncoder())
            .seq(0)
            .reason(RejectReason.NOT_ALLOWED_ON_STREAM)
            .templateId(io.perprisk.codecs.sbe.FillDecoder.TEMPLATE_ID)
            .detail("Fill on the prices stream")
            .encodedLength() + io.perprisk.codecs.sbe.MessageHeaderEncoder.ENCODED_LENGTH;

        assertEquals(1, h.send(length));
        final EventRejectedDecoder reject = h.eventRejected();
        assertEquals(h.seq, reject.seq());
        assertEquals(RejectReason.NOT_ALLOWED_ON_STREAM, reject.reason());
        assertEquals(io.perprisk.codecs.sbe.FillDecoder.TEMPLATE_ID, reject.templateId());
        assertEquals("Fill on the prices stream", reject.detail());
        assertEquals(h.seq, h.engine.lastAppliedSeq());
        assertEquals(1, h.engine.counters().rejectsByReason(RejectReason.NOT_ALLOWED_ON_STREAM.value()));

        assertEquals(1, h.send(length - 1));
        assertEquals(RejectReason.MALFORMED, h.eventRejected().reason());
    }

    @Test
    void shouldKeepIsolatedLossesOutOfTheCrossWallet()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "5000")
            .account(2, "5000");
        h.send(h.in.setMarginMode(h.buffer, 0, 2, 1, true));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "2", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "10000", "2", "0"));
        h.send(h.in.markPrice(h.buffer, 0, 1, "9000"));

        final AccountUpdateDecoder cross = h.query(1);
        assertEquals(raw("5000"), cross.walletBalance());
        assertEquals(raw("-2000"), cross.unrealizedPnl());
        assertEquals(raw("3000"), cross.marginBalance());
        assertEquals(raw("900"), cross.initialMargin());
        assertEquals(raw("180"), cross.maintenanceMargin());
        assertEquals(raw("0.06"), cross.marginRatio());

        final AccountUpdateDecoder isolatedAccount = h.query(2);
        assertEquals(raw("4000"), isolatedAccount.walletBalance());
        assertEquals(raw("4000"), isolatedAccount.marginBalance());
        assertEquals(0, isolatedAccount.unrealizedPnl());
        assertEquals(0, isolatedAccount.maintenanceMargin());
        final PositionUpdateDecoder isolated = h.positionUpdate();
        assertEquals(raw("-2000"), isolated.unrealizedPnl());
        assertEquals(raw("1000"), isolated.isolatedMargin());
        assertEquals(raw("180"), isolated.maintenanceMargin());
    }

    @Test
    void shouldValueCollateralWithHaircutAndCheckWithdrawals()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000");
        h.send(h.in.assetDefinition(h.buffer, 0, 2, "50000", "0.9"));
        h.account(1, null);
        h.send(h.in.deposit(h.buffer, 0, 1, 2, "0.1"));
        assertEquals(raw("4500"), h.accountUpdate().collateralValue());
        assertEquals(0, h.accountUpdate().walletBalance());

        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "4", "0"));
        assertEquals(raw("2000"), h.accountUpdate().initialMargin());
        assertEquals(raw("2500"), h.accountUpdate().withdrawable());

        h.send(h.in.withdraw(h.buffer, 0, 7, 1, 2, "0.06"));
        assertEquals(RejectReason.INSUFFICIENT_MARGIN, h.withdrawRejected().reason());
        h.send(h.in.withdraw(h.buffer, 0, 8, 1, 2, "0.2"));
        assertEquals(RejectReason.INSUFFICIENT_BALANCE, h.withdrawRejected().reason());
        h.send(h.in.withdraw(h.buffer, 0, 9, 1, 2, "0.05"));
        assertEquals(List.of(WithdrawAcceptedDecoder.TEMPLATE_ID, AccountUpdateDecoder.TEMPLATE_ID),
            h.lastTemplates());
        assertEquals(raw("2250"), h.accountUpdate().collateralValue());
        assertEquals(raw("250"), h.accountUpdate().withdrawable());
        assertEquals(raw("0.05"), h.engine.ledger().totalWithdrawals(2));
    }

    @Test
    void shouldCallMarginOncePerCrossingWithHysteresis()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000");
        h.send(h.in.assetDefinition(h.buffer, 0, 2, "50000", "0.9"));
        h.account(1, null);
        h.send(h.in.deposit(h.buffer, 0, 1, 2, "0.05"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "4", "0"));
        // MM = 400; margin balance = 0.045 * BTC price.
        assertEquals(0, h.marginCalls().size());

        h.send(h.in.assetPrice(h.buffer, 0, 2, "10000"));
        List<MarginCallDecoder> calls = h.marginCalls();
        assertEquals(1, calls.size());
        assertEquals(raw("0.8"), calls.get(0).level());
        assertEquals(raw("0.88888889"), calls.get(0).marginRatio());
        assertEquals(0, calls.get(0).instrumentId());

        h.send(h.in.assetPrice(h.buffer, 0, 2, "9000"));
        calls = h.marginCalls();
        assertEquals(1, calls.size());
        assertEquals(raw("0.9"), calls.get(0).level());

        h.send(h.in.assetPrice(h.buffer, 0, 2, "11500"));
        assertEquals(0, h.marginCalls().size());
        h.send(h.in.assetPrice(h.buffer, 0, 2, "10100"));
        assertEquals(0, h.marginCalls().size(), "0.77 is within the hysteresis: not re-armed");

        h.send(h.in.assetPrice(h.buffer, 0, 2, "12700"));
        assertEquals(0, h.marginCalls().size());
        h.send(h.in.assetPrice(h.buffer, 0, 2, "10100"));
        calls = h.marginCalls();
        assertEquals(1, calls.size(), "re-armed below 0.75");
        assertEquals(raw("0.8"), calls.get(0).level());
    }

    @Test
    void shouldEmitMarginCallsInAccountOrderOnMarkMove()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000");
        for (final long id : new long[]{ 9, 3, 5 })
        {
            h.account(id, "600");
            h.send(h.in.fill(h.buffer, 0, 0, id, 1, true, "10000", "2", "0"));
        }
        h.send(h.in.setMarginMode(h.buffer, 0, 4, 1, true));
        h.send(h.in.markPrice(h.buffer, 0, 1, "9750"));
        final List<MarginCallDecoder> calls = h.marginCalls();
        assertEquals(6, calls.size(), "ratio 2.0 crosses both levels");
        final long[] expectedAccounts = { 3, 3, 5, 5, 9, 9 };
        for (int i = 0; i < 6; i++)
        {
            assertEquals(expectedAccounts[i], calls.get(i).accountId());
            assertEquals(raw(i % 2 == 0 ? "0.8" : "0.9"), calls.get(i).level());
            assertEquals(raw("1.95"), calls.get(i).marginRatio(), "MM 195 / margin balance 100");
        }
    }

    @Test
    void shouldRealizePnlOnReduceAndFlip()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "10000")
            .account(2, "100000");
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000", "2", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "2", "1"));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "11000", "3", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, false, "11000", "3", "1.5"));
        PositionUpdateDecoder position = h.positionUpdate();
        assertEquals(raw("-1"), position.size());
        assertEquals(raw("11000"), position.entryPrice());
        assertEquals(raw("2000"), position.realizedPnl(), "a flip keeps the PnL of the fill that made it flat");
        assertEquals(raw("11997.5"), h.accountUpdate().walletBalance());

        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10500", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10500", "1", "0"));
        position = h.positionUpdate();
        assertEquals(0, position.size());
        assertEquals(0, position.entryPrice());
        assertEquals(raw("2500"), position.realizedPnl());
        assertEquals(raw("12497.5"), h.accountUpdate().walletBalance());

        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "1", "0"));
        assertEquals(0, h.positionUpdate().realizedPnl());
        assertEquals(raw("2.5"), h.engine.ledger().feesCollected());
        ConservationCheck.assertConserved(h.engine, 1);
    }

    @Test
    void shouldReleaseCostRoundedUpForLongs()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "100000")
            .account(2, "100000");
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000.1", "2", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000.1", "2", "0"));
        assertEquals(raw("10000.06666667"), h.positionUpdate().entryPrice());
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, false, "10000", "1", "0"));
        assertEquals(raw("-0.06666667"), h.positionUpdate().realizedPnl());
        ConservationCheck.assertConserved(h.engine, 1);
    }

    @Test
    void shouldMoveIsolatedMarginOnFillsAndAdjustments()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "5000")
            .account(2, "100000");
        h.send(h.in.setMarginMode(h.buffer, 0, 1, 1, true));
        h.send(h.in.setLeverage(h.buffer, 0, 1, 1, 10));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000", "2", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "2", "2"));
        assertEquals(raw("2000"), h.positionUpdate().isolatedMargin());
        assertEquals(raw("2998"), h.accountUpdate().walletBalance());

        h.send(h.in.adjustIsolatedMargin(h.buffer, 0, 1, 1, "500"));
        assertEquals(raw("2500"), h.positionUpdate().isolatedMargin());
        h.send(h.in.adjustIsolatedMargin(h.buffer, 0, 1, 1, "-600"));
        assertEquals(RejectReason.INSUFFICIENT_MARGIN, h.eventRejected().reason());
        h.send(h.in.adjustIsolatedMargin(h.buffer, 0, 1, 1, "-500"));
        assertEquals(raw("2000"), h.positionUpdate().isolatedMargin());

        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "10500", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, false, "10500", "1", "0"));
        final PositionUpdateDecoder half = h.positionUpdate();
        assertEquals(raw("1000"), half.isolatedMargin());
        assertEquals(raw("500"), half.realizedPnl());
        assertEquals(raw("4498"), h.accountUpdate().walletBalance());
        h.send(h.in.setMarginMode(h.buffer, 0, 1, 1, false));
        assertEquals(RejectReason.POSITION_OR_ORDERS_OPEN, h.eventRejected().reason());
        ConservationCheck.assertConserved(h.engine, 1);
    }

    @Test
    void shouldRejectOrdersInOrderOfTheChecks()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument(null).account(1, "1000");
        h.send(h.in.newOrder(h.buffer, 0, 1, 2, 1, true, "10000", "1", false));
        assertEquals(RejectReason.UNKNOWN_ACCOUNT, h.orderRejected().reason());
        h.send(h.in.newOrder(h.buffer, 0, 1, 1, 2, true, "10000", "1", false));
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, h.orderRejected().reason());
        h.send(h.in.newOrderRaw(h.buffer, 0, 1L << 62, 1, 1, true, raw("10000"), raw("1"), false));
        assertEquals(RejectReason.RESERVED_ID, h.orderRejected().reason());
        h.send(h.in.newOrder(h.buffer, 0, 1, 1, 1, true, "10000", "0", false));
        assertEquals(RejectReason.INVALID_QUANTITY, h.orderRejected().reason());
        h.send(h.in.newOrder(h.buffer, 0, 1, 1, 1, true, "10000", "0.0001", false));
        assertEquals(RejectReason.OFF_LOT, h.orderRejected().reason());
        h.send(h.in.newOrder(h.buffer, 0, 1, 1, 1, true, "-1", "1", false));
        assertEquals(RejectReason.INVALID_PRICE, h.orderRejected().reason());
        h.send(h.in.newOrder(h.buffer, 0, 1, 1, 1, true, "10000.05", "1", false));
        assertEquals(RejectReason.OFF_TICK, h.orderRejected().reason());
        h.send(h.in.newOrder(h.buffer, 0, 1, 1, 1, true, "10000", "1", false));
        assertEquals(RejectReason.NO_MARK_PRICE, h.orderRejected().reason());
        h.send(h.in.markPrice(h.buffer, 0, 1, "10000"));
        h.send(h.in.newOrder(h.buffer, 0, 1, 1, 1, false, "10000", "1", true));
        assertEquals(RejectReason.REDUCE_ONLY_WOULD_INCREASE, h.orderRejected().reason());
        h.send(h.in.setLeverage(h.buffer, 0, 1, 1, 50));
        h.send(h.in.newOrder(h.buffer, 0, 1, 1, 1, true, "10000", "11", false));
        assertEquals(RejectReason.LEVERAGE_TOO_HIGH, h.orderRejected().reason(), "110,000 >= 100,000 at 50x");
        h.send(h.in.newOrder(h.buffer, 0, 1, 1, 1, true, "10000", "6", false));
        assertEquals(RejectReason.INSUFFICIENT_MARGIN, h.orderRejected().reason());
        h.send(h.in.newOrder(h.buffer, 0, 1, 1, 1, true, "10000", "1", false));
        assertEquals(raw("200"), h.orderAccepted().orderMargin());
        h.send(h.in.newOrder(h.buffer, 0, 1, 1, 1, true, "10000", "1", false));
        assertEquals(RejectReason.DUPLICATE_ID, h.orderRejected().reason());
        assertEquals(1, h.engine.counters().ordersAccepted());
        assertEquals(12, h.engine.counters().ordersRejected());
    }

    @Test
    void shouldLeaveStateUnchangedOnRejects()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "1000");
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "1", "0"));
        final String before = h.engine.digest();

        h.send(h.in.newOrder(h.buffer, 0, 5, 1, 1, true, "10000", "2", false));
        assertEquals(RejectReason.INSUFFICIENT_MARGIN, h.orderRejected().reason());
        h.send(h.in.withdraw(h.buffer, 0, 1, 1, 1, "600"));
        assertEquals(RejectReason.INSUFFICIENT_MARGIN, h.withdrawRejected().reason());
        h.send(h.in.setLeverage(h.buffer, 0, 1, 1, 51));
        assertEquals(RejectReason.LEVERAGE_TOO_HIGH, h.eventRejected().reason());
        h.send(h.in.setLeverage(h.buffer, 0, 1, 1, 0));
        assertEquals(RejectReason.INVALID_LEVERAGE, h.eventRejected().reason());
        h.send(h.in.setLeverage(h.buffer, 0, 1, 1, 1));
        assertEquals(RejectReason.INSUFFICIENT_MARGIN, h.eventRejected().reason());
        h.send(h.in.deposit(h.buffer, 0, 1, 1, "0"));
        assertEquals(RejectReason.INVALID_AMOUNT, h.eventRejected().reason());
        h.send(h.in.deposit(h.buffer, 0, 1, 3, "5"));
        assertEquals(RejectReason.UNKNOWN_ASSET, h.eventRejected().reason());
        h.send(h.in.orderCanceled(h.buffer, 0, 99, 1, 1));
        assertEquals(RejectReason.UNKNOWN_ORDER, h.eventRejected().reason());
        h.send(h.in.fundingRate(h.buffer, 0, 7, "0.0001"));
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, h.eventRejected().reason());
        h.send(h.in.adjustIsolatedMargin(h.buffer, 0, 1, 1, "5"));
        assertEquals(RejectReason.NOT_ISOLATED, h.eventRejected().reason());
        h.send(h.in.accountOpen(h.buffer, 0, 1));
        assertEquals(RejectReason.DUPLICATE_ID, h.eventRejected().reason());
        h.send(h.in.fillRaw(h.buffer, 0, 0, 1, 1, true, Long.MAX_VALUE / 10_000_000 * 10_000_000,
            raw("100000000"), 0));
        assertEquals(RejectReason.ARITHMETIC_OVERFLOW, h.eventRejected().reason());

        assertEquals(before, h.engine.digest());
    }

    @Test
    void shouldRejectBadFramesWithoutThrowing()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "1000");
        final String before = h.engine.digest();

        assertEquals(1, h.send(5));
        assertEquals(RejectReason.MALFORMED, h.eventRejected().reason());

        final int length = h.in.deposit(h.buffer, 0, 1, 1, "5");
        h.send(length - 1);
        assertEquals(RejectReason.MALFORMED, h.eventRejected().reason());

        h.buffer.putShort(2, (short) 77, java.nio.ByteOrder.LITTLE_ENDIAN);
        h.send(length);
        final EventRejectedDecoder unknown = h.eventRejected();
        assertEquals(RejectReason.UNKNOWN_TEMPLATE, unknown.reason());
        assertEquals(77, unknown.templateId());

        h.in.deposit(h.buffer, 0, 1, 1, "5");
        h.buffer.putShort(4, (short) 1234, java.nio.ByteOrder.LITTLE_ENDIAN);
        h.send(length);
        assertEquals(RejectReason.UNSUPPORTED_VERSION, h.eventRejected().reason());

        h.in.deposit(h.buffer, 0, 1, 1, "5");
        h.buffer.putShort(6, (short) 1, java.nio.ByteOrder.LITTLE_ENDIAN);
        h.send(length);
        assertEquals(RejectReason.UNSUPPORTED_VERSION, h.eventRejected().reason());

        final int definition = h.in.instrument(h.buffer, 0, 2, 1, "0.1", "0.001", EngineHarness.EXAMPLE_TIERS);
        h.send(definition - 3);
        assertEquals(RejectReason.MALFORMED, h.eventRejected().reason());

        assertEquals(before, h.engine.digest());
        assertEquals(6, h.engine.counters().rejectsByReason(RejectReason.MALFORMED.value()) +
            h.engine.counters().rejectsByReason(RejectReason.UNSUPPORTED_VERSION.value()) +
            h.engine.counters().rejectsByReason(RejectReason.UNKNOWN_TEMPLATE.value()));
        assertNotEquals(0, MessageHeaderEncoder.ENCODED_LENGTH);
    }

    @Test
    void shouldValidateInstrumentDefinitions()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000");
        h.send(h.in.instrument(h.buffer, 0, 1, 1, "0.1", "0.001", EngineHarness.EXAMPLE_TIERS));
        assertEquals(RejectReason.DUPLICATE_ID, h.eventRejected().reason());
        h.send(h.in.instrument(h.buffer, 0, 2, 9, "0.1", "0.001", EngineHarness.EXAMPLE_TIERS));
        assertEquals(RejectReason.UNKNOWN_ASSET, h.eventRejected().reason());
        h.send(h.in.instrument(h.buffer, 0, 2, 1, "0.1", "0.00000001", EngineHarness.EXAMPLE_TIERS));
        final EventRejectedDecoder tickLot = h.eventRejected();
        assertEquals(RejectReason.INVALID_DEFINITION, tickLot.reason());
        assertEquals("tickSize, lotSize", tickLot.detail());
        h.send(h.in.instrument(h.buffer, 0, 2, 1, "0.1", "0.001", new String[][]{ { "1000", "200", "0.01" } }));
        assertEquals("maintenanceMarginRate", h.eventRejected().detail());
        h.send(h.in.assetDefinition(h.buffer, 0, 2, "1", "1"));
        h.send(h.in.instrument(h.buffer, 0, 2, 2, "0.1", "0.001", EngineHarness.EXAMPLE_TIERS));
        assertEquals("settleAssetId differs from the settlement asset", h.eventRejected().detail());
        h.send(h.in.instrument(h.buffer, 0, 2, 1, "0.1", "0.001", EngineHarness.EXAMPLE_TIERS));
        assertEquals(0, h.lastOutputs().size());
    }

    @Test
    void shouldAnswerQueriesWithEveryOpenPosition()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "10000");
        h.send(h.in.instrument(h.buffer, 0, 2, 1, "0.1", "0.001", EngineHarness.EXAMPLE_TIERS));
        h.send(h.in.markPrice(h.buffer, 0, 2, "100"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 2, false, "100", "3", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "0.5", "0"));
        h.send(h.in.queryAccount(h.buffer, 0, 1));
        assertEquals(List.of(AccountUpdateDecoder.TEMPLATE_ID, PositionUpdateDecoder.TEMPLATE_ID,
            PositionUpdateDecoder.TEMPLATE_ID), h.lastTemplates());
        assertEquals(2, h.engine.counters().fillAnomalies());
        h.send(h.in.newOrder(h.buffer, 0, 3, 1, 1, false, "10000", "0.5", true));
        assertEquals(0, h.engine.counters().ordersRejected());
        assertEquals(OrderAcceptedDecoder.TEMPLATE_ID, (int) h.lastTemplates().get(0));
        h.send(h.in.fill(h.buffer, 0, 3, 1, 1, false, "10000", "0.2", "0"));
        assertEquals(2, h.engine.counters().fillAnomalies());
        assertEquals(raw("0.3"), h.engine.orders.get(3).remaining);
        h.send(h.in.fill(h.buffer, 0, 3, 1, 1, false, "10000", "0.3", "0"));
        assertEquals(0, h.engine.orders.size());
    }

    @Test
    void shouldReportNoLiquidationOrBankruptcyPriceBeyondTheRange()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "100000000")
            .account(2, "1000");
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "10000", "0.001", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, false, "10000", "0.001", "0"));
        final PositionUpdateDecoder shortPosition = h.positionUpdate();
        assertEquals(raw("-0.001"), shortPosition.size());
        assertEquals(PositionUpdateDecoder.liquidationPriceNullValue(), shortPosition.liquidationPrice());
        assertEquals(PositionUpdateDecoder.bankruptcyPriceNullValue(), shortPosition.bankruptcyPrice());
        assertEquals(PositionUpdateDecoder.TEMPLATE_ID, (int) h.lastTemplates().get(0), "the fill is applied");

        h.send(h.in.queryAccount(h.buffer, 0, 2));
        final PositionUpdateDecoder covered = h.positionUpdate();
        assertEquals(raw("0.001"), covered.size());
        assertEquals(PositionUpdateDecoder.liquidationPriceNullValue(), covered.liquidationPrice(), "fully covered");
        assertEquals(PositionUpdateDecoder.bankruptcyPriceNullValue(), covered.bankruptcyPrice());
    }
}
