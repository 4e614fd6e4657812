package org.icnnvarpro.inner;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Solves {@code K x = b} for a symmetric positive definite {@code P × P} matrix by Cholesky
 * (EJML), reusing its buffers. If the factorization fails (K numerically not positive definite)
 * it retries with {@code K + δI}, {@code δ} growing from {@code 1e-12·max|K_ii|} by factors of 10,
 * and counts these regularizations.
 */
final class SpdSolver {
    private final int p;
    private final DMatrixRMaj a, b, x;
    private final LinearSolverDense<DMatrixRMaj> chol;
    private int regularizations;

    SpdSolver(int p) {
        this.p = p;
        a = new DMatrixRMaj(p, p);
        b = new DMatrixRMaj(p, 1);
        x = new DMatrixRMaj(p, 1);
        chol = LinearSolverFactory_DDRM.chol(p);
    }

    int regularizations() { return regularizations; }

    /** Solves {@code K x = rhs} into {@code out}; {@code K} (row-major) is not modified. */
    void solve(double[] k, double[] rhs, double[] out) {
        double maxDiag = 0;
        for (int i = 0; i < p * p; i++) {
            if (!Double.isFinite(k[i])) throw new ArithmeticException("the Newton system has a non-finite entry " + k[i]
                    + " at (" + i / p + ", " + i % p + "); the iterate is too close to the boundary of the feasible set");
        }
        for (int i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(k[i * p + i]));
        double delta = 0;
        for (int attempt = 0; attempt < 30; attempt++) {
            System.arraycopy(k, 0, a.data, 0, p * p);
            if (delta > 0) for (int i = 0; i < p; i++) a.data[i * p + i] += delta;
            if (chol.setA(a)) {
                if (delta > 0) regularizations++;
                System.arraycopy(rhs, 0, b.data, 0, p);
                chol.solve(b, x);
                boolean finite = true;
                for (int i = 0; i < p; i++) finite &= Double.isFinite(x.data[i]);
                if (finite) {
                    System.arraycopy(x.data, 0, out, 0, p);
                    return;
                }
            }
            delta = delta == 0 ? 1e-12 * Math.max(1.0, maxDiag) : delta * 10;
        }
        throw new ArithmeticException("the Newton system could not be solved even with a regularization of " + delta);
    }
}
