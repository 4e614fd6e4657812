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
import org.icnnvarpro.io.FilePlan;
import org.icnnvarpro.io.Memory;
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

/** {@code train}: any scheme of the thesis (docs/math.md §6); writes the best model and the history, also on Ctrl-C or a fault. */
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
        checkOptions();
        Path hist = historyFile != null ? historyFile : Path.of(out + ".history.csv");
        FilePlan.create().reads("--data", data).writes("--out", out).writes("--history", hist).check();
        Budget budget = new Budget(workUnits, iterations, seconds);
        TrainingConfig cfg = TrainingConfig.of(s, budget).withLearningRate(lr).withAdamBatch(adamBatch).withVarproBatch(varproBatch)
                .withLbfgsBatch(lbfgsBatch).withWarmupFraction(warmup).withSwitchFraction(switchFraction).withLbfgsResample(lbfgsResample)
                .withSlimMemory(slimMemory).withSlimProximal(slimProximal).withSeed(seed)
                .withInnerSolver("barrier".equals(inner) ? new BarrierNewton() : new PrimalDualInteriorPoint());
        if (lbfgsMemory != null) cfg = cfg.withLbfgsHistory(lbfgsMemory);
        Samples train, val;
        if (data != null) {
            Samples all = CsvData.read(data);
            if (nVal >= all.size()) throw new IllegalArgumentException(data + ": " + all.size() + " samples, not enough for a validation set of " + nVal + " (use --n-val)");
            footprint(cfg, all.dim(), "--data " + data, all.size()).check();
            Split sp = Split.of(all, nVal, 0, seed);
            train = sp.train();
            val = sp.validation();
        } else {
            footprint(cfg, 2, "--n-train " + nTrain + " --n-val " + nVal, (long) nTrain + nVal).check();
            double nz = noise != null ? noise : Datasets.defaultNoise(dataset);
            Split sp = Split.generate(dataset, nTrain, nVal, 1, nz, seed);
            train = sp.train();
            val = sp.validation();
        }
        Icnn net = arch.build(train.dim(), seed);
        Trainer trainer = new Trainer(cfg).threads(threads).onProgress(System.out::println);

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
        ResultFiles files = new ResultFiles();
        try {
            r = trainer.train(net, train, val);
            // each file on its own: a model that cannot be written does not cost the history, and vice versa
            Path m = files.write("model", out, p -> ModelFile.write(r.best(), p));
            Path h = files.write("history", hist, p -> r.history().writeCsv(p));
            System.out.println(r);
            if (files.allWritten()) System.out.println("wrote " + out + " (best validation model) and " + hist);
            else System.out.println("wrote " + (m == null ? "no model" : m + " (best validation model)") + " and " + (h == null ? "no history" : h));
            System.out.flush();
        } finally {
            // after Ctrl-C the JVM halts as soon as the hook returns: everything above is done by then
            written.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return Main.INTERRUPTED;
        }
        if (!files.allWritten()) return files.exitCode();
        if (r.status() == TrainingResult.Status.FAILED) {
            System.err.println("error: training failed: " + r.message() + " (the best model so far and the history were written)");
            return Main.FAILED;
        }
        double j = new SaaLoss().value(r.best(), val);
        System.out.printf("validation NLL (nats) %.6f%n", SaaLoss.nll(j, val.dim()));
        System.out.println("loss " + j);
        return 0;
    }

    /** Every option's value, before any work. */
    private void checkOptions() {
        Require.positive("--n-train", nTrain);
        Require.positive("--n-val", nVal);
        arch.check();
        Require.nonNegative("--budget", workUnits, " (work units; 0 = no limit)");
        Require.nonNegative("--iterations", iterations, " (0 = no limit)");
        Require.nonNegative("--seconds", seconds, " (0 = no limit)");
        if (workUnits == 0 && iterations == 0 && seconds == 0)
            throw new IllegalArgumentException("--budget, --iterations and --seconds are all 0: give at least one limit");
        Require.positive("--lr", lr);
        Require.positive("--adam-batch", adamBatch);
        Require.positive("--varpro-batch", varproBatch);
        Require.positive("--lbfgs-batch", lbfgsBatch);
        Require.fraction("--warmup", warmup);
        Require.fraction("--switch", switchFraction);
        if (lbfgsMemory != null) Require.positive("--lbfgs-memory", lbfgsMemory);
        Require.nonNegative("--lbfgs-resample", lbfgsResample, " (0 = one fixed batch)");
        Require.nonNegative("--slim-memory", slimMemory, " (earlier batches)");
        Require.nonNegative("--slim-proximal", slimProximal, "");
        Require.nonNegative("--threads", threads, " (0 = all cores)");
        Require.oneOf("--inner", inner, "primal-dual", "barrier");
        if (noise != null) Require.nonNegative("--noise", noise, "");
    }

    /**
     * Memory of the run: the network with the optimizers' copies of it (Adam's moments, the best
     * model, L-BFGS pairs), the derivative engine, the data (and a shuffled copy), and the VarPro
     * inner problem on its batch.
     */
    private Footprint footprint(TrainingConfig cfg, int d, String dataOption, long samples) {
        int[] w = arch.widths;
        long hidden = Icnn.parameterCount(d, w) - (w[w.length - 1] + d + 1L);
        Footprint f = new Footprint()
                .add("--widths " + Require.join(w), Memory.plus(Memory.times(12, Footprint.model(d, w)),
                        Memory.times(2L * cfg.lbfgsHistory() * Double.BYTES, hidden)))
                .add("--widths " + Require.join(w) + " --threads " + threads, Footprint.engine(d, w, threads))
                .add(dataOption, Memory.times(2, Footprint.samples(samples, d)));
        Scheme s = cfg.scheme();
        if (s == Scheme.SLIM_ADAM_VARPRO) {
            // the inner problem holds the current batch and the features of the last slimMemory batches (drawn batches may repeat samples)
            f.add("--adam-batch " + adamBatch + " --slim-memory " + slimMemory,
                    Footprint.inner(Memory.times(adamBatch, slimMemory + 1L), d, w[w.length - 1]));
        } else if (s.varpro()) {
            boolean adam = s == Scheme.ADAM_VARPRO || s == Scheme.ADAM_LBFGS_VARPRO, lbfgs = s != Scheme.ADAM_VARPRO;
            int batch = Math.max(adam ? varproBatch : 0, lbfgs ? lbfgsBatch : 0);
            f.add(batch == lbfgsBatch && lbfgs ? "--lbfgs-batch " + lbfgsBatch : "--varpro-batch " + varproBatch,
                    Footprint.inner(Math.min(batch, samples), d, w[w.length - 1]));
        }
        return f;
    }
}
