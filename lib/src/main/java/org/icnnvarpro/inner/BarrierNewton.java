package org.icnnvarpro.inner;

import java.util.ArrayList;
import java.util.List;

/**
 * The log-barrier method of the thesis's Algorithm 1 (Boyd &amp; Vandenberghe §11.3) for
 * {@code min J(w) s.t. w_k ≥ 0, k ∈ C}:
 *
 * <pre>
 *   given strictly feasible w, t := t0, c &gt; 1, ε₁, ε₂
 *   repeat
 *     centering: repeat
 *        Δw = −∇²J_t(w)⁻¹ ∇J_t(w),  λ² = −∇J_t(w)ᵀΔw       J_t(w) = J(w) − (1/t) Σ_{k∈C} log w_k
 *        quit centering if λ²/2 &lt; ε₂
 *        backtracking line search: s := 1; s := βs while some w_k + sΔw_k ≤ 0 (k ∈ C)
 *             or some S_j(w + sΔw) is not positive definite (J = +∞),
 *             then s := βs until J_t(w + sΔw) ≤ J_t(w) + α s ∇J_tᵀΔw
 *        w := w + sΔw
 *     quit if |C|/t &lt; ε₁
 *     t := c·t
 * </pre>
 *
 * <p>At an exactly centered point {@code w*(t)}, {@code λ_k = 1/(t w_k)} is dual feasible and
 * {@code J(w*(t)) − J* ≤ |C|/t} (the duality gap), which the result reports as its gap bound.
 * Newton systems are solved by Cholesky of the {@code P × P} Hessian
 * {@code ∇²J + diag(1/(t w_k²))} (with a reported {@code +δI} if it fails).
 *
 * <p><b>Warm start.</b> In VarPro training the start is the previous outer iterate's solution,
 * which is nearly optimal. Starting such a point at {@code t0} would first drag its small
 * entries away from the boundary and then back (more Newton steps than a cold start). With
 * {@link Options#warmStart} (default), if a full Newton step for {@code J_t} at the final
 * {@code t} predicts a decrease {@code λ²/2 ≤ warmDecrease} from a strictly feasible start, the
 * method begins at that final {@code t} (where the centering is then a few Newton steps). If that
 * centering fails within {@code maxCentering} steps, it restarts from the start along the whole
 * path from {@code t0}. Cold starts (a large predicted decrease) take the path from {@code t0}.
 * The test costs Cholesky solves only: its Hessian evaluation is reused by the first Newton step.
 *
 * <p>Instances are immutable and may be shared; each {@link #solve} allocates its own buffers
 * once and none inside the Newton iterations (except for the optional trace).
 */
public final class BarrierNewton implements InnerSolver {

