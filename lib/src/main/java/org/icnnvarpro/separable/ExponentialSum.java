package org.icnnvarpro.separable;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * The separable model {@code y(t) = Σ_{k=1}^{p} c_k e^{−λ_k t}}: linear in the amplitudes
 * {@code c}, nonlinear in the rates {@code λ}. Its basis matrix is {@code A(λ)_{ik} = e^{−λ_k t_i}}
 * ({@code n × p}); column {@code k} depends on {@code λ_k} only, with
 * {@code ∂A_{ik}/∂λ_k = −t_i e^{−λ_k t_i}}.
 */
public final class ExponentialSum {
    private final int p;

    /** A sum of {@code terms} exponentials. */
    public ExponentialSum(int terms) {
        if (terms < 1) throw new IllegalArgumentException("need at least one exponential term, got " + terms);
        this.p = terms;
    }

    /** The number of terms {@code p} (linear and nonlinear parameters each). */
    public int terms() {
        return p;
    }

    /** {@code A(λ)}, {@code n × p}, {@code A_{ik} = e^{−λ_k t_i}}. */
    public DMatrixRMaj basis(double[] lambda, double[] t) {
        check(lambda);
        DMatrixRMaj A = new DMatrixRMaj(t.length, p);
        for (int i = 0; i < t.length; i++) for (int k = 0; k < p; k++) A.unsafe_set(i, k, Math.exp(-lambda[k] * t[i]));
        return A;
    }

    /** {@code ∂A_{:,k}/∂λ_k}: the entries {@code −t_i e^{−λ_k t_i}} (the other columns do not depend on {@code λ_k}). */
    public double[] columnDerivative(double[] lambda, double[] t, int k) {
        check(lambda);
        double[] d = new double[t.length];
        for (int i = 0; i < t.length; i++) d[i] = -t[i] * Math.exp(-lambda[k] * t[i]);
        return d;
    }

    /** The model's values {@code A(λ)c} at {@code t}. */
    public double[] values(double[] lambda, double[] c, double[] t) {
        check(lambda);
        if (c.length != p) throw new IllegalArgumentException("expected " + p + " amplitudes, got " + c.length);
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) for (int k = 0; k < p; k++) y[i] += c[k] * Math.exp(-lambda[k] * t[i]);
        return y;
    }

    /** {@code n} equally spaced times in {@code [0, tMax]}. */
    public static double[] times(int n, double tMax) {
        if (n < 2 || !(tMax > 0)) throw new IllegalArgumentException("need n >= 2 times and tMax > 0, got " + n + ", " + tMax);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = tMax * i / (n - 1);
        return t;
    }

    /** Data {@code y_i = Σ c_k e^{−λ_k t_i} + noise·N(0, 1)}, seeded. */
    public double[] sample(double[] lambda, double[] c, double[] t, double noise, long seed) {
        double[] y = values(lambda, c, t);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < y.length; i++) {
            double u1 = r.nextDouble(), u2 = r.nextDouble();
            y[i] += noise * Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
        }
        return y;
    }

    private void check(double[] lambda) {
        if (lambda.length != p) throw new IllegalArgumentException("expected " + p + " rates, got " + lambda.length);
        if (!Arrays.stream(lambda).allMatch(Double::isFinite)) throw new IllegalArgumentException("rates must be finite: " + Arrays.toString(lambda));
    }

    @Override
    public String toString() {
        return "ExponentialSum[" + p + " terms]";
    }
}
