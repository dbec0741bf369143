package io.perprisk.engine;

import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.AutoDeleverageDecoder;
import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.CancelOrderRequestDecoder;
import io.perprisk.codecs.sbe.InsuranceFundReason;
import io.perprisk.codecs.sbe.InsuranceFundUpdateDecoder;
import io.perprisk.codecs.sbe.LiquidationCompletedDecoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.LiquidationStartedDecoder;
import io.perprisk.codecs.sbe.MarginCallDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.codecs.sbe.WithdrawAcceptedDecoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.perprisk.engine.EngineHarness.raw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Liquidation, insurance fund and auto-deleveraging (docs/arithmetic.md §10, §11), driven through encoded SBE
 * messages. Example instrument: tiers 1 % / 2.5 % / 5 %, tick 0.1, lot 0.001, liquidation fee 0.5 %, price band 5 %,
 * target ratio 0.8; default leverage 20.
 */
class LiquidationTest
{
    private static final long FIRST_ID = PerpRiskEngine.RESERVED_ORDER_ID_BASE;

    private static final int STARTED = LiquidationStartedDecoder.TEMPLATE_ID;
    private static final int CANCEL = CancelOrderRequestDecoder.TEMPLATE_ID;
    private static final int ORDER = LiquidationOrderDecoder.TEMPLATE_ID;
    private static final int ADL = AutoDeleverageDecoder.TEMPLATE_ID;
    private static final int FUND = InsuranceFundUpdateDecoder.TEMPLATE_ID;
    private static final int COMPLETED = LiquidationCompletedDecoder.TEMPLATE_ID;
    private static final int ACCOUNT = AccountUpdateDecoder.TEMPLATE_ID;
    private static final int POSITION = PositionUpdateDecoder.TEMPLATE_ID;
    private static final int CALL = MarginCallDecoder.TEMPLATE_ID;

