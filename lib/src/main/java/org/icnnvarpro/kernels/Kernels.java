package org.icnnvarpro.kernels;

import java.util.Arrays;
import java.util.Locale;

/**
 * The computational kernels of the library behind one interface, with two implementations that give
 * the same bits: the plain Java loops of {@link Dense} and scalar rules, and register-blocked
 * micro-kernels and lane-wise rules on the incubating Vector API ({@code jdk.incubator.vector}) that
 * run at AVX2/AVX-512 rates. Three groups of operations:
 * <ul>
 *   <li>the dense products of a layer and of a Gram matrix: {@link #mult}, {@link #multAddTransA},
 *       {@link #multAddTransAUpper};</li>
 *   <li>row kernels of the inner problem's Newton step: {@link #addScaledRow}, {@link #combineRows},
 *       {@link #sumScaledRows}, {@link #gatherColumns}, {@link #absColumnSums}, {@link #whiten3};</li>
 *   <li>the elementwise rules of a layer of {@code org.icnnvarpro.model.BatchDerivatives} (softplus
 *       and its derivatives, the forward σ-rule of the gradient and Hessian rows, their adjoints, the
 *       {@code K}, {@code b} terms, one layer's share of the input Hessian): {@link #softplus},
 *       {@link #activateRows}, {@link #addAffine}, {@link #adjointRows}, {@link #hessianAdjointRows},
 *       {@link #addAffineAdjoint}, {@link #hessianSums}. They are public only for that class; each
 *       states the recurrence it computes.</li>
 * </ul>
 *
 * <p>The vector kernels need the module at run time ({@code java --add-modules jdk.incubator.vector
 * ...}); without it the class that uses the module is never loaded and the plain loops are used, so
 * the jar works on any JDK 17 launch. The choice is made once, from the system property
 * {@code icnn.kernels} ({@code auto} (default): vector if the module is present; {@code plain};
 * {@code vector}: fail if the module is absent).
 *
 * <p>Both implementations perform, for every output entry, the same fused multiply-adds in the same
 * order (a chain over the summation index in increasing order, starting from 0 for {@code mult}
 * and from the old value for {@code multAddTransA}), so their results are bit-identical. The
 * elementwise rules are the same operations per entry, lane by lane; the one reduction
 * ({@code hessianSums}) keeps four partial sums in both.
 */
public abstract class Kernels {
    Kernels() {}

    /** Short name: {@code "plain"} or {@code "vector"} (with the vector length in doubles). */
    public abstract String name();

    /**
     * Doubles per vector register (1 for the plain loops): rows whose length is a multiple of it run
     * on whole vectors only in the products (shorter remainders run as scalar loops).
     */
    public int lanes() {
        return 1;
    }

    /** {@code C = A·B}: shapes as {@link Dense#mult}. */
    public abstract void mult(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff);

    /** {@code C += Aᵀ·B}: shapes as {@link Dense#multAddTransA}. */
    public abstract void multAddTransA(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff);

    /**
     * {@code C += Aᵀ·A} (A: r × n, C: n × n) on and above the diagonal lane blocks: every entry
     * {@code (i, j)} with {@code j ≥ lanes()·⌊i/lanes()⌋} gets the same chain as in
     * {@link #multAddTransA}; the entries left of those blocks may be left as they are.
     */
    public void multAddTransAUpper(double[] A, int aOff, int r, int n, double[] C, int cOff) {
        multAddTransA(A, aOff, r, n, A, aOff, n, C, cOff);
    }

    /**
     * {@code y[yo + k] += a·x[xo + k]} for {@code k < len}: a product, then a sum (no fused
     * multiply-add), as the Java expression.
     */
    public void addScaledRow(double a, double[] x, int xo, double[] y, int yo, int len) {
        for (int k = 0; k < len; k++) y[yo + k] += a * x[xo + k];
    }

    /**
     * A combination of rows: {@code y[yo + k] = Σ_q c_q·X[xo + rows[q]·xStride + k]} for
     * {@code k < len}, over {@code q = q0..q1−1} ({@code q1 > q0}) with
     * {@code c_q = coef[cOff + (q − q0)·cStride]}: the first term assigned, the others added in order,
     * each as a product and then a sum (the same bits as a scaled first row followed by
     * {@link #addScaledRow}s).
     */
    public void combineRows(double[] coef, int cOff, int cStride, int[] rows, int q0, int q1, double[] X, int xo, int xStride,
                            double[] y, int yo, int len) {
        double c0 = coef[cOff];
        for (int k = 0, x0 = xo + rows[q0] * xStride; k < len; k++) y[yo + k] = c0 * X[x0 + k];
        for (int q = q0 + 1; q < q1; q++) addScaledRow(coef[cOff + (q - q0) * cStride], X, xo + rows[q] * xStride, y, yo, len);
    }

