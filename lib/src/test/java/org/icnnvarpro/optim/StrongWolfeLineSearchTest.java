package org.icnnvarpro.optim;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class StrongWolfeLineSearchTest {

    @Test
    void cubicInterpolationRecoversTheMinimizerOfAnExactCubic() {
        // φ(t) = t³ − 3t has its local minimizer at t = 1
        double t = StrongWolfeLineSearch.cubicInterpolate(0, 0, -3, 2, 2, 9, 0, 2);
        assertEquals(1.0, t, 1e-14);
        // order of the two points does not matter
        assertEquals(1.0, StrongWolfeLineSearch.cubicInterpolate(2, 2, 9, 0, 0, -3, 0, 2), 1e-14);
        // φ(t) = (t − 0.3)² + 1: a quadratic is a cubic too
        assertEquals(0.3, StrongWolfeLineSearch.cubicInterpolate(0, 1.09, -0.6, 1, 1.49, 1.4, 0, 1), 1e-14);
    }

    @Test
    void cubicInterpolationIsClampedAndFallsBackToTheMidpoint() {
        assertEquals(1.5, StrongWolfeLineSearch.cubicInterpolate(0, 0, -3, 2, 2, 9, 1.5, 2), 0.0);
        // degenerate: both points equal → midpoint of the bounds, not NaN
        assertEquals(0.75, StrongWolfeLineSearch.cubicInterpolate(1, 0, -1, 1, 0, -1, 0.5, 1.0), 0.0);
    }

    @Test
    void findsAStrongWolfeStepOnAOneDimensionalQuadratic() {
        // f(x) = (x − 3)², from x = 0 along d = 1; trial 1e-3 forces the extrapolation phase
        Objective f = new Objective() {
            @Override public int dimension() { return 1; }
            @Override public double valueAndGradient(double[] x, double[] g) {
                g[0] = 2 * (x[0] - 3);
                return (x[0] - 3) * (x[0] - 3);
            }
        };
        StrongWolfeLineSearch ls = new StrongWolfeLineSearch(1, 1e-4, 0.9, 25, 1e-9);
        ls.search(f, new double[] {0}, 9, new double[] {-6}, -6, new double[] {1}, 1e-3);
        assertTrue(ls.satisfied());
        double t = ls.step();
        assertTrue(ls.evaluations() > 1);
        assertTrue((t - 3) * (t - 3) <= 9 + 1e-4 * t * -6);
        assertTrue(Math.abs(2 * (t - 3)) <= 0.9 * 6);
        assertEquals((t - 3) * (t - 3), ls.value(), 0.0);
        assertEquals(2 * (t - 3), ls.gradient()[0], 0.0);
    }
}
