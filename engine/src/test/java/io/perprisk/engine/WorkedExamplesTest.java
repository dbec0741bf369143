package io.perprisk.engine;

import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import org.junit.jupiter.api.Test;

import static io.perprisk.engine.EngineHarness.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The worked examples of MARGIN.md, each through the engine's inbound and outbound messages.
 */
class WorkedExamplesTest
{
    @Test
    void shouldComputeTierMaintenanceAmountsAndMaintenanceMargin()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "100000");
        final Instrument instrument = h.engine.instruments.get(1);
        assertEquals(0, instrument.maintenanceAmount[0]);
        assertEquals(raw("1500"), instrument.maintenanceAmount[1]);
        assertEquals(raw("26500"), instrument.maintenanceAmount[2]);

        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "40", "0"));
        assertEquals(raw("8500"), h.positionUpdate().maintenanceMargin());
        assertEquals(raw("8500"), h.accountUpdate().maintenanceMargin());

        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "160", "0"));
        assertEquals(raw("73500"), h.positionUpdate().maintenanceMargin());
    }

    @Test
    void shouldChargeOrderMarginWithOpenLoss()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "10000")
            .account(2, "10000");
        h.send(h.in.setLeverage(h.buffer, 0, 1, 1, 10));
        h.send(h.in.setLeverage(h.buffer, 0, 2, 1, 10));

        h.send(h.in.newOrder(h.buffer, 0, 11, 1, 1, true, "10100", "1", false));
        assertEquals(raw("1110"), h.orderAccepted().orderMargin());

        h.send(h.in.newOrder(h.buffer, 0, 21, 2, 1, false, "9900", "1", false));
        assertEquals(raw("1090"), h.orderAccepted().orderMargin());

        // Both on one account: the larger side's IM is charged once, both open losses count.
        h.send(h.in.newOrder(h.buffer, 0, 12, 1, 1, false, "9900", "1", false));
        assertEquals(raw("100"), h.orderAccepted().orderMargin());
        final AccountUpdateDecoder account = h.query(1);
        assertEquals(raw("1210"), account.orderMargin());
        assertEquals(raw("8790"), account.availableBalance());

        // Cancel releases the margin.
        h.send(h.in.orderCanceled(h.buffer, 0, 11, 1, 1));
        assertEquals(0, h.lastOutputs().size());
        assertEquals(raw("1090"), h.query(1).orderMargin());
    }

    @Test
    void shouldReportIsolatedLiquidationPrice()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "5000");
        h.send(h.in.setMarginMode(h.buffer, 0, 1, 1, true));
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "2", "0"));
        final PositionUpdateDecoder position = h.positionUpdate();
        assertEquals(MarginMode.ISOLATED, position.marginMode());
        assertEquals(20, position.leverage());
        assertEquals(raw("1000"), position.isolatedMargin());
        assertEquals(raw("9595.95959596"), position.liquidationPrice());
        assertEquals(raw("9500"), position.bankruptcyPrice());
        assertEquals(raw("4000"), h.accountUpdate().walletBalance());
    }

    @Test
    void shouldPayFundingThroughTheIndex()
    {
        final EngineHarness h = new EngineHarness().withExampleInstrument("10000").account(1, "10000")
            .account(2, "10000");
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, true, "10000", "2", "0"));
        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, false, "10000", "2", "0"));
        h.send(h.in.fundingRate(h.buffer, 0, 1, "0.0001"));
        assertEquals(0, h.lastOutputs().size());

        final AccountUpdateDecoder longAccount = h.query(1);
        assertEquals(raw("9998"), longAccount.marginBalance());
        assertEquals(raw("10000"), longAccount.walletBalance());
        assertEquals(raw("-2"), h.positionUpdate().accruedFunding());
        assertEquals(raw("10002"), h.query(2).marginBalance());

        // The next fill realizes the funding into the wallet.
        h.send(h.in.fill(h.buffer, 0, 0, 1, 1, false, "10000", "1", "0"));
        assertEquals(raw("9998"), h.accountUpdate().walletBalance());
        assertEquals(0, h.positionUpdate().accruedFunding());
        assertEquals(raw("2"), h.engine.ledger().fundingClearing());

        h.send(h.in.fill(h.buffer, 0, 0, 2, 1, true, "10000", "1", "0"));
        assertEquals(raw("10002"), h.accountUpdate().walletBalance());
        assertEquals(0, h.engine.ledger().fundingClearing());
        ConservationCheck.assertConserved(h.engine, 1);
    }
}
