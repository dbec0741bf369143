package io.perprisk.engine.reference;

import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.reference.InboundMessages.TierSpec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Liquidation, the insurance fund and auto-deleveraging of the reference model (docs/arithmetic.md §10–§11) on
 * examples computed by hand in the comments, so that the model is trusted independently of the engine.
 * <p>
 * Instrument: tick 0.1, lot 0.001, liquidation fee 0.2 %, price band 5 %, target ratio 0.8, tiers
 * {@code [100,000 → 50x, 1 %], [1,000,000 → 20x, 2.5 %], [5,000,000 → 10x, 5 %]}; default margin-call levels 0.8 and
 * 0.9. Every fill in these examples has fee 0.
 */
class ReferenceLiquidationTest
{
    private static final long R = 100_000_000L;
    private static final int USDT = 1;
    private static final int PERP = 10;
    private static final long FIRST_ENGINE_ORDER = 1L << 62;

    private final List<byte[]> outbound = new ArrayList<>();
    private ReferenceEngine engine;
    private long seq;
    private long tradeId;

    @BeforeEach
    void setUp()
    {
        engine = new ReferenceEngine(new EngineConfiguration().maxAccounts(100),
            (s, buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                outbound.add(copy);
            });
        send(InboundMessages.assetDefinition(USDT, "USDT", R, R));
        send(InboundMessages.instrumentDefinition(PERP, "BTCUSDT", USDT, R / 10, R / 1000, R / 500, 5 * R / 100,
            80_000_000L,
            new TierSpec(100_000 * R, 50, R / 100),
            new TierSpec(1_000_000 * R, 20, 2_500_000L),
            new TierSpec(5_000_000 * R, 10, 5_000_000L)));
        send(InboundMessages.markPrice(PERP, 10_000 * R, 1));
    }

