package org.icnnvarpro.teach;

import static org.icnnvarpro.teach.Check.Outcome.fail;
import static org.icnnvarpro.teach.Check.Outcome.pass;

import java.util.SplittableRandom;
import org.icnnvarpro.check.TaylorCheck;

/**
 * Self-checks of notebook 2 (input derivatives and the loss's adjoints; thesis §2.1, §3.1,
 * docs/math.md §2–3). The exercises use one layer of an ICNN as a potential,
 * {@code φ(x) = wᵀσ(Kx + b)} with {@code K} of size {@code m × d}, {@code w ≥ 0}: its input gradient
 * is {@code Kᵀ(w ⊙ σ'(z))} and its Hessian {@code Kᵀ diag(w ⊙ σ''(z)) K}, {@code z = Kx + b}.
 */
public final class DerivativeChecks {
    private DerivativeChecks() {
    }

    /** A student's {@code ∇φ(x)} of {@code φ(x) = wᵀσ(Kx + b)}. */
    @FunctionalInterface
    public interface LayerGradient {
        double[] apply(double[][] K, double[] b, double[] w, double[] x);
    }

    /** A student's {@code ∇²φ(x)} of {@code φ(x) = wᵀσ(Kx + b)}, as a {@code d × d} array. */
    @FunctionalInterface
    public interface LayerHessian {
        double[][] apply(double[][] K, double[] b, double[] w, double[] x);
    }

    /** A student's adjoint {@code S̄ = ∂ℓ/∂S} of {@code ℓ(S) = −log det S} for a symmetric positive definite 2 × 2 {@code S}. */
    @FunctionalInterface
    public interface MatrixFunction {
        double[][] apply(double[][] S);
    }

    /** The test layer: m = 5 units on d = 3 inputs (not square, so a transposed K shows). */
    static final int M = 5, D = 3;

    private record Layer(double[][] K, double[] b, double[] w) {
        static Layer random(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            double[][] K = new double[M][];
            for (int k = 0; k < M; k++) K[k] = Numbers.gaussian(r, D);
            double[] b = Numbers.gaussian(r, M);
            double[] w = new double[M];
            for (int k = 0; k < M; k++) w[k] = 0.1 + 0.9 * r.nextDouble();
            return new Layer(K, b, w);
        }

        double[] z(double[] x) {
            double[] z = b.clone();
            for (int k = 0; k < M; k++) for (int a = 0; a < D; a++) z[k] += K[k][a] * x[a];
            return z;
        }

        double phi(double[] x) {
            double[] z = z(x);
            double s = 0;
            for (int k = 0; k < M; k++) s += w[k] * Numbers.softplus(z[k]);
            return s;
        }

        /** The exact gradient, written independently of the student's: Kᵀ(w ⊙ σ'(z)). */
        double[] gradient(double[] x) {
            double[] z = z(x), g = new double[D];
            for (int k = 0; k < M; k++) for (int a = 0; a < D; a++) g[a] += K[k][a] * w[k] * Numbers.sigmoid(z[k]);
            return g;
        }
    }

    /**
     * {@code ∇φ(x)}, by Taylor ratios (as in hessQuik's tutorial): at three random points, along a
     * random direction, {@code E₁(h) = |φ(x + hΔ) − φ(x) − h ∇φ(x)·Δ|} must fall like {@code h²}
     * (ratio 4), with {@code φ} computed by the check itself. A wrong gradient gives ratio 2.
     */
    public static Report layerGradient(LayerGradient grad) {
        Report r = new Report();
        Check.line(r, "layer input gradient ∇φ", "gradPhi(K, b, w, x)", () -> {
            for (int p = 0; p < 3; p++) {
                Layer layer = Layer.random(100 + p);
                SplittableRandom rng = new SplittableRandom(200 + p);
                double[] x = Numbers.gaussian(rng, D), dx = Numbers.gaussian(rng, D);
                double[] g = grad.apply(layer.K, layer.b, layer.w, x.clone());
                if (g == null || g.length != D) {
                    return fail("returns " + (g == null ? "null" : g.length + " entries") + ", expected d = " + D
                            + " (one per input; the test layer has m = " + M + " units): ∇φ = Kᵀ(w ⊙ σ'(z)) multiplies by K transposed");
                }
                TaylorCheck.Verdict v = Taylor.verdict(y -> new double[] {layer.phi(y)}, x, dx, new double[] {Numbers.dot(g, dx)});
                String pb = Taylor.problem(v, " at point " + (p + 1) + " of 3", "check σ' = sigmoid (not σ), the factor w_k, and the sign");
                if (pb != null) return fail(pb);
            }
            return pass("Taylor ratios ≈ 4 at 3 random points of a 5-unit layer on 3 inputs");
        });
        return r.done();
    }

