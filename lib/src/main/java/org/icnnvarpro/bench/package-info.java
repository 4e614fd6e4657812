/**
 * The {@code bench} command: timing of the loss+gradient, the features pass, the inner solves and an
 * ℓBFGS VarPro iteration ({@link org.icnnvarpro.bench.Workload}s on a {@link org.icnnvarpro.bench.Config})
 * against the matrix-multiply rate measured in the same run, and the peak heap; with {@code --out}
 * the report is written to a file ({@link org.icnnvarpro.bench.Bench}).
 */
package org.icnnvarpro.bench;
