package org.icnnvarpro.teach;

import static org.icnnvarpro.teach.Check.Outcome.fail;
import static org.icnnvarpro.teach.Check.Outcome.pass;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.ToDoubleBiFunction;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.flow.Density;
import org.icnnvarpro.flow.Generator;
import org.icnnvarpro.flow.GeneratorResult;
import org.icnnvarpro.model.Activation;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;

/** Self-checks of notebook 8 (the flow's density and sampling; thesis §2.1, docs/math.md §7). */
public final class FlowChecks {
    private FlowChecks() {
    }

    /** A network whose only x-dependence is the quadratic feature: {@code ∇Φ(x) = w_q x + w_x}, {@code ∇²Φ = w_q I}. */
    static Icnn quadraticOnly(double wq, double[] wx) {
        Icnn net = Icnn.zeros(2, new int[] {3}, Activation.SOFTPLUS, true);
        double[] w = net.weights();
        w[net.offsetWq()] = wq;
        w[net.offsetWx()] = wx[0];
        w[net.offsetWx() + 1] = wx[1];
        w[net.offsetWu()] = 0.3;
        return net;
    }

    /**
     * The model density {@code ρ(x) = N(∇Φ(x); 0, I)·det ∇²Φ(x)} at one point. Compared against:
     * the closed form for {@code Φ(x) = ½w_q‖x‖² + w_xᵀx + const} ({@code ρ(x) = N(w_q x + w_x; 0, I)·w_q²});
     * the integral {@code ∫ρ = 1} of that density by the trapezoid rule on a 61 × 61 grid over
     * {@code [−6, 6]²}; and the library's {@link Density} at 20 random points of two random
     * ICNNs (with and without the quadratic feature).
     */
    public static Report density(ToDoubleBiFunction<Icnn, double[]> rho) {
        Report r = new Report();
        Check.line(r, "density ρ(x)", "density(net, x)", () -> {
            double wq = 2;
            double[] wx = {0.5, -0.2};
            Icnn q = quadraticOnly(wq, wx);
            double[] x0 = {0.3, 0.1};
            double z0 = wq * x0[0] + wx[0], z1 = wq * x0[1] + wx[1];
            double want = Math.exp(-0.5 * (z0 * z0 + z1 * z1)) / (2 * Math.PI) * wq * wq;
            double got = rho.applyAsDouble(q, x0.clone());
            if (!(Math.abs(got - want) <= 1e-12 * want)) {
                String hint = Math.abs(got - want / (wq * wq)) <= 1e-12 * want ? ": the factor det ∇²Φ(x) is missing"
                        : Math.abs(got - Math.log(want)) <= 1e-12 ? ": that is log ρ; return ρ itself"
                        : Math.abs(got - want * 2 * Math.PI) <= 1e-12 * want ? ": the Gaussian's normalization 1/(2π) (d = 2) is missing" : "";
                return fail("for Φ = ½·" + Numbers.g(wq) + "‖x‖² + w_x·x at x = " + Numbers.vec(x0) + " you get " + Numbers.g(got)
                        + ", expected N(∇Φ(x); 0, I)·det ∇²Φ = " + Numbers.g(want) + hint);
            }
            int n = 61;
            double h = 12.0 / (n - 1), mass = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
                double wgt = (i == 0 || i == n - 1 ? 0.5 : 1) * (j == 0 || j == n - 1 ? 0.5 : 1);
                mass += wgt * rho.applyAsDouble(q, new double[] {-6 + i * h, -6 + j * h});
            }
            mass *= h * h;
            if (!(Math.abs(mass - 1) <= 1e-3)) return fail("∫ρ over [−6, 6]² = " + Numbers.g(mass) + " for that model, expected 1");
            double worst = 0;
            SplittableRandom rng = new SplittableRandom(13);
            for (boolean quadratic : new boolean[] {true, false}) {
                Icnn net = Icnn.builder(2).hidden(6, 6).quadratic(quadratic).seed(quadratic ? 5 : 6).build();
                double[] pts = new double[40];
                for (int i = 0; i < pts.length; i++) pts[i] = 3 * rng.nextDouble() - 1.5;
                double[] lib = new Density(net).threads(1).density(Samples.wrap(20, 2, pts));
                for (int j = 0; j < 20; j++) {
                    double[] xj = {pts[2 * j], pts[2 * j + 1]};
                    double v = rho.applyAsDouble(net, xj.clone());
                    if (!(Math.abs(v - lib[j]) <= 1e-10 * Math.max(1e-300, lib[j]))) {
                        return fail("ρ" + Numbers.vec(xj) + " = " + Numbers.g(v) + ", the library gives " + Numbers.g(lib[j])
                                + (quadratic ? "" : " (thesis model, w_q = 0)"));
                    }
                    worst = Math.max(worst, Math.abs(v - lib[j]) / lib[j]);
                }
            }
            return pass("closed form, ∫ρ = " + String.format(java.util.Locale.ROOT, "%.6f", mass)
                    + " on a grid, library at 40 points, max relative difference " + Numbers.e(worst));
        });
        return r.done();
    }

    /**
     * Sampling by Newton's method: {@code x = (∇Φ)⁻¹(z)}, the minimizer of {@code Φ(x) − zᵀx}.
     * Compared against the defining equation, {@code ‖∇Φ(x) − z‖ ≤ 1e-8·max(1, ‖z‖)} evaluated by
     * the library's {@link BatchDerivatives}, for 20 reference points {@code z ~ N(0, I)} and two
     * far ones ({@code ‖z‖ = 6}) of an ICNN with the quadratic feature (every {@code z} has one
     * preimage), and against the library's {@link Generator} ({@code |Δx| ≤ 1e-6}).
     */
    public static Report newtonInverse(BiFunction<Icnn, double[], double[]> invert) {
        Report r = new Report();
        Check.line(r, "sampling by Newton on ∇Φ(x) = z", "invert(net, z)", () -> {
            Icnn net = Icnn.builder(2).hidden(8, 8).quadratic(true).seed(4).build();
            SplittableRandom rng = new SplittableRandom(17);
            int n = 22;
            double[] z = new double[2 * n];
            for (int j = 0; j < n - 2; j++) {
                double[] g = Numbers.gaussian(rng, 2);
                z[2 * j] = g[0];
                z[2 * j + 1] = g[1];
            }
            z[2 * (n - 2)] = 6;
            z[2 * (n - 1) + 1] = -6;
            GeneratorResult ref = new Generator(net).threads(1).apply(Samples.wrap(n, 2, z));
            double worstRes = 0, worstDx = 0;
            try (BatchDerivatives e = new BatchDerivatives(1, 64)) {
                for (int j = 0; j < n; j++) {
                    double[] zj = {z[2 * j], z[2 * j + 1]};
                    double[] x = invert.apply(net, zj.clone());
                    if (x == null || x.length != 2 || !Numbers.finite(x)) {
                        return fail("for z = " + Numbers.vec(zj) + " you return " + (x == null ? "null" : Numbers.vec(x))
                                + ": Newton diverged? The step solves ∇²Φ(x) Δx = −(∇Φ(x) − z)");
                    }
                    double[] gx = e.evaluate(net, Samples.wrap(1, 2, x)).gradient;
                    double res = Math.hypot(gx[0] - zj[0], gx[1] - zj[1]);
                    if (!(res <= 1e-8 * Math.max(1, Numbers.norm(zj)))) {
                        return fail("for z = " + Numbers.vec(zj) + " your x = " + Numbers.vec(x) + " has ‖∇Φ(x) − z‖ = " + Numbers.e(res)
                                + (Math.hypot(gx[0], gx[1]) < 1e-6 ? ": you solved ∇Φ(x) = 0; the equation is ∇Φ(x) = z"
                                : ": iterate x ← x + Δx with ∇²Φ(x) Δx = −(∇Φ(x) − z) until the residual is tiny"));
                    }
                    double[] xr = ref.lastIterate(j);
                    worstRes = Math.max(worstRes, res);
                    worstDx = Math.max(worstDx, Math.hypot(x[0] - xr[0], x[1] - xr[1]));
                }
            }
            if (!(worstDx <= 1e-6)) return fail("your preimages differ from the library's generator by " + Numbers.e(worstDx));
            return pass("‖∇Φ(x) − z‖ ≤ " + Numbers.e(worstRes) + " for " + n + " reference points, library generator within " + Numbers.e(worstDx));
        });
        return r.done();
    }
}
