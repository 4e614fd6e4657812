package org.icnnvarpro.train;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.inner.ReducedObjective;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.NotPositiveDefiniteException;
import org.icnnvarpro.optim.Adam;
import org.icnnvarpro.optim.Lbfgs;
import org.icnnvarpro.optim.OptimizationException;

/**
 * Runs a training scheme of the thesis (chapter 4) on a training set, logging training and
 * validation loss against work units:
 *
 * <ul>
 *   <li><b>Full Adam</b>: Adam on all raw parameters {@code θ} with mini-batches.</li>
 *   <li><b>Adam VarPro</b>: on each batch, solve the inner problem for {@code w(μ)} (warm-started),
 *       then one Adam step on the raw hidden parameters along {@code ∇_μ J(μ, w(μ))}.</li>
 *   <li><b>ℓBFGS VarPro</b>: L-BFGS with a strong-Wolfe line search on the reduced objective
 *       {@code J_red(μ)} over one fixed SAA batch (Algorithm 2).</li>
 *   <li><b>Adam-ℓBFGS VarPro</b>: Adam VarPro for {@code warmupFraction} of the budget, then
 *       ℓBFGS VarPro from there.</li>
 *   <li><b>VarPro-init Adam</b>: one inner solve for the initial last layer, then Full Adam.</li>
 *   <li><b>Adam-then-ℓBFGS VarPro</b>: VarPro-init Adam for {@code switchFraction} of the budget, then
 *       ℓBFGS VarPro from there.</li>
 *   <li><b>slim Adam VarPro</b>: Adam VarPro on mini-batches of {@code adamBatch} whose inner problem
 *       also holds the features of the last {@code slimMemory} batches and the proximal term
 *       {@code (slimProximal/2)‖w − w_prev‖²} ({@link ReducedObjective#memory}).</li>
 * </ul>
 *
 * <p>Every scheme but Full Adam begins with the inner solution for the initial hidden weights, on
 * one batch of the size of the inner problems the scheme goes on to solve: the Adam VarPro batch for
 * the thesis's Adam schemes, {@code adamBatch·(slimMemory + 1)} for slim Adam VarPro, the ℓBFGS SAA
 * batch otherwise (VarPro-init Adam included); its Newton steps and seconds are counted, its
 * evaluation is not counted in work units (its gradient is not used). ℓBFGS VarPro draws its SAA
 * batch once, unless {@code lbfgsResample > 0}: then every that many iterations it draws a new one
 * and restarts L-BFGS (memory cleared) on it, and a converged or failed L-BFGS run resamples
 * instead of ending the run.
 *
 * <p>Faults are handled, never carried on as NaN: a step after which the loss is undefined
 * ({@code ∇²Φ} not positive definite, or an infeasible inner problem) is undone and counted; 25
 * such steps in a row end the run with status FAILED. Any exception ends the run with status
 * FAILED and a result holding the best model so far and the history. {@link #requestStop()}
 * (e.g. from a Ctrl-C hook) ends the run after the current step with status STOPPED.
 */
public final class Trainer {
    private static final int MAX_CONSECUTIVE_REJECTIONS = 25;

    private final TrainingConfig config;
    private Consumer<String> progress;
    private Consumer<History> onHistory;
    private double progressEvery = 2.0;
    private int threads = 0;
    private final AtomicBoolean stop = new AtomicBoolean();

    public Trainer(TrainingConfig config) {
        this.config = config;
    }

    /** Receives one-line status messages while training (default: none). */
    public Trainer onProgress(Consumer<String> listener) {
        this.progress = listener;
        return this;
    }

    /**
     * Receives the history so far after every logged row, on the training thread (default: none);
     * e.g. to redraw a loss curve while the run goes on. Combined with {@link #requestStop()} from the
     * listener it ends a run early. The listener must copy what it keeps: the history grows.
     */
    public Trainer onHistory(Consumer<History> listener) {
        this.onHistory = listener;
        return this;
    }

    /** Minimum seconds between two status lines (default 2). */
    public Trainer progressEvery(double seconds) {
        this.progressEvery = seconds;
        return this;
    }

