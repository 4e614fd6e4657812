package org.icnnvarpro.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.data.Split;
import org.icnnvarpro.inner.BarrierNewton;
import org.icnnvarpro.inner.PrimalDualInteriorPoint;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.icnnvarpro.train.Budget;
import org.icnnvarpro.train.Scheme;
import org.icnnvarpro.train.Trainer;
import org.icnnvarpro.train.TrainingConfig;
import org.icnnvarpro.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: any scheme of the thesis (DESIGN §6); writes the best model and the history, also on Ctrl-C or a fault. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a flow with one of the thesis's schemes; writes the model and its history.",
                "The model written is the one with the best validation loss. Ctrl-C stops the run and still writes both."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--scheme", defaultValue = "adam-lbfgs-varpro",
            description = "full-adam, adam-varpro, lbfgs-varpro, adam-lbfgs-varpro (the thesis's), varpro-init-adam,"
                    + " adam-then-lbfgs-varpro or slim-adam-varpro (default ${DEFAULT-VALUE})")
    String scheme;

    @Option(names = "--dataset", defaultValue = "moons", description = "synthetic training data: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})",
            completionCandidates = CheckCommand.DatasetNames.class)
    String dataset;

    @Option(names = "--data", description = "train on a CSV file instead (validation split off it)")
    Path data;

    @Option(names = "--noise", description = "noise of the synthetic data set (default: the data set's own, 0.05 for moons)")
    Double noise;

    @Option(names = "--n-train", defaultValue = "1024", description = "training samples (default ${DEFAULT-VALUE})")
    int nTrain;

    @Option(names = "--n-val", defaultValue = "5000", description = "validation samples (default ${DEFAULT-VALUE})")
    int nVal;

    @picocli.CommandLine.Mixin
    ModelOptions arch;

    @Option(names = "--budget", defaultValue = "2000000", description = "work units (forward+backward of one sample) (default ${DEFAULT-VALUE})")
    long workUnits;

    @Option(names = "--iterations", defaultValue = "0", description = "also stop after this many iterations (0 = no limit)")
    long iterations;

    @Option(names = "--seconds", defaultValue = "0", description = "also stop after this many seconds (0 = no limit)")
    double seconds;

    @Option(names = "--lr", defaultValue = "0.05", description = "Adam learning rate (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--adam-batch", defaultValue = "64", description = "Full Adam mini-batch (default ${DEFAULT-VALUE})")
    int adamBatch;

    @Option(names = "--varpro-batch", defaultValue = "512", description = "Adam VarPro batch (default ${DEFAULT-VALUE})")
    int varproBatch;

    @Option(names = "--lbfgs-batch", defaultValue = "1024", description = "ℓBFGS VarPro SAA batch (default ${DEFAULT-VALUE})")
    int lbfgsBatch;

    @Option(names = "--warmup", defaultValue = "0.3", description = "budget share of the Adam warm-up in adam-lbfgs-varpro (default ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--switch", defaultValue = "0.7",
            description = "budget share of Full Adam before the ℓBFGS VarPro finisher in adam-then-lbfgs-varpro (default ${DEFAULT-VALUE})")
    double switchFraction;

    @Option(names = "--lbfgs-memory", description = "L-BFGS history size m (default: " + TrainingConfig.DEFAULT_LBFGS_MEMORY + ")")
    Integer lbfgsMemory;

    @Option(names = "--lbfgs-resample", defaultValue = "0",
            description = "draw a new ℓBFGS SAA batch (and restart L-BFGS) every this many iterations (default ${DEFAULT-VALUE}: one fixed batch)")
    int lbfgsResample;

    @Option(names = "--slim-memory", defaultValue = "7", description = "earlier batches in the inner problem of slim-adam-varpro (default ${DEFAULT-VALUE})")
    int slimMemory;

    @Option(names = "--slim-proximal", defaultValue = "0.01",
            description = "weight λ of (λ/2)‖w − w_prev‖² in the inner problem of slim-adam-varpro (default ${DEFAULT-VALUE})")
    double slimProximal;

    @Option(names = "--inner", defaultValue = "primal-dual", description = "inner solver: primal-dual or barrier (Algorithm 1) (default ${DEFAULT-VALUE})")
    String inner;

    @Option(names = "--seed", defaultValue = "0", description = "seed of data, initialization and batches (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "threads (0 = all cores)")
    int threads;

    @Option(names = "--out", required = true, description = "model JSON to write")
    Path out;

    @Option(names = "--history", description = "history CSV to write (default: <out>.history.csv)")
    Path historyFile;

    @Override
    public Integer call() {
        Scheme s = Scheme.fromId(scheme);
        if (nTrain <= 0 || nVal <= 0) throw new IllegalArgumentException("--n-train and --n-val must be positive");
        Samples train, val;
        if (data != null) {
            Samples all = CsvData.read(data);
            if (nVal >= all.size()) throw new IllegalArgumentException(data + ": " + all.size() + " samples, not enough for a validation set of " + nVal + " (use --n-val)");
            Split sp = Split.of(all, nVal, 0, seed);
            train = sp.train();
            val = sp.validation();
        } else {
            double nz = noise != null ? noise : Datasets.defaultNoise(dataset);
            Split sp = Split.generate(dataset, nTrain, nVal, 1, nz, seed);
            train = sp.train();
            val = sp.validation();
        }
        Icnn net = arch.build(train.dim(), seed);
        Budget budget = new Budget(workUnits, iterations, seconds);
        TrainingConfig cfg = TrainingConfig.of(s, budget).withLearningRate(lr).withAdamBatch(adamBatch).withVarproBatch(varproBatch)
                .withLbfgsBatch(lbfgsBatch).withWarmupFraction(warmup).withSwitchFraction(switchFraction).withLbfgsResample(lbfgsResample)
                .withSlimMemory(slimMemory).withSlimProximal(slimProximal).withSeed(seed)
                .withInnerSolver(switch (inner) {
                    case "barrier" -> new BarrierNewton();
                    case "primal-dual" -> new PrimalDualInteriorPoint();
                    default -> throw new IllegalArgumentException("unknown inner solver '" + inner + "' (known: barrier, primal-dual)");
                });
        if (lbfgsMemory != null) cfg = cfg.withLbfgsHistory(lbfgsMemory);
        Trainer trainer = new Trainer(cfg).threads(threads).onProgress(System.out::println);
        Path hist = historyFile != null ? historyFile : Path.of(out + ".history.csv");

        System.out.printf("training %s on %d samples (validation %d), %s, init %s%s, budget %s%n", s.label(), train.size(), val.size(), net,
                arch.init, arch.initScale == 1 ? "" : " × " + arch.initScale, budget);
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                written.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "icnn-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        TrainingResult r;
        try {
            r = trainer.train(net, train, val);
            ModelFile.write(r.best(), out);
            r.history().writeCsv(hist);
            System.out.println(r);
            System.out.println("wrote " + out + " (best validation model) and " + hist);
            System.out.flush();
        } finally {
            // after Ctrl-C the JVM halts as soon as the hook returns: everything above is done by then
            written.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return 130;
        }
        if (r.status() == TrainingResult.Status.FAILED) {
            System.err.println("error: training failed: " + r.message() + " (the best model so far and the history were written)");
            return 1;
        }
        double j = new SaaLoss().value(r.best(), val);
        System.out.printf("validation NLL (nats) %.6f%n", SaaLoss.nll(j, val.dim()));
        System.out.println("loss " + j);
        return 0;
    }
}
