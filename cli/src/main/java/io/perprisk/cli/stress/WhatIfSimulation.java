package io.perprisk.cli.stress;

import io.perprisk.codecs.sbe.AccountOpenDecoder;
import io.perprisk.codecs.sbe.AccountOpenEncoder;
import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.AutoDeleverageDecoder;
import io.perprisk.codecs.sbe.CancelOrderRequestDecoder;
import io.perprisk.codecs.sbe.DepositEncoder;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.FillEncoder;
import io.perprisk.codecs.sbe.InstrumentDefinitionDecoder;
import io.perprisk.codecs.sbe.InsuranceFundReason;
import io.perprisk.codecs.sbe.InsuranceFundUpdateDecoder;
import io.perprisk.codecs.sbe.LiquidationCompletedDecoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.LiquidationStartedDecoder;
import io.perprisk.codecs.sbe.MarkPriceDecoder;
import io.perprisk.codecs.sbe.MarkPriceEncoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderDecoder;
import io.perprisk.codecs.sbe.OrderCanceledDecoder;
import io.perprisk.codecs.sbe.OrderCanceledEncoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.codecs.sbe.QueryAccountEncoder;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.engine.RiskEngine;
import io.perprisk.journal.InboundReader;
import io.perprisk.journal.JournalQueues;
import io.perprisk.journal.SnapshotFile;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The what-if behind {@code perp-risk stress}: restores the latest state of a journal into a private engine (newest
 * usable snapshot plus the inbound journal after it, read from a copy so that the journal itself is never opened for
 * writing), moves the marks of the shocked instruments along a path of equal steps, answers every
 * {@code LiquidationOrder} from a simulated market ({@link Liquidity}) and every {@code CancelOrderRequest} with an
 * {@code OrderCanceled}, and records what the engine did. Only the engine's public API is used: inbound events in,
 * outbound messages out ({@code QueryAccount} gives the picture before the shock), ledger totals for the insurance
 * fund. Cold path.
 */
public final class WhatIfSimulation
{
    private static final long BASE_ID = 1L << 61;
    private static final long MARKET_MAKER_DEPOSIT = 1_000_000_000L * 100_000_000L;
    private static final long STEP_NANOS = 1_000_000_000L;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final Map<Integer, long[]> instruments = new TreeMap<>();
    private final Map<Integer, Long> marks = new TreeMap<>();
    private final TreeSet<Long> accounts = new TreeSet<>();
    private final Map<Long, long[]> openOrders = new HashMap<>();
    private final Map<Long, Long> marginBalances = new HashMap<>();
    private final Map<Long, Long> marginBalancesBefore = new HashMap<>();
    private final Map<Integer, Long> openInterest = new TreeMap<>();
    private final Map<Long, Long> positionSizes = new HashMap<>();
    private final ArrayDeque<long[]> pendingOrders = new ArrayDeque<>();
    private final ArrayDeque<long[]> pendingCancels = new ArrayDeque<>();
    private final StressResult result = new StressResult();
    private RiskEngine engine;
    private boolean stressing;
    private long lastTimestamp;
    private long seq;
    private long nextId = BASE_ID;

    private WhatIfSimulation()
    {
    }

    /**
     * Run the what-if on a journal.
     *
     * @param journalDir the journal directory ({@code scenario --journal} or the service's); only read.
     * @param shocks     the mark moves, at least one.
     * @param steps      number of equal mark steps the shock is applied in, at least 1.
     * @param liquidity  the simulated market, per instrument or for all (instrument 0); empty for unlimited depth.
     * @param log        for progress and fallback messages.
     * @return what happened.
     * @throws IOException if the journal cannot be read or copied.
     */
    public static StressResult run(
        final Path journalDir,
        final List<Shock> shocks,
        final int steps,
        final List<Liquidity> liquidity,
        final PrintStream log) throws IOException
    {
        if (!Files.isDirectory(JournalQueues.inboundDir(journalDir)))
        {
            throw new IllegalArgumentException("not a journal directory (no inbound/): " + journalDir);
        }
        if (shocks.isEmpty() || steps < 1)
        {
            throw new IllegalArgumentException("at least one shock and one step are needed");
        }
        final WhatIfSimulation simulation = new WhatIfSimulation();
        final Path copy = Files.createTempDirectory("perp-risk-stress");
        try
        {
            copyTree(JournalQueues.inboundDir(journalDir), JournalQueues.inboundDir(copy));
            simulation.load(journalDir, copy, log);
            simulation.stress(shocks, steps, liquidity);
        }
        finally
        {
            IoUtil.delete(copy.toFile(), true);
        }
        return simulation.result;
    }

