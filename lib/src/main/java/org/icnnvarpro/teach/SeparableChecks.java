package org.icnnvarpro.teach;

import static org.icnnvarpro.teach.Check.Outcome.fail;
import static org.icnnvarpro.teach.Check.Outcome.pass;

import java.util.SplittableRandom;
import org.icnnvarpro.check.TaylorCheck;
import org.icnnvarpro.separable.ExponentialSum;
import org.icnnvarpro.separable.SeparableLeastSquares;

/**
 * Self-checks of the primer, notebook 4: variable projection on the separable least-squares fit of
 * {@code y(t) ≈ Σ_k c_k e^{−λ_k t}} (thesis §2.2, docs/math.md §9). The student writes functions of
 * {@code (λ, t, y)} for a sum of {@code λ.length} exponentials.
 */
public final class SeparableChecks {
    private SeparableChecks() {
    }

    /** A student's {@code J_red(λ)} for data {@code (t, y)}. */
    @FunctionalInterface
    public interface Reduced {
        double apply(double[] lambda, double[] t, double[] y);
    }

    /** A student's {@code ∇J_red(λ)} for data {@code (t, y)}. */
    @FunctionalInterface
    public interface ReducedGradient {
        double[] apply(double[] lambda, double[] t, double[] y);
    }

    /** Test data: three exponentials at 40 times in [0, 4], with noise 1e-2 (so that J_red > 0 away from the truth). */
    private static final double[] LAMBDA = {0.4, 1.5, 5}, C = {1, -0.5, 0.8};

    private static double[] times() {
        return ExponentialSum.times(40, 4);
    }

    /**
     * The reduced functional {@code J_red(λ) = ½‖A(λ)c(λ) − y‖²} with {@code c(λ)} the linear
     * least-squares fit. Compared against: the closed form {@code J_red(λ*) = 0} for noiseless data
     * made with {@code λ*}; the minimizing property {@code J_red(λ) ≤ ½‖A(λ)c − y‖²} for random
     * {@code c} (computed by the check from the basis); and the library's
     * {@link SeparableLeastSquares#reduced} (QR least squares) at 5 random {@code λ}.
     */
    public static Report reducedFunctional(Reduced f) {
        Report r = new Report();
        Check.line(r, "reduced functional J_red(λ)", "reducedFunctional(lambda, t, y)", () -> {
            ExponentialSum m = new ExponentialSum(3);
            double[] t = times(), exact = m.values(LAMBDA, C, t);
            double at = f.apply(LAMBDA.clone(), t.clone(), exact.clone());
            if (!(Math.abs(at) <= 1e-20)) {
                return fail("for noiseless data made with λ* = " + Numbers.vec(LAMBDA) + " you get J_red(λ*) = " + Numbers.g(at)
                        + ", expected 0 (the fit is exact): is c(λ) the least-squares solution of A(λ)c ≈ y?");
            }
            double[] y = m.sample(LAMBDA, C, t, 1e-2, 7);
            SeparableLeastSquares ls = new SeparableLeastSquares(m, t, y);
            SplittableRandom rng = new SplittableRandom(8);
            double worst = 0;
            for (int k = 0; k < 5; k++) {
                double[] lam = {0.1 + rng.nextDouble(), 1 + 2 * rng.nextDouble(), 3 + 4 * rng.nextDouble()};
                double got = f.apply(lam.clone(), t.clone(), y.clone()), want = ls.reduced(lam);
                for (int q = 0; q < 5; q++) {
                    double[] c = Numbers.gaussian(rng, 3);
                    if (!(got <= ls.full(lam, c) * (1 + 1e-12))) {
                        return fail("J_red(λ) = " + Numbers.g(got) + " is above ½‖A(λ)c − y‖² = " + Numbers.g(ls.full(lam, c))
                                + " for another c: c(λ) must minimize over c (solve the least-squares problem, not Aᵀy)");
                    }
                }
                if (!(Math.abs(got - want) <= 1e-9 * Math.max(1e-12, want))) {
                    return fail("J_red" + Numbers.vec(lam) + " = " + Numbers.g(got) + ", the library gives " + Numbers.g(want)
                            + (Math.abs(got - 2 * want) <= 1e-9 * want ? ": you are missing the factor ½" : ""));
                }
                worst = Math.max(worst, Math.abs(got - want) / want);
            }
            return pass("0 at the true rates; minimal over c; library at 5 random λ, max relative difference " + Numbers.e(worst));
        });
        return r.done();
    }

    /**
     * The reduced gradient {@code ∇J_red(λ)_k = c_k(λ) (∂A_{:,k}/∂λ_k)ᵀ r}, {@code r = A(λ)c(λ) − y},
     * {@code ∂A_{ik}/∂λ_k = −t_i e^{−λ_k t_i}}. Compared against: Taylor ratios of the library's
     * {@code J_red} at three random {@code λ} along random directions; the library's
     * {@link SeparableLeastSquares#reducedGradient}.
     */
    public static Report reducedGradient(ReducedGradient f) {
        Report r = new Report();
        Check.line(r, "reduced gradient ∇J_red(λ)", "reducedGradient(lambda, t, y)", () -> {
            ExponentialSum m = new ExponentialSum(3);
            double[] t = times(), y = m.sample(LAMBDA, C, t, 1e-2, 7);
            SeparableLeastSquares ls = new SeparableLeastSquares(m, t, y);
            SplittableRandom rng = new SplittableRandom(9);
            double worst = 0;
            for (int k = 0; k < 3; k++) {
                double[] lam = {0.1 + rng.nextDouble(), 1 + 2 * rng.nextDouble(), 3 + 4 * rng.nextDouble()};
                double[] g = f.apply(lam.clone(), t.clone(), y.clone());
                if (g == null || g.length != 3) {
                    return fail("returns " + (g == null ? "null" : g.length + " entries") + ", expected one per rate (3)");
                }
                double[] dir = Numbers.gaussian(rng, 3);
                TaylorCheck.Verdict v = Taylor.verdict(p -> new double[] {ls.reduced(p)}, lam, dir, new double[] {Numbers.dot(g, dir)});
                String pb = Taylor.problem(v, " at λ = " + Numbers.vec(lam),
                        "check the sign of the residual r = A c − y, the factor c_k, and ∂e^{−λt}/∂λ = −t e^{−λt}");
                if (pb != null) return fail(pb);
                double[] lib = new double[3];
                ls.reducedGradient(lam, lib);
                worst = Math.max(worst, Numbers.maxDiff(g, lib) / Math.max(1e-12, Numbers.maxAbs(lib)));
            }
            if (!(worst <= 1e-6)) return fail("Taylor ratios are right but the gradient differs from the library's by " + Numbers.e(worst) + " (relative)");
            return pass("Taylor ratios ≈ 4 of the library's J_red at 3 random λ; library gradient, max relative difference " + Numbers.e(worst));
        });
        return r.done();
    }
}
