package org.icnnvarpro.teach;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/** Small numeric helpers of the self-checks. */
final class Numbers {
    private Numbers() {
    }

    static String e(double v) {
        return String.format(Locale.ROOT, "%.1e", v);
    }

    static String g(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String vec(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(", ");
            if (i == 6 && v.length > 8) {
                sb.append("…");
                break;
            }
            sb.append(g(v[i]));
        }
        return sb.append(')').toString();
    }

    /** {@code max_i |a_i − b_i|}; infinite if a length differs or an entry is not finite. */
    static double maxDiff(double[] a, double[] b) {
        if (a == null || b == null || a.length != b.length) return Double.POSITIVE_INFINITY;
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            if (!(d <= Double.MAX_VALUE)) return Double.POSITIVE_INFINITY;
            m = Math.max(m, d);
        }
        return m;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static boolean finite(double[] a) {
        return a != null && Arrays.stream(a).allMatch(Double::isFinite);
    }

    static double[] flatten(double[][] m) {
        int n = 0;
        for (double[] r : m) n += r.length;
        double[] out = new double[n];
        int k = 0;
        for (double[] r : m) for (double v : r) out[k++] = v;
        return out;
    }

    static double[] gaussian(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = r.nextDouble(), u2 = r.nextDouble();
            v[i] = Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
        }
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** Softplus, its first and second derivative, written independently of the library's kernels. */
    static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** The shape of a matrix as "r×c", or "ragged". */
    static String shape(double[][] m) {
        if (m == null) return "null";
        if (m.length == 0) return "0×0";
        for (double[] r : m) if (r == null || r.length != m[0].length) return m.length + " rows of different lengths";
        return m.length + "×" + m[0].length;
    }
}
