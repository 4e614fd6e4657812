/**
 * The computational kernels under the model and the inner problem, apart from the mathematics they
 * serve: a reader of the thesis can skip this package.
 *
 * <ul>
 *   <li>{@link org.icnnvarpro.kernels.Kernels}: one interface for the dense products, the row kernels
 *       of the inner problem's Newton step and the elementwise rules of a network layer, with a plain
 *       Java implementation and one on the incubating Vector API (chosen once per JVM; both give the
 *       same bits);</li>
 *   <li>{@link org.icnnvarpro.kernels.Dense}: the plain dense products on row-major arrays with
 *       offsets;</li>
 *   <li>{@link org.icnnvarpro.kernels.SoftplusMath}: softplus and its derivatives from an {@code exp}
 *       and a {@code log1p} written so that the vector kernels compute the same bits lane by lane;</li>
 *   <li>{@link org.icnnvarpro.kernels.SymmetricMatrices}: Cholesky factor, log-determinant and inverse
 *       of one small symmetric positive definite matrix, without allocation.</li>
 * </ul>
 */
package org.icnnvarpro.kernels;
