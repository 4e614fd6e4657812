package org.icnnvarpro.experiment;

import org.icnnvarpro.train.History;
import org.icnnvarpro.train.Scheme;
import org.icnnvarpro.train.TrainingResult;

/**
 * One training run of an experiment: the scheme, the seed (of data, initialization and batches),
 * the training outcome, {@code J} of its best-validation model on the three data sets, and
 * {@code J} of its final model (the network at the end of the run) on the test set.
 */
public record RunResult(Scheme scheme, long seed, TrainingResult training, double trainJ, double validationJ, double testJ,
                        double finalTestJ) {
    /** {@code J} of the final model on the training set (the history's last row). */
    public double finalTrainJ() {
        History.Row last = training.history().last();
        return last == null ? Double.NaN : last.trainLoss();
    }

    /** {@code J} of the final model on the validation set (the history's last row). */
    public double finalValidationJ() {
        History.Row last = training.history().last();
        return last == null ? Double.NaN : last.validationLoss();
    }
}
