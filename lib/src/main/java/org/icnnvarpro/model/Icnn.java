package org.icnnvarpro.model;

import java.util.Arrays;
import org.icnnvarpro.io.Memory;

/**
 * An input convex neural network (docs/math.md §1) with its effective weights:
 *
 * <pre>
 *   z_1 = K_1 x + b_1                      u_1 = σ(z_1)
 *   z_i = L_i u_{i−1} + K_i x + b_i        u_i = σ(z_i),   L_i ≥ 0      (i = 2..ℓ)
 *   Φ(x) = w_u · u_ℓ + w_x · x + ½ w_q ‖x‖²                 w_u ≥ 0, w_q ≥ 0
 * </pre>
 *
 * <p><b>Flat view.</b> All effective weights live in one array {@link #weights()} in this order:
 * for each layer {@code i = 0..ℓ−1} (0-based) {@code K_i} (m_i × d, row-major), {@code b_i}
 * (m_i), and for {@code i ≥ 1} {@code L_i} (m_i × m_{i−1}, row-major); then {@code w_u} (m_ℓ),
 * {@code w_x} (d), {@code w_q} (1). The hidden weights {@code μ} are the first
 * {@link #hiddenSize()} entries, the last-layer weights {@code w} the remaining
 * {@code M = m_ℓ + d + 1}. Offsets are given by {@link #offsetK}, {@link #offsetB},
 * {@link #offsetL}, {@link #offsetWu()}, {@link #offsetWx()}, {@link #offsetWq()}.
 *
 * <p><b>Nonnegativity.</b> Optimizers work on <em>raw</em> parameters in the same layout
 * (hessQuik's reparametrization): {@code L = softplus(L̂)}, {@code w_u = softplus(ŵ_u)},
 * {@code w_q = softplus(ŵ_q)}, all other entries unchanged. Effective weights are therefore always
 * {@code ≥ 0} (strictly positive when they come from raw parameters) and the model file stores
 * them. See {@link #setRaw} and {@link #rawGradient}.
 *
 * <p><b>Thesis mode.</b> With {@link #quadratic()} false, {@code w_q} is held at 0 (the thesis's
 * model); its raw coordinate is ignored and its gradient is reported as 0.
 *
 * <p><b>Initialization</b> ({@link Builder#init}, {@link Builder#initScale}, {@link Builder#seed}):
 * see {@link Initialization}. The default, {@link Initialization#SCALED}, draws {@code K_i ~ N(0, 1/d)}
 * so each pre-activation starts with unit variance; {@code b_i = 0}; effective
 * {@code L_i ~ U(0, 2/m_{i−1})}, so {@code L_i u_{i−1}} is about the mean of {@code u_{i−1}} and the
 * layers neither blow up nor vanish with depth although {@code L ≥ 0}; {@code w_u = 1/m_ℓ},
 * {@code w_x = 0}, and {@code w_q = 1} with the quadratic feature (so {@code ∇Φ ≈ x} at the start) or
 * 0 without. {@link Initialization#HESSQUIK} is the thesis's library's rule (effective {@code L ≈ 0.69}).
 * Instances are mutable (optimizers update them in place); {@link #copy()} makes an independent one.
 */
public final class Icnn {
    private final int d;
    private final int[] widths;
    private final Activation activation;
    private final boolean quadratic;
    private final int[] offK, offB, offL;
    private final int offWu, offWx, offWq, size;
    /** True for entries kept ≥ 0 through softplus (L_i, w_u, w_q). */
    private final boolean[] nonneg;
    private final double[] w;

