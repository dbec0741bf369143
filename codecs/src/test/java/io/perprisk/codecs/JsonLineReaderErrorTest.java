package io.perprisk.codecs;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLineReaderErrorTest
{
    private static final String NEW_ORDER_PREFIX = "{\"type\":\"NewOrder\",\"orderId\":42,\"accountId\":7,";

    private final JsonLineReader reader = new JsonLineReader();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);

    @Test
    void shouldRejectMoreThanEightDecimalPlaces()
    {
        final JsonFormatException ex = assertProblem(
            17, deposit("\"1.123456789\""), "amount", JsonProblem.TOO_MANY_DECIMALS);
        assertTrue(ex.getMessage().contains("1.123456789"), ex.getMessage());

        assertProblem(3, deposit("0.000000001"), "amount", JsonProblem.TOO_MANY_DECIMALS);
        assertProblem(3, deposit("1e-9"), "amount", JsonProblem.TOO_MANY_DECIMALS);
    }

    @Test
    void shouldAcceptEightDecimalPlacesAndTrailingZerosBeyondThem() throws JsonFormatException
    {
        final JsonLineWriter writer = new JsonLineWriter(reader.catalog());
        int length = reader.read(1, deposit("\"-0.00000001\""), buffer, 0);
        assertTrue(writer.toLine(buffer, 0, length).endsWith("\"amount\":\"-0.00000001\"}"));

        length = reader.read(1, deposit("\"2.5000000000\""), buffer, 0);
        assertTrue(writer.toLine(buffer, 0, length).endsWith("\"amount\":\"2.5\"}"));

        length = reader.read(1, deposit("12e3"), buffer, 0);
        assertTrue(writer.toLine(buffer, 0, length).endsWith("\"amount\":\"12000\"}"));
    }

    @Test
    void shouldRejectMissingField()
    {
        assertProblem(
            4, "{\"type\":\"Deposit\",\"accountId\":7,\"amount\":\"1\"}", "assetId", JsonProblem.MISSING_FIELD);
        assertProblem(
            5,
            "{\"type\":\"InstrumentDefinition\",\"instrumentId\":1,\"settleAssetId\":1,\"tickSize\":\"0.1\"," +
                "\"lotSize\":\"0.001\",\"liquidationFeeRate\":\"0.01\",\"liquidationPriceBand\":\"0.05\"," +
                "\"liquidationTargetRatio\":\"0.5\",\"tiers\":[{\"notionalCap\":\"50000\"," +
                "\"maintenanceMarginRate\":\"0.004\"}],\"symbol\":\"BTCUSDT\"}",
            "tiers[0].maxLeverage",
            JsonProblem.MISSING_FIELD);
    }

    @Test
    void shouldRejectMissingType()
    {
        assertProblem(6, "{\"accountId\":7}", "type", JsonProblem.MISSING_FIELD);
    }

    @Test
    void shouldRejectUnknownField()
    {
        final JsonFormatException ex = assertProblem(
            8, "{\"type\":\"AccountOpen\",\"accountId\":7,\"acountId\":8}", "acountId", JsonProblem.UNKNOWN_FIELD);
        assertTrue(ex.getMessage().startsWith("line 8, field acountId: UNKNOWN_FIELD"), ex.getMessage());
    }

    @Test
    void shouldRejectDuplicateField()
    {
        assertProblem(
            8, "{\"type\":\"AccountOpen\",\"accountId\":7,\"accountId\":8}", "accountId", JsonProblem.DUPLICATE_FIELD);
    }

    @Test
    void shouldNameTheGroupEntryOfADuplicateField()
    {
        assertProblem(
            8,
            "{\"type\":\"InstrumentDefinition\",\"instrumentId\":1,\"settleAssetId\":1,\"tickSize\":\"0.1\"," +
                "\"lotSize\":\"0.001\",\"liquidationFeeRate\":\"0.01\",\"liquidationPriceBand\":\"0.05\"," +
                "\"liquidationTargetRatio\":\"0.5\",\"tiers\":[{\"notionalCap\":\"50000\",\"maxLeverage\":10," +
                "\"maintenanceMarginRate\":\"0.004\"},{\"notionalCap\":\"1\",\"notionalCap\":\"2\"}]," +
                "\"symbol\":\"BTCUSDT\"}",
            "tiers[1].notionalCap",
            JsonProblem.DUPLICATE_FIELD);
    }

    @Test
    void shouldRejectUnknownType()
    {
        assertProblem(9, "{\"type\":\"Teleport\",\"accountId\":7}", "type", JsonProblem.UNKNOWN_TYPE);
        assertProblem(9, "{\"type\":7,\"accountId\":7}", "type", JsonProblem.WRONG_KIND);
    }

    @Test
    void shouldRejectUnknownEnumName()
    {
        final JsonFormatException ex = assertProblem(
            10, newOrder("\"HOLD\"", "\"1\"", "false"), "side", JsonProblem.UNKNOWN_ENUM);
        assertTrue(ex.getMessage().contains("BUY, SELL"), ex.getMessage());

        assertProblem(10, newOrder("\"buy\"", "\"1\"", "false"), "side", JsonProblem.UNKNOWN_ENUM);
    }

    @Test
    void shouldRejectValuesOutOfRange()
    {
        assertProblem(11, deposit("\"92233720368.54775808\""), "amount", JsonProblem.OUT_OF_RANGE);
        assertProblem(11, deposit("\"-92233720368.54775808\""), "amount", JsonProblem.OUT_OF_RANGE);
        assertProblem(11, deposit("\"1e30\""), "amount", JsonProblem.OUT_OF_RANGE);
        assertProblem(
            11, "{\"type\":\"Deposit\",\"accountId\":7,\"assetId\":2147483648,\"amount\":\"1\"}", "assetId",
            JsonProblem.OUT_OF_RANGE);
        assertProblem(
            11, "{\"type\":\"AccountOpen\",\"accountId\":9223372036854775808}", "accountId", JsonProblem.OUT_OF_RANGE);
        assertProblem(
            11, "{\"type\":\"EventRejected\",\"seq\":1,\"reason\":\"MALFORMED\",\"templateId\":-1,\"detail\":\"\"}",
            "templateId", JsonProblem.OUT_OF_RANGE);
        assertProblem(
            11, "{\"type\":\"EventRejected\",\"seq\":1,\"reason\":\"MALFORMED\",\"templateId\":65536,\"detail\":\"\"}",
            "templateId", JsonProblem.OUT_OF_RANGE);
    }

    @Test
    void shouldRejectStringLongerThanItsLengthAllows()
    {
        final String detail = "x".repeat(1025);
        assertProblem(
            12,
            "{\"type\":\"EventRejected\",\"seq\":1,\"reason\":\"MALFORMED\",\"templateId\":0,\"detail\":\"" +
                detail + "\"}",
            "detail",
            JsonProblem.TOO_LONG);
    }

    @Test
    void shouldRejectMalformedJson()
    {
        final JsonFormatException ex = assertProblem(13, "{\"type\":\"AccountOpen\",\"accountId\":7", null,
            JsonProblem.MALFORMED_JSON);
        assertTrue(ex.getMessage().startsWith("line 13: MALFORMED_JSON"), ex.getMessage());

        assertProblem(13, "[1,2]", null, JsonProblem.MALFORMED_JSON);
        assertProblem(13, "{\"type\":\"AccountOpen\",\"accountId\":7} {}", null, JsonProblem.MALFORMED_JSON);
        assertProblem(13, "{'type':'AccountOpen'}", null, JsonProblem.MALFORMED_JSON);
        assertProblem(13, "not json", null, JsonProblem.MALFORMED_JSON);
    }

    @Test
    void shouldRejectValueOfTheWrongKind()
    {
        assertProblem(14, "{\"type\":\"AccountOpen\",\"accountId\":{\"id\":7}}", "accountId", JsonProblem.WRONG_KIND);
        assertProblem(14, "{\"type\":\"AccountOpen\",\"accountId\":\"7\"}", "accountId", JsonProblem.WRONG_KIND);
        assertProblem(14, "{\"type\":\"AccountOpen\",\"accountId\":null}", "accountId", JsonProblem.WRONG_KIND);
        assertProblem(14, deposit("[1]"), "amount", JsonProblem.WRONG_KIND);
        assertProblem(14, deposit("true"), "amount", JsonProblem.WRONG_KIND);
        assertProblem(14, newOrder("0", "\"1\"", "false"), "side", JsonProblem.WRONG_KIND);
        assertProblem(14, newOrder("\"BUY\"", "\"1\"", "\"FALSE\""), "reduceOnly", JsonProblem.WRONG_KIND);
        assertProblem(
            14,
            "{\"type\":\"EventRejected\",\"seq\":1,\"reason\":\"MALFORMED\",\"templateId\":0,\"detail\":7}",
            "detail",
            JsonProblem.WRONG_KIND);
    }

    @Test
    void shouldRejectInvalidNumbers()
    {
        assertProblem(15, deposit("\"1,000\""), "amount", JsonProblem.INVALID_NUMBER);
        assertProblem(15, deposit("\"\""), "amount", JsonProblem.INVALID_NUMBER);
        assertProblem(15, deposit("\".5\""), "amount", JsonProblem.INVALID_NUMBER);
        assertProblem(15, deposit("\"NaN\""), "amount", JsonProblem.INVALID_NUMBER);
        assertProblem(15, "{\"type\":\"AccountOpen\",\"accountId\":7.5}", "accountId", JsonProblem.INVALID_NUMBER);
    }

    @Test
    void shouldAcceptNullOnlyForOptionalFields() throws JsonFormatException
    {
        final String line = "{\"type\":\"MarginCall\",\"seq\":2,\"accountId\":7,\"instrumentId\":0," +
            "\"marginRatio\":null,\"level\":\"0.8\"}";
        final int length = reader.read(1, line, buffer, 0);
        assertEquals(line, new JsonLineWriter(reader.catalog()).toLine(buffer, 0, length));

        assertProblem(
            2, "{\"type\":\"MarginCall\",\"seq\":2,\"accountId\":7,\"instrumentId\":0,\"marginRatio\":\"0.5\"," +
            "\"level\":null}", "level", JsonProblem.WRONG_KIND);
    }

    private JsonFormatException assertProblem(
        final long lineNumber, final String line, final String fieldName, final JsonProblem problem)
    {
        final JsonFormatException ex = assertThrows(
            JsonFormatException.class, () -> reader.read(lineNumber, line, buffer, 0), line);
        assertEquals(problem, ex.problem(), ex.getMessage());
        assertEquals(lineNumber, ex.lineNumber());
        if (null == fieldName)
        {
            assertNull(ex.fieldName(), ex.getMessage());
        }
        else
        {
            assertEquals(fieldName, ex.fieldName(), ex.getMessage());
            assertTrue(ex.getMessage().contains("field " + fieldName), ex.getMessage());
        }
        assertTrue(ex.getMessage().startsWith("line " + lineNumber), ex.getMessage());
        assertTrue(ex.getMessage().contains(problem.name()), ex.getMessage());

        return ex;
    }

    private static String deposit(final String amount)
    {
        return "{\"type\":\"Deposit\",\"accountId\":7,\"assetId\":1,\"amount\":" + amount + "}";
    }

    private static String newOrder(final String side, final String quantity, final String reduceOnly)
    {
        return NEW_ORDER_PREFIX + "\"instrumentId\":1,\"side\":" + side + ",\"price\":\"100\",\"quantity\":" +
            quantity + ",\"reduceOnly\":" + reduceOnly + "}";
    }
}
