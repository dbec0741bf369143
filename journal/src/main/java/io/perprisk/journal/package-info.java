/**
 * Chronicle Queue journals, deterministic replay and snapshot files.
 */
package io.perprisk.journal;
