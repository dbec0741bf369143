package io.perprisk.cli.cluster;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskCommand;
import io.perprisk.cluster.ClusterNode;
import io.perprisk.cluster.ClusterStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code cluster status --dir DIR}: {@code leader: N}, then each member's role and log position, asked through
 * each member's mark file on this machine.
 */
@Command(name = "status", description = "print 'leader: N', then each member's role and log position")
public final class ClusterStatusCommand implements PerpRiskCommand
{
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the cluster directory")
    private Path dir;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "2000",
        description = "how long to wait for each member (default 2000)")
    private long timeoutMs;

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err) throws Exception
    {
        final ClusterStatus status = ClusterStatus.query(dir, ClusterNode.Settings.topology(dir, null, -1), timeoutMs);
        for (final String line : status.lines())
        {
            out.println(line);
        }
        out.flush();
        return status.leader() >= 0 ? ExitCode.OK : ExitCode.FAILURE;
    }
}
