package org.icnnvarpro.optim;

/**
 * Limited-memory BFGS with a strong-Wolfe line search, following PyTorch's
 * {@code torch.optim.LBFGS(line_search_fn="strong_wolfe")}.
 *
 * <h2>Iteration</h2>
 * From the iterate {@code x_k} with gradient {@code g_k} and the last {@code m} accepted curvature
 * pairs {@code (s_i, y_i) = (x_{i+1} − x_i, g_{i+1} − g_i)}, {@code ρ_i = 1/(s_iᵀy_i)}:
 * <ol>
 *   <li>direction {@code d_k = −H_k g_k} by the two-loop recursion
 *   <pre>
 *     q = −g_k;  for i = newest…oldest:  α_i = ρ_i s_iᵀq,  q −= α_i y_i
 *     r = γ q,   γ = s_newestᵀy_newest / y_newestᵀy_newest
 *     for i = oldest…newest:  β = ρ_i y_iᵀr,  r += (α_i − β) s_i;   d_k = r
 *   </pre>
 *   With an empty memory (first iteration, or after a reset) {@code d_k = −g_k} and the first trial
 *   step is {@code min(1, 1/‖g_k‖₁)}; otherwise the first trial step is 1.</li>
 *   <li>step {@code t_k} by the strong-Wolfe line search (bracketing + cubic-interpolation zoom,
 *   {@code c₁ = 1e-4}, {@code c₂ = 0.9}, at most 25 evaluations):
 *   {@code f(x_k + t d_k) ≤ f(x_k) + c₁ t g_kᵀd_k} and {@code |∇f(x_k + t d_k)ᵀd_k| ≤ c₂ |g_kᵀd_k|};
 *   {@code x_{k+1} = x_k + t_k d_k}.</li>
 *   <li>memory update with {@code (s_k, y_k)}, skipped (and counted in {@link Run#skippedUpdates()})
 *   when {@code s_kᵀy_k ≤ 1e-10 ‖s_k‖₂ ‖y_k‖₂}; the oldest pair is dropped beyond {@code m}.</li>
 * </ol>
 *
 * <h2>Stopping</h2>
 * After each iteration, in this order (PyTorch's criteria and defaults):
 * {@link Status#GRADIENT_TOLERANCE} if {@code ‖g_{k+1}‖_∞ ≤ gradientTolerance} (default 1e-7; also
 * checked at the start point); {@link Status#STEP_TOLERANCE} if {@code ‖t_k d_k‖_∞ ≤ changeTolerance}
 * (default 1e-9); {@link Status#VALUE_TOLERANCE} if {@code |f_{k+1} − f_k| < changeTolerance}, or,
 * before the line search, if the predicted decrease is negligible, {@code g_kᵀd_k > −changeTolerance}.
 * The caller bounds the number of iterations or the work ({@link #minimize} returns
 * {@link Status#MAX_ITERATIONS}). Setting both tolerances to 0 leaves only exact stationarity.
 *
 * <h2>Faults</h2>
 * <ul>
 *   <li>non-finite {@code f} or gradient at the start point: {@link OptimizationException};</li>
 *   <li>non-finite {@code f} or gradient at a line-search trial point: the step counts as too long
 *   and is shrunk; no non-finite value is ever accepted;</li>
 *   <li>{@code d_k} not a descent direction ({@code g_kᵀd_k ≥ 0}): memory reset, steepest descent;</li>
 *   <li>line search finds no strong-Wolfe point: memory reset and one retry along {@code −g_k} with
 *   first trial {@code min(1, 1/‖g_k‖₁)}; if that fails too (or the failed search already was that),
 *   the run stops with {@link Status#LINE_SEARCH_FAILED}, moving to the lowest point either search
 *   found if it is lower than {@code f(x_k)}.</li>
 * </ul>
 *
 * <p>Instances are immutable configurations; {@link #start} creates a stateful {@link Run}.
 * Usage in a training loop:
 * <pre>{@code
 * Lbfgs.Run run = new Lbfgs().start(objective, x0);
 * while (!run.status().isTerminal() && run.evaluations() < budget) {
 *     Lbfgs.Status s = run.step();
 *     record(run.iterations(), run.evaluations(), run.value());
 * }
 * }</pre>
 */