    @Test
    void shouldLiquidateAnIsolatedPositionToTheTargetRatioAndChargeTheFee()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "5000")
            .account(2, "5000");
        h.send(h.in.setMarginMode(h.buffer, 0, 1, 1, true));
        // Long 1 @ 10,000 isolated: margin ceil(10,000 / 20) = 500 leaves the wallet (4,500 left).
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000", "1", "0"));
        // Mark 9,600: MB = 500 - 400 = 100, MM = 96: ratio 0.96, both margin calls, no liquidation.
        h.send(h.in.markPrice(h.buffer, 0, 1, "9600"));
        assertEquals(List.of(CALL, CALL), h.lastTemplates());

        // Mark 9,590: MB = 90 <= MM = 95.9. Round: limit floor(0.8 * 90) = 72; MM after closing k lots is
        // (1000 - k) * 0.0959 <= 72 from k = 250: q = 0.25. BP = 9,590 - 90 / 1 = 9,500 (limit on tick: 9,500).
        h.send(h.in.markPrice(h.buffer, 0, 1, "9590"));
        assertEquals(List.of(STARTED, ORDER), h.lastTemplates());
        final LiquidationStartedDecoder started = started(h);
        assertEquals(1, started.accountId());
        assertEquals(1, started.instrumentId());
        assertEquals(raw("90"), started.marginBalance());
        assertEquals(raw("95.9"), started.maintenanceMargin());
        LiquidationOrderDecoder order = liquidationOrder(h);
        assertEquals(FIRST_ID, order.orderId());
        assertEquals(1, order.accountId());
        assertEquals(Side.SELL, order.side());
        assertEquals(raw("0.25"), order.quantity());
        assertEquals(raw("9500"), order.limitPrice());
        assertEquals(raw("9500"), order.bankruptcyPrice());
        assertEquals(1, h.engine.counters().liquidationsStarted());

        // Fill 0.25 @ 9,550 (better than BP): released cost 2,500, PnL -112.5 stays in the isolated margin
        // (500 -> 387.5). MB' = 387.5 + floor(0.75 * 9,590) - 7,500 = 80. Fee ceil(2,387.5 * 0.005) = 11.9375 < 80.
        h.send(h.in.fill(h.buffer, 0, FIRST_ID, 1, 1, false, "9550", "0.25", "0"));
        assertEquals(List.of(POSITION, ACCOUNT, FUND, ORDER), h.lastTemplates());
        final PositionUpdateDecoder position = h.positionUpdate();
        assertEquals(raw("0.75"), position.size());
        assertEquals(raw("375.5625"), position.isolatedMargin());
        assertEquals(raw("4500"), h.accountUpdate().walletBalance());
        final InsuranceFundUpdateDecoder fee = fund(h);
        assertEquals(InsuranceFundReason.LIQUIDATION_FEE, fee.reason());
        assertEquals(raw("11.9375"), fee.delta());
        assertEquals(raw("11.9375"), fee.balance());
        // Still MB = 68.0625 <= MM = 71.925: next round, limit floor(0.8 * 68.0625) = 54.45, (750 - k) * 0.0959 <=
        // 54.45 from k = 183. BP = 9,590 - 68.0625 / 0.75 = 9,499.25, limit ceil to tick 9,499.3.
        order = liquidationOrder(h);
        assertEquals(FIRST_ID + 1, order.orderId());
        assertEquals(raw("0.183"), order.quantity());
        assertEquals(raw("9499.3"), order.limitPrice());
        assertEquals(raw("9499.25"), order.bankruptcyPrice());
        // The other side of the trade (the short buys back 0.25) balances the ledger.
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "9550", "0.25", "0"));
        ConservationCheck.assertConserved(h.engine, 1);
    }

    /**
     * Isolated account 1: 5,000 USDT, long 1 @ 10,000 with 500 of isolated margin; account 2 the short; fund 1,000.
     */
    private static EngineHarness isolatedLong()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "5000")
            .account(2, "5000");
        h.send(h.in.insuranceFundDeposit(h.buffer, 0, 1, "1000"));
        h.send(h.in.setMarginMode(h.buffer, 0, 1, 1, true));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000", "1", "0"));
        return h;
    }

    @Test
    void shouldCoverABankruptIsolatedPositionInsideItsMargin()
    {
        final EngineHarness h = isolatedLong();
        // Mark 9,400: MB = 500 - 600 = -100: the whole position, the fund covers, limit ceil(9,400 * 0.95) = 8,930.
        h.send(h.in.markPrice(h.buffer, 0, 1, "9400"));
        assertEquals(List.of(CALL, CALL, STARTED, ORDER), h.lastTemplates());
        assertEquals(raw("8930"), liquidationOrder(h).limitPrice());
        assertEquals(raw("9500"), liquidationOrder(h).bankruptcyPrice());
        // Filled @ 9,300: the -700 stays in the isolated margin (-200), no fee (MB' < 0). Flat: the fund pays 200 into
        // the isolated margin, which (now 0) returns to the wallet; the wallet keeps 4,500.
        h.send(h.in.fill(h.buffer, 0, FIRST_ID, 1, 1, false, "9300", "1", "0"));
        assertEquals(List.of(POSITION, ACCOUNT, FUND, COMPLETED, POSITION, ACCOUNT), h.lastTemplates());
        assertEquals(raw("-200"), positionUpdate(h.lastOutputs().get(0)).isolatedMargin());
        assertEquals(raw("-200"), fund(h).delta());
        assertEquals(raw("800"), fund(h).balance());
        assertEquals(0, h.positionUpdate().isolatedMargin());
        assertEquals(raw("4500"), h.accountUpdate().walletBalance());
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "9300", "1", "0"));
        ConservationCheck.assertConserved(h.engine, 1);
    }

    @Test
    void shouldReturnWhatIsLeftOfTheIsolatedMarginWhenTheLiquidationCompletes()
    {
        final EngineHarness h = isolatedLong();
        h.send(h.in.markPrice(h.buffer, 0, 1, "9400"));
        // Filled @ 9,600: margin 500 - 400 = 100 = MB' (flat); fee ceil(9,600 * 0.005) = 48 leaves 52, which the
        // completion returns to the wallet: 4,552.
        h.send(h.in.fill(h.buffer, 0, FIRST_ID, 1, 1, false, "9600", "1", "0"));
        assertEquals(List.of(POSITION, ACCOUNT, FUND, COMPLETED, POSITION, ACCOUNT), h.lastTemplates());
        assertEquals(raw("52"), positionUpdate(h.lastOutputs().get(0)).isolatedMargin());
        assertEquals(raw("4500"), accountUpdate(h.lastOutputs().get(1)).walletBalance());
        assertEquals(raw("48"), fund(h).delta());
        assertEquals(InsuranceFundReason.LIQUIDATION_FEE, fund(h).reason());
        assertEquals(0, h.positionUpdate().isolatedMargin());
        assertEquals(raw("4552"), h.accountUpdate().walletBalance());
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "9600", "1", "0"));
        ConservationCheck.assertConserved(h.engine, 1);
    }

    @Test
    void shouldCloseTheCrossPositionWithTheLargestMaintenanceMarginFirst()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000");
        h.send(h.in.instrument(h.buffer, 0, 2, 1, "0.1", "0.001", EngineHarness.EXAMPLE_TIERS));
        h.send(h.in.markPrice(h.buffer, 0, 2, "1000"));
        h.account(1, "1000").account(2, "100000");
        h.send(h.in.insuranceFundDeposit(h.buffer, 0, 1, "10000"));
        // Instrument 1: long 1 @ 10,000 (MM 100 at 10,000); instrument 2: long 15 @ 1,000 (MM 150).
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 2, true, "1000", "15", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 2, false, "1000", "15", "0"));
        // Instrument 2 at 940: MB = 1,000 - 900 = 100, MM = 100 + 141 = 241: the round takes instrument 2 (141).
        // Limit floor(0.8 * 100) = 80: 100 + MM_2(15 - k/1000) <= 80 is never true, so the whole 15. BP = 940 - 100/15
        // = 933.33..., limit ceil to tick 933.4.
        h.send(h.in.markPrice(h.buffer, 0, 2, "940"));
        assertEquals(List.of(CALL, CALL, STARTED, ORDER), h.lastTemplates());
        final LiquidationOrderDecoder order = liquidationOrder(h);
        assertEquals(2, order.instrumentId());
        assertEquals(raw("15"), order.quantity());
        assertEquals(raw("933.4"), order.limitPrice());
        // While the order is pending, further moves neither re-fire the margin calls nor start anything.
        h.send(h.in.markPrice(h.buffer, 0, 1, "9900"));
        assertEquals(List.of(), h.lastTemplates());
        // A fill naming the engine id on the wrong side is an ordinary fill of an unknown order.
        final long anomalies = h.engine.counters().fillAnomalies();
        h.send(h.in.fill(h.buffer, 0, FIRST_ID, 1, 2, true, "940", "0.001", "0"));
        assertEquals(anomalies + 1, h.engine.counters().fillAnomalies());
        assertEquals(List.of(POSITION, ACCOUNT), h.lastTemplates());
    }

    /**
     * Cross account 1: 1,000 USDT, long 1 @ 10,000; account 2 the short. Insurance fund as given.
     */
    private static EngineHarness crossLong(final String fund)
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "1000")
            .account(2, "100000");
        if (fund != null)
        {
            h.send(h.in.insuranceFundDeposit(h.buffer, 0, 1, fund));
        }
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000", "1", "0"));
        return h;
    }

    @Test
    void shouldLiquidateABankruptCrossScopeWholeAtTheBandAndCoverTheDeficit()
    {
        final EngineHarness h = crossLong("1000");
        // Mark 8,900: MB = 1,000 - 1,100 = -100 <= MM = 89. MB <= 0: the whole position. The fund (1,000) covers
        // 100, so a market order: BP = 8,900 + 100 = 9,000 is through the mark, limit ceil(8,900 * 0.95) = 8,455.
        h.send(h.in.markPrice(h.buffer, 0, 1, "8900"));
        assertEquals(List.of(CALL, CALL, STARTED, ORDER), h.lastTemplates());
        assertEquals(0, started(h).instrumentId());
        assertEquals(raw("-100"), started(h).marginBalance());
        assertEquals(raw("89"), started(h).maintenanceMargin());
        final LiquidationOrderDecoder order = liquidationOrder(h);
        assertEquals(raw("1"), order.quantity());
        assertEquals(Side.SELL, order.side());
        assertEquals(raw("8455"), order.limitPrice());
        assertEquals(raw("9000"), order.bankruptcyPrice());
        assertEquals(BooleanType.TRUE, h.query(1).inLiquidation());

        // Filled whole @ 8,800, worse than BP: wallet 1,000 - 1,200 = -200, MB' = -200 so the fee is capped at 0.
        // Flat with collateral -200: the fund pays 200 (1,000 -> 800) and the liquidation completes.
        h.send(h.in.fill(h.buffer, 0, FIRST_ID, 1, 1, false, "8800", "1", "0"));
        assertEquals(List.of(POSITION, ACCOUNT, FUND, COMPLETED, ACCOUNT), h.lastTemplates());
        final InsuranceFundUpdateDecoder cover = fund(h);
        assertEquals(InsuranceFundReason.BANKRUPTCY_COVER, cover.reason());
        assertEquals(raw("-200"), cover.delta());
        assertEquals(raw("800"), cover.balance());
        assertEquals(1, completed(h).accountId());
        assertEquals(0, completed(h).instrumentId());
        final AccountUpdateDecoder after = h.accountUpdate();
        assertEquals(0, after.walletBalance());
        assertEquals(BooleanType.FALSE, after.inLiquidation());
        assertEquals(1, h.engine.counters().bankruptcyCovers());
        assertEquals(1, h.engine.counters().liquidationsCompleted());

        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "8800", "1", "0"));
        ConservationCheck.assertConserved(h.engine, 1);
    }

    @Test
    void shouldCapTheLiquidationFeeAtWhatIsLeftOfTheMarginBalance()
    {
        final EngineHarness h = crossLong("1000");
        h.send(h.in.markPrice(h.buffer, 0, 1, "8900"));
        // Filled whole @ 9,010, better than BP 9,000: wallet 1,000 - 990 = 10 = MB'. Fee ceil(9,010 * 0.005) = 45.05,
        // capped at 10: the fund gets 10 (1,010), the wallet is 0, nothing to cover.
        h.send(h.in.fill(h.buffer, 0, FIRST_ID, 1, 1, false, "9010", "1", "0"));
        assertEquals(List.of(POSITION, ACCOUNT, FUND, COMPLETED, ACCOUNT), h.lastTemplates());
        final InsuranceFundUpdateDecoder fee = fund(h);
        assertEquals(InsuranceFundReason.LIQUIDATION_FEE, fee.reason());
        assertEquals(raw("10"), fee.delta());
        assertEquals(raw("1010"), fee.balance());
        assertEquals(0, h.accountUpdate().walletBalance());
        assertEquals(raw("1010"), h.engine.ledger().insuranceFund(1));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "9010", "1", "0"));
        ConservationCheck.assertConserved(h.engine, 1);
    }

    @Test
    void shouldAutoDeleverageWithoutAMarketOrderWhenTheFundCannotCoverAndRankCounterparties()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "1000")
            .account(2, "10000").account(3, "10000").account(4, "5000");
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 3, 1, false, "10000", "0.3", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000", "0.3", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 4, 1, false, "10000", "0.4", "0"));

        // Mark 8,900: MB = -100, fund 0 < 100: ADL of the whole 1 at floorToTick(8,900 + 100 / 1) = 9,000.
        // Every short has PnL% 0.11. Score = PnL% * notional / MB: account 4: 0.11 * 3,560 / 5,440 = 0.07198529;
        // accounts 2 and 3: 0.11 * 2,670 / 10,330 = 0.02843175 each, the tie goes to the lower id.
        h.send(h.in.markPrice(h.buffer, 0, 1, "8900"));
        assertEquals(List.of(CALL, CALL, STARTED, ADL, POSITION, ACCOUNT, ADL, POSITION, ACCOUNT, ADL, POSITION,
            ACCOUNT, POSITION, ACCOUNT, COMPLETED, ACCOUNT), h.lastTemplates());
        final List<byte[]> adl = all(h, ADL);
        final long[][] expected = { { 4, raw("0.4") }, { 2, raw("0.3") }, { 3, raw("0.3") } };
        for (int i = 0; i < 3; i++)
        {
            final AutoDeleverageDecoder d = adl(adl.get(i));
            assertEquals(expected[i][0], d.accountId());
            assertEquals(1, d.liquidatedAccountId());
            assertEquals(Side.BUY, d.side());
            assertEquals(expected[i][1], d.quantity());
            assertEquals(raw("9000"), d.price());
        }
        // Account 4 bought 0.4 @ 9,000 against its cost 4,000: +400.
        assertEquals(raw("5400"), accountUpdate(h.lastOutputs().get(5)).walletBalance());
        // Account 1 sold 1 @ 9,000 against its cost 10,000: wallet 0, collateral 0, nothing to cover.
        final PositionUpdateDecoder liquidated = positionUpdate(h.lastOutputs().get(12));
        assertEquals(1, liquidated.accountId());
        assertEquals(0, liquidated.size());
        assertEquals(0, h.accountUpdate().walletBalance());
        assertEquals(0, all(h, ORDER).size());
        assertEquals(3, h.engine.counters().autoDeleverages());
        ConservationCheck.assertConserved(h.engine, 1);
    }

    @Test
    void shouldAutoDeleverageTheCanceledRemainderAndRequestCancelsInIdOrder()
    {
        final EngineHarness h = crossLong("1000");
        h.send(h.in.newOrder(h.buffer, 0, 12, 1, 1, false, "11000", "0.1", false));
        h.send(h.in.newOrder(h.buffer, 0, 11, 1, 1, false, "11500", "0.1", false));
        h.send(h.in.markPrice(h.buffer, 0, 1, "8900"));
        assertEquals(List.of(CALL, CALL, STARTED, CANCEL, CANCEL, ORDER), h.lastTemplates());
        final List<byte[]> cancels = all(h, CANCEL);
        assertEquals(11, cancel(cancels.get(0)).orderId());
        assertEquals(12, cancel(cancels.get(1)).orderId());
        assertEquals(1, cancel(cancels.get(0)).accountId());
        assertEquals(1, cancel(cancels.get(0)).instrumentId());

        // 0.4 filled @ 8,900: wallet 1,000 - 440 = 560, MB' = 560 - 660 = -100, no fee. 0.6 left on the order.
        h.send(h.in.fill(h.buffer, 0, FIRST_ID, 1, 1, false, "8900", "0.4", "0"));
        assertEquals(List.of(POSITION, ACCOUNT), h.lastTemplates());
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "8900", "0.4", "0"));

        // The matching engine cancels the rest: ADL of 0.6 at floorToTick(8,900 + 100 / 0.6) = 9,066.6 against
        // account 2 (short 0.6, cost 6,000: +560.04). Account 1: 560 - 560.04 = -0.04, covered by the fund.
        h.send(h.in.orderCanceled(h.buffer, 0, FIRST_ID, 1, 1));
        assertEquals(List.of(ADL, POSITION, ACCOUNT, POSITION, ACCOUNT, FUND, COMPLETED, ACCOUNT), h.lastTemplates());
        final AutoDeleverageDecoder d = adl(h.last(ADL));
        assertEquals(2, d.accountId());
        assertEquals(raw("0.6"), d.quantity());
        assertEquals(raw("9066.6"), d.price());
        assertEquals(raw("101000.04"), accountUpdate(h.lastOutputs().get(2)).walletBalance());
        assertEquals(raw("-0.04"), fund(h).delta());
        assertEquals(raw("999.96"), fund(h).balance());
        assertEquals(0, h.accountUpdate().walletBalance());
        // The client orders stay open until the matching engine answers the cancel requests.
        h.send(h.in.orderCanceled(h.buffer, 0, 11, 1, 1));
        assertEquals(0, h.lastOutputs().size());
        ConservationCheck.assertConserved(h.engine, 1);
    }

    @Test
    void shouldLiquidateACounterpartyThatAutoDeleveragingPushedBelowMaintenanceInTheNextPass()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000");
        h.send(h.in.instrument(h.buffer, 0, 2, 1, "0.1", "0.001", EngineHarness.EXAMPLE_TIERS));
        h.send(h.in.markPrice(h.buffer, 0, 1, "7000"));
        h.send(h.in.markPrice(h.buffer, 0, 2, "800"));
        h.send(h.in.assetDefinition(h.buffer, 0, 2, "50000", "1"));
        h.account(1, null).account(2, "50").account(3, "1000000");
        h.send(h.in.deposit(h.buffer, 0, 1, 2, "1"));
        // Trades away from the marks. Account 1 (1 BTC): long 1 @ 10,000, -3,000. Account 2: short 1 @ 10,000
        // (+3,000) and long 10 @ 1,000 on instrument 2 (-2,000): MB = 50 + 1,000 = 1,050, MM = 70 + 80 = 150.
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 2, true, "1000", "10", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 3, 2, false, "1000", "10", "0"));
        assertEquals(0, h.engine.counters().liquidationsStarted());

        // BTC 50,000 -> 2,000: account 1 MB = 2,000 - 3,000 = -1,000, fund 0: ADL at 7,000 + 1,000 = 8,000 against
        // account 2, which realizes only +2,000 of its +3,000: MB = 2,050 - 2,000 = 50 <= MM = 80. Touched, so it
        // is evaluated in the next pass: margin calls, start, a round on instrument 2: limit floor(0.8 * 50) = 40,
        // MM after closing k lots (10,000 - k) * 0.008 <= 40 from k = 5,000: q = 5, BP = 800 - 50 / 10 = 795.
        h.send(h.in.assetPrice(h.buffer, 0, 2, "2000"));
        assertEquals(List.of(CALL, CALL, STARTED, ADL, POSITION, ACCOUNT, POSITION, ACCOUNT, COMPLETED, ACCOUNT,
            CALL, CALL, STARTED, ORDER), h.lastTemplates());
        final List<byte[]> starts = all(h, STARTED);
        final LiquidationStartedDecoder second = new LiquidationStartedDecoder().wrapAndApplyHeader(
            wrap(starts.get(1)), 0, new MessageHeaderDecoder());
        assertEquals(2, second.accountId());
        assertEquals(raw("50"), second.marginBalance());
        assertEquals(raw("80"), second.maintenanceMargin());
        final LiquidationOrderDecoder order = liquidationOrder(h);
        assertEquals(2, order.accountId());
        assertEquals(2, order.instrumentId());
        assertEquals(FIRST_ID, order.orderId());
        assertEquals(raw("5"), order.quantity());
        assertEquals(raw("795"), order.limitPrice());
        assertEquals(raw("795"), order.bankruptcyPrice());
        assertEquals(raw("8000"), adl(h.last(ADL)).price());
        ConservationCheck.assertConserved(h.engine, 1);
    }

    @Test
    void shouldRetryAWaitingScopeAfterAnUnrelatedEvent()
    {
        final EngineHarness h = crossLong(null);
        h.account(3, "100000").account(4, "100000").account(6, "10000").account(7, "10000");
        // Account 2 buys its short back @ 8,800 from account 4, whose short @ 8,800 is the only one left.
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "8800", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 4, 1, false, "8800", "1", "0"));
        // Mark 8,900: account 1 MB = -100, fund 0: ADL, but account 4's PnL is -100: no candidate, the step waits.
        h.send(h.in.markPrice(h.buffer, 0, 1, "8900"));
        assertEquals(List.of(CALL, CALL, STARTED), h.lastTemplates());

        // Account 6 sells 1 @ 9,500 (PnL +600 at 8,900). Pass 1 holds account 6 and the waiting account 1, which
        // comes first: ADL at 9,000 against account 6 (+500), account 1 ends with 0 and completes. Account 6 was
        // touched, so its own scope waits for the next pass (nothing left to do there).
        h.send(h.in.fill(h.buffer, 0, 0, 6, 1, false, "9500", "1", "0"));
        assertEquals(List.of(POSITION, ACCOUNT, ADL, POSITION, ACCOUNT, POSITION, ACCOUNT, COMPLETED, ACCOUNT),
            h.lastTemplates());
        final AutoDeleverageDecoder d = adl(h.last(ADL));
        assertEquals(6, d.accountId());
        assertEquals(raw("9000"), d.price());
        assertEquals(raw("10500"), accountUpdate(h.lastOutputs().get(4)).walletBalance());
        assertEquals(0, h.accountUpdate().walletBalance());
        h.send(h.in.fill(h.buffer, 0, 0, 7, 1, true, "9500", "1", "0"));
        ConservationCheck.assertConserved(h.engine, 1);
    }

    @Test
    void shouldRejectOrdersWithdrawalsLeverageAndMarginRemovalWhileInLiquidation()
    {
        final EngineHarness h = crossLong("1000");
        h.send(h.in.markPrice(h.buffer, 0, 1, "8900"));
        h.send(h.in.newOrder(h.buffer, 0, 21, 1, 1, false, "8000", "0.1", true));
        assertEquals(RejectReason.ACCOUNT_IN_LIQUIDATION, h.orderRejected().reason());
        h.send(h.in.withdraw(h.buffer, 0, 5, 1, 1, "1"));
        assertEquals(RejectReason.ACCOUNT_IN_LIQUIDATION, h.withdrawRejected().reason());
        h.send(h.in.setLeverage(h.buffer, 0, 1, 1, 10));
        assertEquals(RejectReason.ACCOUNT_IN_LIQUIDATION, h.eventRejected().reason());
        // A deposit is applied; the scope waits for its order, so nothing else happens.
        h.send(h.in.deposit(h.buffer, 0, 1, 1, "10"));
        assertEquals(List.of(ACCOUNT), h.lastTemplates());

        final EngineHarness iso = new EngineHarness().withExampleInstrument("10000").account(1, "5000")
            .account(2, "5000");
        iso.send(iso.in.setMarginMode(iso.buffer, 0, 1, 1, true));
        iso.send(iso.in.fill(iso.buffer, 0, 0, 1, 1, true, "10000", "1", "0"));
        iso.send(iso.in.fill(iso.buffer, 0, 0, 2, 1, false, "10000", "1", "0"));
        iso.send(iso.in.markPrice(iso.buffer, 0, 1, "9590"));
        iso.send(iso.in.adjustIsolatedMargin(iso.buffer, 0, 1, 1, "-1"));
        assertEquals(RejectReason.ACCOUNT_IN_LIQUIDATION, iso.eventRejected().reason());
        iso.send(iso.in.setLeverage(iso.buffer, 0, 1, 1, 10));
        assertEquals(RejectReason.ACCOUNT_IN_LIQUIDATION, iso.eventRejected().reason());
        // The cross scope is not in liquidation: withdrawals go on.
        iso.send(iso.in.withdraw(iso.buffer, 0, 6, 1, 1, "1"));
        assertEquals(List.of(WithdrawAcceptedDecoder.TEMPLATE_ID, ACCOUNT), iso.lastTemplates());
        // Adding margin is allowed: 100 + 90 = MB 190 > MM 95.9, but the scope waits for its pending order.
        iso.send(iso.in.adjustIsolatedMargin(iso.buffer, 0, 1, 1, "100"));
        assertEquals(List.of(POSITION, ACCOUNT), iso.lastTemplates());
        // The order is canceled with nothing filled: the loop sees MB 190 > MM 95.9 first and completes.
        iso.send(iso.in.orderCanceled(iso.buffer, 0, FIRST_ID, 1, 1));
        assertEquals(List.of(COMPLETED, POSITION, ACCOUNT), iso.lastTemplates());
        assertEquals(1, completed(iso).instrumentId());
    }

    @Test
    void shouldContinueByteForByteAfterASnapshotTakenMidLiquidation()
    {
        final EngineHarness h = crossLong("1000");
        h.account(3, "1300");
        h.send(h.in.fill(h.buffer, 0, 0, 3, 1, true, "10000", "1", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000", "1", "0"));
        h.send(h.in.markPrice(h.buffer, 0, 1, "8900"));
        h.send(h.in.fill(h.buffer, 0, FIRST_ID, 1, 1, false, "8900", "0.4", "0"));

        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(4096);
        final int length = h.engine.writeSnapshot(snapshot, 0);
        final EngineHarness restored = new EngineHarness();
        restored.engine.loadSnapshot(snapshot, 0, length);
        restored.seq = h.seq;
        assertEquals(h.engine.digest(), restored.engine.digest());

        final List<byte[]> original = new ArrayList<>();
        final List<byte[]> copy = new ArrayList<>();
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "8900", "0.4", "0"));
        original.addAll(h.lastOutputs());
        restored.send(restored.in.fill(restored.buffer, 0, 0, 2, 1, true, "8900", "0.4", "0"));
        copy.addAll(restored.lastOutputs());
        h.send(h.in.orderCanceled(h.buffer, 0, FIRST_ID, 1, 1));
        original.addAll(h.lastOutputs());
        restored.send(restored.in.orderCanceled(restored.buffer, 0, FIRST_ID, 1, 1));
        copy.addAll(restored.lastOutputs());
        // Account 3 is liquidated after the restore: the engine's order ids continue.
        h.send(h.in.markPrice(h.buffer, 0, 1, "8000"));
        original.addAll(h.lastOutputs());
        restored.send(restored.in.markPrice(restored.buffer, 0, 1, "8000"));
        copy.addAll(restored.lastOutputs());
        assertEquals(FIRST_ID + 1, liquidationOrder(restored).orderId());
        assertEquals(3, liquidationOrder(restored).accountId());

        assertEquals(original.size(), copy.size());
        assertTrue(original.size() > 5);
        for (int i = 0; i < original.size(); i++)
        {
            assertArrayEquals(original.get(i), copy.get(i), "message " + i);
        }
        assertEquals(h.engine.digest(), restored.engine.digest());
        final ExpandableArrayBuffer again = new ExpandableArrayBuffer(4096);
        final ExpandableArrayBuffer againRestored = new ExpandableArrayBuffer(4096);
        final int l1 = h.engine.writeSnapshot(again, 0);
        final int l2 = restored.engine.writeSnapshot(againRestored, 0);
        assertEquals(l1, l2);
        for (int i = 0; i < l1; i++)
        {
            assertEquals(again.getByte(i), againRestored.getByte(i), "snapshot byte " + i);
        }
    }

    @Test
    void shouldCoverTheLiquidationStateInTheDigestAndTheSnapshot()
    {
        final EngineHarness h = crossLong("1000");
        h.send(h.in.markPrice(h.buffer, 0, 1, "8900"));
        final Position position = h.engine.accounts.get(1L).position(1);
        assertEquals(FIRST_ID, position.liqOrderId);
        final String base = h.engine.digest();

        position.liqRemaining++;
        assertDigestChangesAndSurvivesSnapshot(h, base);
        position.liqRemaining--;
        position.liqBuy = !position.liqBuy;
        assertDigestChangesAndSurvivesSnapshot(h, base);
        position.liqBuy = !position.liqBuy;
        position.adlRemaining = 5;
        assertDigestChangesAndSurvivesSnapshot(h, base);
        position.adlRemaining = 0;
        position.liqOrderId++;
        assertDigestChangesAndSurvivesSnapshot(h, base);
        position.liqOrderId--;
        h.engine.state.nextLiquidationOrderId++;
        assertDigestChangesAndSurvivesSnapshot(h, base);
        h.engine.state.nextLiquidationOrderId--;
        h.engine.accounts.get(1L).crossInLiquidation = false;
        assertDigestChangesAndSurvivesSnapshot(h, base);
        h.engine.accounts.get(1L).crossInLiquidation = true;
        assertEquals(base, h.engine.digest());
    }

    private static void assertDigestChangesAndSurvivesSnapshot(final EngineHarness h, final String base)
    {
        final String changed = h.engine.digest();
        assertNotEquals(base, changed);
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(4096);
        final int length = h.engine.writeSnapshot(snapshot, 0);
        final EngineHarness restored = new EngineHarness();
        restored.engine.loadSnapshot(snapshot, 0, length);
        assertEquals(changed, restored.engine.digest());
    }

    // --------------------------------------------------------------------------------------------------------
    // Decoding helpers

    private static UnsafeBuffer wrap(final byte[] message)
    {
        return new UnsafeBuffer(message);
    }

    private static List<byte[]> all(final EngineHarness h, final int templateId)
    {
        final List<byte[]> found = new ArrayList<>();
        for (final byte[] m : h.lastOutputs())
        {
            if (EngineHarness.templateId(m) == templateId)
            {
                found.add(m);
            }
        }
        return found;
    }

    @Test
    void shouldApplyAFillThatLeavesAMarginBalanceOfOneUnitAndReportItsRatioAsNull()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("30000").account(1, "10000");
        // Long 4 @ 30,000 with a fee of all but one raw unit of the wallet: MB = 10^-8, notional 120,000 in tier 2,
        // MM = 120,000 * 2.5 % - 1,500 = 1,500, so MM*R/MB = 1.5 * 10^19 does not fit in a long. The fill is a fact:
        // it is applied, the ratio is reported as null, and the scope goes straight into liquidation.
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "30000", "4", "9999.99999999"));
        assertEquals(List.of(POSITION, ACCOUNT, CALL, CALL, STARTED, ORDER), h.lastTemplates());
        final AccountUpdateDecoder account = accountUpdate(h.last(ACCOUNT));
        assertEquals(1, account.marginBalance());
        assertEquals(raw("1500"), account.maintenanceMargin());
        assertEquals(AccountUpdateDecoder.marginRatioNullValue(), account.marginRatio());
        assertEquals(raw("4"), liquidationOrder(h).quantity());
    }

    private static LiquidationStartedDecoder started(final EngineHarness h)
    {
        return new LiquidationStartedDecoder().wrapAndApplyHeader(wrap(h.last(STARTED)), 0, new MessageHeaderDecoder());
    }

    private static LiquidationOrderDecoder liquidationOrder(final EngineHarness h)
    {
        return new LiquidationOrderDecoder().wrapAndApplyHeader(wrap(h.last(ORDER)), 0, new MessageHeaderDecoder());
    }

    private static InsuranceFundUpdateDecoder fund(final EngineHarness h)
    {
        return new InsuranceFundUpdateDecoder().wrapAndApplyHeader(wrap(h.last(FUND)), 0, new MessageHeaderDecoder());
    }

    private static LiquidationCompletedDecoder completed(final EngineHarness h)
    {
        return new LiquidationCompletedDecoder().wrapAndApplyHeader(
            wrap(h.last(COMPLETED)), 0, new MessageHeaderDecoder());
    }

    private static AutoDeleverageDecoder adl(final byte[] message)
    {
        return new AutoDeleverageDecoder().wrapAndApplyHeader(wrap(message), 0, new MessageHeaderDecoder());
    }

    private static CancelOrderRequestDecoder cancel(final byte[] message)
    {
        return new CancelOrderRequestDecoder().wrapAndApplyHeader(wrap(message), 0, new MessageHeaderDecoder());
    }

    private static AccountUpdateDecoder accountUpdate(final byte[] message)
    {
        return new AccountUpdateDecoder().wrapAndApplyHeader(wrap(message), 0, new MessageHeaderDecoder());
    }

    private static PositionUpdateDecoder positionUpdate(final byte[] message)
    {
        return new PositionUpdateDecoder().wrapAndApplyHeader(wrap(message), 0, new MessageHeaderDecoder());
    }
}
