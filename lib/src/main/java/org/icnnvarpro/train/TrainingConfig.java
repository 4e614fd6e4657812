package org.icnnvarpro.train;

import org.icnnvarpro.inner.PrimalDualInteriorPoint;
import org.icnnvarpro.inner.InnerSolver;

/**
 * Hyperparameters of a training run, with the thesis's settings as defaults (docs/math.md §6.7):
 * Adam lr 0.05 with mini-batches of 64 (Full Adam), VarPro batches of 512 (Adam VarPro) and a
 * fixed SAA batch of 1024 (ℓBFGS VarPro), L-BFGS history 100 (the default of PyTorch's L-BFGS,
 * which the thesis used without stating the memory) with a strong-Wolfe line search.
 * The inner problem is solved by the primal-dual interior point method by default (the thesis's
 * suggested improvement): warm-started from the previous batch's solution after an Adam step it
 * needed 15 Newton steps per solve on moons against 58 for the barrier method (Algorithm 1,
 * {@code withInnerSolver(new BarrierNewton())}), whose tiny {@code w_k} make poor warm starts once
 * {@code μ} or the batch changes. Immutable; change with the {@code with…} methods.
 *
 * @param scheme          which training scheme
 * @param budget          when to stop
 * @param learningRate    Adam's step size (Full Adam and Adam VarPro)
 * @param adamBatch       mini-batch size of Full Adam
 * @param varproBatch     batch size of Adam VarPro
 * @param lbfgsBatch      SAA batch size of ℓBFGS VarPro (drawn once from the training set)
 * @param lbfgsHistory    L-BFGS history size m (default {@link #DEFAULT_LBFGS_MEMORY})
 * @param warmupFraction  share of the budget given to the Adam VarPro warm-up in Adam-ℓBFGS VarPro (default 0.3)
 * @param logEvery        work units between history rows (0: 1% of a work-unit budget but at most 100,000; 20,000 without one)
 * @param seed            seed of the batch sampling
 * @param innerSolver     solver of the inner problem
 * @param lbfgsResample   ℓBFGS iterations between new SAA batches, L-BFGS restarting on each (default 0: one fixed batch, the thesis)
 * @param switchFraction  share of the budget given to Full Adam before ℓBFGS VarPro takes over in Adam-then-ℓBFGS VarPro (default 0.7)
 * @param slimMemory      earlier batches whose features join the inner problem of slim Adam VarPro (default 7)
 * @param slimProximal    weight λ of (λ/2)‖w − w_prev‖² in the inner problem of slim Adam VarPro (default 0.01)
 */
