package org.icnnvarpro.model;

import java.util.Arrays;
import org.icnnvarpro.io.Memory;
import org.icnnvarpro.kernels.Kernels;
import org.icnnvarpro.kernels.PackedSymmetric;

/**
 * The layer recurrences of {@link BatchDerivatives} on one sub-block of a chunk, with the per-thread
 * buffers they fill (reused from call to call): the forward propagation with the σ-rule of every
 * layer ({@link #forward}), the outputs {@code Φ, ∇Φ, ∇²Φ} or the last-layer features from the last
 * layer's state ({@link #output}, {@link #features}), and the loss path's head evaluation and
 * adjoint sweeps ({@link #backward}). Not thread-safe: one instance per worker thread.
 */
final class Recurrences {
    /**
     * Target size in bytes of one layer's state in a sub-block (system property {@code icnn.blockBytes}).
     * 24 KiB (about the L1 data cache) measured 5–8 % faster than 128 KiB for 4×32, d = 2, and no
     * slower for 4×128 or d = 8; the results do not depend on it.
     */
    static final int BLOCK_BYTES = Integer.getInteger("icnn.blockBytes", 24 * 1024);

    /**
     * Samples per sub-block: as many as keep one layer's state ({@code samples·R·m} doubles) within
     * {@link #BLOCK_BYTES}, so a product's input and output stay in the L1/L2 cache; at least 4
     * and at most the chunk. It depends on the chunk size and the network only. (The product saturates
     * instead of overflowing, so that {@link BatchDerivatives#workspaceBytes} can size any request.)
     */
    static int blockSamples(int chunk, long R, long maxWidth) {
        long per = Math.max(1, Memory.times(Memory.times(R, maxWidth), Double.BYTES));
        return (int) Math.max(1, Math.min(chunk, Math.max(4, BLOCK_BYTES / per)));
    }

    private final Kernels kern;
    private int d, R, T, ell, chunk;
    /** Samples per sub-block of a chunk (see {@link #blockSamples}). */
    int block;
    private int[] widths;
    private Activation act;
    private int[] ta, tb;
    private double[][] Z, A, S1, S2, S3;
    private double[] abar, eb, gb, sb, st;
    /** Per layer, for the loss+gradient: δ_i, e_i = σ'⊙δ_i, c_i = σ''⊙δ_i, δ̄_i (c × m_i) and the (z̄, P̄) rows. */
    private double[][] D, E, Cc, DB, ZB;
    private static final int[] NO_ROWS = new int[0];
    /** Per-chunk accumulators of b̄_i (m_i) and K̄_iᵀ (d × m_i). */
    private double[][] bAcc, kAcc;
    private double[] g, S, gBar, SBar, scratch, act4 = new double[4];

    Recurrences(Kernels kern) {
        this.kern = kern;
    }

    Recurrences fit(Icnn net, int chunk) {
        if (widths != null && Arrays.equals(widths, net.widths()) && d == net.inputDim() && this.chunk == chunk && act == net.activation())
            return this;
        d = net.inputDim();
        T = PackedSymmetric.size(d);
        R = 1 + d + T;
        ell = net.depth();
        widths = net.widths();
        act = net.activation();
        this.chunk = chunk;
        int maxw = 0;
        for (int wi : widths) maxw = Math.max(maxw, wi);
        block = blockSamples(chunk, R, maxw);
        chunk = block;
        PackedSymmetric packed = new PackedSymmetric(d);
        ta = packed.rows();
        tb = packed.cols();
        Z = new double[ell][];
        A = new double[ell][];
        S1 = new double[ell][];
        S2 = new double[ell][];
        S3 = new double[ell][];
        int maxm = 0;
        for (int i = 0; i < ell; i++) {
            Z[i] = new double[chunk * R * widths[i]];
            A[i] = new double[chunk * R * widths[i]];
            S1[i] = new double[chunk * widths[i]];
            S2[i] = new double[chunk * widths[i]];
            S3[i] = new double[chunk * widths[i]];
            maxm = Math.max(maxm, widths[i]);
        }
        bAcc = new double[ell][];
        kAcc = new double[ell][];
        for (int i = 0; i < ell; i++) {
            bAcc[i] = new double[widths[i]];
            kAcc[i] = new double[d * widths[i]];
        }
        abar = new double[chunk * (1 + d) * maxm];
        eb = new double[chunk * maxm];
        gb = new double[chunk * d];
        sb = new double[chunk * d * d];
        st = new double[T];
        D = new double[ell][];
        E = new double[ell][];
        Cc = new double[ell][];
        DB = new double[ell][];
        ZB = new double[ell][];
        for (int i = 0; i < ell; i++) {
            D[i] = new double[chunk * widths[i]];
            E[i] = new double[chunk * widths[i]];
            Cc[i] = new double[chunk * widths[i]];
            DB[i] = new double[chunk * widths[i]];
            ZB[i] = new double[chunk * (1 + d) * widths[i]];
        }
        g = new double[d];
        S = new double[d * d];
        gBar = new double[d];
        SBar = new double[d * d];
        scratch = new double[2 * d * d + 2 * d];
        return this;
    }

