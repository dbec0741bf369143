/**
 * JMH benchmarks: the engine per inbound type, the codecs, the inbound journal against raw Chronicle Queue and the
 * ingress-to-engine ring hop against a raw Disruptor hop. Run them with {@code bin/perp-risk bench} or
 * {@code bin/perp-risk bench jmh [JMH options]}.
 */
package io.perprisk.perf.jmh;
