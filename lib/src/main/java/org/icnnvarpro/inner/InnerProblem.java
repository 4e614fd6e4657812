package org.icnnvarpro.inner;

import java.util.Arrays;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.Kernels;

/**
 * The variable-projection inner problem (DESIGN §5, thesis §3.2): for fixed hidden weights
 * {@code μ}, the loss as a function of the last-layer weights {@code w},
 *
 * <pre>
 *   J(w) = (1/N) Σ_j [ ½ wᵀ G_jᵀ G_j w − log det S_j(w) ],     S_j(w) = Σ_k w_k H_j^k
 *   ∇J(w)_k   = (1/N) Σ_j [ (G_jᵀ G_j w)_k − tr(S_j⁻¹ H_j^k) ]
 *   ∇²J(w)_kl = (1/N) Σ_j [ (G_jᵀ G_j)_kl + tr(S_j⁻¹ H_j^k S_j⁻¹ H_j^l) ]
 * </pre>
 *
 * minimized subject to {@code w_k ≥ 0} for the constrained components (the {@code u_ℓ} features,
 * and {@code w_q} in quadratic mode). {@code G_j = ∇f_μ(x_j)} (d × M) and
 * {@code H_j^k = ∇²f_μ^k(x_j)} are the input derivatives of the features
 * {@code f_μ = [u_ℓ; x; ½‖x‖²]}. {@code J} is convex in {@code w}.
 *
 * <p><b>Variables.</b> The optimization variables {@code v} are the free last-layer weights, of
 * length {@link #size()}: all {@code M = m_ℓ + d + 1} of them in quadratic mode; in thesis mode
 * ({@code w_q} held at 0) the {@code w_q} column is dropped and {@code size() = M − 1}.
 * Variable {@code i} is last-layer weight {@link #column(int) column(i)}; {@link #toFull} and
 * {@link #fromFull} convert between {@code v} and the full {@code w = (w_u, w_x, w_q)} of
 * {@link Icnn#last()}.
 *
 * <p><b>Cost.</b> {@code (1/N) Σ_j G_jᵀ G_j} is formed once, at construction. Each evaluation
 * forms {@code S_j} (a product of the (N·T × P) matrix of packed Hessians with {@code v},
 * {@code T = d(d+1)/2}) and factors it. The trace terms use the Cholesky factor
 * {@code S_j = C Cᵀ}: with {@code Ĥ^k = C⁻¹ H^k C⁻ᵀ}, {@code tr(S⁻¹H^k) = tr Ĥ^k} and
 * {@code tr(S⁻¹H^k S⁻¹H^l) = ⟨Ĥ^k, Ĥ^l⟩_F}; stacking the packed, weighted {@code Ĥ_j} of all
 * samples into one (N·T × P) matrix makes the Hessian's second term a single product
 * {@code ĤᵀĤ}.
 *
 * <p><b>Infeasible points.</b> Where some {@code S_j} is not positive definite, the value is
 * {@code +∞} (never NaN), so that a line search can back off.
 *
 * <p>Instances hold evaluation buffers and are not thread-safe; evaluations allocate nothing.
 */
public final class InnerProblem {
    private final int n, d, t, mFull, p;
    private final int[] cols;
    private final boolean[] constrained;
    private final int nConstrained;
    private final boolean quadratic;
    /** Packed Hessians, (n·t × p) row-major: {@code hp[(j*t + s)*p + i] = H_j^{cols[i]}} entry s. */
    private final double[] hp;
    /** Feature gradients, (n·d × p) row-major. */
    private final double[] gp;
    /** {@code (1/N) Σ_j G_jᵀ G_j} (p × p). */
    private final double[] gram;
    private final int[] ta, tb;
    /** 1 for diagonal packed entries, 2 for off-diagonal ones (each stands for two matrix entries). */
    private final double[] weightT;

    /** Dense products (the Vector API kernels when available): Gram matrix and {@code ĤᵀĤ}. */
    private final Kernels kernels = Kernels.defaults();
    /**
     * Row stride of the whitened block {@code hatBlock}: {@code p} rounded up to a multiple of 4
     * (zero padding), so that the product kernels run on whole vectors.
     */
    private final int pp;

