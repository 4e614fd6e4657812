package org.icnnvarpro.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Shared look of all figures: fonts sized for a notebook cell about 800–1000 px wide, palette, colours. */
final class Style {
    private Style() {}

    /** The logical sans-serif font; on Linux (and Binder with fonts-dejavu-core) this resolves to DejaVu Sans. */
    static final String FAMILY = Font.SANS_SERIF;

    static final Color BACKGROUND = Color.WHITE;
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Color GRID = new Color(0xe3, 0xe3, 0xe3);
    static final Color BORDER = new Color(0x88, 0x88, 0x88);

    /** Matplotlib's "tab10" palette: distinct, colour-blind tolerable, familiar. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf),
    };

    static Color palette(int i) { return PALETTE[Math.floorMod(i, PALETTE.length)]; }

    static Color withAlpha(Color c, int alpha) { return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha); }

    static Font font(int style, float size) { return new Font(FAMILY, style, Math.round(size)); }

    /**
     * A styled, empty XY chart. {@code scale} multiplies all font sizes (1 for a stand-alone
     * figure about 800 px wide, a little less for panels of a grid).
     */
    static XYChart xyChart(int width, int height, String title, String xLabel, String yLabel, double scale) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title == null ? "" : title);
        chart.setXAxisTitle(xLabel == null ? "" : xLabel);
        chart.setYAxisTitle(yLabel == null ? "" : yLabel);
        XYStyler s = chart.getStyler();
        s.setChartTitleVisible(title != null && !title.isEmpty());
        s.setXAxisTitleVisible(xLabel != null && !xLabel.isEmpty());
        s.setYAxisTitleVisible(yLabel != null && !yLabel.isEmpty());
        s.setChartBackgroundColor(BACKGROUND);
        s.setPlotBackgroundColor(BACKGROUND);
        s.setPlotBorderColor(BORDER);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartFontColor(TEXT);
        s.setAxisTickLabelsColor(TEXT);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(font(Font.BOLD, 17 * (float) scale));
        s.setAxisTitleFont(font(Font.PLAIN, 15 * (float) scale));
        s.setAxisTickLabelsFont(font(Font.PLAIN, 13 * (float) scale));
        s.setLegendFont(font(Font.PLAIN, 13 * (float) scale));
        s.setLegendBorderColor(BORDER);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        s.setChartPadding(8);
        s.setAntiAlias(true);
        s.setAxisTicksLineVisible(false); // the plot border already frames the data; the offset extra lines look doubled
        s.setToolTipsEnabled(false);
        s.setSeriesColors(PALETTE);
        s.setMarkerSize(4);
        s.setPlotContentSize(0.96);
        return chart;
    }

    /** Fixes both axis ranges (no auto-scaling). */
    static void range(XYChart chart, double xMin, double xMax, double yMin, double yMax) {
        XYStyler s = chart.getStyler();
        s.setXAxisMin(xMin);
        s.setXAxisMax(xMax);
        s.setYAxisMin(yMin);
        s.setYAxisMax(yMax);
    }

    /** Adds a scatter series (no line). Returns null, and adds nothing, when there are no points. */
    static XYSeries scatter(XYChart chart, String name, double[] x, double[] y, Color color, int markerSize) {
        if (x.length == 0) return null;
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setLineStyle(SeriesLines.NONE);
        chart.getStyler().setMarkerSize(markerSize);
        return s;
    }

    /** Adds a line series without markers; NaN in {@code y} breaks the line. */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, float width) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return s;
    }

    /**
     * An invisible two-point series spanning the given box: XChart needs at least one series to
     * draw axes, and figures that paint their content with Java2D have none of their own. Also
     * fixes the axis ranges to the box. The points sit at irregular interior positions: with only
     * a few points XChart otherwise takes the data x values themselves as the only tick marks.
     */
    static void invisibleFrame(XYChart chart, double xMin, double xMax, double yMin, double yMax) {
        range(chart, xMin, xMax, yMin, yMax);
        double[] f = {0.3137, 0.5219, 0.7283};
        double[] x = new double[3], y = new double[3];
        for (int i = 0; i < 3; i++) { x[i] = xMin + f[i] * (xMax - xMin); y[i] = yMin + f[2 - i] * (yMax - yMin); }
        XYSeries s = chart.addSeries(" frame", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.NONE);
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setShowInLegend(false);
    }
}