    @Test
    void shouldLiquidatePartOfAnIsolatedPositionAndComplete()
    {
        send(InboundMessages.insuranceFundDeposit(USDT, 10_000 * R));
        openAccount(40, 100_000 * R);
        openAccount(41, 1_000_000 * R);
        send(InboundMessages.setMarginMode(40, PERP, MarginMode.ISOLATED));
        // Long 2 @ 10,000 isolated at the default leverage 20: isolated margin ceil(20,000 / 20) = 1,000.
        trade(40, 41, 10_000 * R, 2 * R);

        // Mark 9,560: UPnL = 2·9,560 − 20,000 = −880, MB = 1,000 − 880 = 120; N = 19,120, MM = 1 % = 191.2.
        // MB ≤ MM: margin calls (ratio ceil(191.2 / 120) = 1.59333334), then the start (no open orders).
        // Round: MB > 0, so the smallest k (lots of 0.001, K = 2,000) with MM_p(2 − 0.001k)·R ≤ 0.8·MB = 96:
        // (2 − 0.001k)·9,560·1 % ≤ 96 ⇔ k ≥ 995.8, so k = 996 (MM 95.9824; k = 995 gives 96.078): q = 0.996.
        // BP = 9,560 − 120/2 = 9,500, not through the mark: the limit is ceilToTick(9,500) = 9,500.
        final List<Map<String, String>> crash = send(InboundMessages.markPrice(PERP, 9_560 * R, 2));
        assertEquals(List.of("MarginCall", "MarginCall", "LiquidationStarted", "LiquidationOrder"), names(crash));
        assertEquals("159333334", crash.get(0).get("marginRatio"));
        assertFields(crash.get(2), "accountId", 40, "instrumentId", PERP, "marginBalance", 120 * R,
            "maintenanceMargin", 19_120 * R / 100);
        assertFields(crash.get(3), "orderId", FIRST_ENGINE_ORDER, "accountId", 40, "instrumentId", PERP,
            "quantity", 996 * R / 1000, "limitPrice", 9_500 * R, "bankruptcyPrice", 9_500 * R);
        assertEquals("SELL", crash.get(3).get("side"));

        // An order the account placed before cannot be placed now, and isolated margin cannot be removed.
        assertEquals("ACCOUNT_IN_LIQUIDATION", send(InboundMessages.newOrder(
            1, 40, PERP, Side.SELL, 9_600 * R, R / 1000, true)).get(0).get("reason"));
        assertEquals(List.of("EventRejected"), names(send(InboundMessages.adjustIsolatedMargin(40, PERP, -R))));

        // The whole order fills at 9,600 (better than the limit): released cost ceil(20,000·0.996/2) = 9,960,
        // n = 9,561.6, realized −398.4 stays in the isolated margin: 601.6. Remaining long 1.004 (cost 10,040)
        // has UPnL 9,598.24 − 10,040 = −441.76, so MB' = 159.84; liquidation fee min(ceil(0.2 %·9,561.6),
        // 159.84) = 19.1232 → isolated margin 582.4768, MB = 140.7168 > MM 95.9824: completed (not flat, so nothing
        // is covered or returned); the fund holds 10,019.1232.
        final List<Map<String, String>> fill = send(InboundMessages.fill(
            99, FIRST_ENGINE_ORDER, 40, PERP, Side.SELL, 9_600 * R, 996 * R / 1000, 0, 3));
        assertEquals(List.of("PositionUpdate", "AccountUpdate", "InsuranceFundUpdate", "LiquidationCompleted",
            "PositionUpdate", "AccountUpdate"), names(fill));
        assertFields(fill.get(0), "size", 1_004 * R / 1000, "isolatedMargin", 5_824_768L * R / 10_000,
            "realizedPnl", -3_984 * R / 10);
        assertFields(fill.get(2), "assetId", USDT, "balance", 100_191_232L * R / 10_000,
            "delta", 191_232L * R / 10_000);
        assertEquals("LIQUIDATION_FEE", fill.get(2).get("reason"));
        assertFields(fill.get(3), "accountId", 40, "instrumentId", PERP);
        assertEquals(fill.get(0), fill.get(4));
        // The wallet kept 99,000: nothing left the isolated margin.
        assertFields(fill.get(5), "walletBalance", 99_000 * R);
        assertEquals("FALSE", fill.get(5).get("inLiquidation"));

        // The counterparty's side of the trade, and the order id is never used again.
        send(InboundMessages.fill(99, 0, 41, PERP, Side.BUY, 9_600 * R, 996 * R / 1000, 0, 3));
        assertEquals(0, engine.walletBalance(40, USDT) + engine.walletBalance(41, USDT) + engine.isolatedMargin(40,
            PERP) + engine.ledger().insuranceFund(USDT) - 1_110_000 * R + engine.ledger().totalSignedEntryCost()
            - engine.lifetimeRealizedPnl(40) - engine.lifetimeRealizedPnl(41));
    }

