/**
 * The flow defined by a trained ICNN (docs/math.md §7): the generator {@code x = (∇Φ)⁻¹(z)}
 * ({@link org.icnnvarpro.flow.Generator}, batched damped Newton on {@code min_x Φ(x) − z·x},
 * reporting every reference sample without a preimage in its
 * {@link org.icnnvarpro.flow.GeneratorResult}) and the modeled density
 * {@code ρ(x) = N(∇Φ(x); 0, I) det ∇²Φ(x)} ({@link org.icnnvarpro.flow.Density}, pointwise, on
 * 2-D grids, with a trapezoid integral). The {@code sample} command of the command line uses
 * the generator.
 */
package org.icnnvarpro.flow;
