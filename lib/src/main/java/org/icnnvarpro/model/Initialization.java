package org.icnnvarpro.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * How {@link Icnn.Builder} draws the initial weights (docs/math.md §1.5). Both rules take a seed and a scale
 * {@code s > 0} ({@link Icnn.Builder#initScale}) that multiplies every effective hidden weight
 * {@code L_i}; with {@code m_{i−1}} inputs per neuron, the <em>effective-L scale</em> of a rule is the
 * mean row sum {@code m_{i−1}·E[L_i]}, the factor by which layer {@code i} multiplies the mean of
 * {@code u_{i−1}}. Above about 1 the activations grow geometrically with depth.
 *
 * <ul>
 *   <li>{@link #SCALED} (this project's default): {@code K_i ~ N(0, 1/d)}, so each pre-activation
 *   starts with unit variance; {@code b_i = 0}; effective {@code L_i ~ U(0, 2s/m_{i−1})} (effective-L
 *   scale {@code s}); {@code w_u = 1/m_ℓ}, {@code w_x = 0}, {@code w_q = 1} with the quadratic
 *   feature ({@code ∇Φ ≈ x} at the start), 0 without. The untrained thesis-model network has
 *   {@code J ≈ 3} on moons.</li>
 *   <li>{@link #HESSQUIK}: the defaults of hessQuik's {@code ICNNLayer}, the layer the thesis trained
 *   with. hessQuik stores {@code K} as {@code d × m_i} and {@code L} as {@code m_{i−1} × m_i} and calls
 *   PyTorch's {@code kaiming_uniform_(·, a)} with {@code a = √d} for {@code K} and
 *   {@code a = √m_{i−1}} for {@code L}, whose fan-in is then {@code m_i} (PyTorch takes the second
 *   dimension): bound {@code √3·√(2/(1+a²))/√m_i}. Hence
 *   <pre>
 *     K_i ~ U(±√(6/((1+d)·m_i)))                    (±0.25 for d = 2, m_i = 32)
 *     L̂_i ~ U(±√(6/((1+m_{i−1})·m_i))),  L_i = s·softplus(L̂_i)   (raw ±0.075, effective ≈ 0.69·s)
 *     b_i ~ U(±1/√m_i)
 *   </pre>
 *   so the effective-L scale is about {@code 0.69·m_{i−1}·s} (22 at width 32): activations grow
 *   by that factor per layer and the untrained thesis-model network has {@code J} of order
 *   {@code 10⁶} on moons. <b>Assumed for the last layer</b> (the thesis's model {@code Φ = w_u·u_ℓ + w_x·x}
 *   is not a hessQuik layer): the linear part of hessQuik's {@code quadraticICNNLayer}, whose weights on
 *   the features and on {@code x} start as {@code U(±1/√m_ℓ)}, the former through softplus:
 *   {@code w_u = softplus(U(±1/√m_ℓ))} (≈ 0.69), {@code w_x ~ U(±1/√m_ℓ)}. That layer's quadratic
 *   term {@code ½xᵀAᵀAx} and scalar bias have no counterpart here; with the quadratic feature,
 *   {@code w_q = softplus(U(±1/√m_ℓ))} like {@code w_u}, without it 0.</li>
 * </ul>
 *
 * Draws come from one {@link SplittableRandom} of the seed, layer by layer ({@code K_i}, then
 * {@code L_i}, then {@code b_i}), then the last layer; the same seed gives the same network.
 */
public enum Initialization {
    /** This project's rule: unit-variance pre-activations, effective-L scale 1 (the default). */
    SCALED("scaled"),
    /** hessQuik's {@code ICNNLayer} defaults (the thesis's library); effective-L scale ≈ 0.69·m. */
    HESSQUIK("hessquik");

    private final String id;

    Initialization(String id) {
        this.id = id;
    }

    /** The command-line name ({@code scaled}, {@code hessquik}). */
    public String id() { return id; }

    /** The rule with the given name (case-insensitive). */
    public static Initialization fromId(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Initialization i : values()) if (i.id.equals(key)) return i;
        throw new IllegalArgumentException("unknown initialization '" + name + "' (known: "
                + Arrays.stream(values()).map(Initialization::id).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * The mean row sum {@code m_{i−1}·E[L_i]} of the effective hidden weights this rule draws
     * with scale {@code s} for a layer with {@code mPrevious} inputs (the exact expectation of
     * {@code softplus(U(±β))} for {@link #HESSQUIK}, by Simpson's rule).
     */
    public double effectiveLScale(int mPrevious, int m, double s) {
        if (this == SCALED) return s;
        double beta = Math.sqrt(6.0 / ((1.0 + mPrevious) * m));
        int k = 64;
        double h = 2 * beta / k, sum = 0;
        for (int i = 0; i <= k; i++) {
            double x = -beta + i * h;
            sum += (i == 0 || i == k ? 1 : i % 2 == 1 ? 4 : 2) * Icnn.softplus(x);
        }
        return mPrevious * s * sum * h / 3 / (2 * beta);
    }

    /** Fills the effective weights of {@code net} (flat layout of {@link Icnn#weights()}). */
    void fill(Icnn net, long seed, double scale) {
        double[] w = net.weights();
        int d = net.inputDim(), depth = net.depth();
        SplittableRandom rng = new SplittableRandom(seed);
        if (this == SCALED) {
            double sk = 1.0 / Math.sqrt(d);
            for (int i = 0; i < depth; i++) {
                int m = net.width(i);
                for (int t = 0; t < m * d; t++) w[net.offsetK(i) + t] = sk * gaussian(rng);
                if (i > 0) {
                    double hi = 2.0 / net.width(i - 1);
                    // scale 1 leaves the draws of earlier versions bit for bit
                    for (int t = 0; t < m * net.width(i - 1); t++) w[net.offsetL(i) + t] = scale * (hi * rng.nextDouble());
                }
            }
            Arrays.fill(w, net.offsetWu(), net.offsetWx(), 1.0 / net.width(depth - 1));
            w[net.offsetWq()] = net.quadratic() ? 1.0 : 0.0;
            return;
        }
        for (int i = 0; i < depth; i++) {
            int m = net.width(i);
            double bk = Math.sqrt(6.0 / ((1.0 + d) * m));
            for (int t = 0; t < m * d; t++) w[net.offsetK(i) + t] = uniform(rng, bk);
            if (i > 0) {
                int mp = net.width(i - 1);
                double bl = Math.sqrt(6.0 / ((1.0 + mp) * m));
                for (int t = 0; t < m * mp; t++) w[net.offsetL(i) + t] = scale * Icnn.softplus(uniform(rng, bl));
            }
            double bb = 1.0 / Math.sqrt(m);
            for (int t = 0; t < m; t++) w[net.offsetB(i) + t] = uniform(rng, bb);
        }
        int mLast = net.width(depth - 1);
        double bw = 1.0 / Math.sqrt(mLast);
        for (int t = 0; t < mLast; t++) w[net.offsetWu() + t] = Icnn.softplus(uniform(rng, bw));
        for (int t = 0; t < d; t++) w[net.offsetWx() + t] = uniform(rng, bw);
        double q = Icnn.softplus(uniform(rng, bw));
        w[net.offsetWq()] = net.quadratic() ? q : 0.0;
    }

    private static double uniform(SplittableRandom rng, double bound) {
        return bound * (2.0 * rng.nextDouble() - 1.0);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller; SplittableRandom has no nextGaussian in Java 17.
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log1p(-u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
