package org.icnnvarpro.optim;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** Objectives with known minimizers for the optimizer tests. */
final class TestFunctions {
    private TestFunctions() {}

    /**
     * {@code f(x) = ½ xᵀAx − bᵀx}, gradient {@code Ax − b}, minimizer {@code x* = A⁻¹b}.
     *
     * <p>Evaluated either as written ("expanded": rounding error ≈ 1e-16·|f(x*)|, which caps the
     * accuracy any f-comparing line search can reach at about 1e-8·‖x*‖) or "shifted" as
     * {@code ½ (x − x*)ᵀA(x − x*)}, the same function minus the constant {@code f(x*)}, whose rounding
     * error shrinks with {@code f − f(x*)} so that convergence can be tested to 1e-8 and beyond.
     */
    static final class Quadratic implements Objective {
        final double[][] a;
        final double[] b;
        final double[] xStar;
        final boolean shifted;
        private final double[] r;

        private Quadratic(double[][] a, double[] b, boolean shifted) {
            this.a = a;
            this.b = b;
            this.shifted = shifted;
            this.xStar = solve(a, b);
            this.r = new double[b.length];
        }

        /** Random SPD {@code A = MᵀM/n + I/2} (so λ_min(A) ≥ ½) and {@code b ~ N(0, I)} from {@code seed}. */
        static Quadratic random(int n, long seed, boolean shifted) {
            Random rnd = new Random(seed);
            double[][] m = new double[n][n];
            for (double[] row : m) for (int j = 0; j < n; j++) row[j] = rnd.nextGaussian();
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) s += m[k][i] * m[k][j];
                    a[i][j] = s / n + (i == j ? 0.5 : 0);
                }
            }
            double[] b = new double[n];
            for (int i = 0; i < n; i++) b[i] = rnd.nextGaussian();
            return new Quadratic(a, b, shifted);
        }

        /** {@code A⁻¹b} by EJML's dense LU solver (independent of the optimizers). */
        private static double[] solve(double[][] a, double[] b) {
            int n = b.length;
            DMatrixRMaj am = new DMatrixRMaj(a);
            DMatrixRMaj bm = new DMatrixRMaj(n, 1, true, b);
            DMatrixRMaj xm = new DMatrixRMaj(n, 1);
            if (!CommonOps_DDRM.solve(am, bm, xm)) throw new AssertionError("singular test matrix");
            return xm.getData().clone();
        }

        double[] minimizer() { return xStar.clone(); }

        @Override public int dimension() { return b.length; }

        @Override public double valueAndGradient(double[] x, double[] grad) {
            int n = b.length;
            if (shifted) {
                for (int i = 0; i < n; i++) r[i] = x[i] - xStar[i];
                double f = 0;
                for (int i = 0; i < n; i++) {
                    double ar = 0;
                    for (int j = 0; j < n; j++) ar += a[i][j] * r[j];
                    grad[i] = ar;                      // A(x − x*) = Ax − b
                    f += 0.5 * r[i] * ar;
                }
                return f;
            }
            double f = 0;
            for (int i = 0; i < n; i++) {
                double ax = 0;
                for (int j = 0; j < n; j++) ax += a[i][j] * x[j];
                grad[i] = ax - b[i];
                f += 0.5 * x[i] * ax - b[i] * x[i];
            }
            return f;
        }
    }

    /** Chained Rosenbrock {@code Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)²}, minimizer (1, …, 1). */
    static final class Rosenbrock implements Objective {
        final int n;

        Rosenbrock(int n) { this.n = n; }

        @Override public int dimension() { return n; }

        @Override public double valueAndGradient(double[] x, double[] grad) {
            double f = 0;
            java.util.Arrays.fill(grad, 0);
            for (int i = 0; i + 1 < n; i++) {
                double u = x[i + 1] - x[i] * x[i];
                double v = 1 - x[i];
                f += 100 * u * u + v * v;
                grad[i] += -400 * x[i] * u - 2 * v;
                grad[i + 1] += 200 * u;
            }
            return f;
        }
    }

    /**
     * {@code Σ log cosh(x_i − c_i)}, minimizer {@code c}; NaN (value and gradient) wherever
     * {@code ‖x − c‖_∞ > radius}. Far from {@code c} the function is almost linear, so secant
     * (L-BFGS) steps overshoot into the NaN region.
     */
    static final class LogCoshWithNanWall implements Objective {
        final double[] c;
        final double radius;
        int nanEvaluations;

        LogCoshWithNanWall(double[] c, double radius) {
            this.c = c;
            this.radius = radius;
        }

        @Override public int dimension() { return c.length; }

        @Override public double valueAndGradient(double[] x, double[] grad) {
            double f = 0;
            boolean outside = false;
            for (int i = 0; i < c.length; i++) {
                double z = x[i] - c[i];
                if (Math.abs(z) > radius) outside = true;
                double az = Math.abs(z);
                f += az + Math.log1p(Math.exp(-2 * az)) - Math.log(2);   // stable log cosh
                grad[i] = Math.tanh(z);
            }
            if (outside) {
                nanEvaluations++;
                java.util.Arrays.fill(grad, Double.NaN);
                return Double.NaN;
            }
            return f;
        }
    }

    /** Counts evaluations of a wrapped objective and optionally records every point. */
    static final class Counting implements Objective {
        final Objective inner;
        long count;

        Counting(Objective inner) { this.inner = inner; }

        @Override public int dimension() { return inner.dimension(); }

        @Override public double valueAndGradient(double[] x, double[] grad) {
            count++;
            return inner.valueAndGradient(x, grad);
        }
    }

    static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static double[] filled(int n, double v) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, v);
        return x;
    }
}