    private void load(final Path journalDir, final Path copy, final PrintStream log)
    {
        engine = newestSnapshot(JournalQueues.snapshotsDir(journalDir), log);
        result.snapshotSeq = engine.lastAppliedSeq();
        try (InboundReader reader = InboundReader.open(copy))
        {
            while (reader.poll(this::onInbound, 4096) > 0)
            {
                result.journalSeq = reader.lastSeq();
            }
            result.journalSeq = Math.max(result.journalSeq, engine.lastAppliedSeq());
        }
        seq = engine.lastAppliedSeq();
    }

    private RiskEngine newestSnapshot(final Path snapshotsDir, final PrintStream log)
    {
        final List<Path> files = new ArrayList<>();
        if (Files.isDirectory(snapshotsDir))
        {
            try (Stream<Path> list = Files.list(snapshotsDir))
            {
                list.filter((path) -> path.getFileName().toString().startsWith(SnapshotFile.PREFIX) &&
                    path.getFileName().toString().endsWith(SnapshotFile.SUFFIX)).forEach(files::add);
            }
            catch (final IOException ex)
            {
                log.println("stress: cannot list snapshots: " + ex.getMessage() + "; replaying from the start");
            }
        }
        files.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
        for (final Path file : files)
        {
            try
            {
                final SnapshotFile snapshot = SnapshotFile.read(file);
                final RiskEngine loaded = newEngine();
                loaded.loadSnapshot(new UnsafeBuffer(snapshot.body()), 0, snapshot.body().length);
                if (loaded.digest().equals(snapshot.digest()))
                {
                    return loaded;
                }
                log.println("stress: snapshot " + file + " does not reproduce its digest; trying an older one");
            }
            catch (final IOException | RuntimeException ex)
            {
                log.println("stress: skipping snapshot " + file + ": " + ex.getMessage());
            }
        }
        return newEngine();
    }

    private RiskEngine newEngine()
    {
        return new PerpRiskEngine(new EngineConfiguration(), this::onOutbound);
    }

    private void onInbound(
        final long eventSeq, final long receiveTimeNanos, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        switch (header.templateId())
        {
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
            {
                final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder()
                    .wrapAndApplyHeader(buffer, offset, header);
                instruments.put(definition.instrumentId(),
                    new long[]{ definition.tickSize(), definition.lotSize(), definition.settleAssetId() });
                break;
            }
            case MarkPriceDecoder.TEMPLATE_ID:
            {
                final MarkPriceDecoder mark = new MarkPriceDecoder().wrapAndApplyHeader(buffer, offset, header);
                marks.put(mark.instrumentId(), mark.price());
                lastTimestamp = Math.max(lastTimestamp, mark.timestamp());
                break;
            }
            case AccountOpenDecoder.TEMPLATE_ID:
                accounts.add(new AccountOpenDecoder().wrapAndApplyHeader(buffer, offset, header).accountId());
                break;
            case NewOrderDecoder.TEMPLATE_ID:
            {
                final NewOrderDecoder order = new NewOrderDecoder().wrapAndApplyHeader(buffer, offset, header);
                openOrders.put(order.orderId(),
                    new long[]{ order.accountId(), order.instrumentId(), order.quantity() });
                break;
            }
            case FillDecoder.TEMPLATE_ID:
            {
                final FillDecoder fill = new FillDecoder().wrapAndApplyHeader(buffer, offset, header);
                final long[] order = openOrders.get(fill.orderId());
                if (null != order && order[0] == fill.accountId())
                {
                    order[2] -= fill.quantity();
                    if (order[2] <= 0)
                    {
                        openOrders.remove(fill.orderId());
                    }
                }
                lastTimestamp = Math.max(lastTimestamp, fill.timestamp());
                break;
            }
            case OrderCanceledDecoder.TEMPLATE_ID:
                openOrders.remove(new OrderCanceledDecoder().wrapAndApplyHeader(buffer, offset, header).orderId());
                break;
            default:
                break;
        }
        if (eventSeq > engine.lastAppliedSeq())
        {
            engine.onEvent(eventSeq, buffer, offset, length);
            result.replayedEvents++;
        }
    }

