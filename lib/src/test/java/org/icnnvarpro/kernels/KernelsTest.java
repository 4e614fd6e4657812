package org.icnnvarpro.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API kernels against the plain ones, on raw products and row kernels of odd shapes and
 * on the softplus rule at extreme arguments (the whole loss and gradient on both are compared in
 * {@code model.PlainAndVectorKernelsTest}). The two are designed to perform the same floating-point
 * operations in the same order, so besides the ~1e-12 relative agreement asked of them, they are
 * checked to agree bit for bit. Surefire runs with {@code --add-modules jdk.incubator.vector}.
 */
class KernelsTest {
    static double[] random(Random r, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = 2 * r.nextDouble() - 1;
        return a;
    }

    @Test
    void selection() {
        assertSame(Kernels.plain(), Kernels.select("plain"));
        assertThrows(IllegalArgumentException.class, () -> Kernels.select("fast"));
        assertEquals("plain", Kernels.plain().name());
        if (Kernels.vectorAvailable()) {
            assertTrue(Kernels.select("auto").name().startsWith("vector"));
            assertTrue(Kernels.defaults().name().startsWith("vector"), "surefire runs with the module: the default should be the vector kernels");
        } else {
            assertSame(Kernels.plain(), Kernels.select("auto"));
            assertThrows(UnsupportedOperationException.class, Kernels::vector);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "2,4,8", "3,5,7", "6,32,32", "7,9,6", "510,32,32", "97,33,31", "5,1,13", "13,6,1", "270,45,128", "4,3,2",
                "12,7,9", "30,26,4", "11,32,33", "192,16,5", "192,24,3", "50,40,2"})
    void productsEqualThePlainLoops(int r, int n, int m) {
        assumeTrue(Kernels.vectorAvailable());
        Kernels v = Kernels.vector(), p = Kernels.plain();
        Random rng = new Random(31L * r + 7L * n + m);
        int aOff = 3, bOff = 5, cOff = 2;
        // C = A·B
        double[] A = random(rng, aOff + r * n), B = random(rng, bOff + n * m), C0 = random(rng, cOff + r * m + 4);
        double[] Cp = C0.clone(), Cv = C0.clone();
        p.mult(A, aOff, r, n, B, bOff, m, Cp, cOff);
        v.mult(A, aOff, r, n, B, bOff, m, Cv, cOff);
        assertArrayEquals(Cp, Cv, 0.0, "mult");
        // C += Aᵀ·B
        double[] B2 = random(rng, bOff + r * m), D0 = random(rng, cOff + n * m + 3);
        double[] Dp = D0.clone(), Dv = D0.clone();
        p.multAddTransA(A, aOff, r, n, B2, bOff, m, Dp, cOff);
        v.multAddTransA(A, aOff, r, n, B2, bOff, m, Dv, cOff);
        assertArrayEquals(Dp, Dv, 0.0, "multAddTransA");
        // C += Aᵀ·A on and above the diagonal lane blocks: those entries as in the full product
        double[] E0 = random(rng, cOff + n * n + 3);
        double[] full = E0.clone();
        p.multAddTransA(A, aOff, r, n, A, aOff, n, full, cOff);
        for (Kernels kern : List.of(p, v)) {
            double[] upper = E0.clone();
            kern.multAddTransAUpper(A, aOff, r, n, upper, cOff);
            for (int i = 0; i < n; i++)
                for (int j = kern.lanes() * (i / kern.lanes()); j < n; j++)
                    assertEquals(full[cOff + i * n + j], upper[cOff + i * n + j], 0.0, kern + " multAddTransAUpper " + i + "," + j);
        }
    }

