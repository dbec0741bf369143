package io.perprisk.codecs;

import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.EventRejectedEncoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionDecoder;
import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.codecs.sbe.PositionUpdateEncoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.Side;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GeneratedCodecAgreementTest
{
    private final JsonLineReader reader = new JsonLineReader();
    private final JsonLineWriter writer = new JsonLineWriter(reader.catalog());
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();

    @Test
    void shouldDecodeNewOrderReadFromJsonWithGeneratedDecoder() throws JsonFormatException
    {
        final int length = reader.read(
            1,
            "{\"type\":\"NewOrder\",\"orderId\":42,\"accountId\":7,\"instrumentId\":3,\"side\":\"SELL\"," +
                "\"price\":\"50000.25\",\"quantity\":0.001,\"reduceOnly\":true}",
            buffer,
            16);

        final NewOrderDecoder decoder = new NewOrderDecoder().wrapAndApplyHeader(buffer, 16, headerDecoder);
        assertEquals(NewOrderDecoder.TEMPLATE_ID, headerDecoder.templateId());
        assertEquals(NewOrderDecoder.SCHEMA_ID, headerDecoder.schemaId());
        assertEquals(NewOrderDecoder.SCHEMA_VERSION, headerDecoder.version());
        assertEquals(42, decoder.orderId());
        assertEquals(7, decoder.accountId());
        assertEquals(3, decoder.instrumentId());
        assertEquals(Side.SELL, decoder.side());
        assertEquals(5_000_025_000_000L, decoder.price());
        assertEquals(100_000L, decoder.quantity());
        assertEquals(BooleanType.TRUE, decoder.reduceOnly());
        assertEquals(length, MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength());
    }

    @Test
    void shouldDecodeInstrumentDefinitionWithTiersAndSymbolWithGeneratedDecoder() throws JsonFormatException
    {
        final int length = reader.read(
            1,
            "{\"type\":\"InstrumentDefinition\",\"instrumentId\":1,\"settleAssetId\":2,\"tickSize\":\"0.1\"," +
                "\"lotSize\":\"0.001\",\"liquidationFeeRate\":\"0.0125\",\"liquidationPriceBand\":\"0.05\"," +
                "\"liquidationTargetRatio\":\"0.5\",\"tiers\":[{\"notionalCap\":\"50000\",\"maxLeverage\":125," +
                "\"maintenanceMarginRate\":\"0.004\"},{\"notionalCap\":\"1800000000\",\"maxLeverage\":20," +
                "\"maintenanceMarginRate\":\"0.025\"}],\"symbol\":\"BTC\u20acUSDT\"}",
            buffer,
            0);

        final InstrumentDefinitionDecoder decoder =
            new InstrumentDefinitionDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(1, decoder.instrumentId());
        assertEquals(2, decoder.settleAssetId());
        assertEquals(10_000_000L, decoder.tickSize());
        assertEquals(100_000L, decoder.lotSize());
        assertEquals(1_250_000L, decoder.liquidationFeeRate());
        assertEquals(5_000_000L, decoder.liquidationPriceBand());
        assertEquals(50_000_000L, decoder.liquidationTargetRatio());

        final InstrumentDefinitionDecoder.TiersDecoder tiers = decoder.tiers();
        assertEquals(2, tiers.count());
        tiers.next();
        assertEquals(5_000_000_000_000L, tiers.notionalCap());
        assertEquals(125, tiers.maxLeverage());
        assertEquals(400_000L, tiers.maintenanceMarginRate());
        tiers.next();
        assertEquals(180_000_000_000_000_000L, tiers.notionalCap());
        assertEquals(20, tiers.maxLeverage());
        assertEquals(2_500_000L, tiers.maintenanceMarginRate());

        assertEquals("BTC\u20acUSDT", decoder.symbol());
        assertEquals(length, MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength());
    }

    @Test
    void shouldDecodeNullOptionalFieldWithGeneratedDecoder() throws JsonFormatException
    {
        reader.read(
            1,
            "{\"type\":\"AccountUpdate\",\"seq\":3,\"accountId\":7,\"walletBalance\":\"1000\"," +
                "\"collateralValue\":\"1000\",\"unrealizedPnl\":\"-3\",\"marginBalance\":\"997\"," +
                "\"initialMargin\":\"50\",\"maintenanceMargin\":\"5\",\"orderMargin\":\"0\"," +
                "\"availableBalance\":\"947\",\"withdrawable\":\"947\",\"marginRatio\":null,\"inLiquidation\":false}",
            buffer,
            0);

        final AccountUpdateDecoder decoder = new AccountUpdateDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertEquals(3, decoder.seq());
        assertEquals(-300_000_000L, decoder.unrealizedPnl());
        assertEquals(AccountUpdateDecoder.marginRatioNullValue(), decoder.marginRatio());
        assertEquals(BooleanType.FALSE, decoder.inLiquidation());
    }

    @Test
    void shouldWriteMessagesEncodedByGeneratedEncoders()
    {
        final PositionUpdateEncoder position = new PositionUpdateEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(11)
            .accountId(7)
            .instrumentId(1)
            .marginMode(MarginMode.CROSS)
            .leverage(20)
            .size(-150_000_000L)
            .entryPrice(5_000_000_000_000L)
            .markPrice(5_010_010_000_000L)
            .unrealizedPnl(-15_015_000_000L)
            .realizedPnl(0)
            .accruedFunding(1)
            .isolatedMargin(0)
            .maintenanceMargin(30_060_060_000L)
            .liquidationPrice(PositionUpdateEncoder.liquidationPriceNullValue())
            .bankruptcyPrice(5_333_333_333_333L);

        assertEquals(
            "{\"type\":\"PositionUpdate\",\"seq\":11,\"accountId\":7,\"instrumentId\":1,\"marginMode\":\"CROSS\"," +
                "\"leverage\":20,\"size\":\"-1.5\",\"entryPrice\":\"50000\",\"markPrice\":\"50100.1\"," +
                "\"unrealizedPnl\":\"-150.15\",\"realizedPnl\":\"0\",\"accruedFunding\":\"0.00000001\"," +
                "\"isolatedMargin\":\"0\",\"maintenanceMargin\":\"300.6006\",\"liquidationPrice\":null," +
                "\"bankruptcyPrice\":\"53333.33333333\"}",
            writer.toLine(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + position.encodedLength()));

        final EventRejectedEncoder rejected = new EventRejectedEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .seq(5)
            .reason(RejectReason.OFF_TICK)
            .templateId(13)
            .detail("price \"10100.05\" is off tick 0.1");

        assertEquals(
            "{\"type\":\"EventRejected\",\"seq\":5,\"reason\":\"OFF_TICK\",\"templateId\":13," +
                "\"detail\":\"price \\\"10100.05\\\" is off tick 0.1\"}",
            writer.toLine(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + rejected.encodedLength()));
    }
}
