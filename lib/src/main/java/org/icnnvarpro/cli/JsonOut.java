package org.icnnvarpro.cli;

/** Small helpers to write numeric JSON exactly ({@link Double#toString} round-trips). */
final class JsonOut {
    private JsonOut() {}

    static String num(double v) {
        if (!Double.isFinite(v)) throw new IllegalStateException("refusing to write non-finite number " + v + " to JSON");
        return Double.toString(v);
    }

    /** {@code [v0, v1, …]} of {@code v[off .. off+n)}. */
    static void vector(StringBuilder sb, double[] v, int off, int n) {
        sb.append('[');
        for (int k = 0; k < n; k++) {
            if (k > 0) sb.append(',');
            sb.append(num(v[off + k]));
        }
        sb.append(']');
    }
}
