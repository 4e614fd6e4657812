package org.icnnvarpro.kernels;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine the kernels run on, in one line for reports ({@code bench --out}, the index of
 * {@code reproduce}): CPU model, processors, JVM, maximum heap and the kernels in use; and the system
 * load average, which the reports give at the start and the end of a run (on a shared machine the
 * load says how far a timing can be trusted).
 */
public final class Machine {
    private Machine() {}

    /**
     * For example {@code "AMD EPYC, 2 processors, OpenJDK 64-Bit Server VM 17.0.15, max heap 6321 MB,
     * kernels vector4"}.
     */
    public static String describe() {
        return String.format(Locale.ROOT, "%s, %d processors, %s %s, max heap %.0f MB, kernels %s",
                cpuModel(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / 1e6, Kernels.defaults().name());
    }

    /** The one-minute system load average, formatted ({@code "n/a"} where the platform has none). */
    public static String load() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", l);
    }

    /** The CPU's model name from {@code /proc/cpuinfo} (Linux), else the architecture. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    if (colon > 0) return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: fall through
        }
        return System.getProperty("os.arch");
    }
}
