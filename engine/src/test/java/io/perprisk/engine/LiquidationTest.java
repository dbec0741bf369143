package io.perprisk.engine;

import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.AutoDeleverageDecoder;
import io.perprisk.codecs.sbe.CancelOrderRequestDecoder;
import io.perprisk.codecs.sbe.InsuranceFundReason;
import io.perprisk.codecs.sbe.InsuranceFundUpdateDecoder;
import io.perprisk.codecs.sbe.LiquidationCompletedDecoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.LiquidationStartedDecoder;
import io.perprisk.codecs.sbe.MarginCallDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.codecs.sbe.Side;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.perprisk.engine.EngineHarness.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private static <T> T decode(final byte[] message, final T decoder)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        if (decoder instanceof LiquidationStartedDecoder)
        {
            ((LiquidationStartedDecoder) decoder).wrapAndApplyHeader(buffer, 0, header);
        }
        else if (decoder instanceof LiquidationOrderDecoder)
        {
            ((LiquidationOrderDecoder) decoder).wrapAndApplyHeader(buffer, 0, header);
        }
        else if (decoder instanceof InsuranceFundUpdateDecoder)
        {
            ((InsuranceFundUpdateDecoder) decoder).wrapAndApplyHeader(buffer, 0, header);
        }
        else if (decoder instanceof AutoDeleverageDecoder)
        {
            ((AutoDeleverageDecoder) decoder).wrapAndApplyHeader(buffer, 0, header);
        }
        else if (decoder instanceof CancelOrderRequestDecoder)
        {
            ((CancelOrderRequestDecoder) decoder).wrapAndApplyHeader(buffer, 0, header);
        }
        else if (decoder instanceof LiquidationCompletedDecoder)
        {
            ((LiquidationCompletedDecoder) decoder).wrapAndApplyHeader(buffer, 0, header);
        }
        else if (decoder instanceof PositionUpdateDecoder)
        {
            ((PositionUpdateDecoder) decoder).wrapAndApplyHeader(buffer, 0, header);
        }
        else
        {
            ((AccountUpdateDecoder) decoder).wrapAndApplyHeader(buffer, 0, header);
        }
        return decoder;
    }

    private static LiquidationStartedDecoder started(final EngineHarness h)
    {
        return decode(h.last(STARTED), new LiquidationStartedDecoder());
    }

    private static LiquidationOrderDecoder liquidationOrder(final EngineHarness h)
    {
        return decode(h.last(ORDER), new LiquidationOrderDecoder());
    }

    private static InsuranceFundUpdateDecoder fund(final EngineHarness h)
    {
        return decode(h.last(FUND), new InsuranceFundUpdateDecoder());
    }
}
