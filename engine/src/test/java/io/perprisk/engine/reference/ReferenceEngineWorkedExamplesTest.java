package io.perprisk.engine.reference;

import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.MarginCallDecoder;
import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.OrderAcceptedDecoder;
import io.perprisk.codecs.sbe.OrderRejectedDecoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.codecs.sbe.WithdrawRejectedDecoder;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.reference.InboundMessages.TierSpec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference model on the worked examples of MARGIN.md, so that it is trusted independently of the engine.
 */
class ReferenceEngineWorkedExamplesTest
{
    private static final long R = 100_000_000L;
    private static final int USDT = 1;
    private static final int BTC = 2;
    private static final int PERP = 10;
    private static final long TICK = R / 10;
    private static final long LOT = R / 1000;

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
        send(InboundMessages.assetDefinition(BTC, "BTC", 30_000 * R, 95_000_000L));
        send(InboundMessages.instrumentDefinition(PERP, "BTCUSDT", USDT, TICK, LOT, R / 100, 5 * R / 100,
            80_000_000L,
            new TierSpec(100_000 * R, 50, R / 100),
            new TierSpec(1_000_000 * R, 20, 2_500_000L),
            new TierSpec(5_000_000 * R, 10, 5_000_000L)));
        send(InboundMessages.markPrice(PERP, 10_000 * R, 1));
    }

    @Test
    void shouldComputeTieredMaintenanceMarginOfTheRulebookExample()
    {
        // cum = 0, 1,500, 26,500: MM = N·mmr_t − cum_t in each tier, and 8,500 at N = 400,000.
        assertEquals(500 * R, maintenanceMarginOfLong(1, 5 * R));
        assertEquals(1_000 * R, maintenanceMarginOfLong(2, 10 * R));
        assertEquals(8_500 * R, maintenanceMarginOfLong(3, 40 * R));
        assertEquals(2_000_000 * R * 5 / 100 - 26_500 * R, maintenanceMarginOfLong(5, 200 * R));
        assertEquals(5_000_000 * R * 5 / 100 - 26_500 * R, maintenanceMarginOfLong(6, 500 * R));
    }

    @Test
    void shouldKeepMaintenanceMarginContinuousAtTierBoundaries()
    {
        // At N = 1,000,000 the second tier gives 25,000 − 1,500 = 23,500 and the third 50,000 − 26,500 = 23,500.
        assertEquals(23_500 * R, maintenanceMarginOfLong(7, 100 * R));
    }

    @Test
    void shouldChargeOrderMarginOfTheRulebookExample()
    {
        openAccount(20, 100_000 * R);
        openAccount(21, 100_000 * R);
        send(InboundMessages.setLeverage(20, PERP, 10));
        send(InboundMessages.setLeverage(21, PERP, 10));

        final OrderAcceptedDecoder buy = single(
            send(InboundMessages.newOrder(1, 20, PERP, Side.BUY, 10_100 * R, R, false)), new OrderAcceptedDecoder());
        assertEquals(1_110 * R, buy.orderMargin());

        final OrderAcceptedDecoder sell = single(
            send(InboundMessages.newOrder(2, 21, PERP, Side.SELL, 9_900 * R, R, false)), new OrderAcceptedDecoder());
        assertEquals(1_090 * R, sell.orderMargin());

        // Both on one account: max(IM(10,100), IM(9,900)) + both open losses = 1,010 + 200, so the sell adds 100.
        final OrderAcceptedDecoder both = single(
            send(InboundMessages.newOrder(3, 20, PERP, Side.SELL, 9_900 * R, R, false)), new OrderAcceptedDecoder());
        assertEquals(100 * R, both.orderMargin());
        final AccountUpdateDecoder account = single(send(InboundMessages.queryAccount(20)), new AccountUpdateDecoder());
        assertEquals(1_210 * R, account.orderMargin());
        assertEquals(100_000 * R - 1_210 * R, account.availableBalance());
    }

    @Test
    void shouldNeedNoMarginForAnOrderThatOnlyReducesThePosition()
    {
        openAccount(30, 100_000 * R);
        openAccount(31, 100_000 * R);
        trade(30, 31, 10_000 * R, 2 * R);
        final OrderAcceptedDecoder reduce = single(
            send(InboundMessages.newOrder(5, 30, PERP, Side.SELL, 10_000 * R, R, true)), new OrderAcceptedDecoder());
        assertEquals(0, reduce.orderMargin());
        final OrderRejectedDecoder increase = single(
            send(InboundMessages.newOrder(6, 30, PERP, Side.BUY, 10_000 * R, R, true)), new OrderRejectedDecoder());
        assertEquals(RejectReason.REDUCE_ONLY_WOULD_INCREASE, increase.reason());
    }

    @Test
    void shouldReportTheIsolatedLiquidationPriceOfTheRulebookExample()
    {
        openAccount(40, 100_000 * R);
        openAccount(41, 100_000 * R);
        send(InboundMessages.setMarginMode(40, PERP, MarginMode.ISOLATED));
        final List<byte[]> fill = trade(40, 41, 10_000 * R, 2 * R).get(0);
        final PositionUpdateDecoder position = single(fill, new PositionUpdateDecoder());
        assertEquals(20, position.leverage());
        assertEquals(1_000 * R, position.isolatedMargin());
        assertEquals(200 * R, position.maintenanceMargin());
        // LP = (1,000 − 20,000)/(0.01·2 − 2) = 9,595.959595..., rounded up for a long.
        assertEquals(959_595_959_596L, position.liquidationPrice());
        // BP: long, P − MB/Q = 10,000 − 1,000/2.
        assertEquals(9_500 * R, position.bankruptcyPrice());
        // The isolated margin left the cross wallet.
        final AccountUpdateDecoder account = single(fill, new AccountUpdateDecoder());
        assertEquals(99_000 * R, account.walletBalance());
        assertEquals(0, account.maintenanceMargin());
    }

    @Test
    void shouldSettleFundingOfTheRulebookExample()
    {
        openAccount(50, 100_000 * R);
        openAccount(51, 100_000 * R);
        trade(50, 51, 10_000 * R, 2 * R);
        send(InboundMessages.fundingRate(PERP, 10_000L, 2));

        final PositionUpdateDecoder longPosition = positionOf(send(InboundMessages.queryAccount(50)));
        assertEquals(-2 * R, longPosition.accruedFunding());
        final PositionUpdateDecoder shortPosition = positionOf(send(InboundMessages.queryAccount(51)));
        assertEquals(2 * R, shortPosition.accruedFunding());

        // Realized into the wallet the next time the position changes, from the funding clearing ledger.
        final List<List<byte[]>> fills = trade(51, 50, 10_000 * R, R);
        final AccountUpdateDecoder longAccount = single(fills.get(1), new AccountUpdateDecoder());
        assertEquals(100_000 * R - 2 * R, longAccount.walletBalance());
        final AccountUpdateDecoder shortAccount = single(fills.get(0), new AccountUpdateDecoder());
        assertEquals(100_000 * R + 2 * R, shortAccount.walletBalance());
        assertEquals(0, engine.ledger().fundingClearing());
        assertEquals(0, engine.accruedFunding(50, PERP));
        assertEquals(0, engine.accruedFunding(51, PERP));
    }

    @Test
    void shouldRealizePnlFromTheExactCost()
    {
        openAccount(60, 100_000 * R);
        openAccount(61, 100_000 * R);
        trade(60, 61, 10_000 * R, R);
        trade(60, 61, 10_100 * R, R);
        final List<byte[]> close = trade(61, 60, 10_200 * R, 3 * R / 2).get(1);
        final PositionUpdateDecoder position = single(close, new PositionUpdateDecoder());
        // Long 2 @ 10,050 (cost 20,100); selling 1.5 releases ceil(20,100·1.5/2) = 15,075 for 15,300.
        assertEquals(R / 2, position.size());
        assertEquals(225 * R, position.realizedPnl());
        assertEquals(1_005_000_000_000L, position.entryPrice());
    }

    @Test
    void shouldKeepTheRunningRealizedPnlThroughAFlip()
    {
        openAccount(65, 100_000 * R);
        openAccount(66, 100_000 * R);
        trade(65, 66, 10_000 * R, R);
        final PositionUpdateDecoder flipped = single(trade(66, 65, 10_100 * R, 3 * R).get(1),
            new PositionUpdateDecoder());
        // The flip realizes +100 into the wallet and the running total keeps it: the fill never started from flat.
        assertEquals(-2 * R, flipped.size());
        assertEquals(100 * R, flipped.realizedPnl());
        assertEquals(10_100 * R, flipped.entryPrice());
        assertEquals(100 * R, engine.lifetimeRealizedPnl(65));
        final PositionUpdateDecoder half = single(trade(65, 66, 10_000 * R, R).get(0), new PositionUpdateDecoder());
        assertEquals(200 * R, half.realizedPnl());
        final PositionUpdateDecoder flat = single(trade(65, 66, 10_000 * R, R).get(0), new PositionUpdateDecoder());
        assertEquals(0, flat.size());
        assertEquals(300 * R, flat.realizedPnl());
        final PositionUpdateDecoder reopened = single(trade(65, 66, 10_000 * R, R).get(0),
            new PositionUpdateDecoder());
        assertEquals(0, reopened.realizedPnl());
    }

    @Test
    void shouldCallMarginOncePerCrossingAndRearmBelowTheHysteresis()
    {
        openAccount(70, 1_000 * R);
        openAccount(71, 1_000_000 * R);
        send(InboundMessages.setLeverage(70, PERP, 50));
        trade(70, 71, 10_000 * R, 5 * R);
        // Long 5 @ 10,000 with 1,000 equity: MM = 1 % · N; the ratio reaches 0.8 when MB = 1.25·MM.
        final List<byte[]> drop = send(InboundMessages.markPrice(PERP, 9_920 * R, 2));
        final MarginCallDecoder call = single(drop, new MarginCallDecoder());
        assertEquals(70, call.accountId());
        assertEquals(0, call.instrumentId());
        assertEquals(80_000_000L, call.level());
        assertTrue(call.marginRatio() >= 80_000_000L && call.marginRatio() < 90_000_000L);

        assertEquals(0, count(send(InboundMessages.markPrice(PERP, 9_918 * R, 3)), MarginCallDecoder.TEMPLATE_ID));
        // Below 0.8 but not below 0.75: still disarmed.
        assertEquals(0, count(send(InboundMessages.markPrice(PERP, 9_928 * R, 4)), MarginCallDecoder.TEMPLATE_ID));
        assertEquals(0, count(send(InboundMessages.markPrice(PERP, 9_920 * R, 5)), MarginCallDecoder.TEMPLATE_ID));
        // Below 0.75: re-armed, so the next rise through 0.8 calls again.
        assertEquals(0, count(send(InboundMessages.markPrice(PERP, 10_000 * R, 6)), MarginCallDecoder.TEMPLATE_ID));
        assertEquals(1, count(send(InboundMessages.markPrice(PERP, 9_920 * R, 7)), MarginCallDecoder.TEMPLATE_ID));
        // Through both levels at once, margin balance ≤ 0 counts above every level.
        final List<byte[]> crash = send(InboundMessages.markPrice(PERP, 9_000 * R, 8));
        assertEquals(1, count(crash, MarginCallDecoder.TEMPLATE_ID));
        final MarginCallDecoder nullRatio = single(crash, new MarginCallDecoder());
        assertEquals(MarginCallDecoder.marginRatioNullValue(), nullRatio.marginRatio());
        assertEquals(90_000_000L, nullRatio.level());
    }

    @Test
    void shouldRejectWithdrawalBeyondWithdrawableAndLeaveStateUnchanged()
    {
        openAccount(80, 10_000 * R);
        openAccount(81, 100_000 * R);
        trade(80, 81, 10_000 * R, 2 * R);
        // At mark 11,000: IM = 22,000/20 = 1,100, so 8,900 is withdrawable; the UPnL of 2,000 cannot leave.
        send(InboundMessages.markPrice(PERP, 11_000 * R, 2));
        final String before = engine.digest();
        final List<byte[]> rejected = send(InboundMessages.withdraw(1, 80, USDT, 9_000 * R));
        assertEquals(1, rejected.size());
        assertEquals(RejectReason.INSUFFICIENT_MARGIN, new WithdrawRejectedDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(rejected.get(0)), 0, new MessageHeaderDecoder()).reason());
        assertEquals(before, engine.digest());
        final List<byte[]> accepted = send(InboundMessages.withdraw(2, 80, USDT, 8_900 * R));
        final AccountUpdateDecoder account = single(accepted, new AccountUpdateDecoder());
        assertEquals(10_000 * R - 8_900 * R, account.walletBalance());
        assertEquals(0, account.withdrawable());
    }

    @Test
    void shouldValueCollateralWithTheHaircut()
    {
        openAccount(90, 0);
        final AccountUpdateDecoder account = single(
            send(InboundMessages.deposit(90, BTC, R / 2)), new AccountUpdateDecoder());
        // 0.5 BTC · 30,000 · 0.95 = 14,250.
        assertEquals(14_250 * R, account.collateralValue());
        assertEquals(0, account.walletBalance());
    }

    @Test
    void shouldRejectDepositThatWouldOverflowAndLeaveStateUnchanged()
    {
        openAccount(95, 1_000 * R);
        final String before = engine.digest();
        final EventRejectedDecoder reject = single(
            send(InboundMessages.deposit(95, USDT, Long.MAX_VALUE - 10)), new EventRejectedDecoder());
        assertEquals(RejectReason.ARITHMETIC_OVERFLOW, reject.reason());
        assertEquals(before, engine.digest());
    }

    private long maintenanceMarginOfLong(final long accountSuffix, final long quantity)
    {
        final long longAccount = 1_000 + accountSuffix;
        final long shortAccount = 2_000 + accountSuffix;
        openAccount(longAccount, 10_000_000 * R);
        openAccount(shortAccount, 10_000_000 * R);
        send(InboundMessages.setLeverage(longAccount, PERP, 1));
        final PositionUpdateDecoder position = single(
            trade(longAccount, shortAccount, 10_000 * R, quantity).get(0), new PositionUpdateDecoder());
        return position.maintenanceMargin();
    }

    private void openAccount(final long accountId, final long usdt)
    {
        send(InboundMessages.accountOpen(accountId));
        if (usdt > 0)
        {
            send(InboundMessages.deposit(accountId, USDT, usdt));
        }
    }

    /**
     * A trade: buyer's fill, then seller's fill; returns the outbound messages of each.
     */
    private List<List<byte[]>> trade(final long buyer, final long seller, final long price, final long quantity)
    {
        tradeId++;
        final List<List<byte[]>> result = new ArrayList<>();
        result.add(send(InboundMessages.fill(tradeId, 0, buyer, PERP, Side.BUY, price, quantity, 0, tradeId)));
        result.add(send(InboundMessages.fill(tradeId, 0, seller, PERP, Side.SELL, price, quantity, 0, tradeId)));
        return result;
    }

    private List<byte[]> send(final byte[] message)
    {
        outbound.clear();
        seq++;
        engine.onEvent(seq, new UnsafeBuffer(message), 0, message.length);
        return new ArrayList<>(outbound);
    }

    private PositionUpdateDecoder positionOf(final List<byte[]> messages)
    {
        return single(messages, new PositionUpdateDecoder());
    }

    private static int count(final List<byte[]> messages, final int templateId)
    {
        int count = 0;
        for (final byte[] message : messages)
        {
            if (new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0).templateId() == templateId)
            {
                count++;
            }
        }
        return count;
    }

    @SuppressWarnings("unchecked")
    private static <T> T single(final List<byte[]> messages, final T decoder)
    {
        for (final byte[] message : messages)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(message);
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
            final int body = MessageHeaderDecoder.ENCODED_LENGTH;
            if (decoder instanceof PositionUpdateDecoder d && header.templateId() == PositionUpdateDecoder.TEMPLATE_ID)
            {
                return (T) d.wrap(buffer, body, header.blockLength(), header.version());
            }
            if (decoder instanceof AccountUpdateDecoder d && header.templateId() == AccountUpdateDecoder.TEMPLATE_ID)
            {
                return (T) d.wrap(buffer, body, header.blockLength(), header.version());
            }
            if (decoder instanceof OrderAcceptedDecoder d && header.templateId() == OrderAcceptedDecoder.TEMPLATE_ID)
            {
                return (T) d.wrap(buffer, body, header.blockLength(), header.version());
            }
            if (decoder instanceof OrderRejectedDecoder d && header.templateId() == OrderRejectedDecoder.TEMPLATE_ID)
            {
                return (T) d.wrap(buffer, body, header.blockLength(), header.version());
            }
            if (decoder instanceof MarginCallDecoder d && header.templateId() == MarginCallDecoder.TEMPLATE_ID)
            {
                return (T) d.wrap(buffer, body, header.blockLength(), header.version());
            }
            if (decoder instanceof EventRejectedDecoder d && header.templateId() == EventRejectedDecoder.TEMPLATE_ID)
            {
                return (T) d.wrap(buffer, body, header.blockLength(), header.version());
            }
        }
        throw new AssertionError("no " + decoder.getClass().getSimpleName() + " in " + Arrays.toString(
            messages.stream().map(MessageText::render).toArray()));
    }
}
