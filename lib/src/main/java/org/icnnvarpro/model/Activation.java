package org.icnnvarpro.model;

import java.util.Locale;
import org.icnnvarpro.kernels.SoftplusMath;

/**
 * A convex, non-decreasing activation {@code σ} with its first three derivatives, as the
 * forward (Hessian) and adjoint recurrences of docs/math.md §2 and §4 need them.
 *
 * <ul>
 *   <li>{@link #SOFTPLUS}: {@code σ(z) = log(1 + e^z)}, {@code σ' = s = sigmoid(z)},
 *       {@code σ'' = s(1−s)}, {@code σ''' = s(1−s)(1−2s)}; computed stably as
 *       {@code max(z,0) + log1p(exp(−|z|))} (with the vectorizable exp and log1p of
 *       {@code SoftplusMath}, within 1 ulp of {@code Math.exp}/{@code Math.log1p}).</li>
 *   <li>{@link #SMOOTH_RELU}: {@code σ(z) = (z + √(z²+1))/2}, {@code σ' = (1 + z/r)/2},
 *       {@code σ'' = 1/(2r³)}, {@code σ''' = −3z/(2r⁵)} with {@code r = √(z²+1)}; a smooth ReLU
 *       whose curvature decays algebraically rather than exponentially.</li>
 * </ul>
 */
public enum Activation {
    SOFTPLUS("softplus") {
        @Override
        public void derivatives(double z, double[] out) {
            SoftplusMath.derivatives(z, out);
        }
    },
    SMOOTH_RELU("smoothrelu") {
        @Override
        public void derivatives(double z, double[] out) {
            double r2 = z * z + 1.0;
            double r = Math.sqrt(r2);
            // (z + r)/2 loses digits for very negative z; 1/(2(r - z)) is the same value, computed stably.
            out[0] = z >= 0 ? 0.5 * (z + r) : 0.5 / (r - z);
            out[1] = z >= 0 ? 0.5 * (1.0 + z / r) : 0.5 / (r2 - z * r) ;
            double r3 = r2 * r;
            out[2] = 0.5 / r3;
            out[3] = -1.5 * z / (r3 * r2);
        }
    };

    private final String id;

    Activation(String id) {
        this.id = id;
    }

    /** Writes {@code σ(z), σ'(z), σ''(z), σ'''(z)} into {@code out[0..3]}. */
    public abstract void derivatives(double z, double[] out);

    /** {@code σ(z)}. */
    public double value(double z) {
        double[] o = new double[4];
        derivatives(z, o);
        return o[0];
    }

    /** The name used in model files ({@code "softplus"}, {@code "smoothrelu"}). */
    public String id() {
        return id;
    }

    /** The activation with the given model-file name (case-insensitive). */
    public static Activation fromId(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        for (Activation a : values()) {
            if (a.id.equals(key)) return a;
        }
        throw new IllegalArgumentException("unknown activation '" + name + "' (known: softplus, smoothrelu)");
    }
}
