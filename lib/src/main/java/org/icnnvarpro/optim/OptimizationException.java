package org.icnnvarpro.optim;

/**
 * An optimizer met a fault it cannot recover from, e.g. a non-finite gradient handed to
 * {@link Adam#step} or a non-finite objective at the start point of {@link Lbfgs}. The message names
 * the problem; the optimizer's iterate is left as it was before the failing call.
 */
public class OptimizationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OptimizationException(String message) {
        super(message);
    }
}
