package org.icnnvarpro.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.icnnvarpro.data.Samples;
import org.knowm.xchart.XYChart;

/**
 * Heat map of values on a grid (e.g. a model density ρ(x)) with a colour bar, numeric axes in
 * data coordinates, and optionally sample points on top. Start with {@link Figures#heatMap}.
 *
 * <p>Rendering: the colour image is computed per screen pixel by bilinear interpolation of the
 * grid values (then mapped through the {@link Colormap}) and drawn with Java2D under an XChart
 * {@link XYChart} that supplies axes, ticks, labels and the sample overlay. XChart's own
 * {@code HeatMapChart} was not used: it treats x and y as categories (one tick label per grid
 * column, unreadable for a 100 × 100 grid), draws each cell as a separate rectangle, and has no
 * numeric colour bar.
 *
 * <p>NaN values (e.g. where a density could not be evaluated) show as light grey, together with
 * the grid cells around them.
 */
public final class HeatMap {
    private final double[] xs, ys;
    private final double[][] values;
    private String title = "", xLabel = "x₁", yLabel = "x₂", barLabel = "";
    private Colormap cmap = Colormap.VIRIDIS;
    private double vMin = Double.NaN, vMax = Double.NaN;
    private Samples samples;
    private String samplesName = "samples";
    private Color sampleColor = new Color(0xd6, 0x27, 0x28, 150);
    private int markerSize = 3;
    private int width = 850, height = 700;

    HeatMap(double[] xs, double[] ys, double[][] values) {
        Grid.check(xs, ys, values);
        this.xs = xs.clone();
        this.ys = ys.clone();
        this.values = values;
    }

    /** Chart title (default none). */
    public HeatMap title(String title) { this.title = title; return this; }

    /** Axis labels (default x₁, x₂). */
    public HeatMap labels(String xLabel, String yLabel) { this.xLabel = xLabel; this.yLabel = yLabel; return this; }

    /** Label next to the colour bar, e.g. "ρ(x)" (default none). */
    public HeatMap colorBarLabel(String label) { this.barLabel = label; return this; }

    /** The colour map (default {@link Colormap#VIRIDIS}). */
    public HeatMap colormap(Colormap cmap) { this.cmap = cmap; return this; }

    /** Values mapped to the ends of the colour map (default: min and max of the finite values); others are clamped. */
    public HeatMap valueRange(double min, double max) { this.vMin = min; this.vMax = max; return this; }

    /** Overlays the first two coordinates of {@code s} as small points named "samples". */
    public HeatMap samples(Samples s) { return samples("samples", s); }

    /** Overlays the first two coordinates of {@code s} as small points with a legend entry {@code name}. */
    public HeatMap samples(String name, Samples s) { this.samples = s; this.samplesName = name; return this; }

    /** Colour of the overlaid points (default translucent red, visible on all colour maps). */
    public HeatMap sampleColor(Color c) { this.sampleColor = c; return this; }

    /** Marker diameter of overlaid points in pixels (default 3). */
    public HeatMap markerSize(int px) { this.markerSize = px; return this; }

    /** Image size in pixels, colour bar included (default 850 × 700). */
    public HeatMap size(int width, int height) { this.width = width; this.height = height; return this; }

    /** Renders the figure. */
    public BufferedImage toImage() {
        double[] vr = Grid.finiteRange(values);
        double lo = Double.isNaN(vMin) ? vr[0] : vMin, hi = Double.isNaN(vMax) ? vr[1] : vMax;
        if (Double.isNaN(lo)) { lo = 0; hi = 1; }
        final double a = lo, b = hi > lo ? hi : lo + 1;
        double[] range = {xs[0], xs[xs.length - 1], ys[0], ys[ys.length - 1]};
        int barW = barWidth(a, b);
        XYChart chart = Style.xyChart(width - barW, height, title, xLabel, yLabel, 1);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setPlotContentSize(1.0);
        Style.range(chart, range[0], range[1], range[2], range[3]);
        Style.invisibleFrame(chart, range[0], range[1], range[2], range[3]);
        if (samples != null && samples.size() > 0) {
            Style.scatter(chart, samplesName, samples.column(0), samples.column(1), sampleColor, markerSize);
            chart.getStyler().setLegendVisible(true);
        } else {
            chart.getStyler().setLegendVisible(false);
        }
        Rectangle2D[] plot = new Rectangle2D[1];
        BufferedImage img = ChartCanvas.render(chart, range,
                (g, m) -> { plot[0] = m.plot; drawRaster(g, m, range, a, b); }, null);
        return withColorBar(img, plot[0], t -> cmap.color(t), a, b, barLabel, width);
    }

