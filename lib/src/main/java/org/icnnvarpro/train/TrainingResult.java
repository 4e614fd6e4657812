package org.icnnvarpro.train;

import org.icnnvarpro.model.Icnn;

/**
 * The outcome of a training run.
 *
 * @param scheme         the scheme that ran
 * @param model          the network at the end of the run
 * @param best           the network with the lowest validation loss among the logged points
 * @param bestValidation that lowest validation loss
 * @param history        the logged history
 * @param status         how the run ended
 * @param message        details (a fault, the stopping criterion)
 * @param workUnits      total work units
 * @param seconds        wall seconds of training (without history evaluations)
 * @param rejectedSteps  steps undone because they produced a non-finite or undefined loss
 * @param notes          other faults that were handled (line-search failures, skipped curvature pairs)
 */
public record TrainingResult(Scheme scheme, Icnn model, Icnn best, double bestValidation, History history, Status status,
                             String message, long workUnits, double seconds, long rejectedSteps, String notes) {
    /** How a run ended. */
    public enum Status {
        /** The budget was used up. */
        BUDGET,
        /** The optimizer met its own stopping criterion (L-BFGS converged or could not go on). */
        CONVERGED,
        /** Stopped on request (Ctrl-C, {@link Trainer#requestStop()}). */
        STOPPED,
        /** A fault ended the run; {@code best} and {@code history} hold what was done before it. */
        FAILED
    }

    @Override
    public String toString() {
        History.Row last = history.last();
        return String.format("%s: %s after %,d work units, %.1f s; final train J %.4f, validation J %.4f; best validation J %.4f%s%s",
                scheme.label(), status, workUnits, seconds, last == null ? Double.NaN : last.trainLoss(),
                last == null ? Double.NaN : last.validationLoss(), bestValidation,
                message == null || message.isEmpty() ? "" : " (" + message + ")",
                notes == null || notes.isEmpty() ? "" : "; " + notes);
    }
}
