package io.perprisk.cli.cluster;

import io.perprisk.cli.ExitCode;
import io.perprisk.cli.PerpRiskMain;
import io.perprisk.cli.ScenarioRunner;
import io.perprisk.cluster.ClusterNode;
import io.perprisk.cluster.ClusterStatus;
import io.perprisk.cluster.ClusterTopology;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code send --cluster} and {@code cluster status} against a 3-member cluster in this process: {@code send --cluster}
 * prints what the scenario runner prints, {@code status} names the leader and every member.
 */
final class ClusterCommandsTest
{
    @Test
    @Tag("slow")
    @Timeout(120)
    void sendToTheClusterPrintsWhatTheScenarioRunnerPrints(@TempDir final Path dir) throws Exception
    {
        final Path scenario = Path.of("..", "docs", "scenarios", "funding.jsonl");
        final StringBuilder expected = new StringBuilder();
        new ScenarioRunner().run(new StringReader(Files.readString(scenario)), expected);

        final ClusterTopology topology = ClusterTopology.loopback(3,
            35_000 + ThreadLocalRandom.current().nextInt(0, 500) * 30);
        topology.save(dir);
        final ClusterNode[] nodes = new ClusterNode[3];
        try
        {
            for (int id = 0; id < 3; id++)
            {
                nodes[id] = ClusterNode.launch(new ClusterNode.Settings().memberId(id).dir(dir).topology(topology)
                    .log(new PrintStream(OutputStream.nullOutputStream())), () ->
                    {
                    });
            }
            while (ClusterStatus.query(dir, topology, 500).leader() < 0)
            {
                Thread.sleep(100);
            }

            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int exitCode = PerpRiskMain.run(
                new String[]{ "send", "--cluster", "--dir", dir.toString(), scenario.toString() },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(ExitCode.OK, exitCode, err.toString(StandardCharsets.UTF_8));
            assertTrue(expected.length() > 0);
            assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));

            final ByteArrayOutputStream status = new ByteArrayOutputStream();
            assertEquals(ExitCode.OK, PerpRiskMain.run(new String[]{ "cluster", "status", "--dir", dir.toString() },
                new PrintStream(status, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream())));
            final String[] lines = status.toString(StandardCharsets.UTF_8).split("\n");
            assertTrue(lines[0].matches("leader: [0-2]"), lines[0]);
            assertEquals(4, lines.length);
            for (int id = 0; id < 3; id++)
            {
                assertTrue(lines[id + 1].matches("member " + id + ": (LEADER|FOLLOWER) log position \\d+"),
                    lines[id + 1]);
            }
        }
        finally
        {
            for (int id = 2; id >= 0; id--)
            {
                CloseHelper.quietClose(nodes[id]);
            }
        }
    }
}
