package org.icnnvarpro.inner;

import java.util.ArrayList;
import java.util.List;

/**
 * The primal-dual interior-point method (Boyd &amp; Vandenberghe §11.7), the thesis's suggested
 * improvement (chapter 5), for {@code min J(w) s.t. w_k ≥ 0, k ∈ C} with dual variables
 * {@code λ_k > 0}:
 *
 * <pre>
 *   residuals    r_dual = ∇J(w) − E_C λ,     r_cent,k = λ_k w_k − 1/t       (k ∈ C)
 *   surrogate gap η = Σ_{k∈C} w_k λ_k,      t = μ |C| / η
 *   direction    (∇²J(w) + E_C diag(λ/w) E_Cᵀ) Δw = −∇J(w) + E_C (1/(t w))
 *                Δλ = −λ + 1/(t w) − (λ/w) ∘ Δw_C
 *   line search  s = 0.99·min(1, min{−λ_k/Δλ_k : Δλ_k &lt; 0}); s := βs until w_C + sΔw_C &gt; 0 and
 *                every S_j ≻ 0, then until ‖r_t(w + sΔw, λ + sΔλ)‖ ≤ (1 − α s)‖r_t(w, λ)‖
 *   stop         ‖r_dual‖ ≤ ε_feas and η ≤ ε
 * </pre>
 *
 * <p>When {@code r_dual = 0}, {@code λ} is dual feasible and {@code J(w) − J* ≤ η}. Each
 * iteration solves one Newton system (Cholesky of the {@code P × P} matrix), counted as one
 * Newton step; the iterates need not be centered, which is why the method typically needs far
 * fewer steps than the barrier method's sequence of centerings.
 *
 * <p><b>Start.</b> {@code λ_k = max(∂J/∂w_k, 1/(t̂ w_k))} with {@code t̂} chosen as in
 * {@link BarrierNewton} (from the start's gap {@code Σ w_k ∂J/∂w_k}, at least {@code t0}), so a
 * warm start at a solution starts with nearly optimal dual variables.
 */
public final class PrimalDualInteriorPoint implements InnerSolver {

    /**
     * Parameters of the primal-dual method.
     *
     * @param mu            factor μ in t = μ|C|/η (default 10)
     * @param eps           tolerance ε on the surrogate gap η (default 1e-8)
     * @param epsFeas       tolerance on ‖r_dual‖ (default 1e-8)
     * @param maxIterations iterations (Newton systems) allowed (default 200)
     * @param alpha         residual-decrease fraction α (default 0.01)
     * @param beta          backtracking factor β (default 0.5)
     * @param t0            smallest t for the initial dual variables (default 1)
     * @param repairFloor   value given to constrained start weights ≤ 0 (default 1e-3)
     * @param trace         record a {@link InnerResult.TraceStep} per iteration (default false)
     */
    public record Options(double mu, double eps, double epsFeas, int maxIterations, double alpha, double beta, double t0,
                          double repairFloor, boolean trace) {
        public Options {
            if (!(mu > 1)) throw new IllegalArgumentException("mu must be > 1, got " + mu);
            if (!(eps > 0) || !(epsFeas > 0)) throw new IllegalArgumentException("tolerances must be positive");
            if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be positive");
            if (!(alpha > 0 && alpha < 0.5)) throw new IllegalArgumentException("alpha must be in (0, 0.5), got " + alpha);
            if (!(beta > 0 && beta < 1)) throw new IllegalArgumentException("beta must be in (0, 1), got " + beta);
            if (!(t0 > 0) || !(repairFloor > 0)) throw new IllegalArgumentException("t0 and repairFloor must be positive");
        }

        public static Options defaults() {
            return new Options(10.0, 1e-8, 1e-8, 200, 0.01, 0.5, 1.0, 1e-3, false);
        }

        public Options withTolerances(double eps, double epsFeas) {
            return new Options(mu, eps, epsFeas, maxIterations, alpha, beta, t0, repairFloor, trace);
        }

        public Options withMu(double mu) {
            return new Options(mu, eps, epsFeas, maxIterations, alpha, beta, t0, repairFloor, trace);
        }

        public Options withMaxIterations(int maxIterations) {
            return new Options(mu, eps, epsFeas, maxIterations, alpha, beta, t0, repairFloor, trace);
        }

        public Options withTrace(boolean trace) {
            return new Options(mu, eps, epsFeas, maxIterations, alpha, beta, t0, repairFloor, trace);
        }
    }

    private final Options options;

    public PrimalDualInteriorPoint() {
        this(Options.defaults());
    }

    public PrimalDualInteriorPoint(Options options) {
        this.options = options;
    }

    public Options options() { return options; }

    @Override
    public String name() { return "primal-dual"; }