    // buffers
    private final double[] sPacked, chol, cinv, tmp, gradAcc;
    /** Packed, weighted {@code Ĥ_j} of one block of samples, ({@link #BLOCK}·t × pp). */
    private final double[] hatBlock;
    /** {@code Σ_j Ĥ_jᵀĤ_j} accumulated block by block (pp × pp). */
    private final double[] hatProduct;

    /** Samples per block of whitened Hessians (so that a block stays in the L2 cache). */
    private static final int BLOCK = 64;

    /**
     * The inner problem of {@code net}'s hidden layers on the batch {@code x} (one forward pass
     * through {@link BatchDerivatives#features}). Quadratic mode follows {@link Icnn#quadratic()}.
     */
    public static InnerProblem of(Icnn net, Samples x) {
        try (BatchDerivatives engine = new BatchDerivatives()) {
            return of(engine.features(net, x), net.quadratic());
        }
    }

    /** The inner problem of {@code net} on {@code x}, propagating with the given engine. */
    public static InnerProblem of(BatchDerivatives engine, Icnn net, Samples x) {
        return of(engine.features(net, x), net.quadratic());
    }

    /**
     * The inner problem from precomputed features: the {@code ½‖x‖²} column (the last one) is a
     * variable when {@code quadratic}, otherwise it is dropped ({@code w_q = 0}).
     */
    public static InnerProblem of(BatchDerivatives.Features f, boolean quadratic) {
        int mLast = f.m - f.d - 1;
        boolean[] cons = new boolean[f.m];
        for (int k = 0; k < mLast; k++) cons[k] = true;
        cons[f.m - 1] = true;
        boolean[] keep = new boolean[f.m];
        Arrays.fill(keep, true);
        if (!quadratic) keep[f.m - 1] = false;
        return new InnerProblem(f.n, f.d, f.m, f.G, f.H, cons, keep, quadratic);
    }

    /**
     * A general problem of the same form from raw arrays (used by tests and by callers with their
     * own features). {@code G[(j*d + a)*m + k] = ∂f_k/∂x_a (x_j)}, {@code H[(j*T + s)*m + k]} =
     * packed upper-triangle entry {@code s} (pairs {@code a ≤ b} row by row) of {@code ∇²f_k(x_j)};
     * {@code constrained[k]} marks {@code w_k ≥ 0}; {@code keep[k]} false fixes {@code w_k = 0} and
     * removes it from the variables. The arrays are copied.
     */
    public static InnerProblem fromArrays(int n, int d, int m, double[] G, double[] H, boolean[] constrained, boolean[] keep) {
        int t = d * (d + 1) / 2;
        if (n <= 0) throw new IllegalArgumentException("empty batch");
        if (G.length != n * d * m) throw new IllegalArgumentException("G has " + G.length + " entries, expected n*d*m = " + n * d * m);
        if (H.length != n * t * m) throw new IllegalArgumentException("H has " + H.length + " entries, expected n*T*m = " + n * t * m);
        if (constrained.length != m || keep.length != m) throw new IllegalArgumentException("constrained and keep need " + m + " entries");
        return new InnerProblem(n, d, m, G, H, constrained.clone(), keep.clone(), keep[m - 1]);
    }

