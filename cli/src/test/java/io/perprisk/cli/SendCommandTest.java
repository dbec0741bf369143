package io.perprisk.cli;

import io.perprisk.gateway.service.PerpRiskService;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.perprisk.gateway.support.GatewayTestSupport.serviceContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SendCommandTest
{
    @Test
    @Timeout(60)
    void shouldPrintTheOutputsOfTheFileAsTheScenarioRunnerDoes(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("story.jsonl");
        try (InputStream in = SendCommandTest.class.getResourceAsStream("/io/perprisk/gateway/over-aeron.jsonl"))
        {
            Files.write(file, in.readAllBytes());
        }
        final StringBuilder expected = new StringBuilder();
        new ScenarioRunner((handler) -> new PerpRiskEngine(new EngineConfiguration(), handler))
            .run(new StringReader(Files.readString(file)), expected);

        final PerpRiskService.Context ctx = serviceContext(null)
            .engineFactory((handler) -> new PerpRiskEngine(new EngineConfiguration(), handler));
        try (PerpRiskService service = PerpRiskService.launch(ctx))
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int exitCode = PerpRiskMain.run(
                new String[]{ "send", file.toString(), "--perp.aeron.dir=" + service.context().aeronDirectoryName(),
                    "--quiet-ms=100" },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            assertEquals(ExitCode.OK, exitCode, err.toString(StandardCharsets.UTF_8));
            assertTrue(expected.length() > 0);
            assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldRefuseMissingFileArgument()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode = PerpRiskMain.run(new String[]{ "send" }, new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCode.USAGE, exitCode);
    }
}
