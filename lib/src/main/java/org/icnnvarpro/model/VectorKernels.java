package org.icnnvarpro.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the incubating Vector API: register-blocked micro-kernels that keep a tile of
 * {@code C} (4 rows × 2 vectors, 8 accumulators) in registers while running over the summation
 * index, so each step is 2 vector loads of {@code B}, 4 broadcasts of {@code A} and 8 vector fused
 * multiply-adds. Column remainders use 1-vector tiles and then scalar {@link Math#fma}.
 *
 * <p>Every entry of {@code C} is the same chain of fused multiply-adds, in the same order, as in
 * {@link Dense}: the results are bit-identical to the plain kernels.
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
        for (; k + 4 <= n; k += 4) {
            int c0 = cOff + k * m, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
            int j = 0;
            for (; j + 2 * L <= m; j += 2 * L) {
                DoubleVector p0 = DoubleVector.fromArray(S, C, c0 + j), p1 = DoubleVector.fromArray(S, C, c0 + j + L);
                DoubleVector q0 = DoubleVector.fromArray(S, C, c1 + j), q1 = DoubleVector.fromArray(S, C, c1 + j + L);
                DoubleVector u0 = DoubleVector.fromArray(S, C, c2 + j), u1 = DoubleVector.fromArray(S, C, c2 + j + L);
                DoubleVector v0 = DoubleVector.fromArray(S, C, c3 + j), v1 = DoubleVector.fromArray(S, C, c3 + j + L);
                for (int i = 0, ai = aOff + k, bi = bOff + j; i < r; i++, ai += n, bi += m) {
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
                for (int i = 0, ai = aOff + k, bi = bOff + j; i < r; i++, ai += n, bi += m) {
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
                for (int i = 0, ai = aOff + k, bi = bOff + j; i < r; i++, ai += n, bi += m) {
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

    @Override
    public void softplus(double[] Z, int stride, double[] A, double[] s1, double[] s2, double[] s3, int c, int m, boolean withValue) {
        int mv = m - m % L;
        for (int s = 0; s < c; s++) {
            int base = s * stride, so = s * m;
            int k = 0;
            // L neurons at a time: the operations of SoftplusMath.rule lane by lane (same bits)
            for (; k < mv; k += L) {
                DoubleVector z = DoubleVector.fromArray(S, Z, base + k);
                VectorMask<Double> neg = z.compare(VectorOperators.LT, 0.0);
                DoubleVector e = expNonPositive(z.abs().neg());
                DoubleVector u = e.add(1.0);
                DoubleVector inv = ONE.div(u);
                DoubleVector sg = inv.blend(e.mul(inv), neg);
                DoubleVector q = sg.mul(ONE.sub(sg));
                sg.intoArray(s1, so + k);
                q.intoArray(s2, so + k);
                q.mul(ONE.sub(sg.mul(2.0))).intoArray(s3, so + k);
                if (withValue) z.blend(0.0, neg).add(log1pUnit(e, u, inv)).intoArray(A, base + k);
            }
            for (; k < m; k++) SoftplusMath.rule(Z[base + k], A, base + k, s1, so + k, s2, so + k, s3, so + k, withValue);
        }
    }

    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);

    /** {@link SoftplusMath#expNonPositive} lane by lane. */
    static DoubleVector expNonPositive(DoubleVector x) {
        x = x.blend(SoftplusMath.EXP_MIN, x.compare(VectorOperators.LT, SoftplusMath.EXP_MIN));
        DoubleVector t = x.mul(SoftplusMath.INV_LN2).add(SoftplusMath.ROUND);
        LongVector k = t.reinterpretAsLongs().sub(SoftplusMath.ROUND_BITS);
        DoubleVector kd = t.sub(SoftplusMath.ROUND);
        DoubleVector r = x.sub(kd.mul(SoftplusMath.LN2_HI)).sub(kd.mul(SoftplusMath.LN2_LO));
        DoubleVector p = c(SoftplusMath.E13).fma(r, c(SoftplusMath.E12)).fma(r, c(SoftplusMath.E11)).fma(r, c(SoftplusMath.E10))
                .fma(r, c(SoftplusMath.E9)).fma(r, c(SoftplusMath.E8)).fma(r, c(SoftplusMath.E7)).fma(r, c(SoftplusMath.E6))
                .fma(r, c(SoftplusMath.E5)).fma(r, c(SoftplusMath.E4)).fma(r, c(SoftplusMath.E3)).fma(r, c(SoftplusMath.E2))
                .fma(r, c(SoftplusMath.E1)).fma(r, ONE);
        DoubleVector scale = k.add(SoftplusMath.SHIFT + 1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(scale).mul(SoftplusMath.TWO_M_SHIFT);
    }

    /** {@link SoftplusMath#log1pUnit} lane by lane. */
    static DoubleVector log1pUnit(DoubleVector e, DoubleVector u, DoubleVector inv) {
        DoubleVector cc = e.sub(u.sub(1.0)).mul(inv);
        VectorMask<Double> big = u.compare(VectorOperators.GT, SoftplusMath.SQRT2);
        DoubleVector f = u.sub(1.0).blend(u.mul(0.5).sub(1.0), big);
        DoubleVector k = DoubleVector.zero(S).blend(1.0, big);
        DoubleVector hfsq = f.mul(0.5).mul(f);
        DoubleVector s = f.div(f.add(2.0));
        DoubleVector z = s.mul(s);
        DoubleVector R = c(SoftplusMath.LG7).fma(z, c(SoftplusMath.LG6)).fma(z, c(SoftplusMath.LG5)).fma(z, c(SoftplusMath.LG4))
                .fma(z, c(SoftplusMath.LG3)).fma(z, c(SoftplusMath.LG2)).fma(z, c(SoftplusMath.LG1)).mul(z);
        return k.mul(SoftplusMath.LN2_HI).sub(hfsq.sub(s.mul(hfsq.add(R)).add(k.mul(SoftplusMath.LN2_LO).add(cc))).sub(f));
    }

    private static DoubleVector c(double v) {
        return DoubleVector.broadcast(S, v);
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

    @Override
    public void adjointRows(double[] Z, double[] ab, double[] zbar, double[] s1, double[] s2, double[] s3,
                            int c, int m, int d, int[] ta, int[] tb) {
        int T = ta.length, R = 1 + d + T, mv = m - m % L;
        for (int s = 0; s < c; s++) {
            int base = s * R * m, so = s * m;
            int k = 0;
            // L neurons at a time, the same operations in the same order as Kernels.adjointNeuron.
            for (; k < mv; k += L) {
                int rk = base + k;
                DoubleVector sp = DoubleVector.fromArray(S, s1, so + k), spp = DoubleVector.fromArray(S, s2, so + k);
                DoubleVector sb1 = DoubleVector.zero(S), sb2 = sb1;
                for (int a = 0; a < d; a++) {
                    int r = rk + (1 + a) * m;
                    DoubleVector abv = DoubleVector.fromArray(S, ab, r);
                    sb1 = sb1.add(abv.mul(DoubleVector.fromArray(S, Z, r)));
                    sp.mul(abv).intoArray(zbar, r);
                }
                for (int t = 0; t < T; t++) {
                    int r = rk + (1 + d + t) * m, ra = rk + (1 + ta[t]) * m, rb = rk + (1 + tb[t]) * m;
                    DoubleVector hb = DoubleVector.fromArray(S, ab, r);
                    DoubleVector pa = DoubleVector.fromArray(S, Z, ra), pb = DoubleVector.fromArray(S, Z, rb);
                    sb1 = sb1.add(hb.mul(DoubleVector.fromArray(S, Z, r)));
                    sb2 = sb2.add(hb.mul(pa).mul(pb));
                    DoubleVector sh = spp.mul(hb);
                    DoubleVector.fromArray(S, zbar, ra).add(sh.mul(pb)).intoArray(zbar, ra);
                    DoubleVector.fromArray(S, zbar, rb).add(sh.mul(pa)).intoArray(zbar, rb);
                    sp.mul(hb).intoArray(zbar, r);
                }
                DoubleVector.fromArray(S, ab, rk).mul(sp).add(sb1.mul(spp)).add(sb2.mul(DoubleVector.fromArray(S, s3, so + k)))
                        .intoArray(zbar, rk);
            }
            for (; k < m; k++) adjointNeuron(Z, ab, zbar, s1, s2, s3, base + k, so + k, m, d, ta, tb);
        }
    }
}
