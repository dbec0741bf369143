package io.perprisk.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/**
 * What a results page says about the machine: CPU model (from {@code /proc/cpuinfo}), cores, memory (from
 * {@code /proc/meminfo}), OS, JDK and load average (from {@code /proc/loadavg}). Cold path; Linux first, with
 * fall-backs to the JVM's view elsewhere.
 */
public final class MachineInfo
{
    private MachineInfo()
    {
    }

    /**
     * CPU model name.
     *
     * @return the model, or "unknown".
     */
    public static String cpuModel()
    {
        for (final String line : lines(Paths.get("/proc/cpuinfo")))
        {
            if (line.startsWith("model name"))
            {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown";
    }

    /**
     * Processors available to the JVM.
     *
     * @return the count.
     */
    public static int cores()
    {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Physical memory.
     *
     * @return e.g. "23.4 GiB", or "unknown".
     */
    public static String memory()
    {
        for (final String line : lines(Paths.get("/proc/meminfo")))
        {
            if (line.startsWith("MemTotal:"))
            {
                final long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
            }
        }
        return "unknown";
    }

    /**
     * The 1, 5 and 15 minute load averages.
     *
     * @return e.g. "1.20 0.90 0.75".
     */
    public static String loadAverage()
    {
        final List<String> lines = lines(Paths.get("/proc/loadavg"));
        if (!lines.isEmpty())
        {
            final String[] parts = lines.get(0).split("\\s+");
            if (parts.length >= 3)
            {
                return parts[0] + " " + parts[1] + " " + parts[2];
            }
        }
        return String.format(Locale.ROOT, "%.2f",
            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * The JDK running this JVM.
     *
     * @return vendor, VM name and runtime version.
     */
    public static String jdk()
    {
        return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " +
            System.getProperty("java.runtime.version");
    }

    /**
     * The operating system.
     *
     * @return name, version and architecture.
     */
    public static String os()
    {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
            System.getProperty("os.arch");
    }

    private static List<String> lines(final Path file)
    {
        try
        {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException | RuntimeException ex)
        {
            return List.of();
        }
    }
}
