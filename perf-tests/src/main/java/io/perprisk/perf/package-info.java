/**
 * JMH benchmarks, the end-to-end latency harness and performance reports.
 */
package io.perprisk.perf;
