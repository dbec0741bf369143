/**
 * Aeron ingress and egress, the Disruptor ring, counters, configuration and the service. The commands that run it
 * are in the {@code cli} module; the client that talks to it is in the {@code client} module.
 */
package io.perprisk.gateway;
