/**
 * The {@code demo} command: the service driven over Aeron by a small simulated exchange, with a report.
 */
package io.perprisk.cli.demo;
