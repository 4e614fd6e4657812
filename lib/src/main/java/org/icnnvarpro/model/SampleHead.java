package org.icnnvarpro.model;

/**
 * A per-sample function {@code ℓ(x, g, S)} of the network's input gradient {@code g = ∇Φ(x)} and
 * input Hessian {@code S = ∇²Φ(x)}, with its adjoints {@code ḡ = ∂ℓ/∂g} and
 * {@code S̄ = ∂ℓ/∂S}. {@link BatchDerivatives#backward} propagates these adjoints through the
 * network (docs/math.md §4.1–4.3) to get the gradient of {@code (1/N) Σ_j ℓ_j} with respect to every weight.
 *
 * <p>Implementations are called concurrently for different samples from several threads: write
 * only to per-sample slots or to the arrays passed in.
 */
@FunctionalInterface
public interface SampleHead {
    /**
     * @param j       index of the sample in the batch
     * @param x       sample data array; the sample is {@code x[xOff .. xOff+d)}
     * @param g       {@code ∇Φ(x_j)}, length d
     * @param S       {@code ∇²Φ(x_j)}, d × d row-major (symmetric)
     * @param gBar    output: {@code ∂ℓ/∂g}, length d
     * @param SBar    output: {@code ∂ℓ/∂S} as a symmetric d × d row-major matrix
     * @param scratch per-thread scratch space of length {@code ≥ 2d² + 2d}
     * @return {@code ℓ_j}
     */
    double evaluate(int j, double[] x, int xOff, double[] g, double[] S, double[] gBar, double[] SBar, double[] scratch);
}
