package org.icnnvarpro.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.icnnvarpro.data.Split;
import org.icnnvarpro.io.AtomicFile;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.Initialization;
import org.icnnvarpro.train.Budget;
import org.icnnvarpro.train.Scheme;
import org.icnnvarpro.train.Trainer;
import org.icnnvarpro.train.TrainingConfig;

/**
 * The long sweep behind {@code reproduce --study}: every scheme over many seeds, compared in
 * pairs (same seed: same data and initial network) with 95 % t-intervals, at several work-unit
 * budgets and at equal time; the L-BFGS memory, the initialization and its scale, the SAA batch,
 * the switch point of Adam-then-ℓBFGS VarPro and the slimTrain-like scheme, each as its own
 * experiment (slim Adam VarPro, by far the costliest per work unit, enters the main comparison at
 * the main budget only). Everything runs on the thesis's model (moons, 4 × 32, validation and test sets of
 * 5000, training set 1024 unless stated), each run on one thread, so that the same seed gives the
 * same numbers whatever the parallelism.
 *
 * <p>Every run is appended to {@code runs.csv} as soon as its cell (one scheme and setting over all
 * seeds) is done; with {@code resume}, runs already in that file are not run again, so an
 * interrupted study continues where it stopped (and a complete file just regenerates the report).
 * The report {@code index.md} is computed from {@code runs.csv} and {@code timing.csv} only.
 *
 * <p><b>Equal time.</b> Wall time on a shared machine depends on the load, so budgets "of equal
 * time" are set from a timing pass inside the study: each scheme trains seed 0 for
 * {@link Settings#timingBudget} work units on this thread, the schemes interleaved, for
 * {@link Settings#timingRounds} rounds; the median thread-CPU seconds per work unit of each scheme
 * (what wall time is on an idle core; the wall seconds of the same pass are reported beside)
 * turns the time Full Adam needs for {@link Settings#mainBudget} work units into a work-unit budget
 * per scheme. The runs at those budgets are then deterministic like all others.
 */
public final class Study {
    /** The schemes of the study, in report order. */
    public static final List<Scheme> SCHEMES = List.of(Scheme.FULL_ADAM, Scheme.ADAM_VARPRO, Scheme.LBFGS_VARPRO, Scheme.ADAM_LBFGS_VARPRO,
            Scheme.VARPRO_INIT_ADAM, Scheme.ADAM_THEN_LBFGS_VARPRO, Scheme.SLIM_ADAM_VARPRO);
    private static final List<Scheme> LBFGS_SCHEMES = List.of(Scheme.LBFGS_VARPRO, Scheme.ADAM_LBFGS_VARPRO, Scheme.ADAM_THEN_LBFGS_VARPRO);

    /**
     * Sizes of the study.
     *
     * @param seeds          seeds of every experiment but the scale sweep
     * @param sweepSeeds     seeds of the effective-L scale sweep
     * @param budgets        work-unit budgets of the main comparison
     * @param mainBudget     budget of the other experiments, and the Full Adam time that defines "equal time"
     * @param scales         initialization scales of the sweep (scaled initialization; 1 is taken from the main comparison)
     * @param memories       L-BFGS memories compared
     * @param switches       switch fractions of Adam-then-ℓBFGS VarPro compared
     * @param slim           slim Adam VarPro settings compared, as {memory batches, λ}
     * @param bigTrain       training-set size of the SAA-batch experiment
     * @param resampleEvery  ℓBFGS iterations between SAA batches in the SAA-batch experiment
     * @param timingBudget   work units per run of the timing pass
     * @param timingRounds   rounds of the timing pass
     * @param widths         hidden widths
     * @param nValidation    validation-set size
     * @param nTest          test-set size
     * @param parallel       runs at once (each on one thread)
     */
    public record Settings(int seeds, int sweepSeeds, long[] budgets, long mainBudget, double[] scales, int[] memories, double[] switches,
                           double[][] slim, int bigTrain, int resampleEvery, long timingBudget, int timingRounds, int[] widths,
                           int nValidation, int nTest, int parallel) {
        /** The committed study: 10 seeds (5 in the scale sweep), 100k/300k/1M work units; one worker thread. */
        public static Settings full() {
            return new Settings(10, 5, new long[] {100_000, 300_000, 1_000_000}, 300_000, new double[] {0.5, 2, 4, 8, 16}, new int[] {10, 100},
                    new double[] {0.5, 0.7, 0.9}, new double[][] {{0, 0}, {3, 0}, {7, 0.01}, {7, 1}}, 8192, 10, 100_000, 3,
                    new int[] {32, 32, 32, 32}, 5000, 5000, 1);
        }

        /** A tiny version that writes the same files (for tests). */
        public static Settings quick() {
            return new Settings(2, 2, new long[] {2_000, 4_000}, 4_000, new double[] {4}, new int[] {10, 100}, new double[] {0.5, 0.7},
                    new double[][] {{2, 0.01}}, 2048, 3, 2_000, 1, new int[] {8, 8}, 300, 300, 2);
        }

        /** The same settings with {@code n} runs at once. */
        public Settings withParallel(int n) {
            if (n <= 0) throw new IllegalArgumentException("parallel must be positive, got " + n);
            return new Settings(seeds, sweepSeeds, budgets, mainBudget, scales, memories, switches, slim, bigTrain, resampleEvery, timingBudget,
                    timingRounds, widths, nValidation, nTest, n);
        }
    }

