package org.icnnvarpro.teach;

import static org.icnnvarpro.teach.Check.Outcome.fail;
import static org.icnnvarpro.teach.Check.Outcome.pass;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.icnnvarpro.check.TaylorCheck;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.inner.BarrierNewton;
import org.icnnvarpro.inner.InnerProblem;
import org.icnnvarpro.inner.InnerResult;
import org.icnnvarpro.inner.ReducedObjective;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;

/**
 * Self-checks of the inner problem of variable projection (notebook 5: its gradient and Hessian,
 * a centering step of Algorithm 1, the duality-gap rule) and of the reduced objective (notebook 6).
 * Thesis §3.1–3.2, Algorithms 1 and 2; docs/math.md §5.
 *
 * <p>The checks build their own small problems (an ICNN with hidden widths 6, 5 on 48 moons
 * samples, random biases; {@code P = 7} variables), independent of the notebook's parameters.
 */
public final class InnerChecks {
    private InnerChecks() {
    }

    /** A student's {@code ∇J(w)} (length {@code P}) of the inner problem. */
    @FunctionalInterface
    public interface Gradient {
        double[] apply(InnerData p, double[] w);
    }

    /** A student's {@code ∇²J(w)} ({@code P × P}) of the inner problem. */
    @FunctionalInterface
    public interface Hessian {
        double[][] apply(InnerData p, double[] w);
    }

    /**
     * A student's Newton direction {@code Δw = −∇²J_t(w)⁻¹∇J_t(w)} of the barrier function
     * {@code J_t = J − (1/t) Σ_{k∈C} log w_k}, from {@code g = ∇J(w)} and {@code H = ∇²J(w)}.
     */
    @FunctionalInterface
    public interface NewtonStep {
        double[] apply(double[] g, double[][] H, double[] w, boolean[] constrained, double t);
    }

    /** A student's number of centering rounds of Algorithm 1. */
    @FunctionalInterface
    public interface Rounds {
        int apply(double t0, double c, int constraints, double epsGap);
    }

    /** A student's reduced objective {@code J_red(μ̂)} with its gradient over the raw hidden parameters written into {@code grad}. */
    @FunctionalInterface
    public interface Reduced {
        double apply(Icnn net, Samples batch, double[] mu, double[] grad);
    }

    /** The check's inner problem and a strictly feasible point. */
    private record Case(InnerData data, double[] w) {
        static Case make(long seed) {
            Icnn net = Icnn.builder(2).hidden(6, 5).quadratic(false).seed(seed).build();
            SplittableRandom r = new SplittableRandom(seed + 1);
            double[] wt = net.weights();
            for (int i = 0; i < net.depth(); i++) for (int k = 0; k < net.width(i); k++) wt[net.offsetB(i) + k] = r.nextDouble() - 0.5;
            InnerData data = InnerData.of(net, Datasets.moons(48, 0.05, seed + 2));
            double[] w = new double[data.size()];
            for (int k = 0; k < w.length; k++) w[k] = data.constrained(k) ? 0.05 + 0.2 * r.nextDouble() : r.nextDouble() - 0.5;
            return new Case(data, w);
        }

        /** A direction that keeps constrained entries feasible for every step of a Taylor test. */
        double[] direction(long seed) {
            double[] d = TaylorCheck.randomDirection(w.length, seed);
            for (int k = 0; k < d.length; k++) if (data.constrained(k)) d[k] = Math.abs(d[k]) * 0.1;
            return d;
        }
    }

