package org.icnnvarpro.plot;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Regular 2-D grids for heat maps and contour plots. Values are stored as {@code v[iy][ix]}, i.e.
 * row {@code iy} belongs to {@code ys[iy]} and column {@code ix} to {@code xs[ix]}.
 */
public final class Grid {
    private Grid() {}

    /** {@code n} evenly spaced values from {@code a} to {@code b} inclusive ({@code n ≥ 2}). */
    public static double[] linspace(double a, double b, int n) {
        if (n < 2) throw new IllegalArgumentException("need n >= 2, got " + n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = a + (b - a) * i / (n - 1);
        v[n - 1] = b;
        return v;
    }

    /** {@code n} logarithmically spaced values from {@code a} to {@code b} inclusive ({@code 0 < a}, {@code n ≥ 2}). */
    public static double[] logspace(double a, double b, int n) {
        if (!(a > 0 && b > 0)) throw new IllegalArgumentException("logspace needs positive ends, got " + a + ", " + b);
        double[] v = linspace(Math.log(a), Math.log(b), n);
        for (int i = 0; i < n; i++) v[i] = Math.exp(v[i]);
        v[0] = a;
        v[n - 1] = b;
        return v;
    }

    /** {@code f} at every grid point: {@code v[iy][ix] = f({xs[ix], ys[iy]})}. The point array is reused between calls. */
    public static double[][] evaluate(double[] xs, double[] ys, ToDoubleFunction<double[]> f) {
        double[][] v = new double[ys.length][xs.length];
        double[] p = new double[2];
        for (int iy = 0; iy < ys.length; iy++) {
            for (int ix = 0; ix < xs.length; ix++) {
                p[0] = xs[ix];
                p[1] = ys[iy];
                v[iy][ix] = f.applyAsDouble(p);
            }
        }
        return v;
    }

    /**
     * A vector field at every grid point: returns {@code {u, v}} with {@code u[iy][ix], v[iy][ix]}
     * the first two components of {@code f({xs[ix], ys[iy]})}.
     */
    public static double[][][] evaluateField(double[] xs, double[] ys, Function<double[], double[]> f) {
        double[][] u = new double[ys.length][xs.length];
        double[][] w = new double[ys.length][xs.length];
        for (int iy = 0; iy < ys.length; iy++) {
            for (int ix = 0; ix < xs.length; ix++) {
                double[] g = f.apply(new double[] {xs[ix], ys[iy]});
                u[iy][ix] = g[0];
                w[iy][ix] = g[1];
            }
        }
        return new double[][][] {u, w};
    }

    /** Minimum and maximum of the finite values, {@code {min, max}} ({@code {NaN, NaN}} if none). */
    public static double[] finiteRange(double[][] v) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] row : v) for (double a : row) if (Double.isFinite(a)) { lo = Math.min(lo, a); hi = Math.max(hi, a); }
        return lo > hi ? new double[] {Double.NaN, Double.NaN} : new double[] {lo, hi};
    }

    /** Checks that {@code v} is {@code ys.length × xs.length} and both axes strictly increase. */
    static void check(double[] xs, double[] ys, double[][] v) {
        if (xs.length < 2 || ys.length < 2) throw new IllegalArgumentException("grid needs at least 2 points per axis");
        for (int i = 1; i < xs.length; i++) if (!(xs[i] > xs[i - 1])) throw new IllegalArgumentException("xs must increase strictly");
        for (int i = 1; i < ys.length; i++) if (!(ys[i] > ys[i - 1])) throw new IllegalArgumentException("ys must increase strictly");
        if (v.length != ys.length) throw new IllegalArgumentException("values has " + v.length + " rows, expected ys.length = " + ys.length);
        for (double[] row : v)
            if (row.length != xs.length) throw new IllegalArgumentException("values row has " + row.length + " entries, expected xs.length = " + xs.length);
    }
}
