package org.icnnvarpro.faults;

import java.nio.file.Path;
import org.icnnvarpro.io.AtomicFile;

/**
 * A process to kill: writes {@code target} through the library's one writer, again and again,
 * with one of {@code k} contents in turn (each {@code bytes} long, content {@code i} made by
 * {@link #content}); prints {@code ready} once the first write is done. With a count, stops after
 * that many writes.
 */
public final class WriterLoop {
    private WriterLoop() {}

    /** Content {@code i} of {@code n} bytes: distinct for every {@code i}, the same in every process. */
    static byte[] content(int i, int n) {
        byte[] b = new byte[n];
        long s = 0x9E3779B97F4A7C15L * (i + 1);
        for (int k = 0; k < n; k++) {
            s ^= s << 13;
            s ^= s >>> 7;
            s ^= s << 17;
            b[k] = (byte) s;
        }
        return b;
    }

    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        int first = Integer.parseInt(args[1]), k = Integer.parseInt(args[2]), bytes = Integer.parseInt(args[3]);
        long count = args.length > 4 ? Long.parseLong(args[4]) : Long.MAX_VALUE;
        byte[][] contents = new byte[k][];
        for (int i = 0; i < k; i++) contents[i] = content(first + i, bytes + 4096 * i);
        for (long w = 0; w < count; w++) {
            byte[] c = contents[(int) (w % k)];
            // in pieces, as the real writers do
            AtomicFile.write(target, out -> {
                for (int off = 0; off < c.length; off += 8192) out.write(c, off, Math.min(8192, c.length - off));
            });
            if (w == 0) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }
}
