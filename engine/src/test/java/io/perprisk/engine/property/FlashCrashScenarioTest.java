package io.perprisk.engine.property;

import io.perprisk.codecs.JsonFormatException;
import io.perprisk.codecs.JsonLineReader;
import io.perprisk.codecs.JsonLineWriter;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.engine.scenario.FlashCrashScenario;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code docs/scenarios/flash-crash.jsonl}: the checked-in file is what {@link FlashCrashScenario} writes; run
 * through the engine it shows liquidations (partial and full, cross and isolated), insurance-fund fees and
 * bankruptcy cover, the fund running dry, auto-deleveraging and a cascade, with money conserved after every trade;
 * and (slow) the reference model emits the same messages for every event. The expected output itself is checked by
 * the gateway's {@code ScenarioFilesTest}.
 */
class FlashCrashScenarioTest
{
    private static final Pattern TYPE = Pattern.compile("\"type\":\"([A-Za-z]+)\"");
    private static final Pattern ACCOUNT = Pattern.compile("\"accountId\":(\\d+)");
    private static final Pattern LIQUIDATED = Pattern.compile("\"liquidatedAccountId\":(\\d+)");
    private static final Pattern REASON = Pattern.compile("\"reason\":\"([A-Z_]+)\"");
    private static final Pattern BALANCE = Pattern.compile("\"balance\":\"(-?[0-9.]+)\"");

    private static List<RandomEventStream.Event> events;

    @BeforeAll
    static void readScenario() throws IOException, JsonFormatException
    {
        if (Boolean.getBoolean("perprisk.regenerateScenario"))
        {
            Files.writeString(scenarioFile(), FlashCrashScenario.generate());
        }
        events = parse(Files.readString(scenarioFile()));
    }

    @Test
    void checkedInScenarioIsWhatTheGeneratorWrites() throws IOException
    {
        final String generated = FlashCrashScenario.generate();
        assertEquals(Files.readString(scenarioFile()), generated,
            "regenerate with -Dperprisk.regenerateScenario=true and review the diff");
        assertTrue(events.size() > 10_000, "events: " + events.size());
    }

