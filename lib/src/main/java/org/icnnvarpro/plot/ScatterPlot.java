package org.icnnvarpro.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.icnnvarpro.data.Samples;
import org.knowm.xchart.XYChart;

/**
 * Scatter plot of one or more 2-D point sets (samples of higher dimension show their first two
 * coordinates). Start with {@link Figures#scatter()}, add point sets, finish with
 * {@link #toImage()} or, to tweak it further with XChart, {@link #toChart()}.
 */
public final class ScatterPlot {
    private record Set(String name, double[] x, double[] y, Color color) {}

    private final List<Set> sets = new ArrayList<>();
    private String title = "";
    private String xLabel = "x₁", yLabel = "x₂";
    private double[] range;
    private boolean equalAxes = true;
    private int markerSize = 4;
    private int alpha = 170;
    private int width = 700, height = 650;
    private boolean legend = true;
    private double fontScale = 1;

    ScatterPlot() {}

    /** Adds the first two coordinates of {@code s} as a point set named {@code name} (next palette colour). */
    public ScatterPlot add(String name, Samples s) { return add(name, s, null); }

    /** Adds the first two coordinates of {@code s} in the given colour (null: next palette colour). */
    public ScatterPlot add(String name, Samples s, Color color) {
        if (s.dim() < 2) throw new IllegalArgumentException("scatter needs dim >= 2, got " + s.dim());
        return add(name, s.column(0), s.column(1), color);
    }

    /** Adds the points {@code (x[i], y[i])} as a point set named {@code name}. */
    public ScatterPlot add(String name, double[] x, double[] y) { return add(name, x, y, null); }

    /** Adds the points {@code (x[i], y[i])} in the given colour (null: next palette colour). */
    public ScatterPlot add(String name, double[] x, double[] y, Color color) {
        if (x.length != y.length) throw new IllegalArgumentException("x has " + x.length + " values, y has " + y.length);
        sets.add(new Set(name, x.clone(), y.clone(), color == null ? Style.palette(sets.size()) : color));
        return this;
    }

    /** Chart title (default none). */
    public ScatterPlot title(String title) { this.title = title; return this; }

    /** Axis labels (default x₁, x₂). */
    public ScatterPlot labels(String xLabel, String yLabel) { this.xLabel = xLabel; this.yLabel = yLabel; return this; }

    /** Fixed axis ranges (default: the data's bounding box plus 5%). */
    public ScatterPlot range(double xMin, double xMax, double yMin, double yMax) {
        this.range = new double[] {xMin, xMax, yMin, yMax};
        return this;
    }

    /** Same square range {@code [-r, r]} on both axes. */
    public ScatterPlot range(double r) { return range(-r, r, -r, r); }

    /** Whether automatic ranges get equal length on both axes (default true: shapes are not distorted). */
    public ScatterPlot equalAxes(boolean equal) { this.equalAxes = equal; return this; }

    /** Marker diameter in pixels (default 4). */
    public ScatterPlot markerSize(int px) { this.markerSize = px; return this; }

    /** Marker opacity 0–255 (default 170, so dense regions look darker). */
    public ScatterPlot alpha(int alpha) { this.alpha = alpha; return this; }

    /** Image size in pixels (default 700 × 650). */
    public ScatterPlot size(int width, int height) { this.width = width; this.height = height; return this; }

    /** Whether to show the legend (default true). */
    public ScatterPlot legend(boolean show) { this.legend = show; return this; }

    /** Multiplies all font sizes (default 1). */
    public ScatterPlot fontScale(double scale) { this.fontScale = scale; return this; }

    /** The configured XChart chart (for further styling with XChart's API). */
    public XYChart toChart() {
        XYChart chart = Style.xyChart(width, height, title, xLabel, yLabel, fontScale);
        double[] r = range != null ? range : autoRange();
        Style.range(chart, r[0], r[1], r[2], r[3]);
        boolean any = false;
        for (Set s : sets) any |= Style.scatter(chart, s.name, s.x, s.y, Style.withAlpha(s.color, alpha), markerSize) != null;
        if (!any) Style.invisibleFrame(chart, r[0], r[1], r[2], r[3]);
        chart.getStyler().setMarkerSize(markerSize);
        chart.getStyler().setLegendVisible(legend && any);
        return chart;
    }

    /** The figure as an image. */
    public BufferedImage toImage() { return ChartCanvas.plain(toChart()); }

    private double[] autoRange() {
        List<double[]> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (Set s : sets) { xs.add(s.x); ys.add(s.y); }
        return bounds(xs, ys, 0.05, equalAxes);
    }

    /** Bounding box {@code {xMin, xMax, yMin, yMax}} of the points, padded, optionally squared. */
    static double[] bounds(List<double[]> xs, List<double[]> ys, double pad, boolean square) {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = x0, y1 = x1;
        for (double[] a : xs) for (double v : a) if (Double.isFinite(v)) { x0 = Math.min(x0, v); x1 = Math.max(x1, v); }
        for (double[] a : ys) for (double v : a) if (Double.isFinite(v)) { y0 = Math.min(y0, v); y1 = Math.max(y1, v); }
        if (x0 > x1) { x0 = -1; x1 = 1; }
        if (y0 > y1) { y0 = -1; y1 = 1; }
        double wx = Math.max(x1 - x0, 1e-9), wy = Math.max(y1 - y0, 1e-9);
        if (square) { double w = Math.max(wx, wy); wx = w; wy = w; }
        double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        wx *= 0.5 + pad;
        wy *= 0.5 + pad;
        return new double[] {cx - wx, cx + wx, cy - wy, cy + wy};
    }
}
