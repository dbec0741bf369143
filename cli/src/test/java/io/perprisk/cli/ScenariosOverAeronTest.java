package io.perprisk.cli;

import io.perprisk.gateway.service.PerpRiskService;
import io.perprisk.engine.EngineConfiguration;
import io.perprisk.engine.PerpRiskEngine;
import io.perprisk.client.JsonLinesSession;
import io.perprisk.client.RiskClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.perprisk.gateway.support.GatewayTestSupport.clientContext;
import static io.perprisk.gateway.support.GatewayTestSupport.serviceContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Sends scenarios through the running service over Aeron (three ingress streams, ring, engine stage, egress) and
 * checks the outbound messages equal those of the in-process {@link ScenarioRunner}.
 */
class ScenariosOverAeronTest
{
    private static List<String> inProcess(final String scenario) throws Exception
    {
        final StringBuilder output = new StringBuilder();
        new ScenarioRunner((handler) -> new PerpRiskEngine(new EngineConfiguration(), handler))
            .run(new StringReader(scenario), output);
        final List<String> lines = new ArrayList<>(Arrays.asList(output.toString().split("\n")));
        lines.removeIf(String::isEmpty);
        return lines;
    }

    private static List<String> overAeron(final String scenario) throws Exception
    {
        final PerpRiskService.Context ctx = serviceContext(null)
            .engineFactory((handler) -> new PerpRiskEngine(new EngineConfiguration(), handler));
        try (PerpRiskService service = PerpRiskService.launch(ctx);
            RiskClient client = RiskClient.connect(clientContext(service).ordered(true));
            Reader input = new StringReader(scenario))
        {
            assertTrue(client.awaitConnected(10_000));
            return new JsonLinesSession(client).run(input, 100, 30_000);
        }
    }

    private static void assertSameOverAeron(final String name, final String scenario) throws Exception
    {
        final List<String> expected = inProcess(scenario);
        assertEquals(expected, overAeron(scenario), name);
    }

    @Test
    @Timeout(60)
    void shouldAnswerOverAeronAsTheScenarioRunnerDoes() throws Exception
    {
        final String scenario = new String(
            ScenariosOverAeronTest.class.getResourceAsStream("/io/perprisk/gateway/over-aeron.jsonl").readAllBytes(),
            StandardCharsets.UTF_8);
        final List<String> expected = inProcess(scenario);
        assertFalse(expected.isEmpty());
        assertEquals(expected, overAeron(scenario));
    }

    @Test
    @Timeout(300)
    void shouldAnswerEveryDocumentedScenarioOverAeronAsTheScenarioRunnerDoes() throws Exception
    {
        final Path dir = Paths.get("..").resolve("docs/scenarios");
        final List<Path> scenarios = new ArrayList<>();
        if (Files.isDirectory(dir))
        {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jsonl"))
            {
                for (final Path file : files)
                {
                    if (!file.getFileName().toString().endsWith(".expected.jsonl"))
                    {
                        scenarios.add(file);
                    }
                }
            }
        }
        assumeFalse(scenarios.isEmpty(), "no scenarios in " + dir.toAbsolutePath());
        for (final Path file : scenarios)
        {
            assertSameOverAeron(file.toString(), read(file));
        }
    }

    private static String read(final Path file) throws IOException
    {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
