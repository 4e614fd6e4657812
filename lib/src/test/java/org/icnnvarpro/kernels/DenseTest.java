package org.icnnvarpro.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hand-written kernels of {@link Dense} against EJML on random matrices, odd sizes and offsets included. */
class DenseTest {
    static double[] random(Random r, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = 2 * r.nextDouble() - 1;
        return a;
    }

    static void close(double[] expected, double[] actual, int off, int n) {
        for (int i = 0; i < n; i++)
            assertEquals(expected[i], actual[off + i], 1e-13 * Math.max(1, Math.abs(expected[i])), "entry " + i);
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "2,4,8", "3,5,7", "7,9,6", "1536,32,32", "97,33,31", "5,1,13", "13,6,1", "270,45,128", "4,3,2"})
    void multMatchesEjml(int r, int n, int m) {
        Random rng = new Random(31L * r + 7L * n + m);
        int aOff = 3, bOff = 5, cOff = 2;
        double[] A = random(rng, aOff + r * n), B = random(rng, bOff + n * m), C = random(rng, cOff + r * m + 4);
        double[] tail = C.clone();
        Dense.mult(A, aOff, r, n, B, bOff, m, C, cOff);
        DMatrixRMaj a = new DMatrixRMaj(r, n), b = new DMatrixRMaj(n, m), c = new DMatrixRMaj(r, m);
        System.arraycopy(A, aOff, a.data, 0, r * n);
        System.arraycopy(B, bOff, b.data, 0, n * m);
        CommonOps_DDRM.mult(a, b, c);
        close(c.data, C, cOff, r * m);
        // nothing outside the target is touched
        for (int i = 0; i < cOff; i++) assertEquals(tail[i], C[i], 0.0);
        for (int i = cOff + r * m; i < C.length; i++) assertEquals(tail[i], C[i], 0.0);
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "2,4,8", "3,5,7", "7,9,6", "1536,32,32", "97,33,31", "5,1,13", "13,6,1", "270,45,128", "4,3,2"})
    void multAddTransAMatchesEjml(int r, int n, int m) {
        Random rng = new Random(17L * r + 3L * n + m);
        int aOff = 1, bOff = 4, cOff = 6;
        double[] A = random(rng, aOff + r * n), B = random(rng, bOff + r * m), C = random(rng, cOff + n * m + 3);
        double[] before = C.clone();
        Dense.multAddTransA(A, aOff, r, n, B, bOff, m, C, cOff);
        DMatrixRMaj a = new DMatrixRMaj(r, n), b = new DMatrixRMaj(r, m), c = new DMatrixRMaj(n, m);
        System.arraycopy(A, aOff, a.data, 0, r * n);
        System.arraycopy(B, bOff, b.data, 0, r * m);
        System.arraycopy(before, cOff, c.data, 0, n * m);
        CommonOps_DDRM.multAddTransA(a, b, c);
        close(c.data, C, cOff, n * m);
        for (int i = 0; i < cOff; i++) assertEquals(before[i], C[i], 0.0);
        for (int i = cOff + n * m; i < C.length; i++) assertEquals(before[i], C[i], 0.0);
    }

    @ParameterizedTest
    @CsvSource({"1,1", "3,5", "32,32", "7,2"})
    void transposeIsTranspose(int r, int m) {
        Random rng = new Random(r * 100 + m);
        double[] B = random(rng, 2 + r * m), T = new double[1 + r * m];
        Dense.transpose(B, 2, r, m, T, 1);
        for (int i = 0; i < r; i++) for (int j = 0; j < m; j++) assertEquals(B[2 + i * m + j], T[1 + j * r + i], 0.0);
    }
}
