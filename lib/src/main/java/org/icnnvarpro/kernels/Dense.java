package org.icnnvarpro.kernels;

/**
 * The dense products every layer is made of, on plain row-major arrays with offsets (so slices
 * of a larger array, such as {@code L_i} inside the flat weight vector or {@code L̄_i} inside the
 * gradient, are used in place without copies). No allocation, no state.
 *
 * <p>The layer products are tall and skinny: {@code (c·R × m)·(m × m)} with {@code m} = 32 in the
 * thesis's network. EJML's general {@code mult} runs them at a few GFlop/s; these kernels keep a
 * block of coefficients of {@code A} in registers and run the inner loop over a row of {@code B}
 * and {@code C}. HotSpot 17's C2 compiles that loop to <em>scalar</em> fused multiply-adds
 * ({@link Math#fma}), 8–9 GFlop/s here; {@link Kernels#vector()} performs the same chains with the
 * Vector API at ~30 GFlop/s and is used instead when the JVM has {@code jdk.incubator.vector}.
 * They are checked against EJML on random matrices of odd sizes in {@code DenseTest}.
 *
 * <p>Summation order (and therefore rounding) is fixed by the arguments alone.
 */
public final class Dense {
    private Dense() {}

    /**
     * {@code C = A·B}: A is r × n at {@code aOff}, B is n × m at {@code bOff}, C is r × m at
     * {@code cOff}, all row-major and contiguous. C must not overlap A or B.
     *
     * <p>Two rows of C at a time, four columns of A (rows of B) per sweep: each sweep is
     * {@code C[i,:] += a_{i,k}·B[k,:] + … + a_{i,k+3}·B[k+3,:]} for two rows {@code i}, so every
     * load of B feeds two fused multiply-adds and C is loaded and stored once per four.
     */
    public static void mult(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff) {
        java.util.Arrays.fill(C, cOff, cOff + r * m, 0.0);
        multAdd(A, aOff, r, n, B, bOff, m, C, cOff);
    }

    /** {@code C += A·B} with the shapes of {@link #mult}. */
    static void multAdd(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff) {
        int i = 0;
        for (; i + 2 <= r; i += 2) {
            int c0 = cOff + i * m, c1 = c0 + m;
            int a0 = aOff + i * n, a1 = a0 + n;
            int k = 0;
            for (; k + 4 <= n; k += 4) {
                double x0 = A[a0 + k], x1 = A[a0 + k + 1], x2 = A[a0 + k + 2], x3 = A[a0 + k + 3];
                double y0 = A[a1 + k], y1 = A[a1 + k + 1], y2 = A[a1 + k + 2], y3 = A[a1 + k + 3];
                int b0 = bOff + k * m, b1 = b0 + m, b2 = b1 + m, b3 = b2 + m;
                for (int j = 0; j < m; j++) {
                    double q0 = B[b0 + j], q1 = B[b1 + j], q2 = B[b2 + j], q3 = B[b3 + j];
                    C[c0 + j] = Math.fma(x3, q3, Math.fma(x2, q2, Math.fma(x1, q1, Math.fma(x0, q0, C[c0 + j]))));
                    C[c1 + j] = Math.fma(y3, q3, Math.fma(y2, q2, Math.fma(y1, q1, Math.fma(y0, q0, C[c1 + j]))));
                }
            }
            for (; k < n; k++) {
                double x0 = A[a0 + k], y0 = A[a1 + k];
                int b0 = bOff + k * m;
                for (int j = 0; j < m; j++) {
                    double q0 = B[b0 + j];
                    C[c0 + j] = Math.fma(x0, q0, C[c0 + j]);
                    C[c1 + j] = Math.fma(y0, q0, C[c1 + j]);
                }
            }
        }
        for (; i < r; i++) {
            int c0 = cOff + i * m, a0 = aOff + i * n;
            for (int k = 0; k < n; k++) {
                double x0 = A[a0 + k];
                int b0 = bOff + k * m;
                for (int j = 0; j < m; j++) C[c0 + j] = Math.fma(x0, B[b0 + j], C[c0 + j]);
            }
        }
    }

    /**
     * {@code C += Aᵀ·B}: A is r × n at {@code aOff}, B is r × m at {@code bOff}, C is n × m at
     * {@code cOff}. C must not overlap A or B.
     *
     * <p>Four rows of A and B at a time: {@code C[k,:] += a_{i,k}·B[i,:] + … + a_{i+3,k}·B[i+3,:]}
     * for every k, so C (n × m, small) is loaded and stored once per four rows.
     */
    public static void multAddTransA(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff) {
        int i = 0;
        for (; i + 4 <= r; i += 4) {
            int a0 = aOff + i * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n;
            int b0 = bOff + i * m, b1 = b0 + m, b2 = b1 + m, b3 = b2 + m;
            for (int k = 0; k < n; k++) {
                double x0 = A[a0 + k], x1 = A[a1 + k], x2 = A[a2 + k], x3 = A[a3 + k];
                int ck = cOff + k * m;
                for (int j = 0; j < m; j++) {
                    C[ck + j] = Math.fma(x3, B[b3 + j], Math.fma(x2, B[b2 + j], Math.fma(x1, B[b1 + j], Math.fma(x0, B[b0 + j], C[ck + j]))));
                }
            }
        }
        for (; i < r; i++) {
            int a0 = aOff + i * n, b0 = bOff + i * m;
            for (int k = 0; k < n; k++) {
                double x0 = A[a0 + k];
                int ck = cOff + k * m;
                for (int j = 0; j < m; j++) C[ck + j] = Math.fma(x0, B[b0 + j], C[ck + j]);
            }
        }
    }

    /** {@code Bᵀ} of an r × m matrix at {@code bOff}, written m × r at {@code tOff}. */
    public static void transpose(double[] B, int bOff, int r, int m, double[] T, int tOff) {
        for (int i = 0; i < r; i++)
            for (int j = 0; j < m; j++) T[tOff + j * r + i] = B[bOff + i * m + j];
    }
}
