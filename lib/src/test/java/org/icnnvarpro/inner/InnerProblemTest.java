package org.icnnvarpro.inner;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.icnnvarpro.check.TaylorCheck;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.Icnn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InnerProblemTest {

    static Icnn net(int d, boolean quadratic, long seed) {
        return Icnn.builder(d).hidden(8, 6).quadratic(quadratic).seed(seed).build();
    }

    /** A random strictly feasible w (full layout): w_u ∈ (0.05, 0.5), w_x ~ ±0.5, w_q ∈ (0.5, 1.5) or 0. */
    static double[] randomLast(Icnn net, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int M = net.lastSize(), mu = net.width(net.depth() - 1), d = net.inputDim();
        double[] w = new double[M];
        for (int k = 0; k < mu; k++) w[k] = 0.05 + 0.45 * r.nextDouble();
        for (int a = 0; a < d; a++) w[mu + a] = r.nextDouble() - 0.5;
        w[M - 1] = net.quadratic() ? 0.5 + r.nextDouble() : 0.0;
        return w;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void valueAndGradientAgreeWithTheModelsLoss(boolean quadratic) {
        for (int d : new int[] {1, 2, 3}) {
            Icnn net = net(d, quadratic, 7 + d);
            Samples x = Datasets.gaussian(200, new double[d], 1.0, 3);
            InnerProblem p = InnerProblem.of(net, x);
            assertEquals(quadratic ? net.lastSize() : net.lastSize() - 1, p.size());
            double[] w = randomLast(net, 11);
            double[] v = p.fromFull(w);
            double[] g = new double[p.size()];
            double j = p.valueGradient(v, g);

            net.setLast(w);
            SaaLoss loss = new SaaLoss();
            double[] full = new double[net.size()];
            double ref = loss.valueAndGradient(net, x, full);
            assertEquals(ref, j, 1e-11 * Math.max(1, Math.abs(ref)), "J, d = " + d);
            assertEquals(ref, p.value(v), 1e-11 * Math.max(1, Math.abs(ref)));
            for (int i = 0; i < p.size(); i++) {
                double gr = full[net.offsetWu() + p.column(i)];
                assertEquals(gr, g[i], 1e-10 * Math.max(1, Math.abs(gr)), "∂J/∂w_" + p.column(i) + ", d = " + d);
            }
            double[] h = new double[p.size() * p.size()];
            double[] g2 = new double[p.size()];
            assertEquals(j, p.valueGradientHessian(v, g2, h), 0.0);
            assertArrayEquals(g, g2, 1e-14);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void taylorTestsOfGradientAndHessian(boolean quadratic) {
        for (int d : new int[] {1, 2, 4}) {
            Icnn net = net(d, quadratic, 20 + d);
            Samples x = Datasets.gaussian(128, new double[d], 1.0, 5);
            InnerProblem p = InnerProblem.of(net, x);
            int P = p.size();
            double[] v = p.fromFull(randomLast(net, 3));
            double[] h = assertTaylorRatios("d=" + d, p, v, 9);
            // the Hessian is symmetric
            for (int i = 0; i < P; i++) for (int k = 0; k < i; k++) assertEquals(h[i * P + k], h[k * P + i], 1e-12 * (1 + Math.abs(h[i * P + k])));
        }
    }

    /**
     * Taylor tests at {@code v} along a seeded direction: {@code J} against its gradient and the
     * gradient against the Hessian (ratios ≈ 4 when h halves). Returns the Hessian at {@code v}.
     */
    static double[] assertTaylorRatios(String name, InnerProblem p, double[] v, long dirSeed) {
        int P = p.size();
        double[] g = new double[P], h = new double[P * P];
        p.valueGradientHessian(v, g, h);
        double[] dir = TaylorCheck.randomDirection(P, dirSeed);
        for (int i = 0; i < P; i++) dir[i] *= 0.05;   // small enough to stay feasible for h ≤ 1
        double gd = 0;
        double[] hd = new double[P];
        for (int i = 0; i < P; i++) {
            gd += g[i] * dir[i];
            for (int k = 0; k < P; k++) hd[i] += h[i * P + k] * dir[k];
        }
        TaylorCheck.Table tj = TaylorCheck.run("J, " + name, w -> new double[] {p.value(w)}, v, dir, new double[] {gd}, 1.0, 8);
        TaylorCheck.Table tg = TaylorCheck.run("∇J, " + name, w -> {
            double[] gg = new double[P];
            p.valueGradient(w, gg);
            return gg;
        }, v, dir, hd, 1.0, 8);
        assertTrue(tj.ratiosNear(4, 0.5), tj.toString());
        assertTrue(tg.ratiosNear(4, 0.5), tg.toString());
        return h;
    }

    /**
     * Evaluations on a line (S_j(v) + s·S_j(dir)) agree with direct evaluations at v + s·dir, also
     * with a proximal term (λ/2)‖v − c‖² (the solvers' line searches see it too).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void lineEvaluationsAgreeWithDirectOnes(boolean quadratic) {
        for (int d : new int[] {1, 2, 3}) for (double lambda : new double[] {0, 0.7}) {
            Icnn net = net(d, quadratic, 30 + d);
            Samples x = Datasets.gaussian(150, new double[d], 1.0, 6);
            InnerProblem p = InnerProblem.of(net, x).proximal(lambda, randomLast(net, 8));
            int P = p.size();
            double[] v = p.fromFull(randomLast(net, 4));
            double[] dir = TaylorCheck.randomDirection(P, 2);
            for (int i = 0; i < P; i++) dir[i] *= 0.05;
            p.setLine(v, dir);
            for (double s : new double[] {0, 0.5, 1}) {
                double[] w = new double[P];
                for (int i = 0; i < P; i++) w[i] = v[i] + s * dir[i];
                double[] g = new double[P], h = new double[P * P], gl = new double[P], hl = new double[P * P];
                double j = p.valueGradientHessian(w, g, h);
                assertEquals(j, p.valueOnLine(s), 1e-13 * Math.max(1, Math.abs(j)), "J on the line, d = " + d + ", s = " + s);
                assertEquals(j, p.valueGradientOnLine(s, gl), 1e-13 * Math.max(1, Math.abs(j)));
                assertArrayEquals(g, gl, 1e-11);
                assertEquals(j, p.valueGradientHessianOnLine(s, gl, hl), 1e-13 * Math.max(1, Math.abs(j)));
                for (int i = 0; i < P * P; i++) assertEquals(h[i], hl[i], 1e-11 * (1 + Math.abs(h[i])), "Hessian entry " + i);
            }
        }
        // infeasible along the line: +∞ (never NaN)
        Icnn net = net(2, true, 5);
        InnerProblem p = InnerProblem.of(net, Datasets.moons(50, 0.05, 3));
        double[] v = p.fromFull(randomLast(net, 6)), dir = new double[p.size()];
        for (int i = 0; i < dir.length; i++) if (p.isConstrained(i)) dir[i] = -10 * v[i];
        p.setLine(v, dir);
        assertEquals(Double.POSITIVE_INFINITY, p.valueOnLine(1.0));
    }

    /** Independent trace formula per sample with full d×d matrices and an explicit inverse (d = 2). */
    @Test
    void hessianMatchesDirectTraceFormula() {
        Icnn net = net(2, true, 4);
        Samples x = Datasets.moons(50, 0.05, 2);
        InnerProblem p = InnerProblem.of(net, x);
        var f = new org.icnnvarpro.model.BatchDerivatives().features(net, x);
        int P = p.size(), M = f.m;
        double[] w = randomLast(net, 5);
        double[] v = p.fromFull(w);
        double[] g = new double[P], h = new double[P * P];
        p.valueGradientHessian(v, g, h);
        double[][] ref = new double[M][M];
        for (int j = 0; j < f.n; j++) {
            double[][][] Hk = new double[M][2][2];
            double[][] S = new double[2][2];
            for (int k = 0; k < M; k++) {
                Hk[k][0][0] = f.H[(j * 3) * M + k];
                Hk[k][0][1] = Hk[k][1][0] = f.H[(j * 3 + 1) * M + k];
                Hk[k][1][1] = f.H[(j * 3 + 2) * M + k];
                for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) S[a][b] += w[k] * Hk[k][a][b];
            }
            double det = S[0][0] * S[1][1] - S[0][1] * S[1][0];
            double[][] Si = {{S[1][1] / det, -S[0][1] / det}, {-S[1][0] / det, S[0][0] / det}};
            for (int k = 0; k < M; k++) for (int l = 0; l < M; l++) {
                double[][] A = mul(Si, Hk[k]), B = mul(Si, Hk[l]);
                double tr = 0;
                for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) tr += A[a][b] * B[b][a];
                double gg = 0;
                for (int a = 0; a < 2; a++) gg += f.G[(j * 2 + a) * M + k] * f.G[(j * 2 + a) * M + l];
                ref[k][l] += (gg + tr) / f.n;
            }
        }
        for (int i = 0; i < P; i++) for (int k = 0; k < P; k++)
            assertEquals(ref[p.column(i)][p.column(k)], h[i * P + k], 1e-10 * (1 + Math.abs(ref[i][k])));
    }

    private static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[2][2];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int k = 0; k < 2; k++) c[i][j] += a[i][k] * b[k][j];
        return c;
    }

    /**
     * A problem built on a previous problem's buffers (as training does) equals one built fresh, bit
     * for bit: value, gradient, Hessian, values on a line and a barrier solve, over a sequence of
     * hidden weights with a change of batch size (new buffers) in the middle.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void recycledBuffersGiveTheSameBits(boolean quadratic) {
        Icnn net = Icnn.builder(2).hidden(8, 12, 6).quadratic(quadratic).seed(5).build();
        double[] mu = net.hiddenRaw();
        SplittableRandom r = new SplittableRandom(9);
        InnerProblem previous = null;
        try (org.icnnvarpro.model.BatchDerivatives engine = new org.icnnvarpro.model.BatchDerivatives(1, 64)) {
            for (int step = 0; step < 6; step++) {
                Samples x = Datasets.moons(step == 3 ? 150 : 130, 0.05, 1 + step % 2);
                double[] m = mu.clone();
                for (int i = 0; i < m.length; i++) m[i] += 0.05 * (r.nextDouble() - 0.5);
                net.setHiddenRaw(m);
                InnerProblem fresh = InnerProblem.of(engine, net, x);
                InnerProblem reused = InnerProblem.of(engine, net, x, previous);
                previous = reused;
                int P = fresh.size();
                double[] v = fresh.fromFull(randomLast(net, 40 + step)), dir = new double[P];
                for (int i = 0; i < P; i++) dir[i] = 0.01 * (r.nextDouble() - 0.5);
                double[] g1 = new double[P], g2 = new double[P], h1 = new double[P * P], h2 = new double[P * P];
                assertEquals(Double.doubleToLongBits(fresh.valueGradientHessian(v, g1, h1)),
                        Double.doubleToLongBits(reused.valueGradientHessian(v, g2, h2)), "value, step " + step);
                assertArrayEquals(g1, g2, 0.0, "gradient, step " + step);
                assertArrayEquals(h1, h2, 0.0, "Hessian, step " + step);
                fresh.setLine(v, dir);
                reused.setLine(v, dir);
                assertEquals(Double.doubleToLongBits(fresh.valueGradientOnLine(0.5, g1)),
                        Double.doubleToLongBits(reused.valueGradientOnLine(0.5, g2)), "line, step " + step);
                double[] w0 = net.last();
                assertArrayEquals(new BarrierNewton().solve(fresh, w0).w(), new BarrierNewton().solve(reused, w0).w(), 0.0,
                        "barrier solution, step " + step);
            }
        }
    }

    @Test
    void infeasiblePointsGiveInfinityNotNaN() {
        Icnn net = net(2, false, 1);
        Samples x = Datasets.moons(64, 0.05, 1);
        InnerProblem p = InnerProblem.of(net, x);
        double[] v = new double[p.size()];   // w_u = 0, thesis mode: S = 0
        assertEquals(Double.POSITIVE_INFINITY, p.value(v));
        assertEquals(Double.POSITIVE_INFINITY, p.valueGradientHessian(v, new double[p.size()], new double[p.size() * p.size()]));
        assertEquals(0, p.firstNotPositiveDefinite(v));
        v[0] = -1;
        Arrays.fill(v, 1, 8, 0.1);
        assertEquals(Double.POSITIVE_INFINITY, p.value(v));
        v[0] = Double.NaN;
        assertEquals(Double.POSITIVE_INFINITY, p.value(v));
    }

    @Test
    void nonFiniteFeaturesAreNamedAndHugeOnesAreNot() {
        // n = 3 samples, d = 1 (t = 1), m = 3 columns; column 1 is linear (zero Hessians)
        double[] G = {1, 1, 0, 2, 1, 0, 3, 1, 0}, H = {1, 0, 2, 3, 0, 1, 2, 0, 1};
        boolean[] cons = {true, false, true}, keep = {true, true, true};
        double[] g = G.clone();
        g[4] = Double.POSITIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InnerProblem.fromArrays(3, 1, 3, g, H, cons, keep));
        assertEquals("feature gradients contain Infinity", e.getMessage());
        double[] h = H.clone();
        h[8] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> InnerProblem.fromArrays(3, 1, 3, G, h, cons, keep));
        assertEquals("feature Hessians contain NaN", e.getMessage());
        // finite entries whose column sums overflow are accepted, and column 0 stays curved
        double[] big = H.clone();
        big[0] = big[3] = big[6] = 1e308;
        InnerProblem p = InnerProblem.fromArrays(3, 1, 3, G, big, cons, keep);
        double[] v = {1, 0, 0};   // S_j = 1e308 for every sample: finite J
        assertTrue(Double.isFinite(p.value(v)), "J = " + p.value(v));
        // a column of subnormal Hessians is curved too: S_j = 1e-320·v_0 ≠ 0
        double[] tiny = H.clone();
        tiny[0] = tiny[3] = tiny[6] = 1e-320;
        tiny[2] = tiny[5] = tiny[8] = 0;
        double[] w = {1, 0, 0};
        assertTrue(Double.isFinite(InnerProblem.fromArrays(3, 1, 3, G, tiny, cons, keep).value(w)));
        w[0] = 0;
        assertEquals(Double.POSITIVE_INFINITY, InnerProblem.fromArrays(3, 1, 3, G, tiny, cons, keep).value(w));
    }

    @Test
    void layoutOfThesisAndQuadraticModes() {
        Samples x = Datasets.moons(16, 0.05, 1);
        InnerProblem q = InnerProblem.of(net(2, true, 1), x);
        InnerProblem th = InnerProblem.of(net(2, false, 1), x);
        assertEquals(9, q.size());
        assertEquals(9, q.fullSize());
        assertEquals(7, q.constraintCount());
        assertEquals(8, th.size());
        assertEquals(6, th.constraintCount());
        assertTrue(q.isConstrained(8) && !q.isConstrained(6) && !q.isConstrained(7) && q.isConstrained(0));
        double[] w = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertArrayEquals(w, q.toFull(q.fromFull(w)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> th.fromFull(w));
        assertTrue(e.getMessage().contains("w_q in thesis mode"), e.getMessage());
        w[8] = 0;
        assertArrayEquals(w, th.toFull(th.fromFull(w)));
    }
}
