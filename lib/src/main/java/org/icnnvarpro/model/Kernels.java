package org.icnnvarpro.model;

import java.util.Locale;

/**
 * The dense products of a layer ({@code C = A·B} and {@code C += Aᵀ·B}) behind one interface, with
 * two implementations: the plain Java loops of {@link Dense}, and register-blocked micro-kernels on
 * the incubating Vector API ({@code jdk.incubator.vector}) that run at AVX2/AVX-512 rates.
 *
 * <p>The vector kernels need the module at run time ({@code java --add-modules jdk.incubator.vector
 * ...}); without it the class that uses the module is never loaded and the plain loops are used, so
 * the jar works on any JDK 17 launch. The choice is made once, from the system property
 * {@code icnn.kernels} ({@code auto} (default): vector if the module is present; {@code plain};
 * {@code vector}: fail if the module is absent).
 *
 * <p>Both implementations perform, for every output entry, the same fused multiply-adds in the same
 * order (a chain over the summation index in increasing order, starting from 0 for {@code mult}
 * and from the old value for {@code multAddTransA}), so their results are bit-identical.
 */
public abstract class Kernels {
    Kernels() {}

    /** Short name: {@code "plain"} or {@code "vector"} (with the vector length in doubles). */
    public abstract String name();

    /** {@code C = A·B}: shapes as {@link Dense#mult}. */
    public abstract void mult(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff);

    /** {@code C += Aᵀ·B}: shapes as {@link Dense#multAddTransA}. */
    public abstract void multAddTransA(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff);

    /**
     * Softplus and its derivatives for samples {@code 0..c−1} of a layer of {@code m} neurons
     * (DESIGN §1): {@code z} of sample s, neuron k is {@code Z[s·stride + k]};
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
     * Forward σ-rule of a layer for samples {@code 0..c−1} (DESIGN §2), rows of {@code m} entries,
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
     * Adjoint σ-rule of a layer for samples {@code 0..c−1} (DESIGN §4): from the adjoints
     * {@code ab} of the (u, J, H) rows to those of the (z, P, Q) rows, written to {@code zbar};
     * {@code s1, s2, s3} hold {@code σ', σ'', σ'''}. Per neuron, in this order:
     * {@code s̄1 = Σ_a ā_a z_a + Σ_t h̄_t q_t}, {@code s̄2 = Σ_t (h̄_t p_a) p_b},
     * {@code P̄_a = σ'·ā_a + Σ_t (σ''·h̄_t)·p_other}, {@code Q̄_t = σ'·h̄_t},
     * {@code z̄ = (ū·σ' + s̄1·σ'') + s̄2·σ'''}.
     */
    public void adjointRows(double[] Z, double[] ab, double[] zbar, double[] s1, double[] s2, double[] s3,
                            int c, int m, int d, int[] ta, int[] tb) {
        int T = ta.length, R = 1 + d + T;
        for (int s = 0; s < c; s++) {
            int base = s * R * m, so = s * m;
            for (int k = 0; k < m; k++) adjointNeuron(Z, ab, zbar, s1, s2, s3, base + k, so + k, m, d, ta, tb);
        }
    }

    /** {@link #adjointRows} for one neuron: {@code rk} its entry in row 0, {@code sk} in s1..s3. */
    static void adjointNeuron(double[] Z, double[] ab, double[] zbar, double[] s1, double[] s2, double[] s3,
                              int rk, int sk, int m, int d, int[] ta, int[] tb) {
        double sp = s1[sk], spp = s2[sk], sppp = s3[sk];
        double sb1 = 0, sb2 = 0;
        for (int a = 0; a < d; a++) {
            int r = rk + (1 + a) * m;
            sb1 += ab[r] * Z[r];
            zbar[r] = sp * ab[r];
        }
        for (int t = 0; t < ta.length; t++) {
            int r = rk + (1 + d + t) * m;
            double hb = ab[r];
            int ra = rk + (1 + ta[t]) * m, rb = rk + (1 + tb[t]) * m;
            double pa = Z[ra], pb = Z[rb];
            sb1 += hb * Z[r];
            sb2 += hb * pa * pb;
            zbar[ra] += spp * hb * pb;
            zbar[rb] += spp * hb * pa;
            zbar[r] = sp * hb;
        }
        zbar[rk] = ab[rk] * sp + sb1 * spp + sb2 * sppp;
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
            v = (Kernels) Class.forName("org.icnnvarpro.model.VectorKernels").getDeclaredConstructor().newInstance();
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