    /**
     * Forward propagation of samples j0..j1 through all hidden layers; without {@code lastValue} the value row of the last layer ({@code u_ℓ},
     * which only Φ itself needs, not ∇Φ, ∇²Φ or the adjoints) is not computed: for softplus that
     * saves a quarter of the {@code log1p} calls of a 4-layer loss+gradient. With {@code hessians}
     * each sample has the R rows (value, gradient, Hessian); without, only the 1 + d value and
     * gradient rows (what {@link #backward} needs).
     */
    void forward(BatchDerivatives.Prepared p, double[] x, int j0, int j1, boolean lastValue, boolean hessians) {
        int[] hta = hessians ? ta : NO_ROWS, htb = hessians ? tb : NO_ROWS;
        int c = j1 - j0, rows = 1 + d + hta.length;
        double[] w = p.w;
        Icnn net = p.net;
        for (int i = 0; i < ell; i++) {
            int m = widths[i];
            double[] Zi = Z[i];
            int offB = net.offsetB(i);
            if (i == 0) {
                Arrays.fill(Zi, 0, c * rows * m, 0.0);
            } else {
                kern.mult(A[i - 1], 0, c * rows, widths[i - 1], p.Lt[i], 0, m, Zi, 0);
            }
            // z += b + K x, P += K (along rows of neurons, K_iᵀ)
            kern.addAffine(Zi, rows, p.Kt[i], w, offB, x, j0 * d, c, m, d);
            activate(i, c, lastValue || i < ell - 1, hta, htb);
        }
    }

    /**
     * σ-rule of layer i: σ, σ', σ'', σ''' of every neuron (struct of arrays: the value row of
     * {@code A_i} and {@code S1..S3}), then the J rows and the Hessian rows {@code ta, tb} (none
     * for the loss's forward pass) by the kernels.
     */
    private void activate(int i, int c, boolean value, int[] ta, int[] tb) {
        int m = widths[i], R = 1 + d + ta.length;
        double[] Zi = Z[i], Ai = A[i], s1 = S1[i], s2 = S2[i], s3 = S3[i];
        if (act == Activation.SOFTPLUS) {
            kern.softplus(Zi, R * m, Ai, s1, s2, s3, c, m, value);
        } else {
            double[] o = act4;
            for (int s = 0; s < c; s++) {
                int base = s * R * m, so = s * m;
                for (int k = 0; k < m; k++) {
                    act.derivatives(Zi[base + k], o);
                    Ai[base + k] = o[0];
                    s1[so + k] = o[1];
                    s2[so + k] = o[2];
                    s3[so + k] = o[3];
                }
            }
        }
        kern.activateRows(Zi, Ai, s1, s2, c, m, d, ta, tb);
    }

