package org.icnnvarpro.flow;

import java.util.Arrays;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.flow.GeneratorResult.Status;
import org.icnnvarpro.kernels.SymmetricMatrices;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;

/**
 * The generator of the flow, {@code x = (∇Φ)⁻¹(z)} (docs/math.md §7.1–7.3), for a batch of reference samples.
 *
 * <p><b>Problem.</b> Since {@code Φ} is convex, {@code ∇Φ(x) = z} is the optimality condition of
 *
 * <pre>
 *   minimize  f_z(x) = Φ(x) − z·x,      ∇f_z = ∇Φ(x) − z = r,      ∇²f_z = ∇²Φ(x) = S.
 * </pre>
 *
 * <p><b>Method.</b> Damped Newton on all samples at once. Per iteration and per still-active sample:
 * the direction {@code p = −S⁻¹ r} (Cholesky of {@code S}; if that fails or gives a non-finite
 * step, of {@code S + δI} with {@code δ = 10⁻¹²(1 + max_a S_aa)} growing by 100 until it
 * succeeds; where {@code S} is numerically zero this is a huge step along {@code −r}, which is
 * what exposes a run-away); backtracking
 * from {@code t = 1} (each new {@code t} the minimizer of the quadratic interpolant of
 * {@code f_z} along the step, kept within {@code [0.1, 0.5]} of the previous one) until the Armijo condition {@code f_z(x + tp) ≤ f_z(x) + 10⁻⁴ t r·p}
 * holds. Near the solution {@code f_z} changes by less than its rounding error, so a step whose
 * change of {@code f_z} is at rounding level is also accepted when it reduces {@code ‖r‖}. All
 * trial points of one backtracking round are evaluated in one {@link BatchDerivatives#evaluate}
 * call, and the accepted trial's {@code Φ, ∇Φ, ∇²Φ} are those of the next iterate, so a Newton
 * iteration costs one batched evaluation when the full step is taken.
 *
 * <p><b>Stopping.</b> Sample {@code j} has converged when
 * {@code ‖∇Φ(x_j) − z_j‖ ≤ tol · max(1, ‖z_j‖)} (default {@code tol = 10⁻¹²}). Otherwise it is
 * reported as not converged with the reason ({@link Status}): iteration limit, the line search
 * finding no decrease (stall), non-finite values, or divergence — an accepted iterate with
 * {@code ‖x‖ > R_j}.
 *
 * <p><b>The radius R.</b> With {@code w_q > 0}, {@code f_z} is {@code w_q}-strongly convex, so from
 * the start {@code x_0} with residual {@code r_0}: {@code ‖x* − x_0‖ ≤ ‖r_0‖/w_q}, and every
 * iterate of a descent method stays in the sublevel set, which gives
 * {@code ‖x_k − x*‖ ≤ ‖r_0‖/w_q}. Hence {@code R_j = max(maxNorm, ‖x_0‖ + 2‖r_0‖/w_q)} can never be
 * exceeded by a sample that has a preimage (and every sample has one: {@code ∇Φ} is a bijection).
 * With {@code w_q = 0} (the thesis's model) {@code ∇Φ} is bounded, {@code f_z} is unbounded below
 * for {@code z} outside the closure of its range, and the iterates run away; {@code R_j = maxNorm}
 * (default {@code 10⁶}, far beyond the data scale) detects that. Trial points beyond {@code 10³ R_j}
 * are shortened before evaluation (Newton steps where {@code Φ} is flat are huge).
 *
 * <p><b>Start.</b> Per sample the better (lower {@code f_z}) of {@code x_0 = z} — exact when
 * {@code ∇Φ} is the identity, as at initialization — and, when {@code w_q > 0},
 * {@code x_0 = (z − w_x)/w_q} — exact when the network term {@code w_u·u_ℓ} is flat; both
 * candidates are evaluated in one batch. {@link #apply(Samples, Samples)} takes a start instead.
 *
 * <p>Deterministic: no randomness, and {@code BatchDerivatives} results do not depend on threads.
 * The network is copied at construction, so later changes to it do not affect this generator.
 */