    private InnerProblem(int n, int d, int m, double[] G, double[] H, boolean[] cons, boolean[] keep, boolean quadratic) {
        if (n <= 0) throw new IllegalArgumentException("empty batch");
        this.n = n;
        this.d = d;
        this.t = d * (d + 1) / 2;
        this.mFull = m;
        this.quadratic = quadratic;
        int q = 0;
        for (boolean b : keep) if (b) q++;
        if (q == 0) throw new IllegalArgumentException("no variables");
        this.p = q;
        cols = new int[p];
        constrained = new boolean[p];
        int nc = 0;
        for (int k = 0, i = 0; k < m; k++) {
            if (!keep[k]) continue;
            cols[i] = k;
            constrained[i] = cons[k];
            if (cons[k]) nc++;
            i++;
        }
        nConstrained = nc;
        for (double v : G) if (!Double.isFinite(v)) throw new IllegalArgumentException("feature gradients contain " + v);
        for (double v : H) if (!Double.isFinite(v)) throw new IllegalArgumentException("feature Hessians contain " + v);
        gp = compact(G, n * d, m);
        hp = compact(H, n * t, m);
        gram = new double[p * p];
        kernels.multAddTransA(gp, 0, n * d, p, gp, 0, p, gram, 0);
        double invN = 1.0 / n;
        for (int i = 0; i < p * p; i++) gram[i] *= invN;
        // exactly symmetric (the product's two triangles are the same sums up to rounding order)
        for (int i = 0; i < p; i++) for (int k = 0; k < i; k++) gram[i * p + k] = gram[k * p + i];
        ta = new int[t];
        tb = new int[t];
        weightT = new double[t];
        for (int a = 0, s = 0; a < d; a++) for (int b = a; b < d; b++, s++) {
            ta[s] = a;
            tb[s] = b;
            weightT[s] = a == b ? 1.0 : 2.0;
        }
        sPacked = new double[n * t];
        chol = new double[d * d];
        cinv = new double[d * d];
        tmp = new double[Math.max(p, d * d)];
        gradAcc = new double[p];
        pp = (p + 3) / 4 * 4;
        hatBlock = new double[Math.min(n, BLOCK) * t * pp];
        hatProduct = new double[pp * pp];
    }

    private double[] compact(double[] a, int rows, int m) {
        double[] c = new double[rows * p];
        boolean prefix = true;   // the kept columns are 0..p−1 (all, or all but w_q)
        for (int i = 0; i < p; i++) prefix &= cols[i] == i;
        if (prefix) {
            for (int r = 0; r < rows; r++) System.arraycopy(a, r * m, c, r * p, p);
        } else {
            for (int r = 0; r < rows; r++) for (int i = 0; i < p; i++) c[r * p + i] = a[r * m + cols[i]];
        }
        return c;
    }

    // ------------------------------------------------------------------ layout

    /** Number of variables {@code P} (free last-layer weights). */
    public int size() { return p; }

    /** Number of last-layer weights {@code M} (length of {@link Icnn#last()}). */
    public int fullSize() { return mFull; }

    /** Number of samples {@code N}. */
    public int samples() { return n; }

    /** Input dimension {@code d}. */
    public int inputDim() { return d; }

    /** Whether {@code w_q} is a variable (quadratic mode) rather than held at 0 (thesis mode). */
    public boolean quadratic() { return quadratic; }

    /** The last-layer index of variable {@code i}. */
    public int column(int i) { return cols[i]; }

    /** Whether variable {@code i} is constrained {@code ≥ 0}. */
    public boolean isConstrained(int i) { return constrained[i]; }

    /** Number {@code |C|} of constrained variables (the barrier's duality gap is {@code |C|/t}). */
    public int constraintCount() { return nConstrained; }

    /** The full last-layer weights {@code w} (length M, fixed entries 0) of variables {@code v}. */
    public double[] toFull(double[] v) {
        checkLength(v);
        double[] w = new double[mFull];
        for (int i = 0; i < p; i++) w[cols[i]] = v[i];
        return w;
    }

    /**
     * The variables of full last-layer weights {@code w}; a held entry ({@code w_q} in thesis
     * mode) must be 0.
     */
    public double[] fromFull(double[] w) {
        if (w.length != mFull) throw new IllegalArgumentException("expected " + mFull + " last-layer weights, got " + w.length);
        double[] v = new double[p];
        int i = 0;
        for (int k = 0; k < mFull; k++) {
            if (i < p && cols[i] == k) {
                v[i++] = w[k];
            } else if (w[k] != 0.0) {
                throw new IllegalArgumentException("last-layer weight " + k + " is held at 0 in this problem"
                        + (k == mFull - 1 ? " (w_q in thesis mode)" : "") + " but the start has " + w[k]);
            }
        }
        return v;
    }

    private void checkLength(double[] v) {
        if (v.length != p) throw new IllegalArgumentException("expected " + p + " variables, got " + v.length);
    }

    // ------------------------------------------------------------------ evaluation

    /** {@code J(v)}, or {@code +∞} if some {@code S_j(v)} is not positive definite. */
    public double value(double[] v) {
        return evaluate(v, null, null);
    }

