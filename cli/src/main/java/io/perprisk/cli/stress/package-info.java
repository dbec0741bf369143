/**
 * The {@code stress} what-if: the latest state of a journal, a mark-price shock path, liquidation orders answered by a
 * simulated market of configurable depth, and a report of what the engine did.
 */
package io.perprisk.cli.stress;
