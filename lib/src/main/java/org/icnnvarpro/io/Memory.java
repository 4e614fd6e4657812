package org.icnnvarpro.io;

import java.util.Locale;

/**
 * The memory a request needs against what the Java heap can give, checked before allocating:
 * a request that cannot fit is refused with one line naming it and the limit, instead of an
 * {@link OutOfMemoryError} (or a {@link NegativeArraySizeException} from an overflowing size)
 * after minutes of work.
 */
public final class Memory {
    private Memory() {}

    /** The longest array the JVM allocates (a few header words below {@link Integer#MAX_VALUE}). */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Bytes the heap can still give: its limit ({@code -Xmx}) minus what is in use. */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** The heap's limit ({@code -Xmx}) in bytes. */
    public static long limit() {
        return Runtime.getRuntime().maxMemory();
    }

    /** {@code a · b}, or {@link Long#MAX_VALUE} where the product overflows (both ≥ 0). */
    public static long times(long a, long b) {
        long hi = Math.multiplyHigh(a, b), lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    /** {@code a + b}, or {@link Long#MAX_VALUE} where the sum overflows (both ≥ 0). */
    public static long plus(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    /**
     * Refuses {@code what} if it needs more than {@code bytes} the heap can give (after one
     * garbage collection, so that garbage does not count as in use).
     *
     * @param what the request as the user made it, e.g. {@code "sample -n 2147483647"}
     * @throws IllegalArgumentException with a one-line message naming the request, its size and
     *     the heap's limit
     */
    public static void require(String what, long bytes) {
        if (bytes <= available()) return;
        System.gc();
        long free = available();
        if (bytes <= free) return;
        throw new IllegalArgumentException(what + " needs about " + format(bytes) + " of memory, more than the "
                + format(free) + " the Java heap can give (its limit is " + format(limit())
                + "; run java -Xmx<size> -jar … for a larger one, or ask for less)");
    }

    /**
     * Refuses an array of {@code count} entries that no Java array can hold.
     *
     * @throws IllegalArgumentException naming {@code what}
     */
    public static int arrayLength(String what, long count) {
        if (count < 0 || count > MAX_ARRAY)
            throw new IllegalArgumentException(what + " has " + count + " values, more than one Java array can hold (" + MAX_ARRAY + ")");
        return (int) count;
    }

    /** Bytes in words: {@code 512 bytes}, {@code 3.4 MB}, {@code 17.2 GB}, … (decimal units). */
    public static String format(long bytes) {
        if (bytes == Long.MAX_VALUE) return "more than 9 EB";
        if (bytes < 1000) return bytes + " bytes";
        String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
