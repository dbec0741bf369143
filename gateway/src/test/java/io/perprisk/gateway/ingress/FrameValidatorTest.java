package io.perprisk.gateway.ingress;

import io.perprisk.client.StreamRole;
import io.perprisk.codecs.sbe.AssetDefinitionEncoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionEncoder;
import io.perprisk.codecs.sbe.MarkPriceEncoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderEncoder;
import io.perprisk.codecs.sbe.OrderAcceptedEncoder;
import io.perprisk.codecs.sbe.RejectReason;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.codecs.sbe.BooleanType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameValidatorTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final FrameValidator validator = new FrameValidator(1024);

    private int newOrder()
    {
        final NewOrderEncoder encoder = new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .orderId(1).accountId(2).instrumentId(3).side(Side.BUY).price(100).quantity(1)
            .reduceOnly(BooleanType.FALSE);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int instrumentDefinition(final int tiers)
    {
        final InstrumentDefinitionEncoder encoder = new InstrumentDefinitionEncoder()
            .wrapAndApplyHeader(buffer, 0, header).instrumentId(1).settleAssetId(1).tickSize(1).lotSize(1)
            .liquidationFeeRate(1).liquidationPriceBand(1).liquidationTargetRatio(1);
        final InstrumentDefinitionEncoder.TiersEncoder group = encoder.tiersCount(tiers);
        for (int i = 0; i < tiers; i++)
        {
            group.next().notionalCap(i + 1).maxLeverage(10).maintenanceMarginRate(5);
        }
        encoder.symbol("BTC-PERP");
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    @Test
    void shouldAcceptWellFormedMessagesOnTheirStream()
    {
        assertEquals(FrameValidator.VALID, validator.validate(StreamRole.TRADING, buffer, 0, newOrder()));
        assertEquals(FrameValidator.VALID,
            validator.validate(StreamRole.ADMIN, buffer, 0, instrumentDefinition(3)));
        final AssetDefinitionEncoder asset = new AssetDefinitionEncoder().wrapAndApplyHeader(buffer, 0, header)
            .assetId(1).price(1).collateralRatio(1).symbol("USDT");
        assertEquals(FrameValidator.VALID, validator.validate(
            StreamRole.ADMIN, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + asset.encodedLength()));
        final MarkPriceEncoder mark = new MarkPriceEncoder().wrapAndApplyHeader(buffer, 0, header)
            .instrumentId(1).price(1).timestamp(1);
        assertEquals(FrameValidator.VALID, validator.validate(
            StreamRole.PRICES, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + mark.encodedLength()));
    }

    @Test
    void shouldRejectMessageOnWrongStream()
    {
        final int length = newOrder();
        assertEquals(RejectReason.NOT_ALLOWED_ON_STREAM.value(),
            validator.validate(StreamRole.PRICES, buffer, 0, length));
        assertEquals(NewOrderEncoder.TEMPLATE_ID, validator.templateId());
        assertEquals(RejectReason.NOT_ALLOWED_ON_STREAM.value(),
            validator.validate(StreamRole.ADMIN, buffer, 0, length));
    }

    @Test
    void shouldRejectOutboundTemplateSentInbound()
    {
        final OrderAcceptedEncoder encoder = new OrderAcceptedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .seq(1).orderId(1).accountId(1).orderMargin(1);
        assertEquals(RejectReason.NOT_ALLOWED_ON_STREAM.value(), validator.validate(
            StreamRole.TRADING, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()));
    }

    @Test
    void shouldRejectTruncatedFrames()
    {
        final int length = newOrder();
        assertEquals(RejectReason.MALFORMED.value(), validator.validate(StreamRole.TRADING, buffer, 0, 5));
        assertEquals(0, validator.templateId());
        assertEquals(RejectReason.MALFORMED.value(), validator.validate(StreamRole.TRADING, buffer, 0, length - 1));
        final int definitionLength = instrumentDefinition(2);
        for (int cut = MessageHeaderEncoder.ENCODED_LENGTH; cut < definitionLength; cut++)
        {
            assertEquals(RejectReason.MALFORMED.value(), validator.validate(StreamRole.ADMIN, buffer, 0, cut),
                "cut at " + cut);
        }
    }

    @Test
    void shouldRejectTrailingBytesAndShortBlockLength()
    {
        final int length = newOrder();
        assertEquals(RejectReason.MALFORMED.value(), validator.validate(StreamRole.TRADING, buffer, 0, length + 8));
        buffer.putShort(0, (short) (NewOrderEncoder.BLOCK_LENGTH - 1), LITTLE_ENDIAN);
        assertEquals(RejectReason.MALFORMED.value(), validator.validate(StreamRole.TRADING, buffer, 0, length - 1));
    }

    @Test
    void shouldRejectFrameLongerThanSlot()
    {
        final FrameValidator small = new FrameValidator(64);
        assertEquals(RejectReason.MALFORMED.value(),
            small.validate(StreamRole.ADMIN, buffer, 0, instrumentDefinition(20)));
    }

    @Test
    void shouldRejectUnknownTemplate()
    {
        final int length = newOrder();
        buffer.putShort(2, (short) 99, LITTLE_ENDIAN);
        assertEquals(RejectReason.UNKNOWN_TEMPLATE.value(), validator.validate(StreamRole.TRADING, buffer, 0, length));
        assertEquals(99, validator.templateId());
    }

    @Test
    void shouldRejectNewerSchemaVersionAndOtherSchema()
    {
        final int length = newOrder();
        buffer.putShort(6, (short) (NewOrderEncoder.SCHEMA_VERSION + 1), LITTLE_ENDIAN);
        assertEquals(RejectReason.UNSUPPORTED_VERSION.value(),
            validator.validate(StreamRole.TRADING, buffer, 0, length));
        newOrder();
        buffer.putShort(4, (short) 1, LITTLE_ENDIAN);
        assertEquals(RejectReason.MALFORMED.value(), validator.validate(StreamRole.TRADING, buffer, 0, length));
    }
}
