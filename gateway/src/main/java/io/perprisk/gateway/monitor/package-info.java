/**
 * HTTP on the service, off the engine thread: Prometheus metrics ({@code GET /metrics}) and the live risk monitor
 * page ({@code GET /}, updated by server-sent events), built from the service's counters and a tail of the outbound
 * journal, never from the engine's state.
 */
package io.perprisk.gateway.monitor;
