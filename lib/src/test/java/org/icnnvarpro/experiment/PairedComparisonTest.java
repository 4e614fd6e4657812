package org.icnnvarpro.experiment;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PairedComparisonTest {
    /**
     * Student's sleep data (Cushny &amp; Peebles, as analysed by "Student" in 1908; R's {@code sleep}):
     * extra hours of sleep of 10 patients under two drugs. The paired t test of drug 2 − drug 1 is the
     * textbook case: mean 1.58, t = 4.062 on 9 degrees of freedom, 95 % interval [0.700, 2.460].
     */
    @Test
    void studentsSleepData() {
        double[] drug1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
        double[] drug2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
        PairedComparison c = PairedComparison.of(drug2, drug1);
        assertEquals(10, c.n());
        assertEquals(1.58, c.mean(), 1e-12);
        assertEquals(4.062128, c.mean() / (c.std() / Math.sqrt(10)), 1e-6);
        assertEquals(0.7001142, c.lower(), 1e-6);
        assertEquals(2.4598858, c.upper(), 1e-6);
        assertTrue(c.significantlyAboveZero());
        assertEquals(0, c.below());
        PairedComparison r = PairedComparison.of(drug1, drug2);
        assertEquals(-2.4598858, r.lower(), 1e-6);
        assertTrue(r.significantlyBelowZero());
        assertEquals(9, r.below());   // one pair is a tie (−0.1, −0.1)
    }

    /** Closed forms: ν = 1 is the Cauchy distribution, t = tan(π·level/2); ν = 2 has t = level·√(2/(1−level²)). */
    @Test
    void quantilesMatchClosedFormsAndTables() {
        assertEquals(Math.tan(Math.PI * 0.95 / 2), StudentT.twoSidedQuantile(0.95, 1), 1e-10);
        assertEquals(0.95 * Math.sqrt(2 / (1 - 0.95 * 0.95)), StudentT.twoSidedQuantile(0.95, 2), 1e-12);
        // standard tables (t_{0.975, ν})
        assertEquals(2.262157, StudentT.twoSidedQuantile(0.95, 9), 1e-6);
        assertEquals(2.570582, StudentT.twoSidedQuantile(0.95, 5), 1e-6);
        assertEquals(2.045230, StudentT.twoSidedQuantile(0.95, 29), 1e-6);
        assertEquals(3.249836, StudentT.twoSidedQuantile(0.99, 9), 1e-6);
        // toward the normal quantile 1.959964
        assertEquals(1.959964, StudentT.twoSidedQuantile(0.95, 100_000), 1e-4);
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(new double[] {1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(new double[] {1, Double.POSITIVE_INFINITY}, new double[] {1, 2}));
        PairedComparison one = PairedComparison.of(new double[] {1}, new double[] {3});
        assertEquals(-2, one.mean());
        assertTrue(Double.isNaN(one.std()));
        assertFalse(one.significantlyBelowZero());
    }

    /** The one mean-and-spread computation: closed forms, the sample (n − 1) standard deviation, no spread for one value. */
    @Test
    void meanStdClosedFormsAndOneValue() {
        ThesisNumbers.MeanStd m = ThesisNumbers.MeanStd.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, m.mean(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3.0), m.std(), 1e-15);
        assertEquals("2.50 ± 1.29", m.toString());
        ThesisNumbers.MeanStd one = ThesisNumbers.MeanStd.of(new double[] {-1.13});
        assertEquals(-1.13, one.mean());
        assertTrue(Double.isNaN(one.std()));
        assertEquals("-1.130", one.format(3));   // no "± 0.000" for one run
        assertTrue(Double.isNaN(ThesisNumbers.MeanStd.of(new double[0]).mean()));
        assertEquals("undefined", ThesisNumbers.MeanStd.of(new double[] {1, Double.NaN}).format(2));
        // a diverged run among the seeds: scientific notation, not twenty digits
        assertEquals("1.00e+18 ± 3.16e+18", ThesisNumbers.MeanStd.of(new double[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, 1e19}).format(2));
        assertEquals("-1.00 ± 0.00", ThesisNumbers.MeanStd.of(new double[] {-1, -1}).format(2));
    }
}
