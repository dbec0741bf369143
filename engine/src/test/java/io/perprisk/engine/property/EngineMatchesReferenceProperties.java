package io.perprisk.engine.property;

import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.EngineCounters;
import io.perprisk.engine.EngineLedger;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.engine.reference.MessageText;
import io.perprisk.engine.reference.ReferenceEngine;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The fast engine and the reference model, fed the same random streams, emit the same outbound messages, byte for
 * byte and in the same order, after every event ({@code EventRejected.detail} is free text and is not compared);
 * their ledgers agree after every event and the engine's ledger balances. On the first difference the failure names
 * the seed, the seq, the inbound event and both sides' messages, readably.
 */
class EngineMatchesReferenceProperties
{
    @Property(tries = 300)
    void shouldEmitTheSameMessagesAsTheReference(@ForAll final long seed)
    {
        compare(seed, 2, 15, 150);
    }

    @Property(tries = 2_000)
    @Tag("slow")
    void shouldEmitTheSameMessagesAsTheReferenceOnManyStreams(@ForAll final long seed)
    {
        compare(seed, 2, 40, 300);
    }

    @Property(tries = 25)
    @Tag("slow")
    void shouldEmitTheSameMessagesAsTheReferenceOnLargeStreams(@ForAll final long seed)
    {
        compare(seed, 5, 200, 2_000);
    }

    static void compare(final long seed, final int minAccounts, final int maxAccounts, final int steps)
    {
        final RandomEventStream stream = new RandomEventStream(seed, minAccounts, maxAccounts, steps);
        final String reproduce = "EngineMatchesReferenceProperties.compare(" + seed + "L, " + minAccounts + ", " +
            maxAccounts + ", " + steps + ")";
        compare(reproduce, configuration(seed), stream::observe, stream::positionsNetToZero, new Iterator<>()
        {
            public boolean hasNext()
            {
                return stream.hasNext();
            }

            public RandomEventStream.Event next()
            {
                return stream.next();
            }
        });
    }

    /**
     * Feed every event to a fresh engine and a fresh reference model with the same configuration and fail on the
     * first difference in outbound messages or ledgers.
     *
     * @param reproduce     how to reproduce, for the failure message.
     * @param configuration for both sides (each gets its own concluded copy of the same settings).
     * @param events        the inbound events.
     */
    static List<byte[]> compare(
        final String reproduce,
        final EngineConfiguration configuration,
        final Iterator<RandomEventStream.Event> events)
    {
        return compare(reproduce, configuration, messages ->
        {
        }, () -> true, events);
    }

    /**
     * As {@link #compare(String, EngineConfiguration, Iterator)}, handing the outbound messages of each event (once
     * both sides agreed on them) to an observer before the next event is drawn, so that a reactive stream can answer.
     *
     * @param reproduce     how to reproduce, for the failure message.
     * @param configuration for both sides.
     * @param observer      receiving the outbound messages of each event.
     * @param balanced      asked after the observer: false once positions no longer net to zero at trade boundaries
     *                      (a rejected side of a trade), which turns off the checks that need it.
     * @param events        the inbound events.
     */
    static List<byte[]> compare(
        final String reproduce,
        final EngineConfiguration configuration,
        final Consumer<List<byte[]>> observer,
        final BooleanSupplier balanced,
        final Iterator<RandomEventStream.Event> events)
    {
        final List<byte[]> allFromEngine = new ArrayList<>();
        final List<byte[]> fromEngine = new ArrayList<>();
        final List<byte[]> fromModel = new ArrayList<>();
        final PerpRiskEngine engine = new PerpRiskEngine(configuration, (s, buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            fromEngine.add(copy);
        });
        final ReferenceEngine model = new ReferenceEngine(configuration, (s, buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            fromModel.add(copy);
        });
        long seq = 0;
        while (events.hasNext())
        {
            final RandomEventStream.Event event = events.next();
            seq++;
            fromEngine.clear();
            fromModel.clear();
            final byte[] inbound = event.message();
            engine.onEvent(seq, new UnsafeBuffer(inbound), 0, inbound.length);
            model.onEvent(seq, new UnsafeBuffer(inbound), 0, inbound.length);
            final String difference = firstDifference(fromEngine, fromModel);
            if (null != difference)
            {
                throw new AssertionError(describe(reproduce, seq, event, difference, fromEngine, fromModel));
            }
            observer.accept(fromModel);
            final String ledgerDifference = ledgerDifference(engine.ledger(), model,
                event.tradeBoundary() && balanced.getAsBoolean());
            if (null != ledgerDifference)
            {
                throw new AssertionError(describe(reproduce, seq, event, ledgerDifference, fromEngine, fromModel));
            }
            allFromEngine.addAll(fromEngine);
        }
        if (engine.lastAppliedSeq() != seq)
        {
            throw new AssertionError(reproduce + ": engine lastAppliedSeq " + engine.lastAppliedSeq() +
                " after " + seq + " events");
        }
        final String counterDifference = counterDifference(engine.counters(), model.counters());
        if (null != counterDifference)
        {
            throw new AssertionError(reproduce + ": counters differ after " + seq + " events: " + counterDifference);
        }
        return allFromEngine;
    }

