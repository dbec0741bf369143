package io.perprisk.cli.cluster;

import picocli.CommandLine.Command;

/**
 * The {@code cluster} command group.
 */
@Command(name = "cluster",
    description = "the engine replicated on Aeron Cluster: cluster node runs a member, cluster status asks the " +
        "members, cluster tool runs Aeron's ClusterTool against a member",
    subcommands = { ClusterNodeCommand.class, ClusterStatusCommand.class, ClusterToolCommand.class,
        ClusterDemoCommand.class })
public final class ClusterCommand
{
}
