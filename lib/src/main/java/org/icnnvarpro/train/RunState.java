package org.icnnvarpro.train;

import java.util.function.Consumer;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.NotPositiveDefiniteException;

/** Book-keeping of one run: counters, clock, history, best model, progress lines. */
final class RunState {
    final Icnn net;
    final BatchDerivatives engine;
    final SaaLoss loss;
    final Samples train, validation;
    final TrainingConfig config;
    final History history;
    final Consumer<String> progress;
    final double progressEvery;
    final java.util.concurrent.atomic.AtomicBoolean stop;
    Consumer<History> onHistory;

    long workUnits, newtonSteps, rejected;
    double innerSeconds;
    int iteration;
    Icnn best;
    double bestValidation = Double.POSITIVE_INFINITY;
    final StringBuilder notes = new StringBuilder();

    private final long startNanos = System.nanoTime();
    private long excludedNanos;
    private long nextLog;
    private final long logEvery;
    private double lastPrint = Double.NEGATIVE_INFINITY;

    RunState(Icnn net, Samples train, Samples validation, TrainingConfig config, BatchDerivatives engine,
             Consumer<String> progress, double progressEvery, java.util.concurrent.atomic.AtomicBoolean stop) {
        this.net = net;
        this.engine = engine;
        this.loss = new SaaLoss(engine);
        this.train = train;
        this.validation = validation;
        this.config = config;
        this.history = new History(config.scheme().label());
        this.progress = progress;
        this.progressEvery = progressEvery;
        this.stop = stop;
        this.logEvery = config.effectiveLogEvery();
    }

    /** Seconds of training so far, without the time spent evaluating losses for the history. */
    double seconds() {
        return (System.nanoTime() - startNanos - excludedNanos) * 1e-9;
    }

    boolean exhausted(Budget b) {
        return stop.get() || b.exhausted(workUnits, iteration, seconds());
    }

    void note(String s) {
        if (notes.indexOf(s) < 0) notes.append(notes.length() > 0 ? "; " : "").append(s);
    }

    /** Logs a history row if {@code logEvery} work units have passed since the last one (or if forced). */
    void maybeLog(String phase, boolean force) {
        boolean due = workUnits >= nextLog;
        if (!force && !due) return;
        long t0 = System.nanoTime();
        // the training time up to this point: read before the evaluations below, which are excluded from it
        double wall = seconds();
        double tr = safeLoss(train), va = safeLoss(validation);
        history.add(new History.Row(phase, iteration, workUnits, newtonSteps, innerSeconds, wall, tr, va));
        if (va < bestValidation) {
            bestValidation = va;
            best = net.copy();
        }
        while (nextLog <= workUnits) nextLog += logEvery;
        if (onHistory != null) onHistory.accept(history);   // inside the excluded time: drawing is not training
        double now = (System.nanoTime() - startNanos) * 1e-9;
        if (progress != null && (force || now - lastPrint >= progressEvery)) {
            lastPrint = now;
            double frac = config.budget().fraction(workUnits, iteration, wall);
            progress.accept(String.format("[%s] %3.0f%%  it %6d  wu %,12d  train J %8.4f  val J %8.4f  best %8.4f  inner %,d Newton  %6.1fs",
                    config.scheme().id(), 100 * Math.min(1, frac), iteration, workUnits, tr, va, bestValidation, newtonSteps, wall));
        }
        excludedNanos += System.nanoTime() - t0;
    }

    /** J on a data set; +∞ (with a note) where ∇²Φ is not positive definite, never NaN. */
    private double safeLoss(Samples x) {
        try {
            return loss.value(net, x);
        } catch (NotPositiveDefiniteException e) {
            note("loss undefined at some logged point (" + e.getMessage() + ")");
            return Double.POSITIVE_INFINITY;
        }
    }
}
