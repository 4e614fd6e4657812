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
 * (about {@code 1e-13·|f|}); {@link Table#ratiosNear} ignores such rows.
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

    /** The result of a Taylor test. */
    public static final class Table {
        private final String name;
        private final List<Row> rows;
        private final double floor, rounding;

        Table(String name, List<Row> rows, double floor, double rounding) {
            this.name = name;
            this.rows = Collections.unmodifiableList(rows);
            this.floor = floor;
            this.rounding = rounding;
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
