package org.icnnvarpro.data;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.icnnvarpro.io.Memory;

/**
 * Synthetic data sets: scikit-learn's two moons, the usual 2-D normalizing-flow benchmarks, and
 * isotropic Gaussians in any dimension.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Determinism.</b> Every generator draws all its randomness from one
 *       {@link java.util.Random} seeded with {@code seed}. {@code Random}'s algorithms (48-bit
 *       LCG, polar method for {@code nextGaussian}) are fixed by its specification, so the same
 *       arguments give bit-identical samples on every JVM.</li>
 *   <li><b>Noise.</b> For the 2-D sets the distribution is a noise-free base shape plus
 *       independent {@code N(0, noise²)} noise on each coordinate; {@code noise = 0} gives the
 *       base shape exactly. The value the reference code uses is available as
 *       {@link #defaultNoise(String)}.</li>
 *   <li><b>Scale.</b> {@link #moons} is exactly scikit-learn's {@code make_moons} (it spans
 *       {@code [-1, 2] × [-0.5, 1]} before noise). The other 2-D sets follow the FFJORD /
 *       Convex-Potential-Flow toy-data code ({@code toy_data.py}, {@code inf_train_gen}) with every
 *       coordinate divided by 4, so each is centred at the origin and lies roughly in
 *       {@code [-1, 1]²}; the per-method documentation states the resulting constants.</li>
 *   <li><b>Order.</b> The rows are returned in random order (the class structure of a mixture
 *       is not visible in the row order).</li>
 * </ul>
 *
 * <p>{@code n = 0} gives an empty batch; negative {@code n}, negative or non-finite
 * {@code noise} give an {@link IllegalArgumentException}.
 */
public final class Datasets {
    private Datasets() {}

    /** The noise the project uses for {@link #moons} by default. */
    public static final double MOONS_NOISE = 0.05;
    /** Component standard deviation of FFJORD's 8 Gaussians ({@code 0.5/1.414}) after the ÷4 scaling: {@code 0.125/√2 ≈ 0.0884}. */
    public static final double EIGHT_GAUSSIANS_NOISE = 0.125 / Math.sqrt(2.0);
    /** FFJORD's rings noise 0.08 after the ÷4 scaling. */
    public static final double RINGS_NOISE = 0.02;
    /** FFJORD's two-spirals noise 0.1 after the ÷4 scaling. */
    public static final double SPIRALS_NOISE = 0.025;
    /** FFJORD adds no noise to the checkerboard. */
    public static final double CHECKERBOARD_NOISE = 0.0;
    /** FFJORD's pinwheel has its own (radial/tangential) spread and no extra noise. */
    public static final double PINWHEEL_NOISE = 0.0;

    private static final List<String> NAMES =
            List.of("moons", "8gaussians", "rings", "checkerboard", "pinwheel", "spirals");

    /** The names {@link #byName} accepts, in a fixed order. */
    public static List<String> names() { return NAMES; }

    /**
     * The data set called {@code name} (case-insensitive, surrounding spaces ignored): one of
     * {@code moons, 8gaussians, rings, checkerboard, pinwheel, spirals}, drawn with the given
     * {@code noise}.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known names)
     */
    public static Samples byName(String name, int n, double noise, long seed) {
        switch (canonical(name)) {
            case "moons": return moons(n, noise, seed);
            case "8gaussians": return eightGaussians(n, noise, seed);
            case "rings": return rings(n, noise, seed);
            case "checkerboard": return checkerboard(n, noise, seed);
            case "pinwheel": return pinwheel(n, noise, seed);
            case "spirals": return twoSpirals(n, noise, seed);
            default: throw new AssertionError(name);
        }
    }

    /** {@link #byName(String, int, double, long)} with the data set's {@link #defaultNoise}. */
    public static Samples byName(String name, int n, long seed) {
        return byName(name, n, defaultNoise(name), seed);
    }