public final class Lbfgs {
    /** PyTorch's {@code history_size} default. */
    public static final int DEFAULT_HISTORY_SIZE = 100;
    public static final double DEFAULT_GRADIENT_TOLERANCE = 1e-7;
    public static final double DEFAULT_CHANGE_TOLERANCE = 1e-9;
    public static final double DEFAULT_C1 = 1e-4;
    public static final double DEFAULT_C2 = 0.9;
    public static final int DEFAULT_LINE_SEARCH_EVALUATIONS = 25;

    /** Curvature pairs with {@code sᵀy ≤ CURVATURE_THRESHOLD ‖s‖‖y‖} are not stored. */
    static final double CURVATURE_THRESHOLD = 1e-10;

    /** Outcome of an iteration; every constant except {@link #RUNNING} is terminal. */
    public enum Status {
        /** The iteration succeeded and no stopping criterion holds. */
        RUNNING,
        /** {@code ‖∇f‖_∞ ≤ gradientTolerance}. */
        GRADIENT_TOLERANCE,
        /** {@code |Δf| < changeTolerance}, or predicted decrease {@code g_kᵀd_k > −changeTolerance}. */
        VALUE_TOLERANCE,
        /** {@code ‖Δx‖_∞ ≤ changeTolerance}. */
        STEP_TOLERANCE,
        /** Iteration limit of {@link Lbfgs#minimize} reached. */
        MAX_ITERATIONS,
        /** No strong-Wolfe step, even along steepest descent; the best point found is kept. */
        LINE_SEARCH_FAILED;

        public boolean isTerminal() {
            return this != RUNNING;
        }
    }

    private final int historySize;
    private final double gradientTolerance;
    private final double changeTolerance;
    private final double c1;
    private final double c2;
    private final int lineSearchEvaluations;

    /** L-BFGS with PyTorch's defaults: history m = 100 ({@code history_size}), gradient tolerance 1e-7,
     *  change tolerance 1e-9, c₁ = 1e-4, c₂ = 0.9, 25 evaluations per line search. */
    public Lbfgs() {
        this(DEFAULT_HISTORY_SIZE, DEFAULT_GRADIENT_TOLERANCE, DEFAULT_CHANGE_TOLERANCE,
                DEFAULT_C1, DEFAULT_C2, DEFAULT_LINE_SEARCH_EVALUATIONS);
    }

    private Lbfgs(int historySize, double gradientTolerance, double changeTolerance,
                  double c1, double c2, int lineSearchEvaluations) {
        if (historySize < 1) throw new IllegalArgumentException("history size must be >= 1, got " + historySize);
        if (!(gradientTolerance >= 0) || Double.isInfinite(gradientTolerance))
            throw new IllegalArgumentException("gradient tolerance must be >= 0 and finite, got " + gradientTolerance);
        if (!(changeTolerance >= 0) || Double.isInfinite(changeTolerance))
            throw new IllegalArgumentException("change tolerance must be >= 0 and finite, got " + changeTolerance);
        if (!(c1 > 0 && c1 < c2 && c2 < 1))
            throw new IllegalArgumentException("Wolfe constants must satisfy 0 < c1 < c2 < 1, got c1=" + c1 + ", c2=" + c2);
        if (lineSearchEvaluations < 2)
            throw new IllegalArgumentException("line search evaluations must be >= 2, got " + lineSearchEvaluations);
        this.historySize = historySize;
        this.gradientTolerance = gradientTolerance;
        this.changeTolerance = changeTolerance;
        this.c1 = c1;
        this.c2 = c2;
        this.lineSearchEvaluations = lineSearchEvaluations;
    }

    /** Same settings with history size {@code m ≥ 1}. */
    public Lbfgs withHistorySize(int m) {
        return new Lbfgs(m, gradientTolerance, changeTolerance, c1, c2, lineSearchEvaluations);
    }

    /** Same settings with gradient tolerance {@code ‖∇f‖_∞ ≤ tol} ({@code tol ≥ 0}). */
    public Lbfgs withGradientTolerance(double tol) {
        return new Lbfgs(historySize, tol, changeTolerance, c1, c2, lineSearchEvaluations);
    }