    /**
     * {@code J(v)} with its gradient written into {@code grad} (length P); {@code +∞} (and
     * {@code grad} unspecified) if some {@code S_j} is not positive definite.
     */
    public double valueGradient(double[] v, double[] grad) {
        return evaluate(v, grad, null);
    }

    /**
     * {@code J(v)} with gradient and Hessian ({@code hess}, P × P row-major, both triangles);
     * {@code +∞} (outputs unspecified) if some {@code S_j} is not positive definite.
     */
    public double valueGradientHessian(double[] v, double[] grad, double[] hess) {
        if (hess != null && hess.length != p * p) throw new IllegalArgumentException("Hessian buffer needs " + p * p + " entries");
        return evaluate(v, grad, hess);
    }

    /**
     * The first sample whose {@code S_j(v)} is not positive definite, or −1 if all are (for
     * error messages and feasibility repair).
     */
    public int firstNotPositiveDefinite(double[] v) {
        checkLength(v);
        formS(v);
        for (int j = 0; j < n; j++) if (!factor(j)) return j;
        return -1;
    }

    /**
     * The first sample at which {@code Σ_{k constrained} H_j^k} is not positive definite, or −1.
     * As every {@code H_j^k} of a convex feature is positive semidefinite, such a sample makes the
     * problem infeasible: no {@code w ≥ 0} gives {@code S_j ≻ 0} there.
     */
    public int firstUnrepairableSample() {
        double[] ones = new double[p];
        for (int i = 0; i < p; i++) ones[i] = constrained[i] ? 1.0 : 0.0;
        return firstNotPositiveDefinite(ones);
    }

