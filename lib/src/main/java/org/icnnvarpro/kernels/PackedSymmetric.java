package org.icnnvarpro.kernels;

import java.util.Arrays;

/**
 * Symmetric d × d matrices stored packed, and N of them factored at once.
 *
 * <p><b>Packed storage.</b> A symmetric matrix is held as its {@code T = d(d+1)/2} entries on and
 * above the diagonal, pairs {@code (a, b)}, {@code a ≤ b}, row by row: entry {@code s} is
 * {@code (row(s), col(s))}, and {@link #index(int, int)} gives {@code s} for {@code (a, b)} in either
 * order. (The network's Hessian rows and the inner problem's {@code S_j} and {@code H_j^k} use this
 * order.) A lower-triangular factor uses the same storage: its entry {@code (a, b)}, {@code b ≤ a},
 * sits at {@code index(a, b)}.
 *
 * <p><b>Batches.</b> The methods on N matrices take them sample-minor ("structure of arrays"): entry
 * {@code s} of matrix {@code j} at {@code s·N + j}. Each operation then runs entry by entry as one
 * elementwise, vectorizable loop over the samples, which is how the inner problem factors all its
 * {@code S_j} per evaluation. Nothing is allocated.
 */
public final class PackedSymmetric {
    private final int d, t;
    private final int[] row, col, index;

    /** The packed layout of symmetric {@code d × d} matrices. */
    public PackedSymmetric(int d) {
        if (d < 1) throw new IllegalArgumentException("dimension must be positive, got " + d);
        this.d = d;
        this.t = size(d);
        row = new int[t];
        col = new int[t];
        index = new int[d * d];
        for (int a = 0, s = 0; a < d; a++) {
            for (int b = a; b < d; b++, s++) {
                row[s] = a;
                col[s] = b;
                index[a * d + b] = s;
                index[b * d + a] = s;
            }
        }
    }

    /** {@code T = d(d+1)/2}, the number of packed entries of a symmetric {@code d × d} matrix. */
    public static int size(int d) {
        return d * (d + 1) / 2;
    }

    /** The matrix dimension d. */
    public int dim() { return d; }

    /** The number of packed entries T. */
    public int size() { return t; }

    /** The row {@code a} of packed entry {@code s}. */
    public int row(int s) { return row[s]; }

    /** The column {@code b ≥ a} of packed entry {@code s}. */
    public int col(int s) { return col[s]; }

    /** The packed entry of {@code (a, b)}, either order. */
    public int index(int a, int b) { return index[a * d + b]; }

    /** The rows of the packed entries, in order (a new array). */
    public int[] rows() { return row.clone(); }

    /** The columns of the packed entries, in order (a new array). */
    public int[] cols() { return col.clone(); }

    // ------------------------------------------------------------------ N matrices, sample-minor

    /**
     * Cholesky factors {@code S_j = C_j C_jᵀ} of N matrices: {@code C} (lower entries, packed) from
     * {@code S}, column by column, each entry as one loop over the samples. A matrix that is not
     * positive definite gets a diagonal entry that is NaN, 0 or ∞ (no exception; see
     * {@link #positiveDiagonal}).
     */
    public void factor(double[] S, double[] C, int n) {
        for (int b = 0; b < d; b++) {
            for (int a = b; a < d; a++) {
                int o = index[a * d + b] * n;
                System.arraycopy(S, o, C, o, n);
                for (int k = 0; k < b; k++) {
                    int qa = index[a * d + k] * n, qb = index[b * d + k] * n;
                    for (int j = 0; j < n; j++) C[o + j] -= C[qa + j] * C[qb + j];
                }
                if (a == b) {
                    for (int j = 0; j < n; j++) C[o + j] = Math.sqrt(C[o + j]);
                } else {
                    int ob = index[b * d + b] * n;
                    for (int j = 0; j < n; j++) C[o + j] /= C[ob + j];
                }
            }
        }
    }

    /** The inverses {@code C_j⁻¹} (lower triangular, packed) of N factors from {@link #factor}. */
    public void invertFactors(double[] C, double[] Ci, int n) {
        for (int c = 0; c < d; c++) {
            int oc = index[c * d + c] * n;
            for (int j = 0; j < n; j++) Ci[oc + j] = 1.0 / C[oc + j];
            for (int a = c + 1; a < d; a++) {
                // (C⁻¹)_ac = −(Σ_{k=c}^{a−1} C_ak (C⁻¹)_kc) / C_aa
                int o = index[a * d + c] * n, oa = index[a * d + a] * n;
                Arrays.fill(Ci, o, o + n, 0.0);
                for (int k = c; k < a; k++) {
                    int q1 = index[a * d + k] * n, q2 = index[k * d + c] * n;
                    for (int j = 0; j < n; j++) Ci[o + j] -= C[q1 + j] * Ci[q2 + j];
                }
                for (int j = 0; j < n; j++) Ci[o + j] /= C[oa + j];
            }
        }
    }

    /**
     * {@code Σ_j log det C_j = Σ_j log Π_a (C_j)_aa} over N factors (one logarithm per sample),
     * compensated (Kahan): with N terms of similar size a plain sum's rounding error grows like
     * N·ulp. NaN if some factorization failed (a diagonal entry not positive and finite).
     */
    public double sumLogDet(double[] C, int n) {
        double logDet = 0, comp = 0;
        for (int j = 0; j < n; j++) {
            double prod = 1;
            for (int a = 0; a < d; a++) prod *= C[index[a * d + a] * n + j];
            double l;
            if (prod >= Double.MIN_NORMAL && prod < Double.POSITIVE_INFINITY) {
                l = Math.log(prod);
            } else {   // rare: a failed factorization, or a product outside the normal range
                if (!positiveDiagonal(C, n, j)) return Double.NaN;
                l = 0;
                for (int a = 0; a < d; a++) l += Math.log(C[index[a * d + a] * n + j]);
            }
            double y = l - comp, sum = logDet + y;
            comp = (sum - logDet) - y;
            logDet = sum;
        }
        return logDet;
    }

    /** Whether factor j of N has a positive, finite diagonal (that is, its {@code S_j ≻ 0}). */
    public boolean positiveDiagonal(double[] C, int n, int j) {
        for (int a = 0; a < d; a++) {
            double c = C[index[a * d + a] * n + j];
            if (!(c > 0) || !(c < Double.POSITIVE_INFINITY)) return false;
        }
        return true;
    }

    /** The first of N factors whose factorization failed, or −1. */
    public int firstFailure(double[] C, int n) {
        for (int j = 0; j < n; j++) if (!positiveDiagonal(C, n, j)) return j;
        return -1;
    }
}
