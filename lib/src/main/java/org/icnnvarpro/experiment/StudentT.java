package org.icnnvarpro.experiment;

/**
 * Student's t distribution with an integer number {@code ν ≥ 1} of degrees of freedom, by the
 * closed forms of Abramowitz &amp; Stegun 26.7.3–4: with {@code θ = atan(t/√ν)}, {@code c = cos θ},
 * the probability {@code A(t|ν) = P(|T| ≤ t)} is
 *
 * <pre>
 *   ν odd:  (2/π)·[θ + sin θ·(c + (2/3)c³ + (2·4)/(3·5)c⁵ + … + (2·4⋯(ν−3))/(3·5⋯(ν−2))·c^(ν−2))]   (ν = 1: (2/π)θ)
 *   ν even: sin θ·[1 + (1/2)c² + (1·3)/(2·4)c⁴ + … + (1·3⋯(ν−3))/(2·4⋯(ν−2))·c^(ν−2)]
 * </pre>
 *
 * exact up to rounding (no series truncation). Quantiles are found by bisection on {@code A}.
 */
final class StudentT {
    private StudentT() {}

    /** {@code P(|T| ≤ t)} for {@code t ≥ 0}. */
    static double twoSidedProbability(double t, int nu) {
        if (nu < 1) throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + nu);
        if (!(t >= 0)) throw new IllegalArgumentException("t must be >= 0, got " + t);
        if (t == Double.POSITIVE_INFINITY) return 1.0;
        double theta = Math.atan(t / Math.sqrt(nu)), s = Math.sin(theta), c = Math.cos(theta), c2 = c * c;
        if (nu % 2 == 1) {
            double sum = 0, term = c;
            for (int k = 3; k <= nu; k += 2) {   // terms c, (2/3)c³, … up to c^(ν−2)
                sum += term;
                term *= c2 * (k - 1) / k;
            }
            return 2 / Math.PI * (theta + s * sum);
        }
        double sum = 0, term = 1;
        for (int k = 2; k <= nu; k += 2) {   // terms 1, (1/2)c², … up to c^(ν−2)
            sum += term;
            term *= c2 * (k - 1) / k;
        }
        return s * sum;
    }

    /** The {@code t} with {@code P(|T| ≤ t) = level} (for a two-sided interval of that level, e.g. 0.95). */
    static double twoSidedQuantile(double level, int nu) {
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        double lo = 0, hi = 1;
        while (twoSidedProbability(hi, nu) < level) hi *= 2;
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (twoSidedProbability(mid, nu) < level) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