    /**
     * Parameters of the barrier method.
     *
     * @param t0           initial barrier parameter (default 1)
     * @param c            factor by which t grows after each centering (default 10)
     * @param epsGap       ε₁: stop when the duality gap bound |C|/t &lt; ε₁ (default 1e-6)
     * @param epsNewton    ε₂: a centering ends when λ²/2 &lt; ε₂ (default 1e-9)
     * @param maxCentering Newton steps allowed per centering (default 50)
     * @param maxTotal     Newton steps allowed in total (default 500)
     * @param alpha        Armijo fraction α of the line search (default 0.25)
     * @param beta         backtracking factor β (default 0.5)
     * @param repairFloor  value given to constrained start weights ≤ 0 (default 1e-3)
     * @param warmStart    detect a start near the solution and begin at the final t (default true)
     * @param warmDecrease a start counts as warm when {@code λ²/2 ≤ warmDecrease} for {@code J_t} at the final t
     *                     (default 0.2; on moons with a 4×32 ICNN, cold starts predict 0.6–1, the previous
     *                     solution after a 10–30% change of μ predicts 0.002–0.1 and then needs 2–16 steps)
     * @param trace        record a {@link InnerResult.TraceStep} per Newton step (default false)
     */
    public record Options(double t0, double c, double epsGap, double epsNewton, int maxCentering, int maxTotal,
                          double alpha, double beta, double repairFloor, boolean warmStart, double warmDecrease,
                          boolean trace) {
        public Options {
            if (!(t0 > 0)) throw new IllegalArgumentException("t0 must be positive, got " + t0);
            if (!(c > 1)) throw new IllegalArgumentException("c must be > 1, got " + c);
            if (!(epsGap > 0) || !(epsNewton > 0)) throw new IllegalArgumentException("tolerances must be positive");
            if (maxCentering < 1 || maxTotal < 1) throw new IllegalArgumentException("step limits must be positive");
            if (!(alpha > 0 && alpha < 0.5)) throw new IllegalArgumentException("alpha must be in (0, 0.5), got " + alpha);
            if (!(beta > 0 && beta < 1)) throw new IllegalArgumentException("beta must be in (0, 1), got " + beta);
            if (!(repairFloor > 0)) throw new IllegalArgumentException("repairFloor must be positive");
            if (!(warmDecrease >= 0)) throw new IllegalArgumentException("warmDecrease must be >= 0");
        }

        /** The defaults listed above. */
        public static Options defaults() {
            return new Options(1.0, 10.0, 1e-6, 1e-9, 50, 500, 0.25, 0.5, 1e-3, true, 0.2, false);
        }

        public Options withT0(double t0) {
            return new Options(t0, c, epsGap, epsNewton, maxCentering, maxTotal, alpha, beta, repairFloor, warmStart, warmDecrease, trace);
        }

        public Options withC(double c) {
            return new Options(t0, c, epsGap, epsNewton, maxCentering, maxTotal, alpha, beta, repairFloor, warmStart, warmDecrease, trace);
        }

        public Options withTolerances(double epsGap, double epsNewton) {
            return new Options(t0, c, epsGap, epsNewton, maxCentering, maxTotal, alpha, beta, repairFloor, warmStart, warmDecrease, trace);
        }

        public Options withLimits(int maxCentering, int maxTotal) {
            return new Options(t0, c, epsGap, epsNewton, maxCentering, maxTotal, alpha, beta, repairFloor, warmStart, warmDecrease, trace);
        }

        public Options withLineSearch(double alpha, double beta) {
            return new Options(t0, c, epsGap, epsNewton, maxCentering, maxTotal, alpha, beta, repairFloor, warmStart, warmDecrease, trace);
        }

        /** Warm starts on or off, with the threshold on the predicted decrease. */
        public Options withWarmStart(boolean warmStart, double warmDecrease) {
            return new Options(t0, c, epsGap, epsNewton, maxCentering, maxTotal, alpha, beta, repairFloor, warmStart, warmDecrease, trace);
        }

        public Options withWarmStart(boolean warmStart) {
            return new Options(t0, c, epsGap, epsNewton, maxCentering, maxTotal, alpha, beta, repairFloor, warmStart, warmDecrease, trace);
        }

        public Options withTrace(boolean trace) {
            return new Options(t0, c, epsGap, epsNewton, maxCentering, maxTotal, alpha, beta, repairFloor, warmStart, warmDecrease, trace);
        }
    }

    /**
     * A replacement for the Newton direction of a centering step (for teaching and experiments): from
     * {@code ∇J(w)} and {@code ∇²J(w)} of the inner problem <em>without</em> the barrier, the point
     * {@code w} (the variables of {@link InnerProblem}), which of them are constrained and the barrier
     * parameter {@code t}, it writes into {@code dir} the direction
     * {@code Δw = −∇²J_t(w)⁻¹∇J_t(w)} of {@code J_t = J − (1/t) Σ_{k∈C} log w_k}. The solver then
     * takes the decrement {@code λ² = −∇J_tᵀΔw}, the line search and the update as usual.
     */
    @FunctionalInterface
    public interface CenteringStep {
        /** {@code hess} is {@code P × P} row-major; none of the inputs may be modified. */
        void direction(double[] grad, double[] hess, double[] w, boolean[] constrained, double t, double[] dir);
    }

    private final Options options;
    private final CenteringStep step;

    /** A barrier solver with {@link Options#defaults()}. */
    public BarrierNewton() {
        this(Options.defaults());
    }

    public BarrierNewton(Options options) {
        this(options, null);
    }

    private BarrierNewton(Options options, CenteringStep step) {
        this.options = options;
        this.step = step;
    }

    /**
     * This solver with the Newton direction of each centering step computed by {@code step} instead
     * of the built-in Cholesky solve (the same method otherwise; warm starts off, since their test
     * uses the built-in solve).
     */
    public BarrierNewton withCenteringStep(CenteringStep step) {
        return new BarrierNewton(options.withWarmStart(false), step);
    }

    public Options options() { return options; }

    @Override
    public String name() { return "barrier"; }

