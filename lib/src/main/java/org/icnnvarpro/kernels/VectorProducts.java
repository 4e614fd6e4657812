package org.icnnvarpro.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense products of {@link VectorKernels}: register-blocked micro-kernels that keep a tile of
 * {@code C} in registers while running over the summation index (6 rows × 2 vectors, 12
 * accumulators, for {@code C = A·B} and {@code C += Aᵀ·B}; 4-row tiles for the rest; for
 * {@code C += AᵀA} on and above the diagonal lane blocks, 8-row tiles on 8 lanes). Column
 * remainders use 1-vector tiles and then scalar {@link Math#fma}.
 *
 * <p>Every entry of {@code C} is the same chain of fused multiply-adds, in the same order, as in
 * {@link Dense}: the results are bit-identical to the plain kernels.
 */
final class VectorProducts {
    private VectorProducts() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** {@code C = A·B}: shapes as {@link Dense#mult}. */
    static void mult(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff) {
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

    /** {@code C += Aᵀ·B}: shapes as {@link Dense#multAddTransA}. */
    static void multAddTransA(double[] A, int aOff, int r, int n, double[] B, int bOff, int m, double[] C, int cOff) {
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
    static void multAddTransAUpper(double[] A, int aOff, int r, int n, double[] C, int cOff) {
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
}
