package org.icnnvarpro.flow;

import org.icnnvarpro.data.Samples;
import org.icnnvarpro.kernels.SymmetricMatrices;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;

/**
 * The density modeled by the flow (docs/math.md §7.4), by the change of variables {@code z = ∇Φ(x)}:
 *
 * <pre>
 *   ρ(x) = N(∇Φ(x); 0, I) · det ∇²Φ(x)
 *   log ρ(x) = −½‖∇Φ(x)‖² − (d/2) log 2π + log det ∇²Φ(x)
 * </pre>
 *
 * <p>({@code log det} by Cholesky). With {@code w_q > 0}, {@code ∇Φ} is a bijection of
 * {@code R^d} and {@code ρ} integrates to 1 whatever the weights; with {@code w_q = 0} (the
 * thesis's model) it integrates to {@code P(z ∈ range ∇Φ) < 1}.
 *
 * <p><b>Singular Hessians.</b> {@code ∇²Φ} is positive semidefinite (Φ is convex), so
 * {@code det ∇²Φ ≥ 0}. Where its Cholesky factorization fails the matrix is singular to working
 * precision (possible only with {@code w_q = 0}, where all neurons saturate), and this class
 * returns {@code ρ = 0}, {@code log ρ = −∞} there: correct to within the rounding error of
 * {@code det ∇²Φ}. Non-finite derivatives are an error ({@link IllegalStateException}).
 *
 * <p>Points are evaluated in batched {@link BatchDerivatives#evaluate} calls of at most
 * {@value #BLOCK} points each, which bounds the memory of large grids.
 */
public final class Density {
    /** Largest number of points per batched evaluation. */
    static final int BLOCK = 1 << 16;

    private final Icnn net;
    private final int d;
    private int threads = 0;

    /**
     * The density of the given model (copied).
     *
     * @throws IllegalArgumentException if the model has non-finite or constraint-violating weights
     */
    public Density(Icnn net) {
        net.validate();
        this.net = net.copy();
        this.d = net.inputDim();
    }

    /** Threads for the batched evaluation (0 = all processors, the default). */
    public Density threads(int n) {
        if (n < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + n);
        this.threads = n;
        return this;
    }

    /** {@code log ρ(x_j)} for every sample ({@code −∞} where {@code ∇²Φ} is numerically singular). */
    public double[] logDensity(Samples x) {
        if (x.dim() != d) throw new IllegalArgumentException("points have dimension " + x.dim() + " but the model expects " + d);
        int n = x.size();
        double[] out = new double[n];
        if (n == 0) return out;
        double[] work = new double[d * d], chol = new double[d * d];
        double logNorm = -0.5 * d * Math.log(2 * Math.PI);
        try (BatchDerivatives engine = new BatchDerivatives(threads, BatchDerivatives.DEFAULT_CHUNK)) {
            for (int j0 = 0; j0 < n; j0 += BLOCK) {
                int j1 = Math.min(n, j0 + BLOCK);
                BatchDerivatives.Evaluation ev = engine.evaluate(net, j0 == 0 && j1 == n ? x : x.range(j0, j1));
                for (int i = 0; i < j1 - j0; i++) {
                    double g2 = 0;
                    for (int a = 0; a < d; a++) g2 += ev.gradient[i * d + a] * ev.gradient[i * d + a];
                    System.arraycopy(ev.hessian, i * d * d, work, 0, d * d);
                    boolean finite = Double.isFinite(g2);
                    for (double v : work) finite &= Double.isFinite(v);
                    if (!finite)
                        throw new IllegalStateException("the derivatives of the potential are not finite at point " + (j0 + i)
                                + " " + java.util.Arrays.toString(x.row(j0 + i)));
                    out[j0 + i] = SymmetricMatrices.cholesky(work, d, chol) >= 0
                            ? Double.NEGATIVE_INFINITY
                            : logNorm - 0.5 * g2 + SymmetricMatrices.logDet(chol, d);
                }
            }
        }
        return out;
    }

    /** {@code ρ(x_j)} for every sample. */
    public double[] density(Samples x) {
        double[] v = logDensity(x);
        for (int j = 0; j < v.length; j++) v[j] = Math.exp(v[j]);
        return v;
    }

    /**
     * {@code log ρ} on the grid {@code xs × ys} of a 2-D model: {@code v[iy][ix] = log ρ(xs[ix], ys[iy])}
     * (the layout of the heat maps in {@code org.icnnvarpro.plot}).
     *
     * @throws IllegalArgumentException if the model is not 2-D or a coordinate is not finite
     */
    public double[][] logDensityGrid(double[] xs, double[] ys) {
        if (d != 2) throw new IllegalArgumentException("a density grid needs a 2-D model, but this model has input dimension " + d);
        if (xs.length == 0 || ys.length == 0) throw new IllegalArgumentException("grid needs at least one x and one y value");
        int nx = xs.length, ny = ys.length;
        double[] pts = new double[2 * nx * ny];
        for (int iy = 0; iy < ny; iy++) {
            for (int ix = 0; ix < nx; ix++) {
                pts[2 * (iy * nx + ix)] = xs[ix];
                pts[2 * (iy * nx + ix) + 1] = ys[iy];
            }
        }
        double[] lv = logDensity(Samples.wrap(nx * ny, 2, pts));
        double[][] v = new double[ny][nx];
        for (int iy = 0; iy < ny; iy++) System.arraycopy(lv, iy * nx, v[iy], 0, nx);
        return v;
    }

    /** {@code ρ} on the grid {@code xs × ys} of a 2-D model, {@code v[iy][ix] = ρ(xs[ix], ys[iy])}. */
    public double[][] densityGrid(double[] xs, double[] ys) {
        double[][] v = logDensityGrid(xs, ys);
        for (double[] row : v) for (int i = 0; i < row.length; i++) row[i] = Math.exp(row[i]);
        return v;
    }

    /**
     * The trapezoid rule over a rectangular grid, {@code ∫∫ v dx dy ≈ Σ_iy Σ_ix ω_ix ω'_iy v[iy][ix]}
     * with the 1-D trapezoid weights {@code ω_i = (t_{i+1} − t_{i−1})/2} (half intervals at the
     * ends). The coordinates must be strictly increasing; spacing need not be uniform.
     */
    public static double trapezoid(double[] xs, double[] ys, double[][] v) {
        if (v.length != ys.length) throw new IllegalArgumentException("values have " + v.length + " rows but there are " + ys.length + " y values");
        double[] wx = trapezoidWeights(xs, "x"), wy = trapezoidWeights(ys, "y");
        double s = 0;
        for (int iy = 0; iy < ys.length; iy++) {
            if (v[iy].length != xs.length)
                throw new IllegalArgumentException("row " + iy + " has " + v[iy].length + " values but there are " + xs.length + " x values");
            double row = 0;
            for (int ix = 0; ix < xs.length; ix++) row += wx[ix] * v[iy][ix];
            s += wy[iy] * row;
        }
        return s;
    }

    static double[] trapezoidWeights(double[] t, String name) {
        if (t.length < 2) throw new IllegalArgumentException("the trapezoid rule needs at least 2 " + name + " values, got " + t.length);
        double[] w = new double[t.length];
        for (int i = 0; i + 1 < t.length; i++) {
            double h = t[i + 1] - t[i];
            if (!(h > 0) || !Double.isFinite(h))
                throw new IllegalArgumentException(name + " values must be finite and strictly increasing (at index " + i + ": " + t[i] + ", " + t[i + 1] + ")");
            w[i] += h / 2;
            w[i + 1] += h / 2;
        }
        return w;
    }
}
