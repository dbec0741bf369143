/**
 * The {@code cluster} commands: run a member, ask the members their state, run Aeron's ClusterTool against a member.
 */
package io.perprisk.cli.cluster;