    @Test
    void shouldLiquidateACrossAccountFullyAndCoverItsDeficitFromTheInsuranceFund()
    {
        send(InboundMessages.insuranceFundDeposit(USDT, 10_000 * R));
        openAccount(50, 1_000 * R);
        openAccount(51, 1_000_000 * R);
        trade(50, 51, 10_000 * R, R);
        send(InboundMessages.newOrder(7, 50, PERP, Side.BUY, 9_000 * R, R / 100, false));

        // Mark 8,900: UPnL −1,100, MB = 1,000 − 1,100 = −100 ≤ MM = 89: both margin calls with a null ratio, the
        // start, the cancel of the open order. Round: MB ≤ 0 so q = Q = 1; the fund (10,000) covers −MB, so an order.
        // BP = 8,900 + 100 = 9,000 > P (through the mark): the limit is ceilToTick(8,900·0.95) = 8,455; the wire
        // bankruptcy price is 9,000.
        final List<Map<String, String>> crash = send(InboundMessages.markPrice(PERP, 8_900 * R, 2));
        assertEquals(List.of("MarginCall", "MarginCall", "LiquidationStarted", "CancelOrderRequest",
            "LiquidationOrder"), names(crash));
        assertEquals(String.valueOf(Long.MIN_VALUE), crash.get(0).get("marginRatio"));
        assertFields(crash.get(2), "accountId", 50, "instrumentId", 0, "marginBalance", -100 * R,
            "maintenanceMargin", 89 * R);
        assertFields(crash.get(3), "orderId", 7, "accountId", 50, "instrumentId", PERP);
        assertFields(crash.get(4), "orderId", FIRST_ENGINE_ORDER, "quantity", R, "limitPrice", 8_455 * R,
            "bankruptcyPrice", 9_000 * R);
        assertEquals("WithdrawRejected", names(send(InboundMessages.withdraw(1, 50, USDT, R))).get(0));

        // The matching engine answers the cancel request; the order leaves the order margin.
        assertEquals(List.of(), names(send(InboundMessages.orderCanceled(7, 50, PERP, R / 100))));

        // Fill of the whole order at 8,800 (within the limit, below the bankruptcy price): realized 8,800 − 10,000
        // = −1,200, wallet −200, flat; liquidation fee min(17.6, max(0, −200)) = 0 (no fund update). Completion:
        // flat with deficit 200, the fund pays min(200, 10,000) = 200 → 9,800; wallet 0.
        final List<Map<String, String>> fill = send(InboundMessages.fill(
            5, FIRST_ENGINE_ORDER, 50, PERP, Side.SELL, 8_800 * R, R, 0, 3));
        assertEquals(List.of("PositionUpdate", "AccountUpdate", "InsuranceFundUpdate", "LiquidationCompleted",
            "AccountUpdate"), names(fill));
        assertFields(fill.get(0), "size", 0, "realizedPnl", -1_200 * R);
        assertFields(fill.get(1), "walletBalance", -200 * R);
        assertEquals("TRUE", fill.get(1).get("inLiquidation"));
        assertFields(fill.get(2), "balance", 9_800 * R, "delta", -200 * R);
        assertEquals("BANKRUPTCY_COVER", fill.get(2).get("reason"));
        assertFields(fill.get(3), "accountId", 50, "instrumentId", 0);
        assertFields(fill.get(4), "walletBalance", 0, "marginBalance", 0);
        assertEquals("FALSE", fill.get(4).get("inLiquidation"));

        send(InboundMessages.fill(5, 0, 51, PERP, Side.BUY, 8_800 * R, R, 0, 3));
        assertEquals(1_001_200 * R, engine.walletBalance(51, USDT));
        assertEquals(9_800 * R, engine.ledger().insuranceFund(USDT));
        // A later fill naming the ended order is an ordinary fill of an unknown order (an anomaly): it opens a
        // short 0.001 @ 8,800 on an empty account; at the mark 8,900, MB = UPnL = −8.9 + 8.8 = −0.1 ≤ MM =
        // 8.9·1 % = 0.089, so a new liquidation starts; the fund covers −MB, so an order with the next engine id.
        final long anomalies = engine.counters().fillAnomalies();
        final List<Map<String, String>> late = send(InboundMessages.fill(
            6, FIRST_ENGINE_ORDER, 50, PERP, Side.SELL, 8_800 * R, R / 1000, 0, 4));
        assertEquals(List.of("PositionUpdate", "AccountUpdate", "MarginCall", "MarginCall", "LiquidationStarted",
            "LiquidationOrder"), names(late));
        assertEquals(1, engine.counters().fillAnomalies() - anomalies);
        assertFields(late.get(4), "marginBalance", -R / 10, "maintenanceMargin", 89 * R / 1000);
        assertFields(late.get(5), "orderId", FIRST_ENGINE_ORDER + 1, "quantity", R / 1000);
        assertEquals("BUY", late.get(5).get("side"));
        assertEquals(2, engine.counters().liquidationsStarted());
    }

