package org.icnnvarpro.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.icnnvarpro.data.Samples;
import org.knowm.xchart.XYChart;

/**
 * The flow figure (thesis Figure 4.2): a 2 × 2 panel image
 * <pre>
 *   target samples x                 |  ∇Φ(x) (should look Gaussian)
 *   reference samples z ~ N(0,I)     |  generated samples (∇Φ)⁻¹(z)
 * </pre>
 * The Gaussian panels (right top, left bottom) share the range {@code [-r, r]²} (default r = 4);
 * the two data-space panels (left top, right bottom) share one range, by default the target's
 * bounding box, so target and generated samples can be compared directly. Samples of dimension
 * above 2 show their first two coordinates. Missing panels stay empty.
 *
 * <p>The generated panel may hold fewer points than the reference panel (samples whose Newton
 * solve did not converge are dropped); then a caption such as "12 of 1000 did not converge" is
 * added automatically, unless {@link #caption} sets another.
 */
public final class FlowFigure {
    private Samples target, pushForward, reference, generated;
    private String title = "";
    private String caption;
    private double gaussianRadius = 4;
    private double[] dataRange;
    private int width = 1000, height = 1000;
    private int markerSize = 3;
    private int notConverged = -1;

    FlowFigure() {}

    /** Top left: samples x of the target distribution. */
    public FlowFigure target(Samples x) { this.target = x; return this; }

    /** Top right: the pushed-forward samples ∇Φ(x), which should look like N(0, I). */
    public FlowFigure pushForward(Samples gradPhiX) { this.pushForward = gradPhiX; return this; }

    /** Bottom left: reference samples z ~ N(0, I). */
    public FlowFigure reference(Samples z) { this.reference = z; return this; }

    /** Bottom right: generated samples (∇Φ)⁻¹(z); may hold fewer points than {@link #reference}. */
    public FlowFigure generated(Samples x) { this.generated = x; return this; }

    /**
     * Number of reference samples whose inversion did not converge (default: reference size minus
     * generated size, if positive). Used for the caption.
     */
    public FlowFigure notConverged(int count) { this.notConverged = count; return this; }

    /** Title line above the panels (default none). */
    public FlowFigure title(String title) { this.title = title; return this; }

    /** Caption line below the panels; replaces the automatic "k of n did not converge". */
    public FlowFigure caption(String caption) { this.caption = caption; return this; }

    /** Range {@code [-r, r]} of both axes of the two Gaussian panels (default 4). */
    public FlowFigure gaussianRange(double r) {
        if (!(r > 0)) throw new IllegalArgumentException("range must be positive");
        this.gaussianRadius = r;
        return this;
    }

    /** Axis ranges of the two data-space panels (default: the target's bounding box, squared, plus 5%). */
    public FlowFigure dataRange(double xMin, double xMax, double yMin, double yMax) {
        this.dataRange = new double[] {xMin, xMax, yMin, yMax};
        return this;
    }

    /** Size of the whole image in pixels (default 1000 × 1000). */
    public FlowFigure size(int width, int height) { this.width = width; this.height = height; return this; }

    /** Marker diameter in pixels (default 3). */
    public FlowFigure markerSize(int px) { this.markerSize = px; return this; }

    /** The caption that will be shown, or null. */
    public String effectiveCaption() {
        if (caption != null) return caption.isEmpty() ? null : caption;
        int k = notConverged >= 0 ? notConverged
                : (reference != null && generated != null ? reference.size() - generated.size() : 0);
        if (k <= 0) return null;
        int n = reference != null ? reference.size() : (generated != null ? generated.size() + k : k);
        return k + " of " + n + " did not converge";
    }

    /** Renders the figure at exactly the configured size. */
    public BufferedImage toImage() {
        String cap = effectiveCaption();
        int titleBand = textBand(title, Style.font(Font.BOLD, 20));
        int capBand = textBand(cap, Style.font(Font.PLAIN, 15));
        int pw = width / 2, ph = Math.max(100, (height - titleBand - capBand) / 2);
        double r = gaussianRadius;
        double[] g = {-r, r, -r, r};
        double[] d = dataRange != null ? dataRange
                : target != null ? ScatterPlot.bounds(List.of(target.column(0)), List.of(target.column(1)), 0.05, true)
                : generated != null ? ScatterPlot.bounds(List.of(generated.column(0)), List.of(generated.column(1)), 0.05, true)
                : g;
        Color data = Style.palette(0), gauss = Style.palette(1);
        BufferedImage img = Figures.grid(2,
                panel("target samples x", target, d, data, "x₁", "x₂", pw, ph),
                panel("∇Φ(x)  (should look Gaussian)", pushForward, g, gauss, "∇Φ(x)₁", "∇Φ(x)₂", pw, ph),
                panel("reference samples z ~ N(0, I)", reference, g, gauss, "z₁", "z₂", pw, ph),
                panel("generated samples (∇Φ)⁻¹(z)", generated, d, data, "x₁", "x₂", pw, ph));
        img = Figures.captioned(Figures.titled(title, img), cap);
        return fit(img, width, height);
    }

    private XYChart chart(String name, Samples s, double[] r, Color c, String xl, String yl, int w, int h) {
        String t = s == null ? name + "  (not given)" : name + "  (n = " + s.size() + ")";
        ScatterPlot p = new ScatterPlot().title(t).labels(xl, yl).range(r[0], r[1], r[2], r[3])
                .markerSize(markerSize).alpha(140).size(w, h).legend(false).fontScale(0.85);
        if (s != null) {
            if (s.dim() < 2) throw new IllegalArgumentException(name + ": need dim >= 2, got " + s.dim());
            p.add(name, s, c);
        }
        return p.toChart();
    }

    private BufferedImage panel(String name, Samples s, double[] r, Color c, String xl, String yl, int w, int h) {
        return ChartCanvas.plain(chart(name, s, r, c, xl, yl, w, h));
    }

    static int textBand(String text, Font font) {
        if (text == null || text.isEmpty()) return 0;
        BufferedImage probe = Figures.blank(1, 1);
        Graphics2D g = probe.createGraphics();
        int h = g.getFontMetrics(font).getHeight() + 14;
        g.dispose();
        return h;
    }

    /** Pads (or crops) {@code img} to exactly {@code w × h}, keeping it at the top left. */
    static BufferedImage fit(BufferedImage img, int w, int h) {
        if (img.getWidth() == w && img.getHeight() == h) return img;
        BufferedImage out = Figures.blank(w, h);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, (w - img.getWidth()) / 2 > 0 ? (w - img.getWidth()) / 2 : 0, 0, null);
        g.dispose();
        return out;
    }
}
