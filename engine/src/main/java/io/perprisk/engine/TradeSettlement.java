package io.perprisk.engine;

import io.perprisk.engine.math.Int128Math;

import static io.perprisk.engine.math.Int128Math.CEIL;
import static io.perprisk.engine.math.Int128Math.FLOOR;

/**
 * Settles one side of a trade (MARGIN.md §2, docs/arithmetic.md §8): funding realized first, then the position change
 * (open, reduce, close or flip, with the exact entry cost and realized PnL), the fee charged to the settlement wallet;
 * on the liquidated side of a liquidation fill or an auto-deleverage an isolated position keeps its PnL, funding and
 * fee in its isolated margin and releases nothing to the wallet (§6, docs/arithmetic.md §10.5). A side is staged
 * first (nothing changes), applied only when nothing overflowed, and saved in the {@link UndoLog} so that the caller
 * keeps or undoes it with the rest of the event. A fill settles one side, an auto-deleverage close two
 * ({@link #closeAgainst}). Engine thread only.
 */
final class TradeSettlement
{
    private static final long SCALE = PerpRiskEngine.SCALE;

    private final EngineState state;
    private final Int128Math math;
    private final MarginCalculator calculator;
    private final UndoLog undo;

    private long stagedSize;
    private long stagedCost;
    private long stagedMargin;
    private long stagedRealized;
    private long stagedWallet;
    private long stagedAccrued;

    TradeSettlement(
        final EngineState state, final MarginCalculator calculator, final UndoLog undo)
    {
        this.state = state;
        this.math = calculator.math();
        this.calculator = calculator;
        this.undo = undo;
    }

    /**
     * Stage one side of a trade and, unless the event's overflow flag is set afterwards, apply it to the position
     * (not its holder membership), saving the previous values in the undo log.
     *
     * @return the funding clearing after the side: {@code clearing} minus the funding it realized.
     */
    long settleSide(
        final Position position,
        final boolean buy,
        final long quantity,
        final long price,
        final long fee,
        final boolean liquidated,
        final long clearing)
    {
        stage(position, buy, quantity, price, fee, liquidated);
        final long clearingAfter = math.subtract(clearing, stagedAccrued);
        if (!math.overflow())
        {
            undo.savePosition(position);
            position.size = stagedSize;
            position.cost = stagedCost;
            position.isolatedMargin = stagedMargin;
            position.realizedPnl = stagedRealized;
            position.fundingSnapshot = position.instrument.fundingIndex;
            state.setBalance(position.account, state.settleAsset(), stagedWallet);
        }
        return clearingAfter;
    }

    /**
     * Closes a quantity of a liquidated position against a counterparty at a price, both sides settled like fills
     * with fee 0 (the liquidated side by §10.5's isolated rule), and keeps both instruments' holder lists. Returns
     * false, changing nothing, when a value either side would store or emit does not fit.
     */
    boolean closeAgainst(
        final Position liquidated, final Position counterparty, final long quantity, final long price)
    {
        math.clearOverflow();
        final boolean liquidatedLong = liquidated.size > 0;
        final long counterpartySize = counterparty.size;
        final long liquidatedSize = liquidated.size;
        long clearing = settleSide(counterparty, liquidatedLong, quantity, price, 0, false, state.fundingClearing);
        if (!math.overflow())
        {
            clearing = settleSide(liquidated, !liquidatedLong, quantity, price, 0, true, clearing);
        }
        if (math.overflow() || !undo.fitsOrUndo(counterparty.account) || !undo.fitsOrUndo(liquidated.account))
        {
            undo.undo();
            math.clearOverflow();
            return false;
        }
        undo.commit();
        state.fundingClearing = clearing;
        EngineState.updateHolder(counterparty, counterpartySize);
        EngineState.updateHolder(liquidated, liquidatedSize);
        return true;
    }

    /**
     * Computes one side of a trade into the staged fields without changing anything.
     */
    private void stage(
        final Position position,
        final boolean buy,
        final long quantity,
        final long price,
        final long fee,
        final boolean liquidated)
    {
        final long size = position.size;
        final boolean isolated = position.isolated;
        final boolean keepInMargin = isolated && liquidated;
        stagedWallet = position.account.balance(state.settleAssetId);
        stagedMargin = position.isolatedMargin;
        stagedRealized = position.realizedPnl;
        stagedCost = position.cost;
        stagedAccrued = size == 0 ? 0 : calculator.accrued(position);
        if (isolated)
        {
            stagedMargin = math.add(stagedMargin, stagedAccrued);
        }
        else
        {
            stagedWallet = math.add(stagedWallet, stagedAccrued);
        }
        if (size == 0 || (size > 0) == buy)
        {
            stageIncrease(position, buy, quantity, price);
        }
        else
        {
            stageReduce(position, buy, quantity, price, keepInMargin);
        }
        if (keepInMargin)
        {
            stagedMargin = math.subtract(stagedMargin, fee);
        }
        else
        {
            stagedWallet = math.subtract(stagedWallet, fee);
        }
    }

    private void stageIncrease(final Position position, final boolean buy, final long quantity, final long price)
    {
        final long size = position.size;
        final long notional = math.mulDivFloor(quantity, price, SCALE);
        stagedSize = buy ? math.add(size, quantity) : math.subtract(size, quantity);
        stagedCost = math.add(stagedCost, notional);
        if (size == 0)
        {
            stagedRealized = 0;
        }
        if (position.isolated)
        {
            moveToMargin(notional, position.leverage);
        }
    }

    private void stageReduce(
        final Position position, final boolean buy, final long quantity, final long price, final boolean keepInMargin)
    {
        final long size = position.size;
        final long absSize = Math.abs(size);
        final long cost = stagedCost;
        final long closed = Math.min(quantity, absSize);
        final long closedNotional = math.mulDivFloor(closed, price, SCALE);
        final long released = closed == absSize ? cost :
            math.mulDiv(cost, closed, absSize, size > 0 ? CEIL : FLOOR);
        final long pnl = size > 0 ? math.subtract(closedNotional, released) :
            math.subtract(released, closedNotional);
        stagedCost = cost - released;
        stagedRealized = math.add(stagedRealized, pnl);
        if (keepInMargin)
        {
            stagedMargin = math.add(stagedMargin, pnl);
        }
        else
        {
            stagedWallet = math.add(stagedWallet, pnl);
            if (position.isolated)
            {
                final long margin = stagedMargin;
                final long moved = closed == absSize ? margin : math.mulDivFloor(margin, closed, absSize);
                stagedMargin = margin - moved;
                stagedWallet = math.add(stagedWallet, moved);
            }
        }
        stagedSize = buy ? size + quantity : size - quantity;
        if (quantity > absSize)
        {
            final long openedNotional = math.mulDivFloor(quantity - absSize, price, SCALE);
            stagedCost = openedNotional;
            if (position.isolated)
            {
                moveToMargin(openedNotional, position.leverage);
            }
        }
    }

    /**
     * An isolated position's opening takes {@code ceil(notional/leverage)} from the wallet into its margin.
     */
    private void moveToMargin(final long notional, final int leverage)
    {
        final long moved = math.divide(notional, leverage, CEIL);
        stagedWallet = math.subtract(stagedWallet, moved);
        stagedMargin = math.add(stagedMargin, moved);
    }
}
