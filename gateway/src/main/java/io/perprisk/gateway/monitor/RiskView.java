package io.perprisk.gateway.monitor;

import io.perprisk.codecs.sbe.AccountUpdateDecoder;
import io.perprisk.codecs.sbe.AutoDeleverageDecoder;
import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.InsuranceFundUpdateDecoder;
import io.perprisk.codecs.sbe.LiquidationCompletedDecoder;
import io.perprisk.codecs.sbe.LiquidationOrderDecoder;
import io.perprisk.codecs.sbe.LiquidationStartedDecoder;
import io.perprisk.codecs.sbe.MarginCallDecoder;
import io.perprisk.codecs.sbe.MessageHeaderDecoder;
import io.perprisk.codecs.sbe.PositionUpdateDecoder;
import io.perprisk.engine.OutboundHandler;
import org.agrona.DirectBuffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The risk picture rebuilt from the outbound journal alone: the latest {@code AccountUpdate} of every account, the
 * size of every position (hence open interest per instrument), the latest mark seen per instrument, the insurance
 * fund per asset, the scopes in liquidation and recent liquidation and ADL events.
 * <p>
 * Fed by the monitor thread, which is its only user; {@link #snapshot(int, int)} copies what the page and the
 * metrics need into an immutable {@link Snapshot} for other threads. Amounts stay raw (value times 10^8).
 */
public final class RiskView implements OutboundHandler
{
    /**
     * How many recent liquidation and ADL events are kept.
     */
    public static final int RECENT_EVENTS = 50;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AccountUpdateDecoder accountUpdate = new AccountUpdateDecoder();
    private final PositionUpdateDecoder positionUpdate = new PositionUpdateDecoder();
    private final InsuranceFundUpdateDecoder insuranceFundUpdate = new InsuranceFundUpdateDecoder();
    private final LiquidationStartedDecoder liquidationStarted = new LiquidationStartedDecoder();
    private final LiquidationCompletedDecoder liquidationCompleted = new LiquidationCompletedDecoder();
    private final LiquidationOrderDecoder liquidationOrder = new LiquidationOrderDecoder();
    private final AutoDeleverageDecoder autoDeleverage = new AutoDeleverageDecoder();
    private final MarginCallDecoder marginCall = new MarginCallDecoder();

    private final Map<Long, AccountRow> accounts = new HashMap<>();
    private final Map<ScopeKey, Long> positionSizes = new HashMap<>();
    private final Map<ScopeKey, LiquidationRow> inLiquidation = new TreeMap<>();
    private final TreeMap<Integer, long[]> instruments = new TreeMap<>();
    private final TreeMap<Integer, Long> insuranceFund = new TreeMap<>();
    private final ArrayDeque<EventRow> recentLiquidations = new ArrayDeque<>();
    private final ArrayDeque<EventRow> recentAdl = new ArrayDeque<>();
    private long lastSeq;
    private long messages;
    private long liquidationsStarted;
    private long liquidationsCompleted;
    private long liquidationOrders;
    private long adlEvents;
    private long marginCalls;
    private long insuranceFundDrawn;

    /**
     * {@inheritDoc}
     */
    public void onOutbound(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        lastSeq = seq;
        messages++;
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        header.wrap(buffer, offset);
        switch (header.templateId())
        {
            case AccountUpdateDecoder.TEMPLATE_ID:
                onAccountUpdate(accountUpdate.wrapAndApplyHeader(buffer, offset, header));
                break;

            case PositionUpdateDecoder.TEMPLATE_ID:
                onPositionUpdate(positionUpdate.wrapAndApplyHeader(buffer, offset, header));
                break;

            case InsuranceFundUpdateDecoder.TEMPLATE_ID:
                insuranceFundUpdate.wrapAndApplyHeader(buffer, offset, header);
                insuranceFund.put(insuranceFundUpdate.assetId(), insuranceFundUpdate.balance());
                if (insuranceFundUpdate.delta() < 0)
                {
                    insuranceFundDrawn -= insuranceFundUpdate.delta();
                }
                break;

            case LiquidationStartedDecoder.TEMPLATE_ID:
                onLiquidationStarted(seq, liquidationStarted.wrapAndApplyHeader(buffer, offset, header));
                break;

            case LiquidationOrderDecoder.TEMPLATE_ID:
                onLiquidationOrder(seq, liquidationOrder.wrapAndApplyHeader(buffer, offset, header));
                break;

            case LiquidationCompletedDecoder.TEMPLATE_ID:
                liquidationCompleted.wrapAndApplyHeader(buffer, offset, header);
                liquidationsCompleted++;
                inLiquidation.remove(
                    new ScopeKey(liquidationCompleted.accountId(), liquidationCompleted.instrumentId()));
                addRecent(recentLiquidations, new EventRow(seq, "completed", liquidationCompleted.accountId(),
                    liquidationCompleted.instrumentId(), 0, 0, 0, ""));
                break;

            case AutoDeleverageDecoder.TEMPLATE_ID:
                onAutoDeleverage(seq, autoDeleverage.wrapAndApplyHeader(buffer, offset, header));
                break;

            case MarginCallDecoder.TEMPLATE_ID:
                marginCall.wrapAndApplyHeader(buffer, offset, header);
                marginCalls++;
                break;

            default:
                break;
        }
    }

    private void onAccountUpdate(final AccountUpdateDecoder update)
    {
        final AccountRow row = accounts.computeIfAbsent(update.accountId(), AccountRow::new);
        row.marginRatio = update.marginRatio();
        row.marginBalance = update.marginBalance();
        row.maintenanceMargin = update.maintenanceMargin();
        row.walletBalance = update.walletBalance();
        row.inLiquidation = update.inLiquidation() == BooleanType.TRUE;
    }

    private void onPositionUpdate(final PositionUpdateDecoder update)
    {
        final int instrumentId = update.instrumentId();
        final long size = update.size();
        final Long previous = positionSizes.put(new ScopeKey(update.accountId(), instrumentId), size);
        final long before = null == previous ? 0 : previous;
        final long[] instrument = instruments.computeIfAbsent(instrumentId, (id) -> new long[2]);
        instrument[0] += Math.max(size, 0) - Math.max(before, 0);
        instrument[1] = update.markPrice();
    }

    private void onLiquidationStarted(final long seq, final LiquidationStartedDecoder started)
    {
        liquidationsStarted++;
        final ScopeKey key = new ScopeKey(started.accountId(), started.instrumentId());
        final LiquidationRow row = new LiquidationRow(key, seq, started.marginBalance(), started.maintenanceMargin());
        inLiquidation.put(key, row);
        addRecent(recentLiquidations, new EventRow(seq, "started", started.accountId(), started.instrumentId(),
            0, 0, 0, ""));
    }

    private void onLiquidationOrder(final long seq, final LiquidationOrderDecoder order)
    {
        liquidationOrders++;
        final LiquidationRow row = findScope(order.accountId(), order.instrumentId());
        if (null != row)
        {
            row.waitingForAdl = false;
            row.orders++;
        }
        addRecent(recentLiquidations, new EventRow(seq, "order", order.accountId(), order.instrumentId(), 0,
            order.quantity(), order.limitPrice(), order.side().name()));
    }

    private void onAutoDeleverage(final long seq, final AutoDeleverageDecoder adl)
    {
        adlEvents++;
        final LiquidationRow row = findScope(adl.liquidatedAccountId(), adl.instrumentId());
        if (null != row)
        {
            row.waitingForAdl = true;
            row.adlEvents++;
        }
        addRecent(recentAdl, new EventRow(seq, "adl", adl.accountId(), adl.instrumentId(),
            adl.liquidatedAccountId(), adl.quantity(), adl.price(), adl.side().name()));
    }

    private LiquidationRow findScope(final long accountId, final int instrumentId)
    {
        final LiquidationRow isolated = inLiquidation.get(new ScopeKey(accountId, instrumentId));
        return null != isolated ? isolated : inLiquidation.get(new ScopeKey(accountId, 0));
    }

    private static void addRecent(final ArrayDeque<EventRow> recent, final EventRow row)
    {
        if (recent.size() == RECENT_EVENTS)
        {
            recent.removeFirst();
        }
        recent.addLast(row);
    }

    /**
     * Sequence number of the last outbound message read.
     *
     * @return the sequence number, 0 before the first.
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * Copy the figures for other threads. Monitor thread only; costs O(accounts) for the nearest-liquidation list.
     *
     * @param nearest        how many accounts nearest liquidation to list.
     * @param maxLiquidating most scopes in liquidation to list.
     * @return an immutable snapshot.
     */
    public Snapshot snapshot(final int nearest, final int maxLiquidating)
    {
        final PriorityQueue<AccountRow> top = new PriorityQueue<>(nearest + 1, RiskView::compareNearest);
        for (final AccountRow row : accounts.values())
        {
            if (row.inLiquidation || row.maintenanceMargin <= 0)
            {
                continue;
            }
            top.add(row.copy());
            if (top.size() > nearest)
            {
                top.poll();
            }
        }
        final List<AccountRow> nearestRows = new ArrayList<>(top);
        nearestRows.sort((a, b) -> compareNearest(b, a));

        final List<LiquidationRow> liquidating = new ArrayList<>();
        for (final LiquidationRow row : inLiquidation.values())
        {
            if (liquidating.size() == maxLiquidating)
            {
                break;
            }
            liquidating.add(row.copy());
        }
        final TreeMap<Integer, long[]> instrumentCopy = new TreeMap<>();
        instruments.forEach((id, values) -> instrumentCopy.put(id, values.clone()));
        return new Snapshot(lastSeq, messages, liquidationsStarted, liquidationsCompleted, liquidationOrders, adlEvents,
            marginCalls, insuranceFundDrawn, new TreeMap<>(insuranceFund), instrumentCopy, nearestRows,
            liquidating, inLiquidation.size(), countWaiting(), List.copyOf(recentLiquidations),
            List.copyOf(recentAdl), accounts.size());
    }

    private int countWaiting()
    {
        int waiting = 0;
        for (final LiquidationRow row : inLiquidation.values())
        {
            waiting += row.waitingForAdl ? 1 : 0;
        }
        return waiting;
    }

    /**
     * Orders accounts by closeness to liquidation: a null margin ratio (margin balance not positive) is closest,
     * then the higher ratio; ties by the lower account id ranking closer.
     */
    private static int compareNearest(final AccountRow a, final AccountRow b)
    {
        final long ra = a.marginRatio == AccountUpdateDecoder.marginRatioNullValue() ? Long.MAX_VALUE : a.marginRatio;
        final long rb = b.marginRatio == AccountUpdateDecoder.marginRatioNullValue() ? Long.MAX_VALUE : b.marginRatio;
        if (ra != rb)
        {
            return Long.compare(ra, rb);
        }
        return Long.compare(b.accountId, a.accountId);
    }

    /**
     * A margin scope: an account and an instrument, 0 for the cross scope.
     *
     * @param accountId    of the account.
     * @param instrumentId of the isolated position, 0 for cross.
     */
    record ScopeKey(long accountId, int instrumentId) implements Comparable<ScopeKey>
    {
        /**
         * {@inheritDoc}
         */
        public int compareTo(final ScopeKey other)
        {
            final int byAccount = Long.compare(accountId, other.accountId);
            return byAccount != 0 ? byAccount : Integer.compare(instrumentId, other.instrumentId);
        }
    }

    /**
     * The latest {@code AccountUpdate} figures of one account (raw values).
     */
    public static final class AccountRow
    {
        final long accountId;
        long marginRatio;
        long marginBalance;
        long maintenanceMargin;
        long walletBalance;
        boolean inLiquidation;

        AccountRow(final long accountId)
        {
            this.accountId = accountId;
        }

        AccountRow copy()
        {
            final AccountRow copy = new AccountRow(accountId);
            copy.marginRatio = marginRatio;
            copy.marginBalance = marginBalance;
            copy.maintenanceMargin = maintenanceMargin;
            copy.walletBalance = walletBalance;
            copy.inLiquidation = inLiquidation;
            return copy;
        }

        /**
         * Account id.
         *
         * @return the id.
         */
        public long accountId()
        {
            return accountId;
        }

        /**
         * Margin ratio (maintenance margin over margin balance), raw, or the null value when the margin balance is
         * not positive.
         *
         * @return the raw ratio.
         */
        public long marginRatio()
        {
            return marginRatio;
        }

        /**
         * Margin balance, raw.
         *
         * @return the margin balance.
         */
        public long marginBalance()
        {
            return marginBalance;
        }

        /**
         * Maintenance margin, raw.
         *
         * @return the maintenance margin.
         */
        public long maintenanceMargin()
        {
            return maintenanceMargin;
        }
    }

    /**
     * A scope in liquidation.
     */
    public static final class LiquidationRow
    {
        final ScopeKey key;
        final long startSeq;
        final long marginBalance;
        final long maintenanceMargin;
        boolean waitingForAdl = true;
        int orders;
        int adlEvents;

        LiquidationRow(final ScopeKey key, final long startSeq, final long marginBalance, final long maintenanceMargin)
        {
            this.key = key;
            this.startSeq = startSeq;
            this.marginBalance = marginBalance;
            this.maintenanceMargin = maintenanceMargin;
        }

        LiquidationRow copy()
        {
            final LiquidationRow copy = new LiquidationRow(key, startSeq, marginBalance, maintenanceMargin);
            copy.waitingForAdl = waitingForAdl;
            copy.orders = orders;
            copy.adlEvents = adlEvents;
            return copy;
        }
    }

    /**
     * One recent liquidation or ADL event.
     *
     * @param seq          of the causing inbound event.
     * @param kind         started, order, completed or adl.
     * @param accountId    the liquidated account (for adl: the counterparty).
     * @param instrumentId instrument, 0 for a cross scope.
     * @param otherAccount for adl: the liquidated account; else 0.
     * @param quantity     raw quantity of an order or ADL, else 0.
     * @param price        raw limit or ADL price, else 0.
     * @param side         side of an order or ADL trade, else empty.
     */
    record EventRow(long seq, String kind, long accountId, int instrumentId, long otherAccount, long quantity,
        long price, String side)
    {
    }

    /**
     * What the outbound journal showed at one moment, for other threads.
     *
     * @param lastSeq               sequence number of the last outbound message read.
     * @param messages              outbound messages read.
     * @param liquidationsStarted   {@code LiquidationStarted} messages.
     * @param liquidationsCompleted {@code LiquidationCompleted} messages.
     * @param liquidationOrders     {@code LiquidationOrder} messages.
     * @param adlEvents             {@code AutoDeleverage} messages.
     * @param marginCalls           {@code MarginCall} messages.
     * @param insuranceFundDrawn    sum of the negative insurance fund deltas, raw, all assets.
     * @param insuranceFund         latest balance per asset id, raw.
     * @param instruments           per instrument id: {open interest (raw quantity, long side), latest mark (raw)}.
     * @param nearest               accounts nearest liquidation, closest first.
     * @param liquidating           scopes in liquidation (at most the requested number), by account.
     * @param inLiquidation         number of scopes in liquidation.
     * @param waitingForAdl         number of those waiting for auto-deleveraging.
     * @param recentLiquidations    recent liquidation events, oldest first.
     * @param recentAdl             recent ADL events, oldest first.
     * @param accounts              accounts seen.
     */
    public record Snapshot(
        long lastSeq,
        long messages,
        long liquidationsStarted,
        long liquidationsCompleted,
        long liquidationOrders,
        long adlEvents,
        long marginCalls,
        long insuranceFundDrawn,
        Map<Integer, Long> insuranceFund,
        Map<Integer, long[]> instruments,
        List<AccountRow> nearest,
        List<LiquidationRow> liquidating,
        int inLiquidation,
        int waitingForAdl,
        List<EventRow> recentLiquidations,
        List<EventRow> recentAdl,
        int accounts)
    {
        /**
         * The snapshot of a view that has read nothing.
         */
        public static final Snapshot EMPTY = new RiskView().snapshot(0, 0);
    }
}
