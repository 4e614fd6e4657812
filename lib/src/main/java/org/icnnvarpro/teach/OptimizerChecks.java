package org.icnnvarpro.teach;

import static org.icnnvarpro.teach.Check.Outcome.fail;
import static org.icnnvarpro.teach.Check.Outcome.pass;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.icnnvarpro.check.TaylorCheck;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.optim.Adam;

/**
 * Self-checks of the optimizers' pieces: the Adam update and the raw-parameter chain rule
 * (notebook 3), the L-BFGS two-loop recursion (notebook 6). Thesis §3.2 and chapter 4,
 * docs/math.md §4 and §6.
 */
public final class OptimizerChecks {
    private OptimizerChecks() {
    }

    /** A student's Adam update of {@code x} in place, step {@code k = 1, 2, …}, moments {@code m}, {@code v} updated in place. */
    @FunctionalInterface
    public interface AdamStep {
        void step(double[] x, double[] g, double[] m, double[] v, int k);
    }

    /** A student's {@code ∂J/∂raw} from {@code ∂J/∂(effective weights)}, with {@code w = softplus(raw)} where {@code nonnegative[k]}. */
    @FunctionalInterface
    public interface RawGradient {
        double[] apply(double[] raw, double[] effectiveGradient, boolean[] nonnegative);
    }

    /** A student's L-BFGS direction {@code d = −H g} from curvature pairs {@code s}, {@code y} (oldest first). */
    @FunctionalInterface
    public interface TwoLoop {
        double[] direction(double[] g, List<double[]> s, List<double[]> y);
    }

    /**
     * The Adam update with learning rate {@code lr} and {@code β₁, β₂, ε}. Compared against:
     * <ul>
     *   <li>a closed form: the first step from {@code m = v = 0} moves each coordinate by
     *       {@code −lr·g/(|g| + ε)} (the bias-corrected moments are {@code g} and {@code g²});</li>
     *   <li>the library's {@link Adam} (which matches PyTorch's {@code torch.optim.Adam}, tested
     *       separately) over 200 steps with gradients of a quadratic plus deterministic noise, to
     *       {@code 1e-10·max(1, |x|)}.</li>
     * </ul>
     */
    public static Report adamStep(AdamStep step, double lr, double beta1, double beta2, double eps) {
        Report r = new Report();
        Check.line(r, "Adam update", "adamStep(x, g, m, v, k)", () -> {
            double[] g1 = {3, -0.5, 1e-3, 0};
            double[] x = {1, 1, 1, 1}, m = new double[4], v = new double[4];
            step.step(x, g1.clone(), m, v, 1);
            for (int i = 0; i < 4; i++) {
                double want = 1 - lr * g1[i] / (Math.abs(g1[i]) + eps);
                if (!(Math.abs(x[i] - want) <= 1e-12)) {
                    String hint = Double.isNaN(x[i]) ? ": NaN at step k = 1 (does a bias correction divide by 1 − β^(k−1)?)"
                            : Math.abs(x[i] - 1) > 2 * lr ? ": the step is larger than lr: are the moments bias-corrected, m/(1 − β₁^k) and v/(1 − β₂^k)?"
                            : Math.abs(x[i] - want) < 1e-6 ? ": ε is added to √v̂, outside the square root"
                            : ": the first step moves each coordinate by about lr against the sign of g";
                    return fail("first step from x = 1 with g = " + Numbers.vec(g1) + " gives x[" + i + "] = " + Numbers.g(x[i])
                            + ", expected 1 − lr·g/(|g| + ε) = " + Numbers.g(want) + " (difference " + Numbers.e(x[i] - want) + ")" + hint);
                }
            }
            int n = 5;
            double[] xs = {1, -2, 0.5, 3, -1}, xl = xs.clone(), ms = new double[n], vs = new double[n];
            double[] scale = {1, 10, 0.1, 3, 0.5};
            Adam ref = new Adam(lr, beta1, beta2, eps);
            double worst = 0;
            for (int k = 1; k <= 200; k++) {
                double[] gs = new double[n], gl = new double[n];
                for (int i = 0; i < n; i++) {
                    gs[i] = scale[i] * xs[i] + 0.3 * Math.sin(7.1 * k + i);
                    gl[i] = scale[i] * xl[i] + 0.3 * Math.sin(7.1 * k + i);
                }
                step.step(xs, gs, ms, vs, k);
                ref.step(xl, gl);
                for (int i = 0; i < n; i++) {
                    double d = Math.abs(xs[i] - xl[i]);
                    if (!(d <= 1e-10 * Math.max(1, Math.abs(xl[i])))) {
                        return fail("after step " + k + " x[" + i + "] = " + Numbers.g(xs[i]) + ", the library's Adam gives "
                                + Numbers.g(xl[i]) + ": check the moment updates m = β₁m + (1 − β₁)g, v = β₂v + (1 − β₂)g², "
                                + "and that ε is added to √v̂ (not inside the root)");
                    }
                    worst = Math.max(worst, d);
                }
            }
            return pass("closed-form first step; library's Adam over 200 steps, max difference " + Numbers.e(worst));
        });
        return r.done();
    }

