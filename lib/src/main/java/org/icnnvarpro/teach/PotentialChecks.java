package org.icnnvarpro.teach;

import static org.icnnvarpro.teach.Check.Outcome.fail;
import static org.icnnvarpro.teach.Check.Outcome.pass;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleBiFunction;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.model.Activation;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;

/** Self-checks of notebook 1 (the ICNN and its potential; thesis §2.1, docs/math.md §1). */
public final class PotentialChecks {
    private PotentialChecks() {
    }

    /** The 41 test points −20, −19, …, 20. */
    private static double[] points() {
        double[] zs = new double[41];
        for (int i = 0; i < zs.length; i++) zs[i] = -20 + i;
        return zs;
    }

    /**
     * Softplus {@code σ(z) = log(1 + eᶻ)} and its derivatives {@code σ' = 1/(1 + e⁻ᶻ)},
     * {@code σ'' = σ'(1 − σ')}, one line each. Compared against:
     * <ul>
     *   <li>σ: the closed forms {@code σ(0) = log 2}, {@code σ(±1) = log(1 + e^{±1})}; finite values
     *       at {@code z = ±800} ({@code σ(800) = 800}, {@code 0 ≤ σ(−800) < 1e-300}), where
     *       {@code log(1 + exp(z))} overflows; the identity {@code σ(z) − σ(−z) = z} at −20, …, 20;</li>
     *   <li>σ': {@code σ'(0) = 1/2}; central differences of the exact σ at −20, …, 20; the limits 1
     *       and 0 at ±800;</li>
     *   <li>σ'': {@code σ''(0) = 1/4}; central differences of the exact σ'; symmetry {@code σ''(z) = σ''(−z)}.</li>
     * </ul>
     */
    public static Report softplus(DoubleUnaryOperator sigma, DoubleUnaryOperator sigma1, DoubleUnaryOperator sigma2) {
        Report r = new Report();
        double[] zs = points();
        Check.line(r, "softplus σ", "sigma(z)", () -> {
            for (double z : new double[] {0, 1, -1}) {
                double got = sigma.applyAsDouble(z), want = Math.log1p(Math.exp(z));
                if (!(Math.abs(got - want) <= 1e-12)) {
                    return fail("σ(" + Numbers.g(z) + ") = " + Numbers.g(got) + ", expected log(1 + e^z) = " + Numbers.g(want));
                }
            }
            double big = sigma.applyAsDouble(800), small = sigma.applyAsDouble(-800);
            if (!(Math.abs(big - 800) <= 1e-9)) {
                return fail("σ(800) = " + Numbers.g(big) + ", expected 800: log(1 + exp(z)) overflows for large z;"
                        + " write it as max(z, 0) + log1p(exp(−|z|))");
            }
            if (!(small >= 0 && small < 1e-300)) {
                return fail("σ(−800) = " + Numbers.g(small) + ", expected a tiny nonnegative number (e^−800 underflows to 0)");
            }
            for (double z : zs) {
                double d = sigma.applyAsDouble(z) - sigma.applyAsDouble(-z);
                if (!(Math.abs(d - z) <= 1e-12 * Math.max(1, Math.abs(z)))) {
                    return fail("σ(z) − σ(−z) = " + Numbers.g(d) + " at z = " + Numbers.g(z) + ", but it must equal z");
                }
            }
            return pass("known values, σ(z) − σ(−z) = z at 41 points, finite at z = ±800");
        });
        Check.line(r, "softplus σ'", "sigma1(z)", () -> {
            double at0 = sigma1.applyAsDouble(0);
            if (!(Math.abs(at0 - 0.5) <= 1e-14)) {
                return fail("σ'(0) = " + Numbers.g(at0) + ", expected 1/2 (the sigmoid at 0)");
            }
            double worst = 0;
            for (double z : zs) {
                double got = sigma1.applyAsDouble(z), fd = central(Numbers::softplus, z), err = Math.abs(got - fd);
                if (!(err <= 1e-7)) {
                    return fail("σ'(" + Numbers.g(z) + ") = " + Numbers.g(got) + ", central differences of σ give " + Numbers.g(fd)
                            + (Math.abs(got - (1 - Numbers.sigmoid(z))) < 1e-9
                            ? ": you return 1 − σ'(z); check the sign of the exponent in 1/(1 + e^−z)" : ": σ' is the sigmoid 1/(1 + e^−z)"));
                }
                worst = Math.max(worst, err);
            }
            double big = sigma1.applyAsDouble(800), small = sigma1.applyAsDouble(-800);
            if (!(Math.abs(big - 1) <= 1e-15 && small >= 0 && small < 1e-300)) {
                return fail("σ'(800) = " + Numbers.g(big) + ", σ'(−800) = " + Numbers.g(small)
                        + ", expected 1 and 0: write the sigmoid so that exp never overflows");
            }
            return pass("σ'(0) = 1/2, central differences of σ at 41 points (max error " + Numbers.e(worst) + ")");
        });
        Check.line(r, "softplus σ''", "sigma2(z)", () -> {
            double at0 = sigma2.applyAsDouble(0);
            if (!(Math.abs(at0 - 0.25) <= 1e-14)) {
                return fail("σ''(0) = " + Numbers.g(at0) + ", expected 1/4 = σ'(0)(1 − σ'(0)): check the sign in s(1 − s)");
            }
            double worst = 0;
            for (double z : zs) {
                double got = sigma2.applyAsDouble(z), fd = central(Numbers::sigmoid, z), err = Math.abs(got - fd);
                if (!(err <= 1e-7)) {
                    return fail("σ''(" + Numbers.g(z) + ") = " + Numbers.g(got) + ", central differences of σ' give " + Numbers.g(fd));
                }
                if (!(Math.abs(got - sigma2.applyAsDouble(-z)) <= 1e-15)) {
                    return fail("σ''(" + Numbers.g(z) + ") ≠ σ''(" + Numbers.g(-z) + "), but σ'' is even");
                }
                worst = Math.max(worst, err);
            }
            return pass("σ''(0) = 1/4, central differences of σ' at 41 points (max error " + Numbers.e(worst) + "), even");
        });
        return r.done();
    }

