package org.icnnvarpro.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.inner.BarrierNewton;
import org.icnnvarpro.inner.InnerProblem;
import org.icnnvarpro.inner.InnerResult;
import org.icnnvarpro.inner.InnerSolver;
import org.icnnvarpro.inner.PrimalDualInteriorPoint;
import org.icnnvarpro.inner.ReducedObjective;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.optim.Lbfgs;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;

/**
 * Speed benchmark of the SAA loss and its weight gradient (DESIGN §7), with the dense
 * matrix-multiply rate measured in the same process as the yardstick.
 *
 * <p>For each configuration (N, hidden widths, input dimension d, threads) it warms up, repeats
 * and reports the median milliseconds per loss+gradient, work units per second (N per
 * evaluation), and the achieved flop rate. Flops counted per evaluation ({@code R = 1 + d + T},
 * {@code T = d(d+1)/2}):
 *
 * <pre>
 *   DESIGN §7 (forward-mode Hessian rows and their adjoint), layers with L (i ≥ 2): 6·N·R·m_{i−1}·m_i
 *   performed by BatchDerivatives (reverse-mode Hessian), layers with L:       2·(3d + 6)·N·m_{i−1}·m_i
 *       (Z = A Lᵀ and L̄ += Z̄ᵀA and Ā = Z̄ L on 1 + d rows per sample; δ, ē and L̄ on one row each)
 *   layer 1 (K only):       5·N·m_1·d              (z = K x + b forward; K̄ += z̄ xᵀ + P̄ backward)
 *   elementwise, per layer: N·m_i·(2d² + 11d + 3T + 12)  (J = σ'P, e and c, S += c p_a p_b, S̄-adjoint,
 *                                                    adjoint σ-rule, K̄ and b̄; σ, σ', σ'', σ''' not counted)
 * </pre>
 *
 * <p>"GFlop/s" uses the performed products plus the other two; "mmGFlop/s" only the performed
 * products; "d7GFlop/s" is the DESIGN §7 count divided by the time (an effective rate: the
 * reverse-mode Hessian needs (3d + 6)/(3R) of those products, 2/3 for d = 2).
 * The matmul rate is that of {@link org.icnnvarpro.kernels.Dense} (the kernels the loss uses) on
 * the representative tall-skinny product {@code (c·R × m)·(m × m)} and on a large square product.
 *
 * <p><b>Extension point:</b> the loss+gradient is one {@link Workload}; the inner VarPro solve and
 * a full ℓBFGS VarPro iteration are meant to be added as further workloads in
 * {@link #workloads(Options, Config)} without touching the timing and reporting code.
 */
public final class Bench {
    private Bench() {}

    // ------------------------------------------------------------------ options

    /** Benchmark options (see {@link #parse}). */
    public static final class Options {
        public int[] n = {64, 1024, 8192};
        public List<int[]> widths = new ArrayList<>(List.of(new int[] {32, 32, 32, 32}, new int[] {128, 128, 128, 128}));
        public int[] dims = {2, 8};
        /** 0 means all available processors. */
        public int[] threads = {1, 0};
        /** Timed calls per workload (fewer if the budget runs out): a median over ~0.3 s or more, so a burst of host noise moves it less. */
        public int repeats = 101;
        public int warmup = 10;
        /** Time budget per configuration for the timed repeats (at least 3 repeats are always made). */
        public double budgetSeconds = 4.0;
        public int chunk = BatchDerivatives.DEFAULT_CHUNK;
        public boolean quick = false;
        /** Measure peak heap of a loss+gradient on 100,000 samples (default sweep only, or --heap). */
        public boolean heap = true;
        public boolean matmul = true;
        /** True when the user named a single configuration: the output then ends with {@code lossgrad_ms}. */
        public boolean single = false;
        /** Workload names to time ({@code lossgrad}, {@code inner-barrier}, ...); empty means all. */
        public List<String> only = List.of();

