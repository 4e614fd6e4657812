package org.icnnvarpro.loss;

import java.util.Arrays;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.kernels.SymmetricMatrices;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.NotPositiveDefiniteException;
import org.icnnvarpro.model.SampleHead;

/**
 * The sample average approximation of the flow's training loss (thesis §3.1, docs/math.md §3):
 *
 * <pre>
 *   J(θ) = (1/N) Σ_j ℓ_j,     ℓ_j = ½‖∇Φ(x_j)‖² − log det ∇²Φ(x_j)
 * </pre>
 *
 * <p>The negative log-likelihood of the data under the flow, in nats, is
 * {@code J + (d/2) log(2π)} ({@link #nll}). The thesis reports {@code J}.
 *
 * <p>Gradients come from one forward and one adjoint sweep with {@code ḡ = ∇Φ},
 * {@code S̄ = −(∇²Φ)⁻¹} (docs/math.md §4.1). A sample where {@code ∇²Φ} is not positive definite raises
 * {@link NotPositiveDefiniteException}; the loss is never returned as NaN.
 */
public final class SaaLoss {
    private final BatchDerivatives engine;

    /** A loss on its own derivative engine using all cores. */
    public SaaLoss() {
        this(new BatchDerivatives());
    }

    public SaaLoss(BatchDerivatives engine) {
        this.engine = engine;
    }

    /** The derivative engine this loss runs on. */
    public BatchDerivatives engine() {
        return engine;
    }

    /** {@code J}, the per-sample terms {@code ℓ_j}, and the NLL in nats. */
    public Value evaluate(Icnn net, Samples x) {
        double[] terms = new double[x.size()];
        double j = engine.backward(net, x, head(terms, net.wq() > 0), null);
        return new Value(j, terms, nll(j, net.inputDim()));
    }

    /** {@code J}. */
    public double value(Icnn net, Samples x) {
        return engine.backward(net, x, head(null, net.wq() > 0), null);
    }

    /**
     * {@code J} and {@code ∂J/∂(effective weights)} in the flat layout of {@link Icnn#weights()},
     * written into {@code gradient} (overwritten).
     */
    public double valueAndGradient(Icnn net, Samples x, double[] gradient) {
        Arrays.fill(gradient, 0.0);
        return engine.backward(net, x, head(null, net.wq() > 0), gradient);
    }

    /**
     * Sets the network's weights from raw parameters ({@link Icnn#setRaw}) and returns {@code J}
     * with {@code ∂J/∂raw} (through {@code L = softplus(L̂)} etc.) in {@code gradient}.
     */
    public double valueAndRawGradient(Icnn net, double[] raw, Samples x, double[] gradient) {
        net.setRaw(raw);
        double j = valueAndGradient(net, x, gradient);
        net.rawGradient(raw, gradient, gradient);
        return j;
    }

    /**
     * {@code J} and the gradient with respect to the hidden weights {@code μ} only (effective,
     * length {@link Icnn#hiddenSize()}), the last-layer weights {@code w} held fixed.
     * {@code work} must have length {@link Icnn#size()} (it receives the full gradient).
     */
    public double valueAndHiddenGradient(Icnn net, Samples x, double[] hiddenGradient, double[] work) {
        double j = valueAndGradient(net, x, work);
        System.arraycopy(work, 0, hiddenGradient, 0, net.hiddenSize());
        return j;
    }

    /** The negative log-likelihood in nats, {@code J + (d/2) log(2π)}. */
    public static double nll(double j, int d) {
        return j + 0.5 * d * Math.log(2 * Math.PI);
    }

    /**
     * The per-sample term {@code ½‖g‖² − log det S} with {@code ḡ = g}, {@code S̄ = −S⁻¹};
     * {@code quadratic} ({@code w_q > 0}) only words the error where {@code S} is not positive definite.
     */
    static SampleHead head(double[] terms, boolean quadratic) {
        return (j, x, xOff, g, S, gBar, SBar, scratch) -> {
            int d = g.length;
            double gg = 0;
            for (int a = 0; a < d; a++) {
                gg += g[a] * g[a];
                gBar[a] = g[a];
            }
            int bad = SymmetricMatrices.cholesky(S, d, scratch);
            if (bad >= 0) throw undefined(j, x, xOff, d, gg, S, "Cholesky pivot " + (bad + 1) + " is not positive", quadratic);
            double value = 0.5 * gg - SymmetricMatrices.logDet(scratch, d);
            SymmetricMatrices.inverse(scratch, d, SBar, scratch, d * d);
            for (int t = 0; t < d * d; t++) SBar[t] = -SBar[t];
            if (!Double.isFinite(value)) throw undefined(j, x, xOff, d, gg, S, "the loss term is " + value, quadratic);
            if (terms != null) terms[j] = value;
            return value;
        };
    }

    /**
     * The error of a sample whose term is undefined: overflow where {@code ‖g‖²} or an entry of the
     * (symmetric) {@code S} is not finite, else {@code S} not positive definite. Classified only once a
     * sample has failed: a non-finite entry of {@code S} always fails the Cholesky factorization (it
     * reaches a pivot) and a non-finite {@code ‖g‖²} always makes the term non-finite, so the samples
     * that pass need no check.
     */
    private static NotPositiveDefiniteException undefined(int j, double[] x, int xOff, int d, double gg, double[] S, String detail,
                                                          boolean quadratic) {
        double[] xj = Arrays.copyOfRange(x, xOff, xOff + d);
        if (!Double.isFinite(gg) || !allFinite(S, d * d)) return NotPositiveDefiniteException.overflow(j, xj);
        return NotPositiveDefiniteException.notPositiveDefinite(j, xj, detail, quadratic);
    }

    private static boolean allFinite(double[] v, int n) {
        for (int i = 0; i < n; i++) if (!Double.isFinite(v[i])) return false;
        return true;
    }

    /** The loss {@code J} of a batch with its per-sample terms and the NLL in nats. */
    public record Value(double loss, double[] perSample, double nll) {
        @Override
        public String toString() {
            return String.format("J = %.6f  (NLL = %.6f nats, N = %d)", loss, nll, perSample.length);
        }
    }
}
