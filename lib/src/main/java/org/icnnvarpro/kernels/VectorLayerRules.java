package org.icnnvarpro.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static org.icnnvarpro.kernels.Kernels.adjointNeuron;
import static org.icnnvarpro.kernels.Kernels.affineAdjointNeuron;
import static org.icnnvarpro.kernels.Kernels.affineNeuron;
import static org.icnnvarpro.kernels.Kernels.hessianAdjointNeuron;
import static org.icnnvarpro.kernels.SoftplusMath.*;

/**
 * The elementwise rules of a network layer in {@link VectorKernels}: softplus and its derivatives
 * lane by lane, and the σ-rules of the gradient and Hessian rows and their adjoints, each lane
 * block of neurons as one vector. Each method is the lane form of the plain rule of the same name
 * in {@link Kernels} (the same operations per entry, so the same bits), with the neurons past the
 * last whole vector done by the plain rule.
 */
final class VectorLayerRules {
    private VectorLayerRules() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /**
     * The lane form of {@link SoftplusMath#rule}, the same operations (so the same bits), in three
     * passes over each sample's row of neurons: {@code e = exp(−|z|)} and {@code 1/(1+e)}, then
     * {@code σ = max(z,0) + log1p(e)}, then {@code σ', σ'', σ'''}. (One loop body with all of it is too
     * large for the C1 compiler, and vectors handed to a method that C2 does not inline are boxed.)
     */
    static void softplus(double[] Z, int stride, double[] A, double[] s1, double[] s2, double[] s3, int c, int m, boolean withValue) {
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

    static void hessianAdjointRows(double[] Z, double[] sb, double[] C, double[] D, double[] s1, double[] s2, double[] s3,
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

    static void adjointRows(double[] Z, double[] ab, double[] zb, double[] s1, double[] s2, int c, int m, int d) {
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

    static void addAffine(double[] Z, int R, double[] Kt, double[] b, int bOff, double[] x, int xOff, int c, int m, int d) {
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

    static void addAffineAdjoint(double[] zb, double[] x, int xOff, double[] bb, double[] kb, int c, int m, int d) {
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
    static void hessianSums(double[] C, int cOff, double[] Z, int base, int m, int[] ta, int[] tb, double[] out) {
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

    static void activateRows(double[] Z, double[] A, double[] s1, double[] s2, int c, int m, int d, int[] ta, int[] tb) {
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
