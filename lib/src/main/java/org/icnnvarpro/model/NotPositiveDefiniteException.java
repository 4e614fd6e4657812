package org.icnnvarpro.model;

import java.util.Arrays;

/**
 * Thrown when {@code ∇²Φ(x_j)} is not positive definite at some sample, where
 * {@code −log det ∇²Φ} (and so the loss and the density) is undefined.
 */
public class NotPositiveDefiniteException extends ArithmeticException {
    private final int sample;
    private final double[] x;

    public NotPositiveDefiniteException(int sample, double[] x, String detail) {
        super("the Hessian of the potential is not positive definite at sample " + sample + " (x = " + Arrays.toString(x)
                + "): " + detail + "; the loss -log det is undefined there"
                + " (a model without the quadratic feature can have a singular Hessian where all neurons saturate)");
        this.sample = sample;
        this.x = x.clone();
    }

    /** Index of the offending sample in its batch. */
    public int sample() { return sample; }

    /** The offending sample. */
    public double[] x() { return x.clone(); }
}
