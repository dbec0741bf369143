/**
 * The {@code perp-risk} command line: {@link io.perprisk.cli.PerpRiskMain} parses the arguments with picocli and runs
 * a sub-command, each a {@link io.perprisk.cli.PerpRiskCommand}; exit codes are those of
 * {@link io.perprisk.cli.ExitCode}.
 */
package io.perprisk.cli;
