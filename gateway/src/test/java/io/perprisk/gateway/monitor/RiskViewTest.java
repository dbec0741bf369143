package io.perprisk.gateway.monitor;

import io.perprisk.codecs.sbe.AccountUpdateEncoder;
import io.perprisk.codecs.sbe.AutoDeleverageEncoder;
import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.InsuranceFundReason;
import io.perprisk.codecs.sbe.InsuranceFundUpdateEncoder;
import io.perprisk.codecs.sbe.LiquidationCompletedEncoder;
import io.perprisk.codecs.sbe.LiquidationOrderEncoder;
import io.perprisk.codecs.sbe.LiquidationStartedEncoder;
import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.PositionUpdateEncoder;
import io.perprisk.codecs.sbe.Side;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RiskViewTest
{
    private static final long UNIT = 100_000_000L;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final RiskView view = new RiskView();

    @Test
    void shouldRankAccountsNearestLiquidationByMarginRatio()
    {
        account(1, ratio(0.10), 1_000, 100, false);
        account(2, ratio(0.90), 110, 100, false);
        account(3, AccountUpdateEncoder.marginRatioNullValue(), -5, 100, false);
        account(4, ratio(0.50), 200, 100, false);
        account(5, ratio(0.99), 101, 100, true);
        account(6, ratio(0.95), 0, 0, false);
        account(2, ratio(0.20), 500, 100, false);

        final RiskView.Snapshot snapshot = view.snapshot(3, 10);
        final List<RiskView.AccountRow> nearest = snapshot.nearest();
        assertEquals(List.of(3L, 4L, 2L), nearest.stream().map(RiskView.AccountRow::accountId).toList(),
            "null ratio (balance <= 0) first, then the highest ratio; in liquidation and no margin left out");
        assertEquals(6, snapshot.accounts());
    }

    @Test
    void shouldDeriveOpenInterestMarksFundAndLiquidationPhases()
    {
        position(10, 1, 3 * UNIT, 50_000 * UNIT);
        position(11, 1, -3 * UNIT, 50_100 * UNIT);
        position(12, 1, 2 * UNIT, 50_200 * UNIT);
        position(10, 1, UNIT, 49_000 * UNIT);
        position(13, 2, 7 * UNIT, 3_000 * UNIT);

        started(20, 10, 0);
        started(21, 12, 1);
        order(21, 12, 1);
        adl(22, 11, 12, 1);
        started(23, 13, 0);
        order(23, 13, 2);
        completed(24, 13, 0);
        fund(24, 1, 900 * UNIT, -100 * UNIT);
        fund(25, 1, 950 * UNIT, 50 * UNIT);

        final RiskView.Snapshot snapshot = view.snapshot(20, 10);
        assertEquals(3 * UNIT, snapshot.instruments().get(1)[0], "1 + 2 long, the short does not count");
        assertEquals(49_000 * UNIT, snapshot.instruments().get(1)[1]);
        assertEquals(7 * UNIT, snapshot.instruments().get(2)[0]);
        assertEquals(950 * UNIT, snapshot.insuranceFund().get(1));
        assertEquals(100 * UNIT, snapshot.insuranceFundDrawn());
        assertEquals(3, snapshot.liquidationsStarted());
        assertEquals(1, snapshot.liquidationsCompleted());
        assertEquals(2, snapshot.liquidationOrders());
        assertEquals(1, snapshot.adlEvents());
        assertEquals(2, snapshot.inLiquidation());
        assertEquals(2, snapshot.waitingForAdl(), "account 10: no order went out; 12: ADL acted after its order");
        assertEquals(25, snapshot.lastSeq());
        assertEquals(List.of("started", "started", "order", "started", "order", "completed"),
            snapshot.recentLiquidations().stream().map(RiskView.EventRow::kind).toList());
        assertEquals(12, snapshot.recentAdl().get(0).otherAccount());

        final MonitorSample.Counters counters = new MonitorSample.Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        final MonitorSample.Latency latency = new MonitorSample.Latency(0, 0, 0, 0, 0, 0);
        final String json = new MonitorSample(0, counters, 0, 0, 0, latency, latency, snapshot, List.of()).toJson();
        assertTrue(json.contains("{\"instrumentId\":1,\"openInterest\":\"3\",\"mark\":\"49000\"}"), json);
        assertTrue(json.contains("{\"assetId\":1,\"balance\":\"950\"}"), json);
    }

    private static long ratio(final double value)
    {
        return Math.round(value * UNIT);
    }

    private void account(
        final long accountId, final long marginRatio, final long balance, final long maintenance, final boolean inLiq)
    {
        final AccountUpdateEncoder encoder = new AccountUpdateEncoder().wrapAndApplyHeader(buffer, 0, header)
            .seq(1).accountId(accountId).walletBalance(balance * UNIT).collateralValue(balance * UNIT)
            .unrealizedPnl(0).marginBalance(balance * UNIT).initialMargin(0).maintenanceMargin(maintenance * UNIT)
            .orderMargin(0).availableBalance(0).withdrawable(0).marginRatio(marginRatio)
            .inLiquidation(inLiq ? BooleanType.TRUE : BooleanType.FALSE);
        deliver(1, encoder.encodedLength());
    }

    private void position(final long accountId, final int instrumentId, final long size, final long mark)
    {
        final PositionUpdateEncoder encoder = new PositionUpdateEncoder().wrapAndApplyHeader(buffer, 0, header)
            .seq(1).accountId(accountId).instrumentId(instrumentId).marginMode(MarginMode.CROSS).leverage(10)
            .size(size).entryPrice(mark).markPrice(mark).unrealizedPnl(0).realizedPnl(0).accruedFunding(0)
            .isolatedMargin(0).maintenanceMargin(0).liquidationPrice(PositionUpdateEncoder.liquidationPriceNullValue())
            .bankruptcyPrice(PositionUpdateEncoder.bankruptcyPriceNullValue());
        deliver(1, encoder.encodedLength());
    }

    private void started(final long seq, final long accountId, final int instrumentId)
    {
        deliver(seq, new LiquidationStartedEncoder().wrapAndApplyHeader(buffer, 0, header).seq(seq)
            .accountId(accountId).instrumentId(instrumentId).marginBalance(-UNIT).maintenanceMargin(UNIT)
            .encodedLength());
    }

    private void order(final long seq, final long accountId, final int instrumentId)
    {
        deliver(seq, new LiquidationOrderEncoder().wrapAndApplyHeader(buffer, 0, header).seq(seq).orderId(1L << 62)
            .accountId(accountId).instrumentId(instrumentId).side(Side.SELL).quantity(UNIT).limitPrice(UNIT)
            .bankruptcyPrice(UNIT).encodedLength());
    }

    private void adl(final long seq, final long accountId, final long liquidated, final int instrumentId)
    {
        deliver(seq, new AutoDeleverageEncoder().wrapAndApplyHeader(buffer, 0, header).seq(seq).accountId(accountId)
            .liquidatedAccountId(liquidated).instrumentId(instrumentId).side(Side.BUY).quantity(UNIT).price(UNIT)
            .encodedLength());
    }

    private void completed(final long seq, final long accountId, final int instrumentId)
    {
        deliver(seq, new LiquidationCompletedEncoder().wrapAndApplyHeader(buffer, 0, header).seq(seq)
            .accountId(accountId).instrumentId(instrumentId).encodedLength());
    }

    private void fund(final long seq, final int assetId, final long balance, final long delta)
    {
        deliver(seq, new InsuranceFundUpdateEncoder().wrapAndApplyHeader(buffer, 0, header).seq(seq).assetId(assetId)
            .balance(balance).delta(delta).reason(delta < 0 ? InsuranceFundReason.BANKRUPTCY_COVER :
            InsuranceFundReason.LIQUIDATION_FEE).encodedLength());
    }

    private void deliver(final long seq, final int bodyLength)
    {
        view.onOutbound(seq, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }
}
