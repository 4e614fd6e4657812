package org.icnnvarpro.plot;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * Paints an XChart {@link XYChart} into a {@link BufferedImage}, optionally with Java2D content
 * beneath the chart's series (a raster) or above them (arrows), positioned in data coordinates.
 *
 * <p>How: the chart is painted once to learn its layout ({@link XYChart#getScreenXFromChart} is
 * valid only after a paint); then the final image is filled white, the underlay is drawn, the chart
 * is painted again with transparent backgrounds (same size, same layout), and the overlay is drawn.
 */
final class ChartCanvas {
    private ChartCanvas() {}

    /** Data → pixel mapping of a painted chart, and the pixel rectangle of the data range. */
    static final class Mapping {
        private final XYChart chart;
        final Rectangle2D plot;

        Mapping(XYChart chart, double xMin, double xMax, double yMin, double yMax) {
            this.chart = chart;
            double x0 = chart.getScreenXFromChart(xMin), x1 = chart.getScreenXFromChart(xMax);
            double y0 = chart.getScreenYFromChart(yMax), y1 = chart.getScreenYFromChart(yMin);
            this.plot = new Rectangle2D.Double(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
        }

        double sx(double x) { return chart.getScreenXFromChart(x); }
        double sy(double y) { return chart.getScreenYFromChart(y); }
    }

    interface Painter { void paint(Graphics2D g, Mapping m); }

    static BufferedImage plain(XYChart chart) { return render(chart, null, null, null); }

    /**
     * Renders {@code chart}; {@code range = {xMin, xMax, yMin, yMax}} is the data box handed to the
     * painters (clipped to it). {@code under} or {@code over} may be null.
     */
    static BufferedImage render(XYChart chart, double[] range, Painter under, Painter over) {
        int w = chart.getWidth(), h = chart.getHeight();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        if (under == null && over == null) {
            Graphics2D g = img.createGraphics();
            hints(g);
            chart.paint(g, w, h);
            g.dispose();
            return img;
        }
        // pass 1: layout
        Graphics2D g0 = img.createGraphics();
        hints(g0);
        chart.paint(g0, w, h);
        g0.dispose();
        Mapping m = new Mapping(chart, range[0], range[1], range[2], range[3]);
        // pass 2: white, underlay, chart with transparent backgrounds, overlay
        Graphics2D g = img.createGraphics();
        hints(g);
        g.setColor(Style.BACKGROUND);
        g.fillRect(0, 0, w, h);
        if (under != null) clipped(g, m, under);
        Color chartBg = chart.getStyler().getChartBackgroundColor();
        Color plotBg = chart.getStyler().getPlotBackgroundColor();
        chart.getStyler().setChartBackgroundColor(new Color(0, 0, 0, 0));
        chart.getStyler().setPlotBackgroundColor(new Color(0, 0, 0, 0));
        try {
            chart.paint(g, w, h);
        } finally {
            chart.getStyler().setChartBackgroundColor(chartBg);
            chart.getStyler().setPlotBackgroundColor(plotBg);
        }
        if (over != null) clipped(g, m, over);
        g.dispose();
        return img;
    }

    private static void clipped(Graphics2D g, Mapping m, Painter p) {
        Shape clip = g.getClip();
        g.setComposite(AlphaComposite.SrcOver);
        g.clip(m.plot);
        p.paint(g, m);
        g.setClip(clip);
    }

    static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    /**
     * Draws a vertical colour bar for {@code [vMin, vMax]} into the given pixel box (the gradient)
     * with tick labels to its right and a rotated label further right.
     */
    static void colorBar(Graphics2D g, Rectangle2D box, java.util.function.DoubleFunction<Color> cmap, double vMin, double vMax, String label, float fontSize) {
        int x = (int) Math.round(box.getX()), y = (int) Math.round(box.getY());
        int w = (int) Math.round(box.getWidth()), h = (int) Math.round(box.getHeight());
        for (int r = 0; r < h; r++) {
            double t = h == 1 ? 0 : 1.0 - r / (double) (h - 1);
            g.setColor(cmap.apply(t));
            g.fillRect(x, y + r, w, 1);
        }
        g.setColor(Style.BORDER);
        g.drawRect(x, y, w - 1, h - 1);
        Font font = Style.font(Font.PLAIN, fontSize);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        double[] ticks = niceTicks(vMin, vMax, 6);
        int maxLabel = 0;
        for (double t : ticks) {
            if (vMax == vMin) break;
            double py = y + (h - 1) * (1 - (t - vMin) / (vMax - vMin));
            g.setColor(Style.TEXT);
            g.drawLine(x + w, (int) Math.round(py), x + w + 4, (int) Math.round(py));
            String s = formatTick(t, ticks);
            maxLabel = Math.max(maxLabel, fm.stringWidth(s));
            g.drawString(s, x + w + 7, (int) Math.round(py + fm.getAscent() / 2.0 - 1));
        }
        if (label != null && !label.isEmpty()) {
            AffineTransform at = g.getTransform();
            Font lf = Style.font(Font.PLAIN, fontSize + 2);
            g.setFont(lf);
            FontMetrics lm = g.getFontMetrics();
            double lx = x + w + 7 + maxLabel + 8 + lm.getAscent();
            double ly = y + h / 2.0 + lm.stringWidth(label) / 2.0;
            g.translate(lx, ly);
            g.rotate(-Math.PI / 2);
            g.drawString(label, 0, 0);
            g.setTransform(at);
        }
    }

    /** Pixel width {@link #colorBar} needs for the bar of width {@code barWidth}, labels and title. */
    static int colorBarWidth(Graphics2D g, int barWidth, double vMin, double vMax, String label, float fontSize) {
        g.setFont(Style.font(Font.PLAIN, fontSize));
        FontMetrics fm = g.getFontMetrics();
        double[] ticks = niceTicks(vMin, vMax, 6);
        int maxLabel = 0;
        for (double t : ticks) maxLabel = Math.max(maxLabel, fm.stringWidth(formatTick(t, ticks)));
        int lw = label == null || label.isEmpty() ? 0 : g.getFontMetrics(Style.font(Font.PLAIN, fontSize + 2)).getHeight() + 8;
        return barWidth + 7 + maxLabel + lw + 10;
    }

    /** About {@code n} round tick values inside {@code [a, b]}. */
    static double[] niceTicks(double a, double b, int n) {
        if (!(b > a)) return new double[] {a};
        double raw = (b - a) / Math.max(1, n - 1);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
        double first = Math.ceil(a / step - 1e-9) * step;
        int count = (int) Math.floor((b - first) / step + 1e-9) + 1;
        double[] t = new double[Math.max(count, 0)];
        for (int i = 0; i < t.length; i++) t[i] = first + i * step;
        return t;
    }

    static String formatTick(double v, double[] ticks) {
        double step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(v);
        double big = 0;
        for (double t : ticks) big = Math.max(big, Math.abs(t));
        if (Math.abs(v) < step * 1e-6) v = 0;
        if (big >= 1e5 || (big > 0 && big < 1e-3)) return String.format(Locale.ROOT, "%.2e", v);
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
    }
}
