package io.perprisk.engine;

import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.Side;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Random;

/**
 * Pre-encodes a deterministic stream of mixed inbound events (orders, fills, cancels, marks, funding, collateral
 * prices, deposits, withdrawals, queries, leverage changes and rejects) over a fixed universe of accounts and
 * instruments, into one buffer. Every event is also applied to a private oracle engine as it is generated, so that
 * the stream can answer the oracle's liquidation orders the way a matching engine would (fills at or inside the
 * limit with the other side of the trade, or a cancel of the remainder, which leads to auto-deleveraging); an engine
 * that applies the same stream sees the same liquidation orders.
 */
final class MixedEventGenerator
{
    static final int ACCOUNTS = 50;
    static final int INSTRUMENTS = 2;
    static final int MAX_OPEN_ORDERS = 600;

    final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 20);
    int[] offsets = new int[1024];
    int[] lengths = new int[1024];
    int count;
    private int position;

    private final InboundMessages in = new InboundMessages();
    private final Random random;
    private final long[] marks = { 1_000_000_000_000L, 10_000_000_000L };
    private long btcPrice = 5_000_000_000_000L;
    private long nextOrderId;
    private final long[] openIds = new long[4096];
    private final long[] openAccounts = new long[4096];
    private final int[] openInstruments = new int[4096];
    private final boolean[] openBuy = new boolean[4096];
    private final long[] openPrices = new long[4096];
    private final long[] openRemaining = new long[4096];
    private int openCount;

    private final PerpRiskEngine oracle;
    private final LiquidationOrderDecoder liquidationOrder = new LiquidationOrderDecoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final long[] liqIds = new long[1024];
    private final long[] liqAccounts = new long[1024];
    private final int[] liqInstruments = new int[1024];
    private final boolean[] liqBuy = new boolean[1024];
    private final long[] liqLimits = new long[1024];
    private final long[] liqRemaining = new long[1024];
    private int liqCount;

    MixedEventGenerator(final long seed, final long firstOrderId)
    {
        random = new Random(seed);
        nextOrderId = firstOrderId;
        oracle = new PerpRiskEngine(
            new EngineConfiguration().maxAccounts(100).maxInstruments(4).maxAssets(4), this::onOracleOutput);
    }

    private void onOracleOutput(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        if (header.templateId() == LiquidationOrderDecoder.TEMPLATE_ID && liqCount < liqIds.length)
        {
            liquidationOrder.wrapAndApplyHeader(buffer, offset, header);
            liqIds[liqCount] = liquidationOrder.orderId();
            liqAccounts[liqCount] = liquidationOrder.accountId();
            liqInstruments[liqCount] = liquidationOrder.instrumentId();
            liqBuy[liqCount] = liquidationOrder.side() == Side.BUY;
            liqLimits[liqCount] = liquidationOrder.limitPrice();
            liqRemaining[liqCount] = liquidationOrder.quantity();
            liqCount++;
        }
    }

    /**
     * The reference data, accounts and deposits every stream starts from.
     */
    MixedEventGenerator setup()
    {
        add(in.assetDefinition(buffer, position, 1, "1", "1"));
        add(in.assetDefinition(buffer, position, 2, "50000", "0.9"));
        add(in.instrument(buffer, position, 1, 1, "0.1", "0.001", EngineHarness.EXAMPLE_TIERS));
        add(in.instrument(buffer, position, 2, 1, "0.01", "0.01", EngineHarness.EXAMPLE_TIERS));
        add(in.markPriceRaw(buffer, position, 1, marks[0]));
        add(in.markPriceRaw(buffer, position, 2, marks[1]));
        for (int a = 1; a <= ACCOUNTS; a++)
        {
            add(in.accountOpen(buffer, position, a));
            add(in.deposit(buffer, position, a, 1, "20000"));
            if (a % 3 == 0)
            {
                add(in.deposit(buffer, position, a, 2, "0.5"));
            }
            if (a % 4 == 0)
            {
                add(in.setMarginMode(buffer, position, a, 2, true));
            }
        }
        add(in.insuranceFundDeposit(buffer, position, 1, "100000"));
        return this;
    }

    MixedEventGenerator generate(final int events)
    {
        for (int i = 0; i < events; i++)
        {
            next();
        }
        return this;
    }

    private void next()
    {
        final int dice = random.nextInt(100);
        final long account = 1 + random.nextInt(ACCOUNTS);
        final int instrument = 1 + random.nextInt(INSTRUMENTS);
        final int k = instrument - 1;
        final long tick = instrument == 1 ? 10_000_000L : 1_000_000L;
        final long lot = instrument == 1 ? 100_000L : 1_000_000L;
        if (liqCount > 0 && random.nextInt(4) == 0)
        {
            answerLiquidationOrder(random.nextInt(liqCount));
        }
        else if (dice < 30 && openCount < MAX_OPEN_ORDERS)
        {
            final boolean buy = random.nextBoolean();
            final long price = marks[k] + (random.nextInt(41) - 20) * tick * 10;
            final long quantity = lot * (1 + random.nextInt(200));
            final long id = nextOrderId++;
            add(in.newOrderRaw(buffer, position, id, account, instrument, buy, price, quantity,
                random.nextInt(10) == 0));
            openIds[openCount] = id;
            openAccounts[openCount] = account;
            openInstruments[openCount] = instrument;
            openBuy[openCount] = buy;
            openPrices[openCount] = price;
            openRemaining[openCount] = quantity;
            openCount++;
        }
        else if (dice < 50 && openCount > 0)
        {
            final int o = random.nextInt(openCount);
            final int ok = openInstruments[o] - 1;
            final long oLot = ok == 0 ? 100_000L : 1_000_000L;
            final long quantity = Math.min(openRemaining[o], oLot * (1 + random.nextInt(100)));
            final long counterparty = 1 + (openAccounts[o] % ACCOUNTS);
            add(in.fillRaw(buffer, position, 0, counterparty, openInstruments[o], !openBuy[o], openPrices[o],
                quantity, 0));
            add(in.fillRaw(buffer, position, openIds[o], openAccounts[o], openInstruments[o], openBuy[o],
                openPrices[o], quantity, quantity * openPrices[o] / 100_000_000L / 2_000));
            openRemaining[o] -= quantity;
            if (openRemaining[o] == 0)
            {
                removeOpen(o);
            }
        }
        else if (dice < 60 && openCount > 0)
        {
            final int o = random.nextInt(openCount);
            add(in.orderCanceled(buffer, position, openIds[o], openAccounts[o], openInstruments[o]));
            removeOpen(o);
        }
        else if (dice < 75)
        {
            marks[k] = Math.max(tick * 100, marks[k] + (random.nextInt(21) - 10) * tick * 5);
            add(in.markPriceRaw(buffer, position, instrument, marks[k]));
        }
        else if (dice < 78)
        {
            add(in.fundingRate(buffer, position, instrument, random.nextBoolean() ? "0.0001" : "-0.00005"));
        }
        else if (dice < 83)
        {
            btcPrice = Math.max(100_000_000_000L, btcPrice + (random.nextInt(21) - 10) * 10_000_000_000L);
            add(in.assetPrice(buffer, position, 2, Long.toString(btcPrice / 100_000_000L)));
        }
        else if (dice < 88)
        {
            add(in.deposit(buffer, position, account, 1, "100"));
        }
        else if (dice < 91)
        {
            add(in.withdraw(buffer, position, dice, account, 1 + random.nextInt(2), "50"));
        }
        else if (dice < 96)
        {
            add(in.queryAccount(buffer, position, account));
        }
        else if (dice < 98)
        {
            add(in.setLeverage(buffer, position, account, instrument, 5 + random.nextInt(16)));
        }
        else
        {
            add(in.deposit(buffer, position, ACCOUNTS + 1000, 1, "100"));
        }
    }

    /**
     * A fill of part or all of a liquidation order at the better of its limit and the mark (with the counterparty's
     * fill), or the cancel of what is left of it.
     */
    private void answerLiquidationOrder(final int o)
    {
        final int instrument = liqInstruments[o];
        if (random.nextInt(3) == 0)
        {
            add(in.orderCanceled(buffer, position, liqIds[o], liqAccounts[o], instrument));
            removeLiquidationOrder(o);
            return;
        }
        final long lot = instrument == 1 ? 100_000L : 1_000_000L;
        final long mark = marks[instrument - 1];
        final long price = liqBuy[o] ? Math.min(liqLimits[o], mark) : Math.max(liqLimits[o], mark);
        final long quantity = Math.min(liqRemaining[o], lot * (1 + random.nextInt(200)));
        final long counterparty = 1 + (liqAccounts[o] % ACCOUNTS);
        add(in.fillRaw(buffer, position, 0, counterparty, instrument, !liqBuy[o], price, quantity, 0));
        add(in.fillRaw(buffer, position, liqIds[o], liqAccounts[o], instrument, liqBuy[o], price, quantity, 0));
        liqRemaining[o] -= quantity;
        if (liqRemaining[o] == 0)
        {
            removeLiquidationOrder(o);
        }
    }

    private void removeLiquidationOrder(final int o)
    {
        liqCount--;
        liqIds[o] = liqIds[liqCount];
        liqAccounts[o] = liqAccounts[liqCount];
        liqInstruments[o] = liqInstruments[liqCount];
        liqBuy[o] = liqBuy[liqCount];
        liqLimits[o] = liqLimits[liqCount];
        liqRemaining[o] = liqRemaining[liqCount];
    }

    private void removeOpen(final int o)
    {
        openCount--;
        openIds[o] = openIds[openCount];
        openAccounts[o] = openAccounts[openCount];
        openInstruments[o] = openInstruments[openCount];
        openBuy[o] = openBuy[openCount];
        openPrices[o] = openPrices[openCount];
        openRemaining[o] = openRemaining[openCount];
    }

    private void add(final int length)
    {
        if (count == offsets.length)
        {
            offsets = java.util.Arrays.copyOf(offsets, count * 2);
            lengths = java.util.Arrays.copyOf(lengths, count * 2);
        }
        offsets[count] = position;
        lengths[count] = length;
        count++;
        oracle.onEvent(count, buffer, position, length);
        position += length;
        buffer.checkLimit(position + 1024);
    }

    /**
     * Apply events [from, to) with sequence numbers starting at firstSeq.
     */
    void applyTo(final RiskEngine engine, final long firstSeq, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            engine.onEvent(firstSeq + i - from, buffer, offsets[i], lengths[i]);
        }
    }

    MutableDirectBuffer buffer()
    {
        return buffer;
    }
}
