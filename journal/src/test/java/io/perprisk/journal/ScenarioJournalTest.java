package io.perprisk.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioJournalTest
{
    @TempDir
    Path dir;

    @Test
    void shouldJournalScenarioRunAndPassPrintedOutputs()
    {
        final Path journal = dir.resolve("run");
        final List<Long> printed = new ArrayList<>();
        try (JournaledEngine engine = ScenarioJournal.open(
            journal, HashingTestEngine::new, (seq, buffer, offset, length) -> printed.add(seq)))
        {
            JournalTestSupport.apply(engine, 1, 50);
        }
        final ReplayResult result = JournalReplayer.replay(journal, HashingTestEngine::new, false, null);
        assertNull(result.divergence());
        assertEquals(50, result.events());
        assertEquals(printed.size(), result.messages());
        assertTrue(result.finalDigestVerified());
    }

    @Test
    void shouldRefuseNonEmptyDirectory() throws IOException
    {
        Files.writeString(dir.resolve("something"), "x");
        assertThrows(IllegalArgumentException.class, () -> ScenarioJournal.open(dir, HashingTestEngine::new, null));
    }
}