    /** Median seconds per work unit of one scheme in the timing pass (thread CPU and wall). */
    record Timing(String scheme, double cpuPerWorkUnit, double wallPerWorkUnit) {}

    private final Settings settings;
    private final Consumer<String> progress;
    private final boolean resume;
    private StudyRuns runs = StudyRuns.empty();
    private Path out;
    private int cellsRun;

    public Study(Settings settings, Consumer<String> progress, boolean resume) {
        this.settings = settings;
        this.progress = progress == null ? s -> {} : progress;
        this.resume = resume;
    }

    /** Runs (or, with {@code resume}, completes) the study into {@code out}; returns the path of its {@code index.md}. */
    public Path run(Path out) {
        this.out = out;
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
        Path csv = out.resolve("runs.csv");
        if (resume && Files.exists(csv)) {
            runs = StudyRuns.read(csv);
            progress.accept("resuming: " + runs.size() + " runs already in " + csv);
        }
        long m = settings.mainBudget();
        // 1. L-BFGS memory (the default memory's runs are those of the main comparison)
        for (int mem : settings.memories()) {
            if (mem == DEFAULTS.lbfgsHistory()) continue;
            for (Scheme s : LBFGS_SCHEMES) cell("memory", "m=" + mem, s, ex -> ex.budget(Budget.workUnits(m)).configure(c -> c.withLbfgsHistory(mem)));
        }
        // 2. main comparison, the main budget first (slim Adam VarPro, the costliest per work unit, at the main budget only)
        List<Long> budgets = new ArrayList<>();
        budgets.add(m);
        for (long b : settings.budgets()) if (b != m) budgets.add(b);
        for (long b : budgets)
            for (Scheme s : SCHEMES) {
                if (s == Scheme.SLIM_ADAM_VARPRO && b != m) continue;
                cell("main", "", s, ex -> ex.budget(Budget.workUnits(b)));
            }
        // 3. initialization
        for (Scheme s : SCHEMES) cell("init", "", s, ex -> ex.budget(Budget.workUnits(m)).init(Initialization.HESSQUIK));
        // 4. equal time
        List<Timing> timing = timing();
        Map<String, Long> equal = equalTimeBudgets(timing);
        for (Scheme s : SCHEMES) cell("equal-time", "", s, ex -> ex.budget(Budget.workUnits(equal.get(s.id()))));
        // 5. the SAA batch
        int big = settings.bigTrain();
        cell("saa", "", Scheme.FULL_ADAM, ex -> ex.budget(Budget.workUnits(m)).sizes(big, settings.nValidation(), settings.nTest()));
        cell("saa", "batch=" + big, Scheme.LBFGS_VARPRO,
                ex -> ex.budget(Budget.workUnits(m)).sizes(big, settings.nValidation(), settings.nTest()).configure(c -> c.withLbfgsBatch(big)));
        cell("saa", "batch=1024", Scheme.LBFGS_VARPRO, ex -> ex.budget(Budget.workUnits(m)).sizes(big, settings.nValidation(), settings.nTest()));
        cell("saa", "batch=1024;resample=" + settings.resampleEvery(), Scheme.LBFGS_VARPRO,
                ex -> ex.budget(Budget.workUnits(m)).sizes(big, settings.nValidation(), settings.nTest())
                        .configure(c -> c.withLbfgsResample(settings.resampleEvery())));
        // 6. switch point (the default's runs are those of the main comparison)
        for (double f : settings.switches()) {
            if (f == DEFAULTS.switchFraction()) continue;
            cell("switch", "switch=" + f, Scheme.ADAM_THEN_LBFGS_VARPRO, ex -> ex.budget(Budget.workUnits(m)).configure(c -> c.withSwitchFraction(f)));
        }
        // 7. effective-L scale sweep (after the SAA and switch cells: the costliest sweep, and the one that can stop at fewer scales)
        for (double sc : settings.scales())
            for (Scheme s : SCHEMES) {
                if (s == Scheme.SLIM_ADAM_VARPRO) continue;
                cell("scale", "", s, ex -> ex.budget(Budget.workUnits(m)).initScale(sc).seeds(settings.sweepSeeds()));
            }
        // 8. slimTrain-like inner problem (likewise)
        for (double[] sl : settings.slim()) {
            if (isDefaultSlim(sl)) continue;
            cell("slim", slimVariant((int) sl[0], sl[1]), Scheme.SLIM_ADAM_VARPRO,
                    ex -> ex.budget(Budget.workUnits(m)).configure(c -> c.withSlimMemory((int) sl[0]).withSlimProximal(sl[1])));
        }

        double seconds = (System.nanoTime() - t0) * 1e-9;
        Path index = out.resolve("index.md");
        AtomicFile.writeString(index, new StudyReport(settings, runs, timing, equal).markdown(cellsRun, seconds));
        return index;
    }

