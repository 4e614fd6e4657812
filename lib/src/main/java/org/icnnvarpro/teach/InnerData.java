package org.icnnvarpro.teach;

import org.icnnvarpro.data.Samples;
import org.icnnvarpro.inner.InnerProblem;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;

/**
 * The data of the inner problem (thesis §3.1–3.2, docs/math.md §5) spelled out per sample for
 * exercises: for fixed hidden weights, the features' input gradients {@code G_j} ({@code d × P})
 * and Hessians {@code H_j^k} ({@code d × d}) of the {@code P} last-layer variables, so that
 *
 * <pre>
 *   J(w) = (1/N) Σ_j [ ½ wᵀG_jᵀG_j w − log det S_j(w) ],   S_j(w) = Σ_k w_k H_j^k .
 * </pre>
 *
 * The variables are those of {@link #problem()} (the library's {@link InnerProblem} on the same
 * data): {@code w_u} (constrained {@code ≥ 0}), {@code w_x} (free), and {@code w_q} (constrained) in
 * quadratic mode only.
 */
public final class InnerData {
    private final int n, d, p;
    private final double[][][] g;
    private final double[][][][] h;
    private final boolean[] constrained;
    private final InnerProblem problem;

    private InnerData(Icnn net, Samples x) {
        BatchDerivatives.Features f;
        try (BatchDerivatives e = new BatchDerivatives(1, 64)) {
            f = e.features(net, x);
        }
        problem = InnerProblem.of(net, x);
        n = f.n;
        d = f.d;
        p = problem.size();
        g = new double[n][d][p];
        h = new double[n][p][d][d];
        constrained = new boolean[p];
        for (int i = 0; i < p; i++) {
            int k = problem.column(i);
            constrained[i] = problem.isConstrained(i);
            for (int j = 0; j < n; j++) {
                for (int a = 0; a < d; a++) g[j][a][i] = f.G[(j * d + a) * f.m + k];
                for (int s = 0; s < f.t; s++) {
                    double v = f.H[(j * f.t + s) * f.m + k];
                    h[j][i][f.ta[s]][f.tb[s]] = v;
                    h[j][i][f.tb[s]][f.ta[s]] = v;
                }
            }
        }
    }

    /** The inner problem of {@code net}'s hidden layers on the samples {@code x}. */
    public static InnerData of(Icnn net, Samples x) {
        return new InnerData(net, x);
    }

    /** {@code N}, the number of samples. */
    public int samples() {
        return n;
    }

    /** {@code d}, the input dimension. */
    public int dim() {
        return d;
    }

    /** {@code P}, the number of variables. */
    public int size() {
        return p;
    }

    /** Whether variable {@code k} is constrained ({@code w_k ≥ 0}). */
    public boolean constrained(int k) {
        return constrained[k];
    }

    /** {@code G_j}, {@code d × P}: column {@code k} is the input gradient of feature {@code k} at sample {@code j}. */
    public double[][] G(int j) {
        double[][] out = new double[d][];
        for (int a = 0; a < d; a++) out[a] = g[j][a].clone();
        return out;
    }

    /** {@code H_j^k}, {@code d × d}: the input Hessian of feature {@code k} at sample {@code j}. */
    public double[][] H(int j, int k) {
        double[][] out = new double[d][];
        for (int a = 0; a < d; a++) out[a] = h[j][k][a].clone();
        return out;
    }

    /** The library's inner problem on the same data (variables in the same order). */
    public InnerProblem problem() {
        return problem;
    }

    @Override
    public String toString() {
        return "InnerData[N=" + n + ", d=" + d + ", P=" + p + "]";
    }
}