public record TrainingConfig(Scheme scheme, Budget budget, double learningRate, int adamBatch, int varproBatch,
                             int lbfgsBatch, int lbfgsHistory, double warmupFraction, long logEvery, long seed,
                             InnerSolver innerSolver, int lbfgsResample, double switchFraction, int slimMemory, double slimProximal) {
    /**
     * L-BFGS history size of {@link #of}: 100, the default of PyTorch's L-BFGS. Chosen by
     * measurement: over 10 seeds at 300,000 work units ℓBFGS VarPro's mean test J was −1.344 ± 0.045
     * with it against −1.276 ± 0.169 with m = 10 (paired difference −0.068 [−0.176, +0.040], lower in
     * 7 of 10 seeds), and the other L-BFGS schemes did not change beyond their intervals
     * (RESULTS.md, docs/results/study).
     */
    public static final int DEFAULT_LBFGS_MEMORY = org.icnnvarpro.optim.Lbfgs.DEFAULT_HISTORY_SIZE;

    public TrainingConfig {
        if (scheme == null) throw new IllegalArgumentException("scheme is required");
        if (budget == null) throw new IllegalArgumentException("budget is required");
        if (!(learningRate > 0) || !Double.isFinite(learningRate))
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (adamBatch <= 0) throw new IllegalArgumentException("Adam batch size must be positive, got " + adamBatch);
        if (varproBatch <= 0) throw new IllegalArgumentException("VarPro batch size must be positive, got " + varproBatch);
        if (lbfgsBatch <= 0) throw new IllegalArgumentException("L-BFGS batch size must be positive, got " + lbfgsBatch);
        if (lbfgsHistory <= 0) throw new IllegalArgumentException("L-BFGS history size must be positive, got " + lbfgsHistory);
        if (!(warmupFraction >= 0 && warmupFraction <= 1))
            throw new IllegalArgumentException("warm-up fraction must be in [0, 1], got " + warmupFraction);
        if (logEvery < 0) throw new IllegalArgumentException("logEvery must be >= 0, got " + logEvery);
        if (innerSolver == null) throw new IllegalArgumentException("inner solver is required");
        if (lbfgsResample < 0) throw new IllegalArgumentException("L-BFGS resampling interval must be >= 0 (0 = fixed batch), got " + lbfgsResample);
        if (!(switchFraction >= 0 && switchFraction <= 1))
            throw new IllegalArgumentException("switch fraction must be in [0, 1], got " + switchFraction);
        if (slimMemory < 0) throw new IllegalArgumentException("slim memory must be >= 0 batches, got " + slimMemory);
        if (!(slimProximal >= 0) || !Double.isFinite(slimProximal))
            throw new IllegalArgumentException("slim proximal weight must be >= 0 and finite, got " + slimProximal);
    }

    /** The thesis's settings for a scheme and a budget. */
    public static TrainingConfig of(Scheme scheme, Budget budget) {
        return new TrainingConfig(scheme, budget, 0.05, 64, 512, 1024, DEFAULT_LBFGS_MEMORY, 0.3, 0, 0, new PrimalDualInteriorPoint(), 0, 0.7, 7, 0.01);
    }

    public TrainingConfig withScheme(Scheme s) { return new TrainingConfig(s, budget, learningRate, adamBatch, varproBatch, lbfgsBatch, lbfgsHistory, warmupFraction, logEvery, seed, innerSolver, lbfgsResample, switchFraction, slimMemory, slimProximal); }

    public TrainingConfig withBudget(Budget b) { return new TrainingConfig(scheme, b, learningRate, adamBatch, varproBatch, lbfgsBatch, lbfgsHistory, warmupFraction, logEvery, seed, innerSolver, lbfgsResample, switchFraction, slimMemory, slimProximal); }

    public TrainingConfig withLearningRate(double lr) { return new TrainingConfig(scheme, budget, lr, adamBatch, varproBatch, lbfgsBatch, lbfgsHistory, warmupFraction, logEvery, seed, innerSolver, lbfgsResample, switchFraction, slimMemory, slimProximal); }

    public TrainingConfig withAdamBatch(int n) { return new TrainingConfig(scheme, budget, learningRate, n, varproBatch, lbfgsBatch, lbfgsHistory, warmupFraction, logEvery, seed, innerSolver, lbfgsResample, switchFraction, slimMemory, slimProximal); }

    public TrainingConfig withVarproBatch(int n) { return new TrainingConfig(scheme, budget, learningRate, adamBatch, n, lbfgsBatch, lbfgsHistory, warmupFraction, logEvery, seed, innerSolver, lbfgsResample, switchFraction, slimMemory, slimProximal); }

    public TrainingConfig withLbfgsBatch(int n) { return new TrainingConfig(scheme, budget, learningRate, adamBatch, varproBatch, n, lbfgsHistory, warmupFraction, logEvery, seed, innerSolver, lbfgsResample, switchFraction, slimMemory, slimProximal); }

    public TrainingConfig withLbfgsHistory(int m) { return new TrainingConfig(scheme, budget, learningRate, adamBatch, varproBatch, lbfgsBatch, m, warmupFraction, logEvery, seed, innerSolver, lbfgsResample, switchFraction, slimMemory, slimProximal); }

    public TrainingConfig withWarmupFraction(double f) { return new TrainingConfig(scheme, budget, learningRate, adamBatch, varproBatch, lbfgsBatch, lbfgsHistory, f, logEvery, seed, innerSolver, lbfgsResample, switchFraction, slimMemory, slimProximal); }

    public TrainingConfig withLogEvery(long wu) { return new TrainingConfig(scheme, budget, learningRate, adamBatch, varproBatch, lbfgsBatch, lbfgsHistory, warmupFraction, wu, seed, innerSolver, lbfgsResample, switchFraction, slimMemory, slimProximal); }

    public TrainingConfig withSeed(long s) { return new TrainingConfig(scheme, budget, learningRate, adamBatch, varproBatch, lbfgsBatch, lbfgsHistory, warmupFraction, logEvery, s, innerSolver, lbfgsResample, switchFraction, slimMemory, slimProximal); }

    public TrainingConfig withInnerSolver(InnerSolver solver) { return new TrainingConfig(scheme, budget, learningRate, adamBatch, varproBatch, lbfgsBatch, lbfgsHistory, warmupFraction, logEvery, seed, solver, lbfgsResample, switchFraction, slimMemory, slimProximal); }

    /** Every {@code iterations} ℓBFGS iterations a new SAA batch is drawn and L-BFGS restarts on it (0: one fixed batch, the thesis). */
    public TrainingConfig withLbfgsResample(int iterations) { return new TrainingConfig(scheme, budget, learningRate, adamBatch, varproBatch, lbfgsBatch, lbfgsHistory, warmupFraction, logEvery, seed, innerSolver, iterations, switchFraction, slimMemory, slimProximal); }

    /** Share of the budget given to Full Adam before ℓBFGS VarPro takes over in {@link Scheme#ADAM_THEN_LBFGS_VARPRO}. */
    public TrainingConfig withSwitchFraction(double f) { return new TrainingConfig(scheme, budget, learningRate, adamBatch, varproBatch, lbfgsBatch, lbfgsHistory, warmupFraction, logEvery, seed, innerSolver, lbfgsResample, f, slimMemory, slimProximal); }

    /** Number of earlier batches whose (stale) features join the current one in the inner problem of {@link Scheme#SLIM_ADAM_VARPRO}. */
    public TrainingConfig withSlimMemory(int batches) { return new TrainingConfig(scheme, budget, learningRate, adamBatch, varproBatch, lbfgsBatch, lbfgsHistory, warmupFraction, logEvery, seed, innerSolver, lbfgsResample, switchFraction, batches, slimProximal); }

    /** Weight {@code λ} of the proximal term {@code (λ/2)‖w − w_prev‖²} in the inner problem of {@link Scheme#SLIM_ADAM_VARPRO}. */
    public TrainingConfig withSlimProximal(double lambda) { return new TrainingConfig(scheme, budget, learningRate, adamBatch, varproBatch, lbfgsBatch, lbfgsHistory, warmupFraction, logEvery, seed, innerSolver, lbfgsResample, switchFraction, slimMemory, lambda); }

    /** Work units between history rows actually used. */
    long effectiveLogEvery() {
        if (logEvery > 0) return logEvery;
        if (budget.workUnits() > 0) return Math.max(1, Math.min(100_000, budget.workUnits() / 100));
        return 20_000;
    }
}