    @Test
    void shouldDeleverageTheMostProfitableCounterpartiesFirstAndBreakTiesByAccountId()
    {
        // The fund holds only 10.
        send(InboundMessages.insuranceFundDeposit(USDT, 10 * R));
        openAccount(60, 1_000 * R);
        for (final long id : new long[]{ 65, 63, 61, 62 })
        {
            openAccount(id, 10_000 * R);
        }
        openAccount(64, 5_000 * R);
        openAccount(66, 100_000 * R);
        // 60 long 1 and 66 long 0.25, against five shorts of 0.25 @ 10,000.
        trade(60, 65, 10_000 * R, R / 4);
        trade(60, 63, 10_000 * R, R / 4);
        trade(60, 64, 10_000 * R, R / 4);
        trade(60, 61, 10_000 * R, R / 4);
        trade(66, 62, 10_000 * R, R / 4);

        // Mark 8,800: 60 has UPnL −1,200, MB = −200 ≤ MM = 88. The fund (10) is below −MB = 200: ADL of q = Q = 1
        // at the bankruptcy price 8,800 + 200/1 = 9,000 (floorToTick for a long).
        // Each short has UPnL −2,200 + 2,500 = 300, cost 2,500: pnlPct = 0.12 (12,000,000 raw), N = 2,200.
        // Score = floor(pnlPct·N / MB_c): 61, 62, 63, 65 with MB 10,300: floor(12,000,000·2,200/10,300) =
        // 2,563,106 (a tie, broken by account id, whatever the order of opening and trading); 64 with MB 5,300:
        // 4,981,132. Ranking 64, 61, 62, 63, 65 (62's short faces 66, not 60: any opposite position counts); r = 1
        // closes 0.25 of each of the first four: each short realizes 2,500 − 2,250 = 250, the long −250 each time,
        // ending flat with wallet 1,000 − 1,000 = 0. Then completion: flat, no deficit, nothing from the fund.
        final List<Map<String, String>> crash = send(InboundMessages.markPrice(PERP, 8_800 * R, 2));
        assertEquals(List.of("MarginCall", "MarginCall", "LiquidationStarted",
            "AutoDeleverage", "PositionUpdate", "AccountUpdate",
            "AutoDeleverage", "PositionUpdate", "AccountUpdate",
            "AutoDeleverage", "PositionUpdate", "AccountUpdate",
            "AutoDeleverage", "PositionUpdate", "AccountUpdate",
            "PositionUpdate", "AccountUpdate", "LiquidationCompleted", "AccountUpdate"), names(crash));
        final long[] order = { 64, 61, 62, 63 };
        for (int i = 0; i < order.length; i++)
        {
            final Map<String, String> adl = crash.get(3 + 3 * i);
            assertFields(adl, "accountId", order[i], "liquidatedAccountId", 60, "instrumentId", PERP,
                "quantity", R / 4, "price", 9_000 * R);
            assertEquals("BUY", adl.get("side"));
            assertFields(crash.get(4 + 3 * i), "accountId", order[i], "size", 0, "realizedPnl", 250 * R);
        }
        assertFields(crash.get(15), "accountId", 60, "size", 0, "realizedPnl", -1_000 * R);
        assertFields(crash.get(16), "walletBalance", 0);
        assertEquals(-R / 4, engine.positionSize(65, PERP));
        assertEquals(10 * R, engine.ledger().insuranceFund(USDT));
        assertEquals(5_250 * R, engine.walletBalance(64, USDT));
        assertEquals(10_250 * R, engine.walletBalance(61, USDT));
        assertEquals(1, engine.counters().liquidationsStarted());
        assertEquals(4, engine.counters().autoDeleverages());
    }