    /**
     * The training settings the memory, switch and slim experiments vary ({@link TrainingConfig#of}'s
     * defaults). A varied setting equal to its default is not run again: its runs are those of the
     * main comparison at the main budget, which the report takes in its place.
     */
    static final TrainingConfig DEFAULTS = TrainingConfig.of(Scheme.FULL_ADAM, Budget.workUnits(1));

    /** Whether a slim setting {memory batches, λ} is the default one (see {@link #DEFAULTS}). */
    static boolean isDefaultSlim(double[] sl) {
        return sl[0] == DEFAULTS.slimMemory() && sl[1] == DEFAULTS.slimProximal();
    }

    static String slimVariant(int memory, double lambda) {
        return "r=" + memory + ";λ=" + lambda;
    }

    /** A fresh experiment of one scheme over the study's seeds, with the study's sizes. */
    private Experiment base(Scheme s) {
        return Experiment.on("moons").thesisModel(true).schemes(s).seeds(settings.seeds()).hidden(settings.widths())
                .sizes(1024, settings.nValidation(), settings.nTest()).parallel(settings.parallel());
    }

    /** Runs one cell (a scheme and setting over all seeds), skipping seeds already in {@code runs}; saves {@code runs.csv}. */
    private void cell(String experiment, String variant, Scheme s, UnaryOperator<Experiment> setup) {
        Experiment ex = setup.apply(base(s));
        List<Long> missing = new ArrayList<>();
        for (long seed : ex.seedArray()) {
            StudyRuns.Run like = new StudyRuns.Run(experiment, variant, s.id(), ex.init().id(), ex.initScale(), ex.trainSize(),
                    ex.budget().workUnits(), seed, 0, 0, 0, 0, 0, 0, 0, 0, "");
            if (!runs.has(like, seed)) missing.add(seed);
        }
        String name = experiment + ": " + s.id() + (variant.isEmpty() ? "" : " " + variant) + ", " + ex.init().id()
                + (ex.initScale() == 1 ? "" : " × " + ex.initScale()) + ", " + ex.budget();
        if (missing.isEmpty()) {
            progress.accept("[study] " + name + ": done before");
            return;
        }
        long t0 = System.nanoTime();
        ExperimentResult r = ex.seeds(missing.stream().mapToLong(Long::longValue).toArray()).run();
        runs = runs.plus(StudyRuns.of(r, experiment, variant));
        runs.write(out.resolve("runs.csv"));
        cellsRun++;
        progress.accept(String.format(Locale.ROOT, "[study] %s: %d runs in %.0f s (mean test J of the best models %.3f)", name, missing.size(),
                (System.nanoTime() - t0) * 1e-9, r.stat(s, RunResult::testJ).mean()));
    }

