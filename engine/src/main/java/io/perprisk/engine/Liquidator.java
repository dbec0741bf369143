package io.perprisk.engine;

import io.perprisk.codecs.sbe.InsuranceFundReason;
import io.perprisk.engine.math.Int128Math;

import static io.perprisk.engine.math.Int128Math.CEIL;
import static io.perprisk.engine.math.Int128Math.FLOOR;

/**
 * Liquidation and the insurance fund (MARGIN.md §6, docs/arithmetic.md §10): starts a liquidation (§10.2), runs the
 * liquidation loop of a scope in liquidation (§10.3), a round with its quantity, insurance-fund test and
 * {@code LiquidationOrder} (§10.4), hands what the fund cannot cover to the {@link AutoDeleverager} (§10.6), and
 * completes a liquidation, covering a flat scope's deficit from the insurance fund (§10.7). Liquidation actions never
 * reject the event; one that cannot be taken counts in {@code liquidationActionsSkipped}. Engine thread only.
 */
final class Liquidator
{
    private static final long SCALE = PerpRiskEngine.SCALE;

    private final EngineState state;
    private final MarginCalculator calculator;
    private final Int128Math math;
    private final OutboundPublisher publisher;
    private final ScopesInLiquidation scopes;
    private final TouchedAccounts touched;
    private final AutoDeleverager deleverager;
    private final UndoLog undo;
    private final EngineCountersImpl counters;
    private long[] cancelIds = new long[1024];

    Liquidator(
        final EngineState state,
        final MarginCalculator calculator,
        final OutboundPublisher publisher,
        final ScopesInLiquidation scopes,
        final TouchedAccounts touched,
        final AutoDeleverager deleverager,
        final UndoLog undo,
        final EngineCountersImpl counters)
    {
        this.state = state;
        this.calculator = calculator;
        this.math = calculator.math();
        this.publisher = publisher;
        this.scopes = scopes;
        this.touched = touched;
        this.deleverager = deleverager;
        this.undo = undo;
        this.counters = counters;
    }

