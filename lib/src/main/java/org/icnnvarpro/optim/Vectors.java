package org.icnnvarpro.optim;

/** Small dense-vector kernels shared by the optimizers (package-private). */
final class Vectors {
    private Vectors() {}

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm2(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double normInf(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double norm1(double[] a) {
        double s = 0;
        for (double v : a) s += Math.abs(v);
        return s;
    }

    /** Index of the first non-finite entry, or -1 if all entries are finite. */
    static int firstNonFinite(double[] a) {
        for (int i = 0; i < a.length; i++) if (!Double.isFinite(a[i])) return i;
        return -1;
    }

    static void requireLength(String what, double[] a, int n) {
        if (a == null) throw new IllegalArgumentException(what + " is null");
        if (a.length != n)
            throw new IllegalArgumentException(what + " has length " + a.length + ", expected " + n);
    }
}
