package org.icnnvarpro.teach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.inner.BarrierNewton;
import org.icnnvarpro.inner.InnerProblem;
import org.icnnvarpro.inner.InnerResult;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.separable.ExponentialSum;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every self-check of the course, each with a correct answer (must pass), the untouched stub (must
 * say "not attempted yet" on every line), another exception (one line, no stack trace), and at
 * least one plausible wrong answer — a sign error, a missing factor, a transposed matrix — that it
 * must FAIL. The wrong answers live here, not in the notebooks.
 */
class SelfCheckTest {

    static final String STUB = "not attempted yet";

    static RuntimeException stub() {
        return new UnsupportedOperationException(STUB);
    }

    /** One self-check: its correct answer, its stub, and named wrong answers. */
    record Case(Supplier<Report> correct, Supplier<Report> stub, Supplier<Report> crash, Map<String, Supplier<Report>> wrong) {}

    static Map<String, Supplier<Report>> wrong(Object... nameAndReport) {
        Map<String, Supplier<Report>> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndReport.length; i += 2) {
            @SuppressWarnings("unchecked")
            Supplier<Report> s = (Supplier<Report>) nameAndReport[i + 1];
            m.put((String) nameAndReport[i], s);
        }
        return m;
    }

    // ------------------------------------------------------------------ correct answers (as in the solution notebooks)

    static double sigma(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    static double sigma1(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    static double sigma2(double z) {
        double s = sigma1(z);
        return s * (1 - s);
    }

    static double phi(Icnn net, double[] x, boolean transposeL, boolean withWx) {
        double[] u = null;
        for (int i = 0; i < net.depth(); i++) {
            double[][] K = net.K(i), L = net.L(i);
            double[] b = net.b(i), z = new double[net.width(i)];
            for (int k = 0; k < z.length; k++) {
                z[k] = b[k];
                for (int a = 0; a < x.length; a++) z[k] += K[k][a] * x[a];
                if (L != null) for (int j = 0; j < u.length; j++) z[k] += (transposeL ? L[j % L.length][k % L[0].length] : L[k][j]) * u[j];
            }
            u = new double[z.length];
            for (int k = 0; k < z.length; k++) u[k] = sigma(z[k]);
        }
        double p = 0;
        if (withWx) for (int a = 0; a < x.length; a++) p += net.wx()[a] * x[a];
        for (int k = 0; k < u.length; k++) p += net.wu()[k] * u[k];
        return p + 0.5 * net.wq() * (x[0] * x[0] + x[1] * x[1]);
    }

    static double[] layerGrad(double[][] K, double[] b, double[] w, double[] x, double sign, boolean useSigma) {
        double[] g = new double[x.length];
        for (int k = 0; k < K.length; k++) {
            double z = b[k];
            for (int a = 0; a < x.length; a++) z += K[k][a] * x[a];
            double s = useSigma ? sigma(z) : sigma1(z);
            for (int a = 0; a < x.length; a++) g[a] += sign * K[k][a] * w[k] * s;
        }
        return g;
    }

    static double[][] layerHess(double[][] K, double[] b, double[] w, double[] x, boolean firstDerivative) {
        int d = x.length;
        double[][] H = new double[d][d];
        for (int k = 0; k < K.length; k++) {
            double z = b[k];
            for (int a = 0; a < d; a++) z += K[k][a] * x[a];
            double c = w[k] * (firstDerivative ? sigma1(z) : sigma2(z));
            for (int a = 0; a < d; a++) for (int e = 0; e < d; e++) H[a][e] += c * K[k][a] * K[k][e];
        }
        return H;
    }

    /** −S⁻¹ = [[−d, b], [c, −a]] / det with offDiagonalSign = 1 (−1: the cofactors' signs forgotten), overallSign −1: +S⁻¹. */
    static double[][] adjointS(double[][] S, double offDiagonalSign, double overallSign) {
        double det = S[0][0] * S[1][1] - S[0][1] * S[1][0];
        return new double[][] {{overallSign * -S[1][1] / det, overallSign * offDiagonalSign * S[0][1] / det},
                {overallSign * offDiagonalSign * S[1][0] / det, overallSign * -S[0][0] / det}};
    }

    static void adam(double[] x, double[] g, double[] m, double[] v, int k, double lr, boolean biasCorrect, boolean epsInside) {
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        for (int i = 0; i < x.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double mh = biasCorrect ? m[i] / (1 - Math.pow(b1, k)) : m[i];
            double vh = biasCorrect ? v[i] / (1 - Math.pow(b2, k)) : v[i];
            x[i] -= lr * mh / (epsInside ? Math.sqrt(vh + eps) : Math.sqrt(vh) + eps);
        }
    }

    static double[] rawGrad(double[] raw, double[] g, boolean[] nonneg, boolean useSoftplus, boolean all) {
        double[] out = g.clone();
        for (int k = 0; k < raw.length; k++) if (nonneg[k] || all) out[k] *= useSoftplus ? sigma(raw[k]) : sigma1(raw[k]);
        return out;
    }

    static double[] twoLoop(double[] g, List<double[]> s, List<double[]> y, boolean scale, boolean reversedSecondLoop) {
        int m = s.size(), n = g.length;
        double[] q = g.clone();
        for (int i = 0; i < n; i++) q[i] = -q[i];
        if (m == 0) return q;
        double[] alpha = new double[m], rho = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            rho[i] = 1 / dot(s.get(i), y.get(i));
            alpha[i] = rho[i] * dot(s.get(i), q);
            for (int a = 0; a < n; a++) q[a] -= alpha[i] * y.get(i)[a];
        }
        double gamma = scale ? dot(s.get(m - 1), y.get(m - 1)) / dot(y.get(m - 1), y.get(m - 1)) : 1;
        for (int a = 0; a < n; a++) q[a] *= gamma;
        for (int k = 0; k < m; k++) {
            int i = reversedSecondLoop ? m - 1 - k : k;
            double beta = rho[i] * dot(y.get(i), q);
            for (int a = 0; a < n; a++) q[a] += (alpha[i] - beta) * s.get(i)[a];
        }
        return q;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double[] linearFit(double[] lambda, double[] t, double[] y) {
        DMatrixRMaj A = new ExponentialSum(lambda.length).basis(lambda, t);
        LinearSolverDense<DMatrixRMaj> ls = LinearSolverFactory_DDRM.leastSquares(t.length, lambda.length);
        ls.setA(A);
        DMatrixRMaj c = new DMatrixRMaj(lambda.length, 1);
        ls.solve(new DMatrixRMaj(t.length, 1, true, y), c);
        return c.getData();
    }

    static double[] residual(double[] lambda, double[] c, double[] t, double[] y) {
        double[] r = new ExponentialSum(lambda.length).values(lambda, c, t);
        for (int i = 0; i < r.length; i++) r[i] -= y[i];
        return r;
    }

    static double reduced(double[] lambda, double[] t, double[] y, double factor, boolean normalEquationsWrong) {
        double[] c = linearFit(lambda, t, y);
        if (normalEquationsWrong) {
            DMatrixRMaj A = new ExponentialSum(lambda.length).basis(lambda, t);
            DMatrixRMaj aty = new DMatrixRMaj(lambda.length, 1);
            CommonOps_DDRM.multTransA(A, new DMatrixRMaj(t.length, 1, true, y), aty);
            c = aty.getData();
        }
        double[] r = residual(lambda, c, t, y);
        return factor * dot(r, r);
    }

    static double[] reducedGrad(double[] lambda, double[] t, double[] y, double sign, boolean withT) {
        double[] c = linearFit(lambda, t, y), r = residual(lambda, c, t, y), g = new double[lambda.length];
        for (int k = 0; k < lambda.length; k++) {
            for (int i = 0; i < t.length; i++) g[k] += sign * c[k] * (withT ? -t[i] : -1) * Math.exp(-lambda[k] * t[i]) * r[i];
        }
        return g;
    }

    /** ∇J and ∇²J of the inner problem, written out per sample from InnerData; variants for wrong answers. */
    static double[] gradJ(InnerData p, double[] w, double traceSign, boolean divide) {
        int P = p.size(), d = p.dim(), n = p.samples();
        double[] g = new double[P];
        for (int j = 0; j < n; j++) {
            double[][] G = p.G(j);
            double[] Gw = new double[d];
            for (int a = 0; a < d; a++) for (int k = 0; k < P; k++) Gw[a] += G[a][k] * w[k];
            double[][] Sinv = inv2(S(p, j, w));
            for (int k = 0; k < P; k++) {
                double quad = 0;
                for (int a = 0; a < d; a++) quad += G[a][k] * Gw[a];
                g[k] += quad - traceSign * trace(Sinv, p.H(j, k));
            }
        }
        if (divide) for (int k = 0; k < P; k++) g[k] /= n;
        return g;
    }

    static double[][] hessJ(InnerData p, double[] w, double traceSign, boolean gram) {
        int P = p.size(), d = p.dim(), n = p.samples();
        double[][] H = new double[P][P];
        for (int j = 0; j < n; j++) {
            double[][] G = p.G(j), Sinv = inv2(S(p, j, w));
            double[][][] SH = new double[P][][];
            for (int k = 0; k < P; k++) SH[k] = mul(Sinv, p.H(j, k));
            for (int k = 0; k < P; k++) for (int l = 0; l < P; l++) {
                double gg = 0;
                for (int a = 0; a < d; a++) gg += G[a][k] * G[a][l];
                H[k][l] += (gram ? gg : 0) + traceSign * trace(SH[k], SH[l]);
            }
        }
        for (double[] row : H) for (int l = 0; l < P; l++) row[l] /= n;
        return H;
    }

    static double[][] S(InnerData p, int j, double[] w) {
        double[][] S = new double[2][2];
        for (int k = 0; k < p.size(); k++) {
            double[][] Hk = p.H(j, k);
            for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) S[a][b] += w[k] * Hk[a][b];
        }
        return S;
    }

    static double[][] inv2(double[][] S) {
        double det = S[0][0] * S[1][1] - S[0][1] * S[1][0];
        return new double[][] {{S[1][1] / det, -S[0][1] / det}, {-S[1][0] / det, S[0][0] / det}};
    }

    /** tr(A B) */
    static double trace(double[][] A, double[][] B) {
        double s = 0;
        for (int a = 0; a < A.length; a++) for (int b = 0; b < A.length; b++) s += A[a][b] * B[b][a];
        return s;
    }

    static double[][] mul(double[][] A, double[][] B) {
        int n = A.length;
        double[][] C = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) C[i][j] += A[i][k] * B[k][j];
        return C;
    }

    static double[] newtonStep(double[] g, double[][] H, double[] w, boolean[] cons, double t, boolean barrier, double sign) {
        int P = g.length;
        DMatrixRMaj A = new DMatrixRMaj(H), b = new DMatrixRMaj(P, 1), x = new DMatrixRMaj(P, 1);
        for (int i = 0; i < P; i++) {
            double gi = g[i];
            if (cons[i] && barrier) {
                A.add(i, i, 1 / (t * w[i] * w[i]));
                gi -= 1 / (t * w[i]);
            }
            b.set(i, 0, -sign * gi);
        }
        CommonOps_DDRM.solve(A, b, x);
        return x.getData();
    }

    static int rounds(double t0, double c, int constraints, double eps, boolean lessOrEqual, boolean countIncreases) {
        int k = 1;
        double t = t0;
        while (lessOrEqual ? constraints / t > eps : constraints / t >= eps) {
            t *= c;
            k++;
        }
        return countIncreases ? k - 1 : k;
    }

    static double reducedObjective(Icnn net, Samples batch, double[] mu, double[] grad, boolean resolve, boolean raw) {
        net.setHiddenRaw(mu);
        if (resolve) {
            InnerResult w = new BarrierNewton().solve(InnerProblem.of(net, batch), net.last());
            net.setLast(w.w());
        }
        double[] full = new double[net.size()];
        double j = new SaaLoss().valueAndGradient(net, batch, full);
        if (raw) net.rawGradient(mu, full, full);
        System.arraycopy(full, 0, grad, 0, grad.length);
        return j;
    }

    static double[] meanStd(double[] v, boolean sample, boolean nanForOne) {
        double m = Arrays.stream(v).average().orElse(Double.NaN);
        if (v.length == 1) return new double[] {m, nanForOne ? Double.NaN : 0};
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return new double[] {m, Math.sqrt(s / (sample ? v.length - 1 : v.length))};
    }

    static double density(Icnn net, double[] x, boolean withDet, boolean normalized) {
        try (BatchDerivatives e = new BatchDerivatives(1, 64)) {
            BatchDerivatives.Evaluation ev = e.evaluate(net, Samples.wrap(1, 2, x));
            double g2 = ev.gradient[0] * ev.gradient[0] + ev.gradient[1] * ev.gradient[1];
            double det = ev.hessian[0] * ev.hessian[3] - ev.hessian[1] * ev.hessian[2];
            return Math.exp(-0.5 * g2) / (normalized ? 2 * Math.PI : 1) * (withDet ? det : 1);
        }
    }

    static double[] invert(Icnn net, double[] z, double sign, boolean subtractZ) {
        double[] x = new double[2];
        try (BatchDerivatives e = new BatchDerivatives(1, 64)) {
            for (int it = 0; it < 60; it++) {
                BatchDerivatives.Evaluation ev = e.evaluate(net, Samples.wrap(1, 2, x));
                double r0 = ev.gradient[0] - (subtractZ ? z[0] : 0), r1 = ev.gradient[1] - (subtractZ ? z[1] : 0);
                if (Math.hypot(r0, r1) <= 1e-13 * Math.max(1, Math.hypot(z[0], z[1]))) break;
                double a = ev.hessian[0], b = ev.hessian[1], d = ev.hessian[3], det = a * d - b * b;
                double dx0 = -(d * r0 - b * r1) / det, dx1 = -(-b * r0 + a * r1) / det;
                x[0] += sign * dx0;
                x[1] += sign * dx1;
            }
        }
        return x;
    }

    // ------------------------------------------------------------------ the cases

    static Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        Icnn net = Icnn.builder(2).hidden(5, 5).quadratic(false).seed(2).build();
        double lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        c.put("PotentialChecks.softplus", new Case(
                () -> PotentialChecks.softplus(z -> sigma(z), z -> sigma1(z), z -> sigma2(z)),
                () -> PotentialChecks.softplus(z -> { throw stub(); }, z -> { throw stub(); }, z -> { throw stub(); }),
                () -> PotentialChecks.softplus(z -> 1 / 0, z -> sigma1(z), z -> sigma2(z)),
                wrong("naive log(1 + exp(z)) overflows", (Supplier<Report>) () -> PotentialChecks.softplus(z -> Math.log(1 + Math.exp(z)), z -> sigma1(z), z -> sigma2(z)),
                        "σ' = 1 − sigmoid (sign)", (Supplier<Report>) () -> PotentialChecks.softplus(z -> sigma(z), z -> 1 - sigma1(z), z -> sigma2(z)),
                        "σ'' = s(1 + s) (sign)", (Supplier<Report>) () -> PotentialChecks.softplus(z -> sigma(z), z -> sigma1(z), z -> sigma1(z) * (1 + sigma1(z))))));
        c.put("PotentialChecks.potential", new Case(
                () -> PotentialChecks.potential((n, x) -> phi(n, x, false, true), net),
                () -> PotentialChecks.potential((n, x) -> { throw stub(); }, net),
                () -> PotentialChecks.potential((n, x) -> new double[0][0].length / 0, net),
                wrong("w_x·x missing", (Supplier<Report>) () -> PotentialChecks.potential((n, x) -> phi(n, x, false, false), net),
                        "L transposed", (Supplier<Report>) () -> PotentialChecks.potential((n, x) -> phi(n, x, true, true), net))));
        c.put("DerivativeChecks.layerGradient", new Case(
                () -> DerivativeChecks.layerGradient((K, b, w, x) -> layerGrad(K, b, w, x, 1, false)),
                () -> DerivativeChecks.layerGradient((K, b, w, x) -> { throw stub(); }),
                () -> DerivativeChecks.layerGradient((K, b, w, x) -> new double[] {K[9][0]}),
                wrong("sign error", (Supplier<Report>) () -> DerivativeChecks.layerGradient((K, b, w, x) -> layerGrad(K, b, w, x, -1, false)),
                        "σ instead of σ'", (Supplier<Report>) () -> DerivativeChecks.layerGradient((K, b, w, x) -> layerGrad(K, b, w, x, 1, true)),
                        "K instead of Kᵀ (length m)", (Supplier<Report>) () -> DerivativeChecks.layerGradient((K, b, w, x) -> new double[K.length]))));
        c.put("DerivativeChecks.layerHessian", new Case(
                () -> DerivativeChecks.layerHessian((K, b, w, x) -> layerHess(K, b, w, x, false)),
                () -> DerivativeChecks.layerHessian((K, b, w, x) -> { throw stub(); }),
                () -> DerivativeChecks.layerHessian((K, b, w, x) -> { throw new IllegalStateException("boom"); }),
                wrong("σ' instead of σ''", (Supplier<Report>) () -> DerivativeChecks.layerHessian((K, b, w, x) -> layerHess(K, b, w, x, true)),
                        "K diag Kᵀ (m × m)", (Supplier<Report>) () -> DerivativeChecks.layerHessian((K, b, w, x) -> new double[K.length][K.length]))));
        c.put("DerivativeChecks.logDetAdjoint", new Case(
                () -> DerivativeChecks.logDetAdjoint(S -> adjointS(S, 1, 1)),
                () -> DerivativeChecks.logDetAdjoint(S -> { throw stub(); }),
                () -> DerivativeChecks.logDetAdjoint(S -> new double[][] {{S[2][0]}}),
                wrong("+S⁻¹ (sign)", (Supplier<Report>) () -> DerivativeChecks.logDetAdjoint(S -> adjointS(S, 1, -1)),
                        "off-diagonal signs of the inverse (transposed cofactors)", (Supplier<Report>) () -> DerivativeChecks.logDetAdjoint(S -> adjointS(S, -1, 1)),
                        "−S instead of −S⁻¹", (Supplier<Report>) () -> DerivativeChecks.logDetAdjoint(S -> new double[][] {{-S[0][0], -S[0][1]}, {-S[1][0], -S[1][1]}}))));
        c.put("OptimizerChecks.adamStep", new Case(
                () -> OptimizerChecks.adamStep((x, g, m, v, k) -> adam(x, g, m, v, k, lr, true, false), lr, b1, b2, eps),
                () -> OptimizerChecks.adamStep((x, g, m, v, k) -> { throw stub(); }, lr, b1, b2, eps),
                () -> OptimizerChecks.adamStep((x, g, m, v, k) -> x[10] = 1, lr, b1, b2, eps),
                wrong("no bias correction", (Supplier<Report>) () -> OptimizerChecks.adamStep((x, g, m, v, k) -> adam(x, g, m, v, k, lr, false, false), lr, b1, b2, eps),
                        "ε inside the square root", (Supplier<Report>) () -> OptimizerChecks.adamStep((x, g, m, v, k) -> adam(x, g, m, v, k, lr, true, true), lr, b1, b2, eps),
                        "k counted from 0", (Supplier<Report>) () -> OptimizerChecks.adamStep((x, g, m, v, k) -> adam(x, g, m, v, k - 1, lr, true, false), lr, b1, b2, eps))));
        c.put("OptimizerChecks.rawGradient", new Case(
                () -> OptimizerChecks.rawGradient((raw, g, nn) -> rawGrad(raw, g, nn, false, false)),
                () -> OptimizerChecks.rawGradient((raw, g, nn) -> { throw stub(); }),
                () -> OptimizerChecks.rawGradient((raw, g, nn) -> new double[] {raw[raw.length]}),
                wrong("softplus instead of sigmoid", (Supplier<Report>) () -> OptimizerChecks.rawGradient((raw, g, nn) -> rawGrad(raw, g, nn, true, false)),
                        "applied to every weight", (Supplier<Report>) () -> OptimizerChecks.rawGradient((raw, g, nn) -> rawGrad(raw, g, nn, false, true)),
                        "no chain rule", (Supplier<Report>) () -> OptimizerChecks.rawGradient((raw, g, nn) -> g.clone()))));
        c.put("OptimizerChecks.twoLoop", new Case(
                () -> OptimizerChecks.twoLoop((g, s, y) -> twoLoop(g, s, y, true, false)),
                () -> OptimizerChecks.twoLoop((g, s, y) -> { throw stub(); }),
                () -> OptimizerChecks.twoLoop((g, s, y) -> new double[] {s.get(0)[0]}),
                wrong("no γ scaling", (Supplier<Report>) () -> OptimizerChecks.twoLoop((g, s, y) -> twoLoop(g, s, y, false, false)),
                        "second loop newest first", (Supplier<Report>) () -> OptimizerChecks.twoLoop((g, s, y) -> twoLoop(g, s, y, true, true)),
                        "+H g (sign)", (Supplier<Report>) () -> OptimizerChecks.twoLoop((g, s, y) -> {
                            double[] d = twoLoop(g, s, y, true, false);
                            for (int i = 0; i < d.length; i++) d[i] = -d[i];
                            return d;
                        }))));
        c.put("SeparableChecks.reducedFunctional", new Case(
                () -> SeparableChecks.reducedFunctional((l, t, y) -> reduced(l, t, y, 0.5, false)),
                () -> SeparableChecks.reducedFunctional((l, t, y) -> { throw stub(); }),
                () -> SeparableChecks.reducedFunctional((l, t, y) -> l[7]),
                wrong("factor ½ missing", (Supplier<Report>) () -> SeparableChecks.reducedFunctional((l, t, y) -> reduced(l, t, y, 1, false)),
                        "c = Aᵀy instead of the least-squares solution", (Supplier<Report>) () -> SeparableChecks.reducedFunctional((l, t, y) -> reduced(l, t, y, 0.5, true)))));
        c.put("SeparableChecks.reducedGradient", new Case(
                () -> SeparableChecks.reducedGradient((l, t, y) -> reducedGrad(l, t, y, 1, true)),
                () -> SeparableChecks.reducedGradient((l, t, y) -> { throw stub(); }),
                () -> SeparableChecks.reducedGradient((l, t, y) -> new double[] {l[9]}),
                wrong("residual sign", (Supplier<Report>) () -> SeparableChecks.reducedGradient((l, t, y) -> reducedGrad(l, t, y, -1, true)),
                        "factor t missing", (Supplier<Report>) () -> SeparableChecks.reducedGradient((l, t, y) -> reducedGrad(l, t, y, 1, false)))));
        c.put("InnerChecks.gradient", new Case(
                () -> InnerChecks.gradient((p, w) -> gradJ(p, w, 1, true)),
                () -> InnerChecks.gradient((p, w) -> { throw stub(); }),
                () -> InnerChecks.gradient((p, w) -> p.G(p.samples())[0]),
                wrong("trace term sign", (Supplier<Report>) () -> InnerChecks.gradient((p, w) -> gradJ(p, w, -1, true)),
                        "1/N missing", (Supplier<Report>) () -> InnerChecks.gradient((p, w) -> gradJ(p, w, 1, false)))));
        c.put("InnerChecks.hessian", new Case(
                () -> InnerChecks.hessian((p, w) -> hessJ(p, w, 1, true)),
                () -> InnerChecks.hessian((p, w) -> { throw stub(); }),
                () -> InnerChecks.hessian((p, w) -> { throw new ArithmeticException("/ by zero"); }),
                wrong("trace term sign", (Supplier<Report>) () -> InnerChecks.hessian((p, w) -> hessJ(p, w, -1, true)),
                        "Gram part missing", (Supplier<Report>) () -> InnerChecks.hessian((p, w) -> hessJ(p, w, 1, false)))));
        c.put("InnerChecks.centeringStep", new Case(
                () -> InnerChecks.centeringStep((g, H, w, cons, t) -> newtonStep(g, H, w, cons, t, true, 1)),
                () -> InnerChecks.centeringStep((g, H, w, cons, t) -> { throw stub(); }),
                () -> InnerChecks.centeringStep((g, H, w, cons, t) -> new double[] {H[9][9]}),
                wrong("barrier terms missing", (Supplier<Report>) () -> InnerChecks.centeringStep((g, H, w, cons, t) -> newtonStep(g, H, w, cons, t, false, 1)),
                        "sign (ascent)", (Supplier<Report>) () -> InnerChecks.centeringStep((g, H, w, cons, t) -> newtonStep(g, H, w, cons, t, true, -1)))));
        c.put("InnerChecks.barrierRounds", new Case(
                () -> InnerChecks.barrierRounds((t0, cc, n, e) -> rounds(t0, cc, n, e, false, false)),
                () -> InnerChecks.barrierRounds((t0, cc, n, e) -> { throw stub(); }),
                () -> InnerChecks.barrierRounds((t0, cc, n, e) -> 1 / (n - n)),
                wrong("|C|/t ≤ ε₁ (boundary)", (Supplier<Report>) () -> InnerChecks.barrierRounds((t0, cc, n, e) -> rounds(t0, cc, n, e, true, false)),
                        "counts increases of t (off by one)", (Supplier<Report>) () -> InnerChecks.barrierRounds((t0, cc, n, e) -> rounds(t0, cc, n, e, false, true)))));
        c.put("InnerChecks.reducedObjective", new Case(
                () -> InnerChecks.reducedObjective((n, b, mu, g) -> reducedObjective(n, b, mu, g, true, true)),
                () -> InnerChecks.reducedObjective((n, b, mu, g) -> { throw stub(); }),
                () -> InnerChecks.reducedObjective((n, b, mu, g) -> { throw new IllegalArgumentException("bad"); }),
                wrong("w not re-solved", (Supplier<Report>) () -> InnerChecks.reducedObjective((n, b, mu, g) -> reducedObjective(n, b, mu, g, false, true)),
                        "effective instead of raw gradient", (Supplier<Report>) () -> InnerChecks.reducedObjective((n, b, mu, g) -> reducedObjective(n, b, mu, g, true, false)))));
        c.put("ResultsChecks.meanStd", new Case(
                () -> ResultsChecks.meanStd(v -> meanStd(v, true, true)),
                () -> ResultsChecks.meanStd(v -> { throw stub(); }),
                () -> ResultsChecks.meanStd(v -> new double[] {v[5]}),
                wrong("population std (n)", (Supplier<Report>) () -> ResultsChecks.meanStd(v -> meanStd(v, false, true)),
                        "0 for one seed", (Supplier<Report>) () -> ResultsChecks.meanStd(v -> meanStd(v, true, false)))));
        c.put("ResultsChecks.adamSteps", new Case(
                () -> ResultsChecks.adamSteps((budget, batch) -> (budget + batch - 1) / batch),
                () -> ResultsChecks.adamSteps((budget, batch) -> { throw stub(); }),
                () -> ResultsChecks.adamSteps((budget, batch) -> budget / (batch - batch)),
                wrong("rounded down", (Supplier<Report>) () -> ResultsChecks.adamSteps((budget, batch) -> budget / batch),
                        "rounded to nearest", (Supplier<Report>) () -> ResultsChecks.adamSteps((budget, batch) -> Math.round((double) budget / batch)))));
        c.put("FlowChecks.density", new Case(
                () -> FlowChecks.density((n, x) -> density(n, x, true, true)),
                () -> FlowChecks.density((n, x) -> { throw stub(); }),
                () -> FlowChecks.density((n, x) -> x[3]),
                wrong("det ∇²Φ missing", (Supplier<Report>) () -> FlowChecks.density((n, x) -> density(n, x, false, true)),
                        "1/(2π) missing", (Supplier<Report>) () -> FlowChecks.density((n, x) -> density(n, x, true, false)))));
        c.put("FlowChecks.newtonInverse", new Case(
                () -> FlowChecks.newtonInverse((n, z) -> invert(n, z, 1, true)),
                () -> FlowChecks.newtonInverse((n, z) -> { throw stub(); }),
                () -> FlowChecks.newtonInverse((n, z) -> { throw new IllegalStateException("no convergence"); }),
                wrong("Newton step sign", (Supplier<Report>) () -> FlowChecks.newtonInverse((n, z) -> invert(n, z, -1, true)),
                        "solves ∇Φ(x) = 0", (Supplier<Report>) () -> FlowChecks.newtonInverse((n, z) -> invert(n, z, 1, false)))));
        return c;
    }

    @TestFactory
    List<DynamicTest> everySelfCheck() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Case> e : cases().entrySet()) {
            Case c = e.getValue();
            tests.add(DynamicTest.dynamicTest(e.getKey() + ": correct answer passes", () -> {
                Report r = c.correct().get();
                assertTrue(r.passed(), r.toString());
                assertLines(r);
            }));
            tests.add(DynamicTest.dynamicTest(e.getKey() + ": stub is not attempted yet", () -> {
                Report r = c.stub().get();
                assertFalse(r.lines().isEmpty());
                for (Report.Line l : r.lines()) assertEquals(Report.Status.NOT_ATTEMPTED, l.status(), r.toString());
                assertTrue(r.toString().contains(": not attempted yet"), r.toString());
                assertLines(r);
            }));
            tests.add(DynamicTest.dynamicTest(e.getKey() + ": another exception is one line", () -> {
                Report r = c.crash().get();
                assertEquals(Report.Status.FAILED, r.status(), r.toString());
                assertTrue(r.toString().contains("FAILED - your code threw "), r.toString());
                assertLines(r);
            }));
            assertFalse(c.wrong().isEmpty(), e.getKey() + " has no wrong answer");
            for (Map.Entry<String, Supplier<Report>> w : c.wrong().entrySet()) {
                tests.add(DynamicTest.dynamicTest(e.getKey() + " fails on: " + w.getKey(), () -> {
                    Report r = w.getValue().get();
                    assertEquals(Report.Status.FAILED, r.status(), w.getKey() + " passed: " + r);
                    assertTrue(r.toString().contains(": FAILED - "), r.toString());
                    assertLines(r);
                    System.out.println("[self-check] " + e.getKey() + ", " + w.getKey() + " -> " + r);
                }));
            }
        }
        return tests;
    }

    /** Every line starts with "self-check " and is a single line (no stack trace). */
    static void assertLines(Report r) {
        for (String line : r.toString().split("\n")) {
            assertTrue(line.startsWith("self-check "), line);
            assertFalse(line.contains("\tat "), line);
        }
        assertEquals(r.lines().size(), r.toString().split("\n").length, r.toString());
    }

    /** Every public check of the package has a case here (so that a new check cannot go untested). */
    @Test
    void everyPublicCheckHasACase() {
        Set<String> publicChecks = new TreeSet<>();
        for (Class<?> cls : List.of(PotentialChecks.class, DerivativeChecks.class, OptimizerChecks.class, SeparableChecks.class,
                InnerChecks.class, ResultsChecks.class, FlowChecks.class)) {
            for (Method m : cls.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()) && m.getReturnType() == Report.class) {
                    publicChecks.add(cls.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertEquals(publicChecks, new TreeSet<>(cases().keySet()));
    }

    @Test
    void strictModeThrowsOnAReportThatDidNotPass() {
        System.setProperty("icnn.selfcheck.strict", "true");
        try {
            Report ok = new Report().passed("x", "fine").done();
            assertTrue(ok.passed());
            AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> new Report().notAttempted("y", "write it").done());
            assertTrue(e.getMessage().contains("self-check y: not attempted yet"), e.getMessage());
            assertEquals(0, e.getStackTrace().length);
        } finally {
            System.clearProperty("icnn.selfcheck.strict");
        }
    }
}
