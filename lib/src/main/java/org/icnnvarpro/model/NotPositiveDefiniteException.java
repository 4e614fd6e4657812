package org.icnnvarpro.model;

import java.util.Arrays;
import org.icnnvarpro.io.Messages;

/**
 * Thrown when the loss {@code ½‖∇Φ‖² − log det ∇²Φ} is undefined at some sample: {@code ∇²Φ(x_j)}
 * is not positive definite there, or {@code ∇Φ}, {@code ∇²Φ} overflow double precision (an input
 * or weights too large). Messages count samples from 1; {@link #sample()} is the 0-based index.
 */
public class NotPositiveDefiniteException extends ArithmeticException {
    private final int sample;
    private final double[] x;
    private final boolean overflow;

    /** {@code ∇²Φ} is not positive definite at sample {@code sample} (0-based) {@code x}; {@code detail} says how. */
    public NotPositiveDefiniteException(int sample, double[] x, String detail) {
        this(sample, x, "the Hessian of the potential is not positive definite (" + detail + ")", false);
    }

    private NotPositiveDefiniteException(int sample, double[] x, String what, boolean overflow) {
        super("the loss is undefined at sample " + (sample + 1) + " (x = " + Messages.oneLine(Arrays.toString(x), 120) + "): " + what);
        this.sample = sample;
        this.x = x.clone();
        this.overflow = overflow;
    }

    /**
     * {@code ∇²Φ} not positive definite at sample {@code sample} (0-based); for a model without
     * the quadratic feature ({@code w_q = 0}) the message says why that can happen.
     */
    public static NotPositiveDefiniteException notPositiveDefinite(int sample, double[] x, String detail, boolean quadraticFeature) {
        return new NotPositiveDefiniteException(sample, x, "the Hessian of the potential is not positive definite (" + detail + ")"
                + (quadraticFeature ? "" : "; without the quadratic feature (w_q = 0) it is singular where all neurons saturate"), false);
    }

    /** {@code ∇Φ} or {@code ∇²Φ} is not finite at sample {@code sample} (0-based): double precision overflowed. */
    public static NotPositiveDefiniteException overflow(int sample, double[] x) {
        return new NotPositiveDefiniteException(sample, x, "the gradient or Hessian of the potential overflows double precision"
                + " (the input or the weights are too large)", true);
    }

    /** Index of the offending sample in its batch (0-based). */
    public int sample() { return sample; }

    /** The offending sample. */
    public double[] x() { return x.clone(); }

    /** Whether the cause is overflow (non-finite derivatives) rather than a Hessian that is not positive definite. */
    public boolean overflow() { return overflow; }
}