    @Test
    void rowUpdatesEqualThePlainLoops() {
        assumeTrue(Kernels.vectorAvailable());
        Random r = new Random(3);
        for (int len = 0; len <= 37; len++) {
            double[] x = new double[len + 5], y0 = new double[len + 7];
            for (int k = 0; k < x.length; k++) x[k] = r.nextGaussian();
            for (int k = 0; k < y0.length; k++) y0[k] = r.nextGaussian();
            double a = r.nextGaussian();
            double[] yp = y0.clone(), yv = y0.clone();
            // one row scaled: a combination of a single term
            Kernels.plain().combineRows(new double[] {a}, 0, 1, new int[] {0}, 0, 1, x, 3, 0, yp, 5, len);
            Kernels.vector().combineRows(new double[] {a}, 0, 1, new int[] {0}, 0, 1, x, 3, 0, yv, 5, len);
            assertArrayEquals(yp, yv, 0.0, "scaled row " + len);
            for (int k = 0; k < len; k++) assertEquals(a * x[3 + k], yp[5 + k], 0.0);
            yp = y0.clone();
            yv = y0.clone();
            Kernels.plain().addScaledRow(a, x, 2, yp, 1, len);
            Kernels.vector().addScaledRow(a, x, 2, yv, 1, len);
            assertArrayEquals(yp, yv, 0.0, "addScaledRow " + len);
            for (int k = 0; k < len; k++) assertEquals(y0[1 + k] + a * x[2 + k], yp[1 + k], 0.0);
            // combineRows: rows 4, 0, 2, 4 of a 5-row X (stride len + 1), coefficients every 3rd entry
            int stride = len + 1;
            double[] X = new double[5 * stride + 2], coef = new double[14];
            for (int k = 0; k < X.length; k++) X[k] = r.nextGaussian();
            for (int k = 0; k < coef.length; k++) coef[k] = r.nextGaussian();
            int[] rows = {9, 4, 0, 2, 4};
            yp = y0.clone();
            yv = y0.clone();
            Kernels.plain().combineRows(coef, 1, 3, rows, 1, 5, X, 2, stride, yp, 4, len);
            Kernels.vector().combineRows(coef, 1, 3, rows, 1, 5, X, 2, stride, yv, 4, len);
            assertArrayEquals(yp, yv, 0.0, "combineRows " + len);
            for (int k = 0; k < len; k++) {
                double v = coef[1] * X[2 + 4 * stride + k];
                v += coef[4] * X[2 + k];
                v += coef[7] * X[2 + 2 * stride + k];
                v += coef[10] * X[2 + 4 * stride + k];
                assertEquals(v, yp[4 + k], 0.0, "combineRows against the expression, " + len);
            }
        }
    }

    @Test
    void sumScaledRowsEqualTheSumsInOrder() {
        Random r = new Random(9);
        for (int len : new int[] {0, 1, 7, 8, 9, 31, 32, 33, 37, 64, 70, 600}) {
            int rows = 1 + len % 5;
            double[][] X = new double[rows][];
            for (int c = 0; c < rows; c++) X[c] = random(r, len + 2);
            double[] a = random(r, rows), b = random(r, rows);
            a[0] = 0.0;   // 0·(negative) = −0: the sums start from +0, so the entry is +0 + (−0) = +0
            for (boolean two : new boolean[] {false, true}) {
                for (Kernels kern : Kernels.vectorAvailable() ? List.of(Kernels.plain(), Kernels.vector()) : List.of(Kernels.plain())) {
                    double[] y0 = random(r, len + 1), y1 = two ? random(r, len + 1) : null;
                    kern.sumScaledRows(X, a, y0, two ? b : null, y1, len);
                    for (int k = 0; k < len; k++) {
                        double e0 = 0, e1 = 0;
                        for (int c = 0; c < rows; c++) {
                            e0 += a[c] * X[c][k];
                            e1 += b[c] * X[c][k];
                        }
                        String ctx = kern + " len " + len + " entry " + k;
                        assertEquals(Double.doubleToLongBits(e0), Double.doubleToLongBits(y0[k]), ctx);
                        if (two) assertEquals(Double.doubleToLongBits(e1), Double.doubleToLongBits(y1[k]), ctx);
                    }
                }
            }
        }
    }

    @Test
    void absColumnSumsAndGatheredColumnsEqualTheirDefinitions() {
        Random r = new Random(13);
        List<Kernels> kernels = Kernels.vectorAvailable() ? List.of(Kernels.plain(), Kernels.vector()) : List.of(Kernels.plain());
        for (int m : new int[] {1, 3, 7, 8, 9, 16, 31, 32, 35, 40, 67}) {
            int rows = 1 + (m * 7) % 23;
            double[] X = random(r, rows * m);
            X[0] = -0.0;
            for (Kernels kern : kernels) {
                double[] sums = random(r, m);   // overwritten, not added to
                kern.absColumnSums(X, rows, m, sums);
                for (int k = 0; k < m; k++) {
                    double e = 0;
                    for (int q = 0; q < rows; q++) e += Math.abs(X[q * m + k]);
                    assertEquals(Double.doubleToLongBits(e), Double.doubleToLongBits(sums[k]), kern + " m " + m + " column " + k);
                }
                // columns 1..cols of the rows of X from row 1 on, as the rows of Y from entry 2 on
                int cols = m - 1, n = rows - 1;
                double[][] Y = new double[cols][n + 3];
                kern.gatherColumns(X, m + 1, m, n, cols, Y, 2);
                for (int c = 0; c < cols; c++) {
                    assertEquals(0.0, Y[c][0] + Y[c][1] + Y[c][n + 2], "entries outside the range are not written");
                    for (int i = 0; i < n; i++) assertEquals(X[(1 + i) * m + 1 + c], Y[c][2 + i], 0.0, kern + " m " + m);
                }
            }
        }
    }

