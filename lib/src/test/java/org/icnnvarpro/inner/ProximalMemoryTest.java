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
            InnerProblemTest.assertTaylorRatios("with the proximal term, d=" + d, p, p.fromFull(InnerProblemTest.randomLast(net, 3)), 10);
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
