package org.icnnvarpro.bench;

import java.util.List;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.inner.BarrierNewton;
import org.icnnvarpro.inner.InnerProblem;
import org.icnnvarpro.inner.InnerResult;
import org.icnnvarpro.inner.InnerSolver;
import org.icnnvarpro.inner.PrimalDualInteriorPoint;
import org.icnnvarpro.inner.ReducedObjective;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.optim.Lbfgs;

/**
 * The workloads of the benchmark, each on the bench's network and batch of a configuration: the
 * loss+gradient ({@code lossgrad}); at N = 1024 also the features pass ({@code features}), the inner
 * solves ({@code inner-barrier}, {@code inner-pd}, with {@code -alg1} and {@code -newton} parts) and
 * one ℓBFGS VarPro iteration ({@code lbfgs-iter}). A new workload is a {@link Workload} added in
 * {@link #all}: the timing and reporting code does not change.
 */
final class Workloads {
    private Workloads() {}

    /**
     * The workloads timed for a configuration: the loss+gradient always; at N = 1024 also the
     * features pass alone, the VarPro inner solve (barrier, Algorithm 1, and primal-dual),
     * warm-started as in training, with and without the features pass and as Newton iterations
     * alone, and one full ℓBFGS VarPro iteration (line search included).
     */
    static List<Workload> of(BenchOptions o, Config c) {
        return all(o, c).stream().filter(w -> o.only.isEmpty() || o.only.contains(w.name())).toList();
    }

    /** Names accepted by {@code --workloads}. */
    static final List<String> NAMES = List.of("lossgrad", "features", "inner-barrier", "inner-pd", "inner-barrier-alg1",
            "inner-pd-alg1", "inner-barrier-newton", "inner-pd-newton", "lbfgs-iter");

    private static List<Workload> all(BenchOptions o, Config c) {
        if (c.n() != 1024) return List.of(new LossGradient(c, o.chunk));
        List<Workload> all = new java.util.ArrayList<>(List.of(new LossGradient(c, o.chunk), new FeaturesPass(c, o.chunk)));
        for (InnerSolve.Part part : InnerSolve.Part.values()) {
            all.add(new InnerSolve(c, o.chunk, new BarrierNewton(), part));
            all.add(new InnerSolve(c, o.chunk, new PrimalDualInteriorPoint(), part));
        }
        all.add(new LbfgsIteration(c, o.chunk));
        return all;
    }

    /**
     * A workload on the bench's network and batch of a configuration, with its own engine
     * ({@code chunk} samples per task, the configuration's threads), closed with the workload.
     */
    abstract static class OnBatch implements Workload {
        final Config c;
        final Icnn net;
        final Samples x;
        final BatchDerivatives engine;

        OnBatch(Config c, int chunk) {
            this.c = c;
            this.net = network(c.widths(), c.d());
            this.x = data(c.n(), c.d());
            this.engine = new BatchDerivatives(c.threads(), chunk);
        }

        @Override public void close() { engine.close(); }
    }

    /**
     * The forward pass with Hessian rows that gives the inner problem its features
     * ({@link BatchDerivatives#features}): step 1 of the thesis's Algorithm 2, before the inner solve.
     */
    static final class FeaturesPass extends OnBatch {
        BatchDerivatives.Features f;

        FeaturesPass(Config c, int chunk) {
            super(c, chunk);
        }

        @Override public String name() { return "features"; }

        @Override public double runOnce() {
            f = engine.features(net, x, f);
            return f.H[0];
        }

        @Override public long workUnits() { return 0; }

        @Override public double matmulFlops() { return c.forwardFlops(); }

        @Override public double designFlops() { return matmulFlops(); }

        @Override public double otherFlops() { return 0; }
    }

    /**
     * The features pass plus an inner solve, alternating between two hidden-weight vectors that
     * differ by a small random step (as consecutive ℓBFGS evaluations do), each warm-started from
     * the other's solution. One call solves both (μ₁ from w₀, then μ₀ from w₁) and times are reported
     * per solve, so the median does not depend on which of the two an odd number of calls ends on.
     * No backward propagation: 0 work units; flops of the forward products. What is timed is one
     * of three {@link Part}s.
     */
    static final class InnerSolve extends OnBatch {
        /** What a call times; the rest is done once, outside the timed calls. */
        enum Part {
            /** {@code inner-*}: the features pass, the problem's assembly and the Newton iterations. */
            ALL(""),
            /**
             * {@code inner-*-alg1}: the inner solve as the thesis's Algorithm 2 calls it (its step 4,
             * after the forward propagation): the problem's assembly from precomputed features
             * (Gram matrix, layouts) and the Newton iterations.
             */
            ALGORITHM1("-alg1"),
            /** {@code inner-*-newton}: the Newton iterations alone, on problems assembled once. */
            NEWTON("-newton");

            final String suffix;

            Part(String suffix) {
                this.suffix = suffix;
            }
        }

