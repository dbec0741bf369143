package io.perprisk.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Runs every {@code docs/scenarios/X.jsonl} through {@link ScenarioRunner} with the real engine and requires the
 * output to equal {@code X.expected.jsonl} line by line. Skipped (not passed) while there are no scenario files; a
 * scenario without an expected file fails.
 */
class ScenarioFilesTest
{
    private static final String SCENARIO_SUFFIX = ".jsonl";
    private static final String EXPECTED_SUFFIX = ".expected.jsonl";

    @Test
    void shouldReproduceExpectedOutputOfEveryScenario() throws IOException
    {
        final Path directory = repositoryRoot().resolve("docs").resolve("scenarios");
        assertTrue(Files.isDirectory(directory), "scenario directory missing: " + directory);

        final List<Path> scenarios;
        try (Stream<Path> files = Files.list(directory))
        {
            scenarios = files
                .filter((path) -> isScenario(path.getFileName().toString()))
                .sorted()
                .collect(Collectors.toList());
        }
        assumeFalse(scenarios.isEmpty(), "no scenario files in " + directory + " yet");

        final List<Path> withoutExpected = new ArrayList<>();
        final List<Executable> checks = new ArrayList<>();
        for (final Path scenario : scenarios)
        {
            final Path expected = expectedFileOf(scenario);
            if (Files.isRegularFile(expected))
            {
                checks.add(() -> assertScenarioOutput(scenario, expected));
            }
            else
            {
                withoutExpected.add(scenario.getFileName());
            }
        }

        assertTrue(withoutExpected.isEmpty(), "scenario files without an expected file: " + withoutExpected +
            " (generate with bin/perp-risk scenario X.jsonl > X.expected.jsonl, review, commit)");
        assertAll(checks);
    }

    private static void assertScenarioOutput(final Path scenario, final Path expectedFile) throws Exception
    {
        final StringBuilder output = new StringBuilder();
        try (Reader input = Files.newBufferedReader(scenario, StandardCharsets.UTF_8))
        {
            new ScenarioRunner().run(input, output);
        }

        final List<String> actual = output.toString().lines().collect(Collectors.toList());
        final List<String> expected = Files.readAllLines(expectedFile, StandardCharsets.UTF_8);
        final String name = scenario.getFileName().toString();
        for (int i = 0; i < Math.min(actual.size(), expected.size()); i++)
        {
            assertEquals(expected.get(i), actual.get(i), name + ": output line " + (i + 1) + " differs");
        }
        assertEquals(expected.size(), actual.size(), name + ": number of output lines");
    }

    private static boolean isScenario(final String fileName)
    {
        return fileName.endsWith(SCENARIO_SUFFIX) && !fileName.endsWith(EXPECTED_SUFFIX);
    }

    private static Path expectedFileOf(final Path scenario)
    {
        final String name = scenario.getFileName().toString();
        return scenario.resolveSibling(name.substring(0, name.length() - SCENARIO_SUFFIX.length()) + EXPECTED_SUFFIX);
    }

    private static Path repositoryRoot()
    {
        for (Path dir = Paths.get("").toAbsolutePath(); null != dir; dir = dir.getParent())
        {
            if (Files.isRegularFile(dir.resolve("config").resolve("jvm.properties")) &&
                Files.isDirectory(dir.resolve("docs")))
            {
                return dir;
            }
        }

        return fail("repository root (with config/jvm.properties) not found above " + Paths.get("").toAbsolutePath());
    }
}
