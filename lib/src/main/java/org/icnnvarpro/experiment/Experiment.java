package org.icnnvarpro.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.data.Split;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.Initialization;
import org.icnnvarpro.model.NotPositiveDefiniteException;
import org.icnnvarpro.train.Budget;
import org.icnnvarpro.train.Scheme;
import org.icnnvarpro.train.Trainer;
import org.icnnvarpro.train.TrainingConfig;
import org.icnnvarpro.train.TrainingResult;

/**
 * Several schemes × several seeds × one budget, as in the thesis's chapter 4. For each seed one
 * data split (training, validation, test) and one initial network are drawn, and every scheme
 * starts from that same initialization ("for the same initialization of weights", §4.1). Each
 * run's best-validation model is evaluated on all three sets. Runs are independent and run in
 * parallel ({@link #parallel}), each on one thread, so results do not depend on the parallelism.
 *
 * <pre>{@code
 * ExperimentResult r = Experiment.on("moons").schemes(Scheme.FULL_ADAM, Scheme.ADAM_LBFGS_VARPRO)
 *         .seeds(3).budget(Budget.workUnits(500_000)).thesisModel(true).run();
 * System.out.println(r.summary().print());
 * }</pre>
 */
public final class Experiment {
    private final String dataset;
    private List<Scheme> schemes = List.of(Scheme.FULL_ADAM, Scheme.ADAM_VARPRO, Scheme.ADAM_LBFGS_VARPRO);
    private long[] seeds = {0, 1, 2};
    private Budget budget = Budget.workUnits(500_000);
    private int nTrain = 1024, nValidation = Split.DEFAULT_VALIDATION, nTest = Split.DEFAULT_TEST;
    private Double noise;
    private int[] widths = {32, 32, 32, 32};
    private boolean thesisModel = true;
    private int parallel = Runtime.getRuntime().availableProcessors();
    private Consumer<String> progress;
    private UnaryOperator<TrainingConfig> configure = UnaryOperator.identity();
    private Initialization init = Initialization.SCALED;
    private double initScale = 1.0;

    private Experiment(String dataset) {
        Datasets.defaultNoise(dataset); // validates the name
        this.dataset = dataset;
    }

    /** An experiment on a synthetic data set ({@link Datasets#names()}). */
    public static Experiment on(String dataset) {
        return new Experiment(dataset);
    }

    public Experiment schemes(Scheme... s) {
        if (s.length == 0) throw new IllegalArgumentException("need at least one scheme");
        this.schemes = List.of(s);
        return this;
    }

    /** Seeds 0..n−1. */
    public Experiment seeds(int n) {
        if (n <= 0) throw new IllegalArgumentException("need at least one seed, got " + n);
        this.seeds = new long[n];
        for (int i = 0; i < n; i++) seeds[i] = i;
        return this;
    }

    public Experiment seeds(long... s) {
        if (s.length == 0) throw new IllegalArgumentException("need at least one seed");
        this.seeds = s.clone();
        return this;
    }

    public Experiment budget(Budget b) {
        this.budget = b;
        return this;
    }

    /** Sizes of the training, validation and test sets (thesis: validation = test = 5000). */
    public Experiment sizes(int train, int validation, int test) {
        if (train <= 0 || validation <= 0 || test <= 0) throw new IllegalArgumentException("set sizes must be positive");
        this.nTrain = train;
        this.nValidation = validation;
        this.nTest = test;
        return this;
    }

    /** Noise of the data set (default: the data set's own, 0.05 for moons). */
    public Experiment noise(double noise) {
        this.noise = noise;
        return this;
    }

    public Experiment hidden(int... widths) {
        this.widths = widths.clone();
        return this;
    }

    /** The thesis's model ({@code w_q = 0}, default) or the model with the quadratic feature. */
    public Experiment thesisModel(boolean thesis) {
        this.thesisModel = thesis;
        return this;
    }

    /** Initialization rule of the initial networks (default {@link Initialization#SCALED}). */
    public Experiment init(Initialization rule) {
        if (rule == null) throw new IllegalArgumentException("initialization rule is required");
        this.init = rule;
        return this;
    }

    /** Scale of the initial hidden weights {@code L_i} ({@link Icnn.Builder#initScale}, default 1). */
    public Experiment initScale(double s) {
        if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("initialization scale must be > 0 and finite, got " + s);
        this.initScale = s;
        return this;
    }

    public Initialization init() { return init; }

    public double initScale() { return initScale; }

    /** Number of runs at once (default: the number of cores). */
    public Experiment parallel(int n) {
        if (n <= 0) throw new IllegalArgumentException("parallel must be positive, got " + n);
        this.parallel = n;
        return this;
    }

    /** Status lines while running. */
    public Experiment onProgress(Consumer<String> listener) {
        this.progress = listener;
        return this;
    }

    /** Changes the training configuration of every run (it starts as the thesis's settings for the scheme). */
    public Experiment configure(UnaryOperator<TrainingConfig> f) {
        this.configure = f;
        return this;
    }

