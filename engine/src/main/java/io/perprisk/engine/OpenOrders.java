package io.perprisk.engine;

import io.perprisk.engine.math.Int128Math;

import static io.perprisk.engine.math.Int128Math.FLOOR;

/**
 * The open orders (MARGIN.md §3): each in the orders map by id and in its position's list, with the position's exact
 * buy and sell notionals kept up to date; {@link Order} objects are pooled, so order churn does not allocate. Engine
 * thread only.
 */
final class OpenOrders
{
    private final EngineState state;
    private final Int128Math math;
    private final TriggerMaintenance triggers;
    private Order freeOrders;

    OpenOrders(final EngineState state, final Int128Math math, final TriggerMaintenance triggers)
    {
        this.state = state;
        this.math = math;
        this.triggers = triggers;
    }

    /**
     * An order from the pool, not yet linked.
     */
    Order newOrder(
        final long orderId, final Position position, final boolean buy, final long price, final long quantity)
    {
        Order order = freeOrders;
        if (order == null)
        {
            order = new Order();
        }
        else
        {
            freeOrders = order.next;
        }
        order.id = orderId;
        order.position = position;
        order.buy = buy;
        order.price = price;
        order.remaining = quantity;
        order.prev = null;
        order.next = null;
        return order;
    }

    /**
     * Back to the pool.
     */
    void release(final Order order)
    {
        order.position = null;
        order.prev = null;
        order.next = freeOrders;
        freeOrders = order;
    }

    /**
     * Link an order into its position's list and notionals; its account is re-indexed at the end of the event (a new
     * order narrows the overflow headroom).
     */
    void link(final Order order, final long notional)
    {
        final Position position = order.position;
        order.next = position.firstOrder;
        order.prev = null;
        if (position.firstOrder != null)
        {
            position.firstOrder.prev = order;
        }
        position.firstOrder = order;
        position.orderCount++;
        triggers.markStale(position.account);
        if (order.buy)
        {
            position.buyNotional += notional;
        }
        else
        {
            position.sellNotional += notional;
        }
    }

    void unlink(final Order order, final long notional)
    {
        final Position position = order.position;
        if (order.prev == null)
        {
            position.firstOrder = order.next;
        }
        else
        {
            order.prev.next = order.next;
        }
        if (order.next != null)
        {
            order.next.prev = order.prev;
        }
        position.orderCount--;
        // no re-index: an order changes no margin balance or maintenance margin, and removing one only widens the
        // overflow headroom the account's intervals were computed with, so they stay sound (docs/engine.md)
        if (order.buy)
        {
            position.buyNotional -= notional;
        }
        else
        {
            position.sellNotional -= notional;
        }
    }

    /**
     * Accept a linked order: it enters the orders map.
     */
    void accept(final Order order)
    {
        state.orders.put(order.id, order);
    }

    void remove(final Order order)
    {
        unlink(order, exactNotional(order));
        state.orders.remove(order.id);
        release(order);
    }

    void reduce(final Order order, final long remaining)
    {
        final long before = exactNotional(order);
        order.remaining = remaining;
        final long after = exactNotional(order);
        if (order.buy)
        {
            order.position.buyNotional += after - before;
        }
        else
        {
            order.position.sellNotional += after - before;
        }
    }

    /**
     * An order's remaining notional, {@code floor(remaining·price/R)}.
     */
    long exactNotional(final Order order)
    {
        math.multiply(order.remaining, order.price);
        math.divideBy(PerpRiskEngine.SCALE, FLOOR);
        return math.lo();
    }
}
