/**
 * The end-to-end latency harness: open-loop load at a fixed rate, latency measured from each event's intended send
 * time (so coordinated omission is accounted for), through the service and through a raw Aeron IPC echo in the same
 * run; the throughput search; HdrHistogram output and an SVG plot.
 */
package io.perprisk.perf.latency;
