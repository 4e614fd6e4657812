package org.icnnvarpro.data;

import java.util.Arrays;

/**
 * An immutable batch of {@code n} samples in {@code R^d}, stored row-major in one array:
 * sample {@code j}, coordinate {@code a} is {@code x[j*d + a]}.
 *
 * <p>This is the layout every kernel of the library reads, so passing a {@code Samples} to the
 * model costs no copy.
 */
public final class Samples {
    private final int n;
    private final int d;
    private final double[] x;

    private Samples(int n, int d, double[] x) {
        this.n = n;
        this.d = d;
        this.x = x;
    }

    /** Wraps a row-major array of {@code n*d} values (not copied: do not modify it afterwards). */
    public static Samples wrap(int n, int d, double[] rowMajor) {
        if (n < 0 || d <= 0) throw new IllegalArgumentException("need n >= 0 and d > 0, got n=" + n + ", d=" + d);
        if (rowMajor.length != (long) n * d)
            throw new IllegalArgumentException("expected " + n + "*" + d + " values, got " + rowMajor.length);
        for (int i = 0; i < rowMajor.length; i++) {
            if (!Double.isFinite(rowMajor[i]))
                throw new IllegalArgumentException("sample " + (i / d) + ", coordinate " + (i % d) + " is " + rowMajor[i]);
        }
        return new Samples(n, d, rowMajor);
    }

    /** Copies an {@code n × d} array of rows; every row must have the same length. */
    public static Samples of(double[][] rows) {
        if (rows.length == 0) throw new IllegalArgumentException("no samples");
        int d = rows[0].length;
        double[] x = new double[rows.length * d];
        for (int j = 0; j < rows.length; j++) {
            if (rows[j].length != d)
                throw new IllegalArgumentException("row " + j + " has " + rows[j].length + " values, expected " + d);
            System.arraycopy(rows[j], 0, x, j * d, d);
        }
        return wrap(rows.length, d, x);
    }

    /** Number of samples. */
    public int size() { return n; }

    /** Dimension of each sample. */
    public int dim() { return d; }

    /** Coordinate {@code a} of sample {@code j}. */
    public double get(int j, int a) { return x[j * d + a]; }

    /** A copy of sample {@code j}. */
    public double[] row(int j) { return Arrays.copyOfRange(x, j * d, (j + 1) * d); }

    /** The backing row-major array (read only by convention; not copied). */
    public double[] data() { return x; }

    /** The samples with the given indices, in that order. */
    public Samples select(int[] indices) {
        double[] y = new double[indices.length * d];
        for (int i = 0; i < indices.length; i++) System.arraycopy(x, indices[i] * d, y, i * d, d);
        return new Samples(indices.length, d, y);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive). */
    public Samples range(int from, int to) {
        if (from < 0 || to > n || from > to) throw new IndexOutOfBoundsException("range " + from + ".." + to + " of " + n);
        return new Samples(to - from, d, Arrays.copyOfRange(x, from * d, to * d));
    }

    /** A copy as an {@code n × d} array of rows. */
    public double[][] toArray() {
        double[][] r = new double[n][];
        for (int j = 0; j < n; j++) r[j] = row(j);
        return r;
    }

    /** Column {@code a} of all samples (useful for plotting). */
    public double[] column(int a) {
        double[] c = new double[n];
        for (int j = 0; j < n; j++) c[j] = x[j * d + a];
        return c;
    }

    @Override
    public String toString() { return "Samples[n=" + n + ", d=" + d + "]"; }
}
