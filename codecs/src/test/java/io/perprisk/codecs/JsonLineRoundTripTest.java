package io.perprisk.codecs;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLineRoundTripTest
{
    private static final int INSTANCES_PER_MESSAGE = 300;
    private static final Ir IR = RandomMessageGenerator.loadIr();

    private final MessageCatalog catalog = MessageCatalog.load();
    private final JsonLineReader reader = new JsonLineReader(catalog);
    private final JsonLineWriter writer = new JsonLineWriter(catalog);
    private final ExpandableArrayBuffer original = new ExpandableArrayBuffer(256);
    private final ExpandableArrayBuffer decoded = new ExpandableArrayBuffer(256);
    private final StringBuilder secondLine = new StringBuilder();

    static Stream<String> messageNames()
    {
        final List<String> names = new ArrayList<>();
        for (final List<Token> tokens : IR.messages())
        {
            names.add(tokens.get(0).name());
        }

        return names.stream().sorted();
    }

    @Test
    void shouldCatalogEveryMessageOfTheIr()
    {
        assertEquals(IR.messages().size(), catalog.messageNames().size());
        for (final List<Token> tokens : IR.messages())
        {
            assertEquals(tokens.get(0).id(), catalog.templateId(tokens.get(0).name()));
        }
    }

    @ParameterizedTest
    @MethodSource("messageNames")
    void shouldRoundTripRandomMessagesBetweenSbeAndJson(final String messageName) throws JsonFormatException
    {
        final RandomMessageGenerator generator = new RandomMessageGenerator(new Random(messageName.hashCode()));
        for (int i = 0; i < INSTANCES_PER_MESSAGE; i++)
        {
            assertRoundTrip(messageName, generator, i % 7);
        }
    }

    @Property(tries = 300)
    void shouldRoundTripAnyMessageFromAnySeed(
        @ForAll("anyMessageName") final String messageName, @ForAll final long seed) throws JsonFormatException
    {
        assertRoundTrip(messageName, new RandomMessageGenerator(new Random(seed)), (int) (seed & 7));
    }

    @Provide
    Arbitrary<String> anyMessageName()
    {
        return Arbitraries.of(messageNames().collect(Collectors.toList()));
    }

    private void assertRoundTrip(final String messageName, final RandomMessageGenerator generator, final int offset)
        throws JsonFormatException
    {
        final List<Token> tokens = IR.getMessage(catalog.templateId(messageName));
        final int length = generator.generate(IR, tokens, original, offset);
        final String line = writer.toLine(original, offset, length);
        assertTrue(line.startsWith("{\"type\":\"" + messageName + "\""), line);

        final int decodedOffset = 3;
        decoded.setMemory(0, decoded.capacity(), (byte) 0x5A);
        final int decodedLength = reader.read(1, line, decoded, decodedOffset);
        assertEquals(length, decodedLength, line);
        for (int b = 0; b < length; b++)
        {
            assertEquals(
                original.getByte(offset + b), decoded.getByte(decodedOffset + b), "byte " + b + " of " + line);
        }

        secondLine.setLength(0);
        writer.append(decoded, decodedOffset, decodedLength, secondLine);
        assertEquals(line, secondLine.toString());
    }

    @Test
    void shouldWriteHandWrittenLinesBackUnchanged() throws JsonFormatException
    {
        final String[] lines =
        {
            "{\"type\":\"Deposit\",\"accountId\":7,\"assetId\":1,\"amount\":\"1000\"}",
            "{\"type\":\"NewOrder\",\"orderId\":42,\"accountId\":7,\"instrumentId\":1,\"side\":\"BUY\"," +
                "\"price\":\"10100\",\"quantity\":\"0.001\",\"reduceOnly\":false}",
            "{\"type\":\"InstrumentDefinition\",\"instrumentId\":1,\"settleAssetId\":1,\"tickSize\":\"0.1\"," +
                "\"lotSize\":\"0.001\",\"liquidationFeeRate\":\"0.0125\",\"liquidationPriceBand\":\"0.05\"," +
                "\"liquidationTargetRatio\":\"0.5\",\"tiers\":[{\"notionalCap\":\"50000\",\"maxLeverage\":125," +
                "\"maintenanceMarginRate\":\"0.004\"},{\"notionalCap\":\"1800000000\",\"maxLeverage\":20," +
                "\"maintenanceMarginRate\":\"0.025\"}],\"symbol\":\"BTCUSDT\"}",
            "{\"type\":\"FundingRate\",\"instrumentId\":1,\"rate\":\"-0.00000001\"," +
                "\"timestamp\":1700000000000000000}",
            "{\"type\":\"AccountUpdate\",\"seq\":3,\"accountId\":7,\"walletBalance\":\"-92233720368.54775807\"," +
                "\"collateralValue\":\"0\",\"unrealizedPnl\":\"-3\",\"marginBalance\":\"92233720368.54775807\"," +
                "\"initialMargin\":\"50000.25\",\"maintenanceMargin\":\"0.00000001\",\"orderMargin\":\"12.5\"," +
                "\"availableBalance\":\"1\",\"withdrawable\":\"0\",\"marginRatio\":null,\"inLiquidation\":true}",
            "{\"type\":\"PositionUpdate\",\"seq\":9,\"accountId\":7,\"instrumentId\":1,\"marginMode\":\"ISOLATED\"," +
                "\"leverage\":20,\"size\":\"-0.5\",\"entryPrice\":\"50000\",\"markPrice\":\"50100.1\"," +
                "\"unrealizedPnl\":\"-50.05\",\"realizedPnl\":\"0\",\"accruedFunding\":\"0.1\"," +
                "\"isolatedMargin\":\"1250\",\"maintenanceMargin\":\"100.2\",\"liquidationPrice\":\"52000\"," +
                "\"bankruptcyPrice\":null}",
            "{\"type\":\"EventRejected\",\"seq\":4,\"reason\":\"INVALID_DEFINITION\",\"templateId\":3," +
                "\"detail\":\"tier caps must increase: \\\"2\\\" \\\\ \\n\"}",
            "{\"type\":\"InsuranceFundUpdate\",\"seq\":12,\"assetId\":1,\"balance\":\"10000\",\"delta\":\"-0.3\"," +
                "\"reason\":\"BANKRUPTCY_COVER\"}",
        };

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        for (int i = 0; i < lines.length; i++)
        {
            final int length = reader.read(i + 1, lines[i], buffer, 0);
            assertEquals(lines[i], writer.toLine(buffer, 0, length));
        }
    }

    @Test
    void shouldNormaliseAcceptedInputToTheCanonicalForm() throws JsonFormatException
    {
        final String input = " {\"quantity\": 1.50000000, \"price\": 10100.0, \"side\": \"SELL\"," +
            " \"reduceOnly\": true," +
            " \"instrumentId\": 1, \"accountId\": 7, \"orderId\": 42, \"type\": \"NewOrder\"} ";
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = reader.read(1, input, buffer, 0);

        assertEquals(
            "{\"type\":\"NewOrder\",\"orderId\":42,\"accountId\":7,\"instrumentId\":1,\"side\":\"SELL\"," +
                "\"price\":\"10100\",\"quantity\":\"1.5\",\"reduceOnly\":true}",
            writer.toLine(buffer, 0, length));
    }

    @Test
    void shouldSkipBlankAndCommentLines() throws JsonFormatException
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        assertEquals(JsonLineReader.SKIPPED, reader.read(1, "", buffer, 0));
        assertEquals(JsonLineReader.SKIPPED, reader.read(2, "   \t", buffer, 0));
        assertEquals(JsonLineReader.SKIPPED, reader.read(3, "# a comment {\"type\":\"Nope\"}", buffer, 0));
        assertEquals(JsonLineReader.SKIPPED, reader.read(4, "  # indented comment", buffer, 0));
    }
}
