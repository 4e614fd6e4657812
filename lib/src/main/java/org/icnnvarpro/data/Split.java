package org.icnnvarpro.data;

import java.util.Objects;
import java.util.Random;

/**
 * A training, a validation and a test set of the same dimension.
 *
 * @param train the samples the model is fitted to
 * @param validation held-out samples for monitoring (may be empty)
 * @param test held-out samples for the final numbers (may be empty)
 */
public record Split(Samples train, Samples validation, Samples test) {
    /** The project's validation-set size (thesis §4: 5000 samples). */
    public static final int DEFAULT_VALIDATION = 5000;
    /** The project's test-set size (thesis §4: 5000 samples). */
    public static final int DEFAULT_TEST = 5000;

    /** Checks that no part is null and all parts have the same dimension. */
    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        if (validation.dim() != train.dim() || test.dim() != train.dim())
            throw new IllegalArgumentException("dimensions differ: train " + train.dim() + ", validation "
                    + validation.dim() + ", test " + test.dim());
    }

    /**
     * Splits {@code all} at random into {@code all.size() − nValidation − nTest} training,
     * {@code nValidation} validation and {@code nTest} test samples: a uniformly random
     * permutation (seeded with {@code seed}) is applied, and the first rows go to training, the
     * next to validation, the last to test. Every sample lands in exactly one part.
     *
     * @throws IllegalArgumentException if a count is negative or the counts leave no training
     *     sample
     */
    public static Split of(Samples all, int nValidation, int nTest, long seed) {
        Objects.requireNonNull(all, "all");
        if (nValidation < 0 || nTest < 0)
            throw new IllegalArgumentException("validation and test sizes must be >= 0, got " + nValidation + " and " + nTest);
        int n = all.size();
        if ((long) nValidation + nTest >= n)
            throw new IllegalArgumentException("cannot split " + n + " samples into " + nValidation + " validation and "
                    + nTest + " test samples and still keep at least one training sample");
        int nTrain = n - nValidation - nTest;
        Samples shuffled = all.select(Datasets.permutation(n, new Random(seed)));
        return new Split(shuffled.range(0, nTrain), shuffled.range(nTrain, nTrain + nValidation),
                shuffled.range(nTrain + nValidation, n));
    }

    /**
     * Draws three independent sets from the named data set (see {@link Datasets#byName}):
     * {@code nTrain} training samples with seed {@code derivedSeed(seed, 0)}, {@code nValidation}
     * validation samples with {@code derivedSeed(seed, 1)} and {@code nTest} test samples with
     * {@code derivedSeed(seed, 2)}.
     *
     * @throws IllegalArgumentException for an unknown data set, {@code nTrain < 1}, negative
     *     sizes or invalid noise
     */
    public static Split generate(String dataset, int nTrain, int nValidation, int nTest, double noise, long seed) {
        if (nTrain < 1) throw new IllegalArgumentException("need at least one training sample, got " + nTrain);
        if (nValidation < 0 || nTest < 0)
            throw new IllegalArgumentException("validation and test sizes must be >= 0, got " + nValidation + " and " + nTest);
        return new Split(Datasets.byName(dataset, nTrain, noise, derivedSeed(seed, 0)),
                Datasets.byName(dataset, nValidation, noise, derivedSeed(seed, 1)),
                Datasets.byName(dataset, nTest, noise, derivedSeed(seed, 2)));
    }

    /**
     * {@link #generate(String, int, int, int, double, long)} with the project's
     * {@link #DEFAULT_VALIDATION} and {@link #DEFAULT_TEST} sizes.
     */
    public static Split generate(String dataset, int nTrain, double noise, long seed) {
        return generate(dataset, nTrain, DEFAULT_VALIDATION, DEFAULT_TEST, noise, seed);
    }

    /**
     * The seed of stream {@code k} derived from {@code seed}: SplitMix64's finaliser applied to
     * {@code seed + (k + 1)·0x9E3779B97F4A7C15}, so nearby seeds and streams give unrelated
     * generators.
     */
    public static long derivedSeed(long seed, int k) {
        long z = seed + (k + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "Split[train=" + train.size() + ", validation=" + validation.size() + ", test=" + test.size()
                + ", d=" + train.dim() + "]";
    }
}
