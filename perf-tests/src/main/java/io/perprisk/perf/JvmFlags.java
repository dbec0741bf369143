package io.perprisk.perf;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM flags every perp-risk JVM needs (see {@code config/jvm.properties}), for JMH forks and child JVMs: taken
 * from the current JVM's input arguments when it was started with them (surefire, {@code bin/perp-risk}), otherwise
 * read from {@code config/jvm.properties} found from the working directory upwards or under the
 * {@value #ROOT_PROP_NAME} system property. Cold path.
 */
public final class JvmFlags
{
    /**
     * System property naming the project root, where {@code config/jvm.properties} lives.
     */
    public static final String ROOT_PROP_NAME = "perp.root";

    private static final List<String> PREFIXES = Arrays.asList(
        "--add-opens", "--add-exports", "--enable-native-access", "--sun-misc-unsafe-memory-access",
        "-Dchronicle.", "-Dsbe.", "-Dagrona.", "-Daeron.");

    private JvmFlags()
    {
    }

    /**
     * Flags to append to a child JVM's command line.
     *
     * @return the flags, one per element.
     */
    public static List<String> forChildJvm()
    {
        final List<String> inherited = fromInputArguments(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (inherited.stream().anyMatch((flag) -> flag.startsWith("--add-opens")))
        {
            return inherited;
        }
        return fromPropertiesFile(findPropertiesFile(), Runtime.version().feature());
    }

    /**
     * The flags among a JVM's input arguments, keeping two-token forms ({@code --add-opens VALUE}) together.
     *
     * @param inputArguments of a JVM.
     * @return the flags perp-risk needs that were given.
     */
    public static List<String> fromInputArguments(final List<String> inputArguments)
    {
        final List<String> flags = new ArrayList<>();
        for (int i = 0; i < inputArguments.size(); i++)
        {
            final String argument = inputArguments.get(i);
            for (final String prefix : PREFIXES)
            {
                if (argument.startsWith(prefix))
                {
                    flags.add(argument);
                    if (argument.equals(prefix) && prefix.startsWith("--") && i + 1 < inputArguments.size())
                    {
                        flags.add(inputArguments.get(++i));
                    }
                    break;
                }
            }
        }
        return flags;
    }

    /**
     * Read the flags from a {@code jvm.properties} file.
     *
     * @param file       the properties file, or null if there is none (then there are no flags).
     * @param jdkFeature feature version of the JDK the child runs on; 23 and later add {@code perp.jvm.flags.jdk23}.
     * @return the flags.
     */
    public static List<String> fromPropertiesFile(final Path file, final int jdkFeature)
    {
        final List<String> flags = new ArrayList<>();
        if (null == file)
        {
            return flags;
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read " + file, ex);
        }
        split(properties.getProperty("perp.jvm.flags", ""), flags);
        if (jdkFeature >= 23)
        {
            split(properties.getProperty("perp.jvm.flags.jdk23", ""), flags);
        }
        return flags;
    }

    /**
     * Find {@code config/jvm.properties}.
     *
     * @return the file, or null if not found.
     */
    public static Path findPropertiesFile()
    {
        final String root = System.getProperty(ROOT_PROP_NAME);
        if (null != root)
        {
            final Path file = Paths.get(root, "config", "jvm.properties");
            if (Files.isRegularFile(file))
            {
                return file;
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath(); null != dir; dir = dir.getParent())
        {
            final Path file = dir.resolve("config").resolve("jvm.properties");
            if (Files.isRegularFile(file))
            {
                return file;
            }
        }
        return null;
    }

    private static void split(final String value, final List<String> flags)
    {
        for (final String flag : value.trim().split("\\s+"))
        {
            if (!flag.isEmpty())
            {
                flags.add(flag);
            }
        }
    }
}
