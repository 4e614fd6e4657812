package org.icnnvarpro.bench;

import java.util.Arrays;
import org.icnnvarpro.kernels.PackedSymmetric;

/**
 * One benchmark configuration (N samples, hidden widths, input dimension d, threads) and the flop
 * counts of its workloads ({@code R = 1 + d + T}, {@code T = d(d+1)/2}, widths {@code m_1..m_ℓ}):
 *
 * <pre>
 *   forward mode (Hessian rows and their adjoint, docs/math.md §10), layers with L (i ≥ 2): 6·N·R·m_{i−1}·m_i
 *   performed by BatchDerivatives (reverse-mode Hessian), layers with L:       2·(3d + 6)·N·m_{i−1}·m_i
 *       (Z = A Lᵀ and L̄ += Z̄ᵀA and Ā = Z̄ L on 1 + d rows per sample; δ, ē and L̄ on one row each)
 *   layer 1 (K only):       5·N·m_1·d              (z = K x + b forward; K̄ += z̄ xᵀ + P̄ backward)
 *   elementwise, per layer: N·m_i·(2d² + 11d + 3T + 12)  (J = σ'P, e and c, S += c p_a p_b, S̄-adjoint,
 *                                                    adjoint σ-rule, K̄ and b̄; σ, σ', σ'', σ''' not counted)
 * </pre>
 */
public record Config(int n, int[] widths, int d, int threads) {
    public int rowsPerSample() { return rowsPerSample(d); }

    /** {@code R = 1 + d + T}: the value, gradient and packed Hessian rows of a sample in dimension d. */
    static int rowsPerSample(int d) { return 1 + d + PackedSymmetric.size(d); }

    public String widthsLabel() {
        boolean same = Arrays.stream(widths).allMatch(w -> w == widths[0]);
        return same ? widths.length + "x" + widths[0] : Arrays.toString(widths).replace(" ", "");
    }

    /** The forward-mode count of docs/math.md §10: 6·N·R·m_{i−1}·m_i over the layers with L (the forward-mode Hessian and its adjoint). */
    public double designFlops() {
        double f = 0;
        for (int i = 1; i < widths.length; i++) f += 6.0 * n * rowsPerSample() * widths[i - 1] * widths[i];
        return f;
    }

    /** The products BatchDerivatives performs for a loss+gradient: 2·(3d + 6)·N·m_{i−1}·m_i. */
    public double matmulFlops() {
        double f = 0;
        for (int i = 1; i < widths.length; i++) f += 2.0 * (3 * d + 6) * n * widths[i - 1] * widths[i];
        return f;
    }

    /** The products of a forward pass with Hessian rows (the features of the inner problem): 2·N·R·m_{i−1}·m_i. */
    public double forwardFlops() {
        return designFlops() / 3;
    }

    /** Layer 1 (K only) and the elementwise rules, see the class comment. */
    public double otherFlops() {
        int t = PackedSymmetric.size(d);
        double f = 5.0 * n * widths[0] * d;
        for (int w : widths) f += (double) n * w * (2 * d * d + 11 * d + 3 * t + 12);
        return f;
    }
}
