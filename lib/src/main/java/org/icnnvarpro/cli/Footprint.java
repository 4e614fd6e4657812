package org.icnnvarpro.cli;

import java.util.ArrayList;
import java.util.List;
import org.icnnvarpro.io.Memory;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;

/**
 * The memory a command's request needs, added up from its parts before anything is allocated,
 * and refused with one line naming the option behind the largest part and the heap's limit.
 * The sizes follow the arrays the library allocates (doubles of 8 bytes); they are estimates
 * within a small factor, enough to tell a request that fits from one that is hopeless.
 */
final class Footprint {
    private record Part(String option, long bytes) {}

    private final List<Part> parts = new ArrayList<>();

    /** Adds {@code bytes} for what {@code option} (as the user gave it, e.g. {@code "-n 1000"}) asks. */
    Footprint add(String option, long bytes) {
        parts.add(new Part(option, Math.max(0, bytes)));
        return this;
    }

    /** The total in bytes. */
    long total() {
        long t = 0;
        for (Part p : parts) t = Memory.plus(t, p.bytes);
        return t;
    }

    /** Refuses the request if it does not fit the heap; the message names the option with the largest part. */
    void check() {
        if (parts.isEmpty()) return;
        Part largest = parts.get(0);
        for (Part p : parts) if (p.bytes > largest.bytes) largest = p;
        Memory.require(largest.option, total());
    }

    // ------------------------------------------------------------------ sizes of the library's arrays

    /** {@code n} samples of dimension {@code d}. */
    static long samples(long n, int d) {
        return Memory.times(Memory.times(n, d), Double.BYTES);
    }

    /** The weights of one network. */
    static long model(int d, int[] widths) {
        return Memory.times(Icnn.parameterCount(d, widths), Double.BYTES);
    }

    /** A derivative engine's working memory ({@link BatchDerivatives#workspaceBytes}). */
    static long engine(int d, int[] widths, int threads) {
        return BatchDerivatives.workspaceBytes(d, widths, threads, BatchDerivatives.DEFAULT_CHUNK);
    }

    /** {@code Φ}, {@code ∇Φ} and {@code ∇²Φ} of {@code n} samples. */
    static long evaluation(long n, int d) {
        return Memory.times(Memory.times(n, 1L + d + (long) d * d), Double.BYTES);
    }

    /**
     * The VarPro inner problem on {@code n} samples: the features {@code f, G, H} with
     * {@code M = m_ℓ + d + 1} columns, and the problem's copies of {@code G} and of the Hessian
     * columns (twice) with four per-sample {@code T}-vectors, {@code T = d(d+1)/2}.
     */
    static long inner(long n, int d, int lastWidth) {
        long t = (long) d * (d + 1) / 2, m = (long) lastWidth + d + 1;
        long perSample = Memory.plus(Memory.times(m, 1 + 2L * d + 3 * t), 4 * t);
        return Memory.times(Memory.times(n, perSample), Double.BYTES);
    }

    /** The generator's per-sample state (iterate, residual, Hessian, step, candidates, scalars) for {@code n} samples. */
    static long generator(long n, int d) {
        return Memory.times(Memory.times(n, 8L * d + (long) d * d + 10), Double.BYTES);
    }
}
