package org.icnnvarpro.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.flow.GeneratorResult.Status;
import org.icnnvarpro.model.Activation;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeneratorTest {

    /** max_j ‖∇Φ(x_j) − z_j‖_∞ by an evaluation independent of the solver's own bookkeeping. */
    static double maxForwardError(Icnn net, Samples x, Samples z) {
        BatchDerivatives.Evaluation ev;
        try (BatchDerivatives engine = new BatchDerivatives(1, 64)) {
            ev = engine.evaluate(net, x);
        }
        double m = 0;
        for (int i = 0; i < x.size() * x.dim(); i++) m = Math.max(m, Math.abs(ev.gradient[i] - z.data()[i]));
        return m;
    }

    @ParameterizedTest
    @CsvSource({"1, SOFTPLUS, 1.0", "2, SOFTPLUS, 0.1", "3, SOFTPLUS, 0.05", "5, SOFTPLUS, 0.5",
            "1, SMOOTH_RELU, 0.2", "2, SMOOTH_RELU, 0.05", "3, SMOOTH_RELU, 1.0", "5, SMOOTH_RELU, 0.1"})
    void gradientOfGeneratedSampleIsReference(int d, Activation act, double wq) {
        Icnn net = FlowTestModels.random(d, act, wq, 10 + d);
        Samples z = Datasets.gaussian(500, new double[d], 2.0, 5 + d);
        GeneratorResult res = new Generator(net).apply(z);
        assertTrue(res.allConverged(), res.summary());
        double err = maxForwardError(net, res.converged(), z);
        System.out.printf("d=%d %s w_q=%.2f: max |grad Phi(x) - z| = %.2e; %s%n", d, act, wq, err, res.summary());
        assertTrue(err <= 1e-10, "max error " + err);
        assertTrue(res.maxIterationsConverged() <= 30, res.summary());
        // the certified bound ‖x − x*‖ ≤ ‖r‖/w_q is tiny
        for (int j = 0; j < z.size(); j++) assertTrue(res.errorBound(j) <= 1e-9, "bound " + res.errorBound(j));
        assertArrayEquals(z.data(), res.convergedReference().data());
    }

    @Test
    void recoversKnownPreimages() {
        // x → z = ∇Φ(x) → x again; Φ strictly convex so the preimage is unique
        Icnn net = FlowTestModels.random(2, Activation.SOFTPLUS, 0.05, 3);
        Samples x = Datasets.gaussian(300, new double[] {0.5, -1}, 3.0, 9);
        Samples z;
        try (BatchDerivatives engine = new BatchDerivatives()) {
            z = Samples.wrap(x.size(), 2, engine.evaluate(net, x).gradient);
        }
        GeneratorResult res = new Generator(net).apply(z);
        assertTrue(res.allConverged(), res.summary());
        double m = 0;
        for (int i = 0; i < x.data().length; i++) m = Math.max(m, Math.abs(res.converged().data()[i] - x.data()[i]));
        assertTrue(m < 1e-9, "max |x - x_true| = " + m);
    }

    @Test
    void thesisModelReportsReferenceSamplesOutsideTheRange() {
        Icnn net = FlowTestModels.random(2, Activation.SOFTPLUS, 0.0, 4);
        assertEquals(0.0, net.wq());
        // in range by construction: z = ∇Φ(x)
        Samples xs = Datasets.gaussian(50, new double[2], 1.5, 2);
        double[] inRange;
        try (BatchDerivatives engine = new BatchDerivatives()) {
            inRange = engine.evaluate(net, xs).gradient;
        }
        // ‖z‖ = 50: far outside the bounded range of ∇Φ (|∂Φ/∂x_a| ≤ |w_x| + Σ w_u |J| ≪ 50 here)
        Random rng = new Random(1);
        double[] far = new double[2 * 20];
        for (int j = 0; j < 20; j++) {
            double t = 2 * Math.PI * rng.nextDouble();
            far[2 * j] = 50 * Math.cos(t);
            far[2 * j + 1] = 50 * Math.sin(t);
        }
        // interleave: even indices in range, odd ones far
        double[] all = new double[2 * 70];
        int[] farIdx = new int[20];
        for (int j = 0, a = 0, b = 0; j < 70; j++) {
            boolean isFar = j % 2 == 1 && b < 20;
            if (isFar) farIdx[b] = j;
            System.arraycopy(isFar ? far : inRange, 2 * (isFar ? b++ : a++), all, 2 * j, 2);
        }
        Samples z = Samples.wrap(70, 2, all);
        GeneratorResult res = new Generator(net).apply(z);
        System.out.println("thesis model: " + res.summary());
        assertArrayEquals(farIdx, res.notConvergedIndices(), res.summary());
        assertEquals(50, res.convergedCount());
        for (int j : farIdx) {
            assertFalse(res.status(j).converged());
            assertTrue(res.residual(j) > 1, "residual of a far sample " + res.residual(j));
        }
        assertTrue(res.statusCounts().containsKey(Status.DIVERGED), res.summary());
        assertTrue(maxForwardError(net, res.converged(), res.convergedReference()) <= 1e-10);
        assertEquals(50, res.converged().size());
        assertArrayEquals(z.select(farIdx).data(), res.notConvergedReference().data());
        IllegalStateException e = assertThrows(IllegalStateException.class, res::requireAllConverged);
        assertTrue(e.getMessage().contains("20 did not"), e.getMessage());
    }

    @Test
    void closedFormWithoutNetworkTerm() {
        // Φ = ½ w_q‖x‖² + w_x·x  ⇒  x = (z − w_x)/w_q
        Icnn net = Icnn.builder(3).hidden(8).quadratic(true).seed(2).build();
        double wq = 0.37;
        double[] wx = {0.4, -1.3, 2.0};
        double[] last = new double[net.lastSize()];
        System.arraycopy(wx, 0, last, 8, 3);
        last[11] = wq;
        net.setLast(last);
        Samples z = Datasets.gaussian(40, new double[3], 1.0, 1);
        double[] expected = new double[z.data().length];
        for (int i = 0; i < expected.length; i++) expected[i] = (z.data()[i] - wx[i % 3]) / wq;
        // default start is exact already
        GeneratorResult res = new Generator(net).apply(z);
        assertTrue(res.allConverged());
        assertEquals(0, res.maxIterationsConverged());
        assertArrayEquals(expected, res.converged().data(), 1e-12);
        // from z, one Newton step solves a quadratic
        GeneratorResult fromZ = new Generator(net).apply(z, z);
        assertTrue(fromZ.allConverged());
        assertTrue(fromZ.maxIterationsConverged() <= 2, fromZ.summary());
        assertArrayEquals(expected, fromZ.converged().data(), 1e-12);
    }

    @Test
    void iterationLimitIsReportedNotHidden() {
        Icnn net = FlowTestModels.random(2, Activation.SOFTPLUS, 0.05, 8);
        Samples z = Datasets.gaussian(30, new double[2], 2.0, 3);
        GeneratorResult res = new Generator(net).maxIterations(1).apply(z);
        assertTrue(res.notConvergedCount() > 0, res.summary());
        for (int j : res.notConvergedIndices()) {
            assertEquals(Status.MAX_ITERATIONS, res.status(j));
            assertTrue(res.residual(j) > res.tolerance(j));
        }
        assertEquals(res.convergedCount(), res.converged().size());
    }

    @Test
    void deterministicAndIndependentOfThreads() {
        Icnn net = FlowTestModels.random(2, Activation.SMOOTH_RELU, 0.1, 5);
        Samples z = Datasets.gaussian(700, new double[2], 1.0, 4);
        GeneratorResult a = new Generator(net).threads(1).apply(z);
        GeneratorResult b = new Generator(net).threads(2).apply(z);
        assertArrayEquals(a.converged().data(), b.converged().data(), 0.0);
    }

    @Test
    void badInputIsRejected() {
        Icnn net = Icnn.builder(2).hidden(4).seed(1).build();
        Generator g = new Generator(net);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.apply(Datasets.gaussian(3, new double[3], 1.0, 1)));
        assertTrue(e.getMessage().contains("dimension 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.tolerance(0));
        assertThrows(IllegalArgumentException.class, () -> g.maxIterations(-1));
        assertThrows(IllegalArgumentException.class,
                () -> g.apply(Datasets.gaussian(3, new double[2], 1.0, 1), Datasets.gaussian(2, new double[2], 1.0, 1)));
        Icnn broken = net.copy();
        broken.weights()[broken.offsetWu()] = -1;
        assertThrows(IllegalArgumentException.class, () -> new Generator(broken));
        assertEquals(0, g.apply(Samples.wrap(0, 2, new double[0])).size());
        assertTrue(Arrays.equals(new int[0], g.apply(Samples.wrap(0, 2, new double[0])).notConvergedIndices()));
    }
}
