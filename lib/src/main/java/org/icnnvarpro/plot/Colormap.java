package org.icnnvarpro.plot;

import java.awt.Color;

/** Perceptually uniform colour maps (sampled from matplotlib's) for heat maps and contour levels. */
public enum Colormap {
    /** Dark blue → green → yellow; the usual default for densities. */
    VIRIDIS(0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725),
    /** Black → purple → orange → pale yellow; good for densities with a white-ish top. */
    MAGMA(0x000004, 0x140e36, 0x3b0f70, 0x641a80, 0x8c2981, 0xb73779, 0xde4968, 0xf7705c, 0xfe9f6d, 0xfecf92, 0xfcfdbf),
    /** White → black. */
    GRAYS(0xffffff, 0x000000);

    private final int[] anchors;

    Colormap(int... anchors) { this.anchors = anchors; }

    /** The colour at {@code t ∈ [0, 1]} (clamped; NaN gives light grey), linearly interpolated between anchors. */
    public Color color(double t) {
        return new Color(rgb(t));
    }

    /** Like {@link #color} but as packed {@code 0xRRGGBB}. */
    public int rgb(double t) {
        if (Double.isNaN(t)) return 0xdddddd;
        t = Math.max(0, Math.min(1, t));
        double p = t * (anchors.length - 1);
        int i = Math.min((int) p, anchors.length - 2);
        double f = p - i;
        int a = anchors[i], b = anchors[i + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return (r << 16) | (g << 8) | bl;
    }
}