    /**
     * Two combinations of the same rows: {@code y0[k] = Σ_c a_c·X_c[k]} and, unless {@code y1} is
     * null, {@code y1[k] = Σ_c b_c·X_c[k]}, for {@code k < len} over the rows {@code c} of {@code X}
     * in order, each sum starting from +0 and each term a product and then a sum.
     */
    public void sumScaledRows(double[][] X, double[] a, double[] y0, double[] b, double[] y1, int len) {
        sumScaledRows(X, a, y0, b, y1, len, 0);
    }

    /** {@link #sumScaledRows} for entries {@code from..len−1} only. */
    final void sumScaledRows(double[][] X, double[] a, double[] y0, double[] b, double[] y1, int len, int from) {
        // in blocks of entries, so that the block of the outputs stays in the L1 cache over all rows
        for (int k0 = from; k0 < len; k0 += SUM_BLOCK) {
            int k1 = Math.min(len, k0 + SUM_BLOCK);
            Arrays.fill(y0, k0, k1, 0.0);
            if (y1 != null) Arrays.fill(y1, k0, k1, 0.0);
            for (int c = 0; c < X.length; c++) {
                double[] x = X[c];
                double ac = a[c];
                if (y1 == null) {
                    for (int k = k0; k < k1; k++) y0[k] += ac * x[k];
                } else {
                    double bc = b[c];
                    for (int k = k0; k < k1; k++) {
                        double h = x[k];
                        y0[k] += ac * h;
                        y1[k] += bc * h;
                    }
                }
            }
        }
    }

    /** Entries per block of {@link #sumScaledRows} (two outputs of 4 KB). */
    private static final int SUM_BLOCK = 512;

    /**
     * Strided columns to rows: {@code Y[c][yo + i] = X[xo + i·stride + c]} for {@code i < rows},
     * {@code c < cols} (a transposition, when {@code stride} is the row length of X).
     */
    public void gatherColumns(double[] X, int xo, int stride, int rows, int cols, double[][] Y, int yo) {
        gatherColumns(X, xo, stride, rows, cols, Y, yo, 0);
    }

    /** {@link #gatherColumns} for {@code i ≥ from} only. */
    final void gatherColumns(double[] X, int xo, int stride, int rows, int cols, double[][] Y, int yo, int from) {
        // in blocks of 32 rows, so that the block of X being read stays in the L1 cache
        for (int i0 = from; i0 < rows; i0 += 32) {
            int i1 = Math.min(rows, i0 + 32);
            for (int c = 0; c < cols; c++) {
                double[] y = Y[c];
                for (int i = i0; i < i1; i++) y[yo + i] = X[xo + i * stride + c];
            }
        }
    }

    /**
     * Column sums of absolute values: {@code sums[k] = Σ_r |X[r·m + k]|} for {@code k < m}, over the
     * rows {@code r < rows} in order, from +0.
     */
    public void absColumnSums(double[] X, int rows, int m, double[] sums) {
        absColumnSums(X, rows, m, sums, 0);
    }

    /** {@link #absColumnSums} for columns {@code from..m−1} only. */
    final void absColumnSums(double[] X, int rows, int m, double[] sums, int from) {
        Arrays.fill(sums, from, m, 0.0);
        for (int r = 0; r < rows; r++) {
            int o = r * m;
            for (int k = from; k < m; k++) sums[k] += Math.abs(X[o + k]);
        }
    }

