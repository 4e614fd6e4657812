package org.icnnvarpro.separable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.icnnvarpro.optim.Lbfgs;
import org.icnnvarpro.optim.Objective;

/**
 * Fitting an {@link ExponentialSum} to data {@code (t_i, y_i)} by least squares, as the full
 * problem and as the reduced problem of variable projection (thesis §2.2, docs/math.md §9):
 *
 * <pre>
 *   full:     J(λ, c)  = ½‖A(λ)c − y‖²,         ∇_c J = A(λ)ᵀr,   ∂J/∂λ_k = c_k (∂A_{:,k}/∂λ_k)ᵀ r,   r = A(λ)c − y
 *   inner:    c(λ)     = argmin_c ½‖A(λ)c − y‖²   (linear least squares, QR)
 *   reduced:  J_red(λ) = J(λ, c(λ)),           ∇J_red(λ) = ∂J/∂λ (λ, c(λ))   (∇_c J = 0 at c(λ))
 * </pre>
 *
 * Both are {@link Objective}s for the same optimizer; {@link #compare} runs L-BFGS on each from the
 * same start and records the objective per iteration (the analogue of the thesis's Figure 2.1).
 */
public final class SeparableLeastSquares {
    private final ExponentialSum model;
    private final double[] t, y;

    /** The fit of {@code model} to {@code y} at times {@code t} (copied). */
    public SeparableLeastSquares(ExponentialSum model, double[] t, double[] y) {
        if (t.length != y.length) throw new IllegalArgumentException(t.length + " times but " + y.length + " values");
        if (t.length < model.terms()) {
            throw new IllegalArgumentException(t.length + " data points cannot determine " + model.terms() + " amplitudes");
        }
        this.model = model;
        this.t = t.clone();
        this.y = y.clone();
    }

    public ExponentialSum model() {
        return model;
    }

    /** The inner solve: {@code c(λ)}, the least-squares amplitudes for fixed rates (Householder QR). */
    public double[] linearFit(double[] lambda) {
        return linearFit(lambda, model.basis(lambda, t));
    }

    /** {@code c(λ)} from {@code A = A(λ)}, which is left as it is. */
    private double[] linearFit(double[] lambda, DMatrixRMaj A) {
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(t.length, model.terms());
        if (!solver.setA(solver.modifiesA() ? A.copy() : A)) {
            throw new IllegalArgumentException("A(λ) has no full column rank at λ = " + Arrays.toString(lambda) + " (two equal rates?)");
        }
        DMatrixRMaj c = new DMatrixRMaj(model.terms(), 1);
        solver.solve(new DMatrixRMaj(t.length, 1, true, y), c);
        return c.getData().clone();
    }

    /** {@code J(λ, c) = ½‖A(λ)c − y‖²}. */
    public double full(double[] lambda, double[] c) {
        double[] r = residual(lambda, c);
        return 0.5 * dot(r, r);
    }

    /** {@code J_red(λ) = J(λ, c(λ))}. */
    public double reduced(double[] lambda) {
        return full(lambda, linearFit(lambda));
    }

    /** {@code J_red(λ)}, with {@code ∇J_red(λ)} written into {@code grad} (length {@code p}). */
    public double reducedGradient(double[] lambda, double[] grad) {
        DMatrixRMaj A = model.basis(lambda, t);   // once: the inner solve, the residual and ∂A/∂λ all use it
        double[] c = linearFit(lambda, A);
        double[] r = residual(A, c);
        for (int k = 0; k < model.terms(); k++) grad[k] = c[k] * columnDerivativeDot(A, k, r);
        return 0.5 * dot(r, r);
    }

    /** The full problem over {@code θ = (λ, c)} (length {@code 2p}, rates first). */
    public Objective fullObjective() {
        int p = model.terms();
        return new Objective() {
            @Override
            public int dimension() {
                return 2 * p;
            }

            @Override
            public double valueAndGradient(double[] theta, double[] grad) {
                double[] lambda = Arrays.copyOf(theta, p), c = Arrays.copyOfRange(theta, p, 2 * p);
                if (!finite(lambda)) return Double.POSITIVE_INFINITY;
                DMatrixRMaj A = model.basis(lambda, t);   // once: the residual, ∂A/∂λ and Aᵀr all use it
                double[] r = residual(A, c);
                for (int k = 0; k < p; k++) {
                    grad[k] = c[k] * columnDerivativeDot(A, k, r);
                    double s = 0;
                    for (int i = 0; i < t.length; i++) s += A.unsafe_get(i, k) * r[i];
                    grad[p + k] = s;
                }
                return 0.5 * dot(r, r);
            }
        };
    }