    /**
     * The timing pass (reused from {@code timing.csv} when resuming): each scheme trains seed 0 of
     * the main comparison for {@code timingBudget} work units on this thread, without history rows
     * in between, the schemes interleaved; medians over the rounds.
     */
    private List<Timing> timing() {
        Path file = out.resolve("timing.csv");
        if (resume && Files.exists(file)) {
            List<Timing> t = readTiming(file);
            progress.accept("resuming: timing pass from " + file);
            return t;
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        Experiment ex = base(Scheme.FULL_ADAM);
        Split data = ex.data(0);
        Icnn init = ex.initialModel(0);
        for (int round = 0; round < settings.timingRounds(); round++) {
            for (Scheme s : SCHEMES) {
                TrainingConfig cfg = TrainingConfig.of(s, Budget.workUnits(settings.timingBudget())).withSeed(0).withLogEvery(settings.timingBudget());
                Trainer trainer = new Trainer(cfg).threads(1);
                long c0 = mx.getCurrentThreadCpuTime(), w0 = System.nanoTime();
                var r = trainer.train(init, data.train(), data.validation());
                long c1 = mx.getCurrentThreadCpuTime(), w1 = System.nanoTime();
                samples.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(new double[] {(c1 - c0) * 1e-9 / r.workUnits(), (w1 - w0) * 1e-9 / r.workUnits()});
                progress.accept(String.format(Locale.ROOT, "[study] timing round %d: %s %.2f s CPU, %.2f s wall for %,d work units", round + 1, s.id(),
                        (c1 - c0) * 1e-9, (w1 - w0) * 1e-9, r.workUnits()));
            }
        }
        List<Timing> t = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : samples.entrySet())
            t.add(new Timing(e.getKey(), median(e.getValue(), 0), median(e.getValue(), 1)));
        StringBuilder sb = new StringBuilder("scheme,cpuSecondsPerWorkUnit,wallSecondsPerWorkUnit\n");
        for (Timing x : t) sb.append(x.scheme()).append(',').append(x.cpuPerWorkUnit()).append(',').append(x.wallPerWorkUnit()).append('\n');
        AtomicFile.writeString(file, sb.toString());
        return t;
    }

    /** Work-unit budgets of equal CPU time: Full Adam's time for {@code mainBudget} work units, rounded to 1000 work units. */
    private Map<String, Long> equalTimeBudgets(List<Timing> timing) {
        double fa = timing.stream().filter(t -> t.scheme().equals(Scheme.FULL_ADAM.id())).findFirst().orElseThrow().cpuPerWorkUnit();
        double seconds = fa * settings.mainBudget();
        Map<String, Long> b = new LinkedHashMap<>();
        for (Timing t : timing) b.put(t.scheme(), Math.max(1000, Math.round(seconds / t.cpuPerWorkUnit() / 1000) * 1000));
        return b;
    }

    private static double median(List<double[]> v, int col) {
        double[] x = v.stream().mapToDouble(a -> a[col]).sorted().toArray();
        return x.length % 2 == 1 ? x[x.length / 2] : 0.5 * (x[x.length / 2 - 1] + x[x.length / 2]);
    }

    static List<Timing> readTiming(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<Timing> t = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                if (f.length != 3) throw new IllegalArgumentException(file + ": line " + (i + 1) + ": expected 3 fields, got " + f.length);
                t.add(new Timing(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2])));
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Study[seeds " + settings.seeds() + ", budgets " + Arrays.toString(settings.budgets()) + "]";
    }
}