    /**
     * {@code ∇²φ(x)}, by Taylor ratios of the gradient: at three random points, along a random
     * direction, {@code E₁(h) = ‖∇φ(x + hΔ) − ∇φ(x) − h ∇²φ(x)Δ‖} must fall like {@code h²}, with
     * {@code ∇φ} computed by the check; the result must be {@code d × d} and symmetric.
     */
    public static Report layerHessian(LayerHessian hess) {
        Report r = new Report();
        Check.line(r, "layer input Hessian ∇²φ", "hessPhi(K, b, w, x)", () -> {
            for (int p = 0; p < 3; p++) {
                Layer layer = Layer.random(300 + p);
                SplittableRandom rng = new SplittableRandom(400 + p);
                double[] x = Numbers.gaussian(rng, D), dx = Numbers.gaussian(rng, D);
                double[][] H = hess.apply(layer.K, layer.b, layer.w, x.clone());
                if (!(D + "×" + D).equals(Numbers.shape(H))) {
                    return fail("has shape " + Numbers.shape(H) + ", expected " + D + "×" + D
                            + " (d × d; the test layer has m = " + M + "): Kᵀ diag(w ⊙ σ''(z)) K, K transposed on the left");
                }
                for (int i = 0; i < D; i++) for (int j = 0; j < i; j++) {
                    if (!(Math.abs(H[i][j] - H[j][i]) <= 1e-12 * (1 + Math.abs(H[i][j])))) {
                        return fail("is not symmetric: H[" + i + "][" + j + "] = " + Numbers.g(H[i][j]) + ", H[" + j + "][" + i + "] = "
                                + Numbers.g(H[j][i]));
                    }
                }
                double[] Hdx = new double[D];
                for (int i = 0; i < D; i++) for (int j = 0; j < D; j++) Hdx[i] += H[i][j] * dx[j];
                TaylorCheck.Verdict v = Taylor.verdict(layer::gradient, x, dx, Hdx);
                String pb = Taylor.problem(v, " at point " + (p + 1) + " of 3",
                        "check σ'' = σ'(1 − σ') (not σ'), the factor w_k, and that both K's are there");
                if (pb != null) return fail(pb);
            }
            return pass("Taylor ratios ≈ 4 of the gradient at 3 random points, symmetric 3×3");
        });
        return r.done();
    }

    /**
     * The adjoint {@code S̄ = ∂ℓ/∂S = −S⁻¹} of the loss's log-det term {@code ℓ(S) = −log det S}
     * (per sample, {@code S = ∇²Φ(x_j)}, 2 × 2). Compared against the closed forms at {@code S = I}
     * ({@code −I}) and {@code S = 2I} ({@code −I/2}), and by Taylor ratios of {@code ℓ} (computed by
     * the check) at three random symmetric positive definite {@code S} along random symmetric
     * directions, with claimed derivative {@code ⟨S̄, ΔS⟩_F}.
     */
    public static Report logDetAdjoint(MatrixFunction adjoint) {
        Report r = new Report();
        Check.line(r, "adjoint of −log det S", "adjointS(S)", () -> {
            for (double s : new double[] {1, 2}) {
                double[][] got = adjoint.apply(new double[][] {{s, 0}, {0, s}});
                if (!"2×2".equals(Numbers.shape(got))) {
                    return fail("has shape " + Numbers.shape(got) + ", expected 2×2 (S̄ has the shape of S)");
                }
                double[] want = {-1 / s, 0, 0, -1 / s};
                if (!(Numbers.maxDiff(Numbers.flatten(got), want) <= 1e-14)) {
                    boolean sign = Numbers.maxDiff(Numbers.flatten(got), new double[] {1 / s, 0, 0, 1 / s}) < 1e-14;
                    return fail("at S = " + Numbers.g(s) + "·I you return " + Numbers.vec(Numbers.flatten(got)) + ", expected −S⁻¹ = "
                            + Numbers.vec(want) + (sign ? ": the sign (d/dS of −log det S is −S⁻¹)" : ""));
                }
            }
            for (int p = 0; p < 3; p++) {
                SplittableRandom rng = new SplittableRandom(500 + p);
                double a11 = 0.8 + rng.nextDouble(), a22 = 0.8 + rng.nextDouble(), a12 = rng.nextDouble() - 0.5;
                double[] s0 = {a11, a12, a12, a22};
                double c = rng.nextDouble() - 0.5;
                double[] ds = {rng.nextDouble() - 0.5, c, c, rng.nextDouble() - 0.5};
                double[] bar = Numbers.flatten(adjoint.apply(new double[][] {{s0[0], s0[1]}, {s0[2], s0[3]}}));
                if (bar.length != 4) return fail("returns " + bar.length + " entries at a random S, expected a 2×2 array");
                TaylorCheck.Verdict v = Taylor.verdict(m -> new double[] {-Math.log(m[0] * m[3] - m[1] * m[2])}, s0, ds,
                        new double[] {Numbers.dot(bar, ds)});
                String pb = Taylor.problem(v, " at S " + (p + 1) + " of 3",
                        "the 2×2 inverse is [[d, −b], [−c, a]] / (ad − bc); mind the signs of the off-diagonal entries");
                if (pb != null) return fail(pb);
            }
            return pass("closed forms at S = I and 2I, Taylor ratios ≈ 4 at 3 random S along symmetric directions");
        });
        return r.done();
    }
}
