package org.icnnvarpro.experiment;

import org.icnnvarpro.train.Scheme;
import org.icnnvarpro.train.TrainingResult;

/**
 * One training run of an experiment: the scheme, the seed (of data, initialization and batches),
 * the training outcome, and {@code J} of its best-validation model on the three data sets.
 */
public record RunResult(Scheme scheme, long seed, TrainingResult training, double trainJ, double validationJ, double testJ) {}