    private void stress(final List<Shock> shocks, final int steps, final List<Liquidity> liquidity)
    {
        for (final Shock shock : shocks)
        {
            if (!marks.containsKey(shock.instrumentId()) || !instruments.containsKey(shock.instrumentId()))
            {
                throw new IllegalArgumentException("instrument " + shock.instrumentId() +
                    " has no definition or mark price in the journal");
            }
        }
        result.accounts = accounts.size();
        for (final long accountId : accounts)
        {
            final QueryAccountEncoder query = new QueryAccountEncoder().wrapAndApplyHeader(out, 0, headerEncoder);
            query.accountId(accountId);
            apply(query.encodedLength());
        }
        marginBalancesBefore.putAll(marginBalances);
        result.openInterestBefore.putAll(openInterest);
        final TreeSet<Integer> assets = new TreeSet<>();
        instruments.values().forEach((values) -> assets.add((int) values[2]));
        for (final int assetId : assets)
        {
            result.insuranceFundBefore.put(assetId, engine.ledger().insuranceFund(assetId));
        }

        final long marketMaker = (accounts.isEmpty() ? 0 : accounts.last()) + 1;
        apply(new AccountOpenEncoder().wrapAndApplyHeader(out, 0, headerEncoder).accountId(marketMaker)
            .encodedLength());
        for (final int assetId : assets)
        {
            apply(new DepositEncoder().wrapAndApplyHeader(out, 0, headerEncoder).accountId(marketMaker)
                .assetId(assetId).amount(MARKET_MAKER_DEPOSIT).encodedLength());
        }
        result.marketMakerAccount = marketMaker;
        stressing = true;

        final Map<Integer, Long> startMarks = new TreeMap<>();
        shocks.forEach((shock) -> startMarks.put(shock.instrumentId(), marks.get(shock.instrumentId())));
        result.step(0, marks, assets, engine, pendingSize());
        for (int step = 1; step <= steps; step++)
        {
            final Map<Integer, Long> used = new HashMap<>();
            for (final Shock shock : shocks)
            {
                final int instrumentId = shock.instrumentId();
                final long tick = instruments.get(instrumentId)[0];
                final BigDecimal move = shock.fraction().multiply(BigDecimal.valueOf(step))
                    .divide(BigDecimal.valueOf(steps), 12, RoundingMode.HALF_EVEN);
                final BigDecimal price = BigDecimal.valueOf(startMarks.get(instrumentId))
                    .multiply(BigDecimal.ONE.add(move));
                final long mark = Math.max(tick, price.divide(BigDecimal.valueOf(tick), 0, RoundingMode.FLOOR)
                    .longValueExact() * tick);
                marks.put(instrumentId, mark);
                lastTimestamp += STEP_NANOS;
                apply(new MarkPriceEncoder().wrapAndApplyHeader(out, 0, headerEncoder).instrumentId(instrumentId)
                    .price(mark).timestamp(lastTimestamp).encodedLength());
            }
            answer(liquidity, used);
            result.step(step, marks, assets, engine, pendingSize());
        }
        for (final Map.Entry<Long, Long> entry : marginBalances.entrySet())
        {
            if (entry.getKey() != marketMaker && entry.getValue() < 0)
            {
                final long before = marginBalancesBefore.getOrDefault(entry.getKey(), 0L);
                result.bankrupt.put(entry.getKey(), new long[]{ before, entry.getValue() });
            }
        }
        for (final long accountId : result.liquidated)
        {
            result.liquidatedBalances.put(accountId, new long[]{
                marginBalancesBefore.getOrDefault(accountId, 0L), marginBalances.getOrDefault(accountId, 0L) });
        }
        for (final int assetId : assets)
        {
            result.insuranceFundAfter.put(assetId, engine.ledger().insuranceFund(assetId));
        }
        result.openInterestAfter.putAll(openInterest);
        result.marksAfter.putAll(marks);
        result.startMarks.putAll(startMarks);
        result.shocksApplied.addAll(shocks);
        result.steps = steps;
    }

    private int pendingSize()
    {
        return result.inLiquidation.size();
    }