    @Override
    public InnerResult solve(InnerProblem prob, double[] wStart) {
        Options o = options;
        double[] v = prob.fromFull(wStart);
        String note = Feasibility.repair(prob, v, o.repairFloor());
        boolean repaired = !note.isEmpty();
        int P = prob.size(), nc = prob.constraintCount();
        double[] g = new double[P], h = new double[P * P], gb = new double[P], dir = new double[P], trial = new double[P];
        SpdSolver solver = new SpdSolver(P);
        List<InnerResult.TraceStep> trace = o.trace() ? new ArrayList<>() : List.of();

        // the last t of the cold path t0·c^k: the first with |C|/t < ε₁
        double tFinal = o.t0();
        while (nc > 0 && nc / tFinal >= o.epsGap()) tFinal *= o.c();
        double t = o.t0();
        double[] start = null;
        // J, ∇J, ∇²J at v from the warm-start test, reused by the first Newton step (v unchanged)
        double cachedJ = Double.NaN;
        boolean[] mask = null;
        if (step != null) {
            mask = new boolean[P];
            for (int i = 0; i < P; i++) mask[i] = prob.isConstrained(i);
        }
        if (o.warmStart() && !repaired && nc > 0) {
            double j0 = prob.valueGradientHessian(v, g, h);
            double tw = j0 < Double.POSITIVE_INFINITY ? warmT(prob, v, tFinal, g, h, gb, dir, trial, solver) : o.t0();
            if (tw > o.t0()) {
                t = tw;
                start = v.clone();
                cachedJ = j0;
            }
        }

        int outer = 0, total = 0;
        double lastDecrement = Double.POSITIVE_INFINITY;
        // the step last accepted on the problem's line (setLine(v_old, dir)): the next evaluation is at
        // v = v_old + s·dir and reuses the line's S_j; NaN when v was not reached by a line search
        double onLine = Double.NaN;
        // J and ∇J of the current v from its last evaluation (NaN if v moved since)
        double currentJ = Double.NaN;
        boolean centered = false;
        boolean budget = true;
        while (true) {
            outer++;
            centered = false;
            double invT = nc == 0 ? 0.0 : 1.0 / t;
            for (int inner = 0; inner < o.maxCentering(); inner++) {
                if (total >= o.maxTotal()) {
                    budget = false;
                    break;
                }
                double J;
                if (cachedJ == cachedJ) {
                    J = cachedJ;
                    cachedJ = Double.NaN;
                } else if (onLine == onLine) {
                    J = prob.valueGradientHessianOnLine(onLine, g, h);
                } else {
                    J = prob.valueGradientHessian(v, g, h);
                }
                onLine = Double.NaN;
                currentJ = J;
                if (!(J < Double.POSITIVE_INFINITY)) {
                    throw new IllegalStateException("internal error: the barrier iterate left the feasible set at sample "
                            + prob.firstNotPositiveDefinite(v));
                }
                if (step != null) step.direction(g, h, v, mask, t, dir);
                double logSum = 0;
                for (int i = 0; i < P; i++) {
                    gb[i] = g[i];
                    if (prob.isConstrained(i)) {
                        gb[i] -= invT / v[i];
                        h[i * P + i] += invT / (v[i] * v[i]);
                        logSum += Math.log(v[i]);
                    }
                }
                double fb = J - invT * logSum;
                if (step == null) {
                    for (int i = 0; i < P; i++) trial[i] = -gb[i];
                    solver.solve(h, trial, dir);
                }
                total++;
                double slope = 0, gnorm = 0;
                for (int i = 0; i < P; i++) {
                    slope += gb[i] * dir[i];
                    gnorm += gb[i] * gb[i];
                }
                double decrement = -0.5 * slope;
                lastDecrement = decrement;
                if (decrement < o.epsNewton()) {
                    centered = true;
                    if (o.trace()) trace.add(new InnerResult.TraceStep(outer, total, t, J, decrement, nc * invT, Math.sqrt(gnorm), 0.0));
                    break;
                }
                double s = lineSearch(prob, v, dir, trial, fb, slope, invT);
                if (o.trace()) trace.add(new InnerResult.TraceStep(outer, total, t, J, decrement, nc * invT, Math.sqrt(gnorm), s));
                if (s == 0) {
                    // no decrease representable in floating point: the point is as centered as it gets
                    centered = decrement < 1e3 * o.epsNewton();
                    break;
                }
                System.arraycopy(trial, 0, v, 0, P);
                onLine = s;
                currentJ = Double.NaN;
            }
            if (!budget) break;
            if (start != null && !centered) {
                // the start was not as close as it looked: take the whole path from t0
                System.arraycopy(start, 0, v, 0, P);
                t = o.t0();
                start = null;
                onLine = Double.NaN;
                currentJ = Double.NaN;
                continue;
            }
            start = null;
            if (nc == 0 || nc / t < o.epsGap()) break;
            t *= o.c();
        }

        // J and ∇J at the final v: usually those of its last evaluation (the centering test's)
        double J = currentJ == currentJ ? currentJ : prob.valueGradient(v, g);
        double invT = nc == 0 ? 0.0 : 1.0 / t;
        double logSum = 0, res = 0;
        for (int i = 0; i < P; i++) {
            double r = g[i];
            if (prob.isConstrained(i)) {
                r -= invT / v[i];
                logSum += Math.log(v[i]);
            }
            res += r * r;
        }
        boolean converged = budget && centered && (nc == 0 || nc / t < o.epsGap());
        return new InnerResult(prob.toFull(v), J, J - invT * logSum, nc == 0 ? Double.POSITIVE_INFINITY : t, outer, total,
                nc * invT, lastDecrement, Math.sqrt(res), converged, repaired, note, solver.regularizations(), trace);
    }