    @Test
    void whiten3EqualsTheRowKernelsRowByRow() {
        Random r = new Random(5);
        for (int len = 0; len <= 37; len++) {
            int count = 1 + len % 4, cStride = count + 2, gStride = count + 1, xStride = len + 3, yStride = len + 1;
            double[] coef = new double[6 * cStride], g = new double[2 + 3 * gStride], X = new double[1 + 3 * count * xStride];
            double[] Y0 = new double[2 + 3 * count * yStride], acc0 = new double[len + 4];
            for (double[] a : new double[][] {coef, g, X, Y0, acc0}) for (int k = 0; k < a.length; k++) a[k] = r.nextGaussian();
            // the row kernels, one row and one term at a time
            double[] Ye = Y0.clone(), acce = acc0.clone();
            int[] rows = {0, 0, 1, 0, 1, 2};
            int[] start = {0, 1, 3, 6};
            for (int i = 0; i < count; i++) {
                for (int s = 0; s < 3; s++) {
                    Kernels.plain().combineRows(coef, start[s] * cStride + i, cStride, rows, start[s], start[s + 1],
                            X, 1 + 3 * i * xStride, xStride, Ye, 2 + (3 * i + s) * yStride, len);
                }
                for (int s = 0; s < 3; s++) Kernels.plain().addScaledRow(g[2 + s * gStride + i], X, 1 + (3 * i + s) * xStride, acce, 3, len);
            }
            for (Kernels kern : Kernels.vectorAvailable() ? List.of(Kernels.plain(), Kernels.vector()) : List.of(Kernels.plain())) {
                double[] Y = Y0.clone(), acc = acc0.clone();
                kern.whiten3(coef, cStride, g, 2, gStride, count, X, 1, xStride, Y, 2, yStride, acc, 3, len);
                assertArrayEquals(Ye, Y, 0.0, kern + " whitened rows, len " + len);
                assertArrayEquals(acce, acc, 0.0, kern + " accumulated rows, len " + len);
            }
        }
    }

    @Test
    void softplusKernelEqualsTheScalarRuleEverywhere() {
        assumeTrue(Kernels.vectorAvailable());
        // extreme and ordinary arguments, in rows whose length is not a multiple of the vector length
        double[] special = {-800, -745.5, -744, -708.5, -40, -20, -1e-300, -0.0, 0.0, 1e-300, 0.3465, 0.3466, 1, 20, 40, 800,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        Random rng = new Random(5);
        int c = 9, m = 13, stride = 3 * m;
        double[] Z = new double[c * stride];
        for (int i = 0; i < Z.length; i++) Z[i] = i < special.length ? special[i] : rng.nextGaussian() * (i % 3 == 0 ? 30 : 3);
        for (int q = 0; q < special.length; q++) Z[(q % c) * stride + q / c] = special[q];
        for (boolean withValue : new boolean[] {true, false}) {
            double[] Ap = new double[Z.length], Av = new double[Z.length];
            double[][] sp = new double[3][c * m], sv = new double[3][c * m];
            Kernels.plain().softplus(Z, stride, Ap, sp[0], sp[1], sp[2], c, m, withValue);
            Kernels.vector().softplus(Z, stride, Av, sv[0], sv[1], sv[2], c, m, withValue);
            assertArrayEquals(Ap, Av, 0.0, "σ");
            for (int r = 0; r < 3; r++) assertArrayEquals(sp[r], sv[r], 0.0, "derivative " + (r + 1));
            double[] o = new double[4];
            for (int s = 0; s < c; s++)
                for (int k = 0; k < m; k++) {
                    SoftplusMath.derivatives(Z[s * stride + k], o);
                    if (withValue) assertEquals(Double.doubleToLongBits(o[0]), Double.doubleToLongBits(Ap[s * stride + k]));
                    assertEquals(Double.doubleToLongBits(o[1]), Double.doubleToLongBits(sp[0][s * m + k]));
                }
        }
    }
}