public final class Generator {
    /** Default relative residual tolerance: {@code ‖∇Φ(x) − z‖ ≤ 10⁻¹² max(1, ‖z‖)}. */
    public static final double DEFAULT_TOLERANCE = 1e-12;
    /** Default limit on Newton steps per sample. */
    public static final int DEFAULT_MAX_ITERATIONS = 100;
    /** Default divergence radius {@code R} for models with {@code w_q = 0}. */
    public static final double DEFAULT_MAX_NORM = 1e6;

    static final double ARMIJO = 1e-4;
    static final int MAX_HALVINGS = 60;
    /** Trial points are kept within this multiple of the divergence radius before evaluation. */
    static final double TRIAL_CAP = 1e3;
    /** A change of f_z below this multiple of ε·(1 + |Φ| + |z·x|) is rounding noise. */
    static final double ROUNDOFF = 1e3 * Math.ulp(1.0);

    private final Icnn net;
    private final int d;
    private final double wq;
    private final double[] wx;
    private double tolerance = DEFAULT_TOLERANCE;
    private int maxIterations = DEFAULT_MAX_ITERATIONS;
    private double maxNorm = DEFAULT_MAX_NORM;
    private int threads = 0;

    /**
     * A generator for the given model (copied).
     *
     * @throws IllegalArgumentException if the model has non-finite or constraint-violating weights
     */
    public Generator(Icnn net) {
        net.validate();
        this.net = net.copy();
        this.d = net.inputDim();
        this.wq = net.wq();
        this.wx = net.wx();
    }

    /** Relative residual tolerance {@code tol} (the stopping test is {@code ‖∇Φ(x) − z‖ ≤ tol·max(1,‖z‖)}). */
    public Generator tolerance(double tol) {
        if (!(tol > 0) || !Double.isFinite(tol)) throw new IllegalArgumentException("tolerance must be positive and finite, got " + tol);
        this.tolerance = tol;
        return this;
    }

    /** Maximum number of Newton steps per sample. */
    public Generator maxIterations(int n) {
        if (n < 0) throw new IllegalArgumentException("maximum number of iterations must be >= 0, got " + n);
        this.maxIterations = n;
        return this;
    }

    /** Divergence radius {@code R} for {@code w_q = 0} (and lower bound of {@code R_j} otherwise). */
    public Generator maxNorm(double r) {
        if (!(r > 0) || !Double.isFinite(r) || r > 1e100) throw new IllegalArgumentException("maximum norm must be in (0, 1e100], got " + r);
        this.maxNorm = r;
        return this;
    }

    /** Threads for the batched evaluations (0 = all processors, the default). */
    public Generator threads(int n) {
        if (n < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + n);
        this.threads = n;
        return this;
    }

    /** The model this generator inverts (a copy). */
    public Icnn model() { return net.copy(); }

    /** {@code (∇Φ)⁻¹(z_j)} for every {@code j}, starting from the default guess (see the class comment). */
    public GeneratorResult apply(Samples z) {
        return apply(z, null);
    }

    /**
     * {@code (∇Φ)⁻¹(z_j)} for every {@code j}, starting from {@code start_j} (or from the default
     * guess if {@code start} is null).
     *
     * @throws IllegalArgumentException if the dimensions do not match the model
     */
    public GeneratorResult apply(Samples z, Samples start) {
        if (z.dim() != d)
            throw new IllegalArgumentException("reference samples have dimension " + z.dim() + " but the model expects " + d);
        if (start != null && (start.dim() != d || start.size() != z.size()))
            throw new IllegalArgumentException("start has " + start.size() + " samples of dimension " + start.dim()
                    + ", expected " + z.size() + " of dimension " + d);
        try (BatchDerivatives engine = new BatchDerivatives(threads, BatchDerivatives.DEFAULT_CHUNK)) {
            return new Run(engine, z).solve(start);
        }
    }

