package org.icnnvarpro.plot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Contour lines of a function sampled on a rectangular grid, by marching squares.
 *
 * <p>Values are {@code v[iy][ix]} at {@code (xs[ix], ys[iy])}. A grid edge is crossed when one end
 * is {@code >= level} and the other {@code < level}; the crossing point is found by linear
 * interpolation along the edge. Saddle cells (two opposite corners above) are resolved with the
 * mean of the four corners. Segments sharing a crossed edge are joined into polylines, so a closed
 * level curve comes back as one closed polyline. Cells with a NaN corner are skipped.
 */
public final class MarchingSquares {
    private MarchingSquares() {}

    /** A piece of a level curve: the points {@code (x[k], y[k])}; if {@code closed}, the last joins the first. */
    public record Polyline(double[] x, double[] y, boolean closed) {
        /** Number of points. */
        public int size() { return x.length; }
    }

    /** The level curves {@code {v = level}} as polylines. */
    public static List<Polyline> contour(double[] xs, double[] ys, double[][] v, double level) {
        Grid.check(xs, ys, v);
        int nx = xs.length, ny = ys.length;
        Map<Integer, int[]> adj = new HashMap<>();
        for (int j = 0; j + 1 < ny; j++) {
            for (int i = 0; i + 1 < nx; i++) {
                double v00 = v[j][i], v10 = v[j][i + 1], v11 = v[j + 1][i + 1], v01 = v[j + 1][i];
                if (Double.isNaN(v00) || Double.isNaN(v10) || Double.isNaN(v11) || Double.isNaN(v01)) continue;
                boolean a00 = v00 >= level, a10 = v10 >= level, a11 = v11 >= level, a01 = v01 >= level;
                int bottom = hEdge(i, j, nx), top = hEdge(i, j + 1, nx), left = vEdge(i, j, nx), right = vEdge(i + 1, j, nx);
                List<Integer> crossed = new ArrayList<>(4);
                if (a00 != a10) crossed.add(bottom);
                if (a10 != a11) crossed.add(right);
                if (a11 != a01) crossed.add(top);
                if (a01 != a00) crossed.add(left);
                if (crossed.size() == 2) {
                    link(adj, crossed.get(0), crossed.get(1));
                } else if (crossed.size() == 4) {
                    // saddle: cut off the corners that disagree with the cell centre
                    boolean centre = (v00 + v10 + v11 + v01) / 4 >= level;
                    if (a00 != centre) link(adj, bottom, left);
                    if (a10 != centre) link(adj, bottom, right);
                    if (a11 != centre) link(adj, right, top);
                    if (a01 != centre) link(adj, top, left);
                }
            }
        }
        // walk chains: open ones from their ends first, then the closed loops
        List<Polyline> out = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (var e : adj.entrySet()) {
            if (!seen.contains(e.getKey()) && degree(e.getValue()) == 1) out.add(walk(e.getKey(), adj, seen, xs, ys, v, level, nx));
        }
        for (var e : adj.entrySet()) {
            if (!seen.contains(e.getKey())) out.add(walk(e.getKey(), adj, seen, xs, ys, v, level, nx));
        }
        return out;
    }

    /** {@code n} levels evenly inside {@code (min, max)}: {@code min + k (max − min)/(n + 1)}, k = 1..n. */
    public static double[] evenLevels(double min, double max, int n) {
        double[] l = new double[n];
        for (int k = 1; k <= n; k++) l[k - 1] = min + k * (max - min) / (n + 1);
        return l;
    }

    /** {@code n} levels at the quantiles {@code k/(n + 1)} of the finite grid values: denser where Φ is flat. */
    public static double[] quantileLevels(double[][] v, int n) {
        double[] all = java.util.Arrays.stream(v).flatMapToDouble(java.util.Arrays::stream).filter(Double::isFinite).sorted().toArray();
        if (all.length == 0) return new double[0];
        double[] l = new double[n];
        for (int k = 1; k <= n; k++) l[k - 1] = all[(int) Math.min(all.length - 1, Math.round(k * (all.length - 1) / (n + 1.0)))];
        return java.util.Arrays.stream(l).distinct().toArray();
    }

    private static int hEdge(int i, int j, int nx) { return 2 * (j * nx + i); }

    private static int vEdge(int i, int j, int nx) { return 2 * (j * nx + i) + 1; }

    private static void link(Map<Integer, int[]> adj, int a, int b) {
        add(adj.computeIfAbsent(a, k -> new int[] {-1, -1}), b);
        add(adj.computeIfAbsent(b, k -> new int[] {-1, -1}), a);
    }

    private static void add(int[] slots, int e) {
        if (slots[0] < 0) slots[0] = e;
        else slots[1] = e;
    }

    private static int degree(int[] s) { return (s[0] >= 0 ? 1 : 0) + (s[1] >= 0 ? 1 : 0); }

    private static Polyline walk(int start, Map<Integer, int[]> adj, java.util.Set<Integer> seen,
                                 double[] xs, double[] ys, double[][] v, double level, int nx) {
        List<double[]> pts = new ArrayList<>();
        int prev = -1, cur = start;
        boolean closed = false;
        while (true) {
            seen.add(cur);
            pts.add(point(cur, xs, ys, v, level, nx));
            int[] s = adj.get(cur);
            int next = s[0] >= 0 && s[0] != prev && !seen.contains(s[0]) ? s[0]
                     : s[1] >= 0 && s[1] != prev && !seen.contains(s[1]) ? s[1] : -1;
            if (next < 0) {
                closed = pts.size() > 2 && (s[0] == start || s[1] == start);
                break;
            }
            prev = cur;
            cur = next;
        }
        double[] x = new double[pts.size()], y = new double[pts.size()];
        for (int k = 0; k < x.length; k++) { x[k] = pts.get(k)[0]; y[k] = pts.get(k)[1]; }
        return new Polyline(x, y, closed);
    }

    private static double[] point(int edge, double[] xs, double[] ys, double[][] v, double level, int nx) {
        int cell = edge / 2, i = cell % nx, j = cell / nx;
        boolean vertical = (edge & 1) == 1;
        int i2 = vertical ? i : i + 1, j2 = vertical ? j + 1 : j;
        double va = v[j][i], vb = v[j2][i2];
        double t = vb == va ? 0.5 : (level - va) / (vb - va);
        t = Math.max(0, Math.min(1, t));
        return new double[] {xs[i] + t * (xs[i2] - xs[i]), ys[j] + t * (ys[j2] - ys[j])};
    }
}
