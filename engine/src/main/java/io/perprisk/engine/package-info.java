/**
 * The deterministic, single-threaded margin and liquidation engine.
 */
package io.perprisk.engine;
