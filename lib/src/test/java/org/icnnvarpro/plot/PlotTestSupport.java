package org.icnnvarpro.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.icnnvarpro.data.Samples;

/** Shared data and image checks for the plot tests. */
final class PlotTestSupport {
    private PlotTestSupport() {}

    /** Where the tests leave their PNGs for a human to look at. */
    static final Path OUT = Path.of(System.getProperty("java.io.tmpdir"), "icnn-varpro-plots");

    static void save(BufferedImage img, String name) { Figures.savePng(img, OUT.resolve(name)); }

    static Samples gaussian(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[2 * n];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        return Samples.wrap(n, 2, x);
    }

    /** Two interleaving half circles with noise. */
    static Samples moons(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[2 * n];
        for (int j = 0; j < n; j++) {
            double t = Math.PI * r.nextDouble();
            boolean upper = j % 2 == 0;
            x[2 * j] = (upper ? Math.cos(t) : 1 - Math.cos(t)) + 0.08 * r.nextGaussian();
            x[2 * j + 1] = (upper ? Math.sin(t) : 0.5 - Math.sin(t)) + 0.08 * r.nextGaussian();
        }
        return Samples.wrap(n, 2, x);
    }

    /** Number of distinct RGB colours in the sub-rectangle. */
    static int distinctColours(BufferedImage img, int x0, int y0, int x1, int y1) {
        Set<Integer> s = new HashSet<>();
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) s.add(img.getRGB(x, y) & 0xffffff);
        return s.size();
    }

    /** Fraction of pixels in the sub-rectangle that are not (near) white. */
    static double inkFraction(BufferedImage img, int x0, int y0, int x1, int y1) {
        long ink = 0, all = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int c = img.getRGB(x, y);
                int r = (c >> 16) & 255, g = (c >> 8) & 255, b = c & 255;
                if (r + g + b < 3 * 235) ink++;
                all++;
            }
        }
        return ink / (double) all;
    }

    /** Size check plus "not blank": many colours and some ink in the central region. */
    static void assertFigure(BufferedImage img, int w, int h, double minInk) {
        assertEquals(w, img.getWidth(), "width");
        assertEquals(h, img.getHeight(), "height");
        int x0 = w / 8, x1 = w - w / 8, y0 = h / 8, y1 = h - h / 8;
        int colours = distinctColours(img, x0, y0, x1, y1);
        double ink = inkFraction(img, x0, y0, x1, y1);
        assertTrue(colours > 20, "figure looks blank: only " + colours + " colours");
        assertTrue(ink > minInk, "figure looks blank: ink fraction " + ink);
    }
}
