package io.perprisk.cli.cluster;

import io.aeron.cluster.ClusterTool;
import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskCommand;
import io.perprisk.cluster.ClusterTopology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cluster tool --dir DIR --id N COMMAND}: Aeron's {@link ClusterTool} against member N's cluster directory,
 * e.g. {@code describe}, {@code list-members}, {@code recording-log}, {@code snapshot}, {@code errors}.
 */
@Command(name = "tool", description = "run Aeron's ClusterTool against member N (describe, list-members, " +
    "recording-log, snapshot, suspend, resume, shutdown, errors, ...)")
public final class ClusterToolCommand implements PerpRiskCommand
{
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the cluster directory")
    private Path dir;

    @Option(names = "--id", required = true, paramLabel = "N", description = "member id")
    private int memberId;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "ClusterTool command and its arguments")
    private List<String> command = new ArrayList<>();

    /**
     * {@inheritDoc}
     */
    public int run(final PrintStream out, final PrintStream err) throws Exception
    {
        final List<String> args = new ArrayList<>();
        args.add(ClusterTopology.clusterDir(dir, memberId).toString());
        args.addAll(command);
        out.flush();
        ClusterTool.main(args.toArray(new String[0]));
        System.out.flush();
        return ExitCode.OK;
    }
}
