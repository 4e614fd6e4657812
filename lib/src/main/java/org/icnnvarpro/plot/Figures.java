package org.icnnvarpro.plot;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.io.AtomicFile;

/**
 * Entry point of the plotting package: every figure starts here, and every figure ends as a
 * {@link BufferedImage} that an IJava notebook shows with {@code display(img)} and
 * {@link #savePng} writes to disk. Nothing opens a window; all of it works headless.
 *
 * <pre>{@code
 * BufferedImage img = Figures.flow()
 *     .target(x).pushForward(gradPhiX)
 *     .reference(z).generated(xGen)
 *     .title("moons, 4×32 ICNN")
 *     .toImage();
 * Figures.savePng(img, Path.of("out/flow.png"));
 * }</pre>
 *
 * <p>The figures: {@link #flow()} (the four-panel flow figure), {@link #lossCurves()} (mean and
 * spread of training/validation loss per scheme), {@link #lossCurve} (one run), {@link #heatMap}
 * (a density on a grid with colour bar), {@link #contours} (level lines of a potential with its
 * gradient field), {@link #scatter()}; and the helpers {@link #grid}, {@link #titled},
 * {@link #captioned}, {@link #savePng}.
 */
public final class Figures {
    private Figures() {}

    // ---------------------------------------------------------------- figures

    /** Four-panel flow figure (target x, ∇Φ(x), reference z, generated (∇Φ)⁻¹(z)). */
    public static FlowFigure flow() { return new FlowFigure(); }

    /** Training and validation loss, mean curve and spread band per scheme, side by side. */
    public static LossCurves lossCurves() { return new LossCurves(); }

    /**
     * One run's training (and optionally validation) loss against {@code x} (e.g. work units or
     * iterations); {@code validation} may be null.
     */
    public static BufferedImage lossCurve(double[] x, double[] training, double[] validation) {
        return LossCurves.single(x, training, validation, "loss", "work units", "loss", 900, 500);
    }

    /** Heat map of {@code values[iy][ix]} given at grid points {@code (xs[ix], ys[iy])}. */
    public static HeatMap heatMap(double[] xs, double[] ys, double[][] values) { return new HeatMap(xs, ys, values); }

    /** Heat map of {@code f} evaluated on an {@code n × n} grid over the given box. */
    public static HeatMap heatMap(ToDoubleFunction<double[]> f, double xMin, double xMax, double yMin, double yMax, int n) {
        double[] xs = Grid.linspace(xMin, xMax, n), ys = Grid.linspace(yMin, yMax, n);
        return new HeatMap(xs, ys, Grid.evaluate(xs, ys, f));
    }

    /** Contour lines of {@code phi[iy][ix]} given at grid points {@code (xs[ix], ys[iy])}. */
    public static ContourPlot contours(double[] xs, double[] ys, double[][] phi) { return new ContourPlot(xs, ys, phi); }

    /** Contour lines of the potential {@code phi} evaluated on an {@code n × n} grid over the given box. */
    public static ContourPlot contours(ToDoubleFunction<double[]> phi, double xMin, double xMax, double yMin, double yMax, int n) {
        double[] xs = Grid.linspace(xMin, xMax, n), ys = Grid.linspace(yMin, yMax, n);
        return new ContourPlot(xs, ys, Grid.evaluate(xs, ys, phi));
    }

    /** A scatter plot of one or more point sets. */
    public static ScatterPlot scatter() { return new ScatterPlot(); }

    /** A scatter plot of the first two coordinates of {@code s}. */
    public static BufferedImage scatter(Samples s, String title) { return new ScatterPlot().title(title).add("samples", s).legend(false).toImage(); }

    // ---------------------------------------------------------------- composition

    /**
     * Lays the images out in a grid of {@code cols} columns, row by row, each in a cell as large as
     * the largest image (smaller ones centred), on white.
     */
    public static BufferedImage grid(int cols, BufferedImage... images) {
        if (cols < 1) throw new IllegalArgumentException("cols must be >= 1");
        if (images.length == 0) throw new IllegalArgumentException("no images");
        int cw = 0, ch = 0;
        for (BufferedImage im : images) { cw = Math.max(cw, im.getWidth()); ch = Math.max(ch, im.getHeight()); }
        int rows = (images.length + cols - 1) / cols;
        int c = Math.min(cols, images.length);
        BufferedImage out = blank(c * cw, rows * ch);
        Graphics2D g = out.createGraphics();
        for (int i = 0; i < images.length; i++) {
            BufferedImage im = images[i];
            int x = (i % cols) * cw + (cw - im.getWidth()) / 2;
            int y = (i / cols) * ch + (ch - im.getHeight()) / 2;
            g.drawImage(im, x, y, null);
        }
        g.dispose();
        return out;
    }

    /** {@link #grid(int, BufferedImage...)} for a list. */
    public static BufferedImage grid(int cols, List<BufferedImage> images) { return grid(cols, images.toArray(new BufferedImage[0])); }

    /** The image with a bold title line centred above it (unchanged if the title is null or empty). */
    public static BufferedImage titled(String title, BufferedImage img) {
        return withText(img, title, Style.font(Font.BOLD, 20), true);
    }

    /** The image with a caption line centred below it (unchanged if the caption is null or empty). */
    public static BufferedImage captioned(BufferedImage img, String caption) {
        return withText(img, caption, Style.font(Font.PLAIN, 15), false);
    }

    private static BufferedImage withText(BufferedImage img, String text, Font font, boolean above) {
        if (text == null || text.isEmpty()) return img;
        BufferedImage probe = blank(1, 1);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        pg.dispose();
        int band = fm.getHeight() + 14;
        BufferedImage out = blank(img.getWidth(), img.getHeight() + band);
        Graphics2D g = out.createGraphics();
        ChartCanvas.hints(g);
        g.drawImage(img, 0, above ? band : 0, null);
        g.setFont(font);
        g.setColor(Style.TEXT);
        int tx = Math.max(4, (img.getWidth() - fm.stringWidth(text)) / 2);
        int ty = (above ? 0 : img.getHeight()) + (band - fm.getHeight()) / 2 + fm.getAscent() + (above ? 4 : -2);
        g.drawString(text, tx, ty);
        g.dispose();
        return out;
    }

    static BufferedImage blank(int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Style.BACKGROUND);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return out;
    }

    // ---------------------------------------------------------------- output

    /**
     * Writes {@code img} as PNG to {@code path} atomically ({@link AtomicFile}), creating missing
     * parent directories.
     *
     * @throws UncheckedIOException naming the file and the reason if it cannot be written
     */
    public static void savePng(BufferedImage img, Path path) {
        AtomicFile.write(path, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
        });
    }
}
