/**
 * Variable projection on separable nonlinear least squares (thesis §2.2; Golub and Pereyra 1973,
 * 2003; docs/math.md §9), the setting where VarPro was born, used by the primer notebook 4 before
 * the ICNN's constrained, non-quadratic inner problem.
 *
 * <p>A model linear in some parameters {@code c} and nonlinear in others {@code λ},
 * {@code y(t) ≈ Σ_k c_k φ_k(λ, t) = A(λ)c}, fitted by
 * {@code min_{λ,c} ½‖A(λ)c − y‖²}. For fixed {@code λ} the problem in {@code c} is a linear least-squares
 * problem with the unique solution {@code c(λ)} (when {@code A(λ)} has full column rank), so VarPro
 * minimizes the reduced functional {@code J_red(λ) = ½‖A(λ)c(λ) − y‖²} over {@code λ} alone. Its
 * gradient is the partial gradient in {@code λ} at {@code c = c(λ)}, because {@code ∂J/∂c = 0} there.
 *
 * <ul>
 *   <li>{@link org.icnnvarpro.separable.ExponentialSum}: the model {@code Σ_k c_k e^{−λ_k t}}, its
 *       basis and derivatives, and sampled data;</li>
 *   <li>{@link org.icnnvarpro.separable.SeparableLeastSquares}: the full and the reduced problem as
 *       {@link org.icnnvarpro.optim.Objective}s, the inner linear solve (EJML's QR least squares),
 *       and a comparison of both with the same optimizer.</li>
 * </ul>
 */
package org.icnnvarpro.separable;
