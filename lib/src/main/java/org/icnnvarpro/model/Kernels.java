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