    /** Same settings with the tolerance on changes of {@code f} and {@code x} ({@code tol ≥ 0}). */
    public Lbfgs withChangeTolerance(double tol) {
        return new Lbfgs(historySize, gradientTolerance, tol, c1, c2, lineSearchEvaluations);
    }

    /** Same settings with strong-Wolfe constants {@code 0 < c₁ < c₂ < 1}. */
    public Lbfgs withWolfeConstants(double c1, double c2) {
        return new Lbfgs(historySize, gradientTolerance, changeTolerance, c1, c2, lineSearchEvaluations);
    }

    /** Same settings with at most {@code n ≥ 2} objective evaluations per line search. */
    public Lbfgs withLineSearchEvaluations(int n) {
        return new Lbfgs(historySize, gradientTolerance, changeTolerance, c1, c2, n);
    }

    public int historySize() { return historySize; }
    public double gradientTolerance() { return gradientTolerance; }
    public double changeTolerance() { return changeTolerance; }
    public double c1() { return c1; }
    public double c2() { return c2; }
    public int lineSearchEvaluations() { return lineSearchEvaluations; }

    /**
     * Starts a run at {@code x0} (copied), evaluating {@code f(x0)} once.
     *
     * @throws IllegalArgumentException if {@code x0.length != f.dimension()} or {@code x0} is not finite
     * @throws OptimizationException    if {@code f(x0)} or {@code ∇f(x0)} is not finite
     */
    public Run start(Objective f, double[] x0) {
        return new Run(this, f, x0);
    }

    /**
     * Runs at most {@code maxIterations} iterations from {@code x0} (not modified).
     *
     * @return the final state; status {@link Status#MAX_ITERATIONS} if no other criterion stopped it
     */
    public Result minimize(Objective f, double[] x0, int maxIterations) {
        if (maxIterations < 0) throw new IllegalArgumentException("max iterations must be >= 0, got " + maxIterations);
        Run run = start(f, x0);
        while (!run.status().isTerminal() && run.iterations() < maxIterations) run.step();
        Status status = run.status().isTerminal() ? run.status() : Status.MAX_ITERATIONS;
        String message = status == Status.MAX_ITERATIONS
                ? "reached " + maxIterations + " iterations, |grad|_inf = " + Vectors.normInf(run.g)
                : run.message();
        return new Result(run.x(), run.value(), run.gradientNorm(), run.iterations(), run.evaluations(),
                run.skippedUpdates(), status, message);
    }

    /**
     * Outcome of {@link #minimize}.
     *
     * @param x              final iterate
     * @param value          {@code f(x)}
     * @param gradientNorm   {@code ‖∇f(x)‖₂}
     * @param iterations     iterations performed
     * @param evaluations    every objective evaluation, line-search trials included
     * @param skippedUpdates curvature pairs rejected by the {@code sᵀy} test
     * @param status         why it stopped
     * @param message        human-readable reason
     */
    public record Result(double[] x, double value, double gradientNorm, int iterations, long evaluations,
                         int skippedUpdates, Status status, String message) {}

    /** A run of L-BFGS on one objective, advanced one iteration at a time by {@link #step()}. */
    public static final class Run {
        private final Lbfgs config;
        private final Objective f;
        private final int n;
        private final StrongWolfeLineSearch lineSearch;

        private final double[] x;
        private final double[] g;
        private double fx;

        private final double[] d;
        private final double[] gOld;
        private final double[] bestX;
        private final double[] bestG;

        // ring buffer of curvature pairs; slot of pair j (0 = oldest) is (head + j) % m
        private final double[][] s;
        private final double[][] y;
        private final double[] rho;
        private final double[] alpha;
        private int head;
        private int count;

        private int iterations;
        private long evaluations;
        private int skipped;
        private Status status = Status.RUNNING;
        private String message = "running";

