package org.icnnvarpro.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the incubating Vector API: the dense products in {@link VectorProducts}, a
 * layer's elementwise rules in {@link VectorLayerRules}, and here the row kernels of the inner
 * problem. Every output entry is the same chain of operations, in the same order, as in the plain
 * kernels: the results are bit-identical.
 *
 * <p>One vector species (the preferred width) throughout, and running sums written
 * {@code term.add(sum)} (the same bits as {@code sum + term}): C2 knows the type of a vector carried
 * around a loop only from the Vector API's type profiles, which a second width in the same JVM
 * splits; it then boxes the vectors (measured on AVX-512: the loss+gradient 3.5 → 9 ms).
 *
 * <p>Only loaded (reflectively, by {@link Kernels#vector()}) when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}.
 */
final class VectorKernels extends Kernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public String name() {
        return "vector" + L;
    }

    @Override
    public int lanes() {
        return L;
    }

    // ------------------------------------------------------------------ products (VectorProducts)

    @Override
    public void mult(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff) {
        VectorProducts.mult(A, aOff, r, n, B, bOff, m, C, cOff);
    }

    @Override
    public void multAddTransA(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff) {
        VectorProducts.multAddTransA(A, aOff, r, n, B, bOff, m, C, cOff);
    }

    /** Tiles from the diagonal lane block when the width is whole vectors of 4 or 8 lanes, else the full product. */
    @Override
    public void multAddTransAUpper(double[] A, int aOff, int r, int n, double[] C, int cOff) {
        if (n % L != 0 || L % 4 != 0) {
            super.multAddTransAUpper(A, aOff, r, n, C, cOff);
            return;
        }
        VectorProducts.multAddTransAUpper(A, aOff, r, n, C, cOff);
    }

    // ------------------------------------------------------------------ rows of the inner problem

    /** Short rows (a few vectors) are the rule here, where C2's own vectorized loops, unrolled, never start. */
    @Override
    public void addScaledRow(double a, double[] x, int xo, double[] y, int yo, int len) {
        int k = 0;
        for (; k + L <= len; k += L)
            DoubleVector.fromArray(S, x, xo + k).mul(a).add(DoubleVector.fromArray(S, y, yo + k)).intoArray(y, yo + k);
        for (; k < len; k++) y[yo + k] += a * x[xo + k];
    }

    /** Each block of lanes summed in a register over all q, then stored once. */
    @Override
    public void combineRows(double[] coef, int cOff, int cStride, int[] rows, int q0, int q1, double[] X, int xo, int xStride,
                            double[] y, int yo, int len) {
        int k = 0;
        for (; k + L <= len; k += L) {
            DoubleVector acc = DoubleVector.fromArray(S, X, xo + rows[q0] * xStride + k).mul(coef[cOff]);
            for (int q = q0 + 1, c = cOff + cStride; q < q1; q++, c += cStride)
                acc = DoubleVector.fromArray(S, X, xo + rows[q] * xStride + k).mul(coef[c]).add(acc);
            acc.intoArray(y, yo + k);
        }
        if (k < len) super.combineRows(coef, cOff, cStride, rows, q0, q1, X, xo + k, xStride, y, yo + k, len - k);
    }

    /**
     * The two-output form (the line search's {@code S(v)} and {@code S(dir)}): four lane blocks of both
     * sums held in registers over all rows, then stored once, where the plain loops load and store
     * both outputs once per row. The sums start from {@code DoubleVector.zero(S)}: started from the
     * static constant {@code ZERO}, C2 boxed the eight loop-carried vectors (14× slower).
     */
    @Override
    public void sumScaledRows(double[][] X, double[] a, double[] y0, double[] b, double[] y1, int len) {
        int k = 0;
        if (y1 != null) {
            for (; k + 4 * L <= len; k += 4 * L) {
                DoubleVector z = DoubleVector.zero(S), p0 = z, p1 = z, p2 = z, p3 = z, q0 = z, q1 = z, q2 = z, q3 = z;
                for (int c = 0; c < X.length; c++) {
                    double[] x = X[c];
                    double ac = a[c], bc = b[c];
                    DoubleVector h0 = DoubleVector.fromArray(S, x, k), h1 = DoubleVector.fromArray(S, x, k + L);
                    DoubleVector h2 = DoubleVector.fromArray(S, x, k + 2 * L), h3 = DoubleVector.fromArray(S, x, k + 3 * L);
                    p0 = h0.mul(ac).add(p0);
                    p1 = h1.mul(ac).add(p1);
                    p2 = h2.mul(ac).add(p2);
                    p3 = h3.mul(ac).add(p3);
                    q0 = h0.mul(bc).add(q0);
                    q1 = h1.mul(bc).add(q1);
                    q2 = h2.mul(bc).add(q2);
                    q3 = h3.mul(bc).add(q3);
                }
                p0.intoArray(y0, k);
                p1.intoArray(y0, k + L);
                p2.intoArray(y0, k + 2 * L);
                p3.intoArray(y0, k + 3 * L);
                q0.intoArray(y1, k);
                q1.intoArray(y1, k + L);
                q2.intoArray(y1, k + 2 * L);
                q3.intoArray(y1, k + 3 * L);
            }
        }
        if (k < len) super.sumScaledRows(X, a, y0, b, y1, len, k);
    }

    /** Each lane block of a row of Y as one gather from L rows of X. */
    @Override
    public void gatherColumns(double[] X, int xo, int stride, int rows, int cols, double[][] Y, int yo) {
        int[] index = new int[L];
        for (int l = 0; l < L; l++) index[l] = l * stride;
        int i = 0;
        for (; i + L <= rows; i += L) {
            int base = xo + i * stride;
            for (int c = 0; c < cols; c++) DoubleVector.fromArray(S, X, base + c, index, 0).intoArray(Y[c], yo + i);
        }
        if (i < rows) gatherColumns(X, xo, stride, rows, cols, Y, yo, i);
    }

    /**
     * Four lane blocks of columns summed in registers over all rows at a time (the plain loop, with
     * rows of 35 entries, ran at ~0.6 ns per entry); the last columns as the block that ends at
     * column m, whose other columns get the same sums again.
     */
    @Override
    public void absColumnSums(double[] X, int rows, int m, double[] sums) {
        int k = 0;
        for (; k + 4 * L <= m; k += 4 * L) {
            DoubleVector z = DoubleVector.zero(S), s0 = z, s1 = z, s2 = z, s3 = z;
            for (int r = 0, o = k; r < rows; r++, o += m) {
                s0 = s0.add(DoubleVector.fromArray(S, X, o).abs());
                s1 = s1.add(DoubleVector.fromArray(S, X, o + L).abs());
                s2 = s2.add(DoubleVector.fromArray(S, X, o + 2 * L).abs());
                s3 = s3.add(DoubleVector.fromArray(S, X, o + 3 * L).abs());
            }
            s0.intoArray(sums, k);
            s1.intoArray(sums, k + L);
            s2.intoArray(sums, k + 2 * L);
            s3.intoArray(sums, k + 3 * L);
        }
        if (k < m && m < L) {
            absColumnSums(X, rows, m, sums, k);
            return;
        }
        while (k < m) {
            int k0 = Math.min(k, m - L);
            DoubleVector s0 = DoubleVector.zero(S);
            for (int r = 0, o = k0; r < rows; r++, o += m) s0 = s0.add(DoubleVector.fromArray(S, X, o).abs());
            s0.intoArray(sums, k0);
            k = k0 + L;
        }
    }

    /** Lanes of columns outermost, so that each lane block of {@code acc} stays in a register over the samples. */
    @Override
    public void whiten3(double[] coef, int cStride, double[] g, int gOff, int gStride, int count,
                        double[] X, int xo, int xStride, double[] Y, int yo, int yStride, double[] acc, int ao, int len) {
        int k = 0;
        for (; k + L <= len; k += L) {
            DoubleVector a = DoubleVector.fromArray(S, acc, ao + k);
            for (int i = 0; i < count; i++) {
                int x0 = xo + 3 * i * xStride + k, y0 = yo + 3 * i * yStride + k;
                DoubleVector h0 = DoubleVector.fromArray(S, X, x0);
                DoubleVector h1 = DoubleVector.fromArray(S, X, x0 + xStride);
                DoubleVector h2 = DoubleVector.fromArray(S, X, x0 + 2 * xStride);
                h0.mul(coef[i]).intoArray(Y, y0);
                h1.mul(coef[2 * cStride + i]).add(h0.mul(coef[cStride + i])).intoArray(Y, y0 + yStride);
                h2.mul(coef[5 * cStride + i]).add(h1.mul(coef[4 * cStride + i]).add(h0.mul(coef[3 * cStride + i])))
                        .intoArray(Y, y0 + 2 * yStride);
                a = h0.mul(g[gOff + i]).add(a);
                a = h1.mul(g[gOff + gStride + i]).add(a);
                a = h2.mul(g[gOff + 2 * gStride + i]).add(a);
            }
            a.intoArray(acc, ao + k);
        }
        if (k < len) super.whiten3(coef, cStride, g, gOff, gStride, count, X, xo + k, xStride, Y, yo + k, yStride, acc, ao + k, len - k);
    }

    // ------------------------------------------------------------------ layer rules (VectorLayerRules)

    @Override
    public void softplus(double[] Z, int stride, double[] A, double[] s1, double[] s2, double[] s3, int c, int m, boolean withValue) {
        VectorLayerRules.softplus(Z, stride, A, s1, s2, s3, c, m, withValue);
    }

    @Override
    public void activateRows(double[] Z, double[] A, double[] s1, double[] s2, int c, int m, int d, int[] ta, int[] tb) {
        VectorLayerRules.activateRows(Z, A, s1, s2, c, m, d, ta, tb);
    }

    @Override
    public void addAffine(double[] Z, int R, double[] Kt, double[] b, int bOff, double[] x, int xOff, int c, int m, int d) {
        VectorLayerRules.addAffine(Z, R, Kt, b, bOff, x, xOff, c, m, d);
    }

    @Override
    public void hessianAdjointRows(double[] Z, double[] sb, double[] C, double[] D, double[] s1, double[] s2, double[] s3,
                                   double[] eb, double[] db, double[] zb, int c, int m, int d) {
        VectorLayerRules.hessianAdjointRows(Z, sb, C, D, s1, s2, s3, eb, db, zb, c, m, d);
    }

    @Override
    public void adjointRows(double[] Z, double[] ab, double[] zb, double[] s1, double[] s2, int c, int m, int d) {
        VectorLayerRules.adjointRows(Z, ab, zb, s1, s2, c, m, d);
    }

    @Override
    public void addAffineAdjoint(double[] zb, double[] x, int xOff, double[] bb, double[] kb, int c, int m, int d) {
        VectorLayerRules.addAffineAdjoint(zb, x, xOff, bb, kb, c, m, d);
    }

    /** The lane form needs 4 or 8 lanes (four partial sums); other widths take the plain rule. */
    @Override
    public void hessianSums(double[] C, int cOff, double[] Z, int base, int m, int[] ta, int[] tb, double[] out) {
        if (L != 4 && L != 8) {
            super.hessianSums(C, cOff, Z, base, m, ta, tb, out);
            return;
        }
        VectorLayerRules.hessianSums(C, cOff, Z, base, m, ta, tb, out);
    }
}
