package org.icnnvarpro.inner;

/**
 * Thrown when the inner problem has no strictly feasible point (some sample has
 * {@code S_j(w) = Σ_k w_k H_j^k} singular for every {@code w_C ≥ 0}) or when a start could not be
 * repaired to one.
 */
public class InfeasibleProblemException extends IllegalArgumentException {
    private final int sample;

    public InfeasibleProblemException(int sample, String message) {
        super(message);
        this.sample = sample;
    }

    /** The offending sample's index in the batch, or −1 if the problem is not tied to one sample. */
    public int sample() { return sample; }
}