        Run(Lbfgs config, Objective f, double[] x0) {
            if (f == null) throw new IllegalArgumentException("objective is null");
            this.config = config;
            this.f = f;
            this.n = f.dimension();
            if (n < 1) throw new IllegalArgumentException("objective dimension must be >= 1, got " + n);
            Vectors.requireLength("x0", x0, n);
            int bad = Vectors.firstNonFinite(x0);
            if (bad >= 0) throw new IllegalArgumentException("x0 entry " + bad + " is " + x0[bad]);
            this.x = x0.clone();
            this.g = new double[n];
            this.d = new double[n];
            this.gOld = new double[n];
            this.bestX = new double[n];
            this.bestG = new double[n];
            int m = config.historySize;
            this.s = new double[m][n];
            this.y = new double[m][n];
            this.rho = new double[m];
            this.alpha = new double[m];
            this.lineSearch = new StrongWolfeLineSearch(n, config.c1, config.c2,
                    config.lineSearchEvaluations, config.changeTolerance);

            fx = f.valueAndGradient(x, g);
            evaluations = 1;
            if (!Double.isFinite(fx))
                throw new OptimizationException("L-BFGS: objective is " + fx + " at the start point");
            bad = Vectors.firstNonFinite(g);
            if (bad >= 0)
                throw new OptimizationException("L-BFGS: gradient entry " + bad + " is " + g[bad] + " at the start point");
            if (Vectors.normInf(g) <= config.gradientTolerance) {
                status = Status.GRADIENT_TOLERANCE;
                message = "start point is stationary: |grad|_inf = " + Vectors.normInf(g);
            }
        }

        /**
         * Performs one iteration (direction, line search, memory update, stopping tests).
         * Once a terminal status is reached, further calls do nothing and return it again.
         */
        public Status step() {
            if (status.isTerminal()) return status;
            iterations++;
            boolean steepest = count == 0;
            double gtd;
            if (steepest) {
                gtd = steepestDescent();
            } else {
                twoLoop();
                gtd = Vectors.dot(g, d);
                if (!(gtd < 0)) {                // not a descent direction (or NaN): start afresh
                    count = 0;
                    steepest = true;
                    gtd = steepestDescent();
                }
            }
            if (gtd > -config.changeTolerance) {
                return stop(Status.VALUE_TOLERANCE, "predicted decrease " + (-gtd) + " below change tolerance");
            }
            double t0 = steepest ? Math.min(1.0, 1.0 / Vectors.norm1(g)) : 1.0;
            lineSearch.search(f, x, fx, g, gtd, d, t0);
            evaluations += lineSearch.evaluations();

            if (!lineSearch.satisfied()) {
                // remember the failed search's best point, then retry along steepest descent
                double bestF = fx;
                boolean moved = false;
                if (lineSearch.value() < bestF) {
                    bestF = lineSearch.value();
                    saveBest(lineSearch.step());
                    moved = true;
                }
                if (!steepest) {
                    count = 0;
                    gtd = steepestDescent();
                    lineSearch.search(f, x, fx, g, gtd, d, Math.min(1.0, 1.0 / Vectors.norm1(g)));
                    evaluations += lineSearch.evaluations();
                }
                if (steepest || !lineSearch.satisfied()) {
                    if (!steepest && lineSearch.value() < bestF) {
                        bestF = lineSearch.value();
                        saveBest(lineSearch.step());
                        moved = true;
                    }
                    count = 0;
                    if (moved) {
                        System.arraycopy(bestX, 0, x, 0, n);
                        System.arraycopy(bestG, 0, g, 0, n);
                        fx = bestF;
                    }
                    return stop(Status.LINE_SEARCH_FAILED, "no step satisfying the strong Wolfe conditions found"
                            + (moved ? " (moved to the lowest trial point)" : "")
                            + ", f = " + fx + ", |grad|_inf = " + Vectors.normInf(g));
                }
            }

            // accept x + t d
            double t = lineSearch.step();
            double fOld = fx;
            System.arraycopy(g, 0, gOld, 0, n);
            double[] gNew = lineSearch.gradient();
            double stepNormInf = 0;
            for (int i = 0; i < n; i++) {
                double si = t * d[i];
                x[i] += si;
                stepNormInf = Math.max(stepNormInf, Math.abs(si));
            }
            System.arraycopy(gNew, 0, g, 0, n);
            fx = lineSearch.value();
            updateMemory(t);

            double gInf = Vectors.normInf(g);
            if (gInf <= config.gradientTolerance)
                return stop(Status.GRADIENT_TOLERANCE, "|grad|_inf = " + gInf + " <= " + config.gradientTolerance);
            if (stepNormInf <= config.changeTolerance)
                return stop(Status.STEP_TOLERANCE, "|dx|_inf = " + stepNormInf + " <= " + config.changeTolerance);
            if (Math.abs(fx - fOld) < config.changeTolerance)
                return stop(Status.VALUE_TOLERANCE, "|df| = " + Math.abs(fx - fOld) + " < " + config.changeTolerance);
            message = "running";
            return Status.RUNNING;
        }

