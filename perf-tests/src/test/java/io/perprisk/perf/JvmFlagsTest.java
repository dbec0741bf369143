package io.perprisk.perf;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmFlagsTest
{
    @Test
    void shouldKeepOnlyTheFlagsChildJvmsNeed()
    {
        final List<String> flags = JvmFlags.fromInputArguments(List.of(
            "-Xmx1g", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports",
            "java.base/sun.nio.ch=ALL-UNNAMED", "-Dchronicle.analytics.disable=true", "-Dother=1"));

        assertEquals(List.of("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports",
            "java.base/sun.nio.ch=ALL-UNNAMED", "-Dchronicle.analytics.disable=true"), flags);
    }

    @Test
    void shouldReadTheProjectPropertiesFileWithJdk23FlagsOnlyOnJdk23()
    {
        final Path file = JvmFlags.findPropertiesFile();
        assertNotNull(file, "config/jvm.properties above the working directory");

        final List<String> jdk17 = JvmFlags.fromPropertiesFile(file, 17);
        final List<String> jdk25 = JvmFlags.fromPropertiesFile(file, 25);

        assertTrue(jdk17.contains("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"));
        assertTrue(jdk17.stream().noneMatch((flag) -> flag.startsWith("--enable-native-access")));
        assertTrue(jdk25.contains("--enable-native-access=ALL-UNNAMED"));
        assertEquals(jdk17, jdk25.subList(0, jdk17.size()));
    }

    @Test
    void shouldGiveChildJvmsTheAddOpensFlags()
    {
        assertTrue(JvmFlags.forChildJvm().contains("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"));
    }
}
