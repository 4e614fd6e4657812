/**
 * Outer optimizers for training: {@link org.icnnvarpro.optim.Adam} (PyTorch's bias-corrected Adam)
 * and {@link org.icnnvarpro.optim.Lbfgs} (limited-memory BFGS with PyTorch's strong-Wolfe line
 * search), both acting on an {@link org.icnnvarpro.optim.Objective} over a flat parameter vector.
 *
 * <p>The package is independent of the rest of the library. Optimizers are deterministic: the
 * same objective and start point give bit-identical iterates.
 */
package org.icnnvarpro.optim;
