package org.icnnvarpro.optim;

import static org.icnnvarpro.optim.TestFunctions.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.*;

import org.icnnvarpro.optim.TestFunctions.Counting;
import org.icnnvarpro.optim.TestFunctions.Quadratic;
import org.icnnvarpro.optim.TestFunctions.Rosenbrock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdamTest {

    @Test
    void firstStepsMatchAHandComputedUpdate() {
        Adam adam = new Adam().withLearningRate(0.1);
        double[] x = {1.0, -2.0};
        // step 1, g = (0.5, −3): m = 0.1 g, v = 0.001 g², m̂ = g, v̂ = g², so x −= 0.1 g/(|g| + 1e-8)
        adam.step(x, new double[] {0.5, -3.0});
        double e0 = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8);
        double e1 = -2.0 + 0.1 * 3.0 / (3.0 + 1e-8);
        assertEquals(e0, x[0], 1e-15);
        assertEquals(e1, x[1], 1e-15);
        assertEquals(0.9000000020, x[0], 1e-10);    // literal: 1 − 0.1·(1 − 2e-8)
        assertEquals(-1.9000000003, x[1], 1e-10);
        // step 2, g = (1, 1):  m = 0.9·0.1 g₁ + 0.1 g₂,  v = 0.999·0.001 g₁² + 0.001 g₂²
        adam.step(x, new double[] {1.0, 1.0});
        double m0 = 0.9 * 0.05 + 0.1, v0 = 0.999 * 0.001 * 0.25 + 0.001;
        double m1 = 0.9 * -0.3 + 0.1, v1 = 0.999 * 0.001 * 9 + 0.001;
        double bc1 = 1 - 0.81, bc2 = 1 - 0.999 * 0.999;
        double x0 = e0 - 0.1 * (m0 / bc1) / (Math.sqrt(v0 / bc2) + 1e-8);
        double x1 = e1 - 0.1 * (m1 / bc1) / (Math.sqrt(v1 / bc2) + 1e-8);
        assertEquals(x0, x[0], 1e-15);
        assertEquals(x1, x[1], 1e-15);
        // for x[1] the momentum m = −0.17 still follows the first, larger negative gradient
        assertTrue(x[1] > e1);
        assertEquals(2, adam.steps());
    }

    /**
     * With a constant learning rate Adam ends in a small limit cycle whose size scales with α, so
     * 1e-4 accuracy needs a small α (measured worst error over the 5 seeds: about 2e-5).
     */
    @ParameterizedTest
    @ValueSource(ints = {5, 50})
    void quadraticConvergesToTheSolutionOfTheLinearSystem(int n) {
        for (long seed = 1; seed <= 5; seed++) {
            Quadratic q = Quadratic.random(n, seed, false);
            Adam.Result r = new Adam().withLearningRate(5e-4).minimize(q, new double[n], 40000);
            assertEquals(0, maxAbsDiff(r.x(), q.minimizer()), 1e-4, "seed " + seed);
        }
    }

    @Test
    void rosenbrockDecreasesSubstantiallyWithTheThesisLearningRate() {
        Rosenbrock f = new Rosenbrock(2);
        double[] x0 = {-1.2, 1.0};
        double f0 = f.valueAndGradient(x0, new double[2]);   // 24.2
        Adam.Result r = new Adam().minimize(f, x0, 5000);
        assertTrue(r.value() < 1e-6 * f0, "f = " + r.value());
        assertEquals(0, maxAbsDiff(r.x(), new double[] {1, 1}), 1e-3);

        Adam.Result r10 = new Adam().minimize(new Rosenbrock(10), new double[10], 5000);  // f(0) = 9
        assertTrue(r10.value() < 1e-4, "f = " + r10.value());
    }

    @Test
    void nonFiniteGradientIsRejectedAndLeavesEverythingUnchanged() {
        Adam adam = new Adam();
        double[] x = {1, 2, 3};
        adam.step(x, new double[] {0.1, 0.2, 0.3});
        double[] before = x.clone();
        OptimizationException e = assertThrows(OptimizationException.class,
                () -> adam.step(x, new double[] {0.1, Double.NaN, 0.3}));
        assertTrue(e.getMessage().contains("gradient entry 1") && e.getMessage().contains("NaN"), e.getMessage());
        assertArrayEquals(before, x, 0.0);
        assertEquals(1, adam.steps());
        assertThrows(OptimizationException.class, () -> adam.step(x, new double[] {Double.NEGATIVE_INFINITY, 0, 0}));

        // the state is untouched too: continuing matches an optimizer that never saw the bad gradient
        Adam clean = new Adam();
        double[] y = {1, 2, 3};
        clean.step(y, new double[] {0.1, 0.2, 0.3});
        adam.step(x, new double[] {-1, 0.5, 2});
        clean.step(y, new double[] {-1, 0.5, 2});
        assertArrayEquals(y, x, 0.0);
    }

    @Test
    void resetStartsOverAndIsEquivalentToAFreshOptimizer() {
        Adam used = new Adam();
        double[] x = {1, 1};
        for (int k = 0; k < 5; k++) used.step(x, new double[] {k, -k});
        used.reset();
        assertEquals(0, used.steps());
        double[] a = {0.5, -0.5};
        double[] b = a.clone();
        Adam fresh = new Adam();
        for (int k = 0; k < 3; k++) {
            used.step(a, new double[] {a[0], 2 * a[1]});
            fresh.step(b, new double[] {b[0], 2 * b[1]});
        }
        assertArrayEquals(b, a, 0.0);
        // after reset the dimension may change
        used.reset();
        used.step(new double[4], new double[] {1, 2, 3, 4});
    }

    @Test
    void minimizeCountsEvaluationsAndLeavesInputsAlone() {
        Counting f = new Counting(new Rosenbrock(3));
        double[] x0 = {0, 0, 0};
        Adam adam = new Adam();
        Adam.Result r = adam.minimize(f, x0, 100);
        assertEquals(101, r.evaluations());
        assertEquals(f.count, r.evaluations());
        assertEquals(100, r.iterations());
        assertArrayEquals(new double[3], x0, 0.0);
        assertEquals(0, adam.steps(), "minimize must not touch this optimizer's state");
        double[] g = new double[3];
        assertEquals(new Rosenbrock(3).valueAndGradient(r.x(), g), r.value(), 0.0);
        assertEquals(Vectors.norm2(g), r.gradientNorm(), 0.0);
    }

    @Test
    void runsAreDeterministic() {
        Adam.Result a = new Adam().minimize(new Rosenbrock(10), new double[10], 1000);
        Adam.Result b = new Adam().minimize(new Rosenbrock(10), new double[10], 1000);
        assertArrayEquals(a.x(), b.x(), 0.0);
        assertEquals(a.value(), b.value(), 0.0);
    }

    @Test
    void invalidArgumentsAreRejectedWithTheirValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Adam().withLearningRate(-0.1));
        assertEquals("learning rate must be > 0 and finite, got -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam().withBetas(0.9, 1.0));
        assertTrue(e.getMessage().contains("beta2") && e.getMessage().contains("1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam().withBetas(-0.1, 0.9));
        assertTrue(e.getMessage().contains("beta1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam().withEpsilon(0));
        assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
        Adam adam = new Adam();
        e = assertThrows(IllegalArgumentException.class, () -> adam.step(new double[2], new double[3]));
        assertTrue(e.getMessage().contains("length 3"), e.getMessage());
        adam.step(new double[2], new double[2]);
        e = assertThrows(IllegalArgumentException.class, () -> adam.step(new double[3], new double[3]));
        assertTrue(e.getMessage().contains("reset"), e.getMessage());
        Adam.Result[] unused = new Adam.Result[1];
        OptimizationException nan = assertThrows(OptimizationException.class, () -> unused[0] =
                new Adam().minimize(new TestFunctions.LogCoshWithNanWall(new double[] {0}, 1), new double[] {2}, 5));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    }

    @Test
    void defaultsAreTheThesisAndPyTorchSettings() {
        Adam adam = new Adam();
        assertEquals(0.05, adam.learningRate());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-8, adam.epsilon());
    }
}
