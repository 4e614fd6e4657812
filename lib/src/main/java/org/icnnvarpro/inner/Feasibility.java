package org.icnnvarpro.inner;

import java.util.Arrays;

/** Checks a start for the interior-point solvers and repairs it to a strictly feasible point. */
final class Feasibility {
    private Feasibility() {}

    /**
     * Makes {@code v} strictly feasible in place: every constrained {@code v_k > 0} and every
     * {@code S_j(v) ≻ 0}. Constrained entries {@code ≤ 0} are raised to {@code floor}; if some
     * {@code S_j} is still not positive definite, {@code γ} is added to {@code w_q} (quadratic mode:
     * {@code H^q = I}, so this always works) or to every constrained entry (thesis mode), doubling
     * {@code γ} from {@code floor} until all {@code S_j ≻ 0}.
     *
     * @return a description of the repair, or the empty string if {@code v} was feasible
     * @throws IllegalArgumentException   if {@code v} has a non-finite entry
     * @throws InfeasibleProblemException if no feasible point exists or none was reached
     */
    static String repair(InnerProblem p, double[] v, double floor) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) throw new IllegalArgumentException("start weight " + p.column(i) + " is " + v[i]);
        }
        if (!(floor > 0)) throw new IllegalArgumentException("repair floor must be positive, got " + floor);
        StringBuilder note = new StringBuilder();
        int raised = 0;
        for (int i = 0; i < v.length; i++) {
            if (p.isConstrained(i) && !(v[i] > 0)) {
                v[i] = floor;
                raised++;
            }
        }
        if (raised > 0) note.append("raised ").append(raised).append(" constrained weight(s) <= 0 to ").append(floor);
        int bad = p.firstNotPositiveDefinite(v);
        if (bad < 0) return note.toString();
        int unrepairable = p.firstUnrepairableSample();
        if (unrepairable >= 0) {
            throw new InfeasibleProblemException(unrepairable, "the inner problem has no feasible point: at sample " + unrepairable
                    + " the Hessians of all nonnegatively weighted features sum to a matrix that is not positive definite, so "
                    + "∇²Φ = Σ_k w_k H^k is singular for every w >= 0 (all neurons saturated there"
                    + (p.quadratic() ? ")" : "; the quadratic feature ½‖x‖² would make it feasible)"));
        }
        int q = -1;
        if (p.quadratic()) {
            for (int i = 0; i < v.length; i++) if (p.column(i) == p.fullSize() - 1 && p.isConstrained(i)) q = i;
        }
        double[] base = v.clone();
        double gamma = floor;
        for (int it = 0; it < 200; it++, gamma *= 2) {
            for (int i = 0; i < v.length; i++) {
                if (q >= 0 ? i == q : p.isConstrained(i)) v[i] = base[i] + gamma;
            }
            if (p.firstNotPositiveDefinite(v) < 0) {
                if (note.length() > 0) note.append("; ");
                note.append("∇²Φ was not positive definite at sample ").append(bad).append(": added ")
                        .append(String.format("%.3g", gamma)).append(q >= 0 ? " to w_q" : " to every w_u");
                return note.toString();
            }
        }
        Arrays.fill(v, Double.NaN);
        throw new InfeasibleProblemException(bad, "could not repair the start: ∇²Φ stays not positive definite at sample " + bad
                + " after raising the constrained weights by " + gamma);
    }
}
