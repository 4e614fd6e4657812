package org.icnnvarpro.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.Function;
import org.icnnvarpro.data.Samples;
import org.knowm.xchart.XYChart;

/**
 * Level lines of a potential Φ on a grid (marching squares, coloured by level, with a colour
 * bar) and arrows of its gradient ∇Φ on a coarser grid (a quiver plot), optionally with sample
 * points. Start with {@link Figures#contours}.
 *
 * <p>Without {@link #gradient} the arrows come from central differences of the Φ grid itself. The
 * longest arrow is as long as 0.9 coarse-grid cells; the others are to scale. Arrows are drawn in
 * screen space so their heads are never distorted by unequal axis scales.
 */
public final class ContourPlot {
    private final double[] xs, ys;
    private final double[][] phi;
    private double[] levels;
    private int levelCount = 12;
    private boolean quantileLevels;
    private Function<double[], double[]> gradient;
    private int arrows = 17;
    private Samples samples;
    private String samplesName = "samples";
    private Color sampleColor = new Color(0xd6, 0x27, 0x28, 130);
    private Color arrowColor = new Color(0x33, 0x33, 0x33);
    private Colormap cmap = Colormap.VIRIDIS;
    private String title = "Φ (contours) and ∇Φ (arrows)", xLabel = "x₁", yLabel = "x₂", barLabel = "Φ";
    private boolean colorBar = true;
    private int width = 850, height = 700;

    ContourPlot(double[] xs, double[] ys, double[][] phi) {
        Grid.check(xs, ys, phi);
        this.xs = xs.clone();
        this.ys = ys.clone();
        this.phi = phi;
    }

    /** Number of levels, spaced evenly strictly between min and max of Φ (default 12). */
    public ContourPlot levels(int n) { this.levelCount = n; this.levels = null; this.quantileLevels = false; return this; }

    /** Explicit contour levels. */
    public ContourPlot levels(double... values) { this.levels = values.clone(); return this; }

    /** {@code n} levels at quantiles of the Φ grid values: more lines where Φ is flat, fewer in the steep corners. */
    public ContourPlot quantileLevels(int n) { this.levelCount = n; this.levels = null; this.quantileLevels = true; return this; }

    /** The gradient ∇Φ as a function (first two components used); default: finite differences of the grid. */
    public ContourPlot gradient(Function<double[], double[]> gradPhi) { this.gradient = gradPhi; return this; }

    /** Number of arrows per axis (default 17); 0 hides the arrows. */
    public ContourPlot arrows(int perAxis) { this.arrows = perAxis; return this; }

    /** Colour of the arrows (default dark grey). */
    public ContourPlot arrowColor(Color c) { this.arrowColor = c; return this; }

    /** Overlays the first two coordinates of {@code s} as small points. */
    public ContourPlot samples(Samples s) { return samples("samples", s); }

    /** Overlays the first two coordinates of {@code s} as small points with a legend entry {@code name}. */
    public ContourPlot samples(String name, Samples s) { this.samples = s; this.samplesName = name; return this; }

    /** Colour of the overlaid points (default translucent red). */
    public ContourPlot sampleColor(Color c) { this.sampleColor = c; return this; }

    /** Colour map for the levels (default {@link Colormap#VIRIDIS}, its light top end left out). */
    public ContourPlot colormap(Colormap cmap) { this.cmap = cmap; return this; }

    /** Chart title (default "Φ (contours) and ∇Φ (arrows)"). */
    public ContourPlot title(String title) { this.title = title; return this; }

    /** Axis labels (default x₁, x₂). */
    public ContourPlot labels(String xLabel, String yLabel) { this.xLabel = xLabel; this.yLabel = yLabel; return this; }

    /** Whether to draw the colour bar of the levels (default true), and its label (default "Φ"). */
    public ContourPlot colorBar(boolean show, String label) { this.colorBar = show; this.barLabel = label; return this; }

    /** Image size in pixels (default 850 × 700). */
    public ContourPlot size(int width, int height) { this.width = width; this.height = height; return this; }

    /** The levels that will be drawn. */
    public double[] effectiveLevels() {
        if (levels != null) return levels.clone();
        if (quantileLevels) return MarchingSquares.quantileLevels(phi, levelCount);
        double[] r = Grid.finiteRange(phi);
        return Double.isNaN(r[0]) ? new double[0] : MarchingSquares.evenLevels(r[0], r[1], levelCount);
    }

    /** Renders the figure. */
    public BufferedImage toImage() {
        double[] lv = effectiveLevels();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double l : lv) { lo = Math.min(lo, l); hi = Math.max(hi, l); }
        if (!(hi > lo)) { lo = lv.length > 0 ? lv[0] - 0.5 : 0; hi = lo + 1; }
        final double a = lo, b = hi;
        java.util.function.DoubleFunction<Color> colours = t -> cmap == Colormap.GRAYS ? cmap.color(0.15 + 0.85 * t) : cmap.color(0.88 * t);