    /**
     * Capacities for test streams and, for some seeds, other margin-call levels and hysteresis than the defaults.
     */
    static EngineConfiguration configuration(final long seed)
    {
        final EngineConfiguration configuration = new EngineConfiguration()
            .maxAccounts(1_024).maxInstruments(32).maxAssets(16);
        final SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        switch (random.nextInt(6))
        {
            case 0:
                configuration.marginCallLevels(50_000_000L, 80_000_000L, 90_000_000L, 100_000_000L);
                break;
            case 1:
                configuration.marginCallLevels(70_000_000L, 95_000_000L).marginCallHysteresis(0);
                break;
            case 2:
                configuration.marginCallLevels(90_000_000L).marginCallHysteresis(10_000_000L);
                break;
            default:
                break;
        }
        return configuration;
    }

    private static String firstDifference(final List<byte[]> fromEngine, final List<byte[]> fromModel)
    {
        for (int i = 0; i < Math.max(fromEngine.size(), fromModel.size()); i++)
        {
            if (i >= fromEngine.size())
            {
                return "engine emitted " + fromEngine.size() + " messages, the model " + fromModel.size() +
                    "; first missing from the engine is #" + i;
            }
            if (i >= fromModel.size())
            {
                return "engine emitted " + fromEngine.size() + " messages, the model " + fromModel.size() +
                    "; first extra from the engine is #" + i;
            }
            if (!Arrays.equals(comparable(fromEngine.get(i)), comparable(fromModel.get(i))))
            {
                return "message #" + i + " differs";
            }
        }
        return null;
    }

