/**
 * The lean Java client of a perp-risk service, for matching engines, price feeds and tools: {@link
 * io.perprisk.client.RiskClient} sends typed inbound messages on the right Aeron stream and receives the outbound
 * messages from the egress stream. Depends only on the codecs and {@code aeron-client}.
 */
package io.perprisk.client;