        private Status stop(Status s, String why) {
            status = s;
            message = why;
            return s;
        }

        private void saveBest(double t) {
            for (int i = 0; i < n; i++) bestX[i] = x[i] + t * d[i];
            System.arraycopy(lineSearch.gradient(), 0, bestG, 0, n);
        }

        /** d = −g; returns gᵀd = −‖g‖². */
        private double steepestDescent() {
            for (int i = 0; i < n; i++) d[i] = -g[i];
            return Vectors.dot(g, d);
        }

        /** d = −H g by the two-loop recursion over the stored pairs (count ≥ 1). */
        private void twoLoop() {
            int m = s.length;
            for (int i = 0; i < n; i++) d[i] = -g[i];
            for (int j = count - 1; j >= 0; j--) {
                int k = (head + j) % m;
                double a = rho[k] * Vectors.dot(s[k], d);
                alpha[k] = a;
                double[] yk = y[k];
                for (int i = 0; i < n; i++) d[i] -= a * yk[i];
            }
            int newest = (head + count - 1) % m;
            double[] yn = y[newest];
            double gamma = 1.0 / (rho[newest] * Vectors.dot(yn, yn));   // sᵀy / yᵀy
            for (int i = 0; i < n; i++) d[i] *= gamma;
            for (int j = 0; j < count; j++) {
                int k = (head + j) % m;
                double b = rho[k] * Vectors.dot(y[k], d);
                double c = alpha[k] - b;
                double[] sk = s[k];
                for (int i = 0; i < n; i++) d[i] += c * sk[i];
            }
        }

        /** Stores (s, y) = (t d, g − gOld) unless sᵀy ≤ 1e-10 ‖s‖‖y‖. */
        private void updateMemory(double t) {
            double sy = 0, ss = 0, yy = 0;
            for (int i = 0; i < n; i++) {
                double si = t * d[i];
                double yi = g[i] - gOld[i];
                sy += si * yi;
                ss += si * si;
                yy += yi * yi;
            }
            if (!acceptsCurvature(sy, Math.sqrt(ss), Math.sqrt(yy))) {
                skipped++;
                return;
            }
            int m = s.length;
            int slot = count < m ? (head + count) % m : head;   // when full, overwrite the oldest
            double[] sk = s[slot];
            double[] yk = y[slot];
            for (int i = 0; i < n; i++) {
                sk[i] = t * d[i];
                yk[i] = g[i] - gOld[i];
            }
            rho[slot] = 1.0 / sy;
            if (count < m) count++;
            else head = (head + 1) % m;
        }

        public double[] x() { return x.clone(); }

        /** {@code f(x())}. */
        public double value() { return fx; }

        /** {@code ∇f(x())} (a copy). */
        public double[] gradient() { return g.clone(); }

        /** {@code ‖∇f(x())‖₂}. */
        public double gradientNorm() { return Vectors.norm2(g); }

        /** Iterations performed (calls of {@link #step()} that did work, the failing one included). */
        public int iterations() { return iterations; }

        /** Every objective evaluation so far: the start point and every line-search trial. */
        public long evaluations() { return evaluations; }

        /** Curvature pairs not stored because {@code sᵀy ≤ 1e-10 ‖s‖‖y‖}. */
        public int skippedUpdates() { return skipped; }

        /** {@link Status#RUNNING} until a stopping criterion or fault ends the run. */
        public Status status() { return status; }

        /** Human-readable reason for the current status. */
        public String message() { return message; }
    }

    /** The curvature test: a pair is stored iff {@code sᵀy > 1e-10 ‖s‖‖y‖} (and finite). */
    static boolean acceptsCurvature(double sy, double sNorm, double yNorm) {
        return sy > CURVATURE_THRESHOLD * sNorm * yNorm && Double.isFinite(sy) && sy > 0;
    }
}
