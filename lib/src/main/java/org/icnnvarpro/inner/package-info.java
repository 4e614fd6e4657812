/**
 * Variable projection (thesis §2.2 and §3.2): the inner problem over the last layer's weights and
 * its solvers.
 *
 * <ul>
 *   <li>{@link org.icnnvarpro.inner.InnerProblem}: {@code J(w)} with its gradient and Hessian for
 *       fixed hidden weights, convex in {@code w};</li>
 *   <li>{@link org.icnnvarpro.inner.BarrierNewton}: the log-barrier Newton method of Algorithm 1;</li>
 *   <li>{@link org.icnnvarpro.inner.PrimalDualInteriorPoint}: the primal-dual interior point method that
 *       chapter 5 suggests, the default inner solver of training;</li>
 *   <li>{@link org.icnnvarpro.inner.ReducedObjective}: the reduced loss {@code J_red(μ) = J(μ, w(μ))}
 *       and its gradient, what the outer optimizers of Algorithm 2 minimize.</li>
 * </ul>
 */
package org.icnnvarpro.inner;