    /**
     * The chain rule through the nonnegativity map {@code w = softplus(ŵ)}:
     * {@code ∂J/∂ŵ_k = ∂J/∂w_k · sigmoid(ŵ_k)} where {@code nonnegative[k]}, unchanged elsewhere.
     * Compared against: the closed form at {@code ŵ = 0} (factor {@code sigmoid(0) = 1/2}); the
     * library's {@link Icnn#rawGradient}; and Taylor ratios of the loss {@code J(ŵ)} (a 3 × 4 ICNN
     * with the quadratic feature on 64 moons samples) along a random direction of all raw parameters.
     */
    public static Report rawGradient(RawGradient f) {
        Report r = new Report();
        Check.line(r, "raw-parameter gradient", "rawGradient(raw, g, nonnegative)", () -> {
            boolean[] mask = {true, false, true};
            double[] g = {2, 3, -4};
            double[] got0 = f.apply(new double[3], g.clone(), mask.clone());
            double[] want0 = {1, 3, -2};
            if (!(Numbers.maxDiff(got0, want0) <= 1e-15)) {
                return fail("at raw = 0 with g = " + Numbers.vec(g) + " and nonnegative = [true, false, true] you return "
                        + (got0 == null ? "null" : Numbers.vec(got0)) + ", expected " + Numbers.vec(want0)
                        + ": multiply by sigmoid(raw) = 1/2 only where the weight is nonnegative");
            }
            Icnn net = Icnn.builder(2).hidden(3, 4).quadratic(true).seed(3).build();
            Samples x = Datasets.moons(64, 0.05, 1);
            boolean[] nonneg = new boolean[net.size()];
            for (int k = 0; k < nonneg.length; k++) nonneg[k] = net.isNonnegative(k);
            double[] raw = net.raw(), eff = new double[net.size()];
            SaaLoss loss = new SaaLoss(new BatchDerivatives(1, 64));
            loss.valueAndGradient(net, x, eff);
            double[] got = f.apply(raw.clone(), eff.clone(), nonneg.clone());
            double[] lib = new double[net.size()];
            net.rawGradient(raw, eff, lib);
            double d = Numbers.maxDiff(got, lib);
            if (!(d <= 1e-12 * Math.max(1, Numbers.maxAbs(lib)))) {
                return fail("differs from the library's chain rule by " + Numbers.e(d) + ": ∂J/∂raw = ∂J/∂w · sigmoid(raw), "
                        + "the derivative of softplus (not softplus itself)");
            }
            double[] dir = TaylorCheck.randomDirection(net.size(), 9);
            Icnn work = net.copy();
            TaylorCheck.Verdict v = Taylor.verdict(p -> {
                work.setRaw(p);
                return new double[] {loss.value(work, x)};
            }, raw, dir, new double[] {Numbers.dot(got, dir)});
            String pb = Taylor.problem(v, "", "the chain rule through softplus multiplies by sigmoid(raw)");
            return pb == null ? pass("closed form at raw = 0; library's chain rule (difference " + Numbers.e(d)
                    + "); Taylor ratios of J(raw) " + Taylor.ratios(v) + " ≈ 4") : fail(pb);
        });
        return r.done();
    }