    /** Φ, ∇Φ and ∇²Φ (full) of samples j0..j1 from the last layer's state. */
    void output(BatchDerivatives.Prepared p, double[] x, int j0, int j1, double[] phi, double[] grad, double[] hess) {
        Icnn net = p.net;
        double[] w = p.w;
        int m = widths[ell - 1], ou = net.offsetWu(), ox = net.offsetWx();
        double wq = w[net.offsetWq()];
        double[] Al = A[ell - 1];
        for (int s = 0; s < j1 - j0; s++) {
            int j = j0 + s, xo = j * d, base = s * R * m;
            double v = 0, xx = 0;
            for (int k = 0; k < m; k++) v += w[ou + k] * Al[base + k];
            for (int a = 0; a < d; a++) {
                v += w[ox + a] * x[xo + a];
                xx += x[xo + a] * x[xo + a];
            }
            phi[j] = v + 0.5 * wq * xx;
            for (int a = 0; a < d; a++) {
                double ga = w[ox + a] + wq * x[xo + a];
                int r = base + (1 + a) * m;
                for (int k = 0; k < m; k++) ga += w[ou + k] * Al[r + k];
                grad[xo + a] = ga;
            }
            for (int t = 0; t < T; t++) {
                int r = base + (1 + d + t) * m;
                double st = ta[t] == tb[t] ? wq : 0.0;
                for (int k = 0; k < m; k++) st += w[ou + k] * Al[r + k];
                hess[(j * d + ta[t]) * d + tb[t]] = st;
                hess[(j * d + tb[t]) * d + ta[t]] = st;
            }
        }
    }

    void features(BatchDerivatives.Prepared p, double[] x, int j0, int j1, BatchDerivatives.Features f) {
        int m = widths[ell - 1], M = f.m;
        double[] Al = A[ell - 1];
        for (int s = 0; s < j1 - j0; s++) {
            int j = j0 + s, xo = j * d, base = s * R * m;
            double xx = 0;
            for (int a = 0; a < d; a++) xx += x[xo + a] * x[xo + a];
            System.arraycopy(Al, base, f.f, j * M, m);
            for (int a = 0; a < d; a++) f.f[j * M + m + a] = x[xo + a];
            f.f[j * M + m + d] = 0.5 * xx;
            for (int a = 0; a < d; a++) {
                int row = (j * d + a) * M;
                System.arraycopy(Al, base + (1 + a) * m, f.G, row, m);
                f.G[row + m + a] = 1.0;
                f.G[row + m + d] = x[xo + a];
            }
            for (int t = 0; t < T; t++) {
                int row = (j * T + t) * M;
                System.arraycopy(Al, base + (1 + d + t) * m, f.H, row, m);
                f.H[row + m + d] = ta[t] == tb[t] ? 1.0 : 0.0;
            }
        }
    }