    private int barWidth(double a, double b) {
        Graphics2D g = Figures.blank(1, 1).createGraphics();
        int w = ChartCanvas.colorBarWidth(g, 22, a, b, barLabel, 13);
        g.dispose();
        return w + 6;
    }

    /** Places a colour bar right of {@code img}, aligned with the plot box, on a canvas {@code width} wide. */
    static BufferedImage withColorBar(BufferedImage img, Rectangle2D plot, java.util.function.DoubleFunction<Color> colours,
                                      double a, double b, String label, int width) {
        BufferedImage out = Figures.blank(width, img.getHeight());
        Graphics2D g = out.createGraphics();
        ChartCanvas.hints(g);
        g.drawImage(img, 0, 0, null);
        Rectangle2D box = new Rectangle2D.Double(img.getWidth() + 2, plot.getY(), 22, plot.getHeight());
        ChartCanvas.colorBar(g, box, colours, a, b, label, 13);
        g.dispose();
        return out;
    }

    private void drawRaster(Graphics2D g, ChartCanvas.Mapping m, double[] range, double a, double b) {
        Rectangle2D p = m.plot;
        int px0 = (int) Math.floor(p.getX()), py0 = (int) Math.floor(p.getY());
        int pw = (int) Math.ceil(p.getMaxX()) - px0, ph = (int) Math.ceil(p.getMaxY()) - py0;
        if (pw <= 0 || ph <= 0) return;
        BufferedImage r = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_RGB);
        double sx0 = m.sx(range[0]), sx1 = m.sx(range[1]), sy0 = m.sy(range[2]), sy1 = m.sy(range[3]);
        for (int row = 0; row < ph; row++) {
            double y = range[2] + (py0 + row + 0.5 - sy0) / (sy1 - sy0) * (range[3] - range[2]);
            for (int col = 0; col < pw; col++) {
                double x = range[0] + (px0 + col + 0.5 - sx0) / (sx1 - sx0) * (range[1] - range[0]);
                double v = bilinear(xs, ys, values, x, y);
                r.setRGB(col, row, cmap.rgb(Double.isNaN(v) ? Double.NaN : (v - a) / (b - a)));
            }
        }
        g.drawImage(r, px0, py0, null);
    }

    /** Bilinear interpolation of grid values at {@code (x, y)}, clamped to the grid. */
    static double bilinear(double[] xs, double[] ys, double[][] v, double x, double y) {
        int i = cell(xs, x), j = cell(ys, y);
        double tx = Math.max(0, Math.min(1, (x - xs[i]) / (xs[i + 1] - xs[i])));
        double ty = Math.max(0, Math.min(1, (y - ys[j]) / (ys[j + 1] - ys[j])));
        return (1 - ty) * ((1 - tx) * v[j][i] + tx * v[j][i + 1]) + ty * ((1 - tx) * v[j + 1][i] + tx * v[j + 1][i + 1]);
    }

    /** Index {@code i} with {@code a[i] <= t < a[i+1]}, clamped to {@code [0, a.length − 2]}. */
    static int cell(double[] a, double t) {
        int lo = 0, hi = a.length - 1;
        if (t <= a[0]) return 0;
        if (t >= a[hi]) return hi - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= t) lo = mid;
            else hi = mid;
        }
        return lo;
    }
}
