package io.perprisk.engine.corpus;

import io.perprisk.engine.scenario.AdlStormScenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine emits exactly the recorded bytes, and ends in the recorded state, for every stream of the
 * {@link GoldenCorpus}: the default entries in the default build, the big ones (2,000-scope storm and its calm twin,
 * a 200,000-event chained random stream) in the {@code slow} group.
 * <p>
 * {@code -Dperprisk.recordCorpus=true} first re-records every entry from the engine under test (see
 * {@code engine/src/test/resources/corpus/README.md}); do that only for a deliberate change of behaviour.
 */
class GoldenCorpusTest
{
    private static final Path DIR = GoldenCorpus.directory();

    @BeforeAll
    static void recordWhenAsked() throws IOException
    {
        if (Boolean.getBoolean("perprisk.regenerateStorm"))
        {
            AdlStormScenario.main(new String[]{ stormDirectory().toString() });
        }
        if (Boolean.getBoolean("perprisk.recordCorpus"))
        {
            GoldenCorpus.main(new String[]{ DIR.toString() });
        }
    }

    @Test
    void shouldHoldARecordingOfEveryEntry() throws IOException
    {
        final Map<String, GoldenCorpus.Entry> entries = GoldenCorpus.byName();
        assertEquals(new ArrayList<>(entries.keySet()), GoldenCorpus.recordedNames(DIR),
            "entries defined by GoldenCorpus against expected files in " + DIR);
        for (final GoldenCorpus.Entry entry : entries.values())
        {
            final Properties expected = GoldenCorpus.expected(DIR, entry.name());
            assertEquals(entry.slow() ? "slow" : "default", expected.getProperty("group"), entry.name());
            assertEquals(entry.stored() ? "stored" : "live", expected.getProperty("inbound"), entry.name());
            assertEquals(entry.stored(), Files.isRegularFile(DIR.resolve(entry.name() + ".frames.gz")), entry.name());
            assertTrue(Long.parseLong(expected.getProperty("outboundMessages")) > 0, entry.name());
        }
    }

    @Test
    void shouldCoverTheCheckedInStormScenarios() throws IOException
    {
        // the corpus entries adl-storm-2000 and adl-calm-2000 hold the outputs of these files
        assertEquals(Files.readString(stormDirectory().resolve("adl-storm.jsonl")),
            AdlStormScenario.generate(true, AdlStormScenario.TRADERS, AdlStormScenario.ORDINARY_EVENTS),
            "regenerate with -Dperprisk.regenerateStorm=true, then re-record the corpus");
        assertEquals(Files.readString(stormDirectory().resolve("adl-calm.jsonl")),
            AdlStormScenario.generate(false, AdlStormScenario.TRADERS, AdlStormScenario.ORDINARY_EVENTS),
            "regenerate with -Dperprisk.regenerateStorm=true, then re-record the corpus");
    }

    @TestFactory
    Stream<DynamicTest> shouldEmitTheRecordedBytesForEveryDefaultEntry()
    {
        return tests(false);
    }

    @Tag("slow")
    @TestFactory
    Stream<DynamicTest> shouldEmitTheRecordedBytesForEverySlowEntry()
    {
        return tests(true);
    }

    private static Path stormDirectory()
    {
        return GoldenCorpus.repositoryRoot().resolve("docs").resolve("scenarios").resolve("storm");
    }

    private static Stream<DynamicTest> tests(final boolean slow)
    {
        return GoldenCorpus.entries().stream()
            .filter((entry) -> entry.slow() == slow)
            .map((entry) -> DynamicTest.dynamicTest(entry.name(), () -> verify(entry)));
    }

    private static void verify(final GoldenCorpus.Entry entry) throws IOException
    {
        final Properties expected = GoldenCorpus.expected(DIR, entry.name());
        final CorpusSource source = entry.stored() ?
            new GoldenCorpus.FrameSource(GoldenCorpus.readFrames(DIR, entry.name())) : entry.generator().get();
        final CorpusRun run = CorpusRun.run(
            ConfigurationText.parse(expected.getProperty("configuration")), source, GoldenCorpus.CHECKPOINT_INTERVAL);

        final String name = entry.name();
        final String where = firstDifferingCheckpoint(expected, run);
        assertEquals(expected.getProperty("outboundSha256"), run.outboundSha256(),
            name + ": outbound bytes differ; " + where);
        assertEquals(Long.parseLong(expected.getProperty("outboundMessages")), run.outboundMessages(), name);
        assertEquals(Long.parseLong(expected.getProperty("outboundBytes")), run.outboundBytes(), name);
        assertEquals(Long.parseLong(expected.getProperty("events")), run.events(), name + ": inbound events");
        assertEquals(expected.getProperty("inboundSha256"), run.inboundSha256(), name + ": inbound events differ" +
            (entry.stored() ? "" : " (the generator changed: live entries need an unchanged RandomEventStream)"));
        assertEquals(expected.getProperty("digest"), run.digest(), name + ": final state digest");
    }

    private static String firstDifferingCheckpoint(final Properties expected, final CorpusRun run)
    {
        final Map<Long, String> recorded = new TreeMap<>();
        for (final String key : expected.stringPropertyNames())
        {
            if (key.startsWith("checkpoint."))
            {
                recorded.put(Long.parseLong(key.substring("checkpoint.".length())), expected.getProperty(key));
            }
        }
        long previous = 0;
        final List<Long> checked = new ArrayList<>();
        for (final Map.Entry<Long, String> checkpoint : recorded.entrySet())
        {
            if (!checkpoint.getValue().equals(run.checkpoints().get(checkpoint.getKey())))
            {
                return "first difference in the output of events " + (previous + 1) + ".." + checkpoint.getKey() +
                    " (recorded after " + checkpoint.getKey() + " events: " + checkpoint.getValue() + ", now: " +
                    run.checkpoints().get(checkpoint.getKey()) + ")";
            }
            previous = checkpoint.getKey();
            checked.add(previous);
        }
        return "the output of the first " + previous + " events is the same (" + checked.size() +
            " checkpoints); the difference is after event " + previous;
    }
}