    /**
     * Evaluates the head on samples j0..j1 (after {@link #forward} with tangent rows only) and,
     * unless {@code grad} is null, adds {@code scale·}(the weight gradient of the head's values) to
     * {@code grad}. Returns {@code sum0} plus the head's values, added one sample after another.
     *
     * <p>The input Hessian comes from the reverse-mode identity for a network whose only
     * nonlinearities are elementwise: with {@code δ_i = ∂Φ/∂u_i} ({@code δ_ℓ = w_u},
     * {@code δ_{i−1} = L_iᵀ(σ'_i ⊙ δ_i)}) and {@code c_i = σ''(z_i) ⊙ δ_i},
     * <pre>
     *   S = ∇²Φ = Σ_i P_iᵀ diag(c_i) P_i + w_q I,          g = ∇Φ = J_ℓᵀ w_u + w_x + w_q x,
     * </pre>
     * which needs the (z, P) rows forward and one backward row, instead of the d(d+1)/2 Hessian
     * rows of docs/math.md §2.3. Its adjoint, given {@code ḡ}, {@code S̄} (symmetrized) per sample:
     * <pre>
     *   c̄_i = diag(P_i S̄ P_iᵀ),  P̄_i ← 2 c_i ⊙ S̄P_i,  w̄_q = x·ḡ + tr S̄,  w̄_x = ḡ,  w̄_u = J_ℓḡ + δ̄_ℓ
     *   δ̄_i = σ''_i ⊙ c̄_i + σ'_i ⊙ ē_i,   ē_i = L_i δ̄_{i−1},   L̄_i += (σ'_i ⊙ δ_i) δ̄_{i−1}ᵀ     (i = 1..ℓ)
     *   z̄_i ← δ_i ⊙ (σ'''_i ⊙ c̄_i + σ''_i ⊙ ē_i)
     *   z̄_i += σ'_i ⊙ ū_i + σ''_i ⊙ Σ_a J̄_{i,a} ⊙ P_{i,a},   P̄_i += σ'_i ⊙ J̄_i           (i = ℓ..1,
     *   b̄_i += z̄_i,  K̄_i += z̄_i xᵀ + P̄_i,  L̄_i += [z̄_i; P̄_i]ᵀ[u_{i−1}; J_{i−1}],     J̄_ℓ = w_u ḡᵀ, ū_ℓ = 0)
     *   [ū_{i−1}; J̄_{i−1}] = [z̄_i; P̄_i] L_i
     * </pre>
     * Each line with {@code L_i} is one dense product over the sub-block: 3 + 1 rows forward,
     * 1 + 1 for δ̄, 3 + 3 backward per sample when d = 2 (12 in all, against 18 for the forward-mode
     * Hessian and its adjoint).
     */
    double backward(BatchDerivatives.Prepared p, double[] x, int j0, int j1, SampleHead head, double scale, double[] grad, double sum0) {
        Icnn net = p.net;
        double[] w = p.w;
        int c = j1 - j0, R2 = 1 + d;
        int mL = widths[ell - 1], ou = net.offsetWu(), ox = net.offsetWx(), oq = net.offsetWq();
        double wq = w[oq];
        // δ sweep (layers from the last down): δ_i, e_i = σ'⊙δ_i, c_i = σ''⊙δ_i
        for (int i = ell - 1; i >= 0; i--) {
            int m = widths[i], cm = c * m;
            double[] Di = D[i], Ei = E[i], Ci = Cc[i], s1 = S1[i], s2 = S2[i];
            if (i == ell - 1) {
                for (int s = 0; s < c; s++) System.arraycopy(w, ou, Di, s * m, m);
            } else {
                kern.mult(E[i + 1], 0, c, widths[i + 1], w, net.offsetL(i + 1), m, Di, 0);
            }
            for (int q = 0; q < cm; q++) {
                Ei[q] = s1[q] * Di[q];
                Ci[q] = s2[q] * Di[q];
            }
        }
        double[] Al = A[ell - 1];
        double sum = sum0;
        for (int s = 0; s < c; s++) {
            int j = j0 + s, xo = j * d;
            for (int a = 0; a < d; a++) {
                double ga = w[ox + a] + wq * x[xo + a];
                int r = s * R2 * mL + (1 + a) * mL;
                for (int k = 0; k < mL; k++) ga += w[ou + k] * Al[r + k];
                g[a] = ga;
            }
            // S = w_q I + Σ_i P_iᵀ diag(c_i) P_i, layers from the last down
            for (int t = 0; t < T; t++) st[t] = ta[t] == tb[t] ? wq : 0.0;
            for (int i = ell - 1; i >= 0; i--) kern.hessianSums(Cc[i], s * widths[i], Z[i], s * R2 * widths[i], widths[i], ta, tb, st);
            for (int t = 0; t < T; t++) {
                S[ta[t] * d + tb[t]] = st[t];
                S[tb[t] * d + ta[t]] = st[t];
            }
            sum += head.evaluate(j, x, xo, g, S, gBar, SBar, scratch);
            if (grad == null) continue;   // values only: no adjoint sweeps at all
            double tr = 0;
            for (int a = 0; a < d; a++) {
                double ga = scale * gBar[a];
                gb[s * d + a] = ga;
                grad[ox + a] += ga;
                grad[oq] += x[xo + a] * ga;
                int r = s * R2 * mL + (1 + a) * mL;
                for (int k = 0; k < mL; k++) grad[ou + k] += Al[r + k] * ga;
                for (int b = 0; b < d; b++) sb[(s * d + a) * d + b] = scale * (0.5 * (SBar[a * d + b] + SBar[b * d + a]));
                tr += sb[(s * d + a) * d + a];
            }
            grad[oq] += tr;
        }
        if (grad == null) return sum;
        // δ̄ sweep (layers from the first up)
        for (int i = 0; i < ell; i++) {
            int m = widths[i];
            double[] Zi = Z[i], Di = D[i], Ci = Cc[i], DBi = DB[i], ZBi = ZB[i], s1 = S1[i], s2 = S2[i], s3 = S3[i];
            if (i > 0) kern.mult(DB[i - 1], 0, c, widths[i - 1], p.Lt[i], 0, m, eb, 0);   // ē_i = δ̄_{i−1} L_iᵀ
            kern.hessianAdjointRows(Zi, sb, Ci, Di, s1, s2, s3, i > 0 ? eb : null, DBi, ZBi, c, m, d);
            if (i > 0) kern.multAddTransA(E[i], 0, c, m, DB[i - 1], 0, widths[i - 1], grad, net.offsetL(i));
        }
        double[] DBl = DB[ell - 1];
        for (int s = 0; s < c; s++)
            for (int k = 0; k < mL; k++) grad[ou + k] += DBl[s * mL + k];   // w̄_u += δ̄_ℓ
        // main backward sweep: seeds ū_ℓ = 0, J̄_ℓ = w_u ḡᵀ
        double[] ab = abar;
        for (int s = 0; s < c; s++) {
            int base = s * R2 * mL;
            Arrays.fill(ab, base, base + mL, 0.0);
            for (int a = 0; a < d; a++) {
                double ga = gb[s * d + a];
                int r = base + (1 + a) * mL;
                for (int k = 0; k < mL; k++) ab[r + k] = w[ou + k] * ga;
            }
        }
        for (int i = ell - 1; i >= 0; i--) {
            int m = widths[i];
            double[] Zi = Z[i], ZBi = ZB[i], s1 = S1[i], s2 = S2[i];
            kern.adjointRows(Zi, ab, ZBi, s1, s2, c, m, d);
            // b̄ += z̄, K̄ += z̄ xᵀ + P̄, summed sample after sample into the chunk's K̄ᵀ and b̄
            // accumulators (rows of neurons), moved to grad by endChunk.
            kern.addAffineAdjoint(ZBi, x, j0 * d, bAcc[i], kAcc[i], c, m, d);
            if (i > 0) {
                int mp = widths[i - 1];
                kern.multAddTransA(ZBi, 0, c * R2, m, A[i - 1], 0, mp, grad, net.offsetL(i));
                kern.mult(ZBi, 0, c * R2, m, w, net.offsetL(i), mp, ab, 0);
            }
        }
        return sum;
    }

    /** Zeroes the K̄ and b̄ accumulators: call before the first sub-block of a chunk. */
    void beginChunk() {
        for (int i = 0; i < ell; i++) {
            Arrays.fill(bAcc[i], 0.0);
            Arrays.fill(kAcc[i], 0.0);
        }
    }

    /**
     * Adds the chunk's K̄ and b̄ accumulators to {@code grad} (in the model's K layout). With
     * {@code grad} zero there before, this is exactly the sum the samples made.
     */
    void endChunk(BatchDerivatives.Prepared p, double[] grad) {
        for (int i = 0; i < ell; i++) {
            int mi = widths[i], offK = p.net.offsetK(i), offB = p.net.offsetB(i);
            double[] bb = bAcc[i], kb = kAcc[i];
            for (int k = 0; k < mi; k++) {
                grad[offB + k] += bb[k];
                for (int a = 0; a < d; a++) grad[offK + k * d + a] += kb[a * mi + k];
            }
        }
    }
}