    /**
     * The whitening of the inner problem for d = 2 (three packed Hessian entries per sample) on a
     * block of {@code count} samples and columns {@code [0, len)}: with
     * {@code h_u = X[xo + (3i + u)·xStride ..]} (u &lt; 3) and {@code w_q = coef[q·cStride + i]},
     * <pre>
     *   row 3i     of Y = w_0 h_0
     *   row 3i + 1 of Y = w_1 h_0 + w_2 h_1
     *   row 3i + 2 of Y = w_3 h_0 + w_4 h_1 + w_5 h_2          (rows of Y from yo, stride yStride)
     *   acc[ao ..]     += g_0 h_0 + g_1 h_1 + g_2 h_2          (g_s = g[gOff + s·gStride + i]), samples in order
     * </pre>
     * each term a product and then a sum, left to right: the same bits as {@link #combineRows} for
     * each row and {@link #addScaledRow} for each term of {@code acc}, but each {@code h_u} is read
     * once for all four (about 4× faster than those calls row by row at 16-entry rows).
     */
    public void whiten3(double[] coef, int cStride, double[] g, int gOff, int gStride, int count,
                        double[] X, int xo, int xStride, double[] Y, int yo, int yStride, double[] acc, int ao, int len) {
        for (int i = 0; i < count; i++) {
            int x0 = xo + 3 * i * xStride, x1 = x0 + xStride, x2 = x1 + xStride;
            int y0 = yo + 3 * i * yStride, y1 = y0 + yStride, y2 = y1 + yStride;
            double w0 = coef[i], w1 = coef[cStride + i], w2 = coef[2 * cStride + i];
            double w3 = coef[3 * cStride + i], w4 = coef[4 * cStride + i], w5 = coef[5 * cStride + i];
            double g0 = g[gOff + i], g1 = g[gOff + gStride + i], g2 = g[gOff + 2 * gStride + i];
            for (int k = 0; k < len; k++) {
                double h0 = X[x0 + k], h1 = X[x1 + k], h2 = X[x2 + k];
                Y[y0 + k] = w0 * h0;
                Y[y1 + k] = w1 * h0 + w2 * h1;
                Y[y2 + k] = w3 * h0 + w4 * h1 + w5 * h2;
                acc[ao + k] = acc[ao + k] + g0 * h0 + g1 * h1 + g2 * h2;
            }
        }
    }

    /**
     * Softplus and its derivatives for samples {@code 0..c−1} of a layer of {@code m} neurons
     * (docs/math.md §1.3): {@code z} of sample s, neuron k is {@code Z[s·stride + k]};
     * {@code σ'}, {@code σ''}, {@code σ'''} go to {@code s1, s2, s3[s·m + k]} and, if {@code withValue},
     * {@code σ(z)} to {@code A[s·stride + k]}. Per entry exactly {@link SoftplusMath#rule}.
     */
    public void softplus(double[] Z, int stride, double[] A, double[] s1, double[] s2, double[] s3, int c, int m, boolean withValue) {
        for (int s = 0; s < c; s++) {
            int base = s * stride, so = s * m;
            for (int k = 0; k < m; k++)
                SoftplusMath.rule(Z[base + k], A, base + k, s1, so + k, s2, so + k, s3, so + k, withValue);
        }
    }

    /**
     * Forward σ-rule of a layer for samples {@code 0..c−1} (docs/math.md §2.1, §2.3), rows of {@code m} entries,
     * {@code R = 1 + d + T} rows per sample, given {@code σ'} in {@code s1} and {@code σ''} in
     * {@code s2} ({@code c × m}): {@code J = σ'·P} and {@code H_t = σ''·p_a p_b + σ'·Q_t}
     * (row 0, the value, is left to the caller). Element by element:
     * {@code A = s1·Z} and {@code A = (s2·Z_a)·Z_b + s1·Z_t}.
     */
    public void activateRows(double[] Z, double[] A, double[] s1, double[] s2, int c, int m, int d, int[] ta, int[] tb) {
        int T = ta.length, R = 1 + d + T;
        for (int s = 0; s < c; s++) {
            int base = s * R * m, so = s * m;
            for (int a = 0; a < d; a++) {
                int r = base + (1 + a) * m;
                for (int k = 0; k < m; k++) A[r + k] = s1[so + k] * Z[r + k];
            }
            for (int t = 0; t < T; t++) {
                int r = base + (1 + d + t) * m, ra = base + (1 + ta[t]) * m, rb = base + (1 + tb[t]) * m;
                for (int k = 0; k < m; k++) A[r + k] = s2[so + k] * Z[ra + k] * Z[rb + k] + s1[so + k] * Z[r + k];
            }
        }
    }

    /**
     * Adjoint of the Hessian {@code S = Σ_i P_iᵀ diag(c_i) P_i} at one layer, for samples
     * {@code 0..c−1} ({@code 1 + d} rows (z, P) per sample in {@code Z}; {@code sb} holds each
     * sample's symmetric {@code S̄}, d × d). Per neuron, with {@code v_a = Σ_b S̄_ab p_b} (b in order):
     * {@code c̄ = Σ_a p_a v_a}, {@code P̄_a = (2 c) v_a} (rows 1..d of {@code zb}), then
     * {@code δ̄ = σ''c̄ + σ'ē} into {@code db} and {@code z̄ = δ(σ'''c̄ + σ''ē)} into row 0 of {@code zb};
     * without {@code eb} (the first layer) the ē terms are absent. {@code C, D, s1..s3, eb, db}: c × m.
     */
    public void hessianAdjointRows(double[] Z, double[] sb, double[] C, double[] D, double[] s1, double[] s2, double[] s3,
                                   double[] eb, double[] db, double[] zb, int c, int m, int d) {
        for (int s = 0; s < c; s++)
            for (int k = 0; k < m; k++) hessianAdjointNeuron(Z, sb, C, D, s1, s2, s3, eb, db, zb, s, k, m, d);
    }

