package org.icnnvarpro.inner;

import java.util.Arrays;
import java.util.List;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.kernels.Kernels;
import org.icnnvarpro.kernels.PackedSymmetric;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;

/**
 * The variable-projection inner problem (docs/math.md §5.1–5.4, thesis §3.2): for fixed hidden weights
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
 * {@code T = d(d+1)/2}; only the "curved" variables, whose Hessians are not all zero, take part)
 * and factors all of them at once, entry by entry in elementwise loops over the samples. The trace
 * terms use the Cholesky factor {@code S_j = C Cᵀ}: with {@code Ĥ^k = C⁻¹ H^k C⁻ᵀ},
 * {@code tr(S⁻¹H^k) = tr Ĥ^k} and {@code tr(S⁻¹H^k S⁻¹H^l) = ⟨Ĥ^k, Ĥ^l⟩_F}; stacking the packed,
 * weighted {@code Ĥ_j} of all samples into one (N·T × P) matrix makes the Hessian's second term a
 * single product {@code ĤᵀĤ} (formed block by block, so that a block stays in cache; as it is
 * symmetric, only the three column-panel products of its upper block triangle, as for the Gram matrix). A line search
 * uses {@link #setLine}: {@code S_j} is linear in {@code v}, so points {@code v + s·dir} cost only
 * the factorizations, without another pass over the packed Hessians.
 *
 * <p><b>Proximal term.</b> {@link #proximal} adds {@code (λ/2)‖v − c‖²} to {@code J} (gradient
 * {@code λ(v − c)}, Hessian {@code λI}), as slimTrain's Tikhonov term toward the previous weights;
 * the problem stays convex and becomes {@code λ}-strongly convex. Without it (the default) nothing
 * changes, bit for bit.
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
    /**
     * The curved variables: those whose feature Hessians {@code H_j^k} are not all zero (the
     * {@code x} features, for instance, are linear). Only they enter {@code S_j} and the trace terms.
     * {@code curved[c]} is the variable of curved column {@code c < pc}.
     */
    private final int[] curved;
    private final int pc;
    /**
     * Packed Hessians of the curved variables, (n·t × pc) row-major: {@code hp[(j*t + s)*pc + c] = H_j^{cols[curved[c]]}}
     * entry s. (Reading the input's rows in place instead, stride M, measured no faster: the copy's
     * rows are aligned for the whitening's vector loads.)
     */
    private final double[] hp;
    /** The kept columns of G in the Gram matrix's two panels (kept only to be recycled). */
    private final double[] gA, gB;
    /** The features this problem was built from (kept only to be recycled), or null. */
    private final BatchDerivatives.Features features;
    /** {@code (1/N) Σ_j G_jᵀ G_j} (p × p). */
    private final double[] gram;
    /** The packed layout of the d × d matrices {@code S_j}, {@code H_j^k}, their factors and inverses. */
    private final PackedSymmetric packed;
    /** Row and column of each packed entry. */
    private final int[] ta, tb;
    /** 1 for diagonal packed entries, 2 for off-diagonal ones (each stands for two matrix entries). */
    private final double[] weightT;

    /** Dense products (the Vector API kernels when available): Gram matrix and {@code ĤᵀĤ}. */
    private final Kernels kernels = Kernels.defaults();
    /**
     * {@code ĤᵀĤ}, accumulated block by block from the whitened block kept as two column panels:
     * curved columns {@code [0, ca)} and {@code [ca, pc)}, row strides {@code wa}, {@code wb}
     * ({@link PanelGram}).
     */
    private final PanelGram hatGram;
    private final int ca, wa, wb;

    /**
     * The packed Hessians transposed, sample-minor ("structure of arrays"), (p × n·t): row
     * {@code i} holds entry s of {@code H_j^{cols[i]}} at {@code s*n + j}. {@code S = Σ_i v_i·(row i)}
     * is then a sweep of long, vectorizable {@code axpy}s, and {@code S} comes out in the same
     * layout as the per-sample factorizations below. One array per row: C2 (JDK 17) vectorizes the
     * {@code axpy} only without an index offset.
     */
    private final double[][] hpT;

    // buffers; per-sample quantities are stored sample-minor (entry s of sample j at s*n + j), so
    // that the factorizations of all S_j run as elementwise, vectorizable loops over j
    /** {@code S_j} of the point being evaluated, packed. */
    private final double[] sPacked;
    /** Cholesky factors {@code C_j} ({@code S_j = C_j C_jᵀ}), lower entry (a, b), b ≤ a, at {@code packed.index(a, b)·n + j}. */
    private final double[] lf;
    /** {@code C_j⁻¹}, same layout as {@link #lf}. */
    private final double[] li;
    /** Gradient coefficients {@code weightT[s]·(S_j⁻¹)_s} at {@code s*n + j}. */
    private final double[] cw;
    /**
     * Per term q of the whitening: offsets into {@link #li} of its factors ({@code li[w1+j]·li[w2+j]},
     * plus {@code li[w3+j]·li[w4+j]} when {@code w3 ≥ 0}) and its row weight {@code sqrt(weightT[s]/N)}.
     */
    private final int[] w1, w2, w3, w4;
    private final double[] wScale;
    /** The whitening coefficients of one block of samples: term q of sample j0 + i at {@code q·BLOCK + i}. */
    private final double[] coefB;
    private final double[] gradAcc;
    /** {@code A·v} (A = the Gram matrix) of the point being evaluated: the quadratic part's gradient. */
    private final double[] quadGrad;
    /** Packed, weighted {@code Ĥ_j} of one block of samples, ({@link #BLOCK}·t × wa) and ({@link #BLOCK}·t × wb): the two panels. */
    private final double[] hatA, hatB;
    /**
     * The structurally nonzero terms of the whitening {@code Ĥ_s = Σ_u coef_su H_u} (packed
     * entries s = (a,b), u = (c,e)): {@code coef_su ≠ 0} only if {@code c ≤ a} and {@code e ≤ b},
     * as {@code C⁻¹} is lower triangular. {@code whitenU[whitenStart[s] .. whitenStart[s+1])}.
     */
    private final int[] whitenStart, whitenU;
    /**
     * Whether the terms are those of {@link Kernels#whiten3}: three packed entries (d = 2), row s a
     * combination of rows {@code u ≤ s} in order. Then a block is whitened by that kernel, else row
     * by row ({@link Kernels#combineRows}); the bits are the same.
     */
    private final boolean whiten3;

    // the line set by setLine: S_j(v), S_j(dir), A·v, A·dir, vᵀAv, vᵀA dir, dirᵀA dir
    private final double[] lineS0, lineS1, lineAv, lineAd;
    /** The weights of the curved columns, for {@link #formS}. */
    private final double[] coef0, coef1;
    private double lineVav, lineVad, lineDad;
    private boolean lineSet;
    /** Weight {@code λ} and center {@code c} (variables) of the proximal term {@code (λ/2)‖v − c‖²}; λ = 0: none. */
    private double proxWeight;
    private double[] proxCenter;

    /** Samples per block of whitened Hessians (so that a block stays in the L2 cache). */
    private static final int BLOCK = 64;

    /**
     * The inner problem of {@code net}'s hidden layers on the batch {@code x} (one forward pass
     * through {@link BatchDerivatives#features}). Quadratic mode follows {@link Icnn#quadratic()}.
     */
    public static InnerProblem of(Icnn net, Samples x) {
        try (BatchDerivatives engine = new BatchDerivatives()) {
            return of(engine.features(net, x), net.quadratic(), null, true);
        }
    }

    /** The inner problem of {@code net} on {@code x}, propagating with the given engine. */
    public static InnerProblem of(BatchDerivatives engine, Icnn net, Samples x) {
        return of(engine, net, x, null);
    }

    /**
     * As {@link #of(BatchDerivatives, Icnn, Samples)}, reusing the features and per-sample buffers
     * of {@code previous} (a problem of the same network shape and batch size, e.g. the previous
     * evaluation of a training run) instead of allocating new ones: about 4 MB per problem at
     * N = 1024, 4×32, d = 2. {@code previous} must not be used afterwards. The result is the same,
     * bit for bit, as without it; with another shape, or null, new buffers are allocated.
     */
    public static InnerProblem of(BatchDerivatives engine, Icnn net, Samples x, InnerProblem previous) {
        BatchDerivatives.Features f = engine.features(net, x, previous == null ? null : previous.features);
        return of(f, net.quadratic(), previous, true);
    }

    /**
     * The inner problem from precomputed features: the {@code ½‖x‖²} column (the last one) is a
     * variable when {@code quadratic}, otherwise it is dropped ({@code w_q = 0}).
     */
    public static InnerProblem of(BatchDerivatives.Features f, boolean quadratic) {
        return of(f, quadratic, null, false);
    }

    /**
     * As {@link #of(BatchDerivatives.Features, boolean)}, reusing the per-sample buffers of
     * {@code previous} (a problem of the same shape, not to be used afterwards) when the shapes agree;
     * the result is the same, bit for bit. {@code f} itself is never written to.
     */
    public static InnerProblem of(BatchDerivatives.Features f, boolean quadratic, InnerProblem previous) {
        return of(f, quadratic, previous, false);
    }

    /** With {@code ownsFeatures}, {@code f} is the problem's own, and a later problem may recycle it. */
    private static InnerProblem of(BatchDerivatives.Features f, boolean quadratic, InnerProblem previous, boolean ownsFeatures) {
        return new InnerProblem(f.n, f.d, f.m, f.G, f.H, constrainedColumns(f.m, f.d), keptColumns(f.m, quadratic), quadratic,
                ownsFeatures ? f : null, previous);
    }

    /**
     * The inner problem on the union of several batches' features (all of one network shape), as
     * if they were one batch: {@code J} averages over all their samples. The features need not come
     * from the same hidden weights (slimTrain's memory keeps those of earlier batches as they were
     * computed). The arrays are copied.
     */
    public static InnerProblem of(List<BatchDerivatives.Features> parts, boolean quadratic) {
        if (parts.isEmpty()) throw new IllegalArgumentException("no features");
        BatchDerivatives.Features f0 = parts.get(0);
        int n = 0;
        for (BatchDerivatives.Features f : parts) {
            if (f.d != f0.d || f.m != f0.m)
                throw new IllegalArgumentException("features of different shapes: d = " + f.d + ", M = " + f.m + " after d = " + f0.d + ", M = " + f0.m);
            n += f.n;
        }
        int d = f0.d, m = f0.m, t = f0.t;
        double[] g = new double[n * d * m], h = new double[n * t * m];
        int og = 0, oh = 0;
        for (BatchDerivatives.Features f : parts) {
            System.arraycopy(f.G, 0, g, og, f.n * d * m);
            System.arraycopy(f.H, 0, h, oh, f.n * t * m);
            og += f.n * d * m;
            oh += f.n * t * m;
        }
        return new InnerProblem(n, d, m, g, h, constrainedColumns(m, d), keptColumns(m, quadratic), quadratic, null, null);
    }

    /** The features {@code u_ℓ} and {@code ½‖x‖²} have constrained weights; {@code x} does not. */
    private static boolean[] constrainedColumns(int m, int d) {
        boolean[] cons = new boolean[m];
        for (int k = 0; k < m - d - 1; k++) cons[k] = true;
        cons[m - 1] = true;
        return cons;
    }

    /** All columns, but the {@code ½‖x‖²} one only in quadratic mode. */
    private static boolean[] keptColumns(int m, boolean quadratic) {
        boolean[] keep = new boolean[m];
        Arrays.fill(keep, true);
        if (!quadratic) keep[m - 1] = false;
        return keep;
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
        return new InnerProblem(n, d, m, G, H, constrained.clone(), keep.clone(), keep[m - 1], null, null);
    }

    private InnerProblem(int n, int d, int m, double[] G, double[] H, boolean[] cons, boolean[] keep, boolean quadratic,
                         BatchDerivatives.Features features, InnerProblem previous) {
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
        // one pass over each input array: finiteness, and which kept Hessian columns are not all zero
        checkFinite(G, n * d, m, "feature gradients");
        double[] absH = checkFinite(H, n * t, m, "feature Hessians");
        int[] cv = new int[p];
        int nCurved = 0;
        for (int i = 0; i < p; i++) if (absH[cols[i]] != 0.0) cv[nCurved++] = i;
        curved = Arrays.copyOf(cv, nCurved);
        pc = nCurved;
        this.features = features;
        // the previous problem's buffers if every array has the same shape (then the entries no pass
        // writes, the panels' padding, are zero in both)
        InnerProblem old = previous != null && previous.n == n && previous.d == d && previous.mFull == m && previous.p == p
                && previous.pc == pc ? previous : null;
        int[] hcol = new int[pc];
        for (int c = 0; c < pc; c++) hcol[c] = cols[curved[c]];
        hp = old != null ? old.hp : new double[n * t * pc];
        copyColumns(H, m, hcol, 0, pc, n * t, hp, pc);
        // the Gram matrix from the kept columns of G, as symmetric panel products
        PanelGram g = new PanelGram(p, kernels);
        int ga = g.split, nd = n * d;
        gA = old != null ? old.gA : new double[nd * g.strideA];
        gB = old != null ? old.gB : new double[nd * g.strideB];
        copyColumns(G, m, cols, 0, ga, nd, gA, g.strideA);
        copyColumns(G, m, cols, ga, p, nd, gB, g.strideB);
        g.add(gA, gB, nd);
        gram = new double[p * p];
        double invN = 1.0 / n;
        // exactly symmetric: the upper triangle, mirrored
        for (int i = 0; i < p; i++) {
            for (int k = i; k < p; k++) {
                double v = g.get(i, k) * invN;
                gram[i * p + k] = v;
                gram[k * p + i] = v;
            }
        }
        packed = new PackedSymmetric(d);
        ta = packed.rows();
        tb = packed.cols();
        weightT = new double[t];
        for (int s = 0; s < t; s++) weightT[s] = ta[s] == tb[s] ? 1.0 : 2.0;
        hpT = old != null ? old.hpT : new double[pc][n * t];
        // hpT[c][s·n + j] = hp[(j·t + s)·pc + c]
        for (int s = 0; s < t; s++) kernels.gatherColumns(hp, s * pc, t * pc, n, pc, hpT, s * n);
        whitenStart = new int[t + 1];
        int[] us = new int[t * t];
        int nu = 0;
        for (int s = 0; s < t; s++) {
            whitenStart[s] = nu;
            for (int u = 0; u < t; u++) if (ta[u] <= ta[s] && tb[u] <= tb[s]) us[nu++] = u;
        }
        whitenStart[t] = nu;
        whitenU = Arrays.copyOf(us, nu);
        whiten3 = Arrays.equals(whitenStart, new int[] {0, 1, 3, 6}) && Arrays.equals(whitenU, new int[] {0, 0, 1, 0, 1, 2});
        sPacked = old != null ? old.sPacked : new double[n * t];
        lf = old != null ? old.lf : new double[n * t];
        li = old != null ? old.li : new double[n * t];
        cw = old != null ? old.cw : new double[n * t];
        w1 = new int[nu];
        w2 = new int[nu];
        w3 = new int[nu];
        w4 = new int[nu];
        wScale = new double[nu];
        coefB = old != null ? old.coefB : new double[nu * BLOCK];
        double scaleHat = Math.sqrt(1.0 / n);
        for (int s = 0; s < t; s++) {
            int a = ta[s], b = tb[s];
            double wgt = Math.sqrt(weightT[s]) * scaleHat;
            for (int term = whitenStart[s]; term < whitenStart[s + 1]; term++) {
                int u = whitenU[term], c = ta[u], e = tb[u];
                w1[term] = packed.index(a, c) * n;
                w2[term] = packed.index(b, e) * n;
                boolean second = c != e && e <= a;   // Ci_ae = 0 for e > a (lower triangular)
                w3[term] = second ? packed.index(a, e) * n : -1;
                w4[term] = second ? packed.index(b, c) * n : -1;
                wScale[term] = wgt;
            }
        }
        gradAcc = new double[pc];
        coef0 = new double[pc];
        coef1 = new double[pc];
        quadGrad = new double[p];
        hatGram = new PanelGram(pc, kernels);
        ca = hatGram.split;
        wa = hatGram.strideA;
        wb = hatGram.strideB;
        hatA = old != null ? old.hatA : new double[Math.min(n, BLOCK) * t * wa];
        hatB = old != null ? old.hatB : new double[Math.min(n, BLOCK) * t * wb];
        lineS0 = old != null ? old.lineS0 : new double[n * t];
        lineS1 = old != null ? old.lineS1 : new double[n * t];
        lineAv = new double[p];
        lineAd = new double[p];
    }

    /**
     * Per column k of the {@code rows × m} array {@code X}, {@code Σ_r |X[r·m + k]|}: 0 exactly for a
     * column of zeros. Throws, naming the first entry that is NaN or infinite, if there is one (a
     * sum that is not finite without one only overflowed, and counts as nonzero).
     */
    private double[] checkFinite(double[] X, int rows, int m, String what) {
        double[] abs = new double[m];
        kernels.absColumnSums(X, rows, m, abs);
        for (double a : abs) {
            if (Double.isFinite(a)) continue;
            for (int i = 0; i < rows * m; i++)
                if (!Double.isFinite(X[i])) throw new IllegalArgumentException(what + " contain " + X[i]);
            break;
        }
        return abs;
    }

    /**
     * {@code Y[r·yStride + i − i0] = X[r·m + cols[i]]} for {@code i0 ≤ i < i1} and all rows, copied
     * as runs of consecutive columns.
     */
    private static void copyColumns(double[] X, int m, int[] cols, int i0, int i1, int rows, double[] Y, int yStride) {
        for (int a = i0; a < i1; ) {
            int b = a + 1;
            while (b < i1 && cols[b] == cols[b - 1] + 1) b++;
            int src = cols[a], dst = a - i0, len = b - a;
            for (int r = 0; r < rows; r++) System.arraycopy(X, r * m + src, Y, r * yStride + dst, len);
            a = b;
        }
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

    /**
     * Adds the proximal term {@code (λ/2)‖v − c‖²} to {@code J} from now on ({@code λ = 0} removes it),
     * with the center given as full last-layer weights {@code centerFull} (as from {@link Icnn#last()};
     * a held {@code w_q} must be 0). Clears the line of {@link #setLine}. Returns this problem.
     */
    public InnerProblem proximal(double lambda, double[] centerFull) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) throw new IllegalArgumentException("proximal weight must be >= 0 and finite, got " + lambda);
        double[] c = fromFull(centerFull);
        for (double x : c) if (!Double.isFinite(x)) throw new IllegalArgumentException("proximal center is not finite: " + Arrays.toString(centerFull));
        proxWeight = lambda;
        proxCenter = lambda == 0 ? null : c;
        lineSet = false;
        return this;
    }

    /** The weight {@code λ} of the proximal term (0: none). */
    public double proximalWeight() { return proxWeight; }

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
     * Prepares evaluations on the line {@code v + s·dir} (a line search): as {@code S_j} is
     * linear in the weights, {@code S_j(v + s·dir) = S_j(v) + s·S_j(dir)}, and the quadratic part is
     * {@code ½ vᵀAv + s·vᵀA dir + ½ s²·dirᵀA dir}. Both products with the (n·T × P) Hessians and
     * with the Gram matrix {@code A} are formed here, once; each {@link #valueOnLine} then costs
     * only the per-sample factorizations of {@code S_j}. The line stays set until the next call
     * (other evaluations do not disturb it).
     */
    public void setLine(double[] v, double[] dir) {
        checkLength(v);
        checkLength(dir);
        formS(v, lineS0, dir, lineS1);
        lineVav = gramTimes(v, v, lineAv);
        lineVad = 0;
        for (int i = 0; i < p; i++) lineVad += lineAv[i] * dir[i];
        lineDad = gramTimes(dir, dir, lineAd);
        if (proxWeight != 0) {   // (λ/2)‖v − c + s·dir‖² joins the quadratic part
            double lam = proxWeight;
            for (int i = 0; i < p; i++) {
                double r = v[i] - proxCenter[i];
                lineVav += lam * r * r;
                lineVad += lam * r * dir[i];
                lineDad += lam * dir[i] * dir[i];
                lineAv[i] += lam * r;
                lineAd[i] += lam * dir[i];
            }
        }
        lineSet = true;
    }

    /** {@code J(v + s·dir)} on the line of {@link #setLine}; {@code +∞} if some {@code S_j} is not positive definite. */
    public double valueOnLine(double s) {
        return evaluateOnLine(s, null, null);
    }

    /**
     * {@code J(v + s·dir)} and its gradient (into {@code grad}) on the line of {@link #setLine};
     * {@code +∞} (and {@code grad} unspecified) if some {@code S_j} is not positive definite.
     */
    public double valueGradientOnLine(double s, double[] grad) {
        if (grad.length != p) throw new IllegalArgumentException("gradient buffer needs " + p + " entries");
        return evaluateOnLine(s, grad, null);
    }

    /**
     * {@code J(v + s·dir)} with gradient and Hessian on the line of {@link #setLine} (the point a
     * line search accepted, without forming its {@code S_j} again); as {@link #valueGradientHessian}.
     */
    public double valueGradientHessianOnLine(double s, double[] grad, double[] hess) {
        if (grad.length != p) throw new IllegalArgumentException("gradient buffer needs " + p + " entries");
        if (hess.length != p * p) throw new IllegalArgumentException("Hessian buffer needs " + p * p + " entries");
        return evaluateOnLine(s, grad, hess);
    }

    private double evaluateOnLine(double s, double[] grad, double[] hess) {
        if (!lineSet) throw new IllegalStateException("no line set (call setLine first)");
        if (!Double.isFinite(s)) return Double.POSITIVE_INFINITY;
        for (int r = 0; r < n * t; r++) sPacked[r] = lineS0[r] + s * lineS1[r];
        double quad = lineVav + s * (2 * lineVad + s * lineDad);
        if (grad != null) for (int i = 0; i < p; i++) quadGrad[i] = lineAv[i] + s * lineAd[i];
        return evaluateFormed(quad, grad, hess);
    }

    /**
     * The first sample whose {@code S_j(v)} is not positive definite, or −1 if all are (for
     * error messages and feasibility repair).
     */
    public int firstNotPositiveDefinite(double[] v) {
        checkLength(v);
        formS(v, sPacked, null, null);
        packed.factor(sPacked, lf, n);
        return packed.firstFailure(lf, n);
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
        formS(v, sPacked, null, null);
        double quad = gramTimes(v, v, quadGrad);
        if (proxWeight != 0) {   // (λ/2)‖v − c‖² joins the quadratic part
            for (int i = 0; i < p; i++) {
                double r = v[i] - proxCenter[i];
                quad += proxWeight * r * r;
                quadGrad[i] += proxWeight * r;
            }
        }
        return evaluateFormed(quad, grad, hess);
    }

    /**
     * {@code J}, and if requested its gradient and Hessian, from {@code sPacked} (the {@code S_j})
     * and the quadratic part {@code quad = vᵀAv} with gradient {@code quadGrad = A·v}.
     */
    private double evaluateFormed(double quad, double[] grad, double[] hess) {
        double inv = 1.0 / n;
        packed.factor(sPacked, lf, n);
        // Σ_j log det C_j, NaN if some S_j is not positive definite (compensated: a plain sum's rounding
        // error, growing like N·ulp, makes J noisy at the level of the last Newton decrements)
        double logDet = packed.sumLogDet(lf, n);
        if (!(logDet == logDet)) return Double.POSITIVE_INFINITY;
        if (grad == null && hess == null) return finish(quad, logDet, inv);
        packed.invertFactors(lf, li, n);
        // gradient: tr(S_j⁻¹ H_j^k) = Σ_s weightT[s] (S_j⁻¹)_s H_j,s^k, with (S⁻¹)_ab = Σ_{k ≥ b} Ci_ka Ci_kb
        for (int s = 0; s < t; s++) {
            int a = ta[s], b = tb[s], o = s * n;
            Arrays.fill(cw, o, o + n, 0.0);
            for (int k = b; k < d; k++) {
                int qa = packed.index(k, a) * n, qb = packed.index(k, b) * n;
                for (int j = 0; j < n; j++) cw[o + j] += li[qa + j] * li[qb + j];
            }
            double w = weightT[s];
            for (int j = 0; j < n; j++) cw[o + j] *= w;
        }
        // Σ_j Σ_s c_js·(row js of hp), rows in order (the same sums, in the same order, as in the
        // Hessian's pass below, so that both paths give the same bits)
        double[] acc = gradAcc;
        Arrays.fill(acc, 0.0);
        if (hess == null) {
            for (int j = 0; j < n; j++) accumulateTraces(j);
            finishGradient(grad);
            return finish(quad, logDet, inv);
        }

        // Hessian: Ĥ^k = C⁻¹ H^k C⁻ᵀ, packed, row s weighted by sqrt(weightT[s]/N) so that Σ rows²
        // gives ⟨·,·⟩_F/N. Term q = (s, u) of the whitening contributes coef·(row u of H) to row s:
        // coef = (Ci_ac Ci_be + [c ≠ e] Ci_ae Ci_bc)·sqrt(weightT[s]/N), s = (a,b), u = (c,e).
        // the coefficient of term q for sample j, li[w1+j]·li[w2+j] (+ li[w3+j]·li[w4+j])·wScale, is computed
        // for one block of samples at a time (a block's coefficients stay in the L2 cache)
        double[] ha = hatA, hb = hatB;
        hatGram.reset();
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            int j1 = Math.min(n, j0 + BLOCK);
            double[] cb = coefB;
            for (int q = 0; q < w1.length; q++) {
                int o = q * BLOCK - j0, q1 = w1[q], q2 = w2[q], q3 = w3[q], q4 = w4[q];
                for (int j = j0; j < j1; j++) cb[o + j] = li[q1 + j] * li[q2 + j];
                if (q3 >= 0) for (int j = j0; j < j1; j++) cb[o + j] += li[q3 + j] * li[q4 + j];
                double wgt = wScale[q];
                for (int j = j0; j < j1; j++) cb[o + j] *= wgt;
            }
            if (whiten3) {   // d = 2: each sample's three rows of hp read once, for its whitened rows and traces
                int xo = j0 * t * pc;
                kernels.whiten3(cb, BLOCK, cw, j0, n, j1 - j0, hp, xo, pc, ha, 0, wa, gradAcc, 0, ca);
                kernels.whiten3(cb, BLOCK, cw, j0, n, j1 - j0, hp, xo + ca, pc, hb, 0, wb, gradAcc, ca, pc - ca);
            } else for (int j = j0; j < j1; j++) {
                accumulateTraces(j);
                int hrow = j * t * pc, brow = (j - j0) * t;
                for (int s = 0; s < t; s++) {
                    // the first term assigns, so the rows need no clearing (their padding columns stay 0)
                    int oa = (brow + s) * wa, ob = (brow + s) * wb - ca;
                    int q0 = whitenStart[s], q1 = whitenStart[s + 1];
                    int co = q0 * BLOCK + j - j0;
                    kernels.combineRows(cb, co, BLOCK, whitenU, q0, q1, hp, hrow, pc, ha, oa, ca);
                    kernels.combineRows(cb, co, BLOCK, whitenU, q0, q1, hp, hrow + ca, pc, hb, ob + ca, pc - ca);
                }
            }
            int rows = (j1 - j0) * t;
            hatGram.add(ha, hb, rows);
        }
        finishGradient(grad);
        for (int i = 0; i < p; i++) {
            for (int k = i; k < p; k++) {
                hess[i * p + k] = gram[i * p + k];
                hess[k * p + i] = gram[i * p + k];
            }
        }
        for (int c = 0; c < pc; c++) {
            for (int e = c; e < pc; e++) {
                int i = curved[c], k = curved[e];
                double h = gram[i * p + k] + hatGram.get(c, e);
                hess[i * p + k] = h;
                hess[k * p + i] = h;
            }
        }
        if (proxWeight != 0) for (int i = 0; i < p; i++) hess[i * p + i] += proxWeight;
        return finish(quad, logDet, inv);
    }

    /** {@code gradAcc += Σ_s c_js·(row js of hp)}: sample j's trace terms {@code tr(S_j⁻¹ H_j^k)}. */
    private void accumulateTraces(int j) {
        double[] acc = gradAcc;
        for (int s = 0; s < t; s++) {
            double c = cw[s * n + j];
            int row = (j * t + s) * pc;
            kernels.addScaledRow(c, hp, row, acc, 0, pc);
        }
    }

    /** {@code grad = A·v − (1/N)·Σ_j tr(S_j⁻¹ H_j^k)} from {@code quadGrad} and {@code gradAcc} (if grad is wanted). */
    private void finishGradient(double[] grad) {
        if (grad == null) return;
        System.arraycopy(quadGrad, 0, grad, 0, p);
        double inv = 1.0 / n;
        for (int c = 0; c < pc; c++) grad[curved[c]] -= inv * gradAcc[c];
    }

    /** {@code out = A·x} (A the Gram matrix); returns {@code yᵀA x}. */
    private double gramTimes(double[] x, double[] y, double[] out) {
        double q = 0;
        for (int i = 0; i < p; i++) {
            double s = 0;
            int row = i * p;
            for (int k = 0; k < p; k++) s += gram[row + k] * x[k];
            out[i] = s;
            q += s * y[i];
        }
        return q;
    }

    private static double finish(double quad, double logDet, double inv) {
        double value = 0.5 * quad - 2.0 * logDet * inv;
        if (!Double.isFinite(value)) return Double.POSITIVE_INFINITY;
        return value;
    }

    /**
     * {@code out0 = H·x0} for all samples and packed entries (and {@code out1 = H·x1} in the same
     * sweep, if given), summed over the variables in increasing order.
     */
    private void formS(double[] x0, double[] out0, double[] x1, double[] out1) {
        for (int c = 0; c < pc; c++) {
            coef0[c] = x0[curved[c]];
            if (x1 != null) coef1[c] = x1[curved[c]];
        }
        kernels.sumScaledRows(hpT, coef0, out0, x1 == null ? null : coef1, out1, n * t);
    }

    @Override
    public String toString() {
        return "InnerProblem[N=" + n + ", d=" + d + ", " + p + " variables (" + nConstrained + " constrained)"
                + (quadratic ? ", quadratic" : ", thesis mode (w_q = 0)") + "]";
    }
}