    public String dataset() { return dataset; }

    /** Size of the training set. */
    public int trainSize() { return nTrain; }

    /** The seeds (a copy). */
    public long[] seedArray() { return seeds.clone(); }

    /** The schemes, in order. */
    public List<Scheme> schemeList() { return schemes; }

    /** The training configuration of scheme {@code s} for seed {@code seed} (the thesis's settings, then {@link #configure}). */
    public TrainingConfig config(Scheme s, long seed) {
        return configure.apply(TrainingConfig.of(s, budget).withSeed(seed));
    }

    public boolean isThesisModel() { return thesisModel; }

    /**
     * The settings that decide the schemes' results beyond their names, in words: the inner solver,
     * the warm-up rule of Adam-ℓBFGS VarPro, the L-BFGS memory, Adam's learning rate, the batches and
     * the initialization, e.g. {@code inner problem solved by the primal-dual method (warm-started
     * from the previous solution); Adam-ℓBFGS VarPro warms up with Adam VarPro for 30 % of the
     * work-unit budget, then runs ℓBFGS VarPro; L-BFGS memory m = 100 …; scaled initialization}.
     */
    public String settingsSummary() {
        TrainingConfig c = config(Scheme.ADAM_LBFGS_VARPRO, 0);
        return String.format(Locale.ROOT, "inner problem solved by the %s method (warm-started from the previous solution); "
                        + "Adam-ℓBFGS VarPro warms up with Adam VarPro for %.0f %% of the work-unit budget, then runs ℓBFGS VarPro; "
                        + "L-BFGS memory m = %d with a strong-Wolfe line search; Adam lr %.2f; batches %d (Full Adam), %d (Adam VarPro), SAA batch %d (ℓBFGS); "
                        + "%s initialization%s",
                c.innerSolver().name(), 100 * c.warmupFraction(), c.lbfgsHistory(), c.learningRate(), c.adamBatch(), c.varproBatch(), c.lbfgsBatch(),
                init.id(), initScale == 1 ? "" : " × " + initScale);
    }

    public Budget budget() { return budget; }

    /** The data of seed {@code seed} (the same for every scheme). */
    public Split data(long seed) {
        return Split.generate(dataset, nTrain, nValidation, nTest, noise != null ? noise : Datasets.defaultNoise(dataset), seed);
    }

    /** The initial network of seed {@code seed} (the same for every scheme). */
    public Icnn initialModel(long seed) {
        return Icnn.builder(2).hidden(widths).quadratic(!thesisModel).init(init).initScale(initScale).seed(seed).build();
    }

    /** Runs every scheme for every seed. */
    public ExperimentResult run() {
        List<Future<RunResult>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "icnn-experiment");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        try {
            for (long seed : seeds) {
                for (Scheme s : schemes) futures.add(pool.submit(() -> runOne(s, seed)));
            }
            List<RunResult> runs = new ArrayList<>();
            for (Future<RunResult> f : futures) {
                try {
                    runs.add(f.get());
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return new ExperimentResult(this, runs, (System.nanoTime() - t0) * 1e-9);
        } finally {
            pool.shutdownNow();
        }
    }

    private RunResult runOne(Scheme s, long seed) {
        Split data = data(seed);
        Icnn init = initialModel(seed);
        String tag = "[" + s.id() + " seed " + seed + "] ";
        TrainingConfig cfg = config(s, seed);
        Trainer trainer = new Trainer(cfg).threads(1).progressEvery(10);
        if (progress != null) trainer.onProgress(line -> progress.accept(tag + line));
        TrainingResult r = trainer.train(init, data.train(), data.validation());
        SaaLoss loss = new SaaLoss(new BatchDerivatives(1, BatchDerivatives.DEFAULT_CHUNK));
        RunResult rr = new RunResult(s, seed, r, safe(loss, r.best(), data.train()), safe(loss, r.best(), data.validation()),
                safe(loss, r.best(), data.test()), safe(loss, r.model(), data.test()));
        if (progress != null)
            progress.accept(String.format("%sdone: %s; best model J train %.4f, validation %.4f, test %.4f", tag, r.status(), rr.trainJ(),
                    rr.validationJ(), rr.testJ()));
        return rr;
    }

    static double safe(SaaLoss loss, Icnn net, Samples x) {
        try {
            return loss.value(net, x);
        } catch (NotPositiveDefiniteException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    @Override
    public String toString() {
        return String.format("%s, %s model, schemes %s, seeds %s, budget %s, sets %d/%d/%d%s", dataset,
                thesisModel ? "thesis (w_q = 0)" : "quadratic-feature", schemes, Arrays.toString(seeds), budget, nTrain, nValidation, nTest,
                init == Initialization.SCALED && initScale == 1 ? "" : ", init " + init.id() + (initScale == 1 ? "" : " × " + initScale));
    }
}
