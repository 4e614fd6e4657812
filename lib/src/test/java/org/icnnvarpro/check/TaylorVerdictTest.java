package org.icnnvarpro.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link TaylorCheck.Table#verdict()} on functions whose derivative is known in closed form. */
class TaylorVerdictTest {

    /** Taylor test of a scalar function at x along direction 1 with claimed derivative d. */
    static TaylorCheck.Table scalar(DoubleUnaryOperator f, double x, double d) {
        return TaylorCheck.run("test", p -> new double[] {f.applyAsDouble(p[0])}, new double[] {x}, new double[] {1},
                new double[] {d}, 1.0, 10);
    }

    /** A deterministic pseudo-random value in [-1, 1] from the bits of x (a stand-in for solver noise). */
    static double jitter(double x) {
        long b = Double.doubleToLongBits(x) * 0x9E3779B97F4A7C15L;
        b ^= b >>> 29;
        return ((b >>> 11) * 0x1.0p-53) * 2 - 1;
    }

    @Test
    void rightDerivativeIsSecondOrder() {
        TaylorCheck.Verdict v = scalar(Math::sin, 0.3, Math.cos(0.3)).verdict();
        assertEquals(TaylorCheck.Order.SECOND, v.order(), v.toString());
        assertTrue(v.confirmed());
        assertEquals(3, v.ratios().length);
    }

    @Test
    void signErrorAndMissingFactorAreFirstOrder() {
        for (double d : new double[] {-Math.cos(0.3), 0.5 * Math.cos(0.3), 2 * Math.cos(0.3)}) {
            TaylorCheck.Verdict v = scalar(Math::sin, 0.3, d).verdict();
            assertEquals(TaylorCheck.Order.FIRST, v.order(), v.toString());
            assertFalse(v.confirmed());
        }
    }

    @Test
    void linearFunctionWithExactDerivativeIsExact() {
        TaylorCheck.Verdict v = scalar(x -> 3 * x - 1, 0.7, 3).verdict();
        assertEquals(TaylorCheck.Order.EXACT, v.order(), v.toString());
        assertTrue(v.confirmed());
    }

    @Test
    void jumpDoesNotConverge() {
        TaylorCheck.Verdict v = scalar(x -> x < 0.5 ? 0 : 1, 0.4999, 0).verdict();
        // the jump lies within every step: E1 stays 1 until h < 1e-4, beyond the table
        assertEquals(TaylorCheck.Order.NONE, v.order(), v.toString());
    }

    @Test
    void noiseFloorIsFoundInTheTable() {
        // an inner solve accurate to ~1e-6 although its stated tolerance is far looser: the rows above
        // its plateau are judged (the old fixed floor of 100 x tolerance judged none)
        TaylorCheck.Table t = scalar(x -> Math.sin(x) + 1e-6 * jitter(x), 0.3, Math.cos(0.3));
        TaylorCheck.Verdict v = t.verdict();
        assertEquals(TaylorCheck.Order.SECOND, v.order(), t + "\n" + v);
        TaylorCheck.Table stated = TaylorCheck.run("test", p -> new double[] {Math.sin(p[0]) + 1e-6 * jitter(p[0])},
                new double[] {0.3}, new double[] {1}, new double[] {Math.cos(0.3)}, 1.0, 10, 1e-4);
        assertFalse(stated.ratiosNear(4, 0.35, 0.07), "the a-priori floor judges no row");
        assertEquals(TaylorCheck.Order.SECOND, stated.verdict().order());
    }

    @Test
    void preAsymptoticRatiosAtModerateStepsDoNotFailAnAccurateDerivative() {
        // sin(12x): the h² term dominates only below h ~ 0.1, so ratios at h <= 0.07 start away from 4
        TaylorCheck.Table t = scalar(x -> Math.sin(12 * x), 0.3, 12 * Math.cos(3.6));
        assertFalse(t.ratiosNear(4, 0.35, 0.07), t.toString());
        assertEquals(TaylorCheck.Order.SECOND, t.verdict().order(), t + "\n" + t.verdict());
    }

    @Test
    void noiseAboveEverythingIsInconclusive() {
        TaylorCheck.Verdict v = scalar(x -> 1e-3 * x * x + 1e-2 * jitter(x), 0.3, 0.6e-3).verdict();
        assertTrue(v.order() == TaylorCheck.Order.INCONCLUSIVE || v.order() == TaylorCheck.Order.NONE, v.toString());
        assertFalse(v.confirmed());
    }
}