    private Icnn(int d, int[] widths, Activation activation, boolean quadratic) {
        if (d <= 0) throw new IllegalArgumentException("input dimension must be positive, got " + d);
        if (widths.length == 0) throw new IllegalArgumentException("need at least one hidden layer");
        for (int m : widths) if (m <= 0) throw new IllegalArgumentException("hidden widths must be positive, got " + Arrays.toString(widths));
        if (activation == null) throw new IllegalArgumentException("activation is required");
        long count = parameterCount(d, widths);
        if (count > Memory.MAX_ARRAY)
            throw new IllegalArgumentException("a network with input dimension " + d + " and hidden widths " + Arrays.toString(widths)
                    + " has " + count + " weights, more than one Java array can hold (" + Memory.MAX_ARRAY + ")");
        this.d = d;
        this.widths = widths.clone();
        this.activation = activation;
        this.quadratic = quadratic;
        int n = widths.length;
        offK = new int[n];
        offB = new int[n];
        offL = new int[n];
        int o = 0;
        for (int i = 0; i < n; i++) {
            offK[i] = o;
            o += widths[i] * d;
            offB[i] = o;
            o += widths[i];
            if (i > 0) {
                offL[i] = o;
                o += widths[i] * widths[i - 1];
            } else {
                offL[i] = -1;
            }
        }
        offWu = o;
        o += widths[n - 1];
        offWx = o;
        o += d;
        offWq = o;
        o += 1;
        size = o;
        nonneg = new boolean[size];
        for (int i = 1; i < n; i++) Arrays.fill(nonneg, offL[i], offL[i] + widths[i] * widths[i - 1], true);
        Arrays.fill(nonneg, offWu, offWu + widths[n - 1], true);
        nonneg[offWq] = true;
        w = new double[size];
    }

    /**
     * The number of weights of a network, {@code Σ_i (m_i d + m_i + m_i m_{i−1}) + m_ℓ + d + 1}
     * (no {@code L} for the first layer), computed without overflow so that a size can be checked
     * before anything is allocated.
     */
    public static long parameterCount(int d, int[] widths) {
        long n = 0;
        for (int i = 0; i < widths.length; i++) {
            n += (long) widths[i] * d + widths[i];
            if (i > 0) n += (long) widths[i] * widths[i - 1];
        }
        return widths.length == 0 ? d + 1L : n + widths[widths.length - 1] + d + 1L;
    }

    /** Starts building a network on inputs of dimension {@code d}. */
    public static Builder builder(int d) {
        return new Builder(d);
    }

    /** A network with all weights zero (fill it with {@link #weights()} or {@link #setRaw}). */
    public static Icnn zeros(int d, int[] widths, Activation activation, boolean quadratic) {
        return new Icnn(d, widths, activation, quadratic);
    }

    /** Fluent construction with seeded initialization (see the class comment for the rule). */
    public static final class Builder {
        private final int d;
        private int[] widths = {32, 32, 32, 32};
        private Activation activation = Activation.SOFTPLUS;
        private boolean quadratic = true;
        private long seed = 0;
        private Initialization init = Initialization.SCALED;
        private double initScale = 1.0;

        private Builder(int d) {
            this.d = d;
        }

        /** Hidden widths {@code m_1..m_ℓ} (default 4 × 32, the thesis's network). */
        public Builder hidden(int... widths) {
            this.widths = widths.clone();
            return this;
        }

        /** Activation (default softplus). */
        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        /** Whether {@code ½ w_q‖x‖²} is a trainable feature (default true); false is the thesis's model. */
        public Builder quadratic(boolean q) {
            this.quadratic = q;
            return this;
        }

        /** Seed of the initialization (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Initialization rule (default {@link Initialization#SCALED}). */
        public Builder init(Initialization rule) {
            if (rule == null) throw new IllegalArgumentException("initialization rule is required");
            this.init = rule;
            return this;
        }

        /**
         * Multiplies every effective hidden weight {@code L_i} of the initialization rule by
         * {@code s > 0} (default 1), and with it the rule's effective-L scale
         * ({@link Initialization#effectiveLScale}).
         */
        public Builder initScale(double s) {
            if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("initialization scale must be > 0 and finite, got " + s);
            this.initScale = s;
            return this;
        }

        public Icnn build() {
            Icnn net = new Icnn(d, widths, activation, quadratic);
            init.fill(net, seed, initScale);
            return net;
        }
    }

    // ---------------------------------------------------------------- architecture

    /** Input dimension {@code d}. */
    public int inputDim() { return d; }

    /** Number of hidden layers {@code ℓ}. */
    public int depth() { return widths.length; }

    /** Width {@code m_i} of hidden layer {@code i} (0-based). */
    public int width(int i) { return widths[i]; }

    /** Hidden widths {@code m_1..m_ℓ} (a copy). */
    public int[] widths() { return widths.clone(); }

