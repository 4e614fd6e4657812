package org.icnnvarpro.inner;

import java.util.List;

/**
 * The outcome of an {@link InnerSolver}.
 *
 * @param w               the full last-layer weights {@code (w_u, w_x, w_q)} (length M; {@code w_q = 0} in thesis mode)
 * @param loss            {@code J(w)} without barrier
 * @param barrierLoss     {@code J(w) − (1/t) Σ_{k∈C} log w_k} at the final {@code t}
 * @param t               the final barrier parameter
 * @param outerSteps      barrier: centering rounds ({@code t} values); primal-dual: iterations (it updates {@code t} every iteration)
 * @param newtonSteps     Newton systems solved (total over all rounds)
 * @param gapBound        barrier: {@code |C|/t}; primal-dual: surrogate gap {@code η = Σ_{k∈C} w_k λ_k}.
 *                        When centered (barrier) or dual-feasible (primal-dual), {@code J(w) − J* ≤ gapBound}
 * @param decrement       final {@code λ²/2}, half the squared Newton decrement of the last system solved
 * @param dualResidual    {@code ‖∇J(w) − λ‖₂} with {@code λ_k = 1/(t w_k)} (barrier) or the iterate's dual variables (primal-dual), {@code λ_k = 0} for free k
 * @param converged       whether the stopping tests were met within the step limits
 * @param repaired        whether the start was infeasible and was moved to a feasible point
 * @param repairNote      what the repair did (empty if nothing)
 * @param regularizations Newton systems whose Cholesky failed and were solved with {@code +δI}
 * @param trace           per-Newton-step trace (empty unless requested)
 */
public record InnerResult(double[] w, double loss, double barrierLoss, double t, int outerSteps, int newtonSteps,
                          double gapBound, double decrement, double dualResidual, boolean converged,
                          boolean repaired, String repairNote, int regularizations, List<TraceStep> trace) {

    /**
     * One Newton step, for teaching.
     *
     * @param outer       centering round (barrier) or iteration (primal-dual), from 1
     * @param step        Newton step number, from 1, over the whole solve
     * @param t           barrier parameter of this step
     * @param loss        {@code J} before the step
     * @param decrement   {@code λ²/2} of this step's Newton system
     * @param gap         {@code |C|/t} (barrier) or {@code η} (primal-dual) before the step
     * @param dualResidual ‖r_dual‖ before the step (barrier: ‖∇ of the barrier function‖)
     * @param stepSize    accepted line-search step (0 if no step was taken: centered, or the line search failed)
     */
    public record TraceStep(int outer, int step, double t, double loss, double decrement, double gap,
                            double dualResidual, double stepSize) {}

    @Override
    public String toString() {
        return String.format("J = %.10f (barrier %.10f, t = %.3g), %d outer / %d Newton steps, gap bound %.2e, "
                        + "λ²/2 = %.2e, ‖r_dual‖ = %.2e%s%s%s",
                loss, barrierLoss, t, outerSteps, newtonSteps, gapBound, decrement, dualResidual,
                converged ? "" : ", NOT converged", repaired ? ", repaired start: " + repairNote : "",
                regularizations > 0 ? ", " + regularizations + " regularized Newton systems" : "");
    }
}
