package org.icnnvarpro.optim;

/**
 * A differentiable function {@code f : R^n -> R} as the optimizers see it.
 *
 * <p>The optimizers treat the objective as stateless: calling {@link #valueAndGradient} twice at
 * the same point must give the same answer. A stochastic (mini-batch) objective is the caller's
 * business; L-BFGS in particular assumes a fixed function during a run.
 */
public interface Objective {

    /** The dimension {@code n} of the domain. */
    int dimension();

    /**
     * Evaluates {@code f} and its gradient at {@code x}.
     *
     * @param x    the point, length {@link #dimension()}; must not be modified
     * @param grad output, length {@link #dimension()}: receives {@code ∇f(x)}
     * @return {@code f(x)}
     */
    double valueAndGradient(double[] x, double[] grad);
}