    /**
     * {@code ∇J(w)_k = (1/N) Σ_j [(G_jᵀG_j w)_k − tr(S_j⁻¹ H_j^k)]}. Compared against Taylor ratios of
     * the library's {@code J} ({@link InnerProblem#value}, an independent evaluation of the loss) at
     * two random feasible points, and the library's gradient.
     */
    public static Report gradient(Gradient f) {
        Report r = new Report();
        Check.line(r, "inner gradient ∇_w J", "gradJ(p, w)", () -> {
            double worst = 0;
            for (long seed : new long[] {1, 2}) {
                Case c = Case.make(seed);
                InnerProblem prob = c.data.problem();
                double[] g = f.apply(c.data, c.w.clone());
                if (g == null || g.length != c.w.length) {
                    return fail("returns " + (g == null ? "null" : g.length + " entries") + ", expected P = " + c.w.length + " (one per variable)");
                }
                double[] dir = c.direction(seed + 10);
                TaylorCheck.Verdict v = Taylor.verdict(p -> new double[] {prob.value(p)}, c.w, dir, new double[] {Numbers.dot(g, dir)});
                String pb = Taylor.problem(v, "", "check the sign of the trace term −tr(S_j⁻¹H_j^k), the factor 1/N, and G_jᵀG_j w (P × P)");
                if (pb != null) return fail(pb);
                double[] lib = new double[g.length];
                prob.valueGradient(c.w, lib);
                worst = Math.max(worst, Numbers.maxDiff(g, lib) / Math.max(1, Numbers.maxAbs(lib)));
            }
            if (!(worst <= 1e-8)) return fail("Taylor ratios are right but your gradient differs from the library's by " + Numbers.e(worst));
            return pass("Taylor ratios ≈ 4 of the library's J at 2 random feasible points; library gradient, max difference " + Numbers.e(worst));
        });
        return r.done();
    }

    /**
     * {@code ∇²J(w)_kl = (1/N) Σ_j [(G_jᵀG_j)_kl + tr(S_j⁻¹H_j^k S_j⁻¹H_j^l)]}. Compared against Taylor
     * ratios of the library's gradient at two random feasible points, symmetry, positive
     * semi-definiteness of {@code vᵀHv} along the test directions, and the library's Hessian.
     */
    public static Report hessian(Hessian f) {
        Report r = new Report();
        Check.line(r, "inner Hessian ∇²_w J", "hessJ(p, w)", () -> {
            double worst = 0;
            for (long seed : new long[] {3, 4}) {
                Case c = Case.make(seed);
                InnerProblem prob = c.data.problem();
                int P = c.w.length;
                double[][] H = f.apply(c.data, c.w.clone());
                if (!(P + "×" + P).equals(Numbers.shape(H))) {
                    return fail("has shape " + Numbers.shape(H) + ", expected " + P + "×" + P + " (P × P)");
                }
                for (int i = 0; i < P; i++) for (int j = 0; j < i; j++) {
                    if (!(Math.abs(H[i][j] - H[j][i]) <= 1e-10 * (1 + Math.abs(H[i][j])))) {
                        return fail("is not symmetric at (" + i + ", " + j + ")");
                    }
                }
                double[] dir = c.direction(seed + 10), Hd = new double[P];
                for (int i = 0; i < P; i++) for (int j = 0; j < P; j++) Hd[i] += H[i][j] * dir[j];
                if (!(Numbers.dot(dir, Hd) >= 0)) {
                    return fail("dᵀHd = " + Numbers.g(Numbers.dot(dir, Hd)) + " < 0, but J is convex: check the sign of the trace term");
                }
                TaylorCheck.Verdict v = Taylor.verdict(p -> {
                    double[] g = new double[P];
                    prob.valueGradient(p, g);
                    return g;
                }, c.w, dir, Hd);
                String pb = Taylor.problem(v, "", "the trace term is +tr(S_j⁻¹H_j^k S_j⁻¹H_j^l) (from −log det), and the Gram part (1/N) Σ G_jᵀG_j");
                if (pb != null) return fail(pb);
                double[] lib = new double[P * P], g = new double[P];
                prob.valueGradientHessian(c.w, g, lib);
                worst = Math.max(worst, Numbers.maxDiff(Numbers.flatten(H), lib) / Math.max(1, Numbers.maxAbs(lib)));
            }
            if (!(worst <= 1e-8)) return fail("Taylor ratios are right but your Hessian differs from the library's by " + Numbers.e(worst));
            return pass("Taylor ratios ≈ 4 of the library's gradient at 2 random points, symmetric, library Hessian, max difference " + Numbers.e(worst));
        });
        return r.done();
    }

