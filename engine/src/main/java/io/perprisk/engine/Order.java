package io.perprisk.engine;

/**
 * An open order resting in the matching engine, linked into its position's order list. Pooled. Engine thread only.
 */
final class Order
{
    long id;
    Position position;
    boolean buy;
    long price;
    long remaining;
    Order prev;
    Order next;
}