    /** The state of one solve: current iterates and their objective, residual and Hessian. */
    private final class Run {
        final BatchDerivatives engine;
        final Samples z;
        final double[] zs;
        final int n;
        final double[] x, phi, f, r, S, rnorm, tol, limit;
        final int[] iterations;
        final Status[] status;
        int evaluations;
        long points;
        // scratch
        final double[] chol = new double[d * d], work = new double[d * d], y = new double[d];

        Run(BatchDerivatives engine, Samples z) {
            this.engine = engine;
            this.z = z;
            this.zs = z.data();
            this.n = z.size();
            x = new double[n * d];
            phi = new double[n];
            f = new double[n];
            r = new double[n * d];
            S = new double[n * d * d];
            rnorm = new double[n];
            tol = new double[n];
            limit = new double[n];
            iterations = new int[n];
            status = new Status[n];
            for (int j = 0; j < n; j++) tol[j] = tolerance * Math.max(1.0, norm(zs, j * d));
        }

        GeneratorResult solve(Samples start) {
            if (n > 0) {
                if (start != null) startAt(start);
                else startDefault();
            }
            int[] active = activeIndices();
            double[] p = new double[n * d];
            double[] slope = new double[n];
            while (true) {
                // classify, and compute Newton directions of the samples that need a step
                int m = 0;
                for (int j : active) {
                    if (status[j] != null) continue;
                    if (rnorm[j] <= tol[j]) {
                        status[j] = Status.CONVERGED;
                    } else if (iterations[j] >= maxIterations) {
                        status[j] = Status.MAX_ITERATIONS;
                    } else if (!direction(j, p, slope)) {
                        status[j] = Status.NON_FINITE;
                    } else {
                        active[m++] = j;
                    }
                }
                if (m == 0) break;
                active = Arrays.copyOf(active, m);
                lineSearch(active, p, slope);
            }
            double[] bound = new double[n];
            for (int j = 0; j < n; j++) bound[j] = wq > 0 ? rnorm[j] / wq : Double.POSITIVE_INFINITY;
            return new GeneratorResult(z, x, status, iterations, rnorm, tol, bound, evaluations, points);
        }

        private int[] activeIndices() {
            int c = 0;
            for (Status s : status) if (s == null) c++;
            int[] a = new int[c];
            c = 0;
            for (int j = 0; j < n; j++) if (status[j] == null) a[c++] = j;
            return a;
        }

        private void startAt(Samples start) {
            System.arraycopy(start.data(), 0, x, 0, n * d);
            BatchDerivatives.Evaluation ev = evaluate(Samples.wrap(n, d, x.clone()));
            for (int j = 0; j < n; j++) store(j, ev, j, x, j);
            setLimits();
        }

        private void startDefault() {
            boolean two = wq > 0;
            double[] cand = new double[(two ? 2 : 1) * n * d];
            System.arraycopy(zs, 0, cand, 0, n * d);
            if (two) {
                for (int j = 0; j < n; j++) {
                    int o = (n + j) * d;
                    double s = 0;
                    for (int a = 0; a < d; a++) {
                        cand[o + a] = (zs[j * d + a] - wx[a]) / wq;
                        s += cand[o + a] * cand[o + a];
                    }
                    // a huge or non-finite guess (tiny w_q) is useless: fall back to z
                    if (!(Math.sqrt(s) <= maxNorm)) System.arraycopy(zs, j * d, cand, o, d);
                }
            }
            BatchDerivatives.Evaluation ev = evaluate(Samples.wrap(cand.length / d, d, cand));
            for (int j = 0; j < n; j++) {
                int best = j;
                if (two) {
                    double f0 = ev.potential[j] - dot(zs, j * d, cand, j * d);
                    double f1 = ev.potential[n + j] - dot(zs, j * d, cand, (n + j) * d);
                    if (f1 < f0 || !Double.isFinite(f0)) best = n + j;
                }
                store(j, ev, best, cand, best);
            }
            setLimits();
        }

