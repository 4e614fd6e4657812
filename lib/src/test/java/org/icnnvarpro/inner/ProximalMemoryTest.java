package org.icnnvarpro.inner;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.icnnvarpro.check.TaylorCheck;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The slimTrain-like inner problem: the proximal term (λ/2)‖v − c‖² and features stacked from several batches. */
class ProximalMemoryTest {
    static final double LAMBDA = 0.7;

    /** Taylor tests of J + (λ/2)‖v − c‖²: value against the gradient, gradient against the Hessian (ratio 4 when h halves). */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void taylorTestsOfTheProximalGradientAndHessian(boolean quadratic) {
        for (int d : new int[] {1, 2, 3}) {
            Icnn net = InnerProblemTest.net(d, quadratic, 40 + d);
            Samples x = Datasets.gaussian(120, new double[d], 1.0, 8);
            InnerProblem p = InnerProblem.of(net, x).proximal(LAMBDA, InnerProblemTest.randomLast(net, 77));
            int n = p.size();
            double[] v = p.fromFull(InnerProblemTest.randomLast(net, 3));
            double[] g = new double[n], h = new double[n * n];
            p.valueGradientHessian(v, g, h);
            double[] dir = TaylorCheck.randomDirection(n, 10);
            for (int i = 0; i < n; i++) dir[i] *= 0.05;
            double gd = 0;
            double[] hd = new double[n];
            for (int i = 0; i < n; i++) {
                gd += g[i] * dir[i];
                for (int k = 0; k < n; k++) hd[i] += h[i * n + k] * dir[k];
            }
            TaylorCheck.Table tj = TaylorCheck.run("J + prox, d=" + d, w -> new double[] {p.value(w)}, v, dir, new double[] {gd}, 1.0, 8);
            TaylorCheck.Table tg = TaylorCheck.run("∇(J + prox), d=" + d, w -> {
                double[] gg = new double[n];
                p.valueGradient(w, gg);
                return gg;
            }, v, dir, hd, 1.0, 8);
            assertTrue(tj.ratiosNear(4, 0.5), tj.toString());
            assertTrue(tg.ratiosNear(4, 0.5), tg.toString());
        }
    }

    /** The term adds exactly (λ/2)‖v − c‖², λ(v − c) and λI (closed form), and λ = 0 gives back the plain problem bit for bit. */
    @Test
    void theTermIsTheClosedFormAndZeroRemovesIt() {
        Icnn net = InnerProblemTest.net(2, false, 5);
        Samples x = Datasets.moons(200, 0.05, 4);
        double[] center = InnerProblemTest.randomLast(net, 9);
        InnerProblem plain = InnerProblem.of(net, x), prox = InnerProblem.of(net, x).proximal(LAMBDA, center);
        int n = plain.size();
        double[] v = plain.fromFull(InnerProblemTest.randomLast(net, 2)), c = plain.fromFull(center);
        double[] g0 = new double[n], h0 = new double[n * n], g1 = new double[n], h1 = new double[n * n];
        double j0 = plain.valueGradientHessian(v, g0, h0), j1 = prox.valueGradientHessian(v, g1, h1);
        double sq = 0;
        for (int i = 0; i < n; i++) sq += (v[i] - c[i]) * (v[i] - c[i]);
        assertEquals(j0 + 0.5 * LAMBDA * sq, j1, 1e-12 * Math.abs(j1));
        for (int i = 0; i < n; i++) {
            assertEquals(g0[i] + LAMBDA * (v[i] - c[i]), g1[i], 1e-12 * (1 + Math.abs(g1[i])), "gradient " + i);
            for (int k = 0; k < n; k++) assertEquals(h0[i * n + k] + (i == k ? LAMBDA : 0), h1[i * n + k], 1e-12 * (1 + Math.abs(h1[i * n + k])));
        }
        prox.proximal(0, center);
        double[] g2 = new double[n], h2 = new double[n * n];
        assertEquals(j0, prox.valueGradientHessian(v, g2, h2), 0.0);
        assertArrayEquals(g0, g2, 0.0);
        assertArrayEquals(h0, h2, 0.0);
        assertEquals("proximal weight must be >= 0 and finite, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> plain.proximal(-1, center)).getMessage());
    }

    /** With the term, evaluations on a line (the solvers' line searches) agree with direct ones. */
    @Test
    void lineEvaluationsIncludeTheTerm() {
        Icnn net = InnerProblemTest.net(2, true, 6);
        Samples x = Datasets.moons(150, 0.05, 5);
        InnerProblem p = InnerProblem.of(net, x).proximal(LAMBDA, InnerProblemTest.randomLast(net, 8));
        int n = p.size();
        double[] v = p.fromFull(InnerProblemTest.randomLast(net, 4));
        double[] dir = TaylorCheck.randomDirection(n, 2);
        for (int i = 0; i < n; i++) dir[i] *= 0.05;
        p.setLine(v, dir);
        for (double s : new double[] {0, 0.5, 1}) {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) w[i] = v[i] + s * dir[i];
            double[] g = new double[n], h = new double[n * n], gl = new double[n], hl = new double[n * n];
            double j = p.valueGradientHessian(w, g, h);
            assertEquals(j, p.valueOnLine(s), 1e-12 * Math.max(1, Math.abs(j)), "s = " + s);
            assertEquals(j, p.valueGradientHessianOnLine(s, gl, hl), 1e-12 * Math.max(1, Math.abs(j)));
            assertArrayEquals(g, gl, 1e-11);
            for (int i = 0; i < n * n; i++) assertEquals(h[i], hl[i], 1e-11 * (1 + Math.abs(h[i])));
        }
    }

    /** The problem of stacked features is the problem of the union of the batches (same network). */
    @Test
    void stackedFeaturesAreTheUnionOfTheBatches() {
        Icnn net = InnerProblemTest.net(2, false, 12);
        Samples a = Datasets.moons(100, 0.05, 1), b = Datasets.moons(60, 0.05, 2);
        double[] ab = new double[(a.size() + b.size()) * 2];
        System.arraycopy(a.data(), 0, ab, 0, a.data().length);
        System.arraycopy(b.data(), 0, ab, a.data().length, b.data().length);
        try (BatchDerivatives engine = new BatchDerivatives(1, BatchDerivatives.DEFAULT_CHUNK)) {
            InnerProblem stacked = InnerProblem.of(List.of(engine.features(net, a), engine.features(net, b)), false);
            InnerProblem union = InnerProblem.of(engine, net, Samples.wrap(a.size() + b.size(), 2, ab));
            assertEquals(union.samples(), stacked.samples());
            int n = union.size();
            double[] v = union.fromFull(InnerProblemTest.randomLast(net, 5));
            double[] g0 = new double[n], g1 = new double[n];
            double j0 = union.valueGradient(v, g0), j1 = stacked.valueGradient(v, g1);
            assertEquals(j0, j1, 1e-12 * Math.abs(j0));
            assertArrayEquals(g0, g1, 1e-11);
        }
    }
}
