/**
 * The {@code perp-risk} command line: {@link io.perprisk.gateway.cli.PerpRiskMain} dispatches sub-commands, each a
 * {@link io.perprisk.gateway.cli.Command}.
 */
package io.perprisk.gateway.cli;
