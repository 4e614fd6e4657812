/**
 * Support for the course notebooks: self-checks of exercises and validated parameters.
 *
 * <p>An exercise in a notebook is a stub (a method with {@code // TODO} and a clear signature,
 * which throws {@code UnsupportedOperationException("not attempted yet")} until the student writes
 * it) and a self-check cell of one line, e.g.
 * {@code PotentialChecks.softplus(z -> sigma(z), z -> sigma1(z), z -> sigma2(z))}. The check runs the
 * student's code against independent truth — finite differences, Taylor ratios, closed-form cases,
 * invariants, or the library's own implementation (itself tested that way) — and returns a
 * {@link org.icnnvarpro.teach.Report}: one line per check, {@code self-check <what>: passed},
 * {@code … : not attempted yet}, or {@code … : FAILED - <what is wrong, what to look at>}. A check
 * never lets the student's exception escape: a stub is "not attempted yet", any other exception is
 * reported in one line. Each check class's Javadoc says, per method, what it compares against.
 *
 * <ul>
 *   <li>{@link org.icnnvarpro.teach.PotentialChecks} — notebook 1: softplus, the ICNN potential, 2×2 eigenvalues;</li>
 *   <li>{@link org.icnnvarpro.teach.DerivativeChecks} — notebook 2: a layer's input gradient and Hessian, the loss's adjoints;</li>
 *   <li>{@link org.icnnvarpro.teach.OptimizerChecks} — notebooks 3 and 6: the Adam update, the raw-parameter chain rule, the L-BFGS two-loop recursion;</li>
 *   <li>{@link org.icnnvarpro.teach.SeparableChecks} — notebook 4: the reduced functional of separable least squares and its gradient;</li>
 *   <li>{@link org.icnnvarpro.teach.InnerChecks} — notebooks 5 and 6: ∇_w J, ∇²_w J, a centering step of Algorithm 1, the duality-gap rule, the reduced objective;</li>
 *   <li>{@link org.icnnvarpro.teach.ResultsChecks} — notebook 7: mean ± std over seeds, updates per budget;</li>
 *   <li>{@link org.icnnvarpro.teach.FlowChecks} — notebook 8: the density, sampling by Newton's method.</li>
 * </ul>
 *
 * <p>{@link org.icnnvarpro.teach.Parameters} validates a notebook's parameters cell with one-line
 * errors naming the parameter and the allowed range.
 *
 * <p><b>Grading.</b> With the environment variable {@code ICNN_SELFCHECK_STRICT=1} (or the system
 * property {@code icnn.selfcheck.strict=true}) a check whose report is not all "passed" throws an
 * {@link java.lang.AssertionError} after building its report, so that an autograder (nbgrader)
 * marks the cell as failed; without it, checks never throw.
 */
package org.icnnvarpro.teach;