    @Override
    public InnerResult solve(InnerProblem prob, double[] wStart) {
        Options o = options;
        double[] v = prob.fromFull(wStart);
        String note = Feasibility.repair(prob, v, o.repairFloor());
        boolean repaired = !note.isEmpty();
        int P = prob.size(), nc = prob.constraintCount();
        double[] g = new double[P], h = new double[P * P], lam = new double[P], rhs = new double[P], dv = new double[P],
                dl = new double[P], vT = new double[P], lT = new double[P], gT = new double[P];
        SpdSolver solver = new SpdSolver(P);
        List<InnerResult.TraceStep> trace = o.trace() ? new ArrayList<>() : List.of();

        // J, ∇J, ∇²J at the start, used by the first iteration
        double J = prob.valueGradientHessian(v, g, h);
        double tInit = o.t0();
        double eta0 = 0;
        for (int i = 0; i < P; i++) if (prob.isConstrained(i)) eta0 += v[i] * g[i];
        if (!repaired && eta0 > 0 && nc > 0) tInit = Math.max(o.t0(), Math.min(nc / eta0, o.mu() * nc / o.eps()));
        for (int i = 0; i < P; i++) lam[i] = prob.isConstrained(i) ? Math.max(g[i], 1.0 / (tInit * v[i])) : 0.0;

        int iter = 0;
        boolean converged = false;
        double decrement = Double.POSITIVE_INFINITY, t = Double.POSITIVE_INFINITY;
        // the accepted step on the problem's line (setLine(v_old, dv)), where the next evaluation is
        // (reusing the line's S_j); NaN for the start, evaluated above
        double onLine = Double.NaN;
        while (true) {
            if (onLine == onLine) J = prob.valueGradientHessianOnLine(onLine, g, h);
            if (!(J < Double.POSITIVE_INFINITY)) {
                throw new IllegalStateException("internal error: the primal-dual iterate left the feasible set at sample "
                        + prob.firstNotPositiveDefinite(v));
            }
            double eta = gap(prob, v, lam);
            double rd = dualResidual(prob, g, lam);
            if (rd <= o.epsFeas() && eta <= o.eps()) {
                converged = true;
                break;
            }
            if (iter >= o.maxIterations()) break;
            t = nc == 0 ? Double.POSITIVE_INFINITY : o.mu() * nc / eta;
            double invT = nc == 0 ? 0.0 : 1.0 / t;
            double r0 = residual(prob, v, lam, g, invT);
            for (int i = 0; i < P; i++) {
                rhs[i] = -g[i];
                if (prob.isConstrained(i)) {
                    h[i * P + i] += lam[i] / v[i];
                    rhs[i] += invT / v[i];
                }
            }
            solver.solve(h, rhs, dv);
            iter++;
            double quad = 0;
            for (int i = 0; i < P; i++) {
                double hv = 0;
                for (int k = 0; k < P; k++) hv += h[i * P + k] * dv[k];
                quad += dv[i] * hv;
            }
            decrement = 0.5 * quad;
            double sMax = 1.0;
            for (int i = 0; i < P; i++) {
                if (prob.isConstrained(i)) {
                    dl[i] = -lam[i] + invT / v[i] - lam[i] / v[i] * dv[i];
                    if (dl[i] < 0) sMax = Math.min(sMax, -lam[i] / dl[i]);
                } else {
                    dl[i] = 0.0;
                }
            }
            double s = 0.99 * sMax;
            for (int i = 0; i < P; i++) {
                if (prob.isConstrained(i) && dv[i] < 0) {
                    while (v[i] + s * dv[i] <= 0) s *= o.beta();
                }
            }
            boolean accepted = false;
            prob.setLine(v, dv);
            for (int k = 0; k < 200 && s > 0x1p-60; k++, s *= o.beta()) {
                boolean positive = true;
                for (int i = 0; i < P; i++) {
                    vT[i] = v[i] + s * dv[i];
                    lT[i] = lam[i] + s * dl[i];
                    if (prob.isConstrained(i) && !(vT[i] > 0 && lT[i] > 0)) positive = false;
                }
                if (!positive) continue;
                double jt = prob.valueGradientOnLine(s, gT);
                if (!(jt < Double.POSITIVE_INFINITY)) continue;
                if (residual(prob, vT, lT, gT, invT) <= (1 - o.alpha() * s) * r0) {
                    accepted = true;
                    break;
                }
            }
            if (o.trace()) trace.add(new InnerResult.TraceStep(iter, iter, t, J, decrement, eta, rd, accepted ? s : 0.0));
            if (!accepted) break;
            System.arraycopy(vT, 0, v, 0, P);
            System.arraycopy(lT, 0, lam, 0, P);
            onLine = s;
        }

        // J and ∇J at the final v are those of its evaluation at the top of the last iteration
        double eta = gap(prob, v, lam);
        double logSum = 0;
        for (int i = 0; i < P; i++) if (prob.isConstrained(i)) logSum += Math.log(v[i]);
        double tFinal = nc == 0 ? Double.POSITIVE_INFINITY : o.mu() * nc / Math.max(eta, Double.MIN_NORMAL);
        double barrier = nc == 0 ? J : J - logSum / tFinal;
        return new InnerResult(prob.toFull(v), J, barrier, tFinal, iter, iter, eta,
                iter == 0 ? 0.0 : decrement, dualResidual(prob, g, lam), converged, repaired, note, solver.regularizations(), trace);
    }

    private static double gap(InnerProblem prob, double[] v, double[] lam) {
        double eta = 0;
        for (int i = 0; i < v.length; i++) if (prob.isConstrained(i)) eta += v[i] * lam[i];
        return eta;
    }

    private static double dualResidual(InnerProblem prob, double[] g, double[] lam) {
        double r = 0;
        for (int i = 0; i < g.length; i++) {
            double e = prob.isConstrained(i) ? g[i] - lam[i] : g[i];
            r += e * e;
        }
        return Math.sqrt(r);
    }

    /** {@code ‖(r_dual, r_cent)‖₂} at {@code (v, λ)} for the given {@code 1/t}. */
    private static double residual(InnerProblem prob, double[] v, double[] lam, double[] g, double invT) {
        double r = 0;
        for (int i = 0; i < v.length; i++) {
            if (prob.isConstrained(i)) {
                double e = g[i] - lam[i], c = lam[i] * v[i] - invT;
                r += e * e + c * c;
            } else {
                r += g[i] * g[i];
            }
        }
        return Math.sqrt(r);
    }

    @Override
    public String toString() {
        return "PrimalDualInteriorPoint" + options;
    }
}