    /** {@link #hessianAdjointRows} for neuron k of sample s. */
    static void hessianAdjointNeuron(double[] Z, double[] sb, double[] C, double[] D, double[] s1, double[] s2, double[] s3,
                                     double[] eb, double[] db, double[] zb, int s, int k, int m, int d) {
        int base = s * (1 + d) * m, so = s * m;
        double cbar = 0;
        for (int a = 0; a < d; a++) {
            int sa = (s * d + a) * d;
            double v = sb[sa] * Z[base + m + k];
            for (int b = 1; b < d; b++) v += sb[sa + b] * Z[base + (1 + b) * m + k];
            double pa = Z[base + (1 + a) * m + k];
            cbar = a == 0 ? pa * v : cbar + pa * v;
            zb[base + (1 + a) * m + k] = 2.0 * C[so + k] * v;
        }
        if (eb == null) {
            db[so + k] = s2[so + k] * cbar;
            zb[base + k] = D[so + k] * (s3[so + k] * cbar);
        } else {
            double e = eb[so + k];
            db[so + k] = s2[so + k] * cbar + s1[so + k] * e;
            zb[base + k] = D[so + k] * (s3[so + k] * cbar + s2[so + k] * e);
        }
    }

    /**
     * Adjoint σ-rule of the (u, J) rows of a layer for samples {@code 0..c−1}: given their adjoints
     * {@code ab} (ū, J̄), adds to the (z̄, P̄) rows in {@code zb}, per neuron,
     * {@code z̄ += σ'ū + σ''Σ_a J̄_a p_a} (a in order) and {@code P̄_a += σ'J̄_a}.
     */
    public void adjointRows(double[] Z, double[] ab, double[] zb, double[] s1, double[] s2, int c, int m, int d) {
        for (int s = 0; s < c; s++)
            for (int k = 0; k < m; k++) adjointNeuron(Z, ab, zb, s1, s2, s, k, m, d);
    }

    /** {@link #adjointRows} for neuron k of sample s. */
    static void adjointNeuron(double[] Z, double[] ab, double[] zb, double[] s1, double[] s2, int s, int k, int m, int d) {
        int base = s * (1 + d) * m, so = s * m;
        double cb = ab[base + m + k] * Z[base + m + k];
        for (int a = 1; a < d; a++) cb += ab[base + (1 + a) * m + k] * Z[base + (1 + a) * m + k];
        zb[base + k] += s1[so + k] * ab[base + k] + s2[so + k] * cb;
        for (int a = 0; a < d; a++) zb[base + (1 + a) * m + k] += s1[so + k] * ab[base + (1 + a) * m + k];
    }

    /**
     * The K and b terms of a layer for samples {@code 0..c−1} ({@code R} rows of {@code m} per sample
     * in {@code Z}): row 0 gets {@code + (b + Σ_a K_a x_a)} (the bracket summed first, a in order) and
     * row {@code 1 + a} gets {@code + K_a}, where {@code K_a} is row a of {@code Kt = K_iᵀ} (d × m) and
     * {@code x_a = x[xOff + s·d + a]}.
     */
    public void addAffine(double[] Z, int R, double[] Kt, double[] b, int bOff, double[] x, int xOff, int c, int m, int d) {
        for (int s = 0; s < c; s++)
            for (int k = 0; k < m; k++) affineNeuron(Z, s * R * m, Kt, b, bOff, x, xOff + s * d, k, m, d);
    }

    /** {@link #addAffine} for neuron k of the sample whose rows start at {@code base} and whose x starts at {@code xo}. */
    static void affineNeuron(double[] Z, int base, double[] Kt, double[] b, int bOff, double[] x, int xo, int k, int m, int d) {
        double z = b[bOff + k];
        for (int a = 0; a < d; a++) z += Kt[a * m + k] * x[xo + a];
        Z[base + k] += z;
        for (int a = 0; a < d; a++) Z[base + (1 + a) * m + k] += Kt[a * m + k];
    }

