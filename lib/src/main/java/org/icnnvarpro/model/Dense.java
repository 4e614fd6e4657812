package org.icnnvarpro.model;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The dense products every layer is made of, on plain row-major arrays (EJML underneath).
 * Matrix wrappers are reused, so a call allocates nothing.
 */
final class Dense {
    private final DMatrixRMaj a = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj b = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj c = new DMatrixRMaj(1, 1);

    private static void view(DMatrixRMaj m, double[] data, int rows, int cols) {
        m.data = data;
        m.numRows = rows;
        m.numCols = cols;
    }

    /** {@code C = A·B}, A: r × n, B: n × m, C: r × m. */
    void mult(double[] A, int r, int n, double[] B, int m, double[] C) {
        view(a, A, r, n);
        view(b, B, n, m);
        view(c, C, r, m);
        CommonOps_DDRM.mult(a, b, c);
    }

    /** {@code C += Aᵀ·B}, A: r × n, B: r × m, C: n × m. */
    void multAddTransA(double[] A, int r, int n, double[] B, int m, double[] C) {
        view(a, A, r, n);
        view(b, B, r, m);
        view(c, C, n, m);
        CommonOps_DDRM.multAddTransA(a, b, c);
    }
}