    @Test
    void crashLiquidatesCascadesDrainsTheFundAndDeleverages()
    {
        final List<String> lines = new ArrayList<>();
        final JsonLineWriter writer = new JsonLineWriter();
        final PerpRiskEngine engine = new PerpRiskEngine(new EngineConfiguration(),
            (seq, buffer, offset, length) -> lines.add(writer.toLine(buffer, offset, length)));
        long seq = 0;
        for (final RandomEventStream.Event event : events)
        {
            engine.onEvent(++seq, new UnsafeBuffer(event.message()), 0, event.message().length);
            if (event.tradeBoundary())
            {
                final BigInteger imbalance = ReferenceInvariants.ledgerImbalance(engine.ledger(), 1, true);
                assertEquals(BigInteger.valueOf(engine.ledger().totalSignedEntryCost()).negate(), imbalance,
                    "settlement asset does not balance after event " + seq);
            }
        }

        final Map<String, Integer> counts = new HashMap<>();
        final Set<Long> started = new HashSet<>();
        final Set<Long> withMarketOrder = new HashSet<>();
        final Set<Long> deleveragedCounterparties = new HashSet<>();
        final Set<Long> deleveragedWithoutMarketOrder = new HashSet<>();
        final Set<Long> cascaded = new HashSet<>();
        boolean fundRanDry = false;
        final List<String> rejects = new ArrayList<>();
        for (final String line : lines)
        {
            final String type = group(TYPE, line);
            counts.merge(type, 1, Integer::sum);
            switch (type)
            {
                case "LiquidationStarted" ->
                {
                    final long account = Long.parseLong(group(ACCOUNT, line));
                    started.add(account);
                    if (deleveragedCounterparties.contains(account))
                    {
                        cascaded.add(account);
                    }
                }
                case "LiquidationOrder" -> withMarketOrder.add(Long.parseLong(group(ACCOUNT, line)));
                case "AutoDeleverage" ->
                {
                    deleveragedCounterparties.add(Long.parseLong(group(ACCOUNT, line)));
                    final long liquidated = Long.parseLong(group(LIQUIDATED, line));
                    if (!withMarketOrder.contains(liquidated))
                    {
                        deleveragedWithoutMarketOrder.add(liquidated);
                    }
                }
                case "InsuranceFundUpdate" ->
                {
                    if ("BANKRUPTCY_COVER".equals(group(REASON, line)) &&
                        new java.math.BigDecimal(group(BALANCE, line)).signum() == 0)
                    {
                        fundRanDry = true;
                    }
                }
                case "EventRejected", "OrderRejected", "WithdrawRejected" -> rejects.add(line);
                default ->
                {
                }
            }
        }

        assertEquals(List.of(), rejects, "the scenario is valid input throughout");
        final String summary = started.size() + " accounts liquidated, " + cascaded.size() + " cascaded, " +
            deleveragedWithoutMarketOrder.size() + " straight to ADL; outputs " + counts;
        assertTrue(started.size() >= 500, summary);
        assertTrue(counts.getOrDefault("LiquidationOrder", 0) >= 500, summary);
        assertTrue(counts.getOrDefault("CancelOrderRequest", 0) >= 20, summary);
        assertTrue(counts.getOrDefault("AutoDeleverage", 0) >= 50, summary);
        assertTrue(fundRanDry, "the insurance fund paid out all it had at least once; " + summary);
        assertTrue(!deleveragedWithoutMarketOrder.isEmpty(),
            "a bankrupt account the fund could not cover went straight to auto-deleveraging; " + summary);
        assertTrue(cascaded.size() >= 10, "counterparties of auto-deleveraging liquidated afterwards; " + summary);
        assertEquals(counts.get("LiquidationStarted"), counts.get("LiquidationCompleted"),
            "every liquidation completes; " + summary);
        assertTrue(counts.getOrDefault("MarginCall", 0) >= started.size(), summary);
    }

    @Test
    @Tag("slow")
    void referenceModelAgreesOnEveryEvent()
    {
        EngineMatchesReferenceProperties.compare(
            "flash-crash.jsonl", new EngineConfiguration(), events.iterator());
    }

    private static List<RandomEventStream.Event> parse(final String text) throws JsonFormatException
    {
        final JsonLineReader reader = new JsonLineReader();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final FillDecoder fill = new FillDecoder();
        final List<RandomEventStream.Event> parsed = new ArrayList<>();
        long lineNumber = 0;
        long openTrade = 0;
        for (final String line : text.split("\n", -1))
        {
            lineNumber++;
            final int length = reader.read(lineNumber, line, buffer, 0);
            if (JsonLineReader.SKIPPED == length)
            {
                continue;
            }
            final byte[] message = new byte[length];
            buffer.getBytes(0, message);
            header.wrap(buffer, 0);
            boolean boundary = true;
            if (FillDecoder.TEMPLATE_ID == header.templateId())
            {
                fill.wrapAndApplyHeader(buffer, 0, header);
                if (0 == openTrade)
                {
                    openTrade = fill.tradeId();
                    boundary = false;
                }
                else
                {
                    assertEquals(openTrade, fill.tradeId(), "fills come in pairs, line " + lineNumber);
                    openTrade = 0;
                }
            }
            parsed.add(new RandomEventStream.Event(message, "line " + lineNumber, boundary));
        }
        return parsed;
    }

    private static String group(final Pattern pattern, final String line)
    {
        final Matcher matcher = pattern.matcher(line);
        return matcher.find() ? matcher.group(1) : fail(pattern + " not in " + line);
    }

    private static Path scenarioFile()
    {
        for (Path dir = Paths.get("").toAbsolutePath(); null != dir; dir = dir.getParent())
        {
            if (Files.isRegularFile(dir.resolve("config").resolve("jvm.properties")))
            {
                return dir.resolve("docs").resolve("scenarios").resolve("flash-crash.jsonl");
            }
        }
        return fail("repository root not found above " + Paths.get("").toAbsolutePath());
    }
}