    private void answer(final List<Liquidity> liquidity, final Map<Integer, Long> used)
    {
        int rounds = 0;
        while (!pendingOrders.isEmpty() || !pendingCancels.isEmpty())
        {
            if (++rounds > 10_000_000)
            {
                throw new IllegalStateException("the liquidation loop does not settle");
            }
            if (!pendingCancels.isEmpty())
            {
                final long[] cancel = pendingCancels.removeFirst();
                final long[] order = openOrders.remove(cancel[0]);
                final long remaining = null == order ? 0 : Math.max(0, order[2]);
                apply(new OrderCanceledEncoder().wrapAndApplyHeader(out, 0, headerEncoder).orderId(cancel[0])
                    .accountId(cancel[1]).instrumentId((int) cancel[2]).quantity(remaining).encodedLength());
                continue;
            }
            fillFromMarket(pendingOrders.removeFirst(), liquidity, used);
        }
    }

    private void fillFromMarket(final long[] order, final List<Liquidity> liquidity, final Map<Integer, Long> used)
    {
        final long orderId = order[0];
        final long accountId = order[1];
        final int instrumentId = (int) order[2];
        final boolean sell = order[3] == Side.SELL.value();
        final long quantity = order[4];
        final long limit = order[5];
        final long tick = instruments.get(instrumentId)[0];
        final long lot = instruments.get(instrumentId)[1];
        final long mark = marks.getOrDefault(instrumentId, limit);
        final Liquidity market = liquidityOf(instrumentId, liquidity);
        final int usedKey = sell ? instrumentId : -instrumentId - 1;
        final long consumed = used.getOrDefault(usedKey, 0L);

        long fill = Math.min(quantity, market.depth() == Long.MAX_VALUE ? quantity : market.depth() - consumed);
        if (market.slippage().signum() > 0 && market.depth() != Long.MAX_VALUE)
        {
            // deepest the book can go before the marginal price crosses the order's limit
            final BigDecimal room = BigDecimal.ONE.subtract(BigDecimal.valueOf(limit)
                .divide(BigDecimal.valueOf(mark), 12, RoundingMode.HALF_EVEN)).abs();
            final boolean limitThroughMark = sell ? limit > mark : limit < mark;
            final long reach = limitThroughMark ? 0 : BigDecimal.valueOf(market.depth()).multiply(room)
                .divide(market.slippage(), 0, RoundingMode.FLOOR).min(BigDecimal.valueOf(Long.MAX_VALUE))
                .longValue();
            fill = Math.min(fill, reach - consumed);
        }
        else if (sell ? limit > mark : limit < mark)
        {
            fill = 0;
        }
        fill = Math.max(0, fill) / lot * lot;
        if (fill > 0)
        {
            final BigDecimal impact = market.depth() == Long.MAX_VALUE ? BigDecimal.ZERO : market.slippage()
                .multiply(BigDecimal.valueOf(consumed + fill))
                .divide(BigDecimal.valueOf(market.depth()), 12, RoundingMode.HALF_EVEN);
            final BigDecimal raw = BigDecimal.valueOf(mark)
                .multiply(sell ? BigDecimal.ONE.subtract(impact) : BigDecimal.ONE.add(impact));
            long price = raw.divide(BigDecimal.valueOf(tick), 0, sell ? RoundingMode.FLOOR : RoundingMode.CEILING)
                .longValueExact() * tick;
            price = sell ? Math.max(price, limit) : Math.min(price, limit);
            used.put(usedKey, consumed + fill);
            final long tradeId = nextId++;
            lastTimestamp += 1;
            apply(fill(tradeId, orderId, accountId, instrumentId, sell ? Side.SELL : Side.BUY, price, fill));
            apply(fill(tradeId, nextId++, result.marketMakerAccount, instrumentId, sell ? Side.BUY : Side.SELL,
                price, fill));
            result.liquidationFills++;
            result.liquidationFilledQuantity.merge(instrumentId, fill, Long::sum);
        }
        if (fill < quantity)
        {
            result.liquidationCanceledQuantity.merge(instrumentId, quantity - fill, Long::sum);
            apply(new OrderCanceledEncoder().wrapAndApplyHeader(out, 0, headerEncoder).orderId(orderId)
                .accountId(accountId).instrumentId(instrumentId).quantity(quantity - fill).encodedLength());
        }
    }

    private int fill(
        final long tradeId,
        final long orderId,
        final long accountId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity)
    {
        return new FillEncoder().wrapAndApplyHeader(out, 0, headerEncoder).tradeId(tradeId).orderId(orderId)
            .accountId(accountId).instrumentId(instrumentId).side(side).price(price).quantity(quantity).fee(0)
            .timestamp(lastTimestamp).encodedLength();
    }

