package org.icnnvarpro.inner;

import java.util.Arrays;
import org.icnnvarpro.kernels.Kernels;

/**
 * {@code XᵀX} of a matrix {@code X} with {@code width} columns, accumulated over row blocks and held
 * as two column panels: {@code A} = columns {@code [0, split)} and {@code B} = columns
 * {@code [split, width)}, each stored with its row length rounded up to a multiple of the kernels'
 * vector length (zero padding, so that the product kernels run on whole vectors: with 8 lanes, a
 * 34-column Gram matrix took 3× as long with rows of 20 and 16). As the product is symmetric only the upper block
 * triangle {@code AᵀA, AᵀB, BᵀB} is formed, and of {@code AᵀA} and {@code BᵀB} only the lane blocks
 * on and above the diagonal ({@link Kernels#multAddTransAUpper}): about 60 % of the full product's
 * work, each entry the same sum over the rows, in the same order, as in the full product.
 */
final class PanelGram {
    /** Columns in panel A ({@code split}), row strides of the two panels. */
    final int split, strideA, strideB;
    private final int width;
    private final double[] aa, ab, bb;
    private final Kernels kernels;

    PanelGram(int width, Kernels kernels) {
        this.width = width;
        this.kernels = kernels;
        int v = kernels.lanes();
        split = Math.min(width, (width / 2 + v - 1) / v * v);
        strideA = (split + v - 1) / v * v;
        strideB = (width - split + v - 1) / v * v;
        aa = new double[strideA * strideA];
        ab = new double[strideA * strideB];
        bb = new double[strideB * strideB];
    }

    void reset() {
        Arrays.fill(aa, 0.0);
        Arrays.fill(ab, 0.0);
        Arrays.fill(bb, 0.0);
    }

    /** Adds {@code XᵀX} of {@code rows} rows given as their two panels (row strides {@link #strideA}, {@link #strideB}). */
    void add(double[] panelA, double[] panelB, int rows) {
        if (split > 0) kernels.multAddTransAUpper(panelA, 0, rows, strideA, aa, 0);
        if (width > split) {
            kernels.multAddTransA(panelA, 0, rows, strideA, panelB, 0, strideB, ab, 0);
            kernels.multAddTransAUpper(panelB, 0, rows, strideB, bb, 0);
        }
    }

    /** Entry {@code (i, k)}, {@code i ≤ k}, of the accumulated {@code XᵀX}. */
    double get(int i, int k) {
        return k < split ? aa[i * strideA + k] : i < split ? ab[i * strideB + k - split] : bb[(i - split) * strideB + k - split];
    }
}
