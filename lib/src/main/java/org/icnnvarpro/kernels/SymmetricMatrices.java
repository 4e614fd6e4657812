package org.icnnvarpro.kernels;

/**
 * Small dense symmetric positive definite matrices (d × d, row-major) as they appear per sample:
 * Cholesky factorization, log-determinant and inverse, without allocation.
 */
public final class SymmetricMatrices {
    private SymmetricMatrices() {}

    /**
     * Cholesky factorization {@code S = C Cᵀ} into the lower triangle of {@code chol} (d × d).
     * Returns the index of the first non-positive (or non-finite) pivot, or −1 if {@code S ≻ 0}.
     */
    public static int cholesky(double[] S, int d, double[] chol) {
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                double v = S[a * d + b];
                for (int k = 0; k < b; k++) v -= chol[a * d + k] * chol[b * d + k];
                if (a == b) {
                    if (!(v > 0) || !Double.isFinite(v)) return a;
                    chol[a * d + a] = Math.sqrt(v);
                } else {
                    chol[a * d + b] = v / chol[b * d + b];
                }
            }
            for (int b = a + 1; b < d; b++) chol[a * d + b] = 0.0;
        }
        return -1;
    }

    /** {@code log det S = 2 Σ log C_aa} from a Cholesky factor. */
    public static double logDet(double[] chol, int d) {
        double s = 0;
        for (int a = 0; a < d; a++) s += Math.log(chol[a * d + a]);
        return 2 * s;
    }

    /**
     * {@code S⁻¹} (d × d, full) from a Cholesky factor held in {@code chol[0..d²)}, using
     * {@code work[workOff .. workOff+d)} as scratch.
     */
    public static void inverse(double[] chol, int d, double[] inv, double[] work, int workOff) {
        for (int col = 0; col < d; col++) {
            // solve C y = e_col, then Cᵀ z = y
            for (int a = 0; a < d; a++) {
                double v = a == col ? 1.0 : 0.0;
                for (int k = 0; k < a; k++) v -= chol[a * d + k] * work[workOff + k];
                work[workOff + a] = v / chol[a * d + a];
            }
            for (int a = d - 1; a >= 0; a--) {
                double v = work[workOff + a];
                for (int k = a + 1; k < d; k++) v -= chol[k * d + a] * inv[k * d + col];
                inv[a * d + col] = v / chol[a * d + a];
            }
        }
    }
}