    /**
     * One centering step of Algorithm 1: the Newton direction of {@code J_t}, with
     * {@code ∇J_t = ∇J − (1/t)[1/w_k]_{k∈C}} and {@code ∇²J_t = ∇²J + (1/t) diag(1/w_k²)_{k∈C}}. Compared
     * against: the check's own solution of that system (EJML) at three random instances; then the
     * step is plugged into the library's barrier solver
     * ({@link BarrierNewton#withCenteringStep}), which must reach the same {@code J} as the
     * built-in solver ({@code |ΔJ| ≤ 1e-7}) and converge.
     */
    public static Report centeringStep(NewtonStep step) {
        Report r = new Report();
        Check.line(r, "centering step of Algorithm 1", "newtonStep(g, H, w, constrained, t)", () -> {
            SplittableRandom rng = new SplittableRandom(31);
            for (int trial = 0; trial < 3; trial++) {
                int P = 5;
                double[][] B = new double[P][];
                for (int i = 0; i < P; i++) B[i] = Numbers.gaussian(rng, P);
                double[][] H = new double[P][P];
                for (int i = 0; i < P; i++) for (int j = 0; j < P; j++) for (int k = 0; k < P; k++) H[i][j] += B[k][i] * B[k][j];
                double[] g = Numbers.gaussian(rng, P), w = new double[P];
                boolean[] cons = {true, true, true, false, false};
                for (int i = 0; i < P; i++) w[i] = cons[i] ? 0.1 + rng.nextDouble() : rng.nextDouble() - 0.5;
                double t = Math.pow(10, trial);
                double[] want = barrierNewtonDirection(g, H, w, cons, t);
                double[][] Hc = new double[P][];
                for (int i = 0; i < P; i++) Hc[i] = H[i].clone();
                double[] got = step.apply(g.clone(), Hc, w.clone(), cons.clone(), t);
                double d = Numbers.maxDiff(got, want);
                if (!(d <= 1e-9 * Math.max(1, Numbers.maxAbs(want)))) {
                    double[] plain = barrierNewtonDirection(g, H, w, new boolean[P], t);
                    String hint = Numbers.maxDiff(got, plain) <= 1e-9 * Math.max(1, Numbers.maxAbs(plain))
                            ? ": you solved the Newton system of J, without the barrier terms"
                            : Numbers.maxDiff(got, neg(want)) <= 1e-9 * Math.max(1, Numbers.maxAbs(want))
                            ? ": the sign (Δw solves ∇²J_t Δw = −∇J_t)"
                            : ": ∇J_t adds −1/(t w_k) and ∇²J_t adds 1/(t w_k²) on the diagonal, for constrained k only";
                    return fail("at t = " + Numbers.g(t) + " your step " + (got == null ? "null" : Numbers.vec(got)) + " differs from "
                            + Numbers.vec(want) + hint);
                }
            }
            Case c = Case.make(5);
            InnerProblem prob = c.data.problem();
            double[] start = prob.toFull(c.w);
            BarrierNewton builtIn = new BarrierNewton(BarrierNewton.Options.defaults().withWarmStart(false));
            InnerResult ref = builtIn.solve(prob, start);
            InnerResult mine = builtIn.withCenteringStep((grad, hess, w, cons, t, dir) -> {
                int P = w.length;
                double[][] H = new double[P][P];
                for (int i = 0; i < P; i++) System.arraycopy(hess, i * P, H[i], 0, P);
                double[] d = step.apply(grad.clone(), H, w.clone(), cons.clone(), t);
                System.arraycopy(d, 0, dir, 0, P);
            }).solve(prob, start);
            if (!mine.converged() || !(Math.abs(mine.loss() - ref.loss()) <= 1e-7 * Math.max(1, Math.abs(ref.loss())))) {
                return fail("plugged into the barrier solver, your step ends at J = " + Numbers.g(mine.loss()) + " after "
                        + mine.newtonSteps() + " Newton steps (converged: " + mine.converged() + "); the built-in step reaches "
                        + Numbers.g(ref.loss()) + " in " + ref.newtonSteps());
            }
            return pass("3 random Newton systems; in the barrier solver J = " + Numbers.g(mine.loss()) + " in " + mine.newtonSteps()
                    + " Newton steps, as the built-in step (" + ref.newtonSteps() + ")");
        });
        return r.done();
    }