    /** The reduced problem over {@code λ} (the inner solve inside every evaluation). */
    public Objective reducedObjective() {
        int p = model.terms();
        return new Objective() {
            @Override
            public int dimension() {
                return p;
            }

            @Override
            public double valueAndGradient(double[] lambda, double[] grad) {
                if (!finite(lambda)) return Double.POSITIVE_INFINITY;
                try {
                    return reducedGradient(lambda, grad);
                } catch (IllegalArgumentException e) {
                    return Double.POSITIVE_INFINITY;   // a rank-deficient trial point: the line search backs off
                }
            }
        };
    }

    /**
     * One optimizer run: the objective after each iteration ({@code values[0]} at the start),
     * iterations, objective evaluations (line-search trials included), why it stopped, and the final
     * rates and amplitudes.
     */
    public record Run(String name, double[] values, int iterations, long evaluations, Lbfgs.Status status,
                      double[] lambda, double[] c) {
        /** The first iteration whose objective is at most {@code level}, or −1 if none. */
        public int iterationsTo(double level) {
            for (int k = 0; k < values.length; k++) if (values[k] <= level) return k;
            return -1;
        }

        /** The final objective. */
        public double value() {
            return values[values.length - 1];
        }
    }

    /** The full and the reduced run of {@link #compare}. */
    public record Comparison(Run full, Run reduced) {}

    /**
     * Runs {@code optimizer} on the full problem from {@code (λ₀, c(λ₀))} and on the reduced problem
     * from {@code λ₀}, each for at most {@code maxIterations} iterations: both start at the same
     * objective value, so the difference is how the coupling of {@code λ} and {@code c} is handled.
     */
    public Comparison compare(double[] lambda0, Lbfgs optimizer, int maxIterations) {
        int p = model.terms();
        double[] c0 = linearFit(lambda0);
        double[] theta0 = new double[2 * p];
        System.arraycopy(lambda0, 0, theta0, 0, p);
        System.arraycopy(c0, 0, theta0, p, p);
        Lbfgs.Run full = optimizer.start(fullObjective(), theta0);
        List<Double> fv = trace(full, maxIterations);
        double[] theta = full.x();
        Run fullRun = new Run("full", unbox(fv), full.iterations(), full.evaluations(), status(full, maxIterations),
                Arrays.copyOf(theta, p), Arrays.copyOfRange(theta, p, 2 * p));
        Lbfgs.Run red = optimizer.start(reducedObjective(), lambda0);
        List<Double> rv = trace(red, maxIterations);
        Run redRun = new Run("reduced (VarPro)", unbox(rv), red.iterations(), red.evaluations(), status(red, maxIterations),
                red.x(), linearFit(red.x()));
        return new Comparison(fullRun, redRun);
    }

    private static List<Double> trace(Lbfgs.Run run, int maxIterations) {
        List<Double> v = new ArrayList<>();
        v.add(run.value());
        while (!run.status().isTerminal() && run.iterations() < maxIterations) {
            run.step();
            v.add(run.value());
        }
        return v;
    }

    private static Lbfgs.Status status(Lbfgs.Run run, int maxIterations) {
        return run.status().isTerminal() ? run.status() : Lbfgs.Status.MAX_ITERATIONS;
    }

    private double[] residual(double[] lambda, double[] c) {
        double[] r = model.values(lambda, c, t);
        for (int i = 0; i < r.length; i++) r[i] -= y[i];
        return r;
    }

    /** {@code r = A c − y} for {@code A = A(λ)}: the same sums, in the same order, as {@link ExponentialSum#values}. */
    private double[] residual(DMatrixRMaj A, double[] c) {
        double[] r = new double[t.length];
        for (int i = 0; i < r.length; i++) {
            for (int k = 0; k < c.length; k++) r[i] += c[k] * A.unsafe_get(i, k);
            r[i] -= y[i];
        }
        return r;
    }

    /**
     * {@code (∂A_{:,k}/∂λ_k)ᵀ r = Σ_i (−t_i A_{ik}) r_i}: {@link ExponentialSum#columnDerivative} from
     * the entries of {@code A} instead of new exponentials.
     */
    private double columnDerivativeDot(DMatrixRMaj A, int k, double[] r) {
        double s = 0;
        for (int i = 0; i < r.length; i++) s += -t[i] * A.unsafe_get(i, k) * r[i];
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static boolean finite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }

    private static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