    /**
     * The L-BFGS direction {@code d = −H_k g} by the two-loop recursion, with {@code H₀ = γI},
     * {@code γ = sᵀy/yᵀy} of the newest pair (and {@code d = −g} with no pairs). Compared against:
     * <ul>
     *   <li>the closed form with an empty memory, {@code d = −g};</li>
     *   <li>the secant condition of BFGS, {@code H y_newest = s_newest}, i.e. {@code direction(−y_newest) = s_newest};</li>
     *   <li>the dense inverse BFGS update {@code H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ}, {@code ρ = 1/sᵀy},
     *       applied to {@code γI} pair by pair (oldest first): a different algorithm for the same
     *       matrix, for 1, 3 and 5 pairs from a random quadratic in 6 dimensions.</li>
     * </ul>
     */
    public static Report twoLoop(TwoLoop f) {
        Report r = new Report();
        Check.line(r, "L-BFGS two-loop recursion", "direction(g, s, y)", () -> {
            double[] g0 = {1, -2, 3};
            double[] d0 = f.direction(g0.clone(), new ArrayList<>(), new ArrayList<>());
            if (!(Numbers.maxDiff(d0, new double[] {-1, 2, -3}) <= 0)) {
                return fail("with no curvature pairs you return " + (d0 == null ? "null" : Numbers.vec(d0)) + " for g = "
                        + Numbers.vec(g0) + ", expected steepest descent −g");
            }
            int n = 6;
            SplittableRandom rng = new SplittableRandom(21);
            double[][] A = new double[n][n];
            double[][] B = new double[n][];
            for (int i = 0; i < n; i++) B[i] = Numbers.gaussian(rng, n);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) A[i][j] += B[k][i] * B[k][j];
                if (i == j) A[i][j] += 0.5;
            }
            double worst = 0;
            for (int pairs : new int[] {1, 3, 5}) {
                List<double[]> s = new ArrayList<>(), y = new ArrayList<>();
                for (int p = 0; p < pairs; p++) {
                    double[] sp = Numbers.gaussian(rng, n), yp = new double[n];
                    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) yp[i] += A[i][j] * sp[j];
                    s.add(sp);
                    y.add(yp);
                }
                double[] g = Numbers.gaussian(rng, n);
                double[] want = denseDirection(g, s, y);
                double[] got = f.direction(g.clone(), copy(s), copy(y));
                double d = Numbers.maxDiff(got, want);
                if (!(d <= 1e-10 * Math.max(1, Numbers.maxAbs(want)))) {
                    double[] negY = y.get(pairs - 1).clone();
                    for (int i = 0; i < n; i++) negY[i] = -negY[i];
                    double[] sec = f.direction(negY, copy(s), copy(y));
                    boolean secant = Numbers.maxDiff(sec, s.get(pairs - 1)) <= 1e-10 * Math.max(1, Numbers.maxAbs(s.get(pairs - 1)));
                    return fail("with " + pairs + " pair(s) your direction differs from −H g (dense BFGS) by " + Numbers.e(d)
                            + (secant ? "" : "; the secant condition H y_newest = s_newest fails too")
                            + ": first loop newest → oldest (α_i = ρ_i s_iᵀq, q −= α_i y_i), scale by γ = sᵀy/yᵀy of the newest pair, "
                            + "second loop oldest → newest (β = ρ_i y_iᵀr, r += (α_i − β) s_i), and d = −r");
                }
                worst = Math.max(worst, d);
            }
            return pass("−g with no pairs; dense inverse BFGS with 1, 3, 5 pairs, max difference " + Numbers.e(worst));
        });
        return r.done();
    }

    /** {@code −H g} with {@code H} from the dense inverse BFGS update applied to {@code γI}, oldest pair first. */
    static double[] denseDirection(double[] g, List<double[]> s, List<double[]> y) {
        int n = g.length, m = s.size();
        double[] sn = s.get(m - 1), yn = y.get(m - 1);
        double gamma = Numbers.dot(sn, yn) / Numbers.dot(yn, yn);
        double[][] H = new double[n][n];
        for (int i = 0; i < n; i++) H[i][i] = gamma;
        for (int p = 0; p < m; p++) {
            double[] sp = s.get(p), yp = y.get(p);
            double rho = 1 / Numbers.dot(sp, yp);
            double[][] V = new double[n][n];  // I − ρ y sᵀ
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) V[i][j] = (i == j ? 1 : 0) - rho * yp[i] * sp[j];
            double[][] HV = new double[n][n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) HV[i][j] += H[i][k] * V[k][j];
            double[][] next = new double[n][n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) next[i][j] += V[k][i] * HV[k][j];
                next[i][j] += rho * sp[i] * sp[j];
            }
            H = next;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) d[i] -= H[i][j] * g[j];
        return d;
    }

    private static List<double[]> copy(List<double[]> l) {
        List<double[]> out = new ArrayList<>();
        for (double[] v : l) out.add(v.clone());
        return out;
    }
}
