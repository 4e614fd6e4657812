package org.icnnvarpro.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static org.icnnvarpro.kernels.SoftplusMath.*;

/**
 * {@link Kernels} on the incubating Vector API: register-blocked micro-kernels that keep a tile of
 * {@code C} (4 rows × 2 vectors, 8 accumulators) in registers while running over the summation
 * index, so each step is 2 vector loads of {@code B}, 4 broadcasts of {@code A} and 8 vector fused
 * multiply-adds. Column remainders use 1-vector tiles and then scalar {@link Math#fma}.
 *
 * <p>Every entry of {@code C} is the same chain of fused multiply-adds, in the same order, as in
 * {@link Dense}: the results are bit-identical to the plain kernels.
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

    @Override
    public void mult(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff) {
        int i = 0;
        if (m >= 2 * L) for (int end = 6 * blocksOf6(r); i < end; i += 6) mult6(A, aOff + i * n, n, B, bOff, m, C, cOff + i * m);
        for (; i + 4 <= r; i += 4) {
            int a0 = aOff + i * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n;
            int c0 = cOff + i * m, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
            int j = 0;
            for (; j + 2 * L <= m; j += 2 * L) {
                DoubleVector p0 = DoubleVector.zero(S), p1 = p0, q0 = p0, q1 = p0, u0 = p0, u1 = p0, v0 = p0, v1 = p0;
                for (int k = 0, bk = bOff + j; k < n; k++, bk += m) {
                    DoubleVector b0 = DoubleVector.fromArray(S, B, bk), b1 = DoubleVector.fromArray(S, B, bk + L);
                    DoubleVector x = DoubleVector.broadcast(S, A[a0 + k]);
                    p0 = x.fma(b0, p0);
                    p1 = x.fma(b1, p1);
                    x = DoubleVector.broadcast(S, A[a1 + k]);
                    q0 = x.fma(b0, q0);
                    q1 = x.fma(b1, q1);
                    x = DoubleVector.broadcast(S, A[a2 + k]);
                    u0 = x.fma(b0, u0);
                    u1 = x.fma(b1, u1);
                    x = DoubleVector.broadcast(S, A[a3 + k]);
                    v0 = x.fma(b0, v0);
                    v1 = x.fma(b1, v1);
                }
                p0.intoArray(C, c0 + j);
                p1.intoArray(C, c0 + j + L);
                q0.intoArray(C, c1 + j);
                q1.intoArray(C, c1 + j + L);
                u0.intoArray(C, c2 + j);
                u1.intoArray(C, c2 + j + L);
                v0.intoArray(C, c3 + j);
                v1.intoArray(C, c3 + j + L);
            }
            for (; j + L <= m; j += L) {
                DoubleVector p0 = DoubleVector.zero(S), q0 = p0, u0 = p0, v0 = p0;
                for (int k = 0, bk = bOff + j; k < n; k++, bk += m) {
                    DoubleVector b0 = DoubleVector.fromArray(S, B, bk);
                    p0 = DoubleVector.broadcast(S, A[a0 + k]).fma(b0, p0);
                    q0 = DoubleVector.broadcast(S, A[a1 + k]).fma(b0, q0);
                    u0 = DoubleVector.broadcast(S, A[a2 + k]).fma(b0, u0);
                    v0 = DoubleVector.broadcast(S, A[a3 + k]).fma(b0, v0);
                }
                p0.intoArray(C, c0 + j);
                q0.intoArray(C, c1 + j);
                u0.intoArray(C, c2 + j);
                v0.intoArray(C, c3 + j);
            }
            for (; j < m; j++) {
                double p = 0, q = 0, u = 0, v = 0;
                for (int k = 0, bk = bOff + j; k < n; k++, bk += m) {
                    double b = B[bk];
                    p = Math.fma(A[a0 + k], b, p);
                    q = Math.fma(A[a1 + k], b, q);
                    u = Math.fma(A[a2 + k], b, u);
                    v = Math.fma(A[a3 + k], b, v);
                }
                C[c0 + j] = p;
                C[c1 + j] = q;
                C[c2 + j] = u;
                C[c3 + j] = v;
            }
        }
        // Remainder rows: scalar, the same chains (no vector code on rarely compiled paths).
        for (; i < r; i++) {
            int a0 = aOff + i * n, c0 = cOff + i * m;
            for (int j = 0; j < m; j++) {
                double p = 0;
                for (int k = 0, bk = bOff + j; k < n; k++, bk += m) p = Math.fma(A[a0 + k], B[bk], p);
                C[c0 + j] = p;
            }
        }
    }

    @Override
    public void multAddTransA(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff) {
        int k = 0;
        if (m >= 2 * L) for (int end = 6 * blocksOf6(n); k < end; k += 6) multAddTransA6(A, aOff + k, r, n, B, bOff, m, C, cOff + k * m);
        for (; k + 4 <= n; k += 4) multAddTransA4(A, aOff + k, r, n, B, bOff, m, C, cOff + k * m, 0);
        for (; k < n; k++) {
            int c0 = cOff + k * m;
            int j = 0;
            for (; j + L <= m; j += L) {
                DoubleVector p0 = DoubleVector.fromArray(S, C, c0 + j);
                for (int i = 0, ai = aOff + k, bi = bOff + j; i < r; i++, ai += n, bi += m)
                    p0 = DoubleVector.broadcast(S, A[ai]).fma(DoubleVector.fromArray(S, B, bi), p0);
                p0.intoArray(C, c0 + j);
            }
            for (; j < m; j++) {
                double p = C[c0 + j];
                for (int i = 0, ai = aOff + k, bi = bOff + j; i < r; i++, ai += n, bi += m) p = Math.fma(A[ai], B[bi], p);
                C[c0 + j] = p;
            }
        }
    }

    /**
     * Tiles that start at the diagonal lane block: a 16-column panel (L = 8) takes 24 of the 32
     * vector tiles per row of A that the full product takes. With 8 lanes (32 vector registers),
     * 8-row tiles two vectors wide (16 accumulators) and, for a last single vector, one vector wide;
     * four-row tiles (the only ones that fit 16 registers) otherwise. (Four-row tiles ran at half
     * the 6-row tiles' rate per FMA on the AVX-512 machine: no faster than the full product.)
     */
    @Override
    public void multAddTransAUpper(double[] A, int aOff, int r, int n, double[] C, int cOff) {
        if (n % L != 0 || L % 4 != 0) {
            super.multAddTransAUpper(A, aOff, r, n, C, cOff);
            return;
        }
        for (int k = 0; k < n; k += L) {
            if (L != 8) {
                for (int q = k; q < k + L; q += 4) multAddTransA4(A, aOff + q, r, n, A, aOff, n, C, cOff + q * n, k);
                continue;
            }
            int j = k;
            for (; j + 2 * L <= n; j += 2 * L) multAddTransA8(A, aOff + k, r, n, aOff + j, C, cOff + k * n + j, true);
            if (j < n) multAddTransA8(A, aOff + k, r, n, aOff + j, C, cOff + k * n + j, false);
        }
    }

    /**
     * Eight rows of {@code C += AᵀA} (L = 8): columns {@code a0..a0+7} of A (stride n) against the
     * 16 ({@code two}) or 8 columns of A from {@code b0}, into C at {@code c0} (stride n).
     */
    private static void multAddTransA8(double[] A, int a0, int r, int n, int b0, double[] C, int c0, boolean two) {
        DoubleVector p0 = DoubleVector.fromArray(S, C, c0), p1 = DoubleVector.fromArray(S, C, c0 + n);
        DoubleVector p2 = DoubleVector.fromArray(S, C, c0 + 2 * n), p3 = DoubleVector.fromArray(S, C, c0 + 3 * n);
        DoubleVector p4 = DoubleVector.fromArray(S, C, c0 + 4 * n), p5 = DoubleVector.fromArray(S, C, c0 + 5 * n);
        DoubleVector p6 = DoubleVector.fromArray(S, C, c0 + 6 * n), p7 = DoubleVector.fromArray(S, C, c0 + 7 * n);
        if (!two) {
            for (int i = 0, ai = a0, bi = b0; i < r; i++, ai += n, bi += n) {
                DoubleVector b = DoubleVector.fromArray(S, A, bi);
                p0 = DoubleVector.broadcast(S, A[ai]).fma(b, p0);
                p1 = DoubleVector.broadcast(S, A[ai + 1]).fma(b, p1);
                p2 = DoubleVector.broadcast(S, A[ai + 2]).fma(b, p2);
                p3 = DoubleVector.broadcast(S, A[ai + 3]).fma(b, p3);
                p4 = DoubleVector.broadcast(S, A[ai + 4]).fma(b, p4);
                p5 = DoubleVector.broadcast(S, A[ai + 5]).fma(b, p5);
                p6 = DoubleVector.broadcast(S, A[ai + 6]).fma(b, p6);
                p7 = DoubleVector.broadcast(S, A[ai + 7]).fma(b, p7);
            }
        } else {
            int d0 = c0 + L;
            DoubleVector q0 = DoubleVector.fromArray(S, C, d0), q1 = DoubleVector.fromArray(S, C, d0 + n);
            DoubleVector q2 = DoubleVector.fromArray(S, C, d0 + 2 * n), q3 = DoubleVector.fromArray(S, C, d0 + 3 * n);
            DoubleVector q4 = DoubleVector.fromArray(S, C, d0 + 4 * n), q5 = DoubleVector.fromArray(S, C, d0 + 5 * n);
            DoubleVector q6 = DoubleVector.fromArray(S, C, d0 + 6 * n), q7 = DoubleVector.fromArray(S, C, d0 + 7 * n);
            for (int i = 0, ai = a0, bi = b0; i < r; i++, ai += n, bi += n) {
                DoubleVector b = DoubleVector.fromArray(S, A, bi), e = DoubleVector.fromArray(S, A, bi + L);
                DoubleVector x = DoubleVector.broadcast(S, A[ai]);
                p0 = x.fma(b, p0);
                q0 = x.fma(e, q0);
                x = DoubleVector.broadcast(S, A[ai + 1]);
                p1 = x.fma(b, p1);
                q1 = x.fma(e, q1);
                x = DoubleVector.broadcast(S, A[ai + 2]);
                p2 = x.fma(b, p2);
                q2 = x.fma(e, q2);
                x = DoubleVector.broadcast(S, A[ai + 3]);
                p3 = x.fma(b, p3);
                q3 = x.fma(e, q3);
                x = DoubleVector.broadcast(S, A[ai + 4]);
                p4 = x.fma(b, p4);
                q4 = x.fma(e, q4);
                x = DoubleVector.broadcast(S, A[ai + 5]);
                p5 = x.fma(b, p5);
                q5 = x.fma(e, q5);
                x = DoubleVector.broadcast(S, A[ai + 6]);
                p6 = x.fma(b, p6);
                q6 = x.fma(e, q6);
                x = DoubleVector.broadcast(S, A[ai + 7]);
                p7 = x.fma(b, p7);
                q7 = x.fma(e, q7);
            }
            q0.intoArray(C, d0);
            q1.intoArray(C, d0 + n);
            q2.intoArray(C, d0 + 2 * n);
            q3.intoArray(C, d0 + 3 * n);
            q4.intoArray(C, d0 + 4 * n);
            q5.intoArray(C, d0 + 5 * n);
            q6.intoArray(C, d0 + 6 * n);
            q7.intoArray(C, d0 + 7 * n);
        }
        p0.intoArray(C, c0);
        p1.intoArray(C, c0 + n);
        p2.intoArray(C, c0 + 2 * n);
        p3.intoArray(C, c0 + 3 * n);
        p4.intoArray(C, c0 + 4 * n);
        p5.intoArray(C, c0 + 5 * n);
        p6.intoArray(C, c0 + 6 * n);
        p7.intoArray(C, c0 + 7 * n);
    }

    /**
     * Four rows of {@code C += Aᵀ·B} (columns of A from {@code a0}, stride n; C rows from {@code c0},
     * stride m), columns {@code j0..m−1}: 4 × 2-vector tiles, then 4 × 1-vector tiles and scalars.
     */
    private static void multAddTransA4(double[] A, int a0, int r, int n, double[] B, int bOff, int m, double[] C, int c0, int j0) {
        int c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
        int j = j0;
        for (; j + 2 * L <= m; j += 2 * L) {
            DoubleVector p0 = DoubleVector.fromArray(S, C, c0 + j), p1 = DoubleVector.fromArray(S, C, c0 + j + L);
            DoubleVector q0 = DoubleVector.fromArray(S, C, c1 + j), q1 = DoubleVector.fromArray(S, C, c1 + j + L);
            DoubleVector u0 = DoubleVector.fromArray(S, C, c2 + j), u1 = DoubleVector.fromArray(S, C, c2 + j + L);
            DoubleVector v0 = DoubleVector.fromArray(S, C, c3 + j), v1 = DoubleVector.fromArray(S, C, c3 + j + L);
            for (int i = 0, ai = a0, bi = bOff + j; i < r; i++, ai += n, bi += m) {
                DoubleVector b0 = DoubleVector.fromArray(S, B, bi), b1 = DoubleVector.fromArray(S, B, bi + L);
                DoubleVector x = DoubleVector.broadcast(S, A[ai]);
                p0 = x.fma(b0, p0);
                p1 = x.fma(b1, p1);
                x = DoubleVector.broadcast(S, A[ai + 1]);
                q0 = x.fma(b0, q0);
                q1 = x.fma(b1, q1);
                x = DoubleVector.broadcast(S, A[ai + 2]);
                u0 = x.fma(b0, u0);
                u1 = x.fma(b1, u1);
                x = DoubleVector.broadcast(S, A[ai + 3]);
                v0 = x.fma(b0, v0);
                v1 = x.fma(b1, v1);
            }
            p0.intoArray(C, c0 + j);
            p1.intoArray(C, c0 + j + L);
            q0.intoArray(C, c1 + j);
            q1.intoArray(C, c1 + j + L);
            u0.intoArray(C, c2 + j);
            u1.intoArray(C, c2 + j + L);
            v0.intoArray(C, c3 + j);
            v1.intoArray(C, c3 + j + L);
        }
        for (; j + L <= m; j += L) {
            DoubleVector p0 = DoubleVector.fromArray(S, C, c0 + j), q0 = DoubleVector.fromArray(S, C, c1 + j);
            DoubleVector u0 = DoubleVector.fromArray(S, C, c2 + j), v0 = DoubleVector.fromArray(S, C, c3 + j);
            for (int i = 0, ai = a0, bi = bOff + j; i < r; i++, ai += n, bi += m) {
                DoubleVector b0 = DoubleVector.fromArray(S, B, bi);
                p0 = DoubleVector.broadcast(S, A[ai]).fma(b0, p0);
                q0 = DoubleVector.broadcast(S, A[ai + 1]).fma(b0, q0);
                u0 = DoubleVector.broadcast(S, A[ai + 2]).fma(b0, u0);
                v0 = DoubleVector.broadcast(S, A[ai + 3]).fma(b0, v0);
            }
            p0.intoArray(C, c0 + j);
            q0.intoArray(C, c1 + j);
            u0.intoArray(C, c2 + j);
            v0.intoArray(C, c3 + j);
        }
        for (; j < m; j++) {
            double p = C[c0 + j], q = C[c1 + j], u = C[c2 + j], v = C[c3 + j];
            for (int i = 0, ai = a0, bi = bOff + j; i < r; i++, ai += n, bi += m) {
                double b = B[bi];
                p = Math.fma(A[ai], b, p);
                q = Math.fma(A[ai + 1], b, q);
                u = Math.fma(A[ai + 2], b, u);
                v = Math.fma(A[ai + 3], b, v);
            }
            C[c0 + j] = p;
            C[c1 + j] = q;
            C[c2 + j] = u;
            C[c3 + j] = v;
        }
    }

    /**
     * How many 6-row tiles to take from {@code rows} so that the rest is a multiple of 4 (then
     * covered by 4-row tiles, not by the slow 1-row remainder): 32 = 4·6 + 2·4, 510 = 85·6.
     */
    static int blocksOf6(int rows) {
        for (int b = rows / 6; b >= 0; b--) if ((rows - 6 * b) % 4 == 0) return b;
        return rows / 6;
    }

    /**
     * Six rows of {@code C = A·B} (A rows at {@code a0}, stride n; C rows at {@code c0}, stride m):
     * 6 × 2-vector tiles (12 accumulators, enough independent chains to hide the FMA latency),
     * then the column remainder as 6 × 1-vector tiles and scalars.
     */
    private static void mult6(double[] A, int a0, int n, double[] B, int bOff, int m, double[] C, int c0) {
        int a1 = a0 + n, a2 = a1 + n, a3 = a2 + n, a4 = a3 + n, a5 = a4 + n;
        int j = 0;
        for (; j + 2 * L <= m; j += 2 * L) {
            DoubleVector p0 = DoubleVector.zero(S), p1 = p0, q0 = p0, q1 = p0, u0 = p0, u1 = p0, v0 = p0, v1 = p0,
                    w0 = p0, w1 = p0, y0 = p0, y1 = p0;
            for (int k = 0, bk = bOff + j; k < n; k++, bk += m) {
                DoubleVector b0 = DoubleVector.fromArray(S, B, bk), b1 = DoubleVector.fromArray(S, B, bk + L);
                DoubleVector x = DoubleVector.broadcast(S, A[a0 + k]);
                p0 = x.fma(b0, p0);
                p1 = x.fma(b1, p1);
                x = DoubleVector.broadcast(S, A[a1 + k]);
                q0 = x.fma(b0, q0);
                q1 = x.fma(b1, q1);
                x = DoubleVector.broadcast(S, A[a2 + k]);
                u0 = x.fma(b0, u0);
                u1 = x.fma(b1, u1);
                x = DoubleVector.broadcast(S, A[a3 + k]);
                v0 = x.fma(b0, v0);
                v1 = x.fma(b1, v1);
                x = DoubleVector.broadcast(S, A[a4 + k]);
                w0 = x.fma(b0, w0);
                w1 = x.fma(b1, w1);
                x = DoubleVector.broadcast(S, A[a5 + k]);
                y0 = x.fma(b0, y0);
                y1 = x.fma(b1, y1);
            }
            int c = c0 + j;
            p0.intoArray(C, c);
            p1.intoArray(C, c + L);
            c += m;
            q0.intoArray(C, c);
            q1.intoArray(C, c + L);
            c += m;
            u0.intoArray(C, c);
            u1.intoArray(C, c + L);
            c += m;
            v0.intoArray(C, c);
            v1.intoArray(C, c + L);
            c += m;
            w0.intoArray(C, c);
            w1.intoArray(C, c + L);
            c += m;
            y0.intoArray(C, c);
            y1.intoArray(C, c + L);
        }
        for (; j + L <= m; j += L) {
            DoubleVector p0 = DoubleVector.zero(S), q0 = p0, u0 = p0, v0 = p0, w0 = p0, y0 = p0;
            for (int k = 0, bk = bOff + j; k < n; k++, bk += m) {
                DoubleVector b0 = DoubleVector.fromArray(S, B, bk);
                p0 = DoubleVector.broadcast(S, A[a0 + k]).fma(b0, p0);
                q0 = DoubleVector.broadcast(S, A[a1 + k]).fma(b0, q0);
                u0 = DoubleVector.broadcast(S, A[a2 + k]).fma(b0, u0);
                v0 = DoubleVector.broadcast(S, A[a3 + k]).fma(b0, v0);
                w0 = DoubleVector.broadcast(S, A[a4 + k]).fma(b0, w0);
                y0 = DoubleVector.broadcast(S, A[a5 + k]).fma(b0, y0);
            }
            p0.intoArray(C, c0 + j);
            q0.intoArray(C, c0 + m + j);
            u0.intoArray(C, c0 + 2 * m + j);
            v0.intoArray(C, c0 + 3 * m + j);
            w0.intoArray(C, c0 + 4 * m + j);
            y0.intoArray(C, c0 + 5 * m + j);
        }
        for (; j < m; j++) {
            for (int t = 0; t < 6; t++) {
                int at = a0 + t * n;
                double p = 0;
                for (int k = 0, bk = bOff + j; k < n; k++, bk += m) p = Math.fma(A[at + k], B[bk], p);
                C[c0 + t * m + j] = p;
            }
        }
    }

    /**
     * Six rows {@code k..k+5} of {@code C += Aᵀ·B} ({@code a0} = column k of A's first row, C rows
     * at {@code c0}): 6 × 2-vector tiles over the whole summation, then remainders.
     */
    private static void multAddTransA6(double[] A, int a0, int r, int n, double[] B, int bOff, int m, double[] C, int c0) {
        int j = 0;
        for (; j + 2 * L <= m; j += 2 * L) {
            int c = c0 + j;
            DoubleVector p0 = DoubleVector.fromArray(S, C, c), p1 = DoubleVector.fromArray(S, C, c + L);
            c += m;
            DoubleVector q0 = DoubleVector.fromArray(S, C, c), q1 = DoubleVector.fromArray(S, C, c + L);
            c += m;
            DoubleVector u0 = DoubleVector.fromArray(S, C, c), u1 = DoubleVector.fromArray(S, C, c + L);
            c += m;
            DoubleVector v0 = DoubleVector.fromArray(S, C, c), v1 = DoubleVector.fromArray(S, C, c + L);
            c += m;
            DoubleVector w0 = DoubleVector.fromArray(S, C, c), w1 = DoubleVector.fromArray(S, C, c + L);
            c += m;
            DoubleVector y0 = DoubleVector.fromArray(S, C, c), y1 = DoubleVector.fromArray(S, C, c + L);
            for (int i = 0, ai = a0, bi = bOff + j; i < r; i++, ai += n, bi += m) {
                DoubleVector b0 = DoubleVector.fromArray(S, B, bi), b1 = DoubleVector.fromArray(S, B, bi + L);
                DoubleVector x = DoubleVector.broadcast(S, A[ai]);
                p0 = x.fma(b0, p0);
                p1 = x.fma(b1, p1);
                x = DoubleVector.broadcast(S, A[ai + 1]);
                q0 = x.fma(b0, q0);
                q1 = x.fma(b1, q1);
                x = DoubleVector.broadcast(S, A[ai + 2]);
                u0 = x.fma(b0, u0);
                u1 = x.fma(b1, u1);
                x = DoubleVector.broadcast(S, A[ai + 3]);
                v0 = x.fma(b0, v0);
                v1 = x.fma(b1, v1);
                x = DoubleVector.broadcast(S, A[ai + 4]);
                w0 = x.fma(b0, w0);
                w1 = x.fma(b1, w1);
                x = DoubleVector.broadcast(S, A[ai + 5]);
                y0 = x.fma(b0, y0);
                y1 = x.fma(b1, y1);
            }
            c = c0 + j;
            p0.intoArray(C, c);
            p1.intoArray(C, c + L);
            c += m;
            q0.intoArray(C, c);
            q1.intoArray(C, c + L);
            c += m;
            u0.intoArray(C, c);
            u1.intoArray(C, c + L);
            c += m;
            v0.intoArray(C, c);
            v1.intoArray(C, c + L);
            c += m;
            w0.intoArray(C, c);
            w1.intoArray(C, c + L);
            c += m;
            y0.intoArray(C, c);
            y1.intoArray(C, c + L);
        }
        for (; j + L <= m; j += L) {
            for (int t = 0; t < 6; t += 3) {
                int c = c0 + t * m + j;
                DoubleVector p0 = DoubleVector.fromArray(S, C, c), q0 = DoubleVector.fromArray(S, C, c + m),
                        u0 = DoubleVector.fromArray(S, C, c + 2 * m);
                for (int i = 0, ai = a0 + t, bi = bOff + j; i < r; i++, ai += n, bi += m) {
                    DoubleVector b0 = DoubleVector.fromArray(S, B, bi);
                    p0 = DoubleVector.broadcast(S, A[ai]).fma(b0, p0);
                    q0 = DoubleVector.broadcast(S, A[ai + 1]).fma(b0, q0);
                    u0 = DoubleVector.broadcast(S, A[ai + 2]).fma(b0, u0);
                }
                p0.intoArray(C, c);
                q0.intoArray(C, c + m);
                u0.intoArray(C, c + 2 * m);
            }
        }
        for (; j < m; j++) {
            for (int t = 0; t < 6; t++) {
                int c = c0 + t * m + j;
                double p = C[c];
                for (int i = 0, ai = a0 + t, bi = bOff + j; i < r; i++, ai += n, bi += m) p = Math.fma(A[ai], B[bi], p);
                C[c] = p;
            }
        }
    }

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

    /**
     * The lane form of {@link SoftplusMath#rule}, the same operations (so the same bits), in three
     * passes over each sample's row of neurons: {@code e = exp(−|z|)} and {@code 1/(1+e)}, then
     * {@code σ = max(z,0) + log1p(e)}, then {@code σ', σ'', σ'''}. (One loop body with all of it is too
     * large for the C1 compiler, and vectors handed to a method that C2 does not inline are boxed.)
     */
    @Override
    public void softplus(double[] Z, int stride, double[] A, double[] s1, double[] s2, double[] s3, int c, int m, boolean withValue) {
        int mv = m - m % L;
        for (int s = 0; s < c; s++) {
            int base = s * stride, so = s * m;
            expRow(Z, base, s3, s2, so, mv);                      // e → s3, 1/(1+e) → s2
            if (withValue) log1pRow(Z, base, s3, s2, so, A, mv);
            sigmoidRow(Z, base, s1, s2, s3, so, mv);
            for (int k = mv; k < m; k++) SoftplusMath.rule(Z[base + k], A, base + k, s1, so + k, s2, so + k, s3, so + k, withValue);
        }
    }

    /** {@code e = exp(−|z|)} (SoftplusMath.expNonPositive) into {@code eOut} and {@code 1/(1+e)} into {@code invOut}. */
    private static void expRow(double[] Z, int base, double[] eOut, double[] invOut, int so, int mv) {
        for (int k = 0; k < mv; k += L) {
            DoubleVector x = DoubleVector.fromArray(S, Z, base + k).abs().neg();
            x = x.blend(EXP_MIN, x.compare(VectorOperators.LT, EXP_MIN));
            DoubleVector t = x.mul(INV_LN2).add(ROUND);
            LongVector kl = t.reinterpretAsLongs().sub(ROUND_BITS);
            DoubleVector kd = t.sub(ROUND);
            DoubleVector r = x.sub(kd.mul(LN2_HI)).sub(kd.mul(LN2_LO));
            DoubleVector p = E13V.fma(r, E12V).fma(r, E11V).fma(r, E10V).fma(r, E9V).fma(r, E8V).fma(r, E7V)
                    .fma(r, E6V).fma(r, E5V).fma(r, E4V).fma(r, E3V).fma(r, E2V).fma(r, ONE).fma(r, ONE);
            DoubleVector scale = kl.add(SHIFT + 1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector e = p.mul(scale).mul(TWO_M_SHIFT);
            e.intoArray(eOut, so + k);
            ONE.div(e.add(1.0)).intoArray(invOut, so + k);
        }
    }

    /** {@code σ = max(z,0) + log1p(e)} (SoftplusMath.log1pUnit) into the value row. */
    private static void log1pRow(double[] Z, int base, double[] eIn, double[] invIn, int so, double[] A, int mv) {
        for (int k = 0; k < mv; k += L) {
            DoubleVector z = DoubleVector.fromArray(S, Z, base + k);
            DoubleVector e = DoubleVector.fromArray(S, eIn, so + k), inv = DoubleVector.fromArray(S, invIn, so + k);
            DoubleVector u = e.add(1.0);
            DoubleVector cc = e.sub(u.sub(1.0)).mul(inv);
            VectorMask<Double> big = u.compare(VectorOperators.GT, SQRT2);
            DoubleVector f = u.sub(1.0).blend(u.mul(0.5).sub(1.0), big);
            DoubleVector kk = ZERO.blend(1.0, big);
            DoubleVector hfsq = f.mul(0.5).mul(f);
            DoubleVector sv = f.div(f.add(2.0));
            DoubleVector w = sv.mul(sv);
            DoubleVector R = LG7V.fma(w, LG6V).fma(w, LG5V).fma(w, LG4V).fma(w, LG3V).fma(w, LG2V).fma(w, LG1V).mul(w);
            DoubleVector log1p = kk.mul(LN2_HI).sub(hfsq.sub(sv.mul(hfsq.add(R)).add(kk.mul(LN2_LO).add(cc))).sub(f));
            z.blend(0.0, z.compare(VectorOperators.LT, 0.0)).add(log1p).intoArray(A, base + k);
        }
    }

    /** {@code σ' = s}, {@code σ'' = s(1−s)}, {@code σ''' = s(1−s)(1−2s)} from e (in s3) and 1/(1+e) (in s2). */
    private static void sigmoidRow(double[] Z, int base, double[] s1, double[] s2, double[] s3, int so, int mv) {
        for (int k = 0; k < mv; k += L) {
            DoubleVector z = DoubleVector.fromArray(S, Z, base + k);
            DoubleVector e = DoubleVector.fromArray(S, s3, so + k), inv = DoubleVector.fromArray(S, s2, so + k);
            DoubleVector sg = inv.blend(e.mul(inv), z.compare(VectorOperators.LT, 0.0));
            DoubleVector q = sg.mul(ONE.sub(sg));
            sg.intoArray(s1, so + k);
            q.intoArray(s2, so + k);
            q.mul(ONE.sub(sg.mul(2.0))).intoArray(s3, so + k);
        }
    }

    private static final DoubleVector ONE = c(1.0), ZERO = c(0.0), E2V = c(E2), E3V = c(E3), E4V = c(E4), E5V = c(E5),
            E6V = c(E6), E7V = c(E7), E8V = c(E8), E9V = c(E9), E10V = c(E10), E11V = c(E11), E12V = c(E12), E13V = c(E13),
            LG1V = c(LG1), LG2V = c(LG2), LG3V = c(LG3), LG4V = c(LG4), LG5V = c(LG5), LG6V = c(LG6), LG7V = c(LG7);

    private static DoubleVector c(double v) {
        return DoubleVector.broadcast(S, v);
    }

    @Override
    public void hessianAdjointRows(double[] Z, double[] sb, double[] C, double[] D, double[] s1, double[] s2, double[] s3,
                                   double[] eb, double[] db, double[] zb, int c, int m, int d) {
        int R = 1 + d, mv = m - m % L;
        for (int s = 0; s < c; s++) {
            int base = s * R * m, so = s * m;
            int k = 0;
            for (; k < mv; k += L) {
                DoubleVector c2 = DoubleVector.fromArray(S, C, so + k).mul(2.0);
                DoubleVector p0 = DoubleVector.fromArray(S, Z, base + m + k);
                // a = 0 starts c̄ (as the scalar rule, whose first term assigns), a = 1..d−1 add to it; written
                // out because one loop choosing between the two vectors made C2 box them (5.0 → 5.7 ms)
                DoubleVector v = p0.mul(sb[s * d * d]);
                for (int b = 1; b < d; b++) v = DoubleVector.fromArray(S, Z, base + (1 + b) * m + k).mul(sb[s * d * d + b]).add(v);
                DoubleVector cbar = p0.mul(v);
                c2.mul(v).intoArray(zb, base + m + k);
                for (int a = 1; a < d; a++) {
                    int sa = (s * d + a) * d;
                    v = p0.mul(sb[sa]);
                    for (int b = 1; b < d; b++) v = DoubleVector.fromArray(S, Z, base + (1 + b) * m + k).mul(sb[sa + b]).add(v);
                    cbar = DoubleVector.fromArray(S, Z, base + (1 + a) * m + k).mul(v).add(cbar);
                    c2.mul(v).intoArray(zb, base + (1 + a) * m + k);
                }
                DoubleVector sp = DoubleVector.fromArray(S, s1, so + k), spp = DoubleVector.fromArray(S, s2, so + k);
                DoubleVector sppp = DoubleVector.fromArray(S, s3, so + k), dl = DoubleVector.fromArray(S, D, so + k);
                if (eb == null) {
                    spp.mul(cbar).intoArray(db, so + k);
                    dl.mul(sppp.mul(cbar)).intoArray(zb, base + k);
                } else {
                    DoubleVector e = DoubleVector.fromArray(S, eb, so + k);
                    spp.mul(cbar).add(sp.mul(e)).intoArray(db, so + k);
                    dl.mul(sppp.mul(cbar).add(spp.mul(e))).intoArray(zb, base + k);
                }
            }
            for (; k < m; k++) hessianAdjointNeuron(Z, sb, C, D, s1, s2, s3, eb, db, zb, s, k, m, d);
        }
    }

    @Override
    public void adjointRows(double[] Z, double[] ab, double[] zb, double[] s1, double[] s2, int c, int m, int d) {
        int R = 1 + d, mv = m - m % L;
        for (int s = 0; s < c; s++) {
            int base = s * R * m, so = s * m;
            int k = 0;
            for (; k < mv; k += L) {
                DoubleVector sp = DoubleVector.fromArray(S, s1, so + k);
                DoubleVector cb = DoubleVector.fromArray(S, ab, base + m + k).mul(DoubleVector.fromArray(S, Z, base + m + k));
                for (int a = 1; a < d; a++)
                    cb = DoubleVector.fromArray(S, ab, base + (1 + a) * m + k).mul(DoubleVector.fromArray(S, Z, base + (1 + a) * m + k)).add(cb);
                DoubleVector.fromArray(S, zb, base + k).add(sp.mul(DoubleVector.fromArray(S, ab, base + k))
                        .add(DoubleVector.fromArray(S, s2, so + k).mul(cb))).intoArray(zb, base + k);
                for (int a = 0; a < d; a++) {
                    int r = base + (1 + a) * m + k;
                    DoubleVector.fromArray(S, zb, r).add(sp.mul(DoubleVector.fromArray(S, ab, r))).intoArray(zb, r);
                }
            }
            for (; k < m; k++) adjointNeuron(Z, ab, zb, s1, s2, s, k, m, d);
        }
    }

    @Override
    public void addAffine(double[] Z, int R, double[] Kt, double[] b, int bOff, double[] x, int xOff, int c, int m, int d) {
        int mv = m - m % L;
        for (int s = 0; s < c; s++) {
            int base = s * R * m, xo = xOff + s * d;
            for (int k = 0; k < mv; k += L) {
                DoubleVector z = DoubleVector.fromArray(S, b, bOff + k);
                for (int a = 0; a < d; a++) z = DoubleVector.fromArray(S, Kt, a * m + k).mul(x[xo + a]).add(z);
                DoubleVector.fromArray(S, Z, base + k).add(z).intoArray(Z, base + k);
                for (int a = 0; a < d; a++) {
                    int r = base + (1 + a) * m + k;
                    DoubleVector.fromArray(S, Z, r).add(DoubleVector.fromArray(S, Kt, a * m + k)).intoArray(Z, r);
                }
            }
            for (int k = mv; k < m; k++) affineNeuron(Z, base, Kt, b, bOff, x, xo, k, m, d);
        }
    }

    @Override
    public void addAffineAdjoint(double[] zb, double[] x, int xOff, double[] bb, double[] kb, int c, int m, int d) {
        int R = 1 + d, mv = m - m % L;
        for (int s = 0; s < c; s++) {
            int base = s * R * m, xo = xOff + s * d;
            for (int k = 0; k < mv; k += L) {
                DoubleVector z = DoubleVector.fromArray(S, zb, base + k);
                DoubleVector.fromArray(S, bb, k).add(z).intoArray(bb, k);
                for (int a = 0; a < d; a++) {
                    int ka = a * m + k;
                    DoubleVector.fromArray(S, kb, ka).add(z.mul(x[xo + a]).add(DoubleVector.fromArray(S, zb, base + (1 + a) * m + k)))
                            .intoArray(kb, ka);
                }
            }
            for (int k = mv; k < m; k++) affineAdjointNeuron(zb, base, x, xo, bb, kb, k, m, d);
        }
    }

    /**
     * Lanes 0..3 of {@code q} carry the four partial sums of {@link Kernels#hessianSums} (k ≡ j mod 4),
     * in the same order: with 8 lanes, each block of 8 terms adds its low half and then its high half
     * (moved down by {@code slice(4)}), so no second vector width is needed (see the class comment).
     */
    @Override
    public void hessianSums(double[] C, int cOff, double[] Z, int base, int m, int[] ta, int[] tb, double[] out) {
        if (L != 4 && L != 8) {
            super.hessianSums(C, cOff, Z, base, m, ta, tb, out);
            return;
        }
        int mv = m - m % L, m4 = m - m % 4;
        for (int t = 0; t < ta.length; t++) {
            int ra = base + (1 + ta[t]) * m, rb = base + (1 + tb[t]) * m;
            DoubleVector q = DoubleVector.zero(S);
            for (int k = 0; k < mv; k += L) {
                DoubleVector p = DoubleVector.fromArray(S, C, cOff + k).mul(DoubleVector.fromArray(S, Z, ra + k)).mul(DoubleVector.fromArray(S, Z, rb + k));
                q = p.add(q);
                if (L == 8) q = p.slice(4).add(q);
            }
            double q0 = q.lane(0), q1 = q.lane(1), q2 = q.lane(2), q3 = q.lane(3);
            for (int k = mv; k < m4; k += 4) {
                q0 += C[cOff + k] * Z[ra + k] * Z[rb + k];
                q1 += C[cOff + k + 1] * Z[ra + k + 1] * Z[rb + k + 1];
                q2 += C[cOff + k + 2] * Z[ra + k + 2] * Z[rb + k + 2];
                q3 += C[cOff + k + 3] * Z[ra + k + 3] * Z[rb + k + 3];
            }
            for (int k = m4; k < m; k++) q0 += C[cOff + k] * Z[ra + k] * Z[rb + k];
            out[t] += (q0 + q1) + (q2 + q3);
        }
    }

    @Override
    public void activateRows(double[] Z, double[] A, double[] s1, double[] s2, int c, int m, int d, int[] ta, int[] tb) {
        int T = ta.length, R = 1 + d + T, mv = m - m % L;
        for (int s = 0; s < c; s++) {
            int base = s * R * m, so = s * m;
            for (int a = 0; a < d; a++) {
                int r = base + (1 + a) * m;
                int k = 0;
                for (; k < mv; k += L)
                    DoubleVector.fromArray(S, s1, so + k).mul(DoubleVector.fromArray(S, Z, r + k)).intoArray(A, r + k);
                for (; k < m; k++) A[r + k] = s1[so + k] * Z[r + k];
            }
            for (int t = 0; t < T; t++) {
                int r = base + (1 + d + t) * m, ra = base + (1 + ta[t]) * m, rb = base + (1 + tb[t]) * m;
                int k = 0;
                for (; k < mv; k += L) {
                    DoubleVector h = DoubleVector.fromArray(S, s2, so + k).mul(DoubleVector.fromArray(S, Z, ra + k))
                            .mul(DoubleVector.fromArray(S, Z, rb + k));
                    h.add(DoubleVector.fromArray(S, s1, so + k).mul(DoubleVector.fromArray(S, Z, r + k))).intoArray(A, r + k);
                }
                for (; k < m; k++) A[r + k] = s2[so + k] * Z[ra + k] * Z[rb + k] + s1[so + k] * Z[r + k];
            }
        }
    }
}
