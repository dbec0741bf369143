package io.perprisk.engine.property;

import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.CancelOrderRequestDecoder;
import io.perprisk.codecs.sbe.EventRejectedDecoder;
import io.perprisk.codecs.sbe.FillDecoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.MarginMode;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.OrderRejectedDecoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.codecs.sbe.Side;
import io.perprisk.engine.reference.InboundMessages;
import io.perprisk.engine.reference.InboundMessages.TierSpec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded, deterministic stream of inbound SBE messages (message header included) exercising the margin engine:
 * a setup (settlement asset USDT, 1–3 collateral assets with haircuts, 1–4 instruments with 1–4 tiers and ticks and
 * lots that satisfy the divisibility rule, accounts, deposits, insurance-fund deposits), then a mix of mark and asset
 * price moves (random walks with occasional 30–50 % jumps), funding rates, leverage and margin-mode changes,
 * isolated margin adjustments, new orders (some invalid by design), cancels, paired fills between two accounts on
 * opposite sides (with fees and rebates, sometimes naming open orders), deposits, withdrawals (some too large),
 * queries and occasional invalid events. Magnitudes stay realistic so that little overflows: a rare deliberate
 * deposit that must be rejected with {@code ARITHMETIC_OVERFLOW}, and now and then an event after which a margin
 * ratio would not fit (a liquidation fee can leave a margin balance of a few raw units).
 * <p>
 * The generator keeps its own shadow of the positions it created, so that it can reduce, close and flip them.
 * <p>
 * It is <b>reactive</b> when the harness hands it every outbound message through {@link #observe(DirectBuffer, int,
 * int)}: it then answers like a matching engine. Each {@code LiquidationOrder} is answered (at once or a few steps
 * later) with fills of that engine order id (all, part or none of it; at the limit, better than the limit, near the
 * bankruptcy price or the mark, never worse than the limit), each paired with a counterparty fill of another account
 * so that trades stay zero-sum, then an {@code OrderCanceled} for the remainder; each {@code CancelOrderRequest} with
 * an {@code OrderCanceled} (sometimes after a late fill). Position updates and account updates correct the shadow
 * positions and the equity used for sizing. To make liquidations happen, the mix has crash ticks of 30–50 % in one
 * mark price (both directions), collateral price drops, large funding rates, several positions per cross account at
 * high leverage, and an insurance fund that is sometimes empty or small, so that it runs out and ADL follows.
 * Without {@link #observe} the stream is the same kind of legal input, only unanswered.
 */
public final class RandomEventStream
{
    private static final long R = 100_000_000L;
    private static final int USDT = 1;
    private static final long UNKNOWN_ACCOUNT = 987_654_321_987L;
    private static final int UNKNOWN_INSTRUMENT = 9_999;
    private static final int UNKNOWN_ASSET = 8_888;

    /**
     * One generated inbound event.
     *
     * @param message       SBE bytes, header first.
     * @param kind          short description of what the generator intended.
     * @param tradeBoundary false between the two fills of one trade, and for good once one fill of a trade was
     *                      rejected after the other was applied (then positions no longer net to zero); a reactive
     *                      stream drops the second fill when the first one is rejected.
     */
    public record Event(byte[] message, String kind, boolean tradeBoundary)
    {
    }

    private static final class InstrumentModel
    {
        final int id;
        final long tick;
        final long lot;
        final double basePrice;
        final int maxLeverage1;
        double mark;
        boolean marked = true;

        InstrumentModel(final int id, final long tick, final long lot, final double basePrice, final int maxLeverage1)
        {
            this.id = id;
            this.tick = tick;
            this.lot = lot;
            this.basePrice = basePrice;
            this.maxLeverage1 = maxLeverage1;
            this.mark = basePrice;
        }
    }

    private static final class AssetModel
    {
        final int id;
        final double basePrice;
        double price;

        AssetModel(final int id, final double basePrice)
        {
            this.id = id;
            this.basePrice = basePrice;
            this.price = basePrice;
        }
    }

    private static final class OrderModel
    {
        final long orderId;
        final long accountId;
        final InstrumentModel instrument;
        final Side side;
        final long price;
        long remaining;

        OrderModel(final long orderId, final long accountId, final InstrumentModel instrument, final Side side,
            final long price, final long remaining)
        {
            this.orderId = orderId;
            this.accountId = accountId;
            this.instrument = instrument;
            this.side = side;
            this.price = price;
            this.remaining = remaining;
        }
    }

    /** An engine order or cancel request still to be answered, due at a step. */
    private static final class Owed
    {
        final long dueStep;
        final boolean liquidation;
        final long orderId;
        final long accountId;
        final int instrumentId;
        final Side side;
        final long quantity;
        final long limitPrice;
        final long bankruptcyPrice;

        Owed(final long dueStep, final boolean liquidation, final long orderId, final long accountId,
            final int instrumentId, final Side side, final long quantity, final long limitPrice,
            final long bankruptcyPrice)
        {
            this.dueStep = dueStep;
            this.liquidation = liquidation;
            this.orderId = orderId;
            this.accountId = accountId;
            this.instrumentId = instrumentId;
            this.side = side;
            this.quantity = quantity;
            this.limitPrice = limitPrice;
            this.bankruptcyPrice = bankruptcyPrice;
        }
    }

    /** Largest equity in USDT the stream sizes positions by. */
    private static final double MAX_EQUITY = 2_000_000;
    /** Steps after the main ones in which owed answers may still be given. */
    private static final int DRAIN_STEPS = 100;

    private final SplittableRandom random;
    private final int mainEvents;
    private final ArrayDeque<Owed> owed = new ArrayDeque<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final LiquidationOrderDecoder liquidationOrder = new LiquidationOrderDecoder();
    private final CancelOrderRequestDecoder cancelRequest = new CancelOrderRequestDecoder();
    private final PositionUpdateDecoder positionUpdate = new PositionUpdateDecoder();
    private final AccountUpdateDecoder accountUpdate = new AccountUpdateDecoder();
    private final OrderRejectedDecoder orderRejected = new OrderRejectedDecoder();
    private final EventRejectedDecoder eventRejected = new EventRejectedDecoder();
    private long lastNewOrderId = -1;
    private Event lastServed;
    private boolean lastServedWasSecondLeg;
    private boolean unbalanced;
    private int liquidationFills;
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private final List<AssetModel> collateral = new ArrayList<>();
    private final List<InstrumentModel> instruments = new ArrayList<>();
    private final List<Long> accounts = new ArrayList<>();
    /** Rough equity of each account in USDT, for sizing. */
    private final Map<Long, Double> equity = new HashMap<>();
    private final Map<Long, Boolean> depositedUsdt = new HashMap<>();
    /** Shadow positions, key accountId * 1000 + instrumentId. */
    private final Map<Long, Long> positions = new HashMap<>();
    private final LinkedHashMap<Long, OrderModel> orders = new LinkedHashMap<>();
    private int produced;
    private long nextOrderId;
    private long nextTradeId = 1;
    private long nextRequestId = 1;
    private long timestamp = 1_700_000_000_000_000_000L;

    /**
     * Create a stream.
     *
     * @param seed        of the stream; the same seed gives the same bytes.
     * @param minAccounts least number of accounts in the setup, at least 2.
     * @param maxAccounts most number of accounts in the setup.
     * @param mainEvents  number of main-phase steps after the setup (a trade is one step of two events).
     */
    public RandomEventStream(final long seed, final int minAccounts, final int maxAccounts, final int mainEvents)
    {
        this.random = new SplittableRandom(seed);
        this.mainEvents = mainEvents;
        this.nextOrderId = 1 + random.nextInt(1_000_000);
        setup(minAccounts + random.nextInt(maxAccounts - minAccounts + 1));
    }

    /**
     * Whether another event follows.
     *
     * @return true while events remain.
     */
    public boolean hasNext()
    {
        while (pending.isEmpty() && (produced < mainEvents || (!owed.isEmpty() && produced < mainEvents + DRAIN_STEPS)))
        {
            produced++;
            if (!answerOwed() && produced <= mainEvents)
            {
                step();
            }
        }
        return !pending.isEmpty();
    }

    /**
     * The next event.
     *
     * @return the event.
     */
    public Event next()
    {
        if (!hasNext())
        {
            throw new IllegalStateException("stream exhausted");
        }
        final Event event = pending.poll();
        lastServedWasSecondLeg = null != lastServed && !lastServed.tradeBoundary();
        lastServed = event;
        return unbalanced && event.tradeBoundary() ? new Event(event.message(), event.kind(), false) : event;
    }

    /**
     * Write the next event's message into a buffer.
     *
     * @param buffer to write into.
     * @param offset at which the message header starts.
     * @return the length of the message, header included.
     */
    public int next(final MutableDirectBuffer buffer, final int offset)
    {
        final byte[] message = next().message();
        buffer.putBytes(offset, message);
        return message.length;
    }

    /**
     * Hand the stream one outbound message of the engine (or model) that applied the last event, so that it can
     * answer liquidation orders and cancel requests and correct its shadow state. Call it for every outbound
     * message, in order, after each event; the same messages give the same continuation.
     *
     * @param buffer holding the message, header first.
     * @param offset of the message header.
     * @param length of the message.
     */
    public void observe(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case LiquidationOrderDecoder.TEMPLATE_ID:
            {
                final LiquidationOrderDecoder order = liquidationOrder.wrap(buffer, body, blockLength, version);
                owed.add(new Owed(produced + delay(), true, order.orderId(), order.accountId(), order.instrumentId(),
                    order.side(), order.quantity(), order.limitPrice(), order.bankruptcyPrice()));
                break;
            }
            case CancelOrderRequestDecoder.TEMPLATE_ID:
            {
                final CancelOrderRequestDecoder cancel = cancelRequest.wrap(buffer, body, blockLength, version);
                owed.add(new Owed(produced + delay(), false, cancel.orderId(), cancel.accountId(),
                    cancel.instrumentId(), null, 0, 0, 0));
                break;
            }
            case PositionUpdateDecoder.TEMPLATE_ID:
            {
                final PositionUpdateDecoder position = positionUpdate.wrap(buffer, body, blockLength, version);
                positions.put(key(position.accountId(), position.instrumentId()), position.size());
                break;
            }
            case AccountUpdateDecoder.TEMPLATE_ID:
            {
                final AccountUpdateDecoder account = accountUpdate.wrap(buffer, body, blockLength, version);
                if (equity.containsKey(account.accountId()))
                {
                    // Capped, so that profits do not grow positions (and sums of them) beyond realistic sizes.
                    equity.put(account.accountId(), clamp((double) account.marginBalance() / R, 1, MAX_EQUITY));
                }
                break;
            }
            case EventRejectedDecoder.TEMPLATE_ID:
            {
                // A rejected fill (an overflow) breaks its trade: drop the other side if it is still to come.
                if (eventRejected.wrap(buffer, body, blockLength, version).templateId() == FillDecoder.TEMPLATE_ID &&
                    null != lastServed)
                {
                    if (!lastServed.tradeBoundary())
                    {
                        pending.poll();
                    }
                    else if (lastServedWasSecondLeg)
                    {
                        unbalanced = true;
                    }
                }
                break;
            }
            case OrderRejectedDecoder.TEMPLATE_ID:
            {
                final OrderRejectedDecoder rejected = orderRejected.wrap(buffer, body, blockLength, version);
                if (rejected.orderId() == lastNewOrderId)
                {
                    orders.remove(lastNewOrderId);
                }
                break;
            }
            default:
                break;
        }
    }

    /**
     * {@link #observe(DirectBuffer, int, int)} for each message of a list, in order.
     *
     * @param messages outbound messages of the last event, header first.
     */
    public void observe(final List<byte[]> messages)
    {
        for (final byte[] message : messages)
        {
            observe(new UnsafeBuffer(message), 0, message.length);
        }
    }

    /**
     * Whether every trade so far was applied on both sides or on neither, as far as the observed messages tell: false
     * for good once one fill of a trade was rejected after the other was applied. A harness that checks identities
     * which hold only when positions net to zero asks this after observing an event's messages.
     *
     * @return true while positions net to zero at trade boundaries.
     */
    public boolean positionsNetToZero()
    {
        return !unbalanced;
    }

    /**
     * How many fills naming an engine order id the stream has emitted so far (as answers to liquidation orders).
     *
     * @return the count.
     */
    public int liquidationFillsEmitted()
    {
        return liquidationFills;
    }

    private long delay()
    {
        final int roll = random.nextInt(10);
        return roll < 6 ? 0 : roll < 9 ? 1 + random.nextInt(3) : 5 + random.nextInt(10);
    }

    // ------------------------------------------------------------------------------------------------ answers

    /** Answers the first owed order or request that is due; false when none is. */
    private boolean answerOwed()
    {
        for (final java.util.Iterator<Owed> it = owed.iterator(); it.hasNext(); )
        {
            final Owed next = it.next();
            if (next.dueStep <= produced || produced > mainEvents)
            {
                it.remove();
                if (next.liquidation)
                {
                    answerLiquidationOrder(next);
                }
                else
                {
                    answerCancelRequest(next);
                }
                return true;
            }
        }
        return false;
    }

    private InstrumentModel instrumentById(final int instrumentId)
    {
        for (final InstrumentModel instrument : instruments)
        {
            if (instrument.id == instrumentId)
            {
                return instrument;
            }
        }
        throw new IllegalStateException("unknown instrument " + instrumentId);
    }

    private long counterpartyOf(final long accountId)
    {
        long other = anyAccount();
        while (other == accountId)
        {
            other = anyAccount();
        }
        return other;
    }

    /**
     * All (40 %), part (35 %) or none (20 %) of the order in one to three fills, each with a counterparty fill,
     * then {@code OrderCanceled} for any remainder; now and then an oddity: a fill of more than remains or on the
     * wrong side (an ordinary fill of an unknown order), or a cancel after the order was filled.
     */
    private void answerLiquidationOrder(final Owed order)
    {
        final InstrumentModel instrument = instrumentById(order.instrumentId);
        final long lots = order.quantity / instrument.lot;
        final int roll = random.nextInt(20);
        final long filledLots;
        if (roll < 8)
        {
            filledLots = lots;
        }
        else if (roll < 15)
        {
            filledLots = lots <= 1 ? 0 : 1 + random.nextLong(lots - 1);
        }
        else if (roll < 19)
        {
            filledLots = 0;
        }
        else
        {
            final Side wrong = random.nextBoolean() ? order.side : (order.side == Side.BUY ? Side.SELL : Side.BUY);
            final long quantity = wrong == order.side ? order.quantity + instrument.lot : instrument.lot;
            liquidationFill(order, instrument, wrong, quantity, "liquidation order oddity");
            filledLots = 0;
        }
        final int pieces = filledLots == 0 ? 0 : (int) Math.min(filledLots, 1 + random.nextInt(3));
        long left = filledLots;
        for (int i = 0; i < pieces; i++)
        {
            final long piece = i == pieces - 1 ? left : 1 + random.nextLong(left - (pieces - 1 - i));
            left -= piece;
            liquidationFill(order, instrument, order.side, piece * instrument.lot, "liquidation fill");
        }
        final long remainder = order.quantity - filledLots * instrument.lot;
        if (random.nextInt(40) == 0)
        {
            emit(InboundMessages.orderCanceled(order.orderId, counterpartyOf(order.accountId), order.instrumentId,
                instrument.lot), "cancel of a liquidation order naming another account");
        }
        if (remainder > 0 || random.nextInt(30) == 0)
        {
            emit(InboundMessages.orderCanceled(order.orderId, order.accountId, order.instrumentId,
                Math.max(remainder, instrument.lot)), remainder > 0 ? "liquidation order remainder canceled" :
                "cancel of a filled liquidation order");
        }
    }

    private void liquidationFill(
        final Owed order, final InstrumentModel instrument, final Side side, final long quantity, final String kind)
    {
        final long price = liquidationPrice(order, instrument);
        final long counterparty = counterpartyOf(order.accountId);
        final Side otherSide = side == Side.BUY ? Side.SELL : Side.BUY;
        final double notional = (double) quantity / R * price / R;
        final long fee = random.nextInt(3) == 0 ? 0 : raw(notional * 0.0005, 1);
        final long otherFee = random.nextBoolean() ? -raw(notional * 0.0001, 1) : raw(notional * 0.0002, 1);
        final long tradeId = nextTradeId++;
        final Event own = new Event(InboundMessages.fill(tradeId, order.orderId, order.accountId, instrument.id, side,
            price, quantity, fee, timestamp), kind, false);
        // Now and then the counterparty's fill names the engine order id too: an ordinary fill of an unknown order.
        final long otherOrderId = random.nextInt(15) == 0 ? order.orderId : 0;
        final Event other = new Event(InboundMessages.fill(tradeId, otherOrderId, counterparty, instrument.id,
            otherSide, price, quantity, otherFee, timestamp++), kind + " (counterparty)", false);
        if (random.nextInt(5) == 0)
        {
            pending.add(other);
            pending.add(new Event(own.message(), own.kind(), true));
        }
        else
        {
            pending.add(own);
            pending.add(new Event(other.message(), other.kind(), true));
        }
        liquidationFills++;
        final long signed = side == Side.BUY ? quantity : -quantity;
        positions.merge(key(order.accountId, instrument.id), signed, Long::sum);
        positions.merge(key(counterparty, instrument.id), -signed, Long::sum);
    }

    /**
     * A fill price for a liquidation order: the limit, better than the limit, near the bankruptcy price or near the
     * mark, on the tick, positive and never worse than the limit (a sell at or above it, a buy at or below it).
     */
    private long liquidationPrice(final Owed order, final InstrumentModel instrument)
    {
        final long tick = instrument.tick;
        final long nearMark = onTick(instrument.mark * (1 + (random.nextDouble() - 0.5) * 0.02), tick);
        final boolean sell = order.side == Side.SELL;
        long price;
        switch (random.nextInt(5))
        {
            case 0:
                price = order.limitPrice;
                break;
            case 1:
                price = order.limitPrice + (sell ? 1 : -1) * tick * (1 + random.nextInt(20));
                break;
            case 2:
                price = order.bankruptcyPrice == Long.MIN_VALUE ? nearMark :
                    order.bankruptcyPrice / tick * tick + (sell ? -1 : 1) * tick * random.nextInt(3);
                break;
            default:
                price = nearMark;
                break;
        }
        if (sell)
        {
            price = Math.max(price, order.limitPrice);
        }
        else
        {
            price = Math.min(Math.min(price, order.limitPrice), Math.max(nearMark * 2, tick));
        }
        return Math.max(price, tick);
    }

    /** {@code OrderCanceled}, sometimes after a late fill of part of the order against a counterparty. */
    private void answerCancelRequest(final Owed request)
    {
        final OrderModel order = orders.remove(request.orderId);
        long remaining = null == order ? 0 : order.remaining;
        if (null != order && remaining >= 2 * order.instrument.lot && random.nextInt(10) < 3)
        {
            final long lots = 1 + random.nextLong(remaining / order.instrument.lot - 1);
            final long counterparty = counterpartyOf(order.accountId);
            final boolean buy = order.side == Side.BUY;
            emitTrade(order.instrument, buy ? order.accountId : counterparty, buy ? counterparty : order.accountId,
                buy ? order.orderId : 0, buy ? 0 : order.orderId, order.price, lots, "late fill before a cancel");
            remaining -= lots * order.instrument.lot;
        }
        emit(InboundMessages.orderCanceled(request.orderId, request.accountId, request.instrumentId,
            Math.max(remaining, 1)), "cancel answering a cancel request");
    }

    // ------------------------------------------------------------------------------------------------ setup

    private void setup(final int accountCount)
    {
        emit(InboundMessages.assetDefinition(USDT, "USDT", R, R), "define USDT");
        final String[] names = { "BTC", "ETH", "BNB" };
        final double[] prices = { 30_000, 2_000, 300 };
        final int collateralCount = 1 + random.nextInt(3);
        for (int i = 0; i < collateralCount; i++)
        {
            final double price = prices[i] * (0.5 + random.nextDouble());
            final AssetModel asset = new AssetModel(2 + i, price);
            collateral.add(asset);
            final long ratio = (50 + random.nextInt(51)) * R / 100;
            emit(InboundMessages.assetDefinition(asset.id, names[i], raw(price, 100), ratio), "define collateral");
        }
        final int instrumentCount = 1 + random.nextInt(4);
        int instrumentId = 1 + random.nextInt(5);
        for (int i = 0; i < instrumentCount; i++)
        {
            defineInstrument(instrumentId);
            instrumentId += 1 + random.nextInt(7);
        }
        if (random.nextInt(3) == 0)
        {
            invalidInstrumentDefinition();
        }
        for (final InstrumentModel instrument : instruments)
        {
            emit(InboundMessages.markPrice(instrument.id, raw(instrument.mark, 1), timestamp++), "first mark");
        }
        final int fund = random.nextInt(3);
        if (fund > 0)
        {
            // Sometimes no insurance fund at all, sometimes a small one that runs out: then ADL.
            final double amount = fund == 1 ? logUniform(1, 500) : 10_000 + random.nextDouble() * 1_000_000;
            emit(InboundMessages.insuranceFundDeposit(USDT, raw(amount, 100)), "insurance fund deposit");
        }
        for (int i = 0; i < accountCount; i++)
        {
            openAccount();
        }
        for (int i = 0; i < accountCount / 3; i++)
        {
            final long account = anyAccount();
            final InstrumentModel instrument = anyInstrument();
            if (random.nextBoolean())
            {
                emit(InboundMessages.setMarginMode(account, instrument.id, MarginMode.ISOLATED), "isolated at setup");
            }
            else
            {
                emit(InboundMessages.setLeverage(account, instrument.id, 1 + random.nextInt(instrument.maxLeverage1)),
                    "leverage at setup");
            }
        }
    }

    private void defineInstrument(final int id)
    {
        final int decade = random.nextInt(5);
        final double basePrice = Math.pow(10, decade) * (1 + 9 * random.nextDouble());
        final long[] multipliers = { 1, 2, 5 };
        final long tick = multipliers[random.nextInt(3)] * pow10(3 + decade);
        final long lot = multipliers[random.nextInt(3)] * pow10(9 - decade);
        final int tierCount = 1 + random.nextInt(4);
        final int[] leverages = { 20, 25, 50, 75, 100, 125 };
        final long[] firstCaps = { 50_000, 100_000, 250_000, 500_000 };
        final long[] capSteps = { 2, 4, 5, 10 };
        final TierSpec[] tiers = new TierSpec[tierCount];
        long cap = firstCaps[random.nextInt(firstCaps.length)] * R;
        int maxLeverage = leverages[random.nextInt(leverages.length)];
        long mmr = 0;
        for (int n = 0; n < tierCount; n++)
        {
            if (n > 0)
            {
                cap *= capSteps[random.nextInt(capSteps.length)];
                maxLeverage = Math.max(1, random.nextBoolean() ? maxLeverage / 2 : maxLeverage * 2 / 5);
            }
            final long[] fractions = { 40, 50, 80, 100 };
            final long candidate = R * fractions[random.nextInt(fractions.length)] / (100L * maxLeverage);
            mmr = Math.min(R / maxLeverage, Math.max(mmr, candidate));
            tiers[n] = new TierSpec(cap, maxLeverage, mmr);
        }
        final InstrumentModel instrument = new InstrumentModel(id, tick, lot, basePrice, tiers[0].maxLeverage());
        instruments.add(instrument);
        emit(InboundMessages.instrumentDefinition(id, "PERP" + id, USDT, tick, lot, R / 100, 5 * R / 100,
            80_000_000L, tiers), "define instrument");
    }

    private void invalidInstrumentDefinition()
    {
        final TierSpec tier = new TierSpec(100_000 * R, 20, R / 100);
        switch (random.nextInt(4))
        {
            case 0:
                emit(InboundMessages.instrumentDefinition(instruments.get(0).id, "DUP", USDT, R, R, R / 100,
                    5 * R / 100, 80_000_000L, tier), "invalid: duplicate instrument");
                break;
            case 1:
                emit(InboundMessages.instrumentDefinition(500, "BADLOT", USDT, 1_000, 1_000, R / 100,
                    5 * R / 100, 80_000_000L, tier), "invalid: tick*lot not a multiple of 10^8");
                break;
            case 2:
                emit(InboundMessages.instrumentDefinition(501, "BADMMR", USDT, R, R, R / 100, 5 * R / 100,
                    80_000_000L, new TierSpec(100_000 * R, 50, 3 * R / 100)), "invalid: mmr above 1/maxLeverage");
                break;
            default:
                emit(InboundMessages.instrumentDefinition(502, "NOASSET", UNKNOWN_ASSET, R, R, R / 100,
                    5 * R / 100, 80_000_000L, tier), "invalid: unknown settle asset");
                break;
        }
    }

    private void openAccount()
    {
        long accountId;
        do
        {
            accountId = 1 + random.nextInt(10_000_000);
        }
        while (equity.containsKey(accountId));
        accounts.add(accountId);
        emit(InboundMessages.accountOpen(accountId), "open account");
        final double usdt = logUniform(100, 1_000_000);
        emit(InboundMessages.deposit(accountId, USDT, raw(usdt, 100)), "deposit USDT");
        depositedUsdt.put(accountId, true);
        double total = usdt;
        if (!collateral.isEmpty() && random.nextInt(10) < 3)
        {
            final AssetModel asset = collateral.get(random.nextInt(collateral.size()));
            final double value = logUniform(1_000, 200_000);
            emit(InboundMessages.deposit(accountId, asset.id, raw(value / asset.price, 1)), "deposit collateral");
            total += value * 0.5;
        }
        equity.put(accountId, total);
    }

    // ------------------------------------------------------------------------------------------------ main mix

    private void step()
    {
        final int roll = random.nextInt(1000);
        if (roll < 150)
        {
            markMove();
        }
        else if (roll < 190)
        {
            assetMove();
        }
        else if (roll < 220)
        {
            funding();
        }
        else if (roll < 260)
        {
            setLeverage();
        }
        else if (roll < 290)
        {
            setMarginMode();
        }
        else if (roll < 320)
        {
            adjustIsolatedMargin();
        }
        else if (roll < 520)
        {
            newOrder();
        }
        else if (roll < 590)
        {
            cancel();
        }
        else if (roll < 800)
        {
            trade();
        }
        else if (roll < 840)
        {
            portfolio();
        }
        else if (roll < 890)
        {
            withdraw();
        }
        else if (roll < 920)
        {
            deposit();
        }
        else if (roll < 960)
        {
            emit(InboundMessages.queryAccount(anyAccount()), "query");
        }
        else if (roll < 985)
        {
            invalid();
        }
        else if (roll < 990)
        {
            emit(InboundMessages.insuranceFundDeposit(USDT, raw(logUniform(1, 20_000), 100)), "insurance deposit");
        }
        else if (roll < 994)
        {
            openAccount();
        }
        else if (roll < 996)
        {
            lateInstrument();
        }
        else if (roll < 998)
        {
            redefineCollateral();
        }
        else
        {
            deliberateOverflow();
        }
    }

    private void lateInstrument()
    {
        if (instruments.size() >= 6)
        {
            return;
        }
        defineInstrument(instruments.get(instruments.size() - 1).id + 1 + random.nextInt(5));
        instruments.get(instruments.size() - 1).marked = false;
    }

    private void redefineCollateral()
    {
        if (collateral.isEmpty())
        {
            return;
        }
        final AssetModel asset = collateral.get(random.nextInt(collateral.size()));
        final long ratio = (30 + random.nextInt(71)) * R / 100;
        emit(InboundMessages.assetDefinition(asset.id, "RE" + asset.id, raw(asset.price, 100), ratio),
            "redefine collateral");
    }

    private void markMove()
    {
        final InstrumentModel instrument = anyInstrument();
        instrument.marked = true;
        final double move;
        if (random.nextInt(100) < 6)
        {
            // A crash tick: 30–50 % in one mark price, either way.
            final double jump = 0.3 + 0.2 * random.nextDouble();
            move = random.nextBoolean() ? 1 + jump : 1 - jump;
        }
        else
        {
            move = Math.exp(gaussian() * (0.002 + 0.028 * random.nextDouble()));
        }
        instrument.mark = clamp(instrument.mark * move, instrument.basePrice / 20, instrument.basePrice * 20);
        final long precision = random.nextBoolean() ? instrument.tick : 1 + random.nextInt(1_000);
        emit(InboundMessages.markPrice(instrument.id, raw(instrument.mark, precision), timestamp++), "mark move");
    }

    private void assetMove()
    {
        if (collateral.isEmpty() || random.nextInt(10) == 0)
        {
            emit(InboundMessages.assetPrice(USDT, raw(0.99 + 0.02 * random.nextDouble(), 1), timestamp++),
                "settlement asset price (ignored)");
            return;
        }
        final AssetModel asset = collateral.get(random.nextInt(collateral.size()));
        final int roll = random.nextInt(25);
        final double move = roll == 0 ? 1.3 + 0.4 * random.nextDouble() :
            roll < 3 ? 0.4 + 0.3 * random.nextDouble() : Math.exp(gaussian() * 0.02);
        asset.price = clamp(asset.price * move, asset.basePrice / 10, asset.basePrice * 10);
        emit(InboundMessages.assetPrice(asset.id, raw(asset.price, 1), timestamp++), "asset price move");
    }

    private void funding()
    {
        final long rate;
        final int roll = random.nextInt(20);
        if (roll == 0)
        {
            rate = 0;
        }
        else if (roll == 1)
        {
            rate = (random.nextBoolean() ? 1 : -1) * (100_000 + random.nextInt(400_000));
        }
        else if (roll == 2)
        {
            // 1–5 % of the mark at once: enough to push leveraged positions over the edge.
            rate = (random.nextBoolean() ? 1 : -1) * (1_000_000 + random.nextInt(4_000_001));
        }
        else
        {
            rate = random.nextInt(150_001) - 75_000;
        }
        emit(InboundMessages.fundingRate(anyInstrument().id, rate, timestamp++), "funding rate");
    }

    private void setLeverage()
    {
        final InstrumentModel instrument = anyInstrument();
        final int roll = random.nextInt(20);
        final int leverage;
        if (roll == 0)
        {
            leverage = random.nextInt(2) - 1;
        }
        else if (roll == 1)
        {
            leverage = instrument.maxLeverage1 + 1 + random.nextInt(100);
        }
        else
        {
            leverage = 1 + random.nextInt(instrument.maxLeverage1);
        }
        emit(InboundMessages.setLeverage(anyAccount(), instrument.id, leverage), "set leverage");
    }

    private void setMarginMode()
    {
        final MarginMode mode = random.nextInt(3) == 0 ? MarginMode.CROSS : MarginMode.ISOLATED;
        emit(InboundMessages.setMarginMode(anyAccount(), anyInstrument().id, mode), "set margin mode");
    }

    private void adjustIsolatedMargin()
    {
        final long account = anyAccount();
        final InstrumentModel instrument = anyInstrument();
        final long amount;
        final int roll = random.nextInt(10);
        if (roll == 0)
        {
            amount = 0;
        }
        else
        {
            final double magnitude = logUniform(1, equity.get(account));
            amount = (roll < 6 ? 1 : -1) * raw(magnitude, 100);
        }
        emit(InboundMessages.adjustIsolatedMargin(account, instrument.id, amount), "adjust isolated margin");
    }

    private void newOrder()
    {
        final long account = anyAccount();
        final InstrumentModel instrument = anyInstrument();
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final double spread = random.nextInt(10) == 0 ? 1.2 : 0.1;
        long price = onTick(instrument.mark * (1 + (random.nextDouble() - 0.5) * spread), instrument.tick);
        long quantity = sizeInLots(account, instrument, 0.5) * instrument.lot;
        long orderId = nextOrderId++;
        long accountId = account;
        int instrumentId = instrument.id;
        boolean reduceOnly = random.nextInt(10) == 0;
        String kind = "new order";
        switch (random.nextInt(40))
        {
            case 0:
                price += 1;
                kind = "new order off tick";
                break;
            case 1:
                quantity += 1;
                kind = "new order off lot";
                break;
            case 2:
                quantity = random.nextBoolean() ? 0 : -instrument.lot;
                kind = "new order invalid quantity";
                break;
            case 3:
                price = random.nextBoolean() ? 0 : -instrument.tick;
                kind = "new order invalid price";
                break;
            case 4:
                accountId = UNKNOWN_ACCOUNT;
                kind = "new order unknown account";
                break;
            case 5:
                instrumentId = UNKNOWN_INSTRUMENT;
                kind = "new order unknown instrument";
                break;
            case 6:
                orderId = (1L << 62) + random.nextInt(1000);
                kind = "new order reserved id";
                break;
            case 7:
                if (!orders.isEmpty())
                {
                    orderId = orders.keySet().iterator().next();
                    kind = "new order duplicate id";
                }
                break;
            case 8:
            case 9:
                quantity = sizeInLots(account, instrument, 40) * instrument.lot;
                kind = "new order too large";
                break;
            case 10:
                quantity = (1L << 50) / instrument.lot * instrument.lot;
                kind = "new order absurdly large";
                break;
            case 11:
                reduceOnly = true;
                kind = "new order reduce-only";
                break;
            default:
                break;
        }
        emit(InboundMessages.newOrder(orderId, accountId, instrumentId, side, price, quantity, reduceOnly), kind);
        if (kind.equals("new order") && instrument.marked && !orders.containsKey(orderId))
        {
            orders.put(orderId, new OrderModel(orderId, account, instrument, side, price, quantity));
            lastNewOrderId = orderId;
        }
    }

    private void cancel()
    {
        if (orders.isEmpty() || random.nextInt(10) == 0)
        {
            final boolean unknownAccount = random.nextInt(4) == 0;
            emit(InboundMessages.orderCanceled(nextOrderId + 1_000_000, unknownAccount ? UNKNOWN_ACCOUNT :
                anyAccount(), anyInstrument().id, R), "cancel unknown order");
            return;
        }
        final OrderModel order = anyOrder();
        orders.remove(order.orderId);
        emit(InboundMessages.orderCanceled(order.orderId, order.accountId, order.instrument.id, order.remaining),
            "cancel");
    }

    private void trade()
    {
        // Now and then a trade on an instrument that has no mark yet (valued at P = 0, docs/arithmetic.md §3).
        final InstrumentModel instrument = random.nextInt(20) == 0 ? anyInstrument() : anyMarkedInstrument();
        long buyer = anyAccount();
        long seller = anyAccount();
        while (seller == buyer)
        {
            seller = anyAccount();
        }
        long price = onTick(instrument.mark * (1 + (random.nextDouble() - 0.5) * 0.02), instrument.tick);
        long lots = sizeInLots(buyer, instrument, 1.0);
        long buyOrderId = random.nextInt(3) == 0 ? 0 : 1L + random.nextInt(1_000_000_000);
        long sellOrderId = random.nextInt(3) == 0 ? 0 : 1L + random.nextInt(1_000_000_000);
        String kind = "trade";

        final int roll = random.nextInt(10);
        if (roll < 4)
        {
            final long holder = anyAccount();
            final long size = positions.getOrDefault(key(holder, instrument), 0L);
            if (size != 0)
            {
                final long heldLots = Math.abs(size) / instrument.lot;
                final int shape = random.nextInt(4);
                lots = shape == 0 ? heldLots : shape == 1 ? heldLots + 1 + random.nextInt((int) Math.min(heldLots,
                    1_000) + 1) : 1 + random.nextLong(Math.max(1, heldLots));
                kind = shape == 0 ? "trade closing" : shape == 1 ? "trade flipping" : "trade reducing";
                if (size > 0)
                {
                    seller = holder;
                    while (buyer == seller)
                    {
                        buyer = anyAccount();
                    }
                }
                else
                {
                    buyer = holder;
                    while (seller == buyer)
                    {
                        seller = anyAccount();
                    }
                }
            }
        }
        else if (roll < 7 && !orders.isEmpty())
        {
            final OrderModel order = anyOrder();
            final long counterparty = anyAccount();
            if (counterparty != order.accountId)
            {
                price = order.price;
                final long orderLots = Math.max(1, order.remaining / order.instrument.lot);
                lots = random.nextInt(8) == 0 ? orderLots + 1 : 1 + random.nextLong(orderLots);
                kind = "trade against an open order";
                if (order.side == Side.BUY)
                {
                    buyer = order.accountId;
                    seller = counterparty;
                    buyOrderId = order.orderId;
                }
                else
                {
                    seller = order.accountId;
                    buyer = counterparty;
                    sellOrderId = order.orderId;
                }
                order.remaining -= lots * order.instrument.lot;
                if (order.remaining <= 0)
                {
                    orders.remove(order.orderId);
                }
                emitTrade(order.instrument, buyer, seller, buyOrderId, sellOrderId, price, lots, kind);
                return;
            }
        }
        if (kind.equals("trade"))
        {
            lots = capGrowth(instrument, buyer, seller, lots);
        }
        emitTrade(instrument, buyer, seller, buyOrderId, sellOrderId, price, lots, kind);
    }

    /**
     * One cross account takes positions on two or three instruments at 10–50 times its equity in all, each against
     * a random counterparty: several positions per account at high leverage.
     */
    private void portfolio()
    {
        final long account = anyAccount();
        final int count = Math.min(instruments.size(), 2 + random.nextInt(2));
        final int start = random.nextInt(instruments.size());
        final double leverage = 10 + 40 * random.nextDouble();
        for (int i = 0; i < count; i++)
        {
            final InstrumentModel instrument = instruments.get((start + i) % instruments.size());
            if (!instrument.marked)
            {
                continue;
            }
            final long counterparty = counterpartyOf(account);
            final double lotNotional = instrument.mark * instrument.lot / R;
            final long lots = Math.max(1, Math.round(equity.get(account) * leverage / count / lotNotional));
            final long price = onTick(instrument.mark * (1 + (random.nextDouble() - 0.5) * 0.004), instrument.tick);
            final boolean buy = random.nextBoolean();
            emitTrade(instrument, buy ? account : counterparty, buy ? counterparty : account, 0, 0, price,
                Math.min(lots, 1_000_000_000L), "portfolio trade");
        }
    }

    private long capGrowth(final InstrumentModel instrument, final long buyer, final long seller, final long lots)
    {
        long capped = lots;
        for (final long account : new long[]{ buyer, seller })
        {
            final double limit = 30 * equity.get(account) / (instrument.mark * instrument.lot / R);
            final long held = Math.abs(positions.getOrDefault(key(account, instrument), 0L)) / instrument.lot;
            if (held + capped > limit)
            {
                capped = Math.max(1, Math.min(capped, (long) Math.max(1, limit - held)));
            }
        }
        return capped;
    }

    private void emitTrade(
        final InstrumentModel instrument,
        final long buyer,
        final long seller,
        final long buyOrderId,
        final long sellOrderId,
        final long price,
        final long lots,
        final String kind)
    {
        final long quantity = lots * instrument.lot;
        final double notional = (double) quantity / R * price / R;
        final long takerFee = raw(notional * 0.0005, 1);
        final long makerFee = random.nextBoolean() ? -raw(notional * 0.0001, 1) : raw(notional * 0.0002, 1);
        final boolean buyerTakes = random.nextBoolean();
        final long tradeId = nextTradeId++;
        pending.add(new Event(InboundMessages.fill(tradeId, buyOrderId, buyer, instrument.id, Side.BUY, price,
            quantity, buyerTakes ? takerFee : makerFee, timestamp), kind + " (buy side)", false));
        pending.add(new Event(InboundMessages.fill(tradeId, sellOrderId, seller, instrument.id, Side.SELL, price,
            quantity, buyerTakes ? makerFee : takerFee, timestamp++), kind + " (sell side)", true));
        positions.merge(key(buyer, instrument), quantity, Long::sum);
        positions.merge(key(seller, instrument), -quantity, Long::sum);
    }

    private void emitTradeLegs(
        final InstrumentModel instrument,
        final long account,
        final Side side,
        final long orderId,
        final long counterparty,
        final long price,
        final long quantity,
        final String kind)
    {
        final long tradeId = nextTradeId++;
        final Side otherSide = side == Side.BUY ? Side.SELL : Side.BUY;
        pending.add(new Event(InboundMessages.fill(tradeId, orderId, account, instrument.id, side, price, quantity,
            random.nextInt(1_000) - 500, timestamp), kind, false));
        pending.add(new Event(InboundMessages.fill(tradeId, 0, counterparty, instrument.id, otherSide, price,
            quantity, random.nextInt(1_000), timestamp++), kind + " (counterparty)", true));
        final long signed = side == Side.BUY ? quantity : -quantity;
        positions.merge(key(account, instrument), signed, Long::sum);
        positions.merge(key(counterparty, instrument), -signed, Long::sum);
    }

    private void withdraw()
    {
        final long account = anyAccount();
        final int roll = random.nextInt(20);
        int assetId = USDT;
        if (!collateral.isEmpty() && roll < 4)
        {
            assetId = collateral.get(random.nextInt(collateral.size())).id;
        }
        long amount = raw(equity.get(account) * random.nextDouble() * (roll < 15 ? 0.3 : 3), 100);
        if (assetId != USDT)
        {
            amount = raw(random.nextDouble() * 2, 1);
        }
        if (roll == 19)
        {
            amount = random.nextBoolean() ? 0 : -R;
        }
        else if (roll == 18)
        {
            assetId = UNKNOWN_ASSET;
        }
        emit(InboundMessages.withdraw(nextRequestId++, account, assetId, amount), "withdraw");
    }

    private void deposit()
    {
        final long account = anyAccount();
        if (!collateral.isEmpty() && random.nextInt(4) == 0)
        {
            final AssetModel asset = collateral.get(random.nextInt(collateral.size()));
            emit(InboundMessages.deposit(account, asset.id, raw(logUniform(100, 50_000) / asset.price, 1)),
                "deposit collateral");
            return;
        }
        final double usdt = logUniform(10, 100_000);
        equity.merge(account, usdt, Double::sum);
        emit(InboundMessages.deposit(account, USDT, raw(usdt, 100)), "deposit USDT");
    }

    private void invalid()
    {
        final InstrumentModel instrument = anyInstrument();
        final long account = anyAccount();
        switch (random.nextInt(17))
        {
            case 14:
            {
                final byte[] unknown = InboundMessages.queryAccount(account);
                unknown[2] = 99;
                unknown[3] = 0;
                emit(unknown, "invalid: unknown template");
                break;
            }
            case 15:
            {
                final byte[] deposit = InboundMessages.deposit(account, USDT, R);
                emit(java.util.Arrays.copyOf(deposit, 12), "invalid: truncated message");
                break;
            }
            case 16:
            {
                if (!orders.isEmpty())
                {
                    final OrderModel order = anyOrder();
                    if (order.instrument.marked)
                    {
                        long other = anyAccount();
                        while (other == order.accountId)
                        {
                            other = anyAccount();
                        }
                        final Side wrongSide = order.side == Side.BUY ? Side.SELL : Side.BUY;
                        final long quantity = order.instrument.lot;
                        emitTradeLegs(order.instrument, order.accountId, wrongSide, order.orderId, other,
                            order.price, quantity, "trade naming an open order on the wrong side");
                    }
                }
                break;
            }
            case 0:
                emit(InboundMessages.markPrice(UNKNOWN_INSTRUMENT, R, timestamp++), "invalid: mark unknown instrument");
                break;
            case 1:
                emit(InboundMessages.markPrice(instrument.id, random.nextBoolean() ? 0 : -R, timestamp++),
                    "invalid: mark price");
                break;
            case 2:
                emit(InboundMessages.fundingRate(UNKNOWN_INSTRUMENT, 100, timestamp++),
                    "invalid: funding unknown instrument");
                break;
            case 3:
                emit(InboundMessages.deposit(UNKNOWN_ACCOUNT, USDT, R), "invalid: deposit unknown account");
                break;
            case 4:
                emit(InboundMessages.deposit(account, UNKNOWN_ASSET, R), "invalid: deposit unknown asset");
                break;
            case 5:
                emit(InboundMessages.deposit(account, USDT, random.nextBoolean() ? 0 : -R), "invalid: deposit amount");
                break;
            case 6:
                emit(InboundMessages.accountOpen(account), "invalid: duplicate account");
                break;
            case 7:
                emit(InboundMessages.insuranceFundDeposit(USDT, 0), "invalid: insurance deposit amount");
                break;
            case 8:
                emit(InboundMessages.assetPrice(UNKNOWN_ASSET, R, timestamp++), "invalid: price unknown asset");
                break;
            case 9:
                emit(InboundMessages.fill(nextTradeId++, 0, UNKNOWN_ACCOUNT, instrument.id, Side.BUY,
                    onTick(instrument.mark, instrument.tick), instrument.lot, 0, timestamp++),
                    "invalid: fill unknown account");
                break;
            case 10:
                emit(InboundMessages.fill(nextTradeId++, 0, account, instrument.id, Side.SELL,
                    onTick(instrument.mark, instrument.tick) + 1, instrument.lot, 0, timestamp++),
                    "invalid: fill off tick");
                break;
            case 11:
                emit(InboundMessages.fill(nextTradeId++, 0, account, instrument.id, Side.SELL,
                    onTick(instrument.mark, instrument.tick), instrument.lot + 1, 0, timestamp++),
                    "invalid: fill off lot");
                break;
            case 12:
                emit(InboundMessages.setMarginMode(UNKNOWN_ACCOUNT, instrument.id, MarginMode.ISOLATED),
                    "invalid: margin mode unknown account");
                break;
            default:
                emit(InboundMessages.queryAccount(UNKNOWN_ACCOUNT), "invalid: query unknown account");
                break;
        }
    }

    private void deliberateOverflow()
    {
        final long account = anyAccount();
        if (depositedUsdt.getOrDefault(account, false))
        {
            emit(InboundMessages.deposit(account, USDT, Long.MAX_VALUE - random.nextInt(1_000)),
                "deliberate overflow: deposit");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private long sizeInLots(final long account, final InstrumentModel instrument, final double scale)
    {
        final double targetNotional = equity.get(account) * logUniform(0.02, 15) * scale;
        final double lotNotional = instrument.mark * instrument.lot / R;
        return Math.max(1, Math.round(targetNotional / lotNotional));
    }

    private void emit(final byte[] message, final String kind)
    {
        pending.add(new Event(message, kind, true));
    }

    private long anyAccount()
    {
        return accounts.get(random.nextInt(accounts.size()));
    }

    private InstrumentModel anyInstrument()
    {
        return instruments.get(random.nextInt(instruments.size()));
    }

    private InstrumentModel anyMarkedInstrument()
    {
        InstrumentModel instrument = anyInstrument();
        while (!instrument.marked)
        {
            instrument = anyInstrument();
        }
        return instrument;
    }

    private OrderModel anyOrder()
    {
        final int index = random.nextInt(orders.size());
        int i = 0;
        for (final OrderModel order : orders.values())
        {
            if (i++ == index)
            {
                return order;
            }
        }
        throw new IllegalStateException("no order");
    }

    private static long key(final long accountId, final InstrumentModel instrument)
    {
        return key(accountId, instrument.id);
    }

    private static long key(final long accountId, final int instrumentId)
    {
        return accountId * 1000 + instrumentId;
    }

    private double logUniform(final double low, final double high)
    {
        return Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)));
    }

    private double gaussian()
    {
        double sum = 0;
        for (int i = 0; i < 12; i++)
        {
            sum += random.nextDouble();
        }
        return sum - 6;
    }

    private static double clamp(final double value, final double low, final double high)
    {
        return Math.max(low, Math.min(high, value));
    }

    /** A raw value rounded to a multiple of {@code precision} raw units, at least one unit. */
    private static long raw(final double value, final long precision)
    {
        final long units = Math.round(value * R / precision);
        return Math.max(1, units) * precision;
    }

    private static long onTick(final double price, final long tick)
    {
        return raw(price, tick);
    }

    private static long pow10(final int exponent)
    {
        long value = 1;
        for (int i = 0; i < exponent; i++)
        {
            value *= 10;
        }
        return value;
    }
}