    /**
     * The potential {@code Φ(x) = w_uᵀu_ℓ(x) + w_xᵀx} (+ {@code ½w_q‖x‖²} in quadratic mode) by the
     * forward recurrence {@code z₁ = K₁x + b₁}, {@code z_i = L_i u_{i−1} + K_i x + b_i},
     * {@code u_i = σ(z_i)}, as a function {@code phi(net, x)} of one point. Compared against:
     * <ul>
     *   <li>a closed form: with all hidden weights 0 every unit is {@code σ(0) = log 2}, so
     *       {@code Φ(x) = log 2 · Σ w_u + w_xᵀx};</li>
     *   <li>the library's batched evaluation ({@link BatchDerivatives}, itself tested against an
     *       independent reference implementation) at 20 random points of a network with widths
     *       4, 3, 6 and random biases (layers of different widths, so that a transposed {@code L}
     *       cannot go unnoticed), and at 20 points of {@code net}.</li>
     * </ul>
     */
    public static Report potential(ToDoubleBiFunction<Icnn, double[]> phi, Icnn net) {
        Report r = new Report();
        Check.line(r, "potential Φ(x)", "phiByHand(net, x)", () -> {
            Icnn zero = Icnn.zeros(2, new int[] {3, 5}, Activation.SOFTPLUS, false);
            double[] wt = zero.weights();
            double sumWu = 0;
            for (int k = 0; k < 5; k++) {
                wt[zero.offsetWu() + k] = 0.1 * (k + 1);
                sumWu += 0.1 * (k + 1);
            }
            wt[zero.offsetWx()] = 0.7;
            wt[zero.offsetWx() + 1] = -0.4;
            double got0 = phi.applyAsDouble(zero, new double[] {0.3, -1.2});
            double want0 = Math.log(2) * sumWu + 0.7 * 0.3 - 0.4 * -1.2;
            if (!(Math.abs(got0 - want0) <= 1e-12)) {
                return fail("with all hidden weights 0 (every unit is σ(0) = log 2) you get " + Numbers.g(got0)
                        + ", expected log 2 · Σ w_u + w_x·x = " + Numbers.g(want0)
                        + (Math.abs(got0 - Math.log(2) * sumWu) < 1e-12 ? ": the term w_x·x is missing" : ""));
            }
            Icnn rnd = Icnn.builder(2).hidden(4, 3, 6).quadratic(false).seed(11).build();
            SplittableRandom rng = new SplittableRandom(5);
            double[] rw = rnd.weights();
            for (int i = 0; i < rnd.depth(); i++) for (int k = 0; k < rnd.width(i); k++) rw[rnd.offsetB(i) + k] = rng.nextDouble() - 0.5;
            for (int k = 0; k < 2; k++) rw[rnd.offsetWx() + k] = rng.nextDouble() - 0.5;
            double worst = 0;
            for (Icnn n : new Icnn[] {rnd, net}) {
                double[] pts = new double[40];
                for (int i = 0; i < pts.length; i++) pts[i] = 4 * rng.nextDouble() - 2;
                double[] lib;
                try (BatchDerivatives e = new BatchDerivatives(1, 64)) {
                    lib = e.evaluate(n, Samples.wrap(20, 2, pts)).potential;
                }
                for (int j = 0; j < 20; j++) {
                    double[] xj = {pts[2 * j], pts[2 * j + 1]};
                    double got = phi.applyAsDouble(n, xj.clone()), err = Math.abs(got - lib[j]);
                    if (!(err <= 1e-10 * Math.max(1, Math.abs(lib[j])))) {
                        return fail("Φ" + Numbers.vec(xj) + " = " + Numbers.g(got) + ", the library gives " + Numbers.g(lib[j])
                                + " (widths " + Arrays.toString(n.widths()) + "): check the biases, that unit k of layer i"
                                + " adds L_i[k][j]·u[j] over the previous layer's units j, and K_i x");
                    }
                    worst = Math.max(worst, err);
                }
            }
            return pass("closed form with zero hidden weights; library at 40 points of two networks, max difference " + Numbers.e(worst));
        });
        return r.done();
    }

    /** Central difference with step 1e-5 (truncation ~1e-11, rounding ~1e-10 for these functions). */
    static double central(DoubleUnaryOperator f, double z) {
        double h = 1e-5;
        return (f.applyAsDouble(z + h) - f.applyAsDouble(z - h)) / (2 * h);
    }
}
