package org.icnnvarpro.inner;

/**
 * A solver of the inner problem {@code min J(w) s.t. w_k ≥ 0 (k ∈ C)} of an {@link InnerProblem}.
 * Implementations: {@link BarrierNewton} (the thesis's Algorithm 1) and
 * {@link PrimalDualInteriorPoint}; training code can use either through this interface.
 */
public interface InnerSolver {
    /**
     * Solves {@code p} starting from the full last-layer weights {@code wStart} (length
     * {@link InnerProblem#fullSize()}, as from {@code Icnn.last()}; a held {@code w_q} must be 0).
     * An infeasible start is repaired if possible ({@link InnerResult#repaired()}); if no feasible
     * point exists, {@link InfeasibleProblemException} is thrown.
     */
    InnerResult solve(InnerProblem p, double[] wStart);

    /** A short name for tables ("barrier", "primal-dual"). */
    String name();
}