        /** R_j (class comment); non-finite starting values end the sample at once. */
        private void setLimits() {
            for (int j = 0; j < n; j++) {
                double xn = norm(x, j * d);
                limit[j] = wq > 0 ? Math.max(maxNorm, (xn + 2 * rnorm[j] / wq) * (1 + 1e-8)) : Math.max(maxNorm, xn);
                limit[j] = Math.min(limit[j], 1e100); // keeps trial points finite even for an absurdly small w_q
                if (!finiteState(j)) status[j] = Status.NON_FINITE;
            }
        }

        /**
         * Newton direction {@code p_j = −S_j⁻¹ r_j} (regularized if {@code S_j} is not numerically
         * positive definite) and the slope {@code r_j·p_j}; false if no finite direction exists.
         */
        private boolean direction(int j, double[] p, double[] slope) {
            int o = j * d * d, ro = j * d;
            double maxDiag = 0;
            for (int a = 0; a < d; a++) maxDiag = Math.max(maxDiag, Math.abs(S[o + a * d + a]));
            // δ = 0 first; then growing shifts until the factorization succeeds and the step is finite
            boolean ok = false;
            double delta = 0;
            for (int tries = 0; !ok && tries <= 30; tries++) {
                System.arraycopy(S, o, work, 0, d * d);
                for (int a = 0; a < d; a++) work[a * d + a] += delta;
                ok = SymmetricMatrices.cholesky(work, d, chol) < 0 && solve(ro, p);
                delta = tries == 0 ? 1e-12 * (1 + maxDiag) : delta * 100;
            }
            if (!ok) return false;
            // keep the step length representable: where Φ is flat the Newton step is huge
            double pmax = 0;
            for (int a = 0; a < d; a++) pmax = Math.max(pmax, Math.abs(p[ro + a]));
            double cap = 2 * TRIAL_CAP * limit[j];
            if (pmax > cap / Math.sqrt(d)) {
                double sc = cap / Math.sqrt(d) / pmax;
                for (int a = 0; a < d; a++) p[ro + a] *= sc;
            }
            double s = dot(r, ro, p, ro);
            if (!(s < 0)) {
                // rounding destroyed the descent property: steepest descent instead
                for (int a = 0; a < d; a++) p[ro + a] = -r[ro + a];
                s = -rnorm[j] * rnorm[j];
            }
            slope[j] = s;
            return true;
        }

        /** {@code p_j = −(C Cᵀ)⁻¹ r_j} with the factor in {@code chol}; false if the result is not finite. */
        private boolean solve(int ro, double[] p) {
            for (int a = 0; a < d; a++) {
                double v = -r[ro + a];
                for (int k = 0; k < a; k++) v -= chol[a * d + k] * y[k];
                y[a] = v / chol[a * d + a];
            }
            for (int a = d - 1; a >= 0; a--) {
                double v = y[a];
                for (int k = a + 1; k < d; k++) v -= chol[k * d + a] * p[ro + k];
                p[ro + a] = v / chol[a * d + a];
            }
            return finite(p, ro, d);
        }

        /** Backtracking for all samples in {@code act} at once, one batched evaluation per round. */
        private void lineSearch(int[] act, double[] p, double[] slope) {
            int m = act.length;
            double[] t = new double[n];
            int[] pending = act.clone();
            double[] trial = new double[m * d];
            for (int j : pending) {
                t[j] = 1.0;
                // do not evaluate absurdly far points: shorten beyond TRIAL_CAP·R_j
                while (trialNorm(j, t[j], p) > TRIAL_CAP * limit[j]) t[j] *= 0.5;
            }
            for (int round = 0; m > 0; round++) {
                for (int i = 0; i < m; i++) {
                    int j = pending[i];
                    for (int a = 0; a < d; a++) trial[i * d + a] = x[j * d + a] + t[j] * p[j * d + a];
                }
                BatchDerivatives.Evaluation ev = evaluate(Samples.wrap(m, d, Arrays.copyOf(trial, m * d)));
                int keep = 0;
                for (int i = 0; i < m; i++) {
                    int j = pending[i];
                    if (accept(j, ev, i, trial, t[j] * slope[j])) {
                        store(j, ev, i, trial, i);
                        iterations[j]++;
                        if (norm(x, j * d) > limit[j]) status[j] = Status.DIVERGED;
                    } else if (round >= MAX_HALVINGS) {
                        status[j] = Status.STALLED;
                    } else {
                        t[j] *= backtrack(j, t[j] * slope[j]);
                        pending[keep++] = j;
                    }
                }
                m = keep;
            }
        }

