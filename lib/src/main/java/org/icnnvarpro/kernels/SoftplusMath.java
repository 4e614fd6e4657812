package org.icnnvarpro.kernels;

/**
 * The softplus activation and its derivatives from one {@code exp} and one {@code log1p} written
 * with additions, multiplications, fused multiply-adds, two divisions and exponent-bit arithmetic only,
 * so that the same operations run lane by lane in {@link VectorKernels} and give the same bits there
 * as here. ({@code Math.exp} and {@code Math.log1p} are a native call each on JDK 17, about 8 and
 * 15 ns: they were a third of a loss+gradient.)
 *
 * <pre>
 *   e  = exp(−|z|)                     (0 &lt; e ≤ 1)
 *   σ  = max(z, 0) + log1p(e)
 *   σ' = s = 1/(1+e) if z ≥ 0, else e/(1+e)
 *   σ'' = s(1−s),  σ''' = s(1−s)(1−2s)
 * </pre>
 *
 * <p>{@code exp(x)} for {@code x ≤ 0}: {@code x = k ln2 + r}, {@code |r| ≤ ln2/2} (Cody–Waite split of
 * ln2 as in fdlibm), Taylor polynomial of degree 13 in {@code r} by Horner's rule with fused
 * multiply-adds (truncation error below 5e-18 relative), times {@code 2^k} built from exponent bits in
 * two exact steps so that subnormal results are right too. {@code log1p(e)} for {@code 0 ≤ e ≤ 1}: as
 * fdlibm's {@code log1p}: {@code u = 1 + e} with the rounding error {@code c = (e − (u−1))/u} carried
 * separately, {@code u = 2^k (1+f)} with {@code √2/2 ≤ 1+f ≤ √2}, {@code log(1+f)} by fdlibm's
 * polynomial in {@code s = f/(2+f)}. Both agree with {@code Math.exp}/{@code Math.log1p} to 1 ulp
 * ({@code SoftplusMathTest} checks that on millions of arguments).
 */
public final class SoftplusMath {
    private SoftplusMath() {}

    static final double INV_LN2 = 1.44269504088896338700e+00;
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    /** Adding 1.5·2^52 rounds a double of magnitude below 2^51 to an integer (ties to even). */
    static final double ROUND = 0x1.8p52;
    static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    /** exp(x) is 0 in double for x below this. */
    static final double EXP_MIN = -746.0;
    /** 2^k is built as 2^(k + SHIFT) · 2^(−SHIFT): both factors are normal numbers for −1076 ≤ k ≤ 0. */
    static final int SHIFT = 600;
    static final double TWO_M_SHIFT = 0x1p-600;
    /** Taylor coefficients {@code En = 1/n!}. */
    static final double E1 = 1.0, E2 = 0.5, E3 = 1.0 / 6.0, E4 = 1.0 / 24.0, E5 = 1.0 / 120.0, E6 = 1.0 / 720.0,
            E7 = 1.0 / 5040.0, E8 = 1.0 / 40320.0, E9 = 1.0 / 362880.0, E10 = 1.0 / 3628800.0, E11 = 1.0 / 39916800.0,
            E12 = 1.0 / 479001600.0, E13 = 1.0 / 6227020800.0;
    static final double SQRT2 = 1.41421356237309504880;
    /** fdlibm's log polynomial: log(1+f) = f − f²/2 + s(f²/2 + R(s²)), s = f/(2+f), R = Σ Lg_i s^{2i}. */
    static final double LG1 = 6.666666666666735130e-01, LG2 = 3.999999999940941908e-01,
            LG3 = 2.857142874366239149e-01, LG4 = 2.222219843214978396e-01, LG5 = 1.818357216161805012e-01,
            LG6 = 1.531383769920937332e-01, LG7 = 1.479819860511658591e-01;

    /** {@code e^x} for {@code x ≤ 0} (NaN for NaN; not meant for positive x). */
    static double expNonPositive(double x) {
        x = x < EXP_MIN ? EXP_MIN : x;
        double t = x * INV_LN2 + ROUND;
        long k = Double.doubleToRawLongBits(t) - ROUND_BITS;
        double kd = t - ROUND;
        double r = (x - kd * LN2_HI) - kd * LN2_LO;
        // Horner's rule for Σ_{n≤13} rⁿ/n!, ending in one rounding of 1 + r·(…) (Estrin's scheme was
        // faster but 2 ulp off Math.exp at times).
        double p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(
                E13, r, E12), r, E11), r, E10), r, E9), r, E8), r, E7), r, E6), r, E5), r, E4), r, E3), r, E2), r, E1);
        p = Math.fma(p, r, 1.0);
        double scale = Double.longBitsToDouble((k + SHIFT + 1023) << 52);
        return p * scale * TWO_M_SHIFT;
    }

    /**
     * {@code log(1 + e)} for {@code 0 ≤ e ≤ 1}, given {@code u = 1 + e} and {@code inv = 1/u} (which
     * the sigmoid needs too).
     */
    static double log1pUnit(double e, double u, double inv) {
        double c = (e - (u - 1.0)) * inv;
        boolean big = u > SQRT2;
        double f = big ? u * 0.5 - 1.0 : u - 1.0;
        double k = big ? 1.0 : 0.0;
        double hfsq = 0.5 * f * f;
        double s = f / (2.0 + f);
        double z = s * s;
        double R = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(LG7, z, LG6), z, LG5), z, LG4), z, LG3), z, LG2), z, LG1) * z;
        return k * LN2_HI - ((hfsq - (s * (hfsq + R) + (k * LN2_LO + c))) - f);
    }

    /** {@code σ, σ', σ'', σ'''} of softplus at z into {@code out[0..3]}. */
    public static void derivatives(double z, double[] out) {
        rule(z, out, 0, out, 1, out, 2, out, 3, true);
    }

    /**
     * {@code σ(z)} into {@code value[vi]} (if {@code withValue}) and {@code σ', σ'', σ'''} into
     * {@code s1[si], s2[si2], s3[si3]}: the scalar form of the lane operations of
     * {@code VectorKernels.softplus}.
     */
    static void rule(double z, double[] value, int vi, double[] s1, int si, double[] s2, int si2, double[] s3, int si3, boolean withValue) {
        double e = expNonPositive(-Math.abs(z));
        double u = 1.0 + e;
        double inv = 1.0 / u;
        double sg = z < 0 ? e * inv : inv;
        double q = sg * (1.0 - sg);
        s1[si] = sg;
        s2[si2] = q;
        s3[si3] = q * (1.0 - 2.0 * sg);
        if (withValue) value[vi] = (z < 0 ? 0.0 : z) + log1pUnit(e, u, inv);
    }
}
