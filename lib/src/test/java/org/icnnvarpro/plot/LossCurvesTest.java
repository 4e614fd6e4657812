package org.icnnvarpro.plot;

import static org.icnnvarpro.plot.PlotTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.icnnvarpro.plot.LossCurves.Run;
import org.junit.jupiter.api.Test;

class LossCurvesTest {

    /** A noisy decaying loss logged at irregular x up to {@code end}. */
    static Run run(Random r, double rate, double floor, double end) {
        int n = 40 + r.nextInt(20);
        double[] x = new double[n], y = new double[n];
        double t = 1 + r.nextDouble();
        for (int i = 0; i < n; i++) {
            x[i] = t;
            y[i] = floor + 3 * Math.exp(-rate * Math.log(t)) + 0.05 * r.nextGaussian();
            t += (end - t) / (n - i) * (0.6 + 0.8 * r.nextDouble());
        }
        x[n - 1] = end;
        return new Run(x, y);
    }

    static List<Run> runs(long seed, double rate, double floor, int k) {
        Random r = new Random(seed);
        List<Run> l = new ArrayList<>();
        for (int i = 0; i < k; i++) l.add(run(r, rate, floor, 900 + 200 * r.nextDouble()));
        return l;
    }

    @Test
    void interpolationMatchesHandComputedValues() {
        double[] x = {0, 1, 3, 4};
        double[] y = {2, 4, 0, 10};
        double[] at = {0, 0.5, 1, 2, 2.5, 3, 3.25, 4, -1, 5};
        double[] got = LossCurves.interpolate(x, y, at);
        // by hand: between (1,4) and (3,0) slope -2; between (3,0) and (4,10) slope 10
        double[] want = {2, 3, 4, 2, 1, 0, 2.5, 10, Double.NaN, Double.NaN};
        assertArrayEquals(want, got, 1e-12);
    }

    @Test
    void commonGridIsTheOverlapAndSummaryIsPointwise() {
        Run a = new Run(new double[] {0, 10}, new double[] {0, 10});
        Run b = new Run(new double[] {2, 6, 12}, new double[] {1, 1, 7});
        double[] grid = LossCurves.commonGrid(List.of(a, b), 5, false);
        assertArrayEquals(new double[] {2, 4, 6, 8, 10}, grid, 1e-12);
        LossCurves.Summary s = LossCurves.summarize(List.of(a, b), grid);
        // b at 8: 1 + (8-6)/(12-6)*6 = 3; at 10: 5
        double[] ya = {2, 4, 6, 8, 10}, yb = {1, 1, 1, 3, 5};
        for (int i = 0; i < 5; i++) {
            assertEquals((ya[i] + yb[i]) / 2, s.mean()[i], 1e-12);
            assertEquals(Math.abs(ya[i] - yb[i]) / 2, s.std()[i], 1e-12);
            assertEquals(Math.min(ya[i], yb[i]), s.min()[i], 1e-12);
            assertEquals(Math.max(ya[i], yb[i]), s.max()[i], 1e-12);
        }
        double[] lg = LossCurves.commonGrid(List.of(a, b), 3, true);
        assertArrayEquals(new double[] {2, Math.sqrt(20), 10}, lg, 1e-12);
    }

    @Test
    void twoPanelsWithBandsAtRequestedSize() {
        BufferedImage img = Figures.lossCurves()
                .training("Adam", runs(1, 0.9, 0.2, 5)).validation("Adam", runs(2, 0.9, 0.35, 5))
                .training("VarPro + L-BFGS", runs(3, 1.4, 0.1, 5)).validation("VarPro + L-BFGS", runs(4, 1.4, 0.3, 5))
                .training("VarPro + Newton", runs(5, 1.9, 0.12, 5)).validation("VarPro + Newton", runs(6, 1.9, 0.28, 5))
                .title("moons, 5 runs per scheme (mean ± std)").logX(true)
                .toImage();
        assertFigure(img, 1000, 450, 0.02);
        save(img, "loss-curves.png");
        BufferedImage mm = Figures.lossCurves().training("Adam", runs(1, 0.9, 0.2, 5))
                .training("VarPro", runs(3, 1.4, 0.1, 5)).spread(LossCurves.Spread.MIN_MAX).logY(true).size(800, 500).toImage();
        assertFigure(mm, 800, 500, 0.02);
        save(mm, "loss-curves-minmax.png");
    }

    @Test
    void singleRun() {
        Random r = new Random(7);
        Run tr = run(r, 1, 0.2, 500);
        double[] val = tr.y().clone();
        for (int i = 0; i < val.length; i++) val[i] += 0.15;
        BufferedImage img = Figures.lossCurve(tr.x(), tr.y(), val);
        assertFigure(img, 900, 500, 0.01);
        save(img, "loss-single.png");
    }

    @Test
    void logXDropsNonPositiveX() {
        Run a = new Run(new double[] {0, 1, 10, 100}, new double[] {3, 2, 1, 0.5});
        Run b = new Run(new double[] {0, 2, 20, 200}, new double[] {3, 2.2, 1.1, 0.4});
        BufferedImage img = Figures.lossCurves().training("s", a, b).validation("s", a).logX(true).logY(true).toImage();
        assertFigure(img, 1000, 450, 0.01);
    }

    @Test
    void disjointRunsAreRejected() {
        Run a = new Run(new double[] {0, 1}, new double[] {0, 1});
        Run b = new Run(new double[] {2, 3}, new double[] {0, 1});
        assertThrows(IllegalArgumentException.class, () -> LossCurves.commonGrid(List.of(a, b), 10, false));
        assertThrows(IllegalArgumentException.class, () -> new Run(new double[] {1, 0}, new double[] {0, 0}));
    }

    /** robustY: one spike and the initial point do not set the range; the range covers the rest. */
    @Test
    void robustRangeIgnoresTheInitialPointAndASpike() {
        double[] x = new double[21], y = new double[21];
        for (int i = 0; i < 21; i++) {
            x[i] = i;
            y[i] = -1 + 0.01 * i;          // from -1.00 to -0.80
        }
        y[0] = 3.2;                         // the initial network
        y[10] = 40;                         // a spike
        LossCurves lc = Figures.lossCurves().training("a", new Run(x, y)).validation("a", new Run(x, y.clone())).robustY(0.9);
        double[] r = lc.robustRange();
        // 40 values after the first points: sorted, the 0.9 quantile is the 36th, -0.81; min -0.99; margin 5 %
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {-0.99 - 0.009, -0.81 + 0.009}, r, 1e-12);
        org.junit.jupiter.api.Assertions.assertNull(Figures.lossCurves().training("a", new Run(x, y)).robustRange());
        org.junit.jupiter.api.Assertions.assertNotNull(lc.toImage());
    }
}