    /**
     * §10.2: mark the scope in liquidation, announce it and ask the matching engine to cancel the scope's orders
     * (instrument id ascending, then order id ascending).
     */
    void start(final Account account, final Position isolated, final long maintenance, final long marginBalance)
    {
        if (isolated != null)
        {
            isolated.inLiquidation = true;
        }
        else
        {
            account.crossInLiquidation = true;
        }
        scopes.add(account, isolated);
        counters.liquidationsStarted++;
        publisher.liquidationStarted(account, isolated, marginBalance, maintenance);
        if (isolated != null)
        {
            requestCancels(isolated);
        }
        else
        {
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (!p.isolated)
                {
                    requestCancels(p);
                }
            }
        }
    }

    private void requestCancels(final Position position)
    {
        final int count = position.orderCount;
        if (count == 0)
        {
            return;
        }
        if (cancelIds.length < count)
        {
            cancelIds = new long[Math.max(count, cancelIds.length * 2)];
        }
        int n = 0;
        for (Order o = position.firstOrder; o != null; o = o.next)
        {
            cancelIds[n++] = o.id;
        }
        InPlaceHeapSort.sortLongs(cancelIds, n);
        for (int i = 0; i < n; i++)
        {
            publisher.cancelOrderRequest(cancelIds[i], position);
        }
    }

    /**
     * §10.3: the liquidation loop of a scope in liquidation.
     */
    void loop(final Account account, final Position isolated)
    {
        scopes.waiting().wake(account, isolated);
        while (!ScopesInLiquidation.hasPendingOrder(account, isolated))
        {
            math.clearOverflow();
            final long marginBalance = calculator.scopeMarginBalance(account, isolated);
            final long maintenance = isolated != null ? calculator.position.maintenance : calculator.cross.maintenance;
            if (math.overflow())
            {
                math.clearOverflow();
                counters.liquidationActionsSkipped++;
                return;
            }
            if (ScopesInLiquidation.isFlat(account, isolated) || maintenance == 0 || marginBalance > maintenance)
            {
                complete(account, isolated);
                return;
            }
            final Position deleveraged = ScopesInLiquidation.adlPosition(account, isolated);
            if (deleveraged != null)
            {
                deleverager.autoDeleverage(account, isolated, deleveraged);
                if (deleveraged.adlRemaining > 0)
                {
                    return;
                }
            }
            else if (!round(account, isolated, maintenance, marginBalance))
            {
                return;
            }
        }
    }

    /**
     * §10.4: one round. Returns true when it handed the quantity to auto-deleveraging (the loop continues), false
     * when a liquidation order is pending now or the round could not be taken.
     */
    private boolean round(
        final Account account, final Position isolated, final long maintenance, final long marginBalance)
    {
        Position position = isolated;
        long positionMaintenance = 0;
        if (position == null)
        {
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (!p.isolated && p.size != 0)
                {
                    final long mm = calculator.position(p).maintenance;
                    if (mm > positionMaintenance)
                    {
                        positionMaintenance = mm;
                        position = p;
                    }
                }
            }
        }
        else
        {
            positionMaintenance = calculator.position(position).maintenance;
        }
        if (position == null || math.overflow())
        {
            math.clearOverflow();
            counters.liquidationActionsSkipped++;
            return false;
        }
        final long quantity = roundQuantity(position, maintenance - positionMaintenance, marginBalance);
        if (math.overflow())
        {
            math.clearOverflow();
            counters.liquidationActionsSkipped++;
            return false;
        }
        if (marginBalance < 0 && state.settleAsset().insuranceFund < -marginBalance)
        {
            position.adlRemaining = quantity;
            return true;
        }
        placeOrder(position, quantity, marginBalance);
        return false;
    }

    /**
     * The smallest number of lots to close for the scope's maintenance to reach the target ratio of its margin
     * balance (a binary search over lots), the whole position when none does or MB ≤ 0.
     */
    private long roundQuantity(final Position position, final long others, final long marginBalance)
    {
        final Instrument instrument = position.instrument;
        final long absSize = Math.abs(position.size);
        final long lot = instrument.lotSize;
        long quantity = absSize;
        if (marginBalance > 0)
        {
            final long limit = math.mulDivFloor(instrument.liquidationTargetRatio, marginBalance, SCALE);
            long low = 1;
            long high = absSize / lot - 1;
            if (high >= 1 && others + calculator.maintenanceAt(instrument, absSize - high * lot) <= limit)
            {
                while (low < high)
                {
                    final long mid = low + (high - low) / 2;
                    if (others + calculator.maintenanceAt(instrument, absSize - mid * lot) <= limit)
                    {
                        high = mid;
                    }
                    else
                    {
                        low = mid + 1;
                    }
                }
                quantity = low * lot;
            }
        }
        return quantity;
    }

    /**
     * The {@code LiquidationOrder} of a round: limit at the bankruptcy price rounded to the tick, or at the mark
     * moved by the price band when the scope is already bankrupt.
     */
    private void placeOrder(final Position position, final long quantity, final long marginBalance)
    {
        final Instrument instrument = position.instrument;
        final long absSize = Math.abs(position.size);
        final boolean isLong = position.size > 0;
        final long mark = instrument.markPrice;
        final long tick = instrument.tickSize;
        final long limitPrice;
        if (marginBalance < 0)
        {
            final long band = instrument.liquidationPriceBand;
            math.multiply(mark, isLong ? SCALE - band : SCALE + band);
            math.divideBy(SCALE, isLong ? CEIL : FLOOR);
            limitPrice = calculator.toTicks(tick, isLong ? CEIL : FLOOR);
        }
        else
        {
            calculator.bankruptcyNumerator(mark, absSize, marginBalance, isLong);
            math.divideBy(absSize, isLong ? CEIL : FLOOR);
            limitPrice = calculator.toTicks(tick, isLong ? CEIL : FLOOR);
        }
        final long bankruptcyPrice = calculator.bankruptcyPrice(position, marginBalance);
        final long orderId = state.nextLiquidationOrderId++;
        position.liqOrderId = orderId;
        position.liqBuy = !isLong;
        position.liqRemaining = quantity;
        counters.liquidationOrders++;
        publisher.liquidationOrder(orderId, position, isLong, quantity, limitPrice, bankruptcyPrice);
    }

    /**
     * §10.7: cover a flat scope's deficit from the insurance fund, return a flat isolated position's margin to the
     * wallet, leave liquidation. Not taken (the scope stays in liquidation) when a value does not fit.
     */
    private void complete(final Account account, final Position isolated)
    {
        final Asset settle = state.settleAsset();
        final boolean flat = ScopesInLiquidation.isFlat(account, isolated);
        math.clearOverflow();
        final long cover = flat ? cover(account, isolated, settle) : 0;
        final long wallet = account.balance(state.settleAssetId);
        final long margin = isolated == null ? 0 : isolated.isolatedMargin;
        long newWallet = wallet;
        long newMargin = margin;
        if (isolated == null)
        {
            newWallet = math.add(wallet, cover);
        }
        else
        {
            newMargin = math.add(margin, cover);
            if (flat)
            {
                newWallet = math.add(wallet, newMargin);
                newMargin = 0;
            }
        }
        if (math.overflow())
        {
            math.clearOverflow();
            counters.liquidationActionsSkipped++;
            return;
        }
        if (isolated == null)
        {
            undo.saveBalance(account, settle);
        }
        else
        {
            undo.savePosition(isolated);
            isolated.isolatedMargin = newMargin;
        }
        state.setBalance(account, settle, newWallet);
        if (!undo.fitsOrUndo(account))
        {
            math.clearOverflow();
            counters.liquidationActionsSkipped++;
            return;
        }
        undo.commit();
        settle.insuranceFund -= cover;
        if (cover > 0 || (isolated != null && flat))
        {
            touched.touch(account);
        }
        if (cover > 0)
        {
            counters.bankruptcyCovers++;
            publisher.insuranceFundUpdate(settle, -cover, InsuranceFundReason.BANKRUPTCY_COVER);
        }
        leave(account, isolated);
    }

    /**
     * What the insurance fund pays toward a flat scope's deficit (negative collateral or isolated margin).
     */
    private long cover(final Account account, final Position isolated, final Asset settle)
    {
        final long deficit = isolated != null ? math.negate(isolated.isolatedMargin) :
            math.negate(calculator.cross(account).collateral);
        return deficit > 0 ? Math.min(deficit, Math.max(0, settle.insuranceFund)) : 0;
    }

    private void leave(final Account account, final Position isolated)
    {
        scopes.remove(account, isolated);
        if (isolated != null)
        {
            isolated.inLiquidation = false;
            isolated.adlRemaining = 0;
        }
        else
        {
            account.crossInLiquidation = false;
            for (Position p = account.firstPosition; p != null; p = p.nextInAccount)
            {
                if (!p.isolated)
                {
                    p.adlRemaining = 0;
                }
            }
        }
        scopes.waiting().onLiquidationCompleted(account, isolated);
        counters.liquidationsCompleted++;
        publisher.liquidationCompleted(account, isolated);
        if (isolated != null)
        {
            publisher.positionUpdate(isolated);
        }
        publisher.accountUpdate(account);
    }
}