        int barW = 0;
        if (colorBar) {
            Graphics2D g = Figures.blank(1, 1).createGraphics();
            barW = ChartCanvas.colorBarWidth(g, 22, a, b, barLabel, 13) + 6;
            g.dispose();
        }
        double[] range = {xs[0], xs[xs.length - 1], ys[0], ys[ys.length - 1]};
        XYChart chart = Style.xyChart(width - barW, height, title, xLabel, yLabel, 1);
        chart.getStyler().setPlotContentSize(1.0);
        Style.range(chart, range[0], range[1], range[2], range[3]);
        Style.invisibleFrame(chart, range[0], range[1], range[2], range[3]);
        for (int k = 0; k < lv.length; k++) {
            List<MarchingSquares.Polyline> lines = MarchingSquares.contour(xs, ys, phi, lv[k]);
            if (lines.isEmpty()) continue;
            double[][] xy = joinWithGaps(lines);
            Style.line(chart, "level " + k, xy[0], xy[1], colours.apply((lv[k] - a) / (b - a)), 1.8f).setShowInLegend(false);
        }
        boolean legend = false;
        if (samples != null && samples.size() > 0) {
            Style.scatter(chart, samplesName, samples.column(0), samples.column(1), sampleColor, 3);
            legend = true;
        }
        chart.getStyler().setLegendVisible(legend);
        Rectangle2D[] plot = new Rectangle2D[1];
        // arrows go beneath the chart's own content so that contour lines, samples and legend stay on top
        BufferedImage img = ChartCanvas.render(chart, range, (g, m) -> { plot[0] = m.plot; drawArrows(g, m); }, null);
        return colorBar ? HeatMap.withColorBar(img, plot[0], colours, a, b, barLabel, width) : img;
    }

    /** All polylines in one x/y pair of arrays, separated by NaN so XChart breaks the line there. */
    static double[][] joinWithGaps(List<MarchingSquares.Polyline> lines) {
        int n = 0;
        for (var l : lines) n += l.size() + (l.closed() ? 1 : 0) + 1;
        double[] x = new double[n - 1], y = new double[n - 1];
        int k = 0;
        for (var l : lines) {
            if (k > 0) { x[k] = l.x()[0]; y[k] = Double.NaN; k++; }
            for (int i = 0; i < l.size(); i++) { x[k] = l.x()[i]; y[k] = l.y()[i]; k++; }
            if (l.closed()) { x[k] = l.x()[0]; y[k] = l.y()[0]; k++; }
        }
        return new double[][] {x, y};
    }

    private void drawArrows(Graphics2D g, ChartCanvas.Mapping m) {
        if (arrows < 2) return;
        double[] ax = Grid.linspace(xs[0], xs[xs.length - 1], arrows + 2);
        double[] ay = Grid.linspace(ys[0], ys[ys.length - 1], arrows + 2);
        ax = java.util.Arrays.copyOfRange(ax, 1, ax.length - 1); // keep arrows off the frame
        ay = java.util.Arrays.copyOfRange(ay, 1, ay.length - 1);
        double[][] u = new double[ay.length][ax.length], w = new double[ay.length][ax.length];
        double maxLen = 0;
        for (int j = 0; j < ay.length; j++) {
            for (int i = 0; i < ax.length; i++) {
                double[] gr = gradient != null ? gradient.apply(new double[] {ax[i], ay[j]}) : finiteDifference(ax[i], ay[j]);
                // screen direction: pixel offsets per unit of data
                u[j][i] = gr[0] * (m.sx(1) - m.sx(0));
                w[j][i] = gr[1] * (m.sy(1) - m.sy(0));
                double len = Math.hypot(u[j][i], w[j][i]);
                if (Double.isFinite(len)) maxLen = Math.max(maxLen, len);
            }
        }
        if (!(maxLen > 0)) return;
        double cellPx = Math.min(Math.abs(m.sx(ax[1]) - m.sx(ax[0])), Math.abs(m.sy(ay[1]) - m.sy(ay[0])));
        double scale = 0.9 * cellPx / maxLen;
        g.setColor(arrowColor);
        g.setStroke(new BasicStroke(1.3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int j = 0; j < ay.length; j++) {
            for (int i = 0; i < ax.length; i++) {
                double dx = u[j][i] * scale, dy = w[j][i] * scale, len = Math.hypot(dx, dy);
                if (!Double.isFinite(len) || len < 0.5) continue;
                double x0 = m.sx(ax[i]) - dx / 2, y0 = m.sy(ay[j]) - dy / 2, x1 = x0 + dx, y1 = y0 + dy;
                g.draw(new Line2D.Double(x0, y0, x1, y1));
                double head = Math.min(7, 0.35 * len), ux = dx / len, uy = dy / len;
                Path2D.Double tip = new Path2D.Double();
                tip.moveTo(x1, y1);
                tip.lineTo(x1 - head * ux + 0.5 * head * uy, y1 - head * uy - 0.5 * head * ux);
                tip.lineTo(x1 - head * ux - 0.5 * head * uy, y1 - head * uy + 0.5 * head * ux);
                tip.closePath();
                g.fill(tip);
            }
        }
    }

    /** Central differences of the bilinearly interpolated Φ grid. */
    private double[] finiteDifference(double x, double y) {
        double hx = (xs[xs.length - 1] - xs[0]) / (xs.length - 1), hy = (ys[ys.length - 1] - ys[0]) / (ys.length - 1);
        return new double[] {
            (HeatMap.bilinear(xs, ys, phi, x + hx, y) - HeatMap.bilinear(xs, ys, phi, x - hx, y)) / (2 * hx),
            (HeatMap.bilinear(xs, ys, phi, x, y + hy) - HeatMap.bilinear(xs, ys, phi, x, y - hy)) / (2 * hy),
        };
    }
}