        /**
         * Parses {@code --n 64,1024 --widths 32,32,32,32[/128,128,128,128] --dim 2,8 --threads 1,0
         * --repeats R --warmup W --chunk C --budget S --quick --heap --no-heap --no-matmul
         * --workloads lossgrad,inner-barrier,...}.
         */
        public static Options parse(String[] args) {
            Options o = new Options();
            boolean named = false, heapSet = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick":
                        o.quick = true;
                        continue;
                    case "--heap":
                        o.heap = true;
                        heapSet = true;
                        continue;
                    case "--no-heap":
                        o.heap = false;
                        heapSet = true;
                        continue;
                    case "--no-matmul":
                        o.matmul = false;
                        continue;
                    case "-h":
                    case "--help":
                        throw new IllegalArgumentException(usage());
                    default:
                        break;
                }
                if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + a + "\n" + usage());
                String v = args[++i];
                try {
                    switch (a) {
                        case "--n":
                            o.n = ints(v);
                            named = true;
                            break;
                        case "--widths":
                            o.widths = new ArrayList<>();
                            for (String w : v.split("/")) o.widths.add(ints(w));
                            named = true;
                            break;
                        case "--dim":
                            o.dims = ints(v);
                            named = true;
                            break;
                        case "--threads":
                            o.threads = ints(v);
                            named = true;
                            break;
                        case "--repeats":
                            o.repeats = Integer.parseInt(v.trim());
                            break;
                        case "--warmup":
                            o.warmup = Integer.parseInt(v.trim());
                            break;
                        case "--chunk":
                            o.chunk = Integer.parseInt(v.trim());
                            break;
                        case "--budget":
                            o.budgetSeconds = Double.parseDouble(v.trim());
                            break;
                        case "--workloads":
                            o.only = Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
                            for (String w : o.only)
                                if (!WORKLOADS.contains(w))
                                    throw new IllegalArgumentException("unknown workload '" + w + "' for --workloads; known: " + String.join(",", WORKLOADS));
                            break;
                        default:
                            throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad value '" + v + "' for " + a);
                }
            }
            if (o.quick) {
                if (!named) {
                    o.n = new int[] {1024};
                    o.widths = new ArrayList<>(List.of(new int[] {32, 32, 32, 32}));
                    o.dims = new int[] {2};
                }
                o.repeats = Math.min(o.repeats, 7);
                o.warmup = Math.min(o.warmup, 3);
                o.budgetSeconds = Math.min(o.budgetSeconds, 1.0);
            }
            if (!heapSet) o.heap = !named && !o.quick;
            o.single = named && o.n.length == 1 && o.widths.size() == 1 && o.dims.length == 1 && o.threads.length == 1;
            if (o.repeats < 1 || o.warmup < 0 || o.chunk < 1) throw new IllegalArgumentException("repeats >= 1, warmup >= 0, chunk >= 1 required");
            for (int x : o.n) if (x < 1) throw new IllegalArgumentException("--n values must be positive");
            for (int x : o.dims) if (x < 1) throw new IllegalArgumentException("--dim values must be positive");
            for (int x : o.threads) if (x < 0) throw new IllegalArgumentException("--threads values must be >= 0 (0 = all)");
            for (int[] w : o.widths) {
                if (w.length == 0) throw new IllegalArgumentException("--widths needs at least one width");
                for (int x : w) if (x < 1) throw new IllegalArgumentException("--widths values must be positive");
            }
            return o;
        }

        static int[] ints(String v) {
            return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        }

        public static String usage() {
            return "usage: bench [--n 64,1024,8192] [--widths 32,32,32,32[/128,128,128,128]] [--dim 2,8] [--threads 1,0 (0 = all)]\n"
                    + "             [--repeats 101] [--warmup 10] [--chunk 256] [--budget 4] [--quick] [--heap|--no-heap] [--no-matmul]\n"
                    + "             [--workloads " + String.join(",", WORKLOADS) + "]";
        }
    }

    /** One benchmark configuration. */
    public record Config(int n, int[] widths, int d, int threads) {
        public int rowsPerSample() { return 1 + d + d * (d + 1) / 2; }

        public String widthsLabel() {
            boolean same = Arrays.stream(widths).allMatch(w -> w == widths[0]);
            return same ? widths.length + "x" + widths[0] : Arrays.toString(widths).replace(" ", "");
        }

        /** DESIGN §7: 6·N·R·m_{i−1}·m_i over the layers with L (the forward-mode Hessian and its adjoint). */
        public double designFlops() {
            double f = 0;
            for (int i = 1; i < widths.length; i++) f += 6.0 * n * rowsPerSample() * widths[i - 1] * widths[i];
            return f;
        }

        /** The products BatchDerivatives performs for a loss+gradient: 2·(3d + 6)·N·m_{i−1}·m_i. */
        public double matmulFlops() {
            double f = 0;
            for (int i = 1; i < widths.length; i++) f += 2.0 * (3 * d + 6) * n * widths[i - 1] * widths[i];
            return f;
        }

        /** The products of a forward pass with Hessian rows (the features of the inner problem): 2·N·R·m_{i−1}·m_i. */
        public double forwardFlops() {
            return designFlops() / 3;
        }

        /** Layer 1 (K only) and the elementwise rules, see the class comment. */
        public double otherFlops() {
            int t = d * (d + 1) / 2;
            double f = 5.0 * n * widths[0] * d;
            for (int w : widths) f += (double) n * w * (2 * d * d + 11 * d + 3 * t + 12);
            return f;
        }
    }

    /** One timed row of the report. */
    public record Row(String workload, Config config, int threadsUsed, int repeats, double medianMs, double minMs,
                      double cpuMedianMs, double workUnitsPerSecond, double gflops, double mmGflops,
                      double designGflops) {}

    /** A matmul rate measurement. */
    public record MatmulRate(String kernel, String shape, double gflops) {}

    /** Peak heap of one loss+gradient. */
    public record HeapRow(int n, long baselineBytes, long peakBytes) {
        public long deltaBytes() { return peakBytes - baselineBytes; }
    }

    /** Everything {@link #run} measured. */
    public record Report(List<Row> rows, List<MatmulRate> matmul, List<HeapRow> heap) {
        /** The best large-product matmul rate (GFlop/s) of the given thread count class, or NaN. */
        public double referenceMatmul() {
            return matmul.stream().mapToDouble(MatmulRate::gflops).max().orElse(Double.NaN);
        }
    }

    // ------------------------------------------------------------------ workloads (extension point)

    /** A timed piece of work; {@code workUnits} per call is the number of samples propagated forward and back. */
    public interface Workload extends AutoCloseable {
        String name();

        /** One evaluation; returns a value that depends on the result (kept to defeat dead-code elimination). */
        double runOnce();

        /** Work units (samples forward + backward) per call. */
        long workUnits();

        /** Flops of the dense products per call (DESIGN §7), and of the rest. */
        double matmulFlops();

        /** The DESIGN §7 count of the same work (forward-mode Hessian rows). */
        double designFlops();

        double otherFlops();

        /** Evaluations made by one {@link #runOnce} call: times are reported per evaluation. */
        default int evaluationsPerRun() {
            return 1;
        }

        @Override
        default void close() {}
    }

    /**
     * The workloads timed for a configuration: the loss+gradient always; at N = 1024 also the
     * features pass alone, the VarPro inner solve (barrier, Algorithm 1, and primal-dual),
     * warm-started as in training, with and without the features pass and as Newton iterations
     * alone, and one full ℓBFGS VarPro iteration (line search included).
     */
    static List<Workload> workloads(Options o, Config c) {
        return allWorkloads(o, c).stream().filter(w -> o.only.isEmpty() || o.only.contains(w.name())).toList();
    }

    /** Names accepted by {@code --workloads}. */
    static final List<String> WORKLOADS = List.of("lossgrad", "features", "inner-barrier", "inner-pd", "inner-barrier-alg1",
            "inner-pd-alg1", "inner-barrier-newton", "inner-pd-newton", "lbfgs-iter");

    private static List<Workload> allWorkloads(Options o, Config c) {
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

    // ------------------------------------------------------------------ running

    /** Runs the benchmark, printing progress lines to {@code System.out}, and returns the figures. */
    public static Report run(Options o) {
        List<Row> rows = new ArrayList<>();
        int all = Runtime.getRuntime().availableProcessors();
        for (int[] widths : o.widths)
            for (int d : o.dims)
                for (int n : o.n)
                    for (int t : o.threads) {
                        Config c = new Config(n, widths, d, t == 0 ? all : t);
                        for (Workload w : workloads(o, c)) {
                            try (w) {
                                Row r = time(w, c, o);
                                rows.add(r);
                                System.out.println(format(r));
                            }
                        }
                    }
        List<MatmulRate> mm = o.matmul ? matmulRates(o) : List.of();
        List<HeapRow> heap = o.heap ? heapRows(o) : List.of();
        return new Report(rows, mm, heap);
    }

    /** True when the median of the last 5 call times is within 5 % of the median of the 5 before. */
    static boolean settled(double[] recent, int calls) {
        if (calls < recent.length) return false;
        double[] a = new double[5], b = new double[5];
        for (int i = 0; i < 5; i++) {
            a[i] = recent[(calls - 1 - i) % recent.length];
            b[i] = recent[(calls - 6 - i) % recent.length];
        }
        double ma = median(a), mb = median(b);
        return Math.abs(ma - mb) <= 0.05 * Math.max(ma, mb);
    }

    static Row time(Workload w, Config c, Options o) {
        double sink = 0;
        long t0 = System.nanoTime();
        int warm = 0;
        // Warm up: at least o.warmup calls, and at least ~0.5 s (or budget/4) so the JIT has compiled the kernels.
        // Then go on until the per-call time has settled (the median of the last 5 calls within 5 % of the 5
        // before): the Vector API kernels run ~100x slower until C2 has compiled them, which can take
        // seconds on a loaded machine. Capped at 20 s.
        // Before C2 has compiled the vector kernels, calls can also be steadily slow for a while (small N on a
        // loaded machine), so with them the warm-up also waits until the JIT has been idle for 0.5 s.
        boolean vector = !"plain".equals(org.icnnvarpro.kernels.Kernels.defaults().name());
        double warmSeconds = vector ? 1.0 : Math.min(0.5, o.budgetSeconds / 4);
        int warmCalls = vector ? Integer.MAX_VALUE : 50 * Math.max(1, o.warmup);
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watchJit = vector && jit != null && jit.isCompilationTimeMonitoringSupported();
        long jitMs = watchJit ? jit.getTotalCompilationTime() : 0, jitChanged = System.nanoTime();
        double[] recent = new double[10];
        while (true) {
            long now = System.nanoTime();
            double el = (now - t0) * 1e-9;
            if (watchJit) {
                long ms = jit.getTotalCompilationTime();
                if (ms != jitMs) {
                    jitMs = ms;
                    jitChanged = now;
                }
            }
            boolean jitQuiet = !watchJit || (now - jitChanged) * 1e-9 >= 0.5;
            boolean more = warm < 1
                    || (warm < o.warmup && el < o.budgetSeconds / 2)
                    || (el < warmSeconds && warm < warmCalls)
                    || (el < 20 && !(settled(recent, warm) && jitQuiet));
            if (!more) break;
            long s = System.nanoTime();
            sink += w.runOnce();
            recent[warm % recent.length] = (System.nanoTime() - s) * 1e-9 / w.evaluationsPerRun();
            warm++;
        }
        double oneRun = warm >= recent.length ? median(recent.clone()) * w.evaluationsPerRun() : (System.nanoTime() - t0) * 1e-9 / Math.max(1, warm);
        int reps = (int) Math.max(3, Math.min(o.repeats, Math.floor(o.budgetSeconds / Math.max(oneRun, 1e-9))));
        double[] ms = new double[reps], cpu = new double[reps];
        boolean cpuTime = THREADS.isCurrentThreadCpuTimeSupported() && c.threads() == 1;
        for (int r = 0; r < reps; r++) {
            long cs = cpuTime ? THREADS.getCurrentThreadCpuTime() : 0;
            long s = System.nanoTime();
            sink += w.runOnce();
            ms[r] = (System.nanoTime() - s) * 1e-6 / w.evaluationsPerRun();
            cpu[r] = cpuTime ? (THREADS.getCurrentThreadCpuTime() - cs) * 1e-6 / w.evaluationsPerRun() : Double.NaN;
        }
        if (Double.isNaN(sink)) System.out.println("# (NaN result)");
        double med = median(ms), cpuMed = median(cpu);
        double flops = w.matmulFlops() + w.otherFlops();
        return new Row(w.name(), c, c.threads(), reps, med, Arrays.stream(ms).min().orElse(med), cpuMed, w.workUnits() / (med * 1e-3),
                flops / (med * 1e6), w.matmulFlops() / (med * 1e6), w.designFlops() / (med * 1e6));
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    static String header() {
        return String.format(Locale.ROOT, "%-9s %6s %-10s %3s %3s %4s %10s %10s %10s %12s %8s %9s %9s",
                "workload", "N", "widths", "d", "R", "thr", "median_ms", "min_ms", "cpu_ms", "units/s", "GFlop/s", "mmGFlop/s", "d7GFlop/s");
    }

    static String format(Row r) {
        Config c = r.config();
        return String.format(Locale.ROOT, "%-9s %6d %-10s %3d %3d %4d %10.3f %10.3f %10.3f %12.4g %8.2f %9.2f %9.2f",
                r.workload(), c.n(), c.widthsLabel(), c.d(), c.rowsPerSample(), r.threadsUsed(), r.medianMs(), r.minMs(), r.cpuMedianMs(),
                r.workUnitsPerSecond(), r.gflops(), r.mmGflops(), r.designGflops());
    }

    // ------------------------------------------------------------------ matmul rate

    static List<MatmulRate> matmulRates(Options o) {
        List<MatmulRate> out = new ArrayList<>();
        Random rng = new Random(3);
        // Representative tall-skinny product of a chunk: (c·R × m)·(m × m), for each width and dim benchmarked.
        List<int[]> shapes = new ArrayList<>();
        for (int[] w : o.widths)
            for (int d : o.dims) {
                int rows = o.chunk * (1 + d + d * (d + 1) / 2);
                int m = w[w.length - 1];
                shapes.add(new int[] {rows, m, m});
            }
        shapes.add(new int[] {512, 512, 512});
        for (int[] s : shapes) {
            for (MatmulKernel k : MatmulKernel.values()) {
                if (!k.available()) continue;
                double g = matmulRate(k, s[0], s[1], s[2], rng, o.quick ? 0.3 : 1.0);
                out.add(new MatmulRate(k.label, s[0] + "x" + s[1] + " * " + s[1] + "x" + s[2], g));
            }
        }
        return out;
    }

    /** The matrix-multiply kernels measured as the yardstick. */
    enum MatmulKernel {
        DENSE("icnn plain Dense.mult") {
            @Override
            void mult(double[] a, int r, int n, double[] b, int m, double[] c) {
                org.icnnvarpro.kernels.Dense.mult(a, 0, r, n, b, 0, m, c, 0);
            }
        },
        VECTOR("icnn vector Kernels.mult") {
            @Override
            boolean available() {
                return org.icnnvarpro.kernels.Kernels.vectorAvailable();
            }

            @Override
            void mult(double[] a, int r, int n, double[] b, int m, double[] c) {
                org.icnnvarpro.kernels.Kernels.vector().mult(a, 0, r, n, b, 0, m, c, 0);
            }
        },
        EJML("EJML CommonOps_DDRM.mult");

        final String label;

        MatmulKernel(String label) { this.label = label; }

        boolean available() { return true; }

        void mult(double[] a, int r, int n, double[] b, int m, double[] c) {
            org.ejml.data.DMatrixRMaj A = org.ejml.data.DMatrixRMaj.wrap(r, n, a);
            org.ejml.data.DMatrixRMaj B = org.ejml.data.DMatrixRMaj.wrap(n, m, b);
            org.ejml.data.DMatrixRMaj C = org.ejml.data.DMatrixRMaj.wrap(r, m, c);
            org.ejml.dense.row.CommonOps_DDRM.mult(A, B, C);
        }
    }

    /**
     * GFlop/s of {@code C = A·B} (2·r·n·m flops), median over repeated calls after warm-up, each
     * call timed by this thread's CPU time (so time the thread spent descheduled on a shared
     * machine does not count; wall time if CPU time is not supported).
     */
    static double matmulRate(MatmulKernel k, int r, int n, int m, Random rng, double seconds) {
        double[] a = new double[r * n], b = new double[n * m], c = new double[r * m];
        for (int i = 0; i < a.length; i++) a[i] = rng.nextDouble();
        for (int i = 0; i < b.length; i++) b[i] = rng.nextDouble();
        double flops = 2.0 * r * n * m;
        long t0 = System.nanoTime();
        while ((System.nanoTime() - t0) * 1e-9 < seconds * 0.4) k.mult(a, r, n, b, m, c);
        List<Double> rates = new ArrayList<>();
        long t1 = System.nanoTime();
        while ((System.nanoTime() - t1) * 1e-9 < seconds * 0.6 || rates.size() < 5) {
            boolean cpu = THREADS.isCurrentThreadCpuTimeSupported();
            long s = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
            k.mult(a, r, n, b, m, c);
            long e = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
            rates.add(flops / Math.max(1, e - s));
        }
        rates.sort(null);
        return rates.get(rates.size() / 2);
    }

    // ------------------------------------------------------------------ heap

    static List<HeapRow> heapRows(Options o) {
        List<HeapRow> out = new ArrayList<>();
        for (int n : new int[] {10_000, 100_000}) out.add(peakHeap(n, o.chunk));
        return out;
    }

    /**
     * Peak heap (sum of the heap pools' peak usage, reset after a GC just before the call) of one
     * loss+gradient on N samples with 4×32, d = 2, one thread; data and network are allocated
     * before the reset and counted in the baseline.
     */
    static HeapRow peakHeap(int n, int chunk) {
        Icnn net = network(new int[] {32, 32, 32, 32}, 2);
        Samples x = data(n, 2);
        try (BatchDerivatives engine = new BatchDerivatives(1, chunk)) {
            SaaLoss loss = new SaaLoss(engine);
            double[] g = new double[net.size()];
            loss.valueAndGradient(net, Datasets.moons(Math.min(n, 2 * chunk), 0.05, 2), g); // buffers of the engine sized
            List<MemoryPoolMXBean> pools = new ArrayList<>();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) pools.add(p);
            System.gc();
            System.gc();
            long base = 0;
            for (MemoryPoolMXBean p : pools) base += p.getUsage().getUsed();
            for (MemoryPoolMXBean p : pools) p.resetPeakUsage();
            loss.valueAndGradient(net, x, g);
            long peak = 0;
            for (MemoryPoolMXBean p : pools) peak += p.getPeakUsage().getUsed();
            return new HeapRow(n, base, Math.max(peak, base));
        }
    }

    // ------------------------------------------------------------------ output

    static void print(Report r, Options o) {
        if (!r.matmul().isEmpty()) {
            System.out.println();
            System.out.println("# dense matrix-multiply rate, one thread, same process");
            for (MatmulRate m : r.matmul())
                System.out.println(String.format(Locale.ROOT, "matmul %-32s %-22s %8.2f GFlop/s", m.kernel(), m.shape(), m.gflops()));
            double ref = r.referenceMatmul();
            System.out.println();
            System.out.println(String.format(Locale.ROOT,
                    "# ratio = achieved GFlop/s (all flops performed) / best one-thread matmul rate (%.2f GFlop/s); by wall median, and by CPU-time median (1 thread); last: d7GFlop/s / matmul rate", ref));
            for (Row row : r.rows()) {
                if (!(row.gflops() > 0)) continue;   // workloads without counted flops (Newton-only solves)
                Config c = row.config();
                double cpuRate = row.gflops() * row.medianMs() / row.cpuMedianMs();
                System.out.println(String.format(Locale.ROOT, "ratio %-9s N=%-6d %-10s d=%-2d thr=%-2d wall %6.1f%%  cpu %6.1f%%  (per thread %6.1f%%)  DESIGN-§7 count: %6.1f%%",
                        row.workload(), c.n(), c.widthsLabel(), c.d(), row.threadsUsed(), 100 * row.gflops() / ref,
                        100 * cpuRate / ref, 100 * row.gflops() / ref / row.threadsUsed(), 100 * row.designGflops() / ref));
            }
        }
        if (!r.heap().isEmpty()) {
            System.out.println();
            System.out.println("# peak heap of one loss+gradient, 4x32, d=2, 1 thread (baseline = after GC, before the call)");
            for (HeapRow h : r.heap())
                System.out.println(String.format(Locale.ROOT, "heap N=%-7d baseline %8.1f MB  peak %8.1f MB  peak-baseline %8.1f MB",
                        h.n(), h.baselineBytes() / 1e6, h.peakBytes() / 1e6, h.deltaBytes() / 1e6));
        }
        if (o.single && !r.rows().isEmpty()) {
            r.rows().stream().filter(row -> row.workload().equals("lossgrad")).reduce((a, b) -> b)
                    .ifPresent(row -> System.out.println(String.format(Locale.ROOT, "lossgrad_ms %.4f", row.medianMs())));
        }
    }

    public static void main(String[] args) {
        try {
            execute(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Parses the options, runs and prints (the {@code bench} command); bad options throw {@link IllegalArgumentException}. */
    public static void execute(String[] args) {
        Options o = Options.parse(args);
        System.out.println(String.format(Locale.ROOT, "# icnn-varpro bench: %s %s, %d processors, max heap %.0f MB, chunk %d, kernels %s%s",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1e6, o.chunk,
                org.icnnvarpro.kernels.Kernels.defaults().name(),
                org.icnnvarpro.kernels.Kernels.vectorAvailable() ? "" : " (java --add-modules jdk.incubator.vector for the vector kernels)"));
        System.out.println(header());
        Report r = run(o);
        print(r, o);
    }
}