    public Activation activation() { return activation; }

    /** Whether {@code w_q} is trainable; false means it is held at 0 (thesis mode). */
    public boolean quadratic() { return quadratic; }

    /** Total number of weights (length of {@link #weights()}). */
    public int size() { return size; }

    /** Number of hidden weights {@code μ} (all layers but the last): the prefix of the flat view. */
    public int hiddenSize() { return offWu; }

    /** Number of last-layer weights {@code M = m_ℓ + d + 1} ({@code w_u, w_x, w_q}). */
    public int lastSize() { return size - offWu; }

    public int offsetK(int i) { return offK[i]; }

    public int offsetB(int i) { return offB[i]; }

    /** Offset of {@code L_i}; −1 for the first layer, which has none. */
    public int offsetL(int i) { return offL[i]; }

    public int offsetWu() { return offWu; }

    public int offsetWx() { return offWx; }

    public int offsetWq() { return offWq; }

    /** Whether flat entry {@code k} is constrained {@code ≥ 0} (an entry of some {@code L_i}, {@code w_u} or {@code w_q}). */
    public boolean isNonnegative(int k) { return nonneg[k]; }

    // ---------------------------------------------------------------- weights

    /** The live array of effective weights in the documented flat layout (changes take effect at once). */
    public double[] weights() { return w; }

    /** Effective {@code K_i} as rows (a copy). */
    public double[][] K(int i) { return rows(offK[i], widths[i], d); }

    /** Effective {@code b_i} (a copy). */
    public double[] b(int i) { return Arrays.copyOfRange(w, offB[i], offB[i] + widths[i]); }

    /** Effective {@code L_i} as rows (a copy), or null for the first layer. */
    public double[][] L(int i) { return i == 0 ? null : rows(offL[i], widths[i], widths[i - 1]); }

    /** {@code w_u} (a copy). */
    public double[] wu() { return Arrays.copyOfRange(w, offWu, offWx); }

    /** {@code w_x} (a copy). */
    public double[] wx() { return Arrays.copyOfRange(w, offWx, offWq); }

    /** {@code w_q}. */
    public double wq() { return w[offWq]; }

    /** The last-layer weights {@code w = (w_u, w_x, w_q)} (a copy of length {@link #lastSize()}). */
    public double[] last() { return Arrays.copyOfRange(w, offWu, size); }

    /** Sets the last-layer weights {@code (w_u, w_x, w_q)}; in thesis mode {@code w_q} must be 0. */
    public void setLast(double[] last) {
        if (last.length != lastSize()) throw new IllegalArgumentException("expected " + lastSize() + " last-layer weights, got " + last.length);
        if (!quadratic && last[last.length - 1] != 0.0)
            throw new IllegalArgumentException("w_q must be 0 in a model without the quadratic feature, got " + last[last.length - 1]);
        System.arraycopy(last, 0, w, offWu, last.length);
    }

    private double[][] rows(int off, int r, int c) {
        double[][] m = new double[r][c];
        for (int i = 0; i < r; i++) System.arraycopy(w, off + i * c, m[i], 0, c);
        return m;
    }

    /**
     * A copy with the quadratic feature made trainable ({@code true}) or held at {@code w_q = 0}
     * ({@code false}, which sets {@code w_q} to 0).
     */
    public Icnn withQuadratic(boolean q) {
        Icnn c = new Icnn(d, widths, activation, q);
        System.arraycopy(w, 0, c.w, 0, size);
        if (!q) c.w[offWq] = 0.0;
        return c;
    }

    /** An independent copy. */
    public Icnn copy() {
        Icnn c = new Icnn(d, widths, activation, quadratic);
        System.arraycopy(w, 0, c.w, 0, size);
        return c;
    }

    /**
     * Checks that every weight is finite and every constrained weight is {@code ≥ 0}; throws
     * {@link IllegalArgumentException} naming the first offending entry otherwise.
     */
    public void validate() {
        for (int k = 0; k < size; k++) {
            if (!Double.isFinite(w[k])) throw new IllegalArgumentException(describe(k) + " is " + w[k]);
            if (nonneg[k] && w[k] < 0) throw new IllegalArgumentException(describe(k) + " is negative (" + w[k] + "); it must be >= 0 for convexity");
        }
        if (!quadratic && w[offWq] != 0) throw new IllegalArgumentException("w.q is " + w[offWq] + " but the model has no quadratic feature");
    }