    /**
     * The bytes that must agree: the whole message, except that an {@code EventRejected} is compared up to the end
     * of its fixed block (its {@code detail} text is free).
     */
    private static byte[] comparable(final byte[] message)
    {
        if (message.length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return message;
        }
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0);
        if (header.templateId() == EventRejectedDecoder.TEMPLATE_ID)
        {
            return Arrays.copyOf(message, Math.min(message.length,
                MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength()));
        }
        return message;
    }

    private static String ledgerDifference(
        final EngineLedger ledger, final ReferenceEngine model, final boolean tradeBoundary)
    {
        final EngineLedger expected = model.ledger();
        final int settlement = model.settlementAssetId();
        for (final int assetId : model.assetIds())
        {
            final String name = "asset " + assetId + " ";
            if (ledger.totalDeposits(assetId) != expected.totalDeposits(assetId) ||
                ledger.totalWithdrawals(assetId) != expected.totalWithdrawals(assetId) ||
                ledger.totalWallets(assetId) != expected.totalWallets(assetId) ||
                ledger.insuranceFund(assetId) != expected.insuranceFund(assetId))
            {
                return "ledger of " + name + "differs: engine " + render(ledger, assetId) + ", model " +
                    render(expected, assetId);
            }
            final BigInteger imbalance = ReferenceInvariants.ledgerImbalance(ledger, assetId, assetId == settlement);
            if (assetId != settlement && imbalance.signum() != 0)
            {
                return "engine ledger of " + name + "does not balance: " + imbalance;
            }
            if (assetId == settlement && tradeBoundary &&
                !imbalance.equals(BigInteger.valueOf(ledger.totalSignedEntryCost()).negate()))
            {
                return "engine ledger of the settlement asset does not balance: deposits - withdrawals - held = " +
                    imbalance + " but -totalSignedEntryCost = " + -ledger.totalSignedEntryCost();
            }
        }
        if (tradeBoundary && BigInteger.valueOf(ledger.totalSignedEntryCost()).compareTo(
            ReferenceInvariants.openSignedCost(model)) != 0)
        {
            return "engine signed entry cost " + ledger.totalSignedEntryCost() + " differs from the model's open " +
                "positions' " + ReferenceInvariants.openSignedCost(model);
        }
        if (ledger.totalIsolatedMargin() != expected.totalIsolatedMargin() ||
            ledger.feesCollected() != expected.feesCollected() ||
            ledger.fundingClearing() != expected.fundingClearing() ||
            ledger.totalSignedEntryCost() != expected.totalSignedEntryCost())
        {
            return "house ledgers differ: engine isolated " + ledger.totalIsolatedMargin() + " fees " +
                ledger.feesCollected() + " funding " + ledger.fundingClearing() + " signed cost " +
                ledger.totalSignedEntryCost() + ", model isolated " + expected.totalIsolatedMargin() + " fees " +
                expected.feesCollected() + " funding " + expected.fundingClearing() + " signed cost " +
                expected.totalSignedEntryCost();
        }
        return null;
    }

    /**
     * The counters both sides derive from the same events and messages: liquidation counters, the insurance fund
     * gauge, fill anomalies, orders and events applied (a rejected event counts only as applied and as its reject).
     */
    private static String counterDifference(final EngineCounters engine, final EngineCounters model)
    {
        final long[][] pairs = {
            { engine.liquidationsStarted(), model.liquidationsStarted() },
            { engine.liquidationOrders(), model.liquidationOrders() },
            { engine.autoDeleverages(), model.autoDeleverages() },
            { engine.bankruptcyCovers(), model.bankruptcyCovers() },
            { engine.liquidationsCompleted(), model.liquidationsCompleted() },
            { engine.insuranceFundBalance(), model.insuranceFundBalance() },
            { engine.fillAnomalies(), model.fillAnomalies() },
            { engine.eventsApplied(), model.eventsApplied() },
            { engine.ordersAccepted(), model.ordersAccepted() },
            { engine.ordersRejected(), model.ordersRejected() },
        };
        final String[] names = { "liquidationsStarted", "liquidationOrders", "autoDeleverages", "bankruptcyCovers",
            "liquidationsCompleted", "insuranceFundBalance", "fillAnomalies", "eventsApplied", "ordersAccepted",
            "ordersRejected" };
        for (int i = 0; i < pairs.length; i++)
        {
            if (pairs[i][0] != pairs[i][1])
            {
                return names[i] + ": engine " + pairs[i][0] + ", model " + pairs[i][1];
            }
        }
        return null;
    }

    private static String render(final EngineLedger ledger, final int assetId)
    {
        return "{deposits " + ledger.totalDeposits(assetId) + ", withdrawals " + ledger.totalWithdrawals(assetId) +
            ", wallets " + ledger.totalWallets(assetId) + ", insurance " + ledger.insuranceFund(assetId) + "}";
    }

    private static String describe(
        final String reproduce,
        final long seq,
        final RandomEventStream.Event event,
        final String difference,
        final List<byte[]> fromEngine,
        final List<byte[]> fromModel)
    {
        final StringBuilder text = new StringBuilder();
        text.append("engine and reference disagree: ").append(difference).append('\n')
            .append("reproduce: ").append(reproduce).append('\n')
            .append("seq ").append(seq).append(" (").append(event.kind()).append("): ")
            .append(MessageText.render(event.message())).append('\n')
            .append("engine:\n");
        for (final byte[] message : fromEngine)
        {
            text.append("  ").append(MessageText.render(message)).append('\n');
        }
        text.append("reference:\n");
        for (final byte[] message : fromModel)
        {
            text.append("  ").append(MessageText.render(message)).append('\n');
        }
        return text.toString();
    }
}
