package org.icnnvarpro.experiment;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A paired comparison of two schemes over the same seeds (same data, same initial network): the
 * differences {@code δ_k = a_k − b_k}, their mean {@code δ̄}, sample standard deviation {@code s},
 * and the two-sided Student-t confidence interval
 *
 * <pre>
 *   δ̄ ± t_{(1+level)/2, n−1} · s/√n
 * </pre>
 *
 * For a loss (lower is better), an interval entirely below 0 says {@code a} is better than
 * {@code b} at that confidence; one containing 0 says the runs cannot tell them apart.
 *
 * @param n      number of pairs
 * @param mean   {@code δ̄}
 * @param std    {@code s} ({@code NaN} for a single pair: no spread)
 * @param level  confidence level, e.g. 0.95
 * @param lower  lower end of the interval ({@code −∞} for a single pair)
 * @param upper  upper end of the interval ({@code +∞} for a single pair)
 * @param below  number of pairs with {@code δ_k < 0}
 */
public record PairedComparison(int n, double mean, double std, double level, double lower, double upper, int below) {

    /** The 95 % comparison of {@code a − b}, pair by pair ({@code a[k]} with {@code b[k]}). */
    public static PairedComparison of(double[] a, double[] b) {
        return of(a, b, 0.95);
    }

    /** The comparison of {@code a − b} at confidence {@code level}; non-finite values are not allowed (a failed run has no loss). */
    public static PairedComparison of(double[] a, double[] b, double level) {
        if (a.length != b.length) throw new IllegalArgumentException("paired samples need the same length, got " + a.length + " and " + b.length);
        if (a.length == 0) throw new IllegalArgumentException("no pairs");
        int n = a.length, below = 0;
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            d[k] = a[k] - b[k];
            if (!Double.isFinite(d[k])) throw new IllegalArgumentException("pair " + k + " has a non-finite difference: " + a[k] + " − " + b[k]);
            if (d[k] < 0) below++;
        }
        ThesisNumbers.MeanStd m = ThesisNumbers.MeanStd.of(d);
        double mean = m.mean(), std = m.std();
        if (n == 1) return new PairedComparison(1, mean, std, level, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, below);
        double half = StudentT.twoSidedQuantile(level, n - 1) * std / Math.sqrt(n);
        return new PairedComparison(n, mean, std, level, mean - half, mean + half, below);
    }

    /**
     * The 95 % comparison of {@code f(x) − f(y)} for the runs {@code x} of {@code a} and {@code y} of
     * {@code b} with the same seed; seeds only one side has are left out.
     */
    public static <T> PairedComparison bySeed(List<T> a, List<T> b, ToLongFunction<T> seed, ToDoubleFunction<T> f) {
        Map<Long, T> other = new HashMap<>();
        for (T r : b) other.put(seed.applyAsLong(r), r);
        double[] x = new double[a.size()], y = new double[a.size()];
        int n = 0;
        for (T r : a) {
            T o = other.get(seed.applyAsLong(r));
            if (o == null) continue;
            x[n] = f.applyAsDouble(r);
            y[n++] = f.applyAsDouble(o);
        }
        return of(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }

    /** Whether the whole interval lies below 0 ({@code a} lower than {@code b} at this confidence). */
    public boolean significantlyBelowZero() { return upper < 0; }

    /** Whether the whole interval lies above 0. */
    public boolean significantlyAboveZero() { return lower > 0; }

    /** E.g. {@code −0.052 [−0.081, −0.023], 9 of 10 below 0}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f], %d of %d below 0", mean, lower, upper, below, n);
    }
}
