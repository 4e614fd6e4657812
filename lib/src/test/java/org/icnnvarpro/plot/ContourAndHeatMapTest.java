package org.icnnvarpro.plot;

import static org.icnnvarpro.plot.PlotTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContourAndHeatMapTest {

    @Test
    void marchingSquaresOnParaboloidGivesCirclesOfRadiusSqrtLevel() {
        double[] xs = Grid.linspace(-3, 3, 61), ys = Grid.linspace(-3, 3, 61);
        double h = xs[1] - xs[0];
        double[][] v = Grid.evaluate(xs, ys, p -> p[0] * p[0] + p[1] * p[1]);
        for (double level : new double[] {0.5, 1, 2, 4, 7}) {
            List<MarchingSquares.Polyline> lines = MarchingSquares.contour(xs, ys, v, level);
            assertEquals(1, lines.size(), "one closed curve at level " + level);
            MarchingSquares.Polyline l = lines.get(0);
            assertTrue(l.closed(), "closed at level " + level);
            assertTrue(l.size() > 8);
            for (int k = 0; k < l.size(); k++) {
                double r = Math.hypot(l.x()[k], l.y()[k]);
                // linear interpolation of r² along an edge of length h errs by at most h²/(4·2r) in r
                assertEquals(Math.sqrt(level), r, h * h / Math.sqrt(level) + 1e-12, "level " + level);
            }
        }
        // level outside the range: nothing; level cut by the frame: open curves
        assertTrue(MarchingSquares.contour(xs, ys, v, 100).isEmpty());
        List<MarchingSquares.Polyline> cut = MarchingSquares.contour(xs, ys, v, 12);
        assertEquals(4, cut.size());
        for (var l : cut) assertFalse(l.closed());
    }

    @Test
    void saddleIsResolved() {
        double[] xs = Grid.linspace(-1, 1, 21);
        double[][] v = Grid.evaluate(xs, xs, p -> p[0] * p[1]);
        List<MarchingSquares.Polyline> lines = MarchingSquares.contour(xs, xs, v, 0.25);
        assertEquals(2, lines.size());
        for (var l : lines) for (int k = 0; k < l.size(); k++) assertEquals(0.25, l.x()[k] * l.y()[k], 0.01);
    }

    @Test
    void evenLevelsAreStrictlyInside() {
        assertArrayEquals(new double[] {1, 2, 3}, MarchingSquares.evenLevels(0, 4, 3), 1e-12);
    }

    @Test
    void heatMapWithColourBarAndSamples() {
        // a two-bump density
        var rho = (java.util.function.ToDoubleFunction<double[]>) p ->
                Math.exp(-((p[0] - 1) * (p[0] - 1) + p[1] * p[1]) / 0.5) + 0.6 * Math.exp(-((p[0] + 1) * (p[0] + 1) + (p[1] - 1) * (p[1] - 1)) / 0.3);
        BufferedImage img = Figures.heatMap(rho, -3, 3, -2.5, 3, 120).title("model density ρ(x)").colorBarLabel("ρ(x)")
                .samples(moons(300, 3)).toImage();
        assertFigure(img, 850, 700, 0.3);
        save(img, "heatmap.png");
        // the raster fills the plot: the centre of the image is mostly colour, not white
        assertTrue(distinctColours(img, 200, 200, 600, 500) > 200);
        BufferedImage plain = Figures.heatMap(Grid.linspace(0, 1, 5), Grid.linspace(0, 2, 4),
                new double[][] {{0, 1, 2, 3, 4}, {1, 2, 3, 4, 5}, {2, 3, 4, 5, 6}, {3, 4, 5, 6, Double.NaN}})
                .colormap(Colormap.MAGMA).size(600, 500).toImage();
        assertFigure(plain, 600, 500, 0.3);
        save(plain, "heatmap-small.png");
    }

    @Test
    void contoursWithQuiverAndSamples() {
        // a convex, anisotropic potential
        var phi = (java.util.function.ToDoubleFunction<double[]>) p -> 0.5 * p[0] * p[0] + 1.5 * p[1] * p[1] + 0.4 * p[0] * p[1] + Math.log(1 + Math.exp(p[0]));
        ContourPlot c = Figures.contours(phi, -3, 3, -3, 3, 101).samples(gaussian(300, 4));
        assertEquals(12, c.effectiveLevels().length);
        BufferedImage img = c.toImage();
        assertFigure(img, 850, 700, 0.03);
        save(img, "contours.png");
        BufferedImage exact = Figures.contours(phi, -2, 2, -2, 2, 81)
                .gradient(p -> new double[] {p[0] + 0.4 * p[1] + 1 / (1 + Math.exp(-p[0])), 3 * p[1] + 0.4 * p[0]})
                .quantileLevels(10).colorBar(false, null).size(700, 650).title("quantile levels, exact ∇Φ").toImage();
        assertFigure(exact, 700, 650, 0.03);
        save(exact, "contours-quantile.png");
    }

    @Test
    void scatterGridAndSavePng() throws Exception {
        BufferedImage a = Figures.scatter().add("moons", moons(500, 1)).add("N(0, I)", gaussian(500, 2)).title("two sets").toImage();
        assertFigure(a, 700, 650, 0.01);
        BufferedImage b = Figures.scatter(gaussian(200, 3), "gaussian");
        BufferedImage g = Figures.grid(2, a, b, a);
        assertEquals(1400, g.getWidth());
        assertEquals(1300, g.getHeight());
        java.nio.file.Path p = OUT.resolve("nested/dir/grid.png");
        java.nio.file.Files.deleteIfExists(p);
        Figures.savePng(g, p);
        BufferedImage back = javax.imageio.ImageIO.read(p.toFile());
        assertNotNull(back);
        assertEquals(g.getWidth(), back.getWidth());
        assertEquals(g.getHeight(), back.getHeight());
        for (int y = 0; y < g.getHeight(); y += 37) for (int x = 0; x < g.getWidth(); x += 41)
            assertEquals(g.getRGB(x, y), back.getRGB(x, y));
        save(a, "scatter.png");
    }
}
