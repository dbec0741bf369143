/**
 * Aeron ingress and egress, the Disruptor ring, counters, configuration and the command line.
 */
package io.perprisk.gateway;