    /**
     * The duality-gap stopping rule: Algorithm 1 with {@code t = t₀, c t₀, c² t₀, …} stops after the
     * centering at the first {@code t} with {@code |C|/t < ε₁}; the number of centering rounds.
     * Compared against hand-computed cases ({@code t₀ = 1, c = 10, |C| = 32, ε₁ = 1e-6}: 9 rounds;
     * {@code t₀ = 100}: 7; {@code c = 2}: 26; {@code |C| = 10}: 9, as {@code 10/10⁷} equals
     * {@code 1e-6} and does not stop) and the library's barrier solver from a cold start (its
     * reported centering rounds) at three settings.
     */
    public static Report barrierRounds(Rounds f) {
        Report r = new Report();
        Check.line(r, "duality-gap rule (rounds of Algorithm 1)", "rounds(t0, c, constraints, epsGap)", () -> {
            double[][] known = {{1, 10, 32, 1e-6, 9}, {100, 10, 32, 1e-6, 7}, {1, 2, 32, 1e-6, 26}, {1, 10, 10, 1e-6, 9}};
            for (double[] k : known) {
                int got = f.apply(k[0], k[1], (int) k[2], k[3]);
                if (got != (int) k[4]) {
                    boolean boundary = k[2] == 10;
                    return fail("t0 = " + Numbers.g(k[0]) + ", c = " + Numbers.g(k[1]) + ", |C| = " + (int) k[2] + ", ε₁ = " + Numbers.g(k[3])
                            + ": you say " + got + " rounds, Algorithm 1 takes " + (int) k[4]
                            + (boundary ? ": stop only when |C|/t < ε₁ strictly (at t = 1e7, |C|/t = ε₁ exactly)"
                            : got == (int) k[4] - 1 ? ": the round at t0 counts too (rounds, not increases of t)"
                            : ": count t0, c·t0, c²·t0, … until |C|/t < ε₁"));
                }
            }
            Case c = Case.make(6);
            InnerProblem prob = c.data.problem();
            double[][] settings = {{1, 10, 1e-6}, {10, 4, 1e-5}, {0.1, 30, 1e-7}};
            for (double[] s : settings) {
                InnerResult res = new BarrierNewton(BarrierNewton.Options.defaults().withT0(s[0]).withC(s[1])
                        .withTolerances(s[2], 1e-9).withWarmStart(false)).solve(prob, prob.toFull(c.w));
                int got = f.apply(s[0], s[1], prob.constraintCount(), s[2]);
                if (got != res.outerSteps()) {
                    return fail("t0 = " + Numbers.g(s[0]) + ", c = " + Numbers.g(s[1]) + ", |C| = " + prob.constraintCount() + ", ε₁ = "
                            + Numbers.g(s[2]) + ": you say " + got + " rounds, the barrier solver took " + res.outerSteps());
                }
            }
            return pass("4 hand-computed cases and 3 runs of the barrier solver");
        });
        return r.done();
    }

