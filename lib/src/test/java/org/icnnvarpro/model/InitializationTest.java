package org.icnnvarpro.model;

import static org.junit.jupiter.api.Assertions.*;

import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.loss.SaaLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InitializationTest {
    static Icnn build(Initialization rule, double scale, boolean quadratic, long seed) {
        return Icnn.builder(2).hidden(32, 32, 32, 32).quadratic(quadratic).init(rule).initScale(scale).seed(seed).build();
    }

    /** Largest |entry| of a block of the flat weights. */
    static double maxAbs(double[] w, int off, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) m = Math.max(m, Math.abs(w[off + i]));
        return m;
    }

    /**
     * hessQuik's bounds, from PyTorch's kaiming_uniform_ (bound √3·√(2/(1+a²))/√fan_in, fan_in = m_i for
     * hessQuik's (d × m_i) K and (m_{i−1} × m_i) L): at d = 2, m = 32 they are 0.25 for K, 0.0754 for the
     * raw L, 1/√32 for b and for the last layer. Each block comes close to its bound (over hundreds of
     * draws) and never exceeds it.
     */
    @Test
    void hessQuikDrawsFillItsBounds() {
        Icnn net = build(Initialization.HESSQUIK, 1, true, 3);
        double[] w = net.weights();
        double bk = 0.25, bl = Math.sqrt(6.0 / (33 * 32)), bb = 1 / Math.sqrt(32);
        for (int i = 0; i < 4; i++) {
            double k = maxAbs(w, net.offsetK(i), 64);
            assertTrue(k <= bk && k > 0.9 * bk, "K_" + i + " max " + k);
            double b = maxAbs(w, net.offsetB(i), 32);
            assertTrue(b <= bb && b > 0.85 * bb, "b_" + i + " max " + b);
            if (i > 0) {
                double lo = Double.POSITIVE_INFINITY, hi = 0;
                for (int t = 0; t < 32 * 32; t++) {
                    double raw = Math.log(Math.expm1(w[net.offsetL(i) + t]));   // softplus⁻¹ of the effective weight
                    lo = Math.min(lo, raw);
                    hi = Math.max(hi, raw);
                }
                assertTrue(hi <= bl + 1e-12 && hi > 0.97 * bl && lo >= -bl - 1e-12 && lo < -0.97 * bl, "raw L_" + i + " in [" + lo + ", " + hi + "]");
            }
        }
        double[] wu = net.wu();
        for (double u : wu) assertTrue(u >= Icnn.softplus(-bb) && u <= Icnn.softplus(bb), "w_u " + u);
        assertTrue(maxAbs(w, net.offsetWx(), 2) <= bb);
        assertTrue(net.wq() >= Icnn.softplus(-bb) && net.wq() <= Icnn.softplus(bb));
        assertEquals(0.0, build(Initialization.HESSQUIK, 1, false, 3).wq());
        net.validate();
    }

    /** The effective-L scale (mean row sum of L) of the drawn networks is the one the rule states. */
    @ParameterizedTest
    @EnumSource(Initialization.class)
    void effectiveLScaleMatchesTheDraws(Initialization rule) {
        for (double s : new double[] {1, 3}) {
            Icnn net = build(rule, s, false, 11);
            double sum = 0;
            int rows = 0;
            for (int i = 1; i < 4; i++) {
                double[][] l = net.L(i);
                for (double[] row : l) {
                    for (double v : row) sum += v;
                    rows++;
                }
            }
            double expected = rule.effectiveLScale(32, 32, s), mean = sum / rows;
            // 96 rows of 32 independent draws: the scaled rule's mean row sum has a standard deviation of about 1 % of s
            assertEquals(expected, mean, 0.05 * expected, rule + " scale " + s);
        }
        assertEquals(1.0, Initialization.SCALED.effectiveLScale(32, 32, 1), 0.0);
        assertEquals(32 * Math.log(2), Initialization.HESSQUIK.effectiveLScale(32, 32, 1), 0.02);   // softplus(0) = log 2, plus a small curvature term
    }

    /** The scale multiplies the hidden L and nothing else; the same seed gives the same network. */
    @ParameterizedTest
    @EnumSource(Initialization.class)
    void scaleMultipliesOnlyL(Initialization rule) {
        Icnn a = build(rule, 1, true, 5), b = build(rule, 2.5, true, 5), c = build(rule, 1, true, 5);
        assertArrayEquals(a.weights(), c.weights(), 0.0);
        assertFalse(java.util.Arrays.equals(a.weights(), build(rule, 1, true, 6).weights()));
        for (int k = 0; k < a.size(); k++) {
            boolean isL = false;
            for (int i = 1; i < a.depth(); i++) isL |= k >= a.offsetL(i) && k < a.offsetL(i) + a.width(i) * a.width(i - 1);
            assertEquals(isL ? 2.5 * a.weights()[k] : a.weights()[k], b.weights()[k], 0.0, a.describe(k));
        }
    }

    /** The reason the choice matters: the untrained thesis-model network's J is about 3 scaled and of order 10⁶ with hessQuik's rule. */
    @Test
    void initialLossDependsOnTheRule() {
        Samples x = Datasets.moons(2000, 0.05, 1);
        double scaled = new SaaLoss().value(build(Initialization.SCALED, 1, false, 0), x);
        double hq = new SaaLoss().value(build(Initialization.HESSQUIK, 1, false, 0), x);
        assertTrue(scaled > 1 && scaled < 10, "scaled: " + scaled);
        assertTrue(hq > 1e5 && hq < 1e8, "hessQuik: " + hq);
    }

    @Test
    void badChoicesAreRefused() {
        assertEquals("unknown initialization 'xavier' (known: scaled, hessquik)",
                assertThrows(IllegalArgumentException.class, () -> Initialization.fromId("xavier")).getMessage());
        assertEquals(Initialization.HESSQUIK, Initialization.fromId(" HessQuik "));
        assertThrows(IllegalArgumentException.class, () -> Icnn.builder(2).initScale(0));
        assertThrows(IllegalArgumentException.class, () -> Icnn.builder(2).initScale(Double.NaN));
    }
}
