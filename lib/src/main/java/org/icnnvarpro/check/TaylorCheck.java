package org.icnnvarpro.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The Taylor-remainder test of a derivative (thesis Table 3.1). For {@code f: Rⁿ → Rᵐ}, a point
 * {@code θ}, a direction {@code Δ} and the claimed directional derivative {@code D = f'(θ)Δ}:
 *
 * <pre>
 *   E₀(h) = ‖f(θ + hΔ) − f(θ)‖              falls like h
 *   E₁(h) = ‖f(θ + hΔ) − f(θ) − h D‖        falls like h² iff D is right
 * </pre>
 *
 * <p>Halving {@code h} divides {@code E₁} by about 4 when the derivative is correct (by 2 when it
 * is wrong). The table stops being meaningful when {@code E₁} reaches rounding level
 * (about {@code 1e-13·|f|}); {@link Table#ratiosNear} ignores such rows, and {@link Table#verdict()}
 * judges the last run of consecutive ratios near 4 or near 2, wherever noise begins.
 */
public final class TaylorCheck {
    private TaylorCheck() {}

    /**
     * Runs the test at {@code h = h0, h0/2, …} ({@code steps} values).
     *
     * @param name     what is checked (printed as the table's title)
     * @param f        the function
     * @param theta    the point
     * @param delta    the direction
     * @param claimed  the claimed directional derivative {@code f'(θ)Δ}
     */
    public static Table run(String name, Function<double[], double[]> f, double[] theta, double[] delta, double[] claimed,
                            double h0, int steps) {
        return run(name, f, theta, delta, claimed, h0, steps, 0.0);
    }

    /**
     * As {@link #run(String, Function, double[], double[], double[], double, int)} for a function
     * known only to within {@code noise} (for example one that solves an inner problem to a
     * tolerance): rows with {@code E₁ < 100·noise} are not used by {@link Table#ratiosNear}.
     */
    public static Table run(String name, Function<double[], double[]> f, double[] theta, double[] delta, double[] claimed,
                            double h0, int steps, double noise) {
        if (theta.length != delta.length) throw new IllegalArgumentException("point has " + theta.length + " entries, direction " + delta.length);
        double[] f0 = f.apply(theta);
        if (f0.length != claimed.length) throw new IllegalArgumentException("f has " + f0.length + " outputs, derivative " + claimed.length);
        double scale = 0;
        for (double v : f0) scale = Math.max(scale, Math.abs(v));
        List<Row> rows = new ArrayList<>();
        double h = h0;
        double[] p = new double[theta.length];
        for (int s = 0; s < steps; s++, h /= 2) {
            for (int i = 0; i < p.length; i++) p[i] = theta[i] + h * delta[i];
            double[] fh = f.apply(p);
            double e0 = 0, e1 = 0;
            for (int i = 0; i < f0.length; i++) {
                double diff = fh[i] - f0[i];
                e0 += diff * diff;
                double r = diff - h * claimed[i];
                e1 += r * r;
            }
            e0 = Math.sqrt(e0);
            e1 = Math.sqrt(e1);
            double ratio = rows.isEmpty() ? Double.NaN : rows.get(rows.size() - 1).e1 / e1;
            rows.add(new Row(h, e0, e1, ratio));
        }
        double rounding = 1e-11 * Math.max(1.0, scale);
        return new Table(name, rows, Math.max(rounding, 100 * noise), rounding);
    }

    /** A seeded random direction with independent N(0,1) entries, scaled to unit Euclidean norm. */
    public static double[] randomDirection(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            double u1 = r.nextDouble(), u2 = r.nextDouble();
            v[i] = Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
            s += v[i] * v[i];
        }
        s = Math.sqrt(s);
        for (int i = 0; i < n; i++) v[i] /= s;
        return v;
    }

    /** One line of the table: step {@code h}, zeroth- and first-order errors, ratio to the previous line's {@code E₁}. */
    public record Row(double h, double e0, double e1, double ratio) {}

    /** How {@code E₁} falls with {@code h}, as judged by {@link Table#verdict()}. */
    public enum Order {
        /** {@code E₁} is at rounding level for every {@code h}: {@code f} is linear along {@code Δ} and the derivative exact. */
        EXACT,
        /** Ratios near 4: {@code E₁ = O(h²)}, the derivative is right. */
        SECOND,
        /** Ratios near 2: {@code E₁ = O(h)}, the claimed derivative is off by a first-order term. */
        FIRST,
        /** {@code E₁} does not shrink (ratios near 1): {@code f} jumps or is noisy at these steps. */
        NONE,
        /** Too few ratios above the noise level, or ratios that fit none of the above. */
        INCONCLUSIVE
    }

    /**
     * The verdict of a Taylor test (see {@link Table#verdict()}).
     *
     * @param order     the judged order
     * @param ratios    the deciding ratios {@code E₁(2h)/E₁(h)}, largest {@code h} first: the last
     *                  {@value #WINDOW} of the deciding run; all ratios when nothing decided; empty
     *                  for {@link Order#EXACT}
     * @param hLargest  the largest {@code h} of the rows those ratios compare (NaN if none)
     * @param hSmallest the smallest such {@code h} (NaN if none)
     */
    public record Verdict(Order order, double[] ratios, double hLargest, double hSmallest) {
        /** Whether the test confirms the derivative ({@link Order#SECOND} or {@link Order#EXACT}). */
        public boolean confirmed() {
            return order == Order.SECOND || order == Order.EXACT;
        }

        /** The smallest of {@link #ratios()} (NaN if none). */
        public double min() {
            return java.util.Arrays.stream(ratios).min().orElse(Double.NaN);
        }

        /** The largest of {@link #ratios()} (NaN if none). */
        public double max() {
            return java.util.Arrays.stream(ratios).max().orElse(Double.NaN);
        }

        /** One line, e.g. {@code ratios 3.98, 4.00, 4.00 at h = 6.3e-02 … 7.8e-03: second order (the derivative is right)}. */
        @Override
        public String toString() {
            String what = switch (order) {
                case EXACT -> "exact (E1 at rounding level for every h: f is linear along the direction)";
                case SECOND -> "second order (the derivative is right)";
                case FIRST -> "first order (the derivative is off by a first-order term)";
                case NONE -> "E1 does not shrink (f jumps or is noise at these steps)";
                case INCONCLUSIVE -> "inconclusive (no " + WINDOW + " consecutive ratios near 4 or near 2)";
            };
            if (ratios.length == 0) return what;
            StringBuilder r = new StringBuilder();
            for (double v : ratios) r.append(r.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.2f", v));
            return String.format(java.util.Locale.ROOT, "ratios %s at h = %.1e … %.1e: %s", r, hLargest, hSmallest, what);
        }
    }

    /** Consecutive ratios of one kind needed for a verdict (and shown by it). */
    static final int WINDOW = 3;
    /** {@code E₁} varying by less than this factor over the whole table does not shrink. */
    static final double PLATEAU = 10;
    /** Half-width of the bands around 4 (second order) and 2 (first order). */
    static final double BAND = 0.5;

    /** The result of a Taylor test. */
    public static final class Table {
        private final String name;
        private final List<Row> rows;
        private final double floor;
        private final double rounding;

        Table(String name, List<Row> rows, double floor, double rounding) {
            this.name = name;
            this.rows = Collections.unmodifiableList(rows);
            this.floor = floor;
            this.rounding = rounding;
        }

        /**
         * Judges the table from the asymptotic end, where Taylor's theorem speaks. Each ratio
         * {@code E₁(2h)/E₁(h)} (of rows above rounding level, {@code 1e-11·max(1, |f|)}) is second
         * order if within {@code 4 ± 0.5}, first order if within {@code 2 ± 0.5}, else neither. The
         * last run of at least {@value #WINDOW} consecutive ratios of one kind decides (the verdict
         * shows its last {@value #WINDOW}): at large steps the ratios may not be asymptotic yet, and
         * once {@code E₁} reaches noise (rounding, or an inner solver's tolerance) they wander, so
         * neither end alone can be trusted, but noise does not produce {@value #WINDOW} consecutive
         * ratios of 4 (a fall by 64), and a smooth approach to a noise level produces at most one
         * ratio near 2. A first-order error shows as a run of 2s at the small steps even when the
         * large steps looked right. Without such a run: ratios all below 1.5, or {@code E₁} varying
         * by less than a factor 10 over the table, mean {@code E₁} does not shrink; otherwise the
         * test is inconclusive. {@code E₁} at rounding level on every row while {@code E₀} is not
         * means the derivative is exact ({@code f} linear along {@code Δ}).
         *
         * <p>Unlike {@link #ratiosNear}, the verdict needs neither a step range fixed in advance (a
         * pre-asymptotic ratio at a moderate {@code h} does not fail it) nor an a-priori noise
         * bound (a solver far more accurate than its stated tolerance is judged by what it achieved).
         */
        public Verdict verdict() {
            int n = rows.size();
            double minE1 = Double.POSITIVE_INFINITY, maxE1 = 0, maxE0 = 0;
            for (Row r : rows) {
                minE1 = Math.min(minE1, r.e1);
                maxE1 = Math.max(maxE1, r.e1);
                maxE0 = Math.max(maxE0, r.e0);
            }
            if (n > 0 && maxE1 <= rounding && maxE0 > rounding) {
                return new Verdict(Order.EXACT, new double[0], Double.NaN, Double.NaN);
            }
            // classes of the ratios: 4 second order, 2 first order, 0 neither (or below rounding)
            int[] kind = new int[n];
            for (int i = 1; i < n; i++) {
                Row r = rows.get(i);
                boolean above = r.e1 > rounding && rows.get(i - 1).e1 > rounding;
                kind[i] = !above ? 0 : Math.abs(r.ratio - 4) <= BAND ? 4 : Math.abs(r.ratio - 2) <= BAND ? 2 : 0;
            }
            for (int end = n - 1; end >= WINDOW; end--) {
                if (kind[end] == 0) continue;
                int start = end;
                while (start > 1 && kind[start - 1] == kind[end]) start--;
                if (end - start + 1 >= WINDOW) {
                    double[] ratios = new double[WINDOW];
                    for (int k = 0; k < WINDOW; k++) ratios[k] = rows.get(end - WINDOW + 1 + k).ratio;
                    return new Verdict(kind[end] == 4 ? Order.SECOND : Order.FIRST, ratios,
                            rows.get(end - WINDOW).h, rows.get(end).h);
                }
                end = start;
            }
            double[] all = rows.stream().skip(1).mapToDouble(Row::ratio).toArray();
            double hFirst = n > 0 ? rows.get(0).h : Double.NaN, hLast = n > 0 ? rows.get(n - 1).h : Double.NaN;
            boolean noShrink = n > 1 && maxE1 > rounding
                    && (maxE1 < PLATEAU * minE1 || java.util.Arrays.stream(all).allMatch(r -> r < 2 - BAND));
            return new Verdict(noShrink ? Order.NONE : Order.INCONCLUSIVE, all, hFirst, hLast);
        }

        /** Errors below this are rounding or solver noise and are not used to judge the ratios. */
        public double noiseFloor() { return floor; }

        public String name() { return name; }

        public List<Row> rows() { return rows; }

        /**
         * Whether every ratio {@code E₁(2h)/E₁(h)} lies in {@code [target − tol, target + tol]},
         * skipping rows whose error is below the {@link #noiseFloor()} (rounding level
         * {@code 1e-11·max(1, |f|)}, or 100 × the function's stated noise). At least two ratios
         * must be checked for this to be true.
         */
        public boolean ratiosNear(double target, double tol) {
            return ratiosNear(target, tol, Double.POSITIVE_INFINITY);
        }

        /**
         * As {@link #ratiosNear(double, double)}, looking only at rows with {@code h ≤ hMax} (large
         * steps are outside the asymptotic range where the remainder is dominated by {@code h²}).
         */
        public boolean ratiosNear(double target, double tol, double hMax) {
            int checked = 0;
            for (int i = 1; i < rows.size(); i++) {
                Row r = rows.get(i);
                if (r.h > hMax) continue;
                if (r.e1 < floor || rows.get(i - 1).e1 < floor) continue;
                if (Math.abs(r.ratio - target) > tol) return false;
                checked++;
            }
            return checked >= 2;
        }

        /**
         * Whether the ratios settle at {@code target} as {@code h} shrinks: the last {@code count}
         * ratios {@code E₁(2h)/E₁(h)} (smallest {@code h} first) among rows with {@code h ≤ hMax}
         * whose errors are both above the {@linkplain #observedFloor() observed noise floor} must lie
         * within {@code tol} of {@code target}; at least two must be checked. Unlike
         * {@link #ratiosNear(double, double, double)} this judges the asymptotic end of the table,
         * where a correct derivative's ratio tends to 4 ({@code E₁ = C₂h² + C₃h³ + …} gives
         * {@code 4(1 + C₃h/(2C₂) + …)}, which can be far from 4 at moderate {@code h} when
         * {@code C₂} is small) and a wrong one's to 2.
         */
        public boolean finalRatiosNear(double target, double tol, int count, double hMax) {
            double f = observedFloor();
            int checked = 0;
            for (int i = rows.size() - 1; i >= 1 && checked < count; i--) {
                Row r = rows.get(i);
                if (r.h > hMax) break;
                if (r.e1 < f || rows.get(i - 1).e1 < f) continue;
                if (Math.abs(r.ratio - target) > tol) return false;
                checked++;
            }
            return checked >= 2;
        }

        /**
         * The noise floor as the table shows it: the {@link #noiseFloor()} stated for the function
         * (e.g. 100 × an inner solver's tolerance), lowered to 30 × the largest {@code E₁} of the
         * last three rows where that is smaller, but not below rounding level. At the smallest
         * {@code h} the error is noise (or, if the table ends above its noise, no more than these
         * rows), so the rows above this level fall as the derivative says. A function solved from
         * the same start to the same tolerance at every point (the reduced objective) errs by
         * nearly the same amount everywhere, far less than the tolerance: its plateau shows it.
         */
        public double observedFloor() {
            int n = rows.size();
            if (n < 3) return floor;
            double level = Math.max(rows.get(n - 1).e1, Math.max(rows.get(n - 2).e1, rows.get(n - 3).e1));
            return Math.min(floor, Math.max(rounding, 30 * level));
        }

        /** The ratios that are above rounding level, as used by {@link #ratiosNear}. */
        public double[] meaningfulRatios() {
            return rows.stream().skip(1).filter(r -> r.e1 >= floor).mapToDouble(Row::ratio).toArray();
        }

        /** The table in the thesis's format (h, E₀, E₁, ratio). */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(name).append('\n');
            sb.append(String.format("%10s  %12s  %12s  %8s%n", "h", "E0 (O(h))", "E1 (O(h^2))", "ratio"));
            for (Row r : rows) {
                sb.append(String.format("%10.2e  %12.2e  %12.2e  %8s%n", r.h, r.e0, r.e1,
                        Double.isNaN(r.ratio) ? "-" : String.format("%.2f", r.ratio)));
            }
            return sb.toString();
        }
    }
}