        /**
         * The factor for the next trial step: the minimizer of the quadratic through
         * {@code f(0), f'(0) = r·p, f(t)} relative to {@code t}, kept in {@code [0.1, 0.5]}
         * (plain halving if the trial value was not finite).
         */
        private double backtrack(int j, double tSlope) {
            double excess = fTrial - f[j] - tSlope; // > 0 when the Armijo test failed
            double q = -tSlope / (2 * excess);
            return Double.isFinite(q) && excess > 0 ? Math.max(0.1, Math.min(0.5, q)) : 0.5;
        }

        /** {@code f_z} at the last trial point passed to {@link #accept}. */
        private double fTrial;

        private boolean accept(int j, BatchDerivatives.Evaluation ev, int i, double[] trial, double tSlope) {
            double fNew = ev.potential[i] - dot(zs, j * d, trial, i * d);
            fTrial = fNew;
            if (!Double.isFinite(fNew) || !finite(ev.gradient, i * d, d) || !finite(ev.hessian, i * d * d, d * d)) return false;
            if (fNew <= f[j] + ARMIJO * tSlope) return true;
            double noise = ROUNDOFF * (1 + Math.abs(phi[j]) + Math.abs(phi[j] - f[j]));
            if (fNew - f[j] > noise) return false;
            double s = 0;
            for (int a = 0; a < d; a++) {
                double v = ev.gradient[i * d + a] - zs[j * d + a];
                s += v * v;
            }
            return Math.sqrt(s) < rnorm[j];
        }

        /** Makes point {@code src[so·d..]} (evaluated as row {@code i} of {@code ev}) the iterate of sample {@code j}. */
        private void store(int j, BatchDerivatives.Evaluation ev, int i, double[] src, int so) {
            System.arraycopy(src, so * d, x, j * d, d);
            phi[j] = ev.potential[i];
            f[j] = phi[j] - dot(zs, j * d, x, j * d);
            double s = 0;
            for (int a = 0; a < d; a++) {
                double v = ev.gradient[i * d + a] - zs[j * d + a];
                r[j * d + a] = v;
                s += v * v;
            }
            rnorm[j] = Math.sqrt(s);
            System.arraycopy(ev.hessian, i * d * d, S, j * d * d, d * d);
        }

        private boolean finiteState(int j) {
            return Double.isFinite(f[j]) && Double.isFinite(rnorm[j]) && finite(S, j * d * d, d * d);
        }

        private double trialNorm(int j, double tj, double[] p) {
            double s = 0;
            for (int a = 0; a < d; a++) {
                double v = x[j * d + a] + tj * p[j * d + a];
                s += v * v;
            }
            return Math.sqrt(s);
        }

        private BatchDerivatives.Evaluation evaluate(Samples pts) {
            evaluations++;
            points += pts.size();
            return engine.evaluate(net, pts);
        }
    }

    static double norm(double[] v, int off, int len) {
        double s = 0;
        for (int a = 0; a < len; a++) s += v[off + a] * v[off + a];
        return Math.sqrt(s);
    }

    private double norm(double[] v, int off) {
        return norm(v, off, d);
    }

    private double dot(double[] u, int uo, double[] v, int vo) {
        double s = 0;
        for (int a = 0; a < d; a++) s += u[uo + a] * v[vo + a];
        return s;
    }

    private static boolean finite(double[] v, int off, int len) {
        for (int a = 0; a < len; a++) if (!Double.isFinite(v[off + a])) return false;
        return true;
    }
}