    @Test
    void shouldWaitForCounterpartiesAndDeleverageNoMoreThanThePositionLeft()
    {
        // No insurance fund. 70 long 1 @ 10,000 on 1,000; the shorts are 76 (1 @ 7,000) and 71 (1 @ 8,650).
        for (final long id : new long[]{ 71, 72, 73, 74, 76, 77, 78 })
        {
            openAccount(id, 1_000_000 * R);
        }
        openAccount(70, 1_000 * R);
        trade(74, 76, 7_000 * R, R);
        trade(70, 74, 10_000 * R, R);
        trade(77, 71, 8_650 * R, R);

        // Mark 8,800: MB = −200 ≤ MM = 88, the fund (0) cannot cover: ADL of 1 at 9,000. No short has UPnL > 0
        // (76: −1,800, 71: −150), so nothing closes and the scope waits with adlRemaining = 1.
        assertEquals(List.of("MarginCall", "MarginCall", "LiquidationStarted"),
            names(send(InboundMessages.markPrice(PERP, 8_800 * R, 2))));

        // An ordinary sell of 0.4 @ 8,800: realized −480, wallet 520, long 0.6 (cost 6,000). The waiting scope's ADL
        // step first lowers adlRemaining to 0.6; still no candidate.
        assertEquals(List.of("PositionUpdate", "AccountUpdate"),
            names(send(InboundMessages.fill(90, 0, 70, PERP, Side.SELL, 8_800 * R, 4 * R / 10, 0, 3))));
        send(InboundMessages.fill(90, 0, 72, PERP, Side.BUY, 8_800 * R, 4 * R / 10, 0, 3));
        trade(78, 73, 8_800 * R, 4 * R / 10);

        // Mark 8,700: 73's short 0.4 @ 8,800 gains 40, the only candidate. 70: UPnL 5,220 − 6,000 = −780, MB = −260;
        // BP = 8,700 + 260/0.6 = 9,133.33 → floorToTick 9,133.3. 73 closes 0.4 (realizing 0.4·(8,800 − 9,133.3) =
        // −133.32); 70 releases ceil(6,000·0.4/0.6) = 4,000 against 3,653.32: wallet 520 − 346.68 = 173.32, left
        // long 0.2 with adlRemaining 0.2: waiting again.
        final List<Map<String, String>> first = send(InboundMessages.markPrice(PERP, 8_700 * R, 4));
        assertEquals(List.of("AutoDeleverage", "PositionUpdate", "AccountUpdate", "PositionUpdate", "AccountUpdate"),
            names(first));
        assertFields(first.get(0), "accountId", 73, "liquidatedAccountId", 70, "quantity", 4 * R / 10,
            "price", 91_333 * R / 10);
        assertFields(first.get(1), "realizedPnl", -13_332 * R / 100);
        assertFields(first.get(4), "walletBalance", 17_332 * R / 100);

        // Mark 8,600: 71's short @ 8,650 now gains 10. 70: UPnL 1,720 − 2,000 = −280, MB = −106.68; BP = 8,600 +
        // 106.68/0.2 = 9,133.4. 71 closes 0.2; 70 realizes 1,826.68 − 2,000 = −173.32, wallet 0, flat, adlRemaining
        // 0: completed in the same event (had adlRemaining stayed 1 − 0.4 = 0.6, the step would stop with 0.4 left).
        final List<Map<String, String>> second = send(InboundMessages.markPrice(PERP, 8_600 * R, 5));
        assertEquals(List.of("AutoDeleverage", "PositionUpdate", "AccountUpdate", "PositionUpdate", "AccountUpdate",
            "LiquidationCompleted", "AccountUpdate"), names(second));
        assertFields(second.get(0), "accountId", 71, "quantity", 2 * R / 10, "price", 91_334 * R / 10);
        assertFields(second.get(3), "accountId", 70, "size", 0);
        assertFields(second.get(6), "walletBalance", 0, "inLiquidation", "FALSE");
    }

    private void openAccount(final long accountId, final long usdt)
    {
        send(InboundMessages.accountOpen(accountId));
        send(InboundMessages.deposit(accountId, USDT, usdt));
    }

    private void trade(final long buyer, final long seller, final long price, final long quantity)
    {
        tradeId++;
        send(InboundMessages.fill(tradeId, 0, buyer, PERP, Side.BUY, price, quantity, 0, tradeId));
        send(InboundMessages.fill(tradeId, 0, seller, PERP, Side.SELL, price, quantity, 0, tradeId));
    }

    private List<Map<String, String>> send(final byte[] message)
    {
        outbound.clear();
        seq++;
        engine.onEvent(seq, new UnsafeBuffer(message), 0, message.length);
        final List<Map<String, String>> messages = new ArrayList<>();
        for (final byte[] bytes : outbound)
        {
            messages.add(fields(MessageText.render(bytes)));
        }
        return messages;
    }

    /** The fields of a rendered message, plus {@code "name"}: the text {@code [Name](...):a=1|b=2}. */
    private static Map<String, String> fields(final String text)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", text.substring(1, text.indexOf(']')));
        for (final String part : text.substring(text.indexOf("):") + 2).split("\\|"))
        {
            final int equals = part.indexOf('=');
            if (equals > 0)
            {
                fields.put(part.substring(0, equals), part.substring(equals + 1));
            }
        }
        return fields;
    }

    private static List<String> names(final List<Map<String, String>> messages)
    {
        final List<String> names = new ArrayList<>();
        for (final Map<String, String> message : messages)
        {
            names.add(message.get("name"));
        }
        return names;
    }

    private static void assertFields(final Map<String, String> message, final Object... namesAndValues)
    {
        for (int i = 0; i < namesAndValues.length; i += 2)
        {
            assertEquals(String.valueOf(namesAndValues[i + 1]), message.get((String) namesAndValues[i]),
                namesAndValues[i] + " of " + message);
        }
    }
}