    /**
     * The adjoint of {@link #addAffine} for samples {@code 0..c−1} (1 + d rows per sample in
     * {@code zb}: z̄ and P̄): {@code b̄ += z̄} and {@code K̄ᵀ_a += z̄ x_a + P̄_a}, sample after sample.
     */
    public void addAffineAdjoint(double[] zb, double[] x, int xOff, double[] bb, double[] kb, int c, int m, int d) {
        for (int s = 0; s < c; s++)
            for (int k = 0; k < m; k++) affineAdjointNeuron(zb, s * (1 + d) * m, x, xOff + s * d, bb, kb, k, m, d);
    }

    /** {@link #addAffineAdjoint} for neuron k of one sample (rows from {@code base}, x from {@code xo}). */
    static void affineAdjointNeuron(double[] zb, int base, double[] x, int xo, double[] bb, double[] kb, int k, int m, int d) {
        double z = zb[base + k];
        bb[k] += z;
        for (int a = 0; a < d; a++) kb[a * m + k] += z * x[xo + a] + zb[base + (1 + a) * m + k];
    }

    /**
     * One layer's share of the input Hessian of one sample: for each upper-triangle entry
     * {@code t = (a, b)}, {@code out[t] += Σ_k C[cOff+k]·P_a[k]·P_b[k]} with {@code P_a} the row
     * {@code Z[base + (1+a)·m ..]}. The sum over k runs as four interleaved partial sums
     * ({@code k ≡ 0..3 mod 4}, a remainder into the first), added as {@code (q0+q1)+(q2+q3)}.
     */
    public void hessianSums(double[] C, int cOff, double[] Z, int base, int m, int[] ta, int[] tb, double[] out) {
        for (int t = 0; t < ta.length; t++) {
            int ra = base + (1 + ta[t]) * m, rb = base + (1 + tb[t]) * m;
            double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
            int k = 0;
            for (; k + 4 <= m; k += 4) {
                q0 += C[cOff + k] * Z[ra + k] * Z[rb + k];
                q1 += C[cOff + k + 1] * Z[ra + k + 1] * Z[rb + k + 1];
                q2 += C[cOff + k + 2] * Z[ra + k + 2] * Z[rb + k + 2];
                q3 += C[cOff + k + 3] * Z[ra + k + 3] * Z[rb + k + 3];
            }
            for (; k < m; k++) q0 += C[cOff + k] * Z[ra + k] * Z[rb + k];
            out[t] += (q0 + q1) + (q2 + q3);
        }
    }

    // ------------------------------------------------------------------ selection

    private static final Kernels PLAIN = new Plain();
    private static volatile Kernels vector;
    private static final Kernels DEFAULT = select(System.getProperty("icnn.kernels", "auto"));

    /** The kernels used by default (see the class comment for the {@code icnn.kernels} property). */
    public static Kernels defaults() {
        return DEFAULT;
    }

    /** The plain Java loops of {@link Dense}. */
    public static Kernels plain() {
        return PLAIN;
    }

    /** True when the {@code jdk.incubator.vector} module is in the boot layer (so {@link #vector()} works). */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The Vector API kernels.
     *
     * @throws UnsupportedOperationException if the JVM was started without
     *         {@code --add-modules jdk.incubator.vector}
     */
    public static Kernels vector() {
        Kernels v = vector;
        if (v != null) return v;
        if (!vectorAvailable())
            throw new UnsupportedOperationException("vector kernels need the JVM option --add-modules jdk.incubator.vector");
        try {
            // Loaded reflectively so that nothing refers to the incubator module unless it is present.
            v = (Kernels) Class.forName(Kernels.class.getPackageName() + ".VectorKernels").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UnsupportedOperationException("vector kernels could not be loaded: " + e, e);
        }
        vector = v;
        return v;
    }

    /** Kernels by name: {@code auto}, {@code plain} or {@code vector}. */
    public static Kernels select(String name) {
        String key = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "plain":
                return PLAIN;
            case "vector":
                return vector();
            case "auto":
            case "":
                if (vectorAvailable()) {
                    try {
                        return vector();
                    } catch (UnsupportedOperationException e) {
                        return PLAIN;
                    }
                }
                return PLAIN;
            default:
                throw new IllegalArgumentException("icnn.kernels must be auto, plain or vector, got '" + name + "'");
        }
    }

    @Override
    public String toString() {
        return name();
    }

    /** The loops of {@link Dense}. */
    static final class Plain extends Kernels {
        @Override
        public String name() {
            return "plain";
        }

        @Override
        public void mult(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff) {
            Dense.mult(A, aOff, r, n, B, bOff, m, C, cOff);
        }

        @Override
        public void multAddTransA(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff) {
            Dense.multAddTransA(A, aOff, r, n, B, bOff, m, C, cOff);
        }
    }
}