        final Part part;
        final InnerSolver solver;
        final double[][] mu = new double[2][];
        final double[][] w = new double[2][];
        /** The two problems' features, precomputed unless the features pass is timed (else null). */
        final BatchDerivatives.Features[] features;
        /** The two problems, precomputed when only the Newton part is timed (else null). */
        final InnerProblem[] problems;
        InnerProblem previous;

        InnerSolve(Config c, int chunk, InnerSolver solver, Part part) {
            super(c, chunk);
            this.part = part;
            this.solver = solver;
            mu[0] = net.hiddenRaw();
            mu[1] = mu[0].clone();
            java.util.Random r = new java.util.Random(7);
            for (int i = 0; i < mu[1].length; i++) mu[1][i] += 0.01 * r.nextGaussian();
            w[0] = solver.solve(InnerProblem.of(engine, net, x), net.last()).w();
            net.setHiddenRaw(mu[1]);
            w[1] = solver.solve(InnerProblem.of(engine, net, x), w[0]).w();
            features = part == Part.ALL ? null : new BatchDerivatives.Features[2];
            problems = part == Part.NEWTON ? new InnerProblem[2] : null;
            for (int i = 0; i < 2 && features != null; i++) {
                net.setHiddenRaw(mu[i]);
                features[i] = engine.features(net, x);
                if (problems != null) problems[i] = InnerProblem.of(features[i], false);
            }
        }

        @Override public String name() {
            return "inner-" + (solver instanceof BarrierNewton ? "barrier" : "pd") + part.suffix;
        }

        @Override public double runOnce() {
            return solveFrom(0) + solveFrom(1);
        }

        @Override public int evaluationsPerRun() {
            return 2;
        }

        private double solveFrom(int from) {
            int to = 1 - from;
            InnerProblem p;
            if (problems != null) {
                p = problems[to];
            } else if (features != null) {
                p = InnerProblem.of(features[to], false, previous);   // buffers reused, as in training
                previous = p;
            } else {
                net.setHiddenRaw(mu[to]);
                p = InnerProblem.of(engine, net, x, previous);
                previous = p;
            }
            InnerResult r = solver.solve(p, w[from]);
            return r.loss() + r.newtonSteps();
        }

        @Override public long workUnits() { return 0; }

        @Override public double matmulFlops() { return part == Part.ALL ? c.forwardFlops() : 0; }

        @Override public double designFlops() { return matmulFlops(); }

        @Override public double otherFlops() { return 0; }
    }

    /**
     * One iteration of ℓBFGS VarPro on a fixed batch of N samples: the L-BFGS direction, the
     * strong-Wolfe line search, and an inner solve plus a loss+gradient per evaluation. Work units:
     * N per evaluation (averaged over the calls so far).
     */
    static final class LbfgsIteration extends OnBatch {
        final ReducedObjective f;
        final Lbfgs lbfgs = new Lbfgs();
        final double[] start;
        Lbfgs.Run run;
        long calls;

        LbfgsIteration(Config c, int chunk) {
            super(c, chunk);
            this.f = new ReducedObjective(net, x, new PrimalDualInteriorPoint(), engine);
            this.start = net.hiddenRaw();
            this.run = lbfgs.start(f, start);
        }

        @Override public String name() { return "lbfgs-iter"; }

        @Override public double runOnce() {
            calls++;
            if (run.step().isTerminal()) run = lbfgs.start(f, start);
            return run.value();
        }

        @Override public long workUnits() { return calls == 0 ? c.n() : f.workUnits() / Math.max(1, calls); }

        @Override public double matmulFlops() { return c.matmulFlops() * workUnits() / c.n(); }

        @Override public double designFlops() { return c.designFlops() * workUnits() / c.n(); }

        @Override public double otherFlops() { return c.otherFlops() * workUnits() / c.n(); }
    }

    /** {@code SaaLoss.valueAndGradient} on two-moons data (d = 2) or standard normal data (d ≠ 2). */
    static final class LossGradient extends OnBatch {
        final SaaLoss loss;
        final double[] grad;

        LossGradient(Config c, int chunk) {
            super(c, chunk);
            this.loss = new SaaLoss(engine);
            this.grad = new double[net.size()];
        }

        @Override public String name() { return "lossgrad"; }

        @Override public double runOnce() { return loss.valueAndGradient(net, x, grad) + grad[0]; }

        @Override public long workUnits() { return c.n(); }

        @Override public double matmulFlops() { return c.matmulFlops(); }

        @Override public double designFlops() { return c.designFlops(); }

        @Override public double otherFlops() { return c.otherFlops(); }
    }

    static Icnn network(int[] widths, int d) {
        return Icnn.builder(d).hidden(widths).quadratic(false).seed(1).build();
    }

    static Samples data(int n, int d) {
        if (d == 2) return Datasets.moons(n, 0.05, 1);
        return Datasets.gaussian(n, new double[d], 1.0, 1);
    }
}
