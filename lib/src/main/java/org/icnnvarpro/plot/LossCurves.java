package org.icnnvarpro.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Loss curves of several training schemes over several runs (thesis Figure 4.1): for each scheme
 * the mean curve and a shaded band (mean ± one standard deviation, or min–max), training loss
 * in the left panel and validation loss in the right, each scheme in the same colour in both.
 * Start with {@link Figures#lossCurves()}.
 *
 * <p>Runs of one scheme are usually logged at different x (work units, seconds, iterations), so
 * each run is interpolated linearly onto a common grid first: {@link #commonGrid} spans the x
 * range that <em>all</em> runs of the scheme cover (from the largest first x to the smallest last
 * x), so every mean is over every run; evenly spaced, or logarithmically with {@link #logX}.
 */
public final class LossCurves {

    /** One run: loss {@code y[i]} at {@code x[i]}; {@code x} must be non-decreasing. */
    public record Run(double[] x, double[] y) {
        /** Checks lengths and ordering. */
        public Run {
            if (x.length != y.length) throw new IllegalArgumentException("x has " + x.length + " values, y has " + y.length);
            if (x.length == 0) throw new IllegalArgumentException("empty run");
            for (int i = 1; i < x.length; i++)
                if (x[i] < x[i - 1]) throw new IllegalArgumentException("x must be non-decreasing (index " + i + ")");
        }
    }

    /** What the shaded band shows. */
    public enum Spread {
        /** mean ± one (population) standard deviation over runs. */
        STD,
        /** from the smallest to the largest run value. */
        MIN_MAX,
        /** no band, mean only. */
        NONE
    }

    /** Runs of one scheme on a common grid: mean, standard deviation, min and max at each grid x. */
    public record Summary(double[] x, double[] mean, double[] std, double[] min, double[] max) {}

    private final Map<String, List<Run>> training = new LinkedHashMap<>(), validation = new LinkedHashMap<>();
    private final Map<String, Color> colours = new LinkedHashMap<>();
    private Spread spread = Spread.STD;
    private boolean logX, logY;
    private double yMin = Double.NaN, yMax = Double.NaN;
    private double robustQuantile = Double.NaN;
    private int gridPoints = 200;
    private String title = "", xLabel = "work units", yLabel = "loss";
    private String trainTitle = "training loss", validationTitle = "validation loss";
    private int width = 1000, height = 450;

    LossCurves() {}

    /** Training-loss runs of {@code scheme} (added to any given before). */
    public LossCurves training(String scheme, List<Run> runs) { training.computeIfAbsent(scheme, k -> new ArrayList<>()).addAll(runs); return this; }

    /** Training-loss runs of {@code scheme}. */
    public LossCurves training(String scheme, Run... runs) { return training(scheme, Arrays.asList(runs)); }

    /** Training-loss runs of several schemes (scheme → runs), in the map's iteration order. */
    public LossCurves training(Map<String, List<Run>> runs) { runs.forEach(this::training); return this; }

    /** Validation-loss runs of {@code scheme} (added to any given before). */
    public LossCurves validation(String scheme, List<Run> runs) { validation.computeIfAbsent(scheme, k -> new ArrayList<>()).addAll(runs); return this; }

    /** Validation-loss runs of {@code scheme}. */
    public LossCurves validation(String scheme, Run... runs) { return validation(scheme, Arrays.asList(runs)); }

    /** Validation-loss runs of several schemes (scheme → runs). */
    public LossCurves validation(Map<String, List<Run>> runs) { runs.forEach(this::validation); return this; }

    /** Fixes the colour of a scheme (default: palette colours in order of first appearance). */
    public LossCurves color(String scheme, Color c) { colours.put(scheme, c); return this; }

    /** The band: {@link Spread#STD} (default), {@link Spread#MIN_MAX} or {@link Spread#NONE}. */
    public LossCurves spread(Spread spread) { this.spread = spread; return this; }

    /** Logarithmic x axis (default false); needs positive x. */
    public LossCurves logX(boolean log) { this.logX = log; return this; }

    /** Logarithmic y axis (default false); needs positive losses (band ends ≤ 0 are clamped). */
    public LossCurves logY(boolean log) { this.logY = log; return this; }

    /** Fixes the y range of both panels (default: fitted to the data); spikes beyond it are cut off. */
    public LossCurves yRange(double min, double max) {
        if (!(min < max)) throw new IllegalArgumentException("y range needs min < max, got " + min + ", " + max);
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    /**
     * Fits the y range of both panels to the data robustly (unless {@link #yRange} fixed it): from
     * the smallest logged value to the {@code quantile} of all values (0.9, say), leaving out each
     * run's first point (the initial network, before any training), with a 5 % margin. Transient
     * spikes and the slow start above that quantile are cut off, so that one spike does not flatten
     * every curve.
     */
    public LossCurves robustY(double quantile) {
        if (!(quantile > 0 && quantile <= 1)) throw new IllegalArgumentException("quantile must be in (0, 1], got " + quantile);
        this.robustQuantile = quantile;
        return this;
    }

    /** The y range {@link #robustY} chose for the current runs, {@code {min, max}}, or null if none applies. */
    public double[] robustRange() {
        if (Double.isNaN(robustQuantile)) return null;
        List<Double> v = new ArrayList<>();
        for (Map<String, List<Run>> m : List.of(training, validation)) {
            for (List<Run> rs : m.values()) {
                for (Run r : rs) {
                    for (int i = 1; i < r.y().length; i++) if (Double.isFinite(r.y()[i])) v.add(r.y()[i]);
                }
            }
        }
        if (v.size() < 2) return null;
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double lo = a[0], hi = a[(int) Math.min(a.length - 1, Math.ceil(robustQuantile * a.length) - 1)];
        if (!(hi > lo)) return null;
        double pad = 0.05 * (hi - lo);
        return new double[] {lo - pad, hi + pad};
    }

    /** Points of the common x grid (default 200). */
    public LossCurves gridPoints(int n) { this.gridPoints = n; return this; }

    /** Title above both panels (default none). */
    public LossCurves title(String title) { this.title = title; return this; }

    /** Axis labels (default "work units", "loss"). */
    public LossCurves labels(String xLabel, String yLabel) { this.xLabel = xLabel; this.yLabel = yLabel; return this; }

    /** Panel titles (default "training loss", "validation loss"). */
    public LossCurves panelTitles(String training, String validation) { this.trainTitle = training; this.validationTitle = validation; return this; }

    /** Size of the whole image in pixels (default 1000 × 450). */
    public LossCurves size(int width, int height) { this.width = width; this.height = height; return this; }

    /** The two panels side by side (only one if only training or only validation runs were given), at exactly the configured size. */
    public BufferedImage toImage() {
        assignColours();
        boolean both = !training.isEmpty() && !validation.isEmpty();
        int titleBand = FlowFigure.textBand(title, Style.font(java.awt.Font.BOLD, 20));
        int pw = both ? width / 2 : width, ph = height - titleBand;
        List<BufferedImage> panels = new ArrayList<>();
        if (!training.isEmpty() || validation.isEmpty()) panels.add(ChartCanvas.plain(panel(training, trainTitle, pw, ph)));
        if (!validation.isEmpty()) panels.add(ChartCanvas.plain(panel(validation, validationTitle, pw, ph)));
        return FlowFigure.fit(Figures.titled(title, Figures.grid(panels.size(), panels)), width, height);
    }

    /** The training panel as an XChart chart (for further styling). */
    public XYChart trainingChart() { assignColours(); return panel(training, trainTitle, width / 2, height); }

    /** The validation panel as an XChart chart (for further styling). */
    public XYChart validationChart() { assignColours(); return panel(validation, validationTitle, width / 2, height); }

    private void assignColours() {
        LinkedHashSet<String> schemes = new LinkedHashSet<>(training.keySet());
        schemes.addAll(validation.keySet());
        int k = 0;
        for (String s : schemes) {
            if (!colours.containsKey(s)) {
                while (colours.containsValue(Style.palette(k)) && k < Style.PALETTE.length) k++;
                colours.put(s, Style.palette(k++));
            }
        }
    }

    private XYChart panel(Map<String, List<Run>> runs, String panelTitle, int w, int h) {
        XYChart chart = Style.xyChart(w, h, panelTitle, xLabel, yLabel, 0.95);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        if (!logX) chart.getStyler().setXAxisDecimalPattern("#,##0");
        double[] robust = Double.isNaN(yMin) ? robustRange() : null;
        if (!Double.isNaN(yMin)) {
            chart.getStyler().setYAxisMin(yMin);
            chart.getStyler().setYAxisMax(yMax);
        } else if (robust != null) {
            chart.getStyler().setYAxisMin(robust[0]);
            chart.getStyler().setYAxisMax(robust[1]);
        }
        chart.getStyler().setLegendVisible(!runs.isEmpty());
        if (runs.isEmpty()) {
            Style.invisibleFrame(chart, logX ? 1 : 0, logX ? 10 : 1, logY ? 1 : 0, logY ? 10 : 1);
            return chart;
        }
        for (var e : runs.entrySet()) {
            String name = e.getKey();
            Color c = colours.get(name);
            List<Run> rs = logX ? positiveX(e.getValue()) : e.getValue();
            if (rs.isEmpty()) continue;
            double[] grid = commonGrid(rs, rs.size() == 1 ? Math.max(2, rs.get(0).x().length) : gridPoints, logX);
            Summary s = rs.size() == 1 && Arrays.equals(grid, rs.get(0).x()) ? single(rs.get(0)) : summarize(rs, grid);
            if (spread != Spread.NONE && rs.size() > 1) {
                double[] lo = new double[grid.length], hi = new double[grid.length];
                for (int i = 0; i < grid.length; i++) {
                    lo[i] = spread == Spread.STD ? s.mean()[i] - s.std()[i] : s.min()[i];
                    hi[i] = spread == Spread.STD ? s.mean()[i] + s.std()[i] : s.max()[i];
                }
                if (logY) clampPositive(lo, s.min());
                band(chart, name + " band", grid, lo, hi, c);
            }
            String label = rs.size() > 1 ? name + " (" + rs.size() + " runs)" : name;
            Style.line(chart, label, s.x(), s.mean(), c, 2.2f);
        }
        return chart;
    }

    /** The runs restricted to x > 0 (a log axis cannot show x <= 0, e.g. a loss logged at iteration 0). */
    private static List<Run> positiveX(List<Run> runs) {
        List<Run> out = new ArrayList<>();
        for (Run r : runs) {
            int k = 0;
            while (k < r.x().length && !(r.x()[k] > 0)) k++;
            if (k < r.x().length) out.add(new Run(Arrays.copyOfRange(r.x(), k, r.x().length), Arrays.copyOfRange(r.y(), k, r.y().length)));
        }
        return out;
    }

    private static void clampPositive(double[] lo, double[] min) {
        double floor = Double.POSITIVE_INFINITY;
        for (double v : min) if (v > 0) floor = Math.min(floor, v);
        if (!Double.isFinite(floor)) floor = 1e-12;
        for (int i = 0; i < lo.length; i++) if (!(lo[i] > 0)) lo[i] = floor;
    }

    /** A filled polygon from {@code lo} to {@code hi} over {@code x}, not in the legend. */
    private static void band(XYChart chart, String name, double[] x, double[] lo, double[] hi, Color c) {
        int n = x.length;
        double[] px = new double[2 * n], py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = hi[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = lo[i];
        }
        XYSeries s = chart.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.NONE);
        s.setLineColor(Style.withAlpha(c, 0));
        s.setFillColor(Style.withAlpha(c, 55));
        s.setShowInLegend(false);
    }

    // ---------------------------------------------------------------- numerics (public for reuse and tests)

    /**
     * {@code n} grid points over the x range every run covers: from the largest first x to the
     * smallest last x; log-spaced if {@code log} (and the range is positive).
     */
    public static double[] commonGrid(List<Run> runs, int n, boolean log) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs");
        double a = Double.NEGATIVE_INFINITY, b = Double.POSITIVE_INFINITY;
        for (Run r : runs) { a = Math.max(a, r.x()[0]); b = Math.min(b, r.x()[r.x().length - 1]); }
        if (!(b > a)) {
            if (b == a) return new double[] {a, a};
            throw new IllegalArgumentException("runs do not overlap in x: common range would be [" + a + ", " + b + "]");
        }
        return log && a > 0 ? Grid.logspace(a, b, n) : Grid.linspace(a, b, n);
    }

    /**
     * Piecewise linear interpolation of {@code (x, y)} at the points {@code at}; NaN outside
     * {@code [x[0], x[last]]}. At repeated x the later value wins.
     */
    public static double[] interpolate(double[] x, double[] y, double[] at) {
        double[] out = new double[at.length];
        for (int k = 0; k < at.length; k++) {
            double t = at[k];
            if (x.length == 1) { out[k] = t == x[0] ? y[0] : Double.NaN; continue; }
            if (t < x[0] || t > x[x.length - 1] || Double.isNaN(t)) { out[k] = Double.NaN; continue; }
            int i = HeatMap.cell(x, t);
            while (i + 1 < x.length - 1 && x[i + 1] <= t) i++;
            double dx = x[i + 1] - x[i];
            out[k] = dx == 0 ? y[i + 1] : y[i] + (t - x[i]) / dx * (y[i + 1] - y[i]);
        }
        return out;
    }

    /** Interpolates every run onto {@code grid} and takes mean, population std, min and max pointwise (ignoring NaN). */
    public static Summary summarize(List<Run> runs, double[] grid) {
        int n = grid.length;
        double[] mean = new double[n], std = new double[n], min = new double[n], max = new double[n];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        int[] count = new int[n];
        List<double[]> ys = new ArrayList<>();
        for (Run r : runs) ys.add(interpolate(r.x(), r.y(), grid));
        for (double[] y : ys) for (int i = 0; i < n; i++) if (!Double.isNaN(y[i])) { mean[i] += y[i]; count[i]++; min[i] = Math.min(min[i], y[i]); max[i] = Math.max(max[i], y[i]); }
        for (int i = 0; i < n; i++) mean[i] = count[i] == 0 ? Double.NaN : mean[i] / count[i];
        for (double[] y : ys) for (int i = 0; i < n; i++) if (!Double.isNaN(y[i])) std[i] += (y[i] - mean[i]) * (y[i] - mean[i]);
        for (int i = 0; i < n; i++) {
            std[i] = count[i] == 0 ? Double.NaN : Math.sqrt(std[i] / count[i]);
            if (count[i] == 0) { min[i] = Double.NaN; max[i] = Double.NaN; }
        }
        return new Summary(grid, mean, std, min, max);
    }

    private static Summary single(Run r) {
        double[] zero = new double[r.x().length];
        return new Summary(r.x(), r.y(), zero, r.y(), r.y());
    }

    /** One run's training and (optionally, may be null) validation loss in one panel. */
    static BufferedImage single(double[] x, double[] train, double[] val, String title, String xLabel, String yLabel, int w, int h) {
        XYChart chart = Style.xyChart(w, h, title, xLabel, yLabel, 1);
        Style.line(chart, "training", x, train, Style.palette(0), 2.2f);
        if (val != null) Style.line(chart, "validation", x, val, Style.palette(1), 2.2f);
        return ChartCanvas.plain(chart);
    }
}
