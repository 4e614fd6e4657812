package org.icnnvarpro.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pure-Java exp and log1p of the softplus rule against the JDK's, in ulps, and their edge cases. */
class SoftplusMathTest {
    static long ulps(double a, double b) {
        if (a == b) return 0;
        return Math.abs(Double.doubleToLongBits(a) - Double.doubleToLongBits(b));
    }

    @Test
    void expWithinOneUlpOfMathExp() {
        Random r = new Random(1);
        long worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            double x = switch (i % 4) {
                case 0 -> -r.nextDouble() * 750;
                case 1 -> -r.nextDouble() * 40;
                case 2 -> -r.nextDouble() * 1e-3;
                default -> -r.nextDouble() * 1e-12;
            };
            worst = Math.max(worst, ulps(SoftplusMath.expNonPositive(x), Math.exp(x)));
        }
        assertTrue(worst <= 1, "worst ulp error " + worst);
        assertEquals(1.0, SoftplusMath.expNonPositive(0.0));
        assertEquals(1.0, SoftplusMath.expNonPositive(-0.0));
        assertEquals(0.0, SoftplusMath.expNonPositive(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, SoftplusMath.expNonPositive(-1000));
        assertEquals(Math.exp(-744.0), SoftplusMath.expNonPositive(-744.0));    // subnormal
        assertEquals(Math.exp(-708.5), SoftplusMath.expNonPositive(-708.5));
        assertTrue(Double.isNaN(SoftplusMath.expNonPositive(Double.NaN)));
    }

    @Test
    void log1pWithinOneUlpOfMathLog1p() {
        Random r = new Random(2);
        long worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            double e = switch (i % 4) {
                case 0 -> r.nextDouble();
                case 1 -> Math.exp(-r.nextDouble() * 700);
                case 2 -> r.nextDouble() * 1e-8;
                default -> Math.sqrt(2) - 1 + (r.nextDouble() - 0.5) * 1e-6;   // around the switch at u = √2
            };
            double u = 1 + e;
            worst = Math.max(worst, ulps(SoftplusMath.log1pUnit(e, u, 1 / u), Math.log1p(e)));
        }
        assertTrue(worst <= 1, "worst ulp error " + worst);
        for (double e : new double[] {0.0, Double.MIN_VALUE, 1e-300, 1e-20, 0.5, 1.0}) {
            double u = 1 + e;
            assertEquals(Math.log1p(e), SoftplusMath.log1pUnit(e, u, 1 / u), Math.ulp(Math.log1p(e)), "e = " + e);
        }
    }

    @Test
    void softplusRuleAgreesWithDefinition() {
        double[] o = new double[4];
        for (double z : new double[] {-800, -40, -3, -1e-9, 0, 1e-9, 0.3, 3, 40, 800}) {
            SoftplusMath.derivatives(z, o);
            double sp = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
            double s = 1 / (1 + Math.exp(-z));
            assertEquals(sp, o[0], 2 * Math.ulp(sp), "σ(" + z + ")");
            assertEquals(s, o[1], 4 * Math.ulp(s), "σ'(" + z + ")");
            assertEquals(s * (1 - s), o[2], 1e-15 + 1e-14 * o[2], "σ''(" + z + ")");
        }
        SoftplusMath.derivatives(Double.POSITIVE_INFINITY, o);
        assertEquals(Double.POSITIVE_INFINITY, o[0]);
        assertEquals(1.0, o[1]);
        SoftplusMath.derivatives(Double.NEGATIVE_INFINITY, o);
        assertEquals(0.0, o[0]);
        assertEquals(0.0, o[1]);
    }
}