    /**
     * The reduced objective of VarPro over the raw hidden parameters (Algorithm 2, step 4):
     * set {@code μ̂}, solve the inner problem for {@code w(μ)} with {@link BarrierNewton}'s defaults
     * from the network's current last layer, and return {@code J(μ, w(μ))} with
     * {@code ∇_μ̂ J(μ, w(μ))}. Compared against the library's {@link ReducedObjective} (same solver)
     * at three points ({@code |ΔJ| ≤ 1e-6}, gradients to 1e-4 relative: both are accurate to the
     * inner tolerance), and by Taylor ratios of your own objective along a random direction.
     */
    public static Report reducedObjective(Reduced f) {
        Report r = new Report();
        Check.line(r, "reduced objective J_red(μ)", "reducedObjective(net, batch, mu, grad)", () -> {
            Icnn net = Icnn.builder(2).hidden(8, 8).quadratic(false).seed(7).build();
            Samples batch = Datasets.moons(96, 0.05, 8);
            Icnn mineNet = net.copy(), libNet = net.copy();
            ReducedObjective lib = new ReducedObjective(libNet, batch, new BarrierNewton(), new BatchDerivatives(1, 64));
            double[] mu0 = net.hiddenRaw();
            double[] dir = TaylorCheck.randomDirection(mu0.length, 12);
            double worstJ = 0, worstG = 0;
            for (int k = 0; k < 3; k++) {
                double[] mu = mu0.clone();
                for (int i = 0; i < mu.length; i++) mu[i] += 0.05 * k * dir[i];
                double[] g = new double[mu.length], gl = new double[mu.length];
                double j = f.apply(mineNet, batch, mu.clone(), g), jl = lib.valueAndGradient(mu, gl);
                double dj = Math.abs(j - jl), dg = Numbers.maxDiff(g, gl) / Math.max(1e-12, Numbers.maxAbs(gl));
                if (!(dj <= 1e-6)) {
                    return fail("J_red = " + Numbers.g(j) + " at point " + (k + 1) + ", the library gives " + Numbers.g(jl)
                            + ": set the hidden weights (net.setHiddenRaw(mu)), solve the inner problem, put w(μ) into the network, then evaluate J");
                }
                if (!(dg <= 1e-4)) {
                    return fail("the gradient at point " + (k + 1) + " differs from the library's by " + Numbers.e(dg)
                            + " (relative): ∇ over the raw hidden parameters is the effective gradient's hidden part times sigmoid(raw) where L ≥ 0");
                }
                worstJ = Math.max(worstJ, dj);
                worstG = Math.max(worstG, dg);
            }
            double[] g0 = new double[mu0.length];
            Icnn tNet = net.copy();
            f.apply(tNet, batch, mu0.clone(), g0);
            double[] scratch = new double[mu0.length];
            TaylorCheck.Verdict v = Taylor.verdict(p -> new double[] {f.apply(tNet, batch, p.clone(), scratch)}, mu0, dir,
                    new double[] {Numbers.dot(g0, dir)});
            String pb = Taylor.problem(v, "", "the gradient must be that of the value you return");
            if (pb != null) return fail(pb);
            return pass("library's ReducedObjective at 3 points (|ΔJ| ≤ " + Numbers.e(worstJ) + ", gradient " + Numbers.e(worstG)
                    + " relative); Taylor ratios " + Taylor.ratios(v) + " ≈ 4");
        });
        return r.done();
    }

    /** The Newton direction of {@code J_t}, solved by EJML (the check's own truth). */
    static double[] barrierNewtonDirection(double[] g, double[][] H, double[] w, boolean[] cons, double t) {
        int P = g.length;
        DMatrixRMaj A = new DMatrixRMaj(P, P), b = new DMatrixRMaj(P, 1), x = new DMatrixRMaj(P, 1);
        for (int i = 0; i < P; i++) {
            for (int j = 0; j < P; j++) A.set(i, j, H[i][j]);
            double gi = g[i];
            if (cons[i]) {
                A.add(i, i, 1 / (t * w[i] * w[i]));
                gi -= 1 / (t * w[i]);
            }
            b.set(i, 0, -gi);
        }
        if (!CommonOps_DDRM.solve(A, b, x)) throw new IllegalStateException("singular test system");
        return x.getData().clone();
    }

    private static double[] neg(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] = -out[i];
        return out;
    }
}