    /**
     * Where on the central path a warm start {@code v} may begin: the largest
     * {@code t ∈ {t_final, t_final/c, t_final/c², …} > t0} at which the predicted decrease
     * {@code λ²(t)/2} of {@code J_t} (a full Newton step's) is at most {@code warmDecrease}, or
     * {@code t0} if there is none. The Hessian of {@code J} is evaluated once for all candidates.
     * A start whose {@code μ} changed little begins at {@code t_final}; one on a new batch (Adam
     * VarPro) typically a few factors of {@code c} below it, skipping the early centerings.
     * {@code g} and {@code h} hold {@code ∇J(v)} and {@code ∇²J(v)} (finite) and are not modified.
     */
    private double warmT(InnerProblem prob, double[] v, double tFinal, double[] g, double[] h, double[] gb,
                         double[] dir, double[] rhs, SpdSolver solver) {
        int P = v.length;
        double[] hb = new double[P * P];
        for (double t = tFinal; t > options.t0(); t /= options.c()) {
            System.arraycopy(h, 0, hb, 0, P * P);
            for (int i = 0; i < P; i++) {
                gb[i] = g[i];
                if (prob.isConstrained(i)) {
                    gb[i] -= 1 / (t * v[i]);
                    hb[i * P + i] += 1 / (t * v[i] * v[i]);
                }
                rhs[i] = -gb[i];
            }
            solver.solve(hb, rhs, dir);
            double lambda2 = 0;
            for (int i = 0; i < P; i++) lambda2 -= gb[i] * dir[i];
            if (0.5 * lambda2 <= options.warmDecrease()) return t;
        }
        return options.t0();
    }

    /**
     * Backtracking: shrink until the trial point is strictly feasible (constrained entries
     * positive, J finite), then until the Armijo condition holds. Leaves the accepted point in
     * {@code trial} and returns its step, or 0 if no step of at least 2⁻⁶⁰ was accepted. The
     * trials are evaluated on the problem's line {@code v + s·dir} ({@link InnerProblem#setLine}),
     * which the next Newton step's evaluation reuses.
     */
    private double lineSearch(InnerProblem prob, double[] v, double[] dir, double[] trial, double fb, double slope, double invT) {
        int P = v.length;
        prob.setLine(v, dir);
        double s = 1.0;
        for (int i = 0; i < P; i++) {
            if (prob.isConstrained(i) && dir[i] < 0) {
                while (v[i] + s * dir[i] <= 0) s *= options.beta();
            }
        }
        for (int k = 0; k < 200 && s > 0x1p-60; k++, s *= options.beta()) {
            double logSum = 0;
            boolean positive = true;
            for (int i = 0; i < P; i++) {
                trial[i] = v[i] + s * dir[i];
                if (prob.isConstrained(i)) {
                    if (!(trial[i] > 0)) positive = false;
                    else logSum += Math.log(trial[i]);
                }
            }
            if (!positive) continue;
            double J = prob.valueOnLine(s);
            if (!(J < Double.POSITIVE_INFINITY)) continue;
            if (J - invT * logSum <= fb + options.alpha() * s * slope) return s;
        }
        return 0.0;
    }

    @Override
    public String toString() {
        return "BarrierNewton" + options;
    }
}
