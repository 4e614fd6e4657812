package org.icnnvarpro.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    /** Distance from p to the arc {c + (cos θ, sin θ) : θ ∈ [lo, hi]} of the unit circle. */
    private static double arcDistance(double px, double py, double cx, double cy, double lo, double hi) {
        double dx = px - cx, dy = py - cy;
        double theta = Math.atan2(dy, dx);
        if (theta < lo - 1e-12) theta += 2 * Math.PI;
        if (theta >= lo - 1e-12 && theta <= hi + 1e-12) return Math.abs(Math.hypot(dx, dy) - 1);
        double d1 = Math.hypot(px - cx - Math.cos(lo), py - cy - Math.sin(lo));
        double d2 = Math.hypot(px - cx - Math.cos(hi), py - cy - Math.sin(hi));
        return Math.min(d1, d2);
    }

    private static double outerDistance(double x, double y) { return arcDistance(x, y, 0, 0, 0, Math.PI); }

    private static double innerDistance(double x, double y) { return arcDistance(x, y, 1, 0.5, Math.PI, 2 * Math.PI); }

    @Test
    void moonsWithoutNoiseLieOnTheTwoArcsWithSklearnCounts() {
        for (int n : new int[] {1, 2, 7, 100, 101}) {
            Samples s = Datasets.moons(n, 0.0, 3);
            assertEquals(n, s.size());
            assertEquals(2, s.dim());
            int outer = 0, inner = 0;
            for (int j = 0; j < n; j++) {
                double x = s.get(j, 0), y = s.get(j, 1);
                double dOut = outerDistance(x, y), dIn = innerDistance(x, y);
                assertTrue(Math.min(dOut, dIn) < 1e-12, "point " + j + " (" + x + ", " + y + ") is off both arcs");
                if (dOut < 1e-12) outer++;
                else inner++;
            }
            assertEquals(n / 2, outer, "n_out for n=" + n);
            assertEquals(n - n / 2, inner, "n_in for n=" + n);
        }
    }

    @Test
    void moonsUseLinspaceParametersExactly() {
        // n = 7: n_out = 3 (t = 0, π/2, π), n_in = 4 (t = 0, π/3, 2π/3, π)
        double[][] expected = new double[7][];
        double[] tOut = {0, Math.PI / 2, Math.PI}, tIn = {0, Math.PI / 3, 2 * Math.PI / 3, Math.PI};
        for (int i = 0; i < 3; i++) expected[i] = new double[] {Math.cos(tOut[i]), Math.sin(tOut[i])};
        for (int i = 0; i < 4; i++) expected[3 + i] = new double[] {1 - Math.cos(tIn[i]), 1 - Math.sin(tIn[i]) - 0.5};
        double[][] got = Datasets.moons(7, 0.0, 11).toArray();
        java.util.Comparator<double[]> byXY = (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]);
        Arrays.sort(expected, byXY);
        Arrays.sort(got, byXY);
        for (int i = 0; i < 7; i++) assertArrayEquals(expected[i], got[i], 1e-15, "point " + i);
    }

    @Test
    void moonsAreShuffled() {
        Samples s = Datasets.moons(200, 0.0, 5);
        int outerInFirstHalf = 0;
        for (int j = 0; j < 100; j++) if (outerDistance(s.get(j, 0), s.get(j, 1)) < 1e-12) outerInFirstHalf++;
        assertTrue(outerInFirstHalf > 30 && outerInFirstHalf < 70, "first half has " + outerInFirstHalf + " outer points");
    }

    @Test
    void moonsNoiseHasTheRightMeanAndCovariance() {
        int n = 40000;
        double sigma = 0.05;
        Samples clean = Datasets.moons(n, 0.0, 17), noisy = Datasets.moons(n, sigma, 17);
        double m0 = 0, m1 = 0, c00 = 0, c11 = 0, c01 = 0;
        for (int j = 0; j < n; j++) {
            double e0 = noisy.get(j, 0) - clean.get(j, 0), e1 = noisy.get(j, 1) - clean.get(j, 1);
            m0 += e0; m1 += e1; c00 += e0 * e0; c11 += e1 * e1; c01 += e0 * e1;
        }
        m0 /= n; m1 /= n; c00 /= n; c11 /= n; c01 /= n;
        double s2 = sigma * sigma;
        assertEquals(0, m0, 4 * sigma / Math.sqrt(n));
        assertEquals(0, m1, 4 * sigma / Math.sqrt(n));
        assertEquals(s2, c00, 0.04 * s2);
        assertEquals(s2, c11, 0.04 * s2);
        assertEquals(0, c01, 4 * s2 / Math.sqrt(n));
        // and the noisy points are near the arcs, not on them
        double meanDist = 0;
        for (int j = 0; j < n; j++) {
            double x = noisy.get(j, 0), y = noisy.get(j, 1);
            meanDist += Math.min(outerDistance(x, y), innerDistance(x, y)) / n;
        }
        assertTrue(meanDist > 0.01 && meanDist < 0.06, "mean distance to the arcs " + meanDist);
    }

    @Test
    void everyGeneratorIsDeterministicPerSeedAndDiffersAcrossSeeds() {
        for (String name : Datasets.names()) {
            for (double noise : new double[] {0.0, 0.05}) {
                double[] a = Datasets.byName(name, 500, noise, 42).data();
                double[] b = Datasets.byName(name, 500, noise, 42).data();
                double[] c = Datasets.byName(name, 500, noise, 43).data();
                assertArrayEquals(a, b, name + ": same seed must give the same numbers");
                assertFalse(Arrays.equals(a, c), name + ": different seeds must give different numbers");
            }
        }
        assertArrayEquals(Datasets.gaussian(50, new double[] {0, 1, 2}, 1.0, 9).data(),
                Datasets.gaussian(50, new double[] {0, 1, 2}, 1.0, 9).data());
        assertFalse(Arrays.equals(Datasets.gaussian(50, new double[] {0, 1, 2}, 1.0, 9).data(),
                Datasets.gaussian(50, new double[] {0, 1, 2}, 1.0, 10).data()));
    }

    @Test
    void knownFirstValuesPinTheRandomStream() {
        // Guards against accidental changes of the generation order (which would silently
        // change every experiment's data): java.util.Random is specified, so these are stable.
        Samples s = Datasets.gaussian(1, new double[] {0.0}, 1.0, 0);
        assertEquals(new java.util.Random(0).nextGaussian(), s.get(0, 0), 0.0);
    }

    @Test
    void twoDimensionalSetsAreRoughlyUnitScaleAndCentred() {
        for (String name : Datasets.names()) {
            Samples s = Datasets.byName(name, 20000, 7);
            assertEquals(20000, s.size(), name);
            assertEquals(2, s.dim(), name);
            for (int a = 0; a < 2; a++) {
                double[] col = s.column(a);
                double mean = Arrays.stream(col).average().orElseThrow();
                double sd = Math.sqrt(Arrays.stream(col).map(v -> (v - mean) * (v - mean)).sum() / col.length);
                double max = Arrays.stream(col).map(Math::abs).max().orElseThrow();
                assertTrue(sd > 0.15 && sd < 1.0, name + " coordinate " + a + " std " + sd);
                assertTrue(max < 2.5, name + " coordinate " + a + " max |x| " + max);
                if (!name.equals("moons")) assertEquals(0, mean, 0.05, name + " coordinate " + a + " mean");
            }
        }
    }

    @Test
    void eightGaussiansWithoutNoiseAreTheEightCentresInEqualProportion() {
        int n = 16000;
        Samples s = Datasets.eightGaussians(n, 0.0, 1);
        int[] counts = new int[8];
        for (int j = 0; j < n; j++) {
            double x = s.get(j, 0), y = s.get(j, 1);
            assertEquals(1 / Math.sqrt(2), Math.hypot(x, y), 1e-12);
            double angle = Math.atan2(y, x);
            int k = (int) Math.round(angle / (Math.PI / 4));
            assertEquals(k * Math.PI / 4, angle, 1e-12, "centre angle");
            counts[Math.floorMod(k, 8)]++;
        }
        for (int k = 0; k < 8; k++) assertEquals(n / 8.0, counts[k], 5 * Math.sqrt(n / 8.0), "centre " + k);
        // with noise: component spread ≈ noise around the centre
        Samples noisy = Datasets.eightGaussians(n, 0.1, 1);
        double sq = 0;
        for (int j = 0; j < n; j++) sq += Math.pow(noisy.get(j, 0) - s.get(j, 0), 2) + Math.pow(noisy.get(j, 1) - s.get(j, 1), 2);
        assertEquals(0.01, sq / (2 * n), 0.0005);
    }

    @Test
    void ringsWithoutNoiseLieOnFourCirclesWithTheDocumentedCounts() {
        Samples s = Datasets.rings(10, 0.0, 2); // 2, 2, 2 and 4 points
        double[] radii = {0.75, 0.5625, 0.375, 0.1875};
        int[] counts = new int[4];
        for (int j = 0; j < 10; j++) {
            double r = Math.hypot(s.get(j, 0), s.get(j, 1));
            int hit = -1;
            for (int c = 0; c < 4; c++) if (Math.abs(r - radii[c]) < 1e-12) hit = c;
            assertTrue(hit >= 0, "radius " + r);
            counts[hit]++;
        }
        assertArrayEquals(new int[] {2, 2, 2, 4}, counts);
    }

    @Test
    void checkerboardWithoutNoiseFillsOnlyTheBlackCells() {
        int n = 16000;
        Samples s = Datasets.checkerboard(n, 0.0, 4);
        int[][] counts = new int[4][4];
        for (int j = 0; j < n; j++) {
            double x = s.get(j, 0), y = s.get(j, 1);
            assertTrue(x >= -1 && x < 1 && y >= -1 && y < 1, "(" + x + ", " + y + ") outside [-1,1)^2");
            int c = (int) Math.floor(2 * x), r = (int) Math.floor(2 * y);
            assertEquals(0, Math.floorMod(c + r, 2), "(" + x + ", " + y + ") in a white cell");
            counts[c + 2][r + 2]++;
        }
        for (int c = 0; c < 4; c++)
            for (int r = 0; r < 4; r++)
                if ((c + r) % 2 == 0) assertEquals(n / 8.0, counts[c][r], 5 * Math.sqrt(n / 8.0), "cell " + c + "," + r);
    }

    @Test
    void pinwheelHasFiveArms() {
        int n = 10000;
        Samples s = Datasets.pinwheel(n, 0.0, 8);
        // the inner part of each arm (f_r small, angle ≈ 2πk/5 + 0.25 e^{f_r}) points in one of
        // five directions rotated by -angle; check that angle classes mod 2π/5 concentrate
        int[] hist = new int[20];
        for (int j = 0; j < n; j++) {
            double phi = Math.atan2(s.get(j, 1), s.get(j, 0));
            double frac = Math.floorMod((long) Math.floor(phi / (2 * Math.PI / 5) * 20 * 1000), 20 * 1000) / 1000.0;
            hist[(int) frac]++;
        }
        int max = Arrays.stream(hist).max().orElseThrow(), min = Arrays.stream(hist).min().orElseThrow();
        assertTrue(max > 3 * min + 1, "angles modulo 2π/5 should not be uniform: " + Arrays.toString(hist));
        assertEquals(0, Arrays.stream(s.column(0)).average().orElseThrow(), 0.03);
    }

    @Test
    void spiralsStayWithinTheDocumentedRadius() {
        Samples s = Datasets.twoSpirals(5001, 0.0, 6);
        assertEquals(5001, s.size());
        double bound = (3 * Math.PI + 0.5 * Math.sqrt(2)) / 12;
        for (int j = 0; j < s.size(); j++) assertTrue(Math.hypot(s.get(j, 0), s.get(j, 1)) <= bound + 1e-12);
    }

    @Test
    void gaussianHasTheRequestedMeanAndStd() {
        int n = 40000;
        double[] mean = {1.0, -2.0, 0.5};
        double std = 0.7;
        Samples s = Datasets.gaussian(n, mean, std, 123);
        assertEquals(3, s.dim());
        for (int a = 0; a < 3; a++) {
            double[] col = s.column(a);
            double m = Arrays.stream(col).average().orElseThrow();
            double sd = Math.sqrt(Arrays.stream(col).map(v -> (v - m) * (v - m)).sum() / (n - 1));
            assertEquals(mean[a], m, 4 * std / Math.sqrt(n), "mean " + a);
            assertEquals(std, sd, 0.03 * std, "std " + a);
        }
        double c01 = 0;
        for (int j = 0; j < n; j++) c01 += (s.get(j, 0) - mean[0]) * (s.get(j, 1) - mean[1]) / n;
        assertEquals(0, c01, 4 * std * std / Math.sqrt(n));
        assertEquals(0, Datasets.gaussian(5, new double[] {2, 3}, 0.0, 1).data().length - 10);
        assertArrayEquals(new double[] {2, 3, 2, 3}, Datasets.gaussian(2, new double[] {2, 3}, 0.0, 1).data());
    }

    @Test
    void byNameIsCaseInsensitiveAndMatchesTheFactories() {
        assertArrayEquals(Datasets.moons(100, 0.05, 1).data(), Datasets.byName("MOONS", 100, 0.05, 1).data());
        assertArrayEquals(Datasets.eightGaussians(100, 0.05, 1).data(), Datasets.byName(" 8Gaussians ", 100, 0.05, 1).data());
        assertArrayEquals(Datasets.rings(100, 0.05, 1).data(), Datasets.byName("Rings", 100, 0.05, 1).data());
        assertArrayEquals(Datasets.checkerboard(100, 0.05, 1).data(), Datasets.byName("checkerBoard", 100, 0.05, 1).data());
        assertArrayEquals(Datasets.pinwheel(100, 0.05, 1).data(), Datasets.byName("PINWHEEL", 100, 0.05, 1).data());
        assertArrayEquals(Datasets.twoSpirals(100, 0.05, 1).data(), Datasets.byName("spirals", 100, 0.05, 1).data());
        assertArrayEquals(Datasets.moons(100, Datasets.MOONS_NOISE, 1).data(), Datasets.byName("moons", 100, 1).data());
        assertEquals(0.05, Datasets.MOONS_NOISE);
        assertEquals(java.util.List.of("moons", "8gaussians", "rings", "checkerboard", "pinwheel", "spirals"), Datasets.names());
    }

    @Test
    void unknownNameListsTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.byName("swissroll", 10, 0.1, 1));
        assertEquals("unknown data set 'swissroll'; known data sets: moons, 8gaussians, rings, checkerboard, pinwheel, spirals",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.defaultNoise("nope"));
        assertThrows(IllegalArgumentException.class, () -> Datasets.byName(null, 10, 0.1, 1));
    }

    @Test
    void badArgumentsAreRejected() {
        assertEquals("number of samples must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> Datasets.moons(-1, 0.1, 1)).getMessage());
        assertEquals("noise must be finite and >= 0, got -0.1",
                assertThrows(IllegalArgumentException.class, () -> Datasets.rings(10, -0.1, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.pinwheel(10, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> Datasets.gaussian(10, new double[0], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Datasets.gaussian(10, new double[] {0}, -1, 1));
        assertEquals(0, Datasets.moons(0, 0.1, 1).size());
    }

    @Test
    void linspaceMatchesNumpy() {
        assertArrayEquals(new double[] {0}, Datasets.linspace(0, Math.PI, 1));
        assertArrayEquals(new double[] {0, Math.PI}, Datasets.linspace(0, Math.PI, 2));
        assertArrayEquals(new double[0], Datasets.linspace(0, Math.PI, 0));
        double[] t = Datasets.linspace(0, 1, 5);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, t);
    }
}