    /** A human-readable name of flat entry {@code k}, such as {@code "layers[2].L[3][5]"} or {@code "w.u[7]"}. */
    public String describe(int k) {
        if (k >= offWq) return "w.q";
        if (k >= offWx) return "w.x[" + (k - offWx) + "]";
        if (k >= offWu) return "w.u[" + (k - offWu) + "]";
        for (int i = widths.length - 1; i >= 0; i--) {
            if (k >= offK[i]) {
                if (i > 0 && k >= offL[i]) {
                    int t = k - offL[i];
                    return "layers[" + i + "].L[" + t / widths[i - 1] + "][" + t % widths[i - 1] + "]";
                }
                if (k >= offB[i]) return "layers[" + i + "].b[" + (k - offB[i]) + "]";
                int t = k - offK[i];
                return "layers[" + i + "].K[" + t / d + "][" + t % d + "]";
            }
        }
        throw new IndexOutOfBoundsException(k);
    }

    // ---------------------------------------------------------------- raw parametrization

    /** The raw parameters: {@code softplus⁻¹} of constrained entries (clamped below at −40 for zeros), others as they are. */
    public double[] raw() {
        double[] r = new double[size];
        for (int k = 0; k < size; k++) r[k] = nonneg[k] ? softplusInverse(w[k]) : w[k];
        if (!quadratic) r[offWq] = 0.0;
        return r;
    }

    /** Sets the effective weights from raw parameters: {@code softplus} on constrained entries. */
    public void setRaw(double[] raw) {
        if (raw.length != size) throw new IllegalArgumentException("expected " + size + " raw parameters, got " + raw.length);
        for (int k = 0; k < size; k++) w[k] = nonneg[k] ? softplus(raw[k]) : raw[k];
        if (!quadratic) w[offWq] = 0.0;
    }

    /** Sets only the hidden weights {@code μ} from raw parameters of length {@link #hiddenSize()}. */
    public void setHiddenRaw(double[] rawHidden) {
        if (rawHidden.length != offWu) throw new IllegalArgumentException("expected " + offWu + " hidden raw parameters, got " + rawHidden.length);
        for (int k = 0; k < offWu; k++) w[k] = nonneg[k] ? softplus(rawHidden[k]) : rawHidden[k];
    }

    /** The raw hidden parameters (prefix of {@link #raw()}). */
    public double[] hiddenRaw() {
        return Arrays.copyOf(raw(), offWu);
    }

    /**
     * Chains a gradient with respect to effective weights through the nonnegativity map:
     * {@code ∂J/∂L̂ = ∂J/∂L ⊙ sigmoid(L̂)}. Reads {@code raw} (the current raw parameters) and
     * writes into {@code out} (may be the same array as {@code effectiveGradient}); only the first
     * {@code raw.length} entries are processed, so hidden-only raw parameters ({@link #hiddenRaw()})
     * give the hidden part of the gradient.
     */
    public void rawGradient(double[] raw, double[] effectiveGradient, double[] out) {
        int n = raw.length;
        for (int k = 0; k < n; k++) out[k] = nonneg[k] ? effectiveGradient[k] * sigmoid(raw[k]) : effectiveGradient[k];
        if (!quadratic && n > offWq) out[offWq] = 0.0;
    }

    static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    static double sigmoid(double z) {
        double e = Math.exp(-Math.abs(z));
        return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }

    /** {@code softplus⁻¹(y) = log(expm1(y))}, stable for large y, clamped to −40 for {@code y ≤ e^{−40}}. */
    static double softplusInverse(double y) {
        if (y <= 4.248354255291589e-18) return -40.0;
        if (y > 30) return y + Math.log1p(-Math.exp(-y));
        return Math.log(Math.expm1(y));
    }

    @Override
    public String toString() {
        return "Icnn[d=" + d + ", widths=" + Arrays.toString(widths) + ", " + activation.id()
                + (quadratic ? ", quadratic" : ", thesis mode (w_q = 0)") + ", " + size + " weights]";
    }
}