    private double evaluate(double[] v, double[] grad, double[] hess) {
        checkLength(v);
        if (grad != null && grad.length != p) throw new IllegalArgumentException("gradient buffer needs " + p + " entries");
        for (int i = 0; i < p; i++) if (!Double.isFinite(v[i])) return Double.POSITIVE_INFINITY;
        formS(v);
        // quadratic part: ½ vᵀ A v, gradient A v
        double quad = 0;
        for (int i = 0; i < p; i++) {
            double s = 0;
            int row = i * p;
            for (int k = 0; k < p; k++) s += gram[row + k] * v[k];
            tmp[i] = s;
            quad += s * v[i];
        }
        // Σ_j log det C_j, compensated (Kahan): with N terms of similar size a plain sum's rounding
        // error grows like N·ulp and makes J noisy at the level of the last Newton decrements
        double logDet = 0, comp = 0;
        double inv = 1.0 / n;
        if (grad == null && hess == null) {
            for (int j = 0; j < n; j++) {
                if (!factor(j)) return Double.POSITIVE_INFINITY;
                double y = logDetC() - comp, sum = logDet + y;
                comp = (sum - logDet) - y;
                logDet = sum;
            }
            return finish(quad, logDet, inv);
        }
        // gradient: tr(S_j⁻¹ H_j^k) = Σ_s weightT[s] (S_j⁻¹)_s H_j,s^k, accumulated as Σ_j,s c_js·(row js of hp)
        double[] acc = gradAcc;
        Arrays.fill(acc, 0.0);
        double scaleHat = Math.sqrt(inv);
        double[] hb = hatBlock;
        if (hess != null) Arrays.fill(hatProduct, 0.0);
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            int j1 = Math.min(n, j0 + BLOCK);
            for (int j = j0; j < j1; j++) {
                if (!factor(j)) return Double.POSITIVE_INFINITY;
                double y = logDetC() - comp, sum = logDet + y;
                comp = (sum - logDet) - y;
                logDet = sum;
                lowerInverse();
                int hrow = j * t * p;
                for (int s = 0; s < t; s++) {
                    // (S⁻¹)_ab = Σ_k Ci_ka Ci_kb (C⁻¹ lower triangular)
                    int a = ta[s], b = tb[s];
                    double sinv = 0;
                    for (int k = b; k < d; k++) sinv += cinv[k * d + a] * cinv[k * d + b];
                    double c = weightT[s] * sinv;
                    int irow = hrow + s * p;
                    for (int i = 0; i < p; i++) acc[i] += c * hp[irow + i];
                }
                if (hess == null) continue;
                // Ĥ^k = C⁻¹ H^k C⁻ᵀ, packed; row s weighted by sqrt(weightT[s]/N) so that Σ rows² gives ⟨·,·⟩_F/N
                int brow = (j - j0) * t;
                for (int s = 0; s < t; s++) {
                    int a = ta[s], b = tb[s];
                    int orow = (brow + s) * pp;
                    double wgt = Math.sqrt(weightT[s]) * scaleHat;
                    for (int i = 0; i < pp; i++) hb[orow + i] = 0.0;
                    for (int u = 0; u < t; u++) {
                        int c = ta[u], e = tb[u];
                        // coefficient of packed H entry (c,e) in Ĥ_ab = Σ_{c,e} Ci_ac H_ce Ci_be
                        double coef = cinv[a * d + c] * cinv[b * d + e];
                        if (c != e) coef += cinv[a * d + e] * cinv[b * d + c];
                        if (coef == 0.0) continue;
                        coef *= wgt;
                        int irow = hrow + u * p;
                        for (int i = 0; i < p; i++) hb[orow + i] += coef * hp[irow + i];
                    }
                }
            }
            if (hess != null) kernels.multAddTransA(hb, 0, (j1 - j0) * t, pp, hb, 0, pp, hatProduct, 0);
        }
        if (grad != null) for (int i = 0; i < p; i++) grad[i] = tmp[i] - inv * acc[i];
        if (hess != null) {
            for (int i = 0; i < p; i++) {
                for (int k = i; k < p; k++) {
                    double h = gram[i * p + k] + hatProduct[i * pp + k];
                    hess[i * p + k] = h;
                    hess[k * p + i] = h;
                }
            }
        }
        return finish(quad, logDet, inv);
    }

    /** {@code log det C = Σ_a log C_aa} of the current Cholesky factor. */
    private double logDetC() {
        double l = 0;
        for (int a = 0; a < d; a++) l += Math.log(chol[a * d + a]);
        return l;
    }

    private static double finish(double quad, double logDet, double inv) {
        double value = 0.5 * quad - 2.0 * logDet * inv;
        if (!Double.isFinite(value)) return Double.POSITIVE_INFINITY;
        return value;
    }

    /** {@code sPacked = H v} for all samples and packed entries. */
    private void formS(double[] v) {
        kernels.mult(hp, 0, n * t, p, v, 0, 1, sPacked, 0);
    }

    /** Cholesky of {@code S_j} into {@code chol} (lower); false if not positive definite. */
    private boolean factor(int j) {
        int base = j * t;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                // S_ab with b ≤ a is packed entry (b, a)
                double v = sPacked[base + packedIndex(b, a)];
                for (int k = 0; k < b; k++) v -= chol[a * d + k] * chol[b * d + k];
                if (a == b) {
                    if (!(v > 0) || !Double.isFinite(v)) return false;
                    chol[a * d + a] = Math.sqrt(v);
                } else {
                    chol[a * d + b] = v / chol[b * d + b];
                }
            }
        }
        return true;
    }

    /** Index of packed entry (a, b), a ≤ b: rows 0..a−1 hold d + (d−1) + … entries. */
    private int packedIndex(int a, int b) {
        return a * d - a * (a - 1) / 2 + (b - a);
    }

    /** {@code cinv = C⁻¹} (lower triangular) from {@code chol}. */
    private void lowerInverse() {
        for (int col = 0; col < d; col++) {
            for (int a = 0; a < col; a++) cinv[a * d + col] = 0.0;
            for (int a = col; a < d; a++) {
                double v = a == col ? 1.0 : 0.0;
                for (int k = col; k < a; k++) v -= chol[a * d + k] * cinv[k * d + col];
                cinv[a * d + col] = v / chol[a * d + a];
            }
        }
    }

    @Override
    public String toString() {
        return "InnerProblem[N=" + n + ", d=" + d + ", " + p + " variables (" + nConstrained + " constrained)"
                + (quadratic ? ", quadratic" : ", thesis mode (w_q = 0)") + "]";
    }
}
