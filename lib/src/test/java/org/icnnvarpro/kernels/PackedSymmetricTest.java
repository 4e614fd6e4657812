package org.icnnvarpro.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batched packed factorizations against their definitions: {@code C Cᵀ = S}, {@code C·C⁻¹ = I},
 * and the summed log-determinants against {@link SymmetricMatrices} one matrix at a time; failures
 * found where a matrix is not positive definite.
 */
class PackedSymmetricTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void layoutFactorsInversesAndLogDeterminants(int d) {
        PackedSymmetric p = new PackedSymmetric(d);
        int t = p.size(), n = 37;
        assertEquals(d * (d + 1) / 2, t);
        for (int s = 0; s < t; s++) {
            assertTrue(p.row(s) <= p.col(s));
            assertEquals(s, p.index(p.row(s), p.col(s)));
            assertEquals(s, p.index(p.col(s), p.row(s)));
            if (s > 0) assertTrue(p.row(s) > p.row(s - 1) || p.col(s) == p.col(s - 1) + 1, "row by row");
        }
        Random rng = new Random(d);
        double[][] full = new double[n][];
        double[] S = new double[t * n];
        for (int j = 0; j < n; j++) {
            // S_j = B Bᵀ + 0.1 I
            double[] b = new double[d * d];
            for (int i = 0; i < b.length; i++) b[i] = rng.nextGaussian();
            double[] m = new double[d * d];
            for (int a = 0; a < d; a++)
                for (int c = 0; c < d; c++) {
                    double v = a == c ? 0.1 : 0.0;
                    for (int k = 0; k < d; k++) v += b[a * d + k] * b[c * d + k];
                    m[a * d + c] = v;
                }
            full[j] = m;
            for (int s = 0; s < t; s++) S[s * n + j] = m[p.row(s) * d + p.col(s)];
        }
        double[] C = new double[t * n], Ci = new double[t * n];
        p.factor(S, C, n);
        p.invertFactors(C, Ci, n);
        double sumLogDet = 0;
        for (int j = 0; j < n; j++) {
            double scale = 0;
            for (double v : full[j]) scale = Math.max(scale, Math.abs(v));
            for (int a = 0; a < d; a++)
                for (int c = 0; c <= a; c++) {
                    double cc = 0, ci = 0;
                    for (int k = 0; k <= c; k++) {
                        cc += lower(p, C, n, j, a, k) * lower(p, C, n, j, c, k);
                    }
                    for (int k = c; k <= a; k++) ci += lower(p, C, n, j, a, k) * lower(p, Ci, n, j, k, c);
                    assertEquals(full[j][a * d + c], cc, 1e-12 * scale, "C Cᵀ = S, sample " + j);
                    assertEquals(a == c ? 1.0 : 0.0, ci, 1e-9, "C C⁻¹ = I, sample " + j);
                }
            double[] chol = new double[d * d];
            assertEquals(-1, SymmetricMatrices.cholesky(full[j], d, chol));
            sumLogDet += SymmetricMatrices.logDet(chol, d) / 2;   // log det C_j = ½ log det S_j
            assertTrue(p.positiveDiagonal(C, n, j));
        }
        assertEquals(sumLogDet, p.sumLogDet(C, n), 1e-11 * Math.max(1, Math.abs(sumLogDet)));
        assertEquals(-1, p.firstFailure(C, n));

        // sample 5 made indefinite (a negative diagonal entry): found, and the sum is NaN
        int last = p.index(d - 1, d - 1);
        S[last * n + 5] = -1.0 - Math.abs(S[last * n + 5]) * 10;
        for (int a = 0; a < d - 1; a++) S[p.index(a, d - 1) * n + 5] = 0.0;
        p.factor(S, C, n);
        assertFalse(p.positiveDiagonal(C, n, 5));
        assertEquals(5, p.firstFailure(C, n));
        assertTrue(Double.isNaN(p.sumLogDet(C, n)));
    }

    /** Entry (a, b), b ≤ a, of factor j (0 above the diagonal). */
    private static double lower(PackedSymmetric p, double[] C, int n, int j, int a, int b) {
        return b > a ? 0.0 : C[p.index(a, b) * n + j];
    }
}
