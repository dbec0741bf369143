package io.perprisk.gateway.service;

/**
 * How the gateway's three agents (ingress, engine stage, egress) map onto threads.
 */
public enum GatewayThreadingMode
{
    /**
     * One thread runs all three agents as a composite; for small boxes (2 cores), with a backoff idle strategy.
     */
    SHARED,

    /**
     * Each agent has its own thread; for big boxes, usually with a busy-spin idle strategy and pinned cores.
     */
    DEDICATED
}