    /**
     * The noise standard deviation the reference code uses for the data set {@code name}
     * ({@link #MOONS_NOISE} for moons, the project's choice).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static double defaultNoise(String name) {
        switch (canonical(name)) {
            case "moons": return MOONS_NOISE;
            case "8gaussians": return EIGHT_GAUSSIANS_NOISE;
            case "rings": return RINGS_NOISE;
            case "checkerboard": return CHECKERBOARD_NOISE;
            case "pinwheel": return PINWHEEL_NOISE;
            case "spirals": return SPIRALS_NOISE;
            default: throw new AssertionError(name);
        }
    }

    /** Lower-cased, trimmed name if known; otherwise an exception listing the known names. */
    static String canonical(String name) {
        if (name == null) throw new IllegalArgumentException("data set name is null; known data sets: " + String.join(", ", NAMES));
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(key))
            throw new IllegalArgumentException("unknown data set '" + name + "'; known data sets: " + String.join(", ", NAMES));
        return key;
    }

    /**
     * Two interleaving half circles, exactly scikit-learn's
     * {@code make_moons(n_samples=n, shuffle=True, noise=noise)} (up to the random stream):
     * {@code n_out = n / 2} (integer division) points {@code (cos t, sin t)} with
     * {@code t = linspace(0, π, n_out)}, {@code n_in = n − n_out} points
     * {@code (1 − cos t, 1 − sin t − 0.5)} with {@code t = linspace(0, π, n_in)}, the rows
     * shuffled, then {@code N(0, noise²)} added to every coordinate independently.
     * The project's default noise is {@link #MOONS_NOISE}.
     */
    public static Samples moons(int n, double noise, long seed) {
        check(n, noise);
        int nOut = n / 2, nIn = n - nOut;
        double[] x = new double[values(n, 2)];
        double[] tOut = linspace(0, Math.PI, nOut), tIn = linspace(0, Math.PI, nIn);
        for (int i = 0; i < nOut; i++) {
            x[2 * i] = Math.cos(tOut[i]);
            x[2 * i + 1] = Math.sin(tOut[i]);
        }
        for (int i = 0; i < nIn; i++) {
            x[2 * (nOut + i)] = 1 - Math.cos(tIn[i]);
            x[2 * (nOut + i) + 1] = 1 - Math.sin(tIn[i]) - 0.5;
        }
        Random rng = new Random(seed);
        shuffleRows(x, 2, rng);
        addNoise(x, noise, rng);
        return Samples.wrap(n, 2, x);
    }

    /**
     * Eight Gaussians: an equal-weight mixture of {@code N(c_k, noise² I)}, {@code k = 0..7},
     * with centres {@code c_k} the eight points {@code (±r, 0), (0, ±r), (±r/√2, ±r/√2)} on the
     * circle of radius {@code r = 1/√2 ≈ 0.707} (FFJORD: radius {@code 4/1.414}, component std
     * {@code 0.5/1.414}, here divided by 4). Each sample picks its component uniformly at random.
     * FFJORD's spread is {@link #EIGHT_GAUSSIANS_NOISE}.
     */
    public static Samples eightGaussians(int n, double noise, long seed) {
        check(n, noise);
        double r = 1 / Math.sqrt(2.0), s = 0.5; // r * (1/√2) = 0.5
        double[][] centres = {{r, 0}, {-r, 0}, {0, r}, {0, -r}, {s, s}, {s, -s}, {-s, s}, {-s, -s}};
        Random rng = new Random(seed);
        double[] x = new double[values(n, 2)];
        for (int j = 0; j < n; j++) {
            double[] c = centres[rng.nextInt(8)];
            x[2 * j] = c[0];
            x[2 * j + 1] = c[1];
        }
        addNoise(x, noise, rng);
        return Samples.wrap(n, 2, x);
    }

    /**
     * Four concentric rings: {@code n/4} points (integer division) on each of the circles of
     * radius 0.75, 0.5625 and 0.375 and the remaining {@code n − 3·(n/4)} on the circle of radius
     * 0.1875, equally spaced in angle on each circle ({@code θ_i = 2πi/k}, {@code i = 0..k−1}),
     * rows shuffled, plus {@code N(0, noise²)} on each coordinate. This is FFJORD's {@code rings}
     * (radii 3, 2.25, 1.5, 0.75) divided by 4; FFJORD's noise is {@link #RINGS_NOISE}.
     */
    public static Samples rings(int n, double noise, long seed) {
        check(n, noise);
        int q = n / 4;
        int[] counts = {q, q, q, n - 3 * q};
        double[] radii = {0.75, 0.5625, 0.375, 0.1875};
        double[] x = new double[values(n, 2)];
        int j = 0;
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < counts[c]; i++, j++) {
                double theta = 2 * Math.PI * i / counts[c];
                x[2 * j] = radii[c] * Math.cos(theta);
                x[2 * j + 1] = radii[c] * Math.sin(theta);
            }
        }
        Random rng = new Random(seed);
        shuffleRows(x, 2, rng);
        addNoise(x, noise, rng);
        return Samples.wrap(n, 2, x);
    }

    /**
     * Checkerboard: uniform on the 8 "black" cells of the 4 × 4 board of 0.5 × 0.5 squares
     * covering {@code [-1, 1)²}, the cell {@code [0.5c, 0.5c+0.5) × [0.5r, 0.5r+0.5)},
     * {@code c, r ∈ {-2..1}}, being black when {@code c + r} is even (so {@code [0, 0.5)²} is
     * black), plus {@code N(0, noise²)} on each coordinate. Drawn as in FFJORD:
     * {@code x1 ~ U[-2, 2)}, {@code x2 = U[0, 1) − 2·B + (⌊x1⌋ mod 2)} with {@code B} a fair bit,
     * then scaled by {@code 2/4 = 0.5}. FFJORD adds no noise ({@link #CHECKERBOARD_NOISE}).
     */
    public static Samples checkerboard(int n, double noise, long seed) {
        check(n, noise);
        Random rng = new Random(seed);
        double[] x = new double[values(n, 2)];
        for (int j = 0; j < n; j++) {
            double x1 = rng.nextDouble() * 4 - 2;
            double x2 = rng.nextDouble() - 2 * rng.nextInt(2) + Math.floorMod((int) Math.floor(x1), 2);
            x[2 * j] = 0.5 * x1;
            x[2 * j + 1] = 0.5 * x2;
        }
        addNoise(x, noise, rng);
        return Samples.wrap(n, 2, x);
    }

    /**
     * Pinwheel with five arms, as in FFJORD (after the ÷4 scaling): sample {@code j} belongs to
     * arm {@code k = j mod 5} (so the arms hold {@code ⌈n/5⌉} or {@code ⌊n/5⌋} points); draw
     * {@code f = (f_r, f_t)} with {@code f_r ~ N(1, 0.3²)}, {@code f_t ~ N(0, 0.1²)}, set the
     * angle {@code φ = 2πk/5 + 0.25·exp(f_r)} and output
     * {@code 0.5 · (f_r cos φ + f_t sin φ, −f_r sin φ + f_t cos φ)} (FFJORD's factor 2, ÷4), rows
     * shuffled, plus {@code N(0, noise²)} on each coordinate. The arms' own spread is the
     * radial/tangential one above; FFJORD adds no extra noise ({@link #PINWHEEL_NOISE}).
     */
    public static Samples pinwheel(int n, double noise, long seed) {
        check(n, noise);
        Random rng = new Random(seed);
        double[] x = new double[values(n, 2)];
        for (int j = 0; j < n; j++) {
            double fr = 1 + 0.3 * rng.nextGaussian();
            double ft = 0.1 * rng.nextGaussian();
            double phi = 2 * Math.PI * (j % 5) / 5 + 0.25 * Math.exp(fr);
            double c = Math.cos(phi), s = Math.sin(phi);
            x[2 * j] = 0.5 * (fr * c + ft * s);
            x[2 * j + 1] = 0.5 * (-fr * s + ft * c);
        }
        shuffleRows(x, 2, rng);
        addNoise(x, noise, rng);
        return Samples.wrap(n, 2, x);
    }

    /**
     * Two spirals, as in FFJORD's {@code 2spirals} (after the ÷4 scaling): {@code n − n/2}
     * points on the first arm, each {@code (−t cos t + 0.5 u, t sin t + 0.5 v) / 12} with
     * {@code t = 3π √w} and {@code u, v, w ~ U[0, 1)} independent, and {@code n/2} points on the
     * second arm, the negatives of independently drawn first-arm points; rows shuffled, plus
     * {@code N(0, noise²)} on each coordinate. The arms reach radius about
     * {@code 3π/12 ≈ 0.79}; FFJORD's noise is {@link #SPIRALS_NOISE}.
     */
    public static Samples twoSpirals(int n, double noise, long seed) {
        check(n, noise);
        int n2 = n / 2, n1 = n - n2;
        Random rng = new Random(seed);
        double[] x = new double[values(n, 2)];
        for (int j = 0; j < n; j++) {
            double t = 3 * Math.PI * Math.sqrt(rng.nextDouble());
            double u = rng.nextDouble(), v = rng.nextDouble();
            double sign = j < n1 ? 1 : -1;
            x[2 * j] = sign * (-t * Math.cos(t) + 0.5 * u) / 12;
            x[2 * j + 1] = sign * (t * Math.sin(t) + 0.5 * v) / 12;
        }
        shuffleRows(x, 2, rng);
        addNoise(x, noise, rng);
        return Samples.wrap(n, 2, x);
    }

    /**
     * {@code n} independent draws from {@code N(mean, std² I)} in dimension
     * {@code d = mean.length}: coordinate {@code a} of each sample is
     * {@code mean[a] + std · g} with {@code g} a standard normal ({@code Random.nextGaussian}),
     * drawn in row-major order.
     *
     * @throws IllegalArgumentException if {@code mean} is empty or not finite, {@code std} is
     *     negative or not finite, or {@code n < 0}
     */
    public static Samples gaussian(int n, double[] mean, double std, long seed) {
        if (n < 0) throw new IllegalArgumentException("number of samples must be >= 0, got " + n);
        if (mean == null || mean.length == 0) throw new IllegalArgumentException("mean must have at least one coordinate");
        for (int a = 0; a < mean.length; a++)
            if (!Double.isFinite(mean[a])) throw new IllegalArgumentException("mean[" + a + "] = " + mean[a] + " is not finite");
        if (!(std >= 0) || !Double.isFinite(std))
            throw new IllegalArgumentException("standard deviation must be finite and >= 0, got " + std);
        int d = mean.length;
        Random rng = new Random(seed);
        double[] x = new double[values(n, d)];
        for (int j = 0; j < n; j++)
            for (int a = 0; a < d; a++) x[j * d + a] = mean[a] + std * rng.nextGaussian();
        return Samples.wrap(n, d, x);
    }

    // ---- internals ----

    /** The length {@code n·d} (n ≥ 0, checked by the caller) of a data set's array, refused where it overflows one Java array. */
    private static int values(int n, int d) {
        return Memory.arrayLength("a data set of " + n + " samples in dimension " + d, (long) n * d);
    }

    private static void check(int n, double noise) {
        if (n < 0) throw new IllegalArgumentException("number of samples must be >= 0, got " + n);
        if (!(noise >= 0) || !Double.isFinite(noise))
            throw new IllegalArgumentException("noise must be finite and >= 0, got " + noise);
    }

    /** numpy's {@code linspace(a, b, k)} with the end point included ({@code k = 1} gives {@code [a]}). */
    static double[] linspace(double a, double b, int k) {
        double[] t = new double[k];
        if (k == 0) return t;
        if (k == 1) { t[0] = a; return t; }
        double step = (b - a) / (k - 1);
        for (int i = 0; i < k; i++) t[i] = a + i * step;
        t[k - 1] = b;
        return t;
    }

    /** Fisher–Yates shuffle of the rows of a row-major array with {@code d} columns. */
    static void shuffleRows(double[] x, int d, Random rng) {
        int n = x.length / d;
        double[] tmp = new double[d];
        for (int i = n - 1; i > 0; i--) {
            int k = rng.nextInt(i + 1);
            if (k == i) continue;
            System.arraycopy(x, i * d, tmp, 0, d);
            System.arraycopy(x, k * d, x, i * d, d);
            System.arraycopy(tmp, 0, x, k * d, d);
        }
    }

    /** A uniformly random permutation of {@code 0..n-1}. */
    static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int k = rng.nextInt(i + 1);
            int t = p[i]; p[i] = p[k]; p[k] = t;
        }
        return p;
    }

    private static void addNoise(double[] x, double noise, Random rng) {
        if (noise == 0) return;
        for (int i = 0; i < x.length; i++) x[i] += noise * rng.nextGaussian();
    }

}