    private static Liquidity liquidityOf(final int instrumentId, final List<Liquidity> liquidity)
    {
        Liquidity all = Liquidity.UNLIMITED;
        for (final Liquidity candidate : liquidity)
        {
            if (candidate.instrumentId() == instrumentId)
            {
                return candidate;
            }
            if (candidate.instrumentId() == 0)
            {
                all = candidate;
            }
        }
        return all;
    }

    private void apply(final int bodyLength)
    {
        engine.onEvent(++seq, out, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
        result.stressEvents++;
    }

    private void onOutbound(final long eventSeq, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        if (templateId == AccountUpdateDecoder.TEMPLATE_ID)
        {
            final AccountUpdateDecoder update = new AccountUpdateDecoder().wrapAndApplyHeader(buffer, offset, header);
            marginBalances.put(update.accountId(), update.marginBalance());
        }
        else if (templateId == PositionUpdateDecoder.TEMPLATE_ID)
        {
            final PositionUpdateDecoder update = new PositionUpdateDecoder().wrapAndApplyHeader(buffer, offset, header);
            final long key = update.accountId() * 65_536L + update.instrumentId();
            final Long previous = positionSizes.put(key, update.size());
            final long before = null == previous ? 0 : previous;
            openInterest.merge(update.instrumentId(), Math.max(update.size(), 0) - Math.max(before, 0), Long::sum);
        }
        if (!stressing)
        {
            return;
        }
        switch (templateId)
        {
            case LiquidationStartedDecoder.TEMPLATE_ID:
            {
                final LiquidationStartedDecoder started = new LiquidationStartedDecoder()
                    .wrapAndApplyHeader(buffer, offset, header);
                result.liquidationsStarted++;
                result.liquidated.add(started.accountId());
                result.inLiquidation.add(started.accountId() * 65_536L + started.instrumentId());
                break;
            }
            case LiquidationCompletedDecoder.TEMPLATE_ID:
            {
                final LiquidationCompletedDecoder completed = new LiquidationCompletedDecoder()
                    .wrapAndApplyHeader(buffer, offset, header);
                result.liquidationsCompleted++;
                result.inLiquidation.remove(completed.accountId() * 65_536L + completed.instrumentId());
                break;
            }
            case LiquidationOrderDecoder.TEMPLATE_ID:
            {
                final LiquidationOrderDecoder order = new LiquidationOrderDecoder()
                    .wrapAndApplyHeader(buffer, offset, header);
                result.liquidationOrders++;
                pendingOrders.addLast(new long[]{ order.orderId(), order.accountId(), order.instrumentId(),
                    order.side().value(), order.quantity(), order.limitPrice() });
                break;
            }
            case CancelOrderRequestDecoder.TEMPLATE_ID:
            {
                final CancelOrderRequestDecoder cancel = new CancelOrderRequestDecoder()
                    .wrapAndApplyHeader(buffer, offset, header);
                pendingCancels.addLast(new long[]{ cancel.orderId(), cancel.accountId(), cancel.instrumentId() });
                break;
            }
            case AutoDeleverageDecoder.TEMPLATE_ID:
            {
                final AutoDeleverageDecoder adl = new AutoDeleverageDecoder()
                    .wrapAndApplyHeader(buffer, offset, header);
                result.adlEvents++;
                result.deleveraged.add(adl.accountId());
                result.adlQuantity.merge(adl.instrumentId(), adl.quantity(), Long::sum);
                break;
            }
            case InsuranceFundUpdateDecoder.TEMPLATE_ID:
            {
                final InsuranceFundUpdateDecoder update = new InsuranceFundUpdateDecoder()
                    .wrapAndApplyHeader(buffer, offset, header);
                if (update.reason() == InsuranceFundReason.BANKRUPTCY_COVER)
                {
                    result.insuranceFundDrawn.merge(update.assetId(), -update.delta(), Long::sum);
                }
                else if (update.reason() == InsuranceFundReason.LIQUIDATION_FEE)
                {
                    result.liquidationFees.merge(update.assetId(), update.delta(), Long::sum);
                }
                break;
            }
            default:
                break;
        }
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path path : (Iterable<Path>) paths::iterator)
            {
                final Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(path, target);
                }
            }
        }
    }
}