    /** Threads of the derivative engine (0 = all cores, the default). */
    public Trainer threads(int n) {
        if (n < 0) throw new IllegalArgumentException("threads must be >= 0, got " + n);
        this.threads = n;
        return this;
    }

    /** Asks a running {@link #train} to stop after its current step; it then returns normally. */
    public void requestStop() {
        stop.set(true);
    }

    public TrainingConfig config() { return config; }

    /**
     * Trains a copy of {@code initial} on {@code train}, logging the loss on {@code train} and
     * {@code validation}. {@code initial} is not modified.
     */
    public TrainingResult train(Icnn initial, Samples train, Samples validation) {
        if (train.dim() != initial.inputDim())
            throw new IllegalArgumentException("training data has dimension " + train.dim() + " but the model expects " + initial.inputDim());
        if (validation.dim() != initial.inputDim())
            throw new IllegalArgumentException("validation data has dimension " + validation.dim() + " but the model expects " + initial.inputDim());
        Scheme s = config.scheme();
        int needed = switch (s) {
            case FULL_ADAM -> config.adamBatch();
            case ADAM_VARPRO -> config.varproBatch();
            case LBFGS_VARPRO -> config.lbfgsBatch();
            case ADAM_LBFGS_VARPRO -> Math.max(config.varproBatch(), config.lbfgsBatch());
            case VARPRO_INIT_ADAM, ADAM_THEN_LBFGS_VARPRO -> Math.max(config.adamBatch(), config.lbfgsBatch());
            case SLIM_ADAM_VARPRO -> config.adamBatch();
        };
        if (needed > train.size())
            throw new IllegalArgumentException("batch size " + needed + " is larger than the training set (" + train.size() + " samples)");
        stop.set(false);
        Icnn net = initial.copy();
        try (BatchDerivatives engine = new BatchDerivatives(threads, BatchDerivatives.DEFAULT_CHUNK)) {
            RunState st = new RunState(net, train, validation, config, engine, progress, progressEvery, stop);
            st.onHistory = onHistory;
            TrainingResult.Status status = TrainingResult.Status.BUDGET;
            String message = "";
            try {
                if (s.varpro()) initialSolve(st);
                st.maybeLog("init", true);
                switch (s) {
                    case FULL_ADAM, VARPRO_INIT_ADAM -> message = fullAdam(st, config.budget());
                    case ADAM_VARPRO -> message = adamVarPro(st, config.budget(), config.varproBatch(), 0, 0, "adam-varpro");
                    case LBFGS_VARPRO -> message = lbfgsVarPro(st, config.budget());
                    case ADAM_LBFGS_VARPRO -> message = thenLbfgsVarPro(st, config.warmupFraction(),
                            b -> adamVarPro(st, b, config.varproBatch(), 0, 0, "adam-varpro"));
                    case ADAM_THEN_LBFGS_VARPRO -> message = thenLbfgsVarPro(st, config.switchFraction(), b -> fullAdam(st, b));
                    case SLIM_ADAM_VARPRO -> message = adamVarPro(st, config.budget(), config.adamBatch(), config.slimMemory(),
                            config.slimProximal(), "slim");
                }
                if (!message.isEmpty()) status = message.startsWith("failed") ? TrainingResult.Status.FAILED : TrainingResult.Status.CONVERGED;
                if (stop.get()) status = TrainingResult.Status.STOPPED;
            } catch (RuntimeException e) {
                status = TrainingResult.Status.FAILED;
                message = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            try {
                st.maybeLog("end", true);
            } catch (RuntimeException e) {
                st.note("final evaluation failed: " + e.getMessage());
            }
            Icnn best = st.best != null ? st.best : net.copy();
            return new TrainingResult(s, net, best, st.bestValidation, st.history, status, message, st.workUnits, st.seconds(),
                    st.rejected, st.notes.toString());
        }
    }

    /**
     * A two-phase scheme: {@code first} on the share {@code share} of the budget, then ℓBFGS VarPro
     * on the rest (the budget counts the whole run). A share of 0 has no first phase (a scaled
     * budget keeps at least one work unit, so it cannot say "none").
     */
    private String thenLbfgsVarPro(RunState st, double share, Function<Budget, String> first) {
        String message = share > 0 ? first.apply(config.budget().scaled(share)) : "";
        if (!stop.get() && message.isEmpty()) message = lbfgsVarPro(st, config.budget());
        return message;
    }

    /** Schemes other than Full Adam start from the inner solution for the initial hidden weights (on one batch, see the class comment). */
    private void initialSolve(RunState st) {
        int n = switch (config.scheme()) {
            case ADAM_VARPRO, ADAM_LBFGS_VARPRO -> config.varproBatch();
            case SLIM_ADAM_VARPRO -> (int) Math.min(st.train.size(), (long) config.adamBatch() * (config.slimMemory() + 1));
            default -> config.lbfgsBatch();
        };
        ReducedObjective f = new ReducedObjective(st.net, new BatchSampler(st.train, n, config.seed() + 101).next(), config.innerSolver(), st.engine);
        double v = f.valueAndGradient(st.net.hiddenRaw(), new double[st.net.hiddenSize()]);
        if (!Double.isFinite(v)) throw new IllegalStateException("the inner problem of the initial network is infeasible");
        st.newtonSteps += f.newtonSteps();
        st.innerSeconds += f.innerSeconds();
    }

    // -------------------------------------------------------------------------------- Full Adam

    private String fullAdam(RunState st, Budget budget) {
        Icnn net = st.net;
        Adam adam = new Adam().withLearningRate(config.learningRate());
        BatchSampler sampler = new BatchSampler(st.train, config.adamBatch(), config.seed());
        double[] theta = net.raw(), previous = theta.clone(), grad = new double[net.size()];
        int consecutive = 0;
        while (!st.exhausted(budget)) {
            Samples b = sampler.next();
            double j;
            try {
                j = st.loss.valueAndRawGradient(net, theta, b, grad);
            } catch (NotPositiveDefiniteException e) {
                j = Double.NaN;
            }
            st.workUnits += b.size();
            if (!Double.isFinite(j) || !allFinite(grad)) {
                st.rejected++;
                st.note("Adam steps undone because the loss became undefined: " + st.rejected);
                if (++consecutive >= MAX_CONSECUTIVE_REJECTIONS) return "failed: " + consecutive + " consecutive Adam steps gave an undefined loss";
                System.arraycopy(previous, 0, theta, 0, theta.length);
                net.setRaw(theta);
                continue;
            }
            consecutive = 0;
            System.arraycopy(theta, 0, previous, 0, theta.length);
            adam.step(theta, grad);
            net.setRaw(theta);
            st.iteration++;
            st.maybeLog("adam", false);
        }
        return "";
    }

    // -------------------------------------------------------------------------------- Adam VarPro

    /**
     * Adam on μ along the reduced gradient on batches of {@code batchSize}; with {@code memory > 0} or
     * {@code proximal > 0} the inner problem is slimTrain's ({@link ReducedObjective#memory}).
     */
    private String adamVarPro(RunState st, Budget budget, int batchSize, int memory, double proximal, String phase) {
        Icnn net = st.net;
        Adam adam = new Adam().withLearningRate(config.learningRate());
        BatchSampler sampler = new BatchSampler(st.train, batchSize, config.seed());
        ReducedObjective f = new ReducedObjective(net, sampler.next(), config.innerSolver(), st.engine).memory(memory, proximal);
        double[] mu = net.hiddenRaw(), previous = mu.clone(), grad = new double[mu.length];
        double[] lastGood = net.last();
        int consecutive = 0;
        boolean first = true;
        while (!st.exhausted(budget)) {
            if (!first) f.setBatch(sampler.next());
            first = false;
            double[] j = {0};
            counted(st, f, () -> j[0] = f.valueAndGradient(mu, grad));
            if (!Double.isFinite(j[0]) || !allFinite(grad)) {
                st.rejected++;
                st.note("Adam VarPro steps undone because the inner problem or the loss became undefined: " + st.rejected);
                if (++consecutive >= MAX_CONSECUTIVE_REJECTIONS) return "failed: " + consecutive + " consecutive Adam VarPro steps gave an undefined loss";
                System.arraycopy(previous, 0, mu, 0, mu.length);
                net.setHiddenRaw(mu);
                net.setLast(lastGood);
                continue;
            }
            consecutive = 0;
            lastGood = net.last();
            System.arraycopy(mu, 0, previous, 0, mu.length);
            adam.step(mu, grad);
            st.iteration++;
            // log the network as it is: the new μ with the inner solution of the previous batch
            net.setHiddenRaw(mu);
            st.maybeLog(phase, false);
        }
        // leave the network consistent: w(μ) for the final μ on the last batch (counted like any evaluation)
        counted(st, f, () -> f.restore(mu));
        return "";
    }

    // -------------------------------------------------------------------------------- ℓBFGS VarPro

    private String lbfgsVarPro(RunState st, Budget budget) {
        Icnn net = st.net;
        int resample = config.lbfgsResample();
        BatchSampler saa = st.train.size() == config.lbfgsBatch() && resample == 0 ? null
                : new BatchSampler(st.train, config.lbfgsBatch(), config.seed() + 7);
        Samples batch = saa == null ? st.train : saa.next();
        ReducedObjective f = new ReducedObjective(net, batch, config.innerSolver(), st.engine);
        Lbfgs lbfgs = new Lbfgs().withHistorySize(config.lbfgsHistory());
        long wuBase = st.workUnits, ntBase = st.newtonSteps;
        double sBase = st.innerSeconds;
        Lbfgs.Run run;
        try {
            run = lbfgs.start(f, net.hiddenRaw());
        } catch (OptimizationException e) {
            return "failed: L-BFGS could not start: " + e.getMessage();
        }
        String message = "";
        int sinceDraw = 0, draws = 0;
        while (!st.exhausted(budget)) {
            if (resample > 0 && (sinceDraw == resample || run.status().isTerminal())) {
                f.setBatch(saa.next());
                try {
                    run = lbfgs.start(f, run.x());
                } catch (OptimizationException e) {
                    return "failed: L-BFGS could not restart on a new SAA batch: " + e.getMessage();
                }
                sinceDraw = 0;
                draws++;
                st.workUnits = wuBase + f.workUnits();
                continue;
            }
            sinceDraw++;
            Lbfgs.Status status = run.step();
            st.workUnits = wuBase + f.workUnits();
            st.newtonSteps = ntBase + f.newtonSteps();
            st.innerSeconds = sBase + f.innerSeconds();
            st.iteration++;
            f.restore(run.x());
            st.workUnits = wuBase + f.workUnits();
            if (run.skippedUpdates() > 0) st.note("L-BFGS curvature pairs skipped (s'y not positive): " + run.skippedUpdates());
            if (status.isTerminal() && resample > 0) {
                st.maybeLog("lbfgs-varpro", false);
                continue;   // a new SAA batch instead of the end
            }
            if (status.isTerminal()) {
                if (status == Lbfgs.Status.LINE_SEARCH_FAILED) st.note("L-BFGS line search failed: " + run.message());
                message = "L-BFGS stopped: " + status + (run.message() == null ? "" : " (" + run.message() + ")");
                break;
            }
            st.maybeLog("lbfgs-varpro", false);
        }
        if (draws > 0) st.note("SAA batches drawn after the first: " + draws);
        if (f.failures() > 0) st.note("reduced-objective evaluations with an infeasible inner problem or undefined loss (treated as +inf): " + f.failures());
        return message;
    }

    /** Runs {@code step} and adds the work units, Newton steps and inner seconds it cost {@code f} to the run. */
    private static void counted(RunState st, ReducedObjective f, Runnable step) {
        long wu0 = f.workUnits(), nt0 = f.newtonSteps();
        double s0 = f.innerSeconds();
        step.run();
        st.workUnits += f.workUnits() - wu0;
        st.newtonSteps += f.newtonSteps() - nt0;
        st.innerSeconds += f.innerSeconds() - s0;
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }
}
