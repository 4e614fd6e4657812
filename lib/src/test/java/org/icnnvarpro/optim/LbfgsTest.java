package org.icnnvarpro.optim;

import static org.icnnvarpro.optim.TestFunctions.filled;
import static org.icnnvarpro.optim.TestFunctions.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.*;

import org.icnnvarpro.optim.TestFunctions.Counting;
import org.icnnvarpro.optim.TestFunctions.LogCoshWithNanWall;
import org.icnnvarpro.optim.TestFunctions.Quadratic;
import org.icnnvarpro.optim.TestFunctions.Rosenbrock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LbfgsTest {

    /** Stops on the gradient only (no f/x-change criterion). */
    private static Lbfgs gradientOnly(double tol) {
        return new Lbfgs().withGradientTolerance(tol).withChangeTolerance(0);
    }

    private static double[] rosenbrockStart(int n) {
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) x0[i] = i % 2 == 0 ? -1.2 : 1.0;
        return x0;
    }

    // ---------------------------------------------------------------- convergence to known minimizers

    @ParameterizedTest
    @ValueSource(ints = {5, 50})
    void quadraticReachesTheSolutionOfTheLinearSystem(int n) {
        for (long seed = 1; seed <= 5; seed++) {
            Quadratic q = Quadratic.random(n, seed, true);
            Lbfgs.Result r = gradientOnly(1e-11).minimize(q, new double[n], 1000);
            assertEquals(Lbfgs.Status.GRADIENT_TOLERANCE, r.status(), r.message());
            assertEquals(0, maxAbsDiff(r.x(), q.minimizer()), 1e-8, "seed " + seed);
            assertEquals(0, r.skippedUpdates());
        }
    }

    /** As written, ½xᵀAx − bᵀx; PyTorch's gradient tolerance 1e-7 gives ‖x − x*‖₂ ≤ √n·1e-7/λ_min. */
    @ParameterizedTest
    @ValueSource(ints = {5, 50})
    void expandedQuadraticReachesTheGradientTolerance(int n) {
        for (long seed = 1; seed <= 5; seed++) {
            Quadratic q = Quadratic.random(n, seed, false);
            Lbfgs.Result r = gradientOnly(1e-7).minimize(q, new double[n], 1000);
            assertEquals(Lbfgs.Status.GRADIENT_TOLERANCE, r.status(), r.message());
            double bound = Math.sqrt(n) * 1e-7 / 0.5;   // λ_min(A) ≥ ½ by construction
            assertEquals(0, maxAbsDiff(r.x(), q.minimizer()), bound, "seed " + seed);
        }
    }

    /**
     * Asking for more than f's rounding allows: ½xᵀAx − bᵀx is evaluated with an absolute error of
     * about 1e-16·|f|, so below ‖g‖ ≈ 1e-9 no step can be shown to decrease f. The run must end
     * with LINE_SEARCH_FAILED, keep a finite point at least as good as before, and be accurate.
     * (Gradient tolerance 0: with the default memory of 100 pairs, L-BFGS on this 5-dimensional
     * quadratic is full BFGS and can reach ‖g‖_∞ ≈ 7e-16, below any positive tolerance one would ask for.)
     */
    @Test
    void quadraticBelowTheRoundingFloorStopsWithLineSearchFailedKeepingTheBestPoint() {
        Quadratic q = Quadratic.random(5, 47, false);
        Counting counted = new Counting(q);
        Lbfgs.Run run = gradientOnly(0).start(counted, new double[5]);
        double previous = run.value();
        Lbfgs.Status s = Lbfgs.Status.RUNNING;
        for (int k = 0; k < 1000 && !s.isTerminal(); k++) {
            previous = run.value();
            s = run.step();
        }
        assertEquals(Lbfgs.Status.LINE_SEARCH_FAILED, s, run.message());
        assertTrue(run.message().contains("strong Wolfe"), run.message());
        assertTrue(run.value() <= previous);
        assertEquals(q.valueAndGradient(run.x(), new double[5]), run.value(), 0.0);
        assertEquals(0, maxAbsDiff(run.x(), q.minimizer()), 1e-8);
        // terminal: further steps do no work
        long evals = run.evaluations();
        assertEquals(Lbfgs.Status.LINE_SEARCH_FAILED, run.step());
        assertEquals(evals, run.evaluations());
        assertEquals(counted.count, run.evaluations());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 10})
    void rosenbrockReachesAllOnes(int n) {
        Lbfgs.Result r = gradientOnly(1e-10).withHistorySize(10).minimize(new Rosenbrock(n), rosenbrockStart(n), 5000);
        assertEquals(Lbfgs.Status.GRADIENT_TOLERANCE, r.status(), r.message());
        assertEquals(0, maxAbsDiff(r.x(), filled(n, 1)), 1e-6);
        assertEquals(0, r.value(), 1e-12);
        assertTrue(r.iterations() > 10, "history ring buffer must have wrapped around");
    }

    @Test
    void historySizeOneStillConverges() {
        Lbfgs.Result r = gradientOnly(1e-10).withHistorySize(1).minimize(new Rosenbrock(2), rosenbrockStart(2), 5000);
        assertEquals(Lbfgs.Status.GRADIENT_TOLERANCE, r.status(), r.message());
        assertEquals(0, maxAbsDiff(r.x(), filled(2, 1)), 1e-6);
    }

    @Test
    void minimizeReportsMaxIterations() {
        Lbfgs.Result r = new Lbfgs().minimize(new Rosenbrock(2), rosenbrockStart(2), 3);
        assertEquals(Lbfgs.Status.MAX_ITERATIONS, r.status());
        assertEquals(3, r.iterations());
        assertTrue(r.value() < 24.2, "f(-1.2, 1) = 24.2 must have decreased, got " + r.value());
    }

    @Test
    void defaultChangeToleranceStopsEarlyLikePyTorch() {
        // PyTorch's tolerance_change = 1e-9 on |Δf| and ‖Δx‖_∞: stops before the gradient criterion
        Lbfgs.Result r = new Lbfgs().withGradientTolerance(0).minimize(new Rosenbrock(2), rosenbrockStart(2), 5000);
        assertTrue(r.status() == Lbfgs.Status.VALUE_TOLERANCE || r.status() == Lbfgs.Status.STEP_TOLERANCE,
                r.status() + ": " + r.message());
        assertEquals(0, maxAbsDiff(r.x(), filled(2, 1)), 1e-3);
    }

    @Test
    void firstIterationTriesPyTorchsStepAlongSteepestDescent() {
        // f = ½‖x‖², x0 = (3, 4): g = x0, ‖g‖₁ = 7, first trial t = min(1, 1/7) along −g gives
        // x0·(6/7), which already satisfies strong Wolfe (|g₁ᵀd| = 150/7 ≤ 0.9·25): one evaluation
        Objective half = new Objective() {
            @Override public int dimension() { return 2; }
            @Override public double valueAndGradient(double[] x, double[] g) {
                g[0] = x[0];
                g[1] = x[1];
                return 0.5 * (x[0] * x[0] + x[1] * x[1]);
            }
        };
        Lbfgs.Run run = new Lbfgs().start(half, new double[] {3, 4});
        assertEquals(Lbfgs.Status.RUNNING, run.step());
        assertArrayEquals(new double[] {3 - 3.0 / 7, 4 - 4.0 / 7}, run.x(), 1e-15);
        assertEquals(2, run.evaluations());
        // second iteration: one exact secant pair of a multiple of the identity gives d = −x, t = 1
        run.step();
        assertArrayEquals(new double[] {0, 0}, run.x(), 1e-14);
        assertEquals(Lbfgs.Status.GRADIENT_TOLERANCE, run.status());
    }

    @Test
    void stationaryStartPointStopsImmediately() {
        Counting f = new Counting(new Rosenbrock(3));
        Lbfgs.Run run = new Lbfgs().start(f, filled(3, 1));
        assertEquals(Lbfgs.Status.GRADIENT_TOLERANCE, run.status());
        assertEquals(Lbfgs.Status.GRADIENT_TOLERANCE, run.step());
        assertEquals(0, run.iterations());
        assertEquals(1, f.count);
    }

    // ---------------------------------------------------------------- line search properties

    /**
     * Every step that L-BFGS accepts satisfies the strong Wolfe conditions, checked by evaluating f
     * and ∇f afresh at the old and the new point with s = x_new − x_old (conditions are invariant
     * to how s splits into t·d):  f_new ≤ f_old + c₁ g_oldᵀs  and  |g_newᵀs| ≤ c₂ |g_oldᵀs|.
     */
    @Test
    void acceptedStepsSatisfyTheStrongWolfeConditions() {
        assertStrongWolfeAlongRun(new Rosenbrock(10), rosenbrockStart(10), 5000);
        assertStrongWolfeAlongRun(Quadratic.random(50, 7, true), new double[50], 1000);
        assertStrongWolfeAlongRun(new LogCoshWithNanWall(new double[] {0.5, -1, 2, 0}, 10),
                new double[] {8, 8, -7, 9}, 500);
    }

    private static void assertStrongWolfeAlongRun(Objective f, double[] x0, int maxSteps) {
        Lbfgs lbfgs = gradientOnly(1e-8);
        int n = x0.length;
        double[] gOld = new double[n];
        double[] gNew = new double[n];
        Lbfgs.Run run = lbfgs.start(f, x0);
        int checked = 0;
        for (int k = 0; k < maxSteps && !run.status().isTerminal(); k++) {
            double[] xOld = run.x();
            Lbfgs.Status s = run.step();
            if (s == Lbfgs.Status.LINE_SEARCH_FAILED) break;
            double[] xNew = run.x();
            double fOld = f.valueAndGradient(xOld, gOld);
            double fNew = f.valueAndGradient(xNew, gNew);
            assertEquals(fNew, run.value(), 0.0, "reported value must be f at the reported point");
            assertArrayEquals(gNew, run.gradient(), 0.0);
            double gOldS = 0, gNewS = 0, scale = 0;
            for (int i = 0; i < n; i++) {
                double si = xNew[i] - xOld[i];
                gOldS += gOld[i] * si;
                gNewS += gNew[i] * si;
                scale += (Math.abs(gOld[i]) + Math.abs(gNew[i])) * Math.abs(si);
            }
            double roundoff = 1e-12 * scale;   // s = x_new − x_old is not exactly t·d
            assertTrue(gOldS < 0, "step " + k + " is not a descent step");
            assertTrue(fNew <= fOld + lbfgs.c1() * gOldS + 1e-15 * Math.abs(fOld),
                    "sufficient decrease fails at step " + k + ": " + fNew + " > " + fOld + " + c1*" + gOldS);
            assertTrue(Math.abs(gNewS) <= lbfgs.c2() * Math.abs(gOldS) + roundoff,
                    "curvature fails at step " + k + ": |" + gNewS + "| > c2*|" + gOldS + "|");
            checked++;
        }
        assertTrue(checked >= 5, "too few steps checked: " + checked);
        assertEquals(Lbfgs.Status.GRADIENT_TOLERANCE, run.status(), run.message());
    }

    @Test
    void evaluationCountsMatchACountingWrapper() {
        Counting f = new Counting(new Rosenbrock(10));
        Lbfgs.Run run = gradientOnly(1e-10).start(f, rosenbrockStart(10));
        assertEquals(1, run.evaluations());
        long previous = 1;
        boolean someLineSearchNeededMoreThanOneEvaluation = false;
        while (!run.step().isTerminal()) {
            assertEquals(f.count, run.evaluations());
            if (run.evaluations() - previous > 1) someLineSearchNeededMoreThanOneEvaluation = true;
            previous = run.evaluations();
        }
        assertEquals(f.count, run.evaluations());
        assertTrue(someLineSearchNeededMoreThanOneEvaluation, "the count must include extra line-search trials");

        Counting g = new Counting(new LogCoshWithNanWall(new double[] {0.5, -1, 2, 0}, 10));
        Lbfgs.Result r = gradientOnly(1e-10).minimize(g, new double[] {8, 8, -7, 9}, 500);
        assertEquals(g.count, r.evaluations());
    }

    @Test
    void nanBeyondARadiusIsTreatedAsTooLongAStep() {
        double[] c = {0.5, -1, 2, 0};
        LogCoshWithNanWall f = new LogCoshWithNanWall(c, 10);
        Lbfgs.Result r = gradientOnly(1e-10).minimize(f, new double[] {8, 8, -7, 9}, 500);
        assertTrue(f.nanEvaluations > 0, "the test must actually hit the NaN region");
        assertEquals(Lbfgs.Status.GRADIENT_TOLERANCE, r.status(), r.message());
        assertEquals(0, maxAbsDiff(r.x(), c), 1e-8);
        assertTrue(Double.isFinite(r.value()));
    }

    @Test
    void nanTrialsInTheExtrapolationPhaseAreShrunkUntilFinite() {
        // 1-D log cosh from x = 3.9 (flat tail, slope ≈ 1): the first trial t = 1 reaches 2.9, where
        // the slope has barely changed, so the bracketing phase extrapolates up to 10 t, i.e. to
        // about −6, beyond the wall at |x| = 4
        LogCoshWithNanWall f = new LogCoshWithNanWall(new double[] {0}, 4);
        Counting counted = new Counting(f);
        Lbfgs.Result r = gradientOnly(1e-10).minimize(counted, new double[] {3.9}, 100);
        assertTrue(f.nanEvaluations > 0, "the test must actually hit the NaN region");
        assertEquals(Lbfgs.Status.GRADIENT_TOLERANCE, r.status(), r.message());
        assertEquals(0, r.x()[0], 1e-10);
        assertEquals(counted.count, r.evaluations());
    }

    @Test
    void nonSmoothKinkEndsWithLineSearchFailedAtABetterPoint() {
        // f(x) = |x|: |f'| = 1 everywhere except 0, so no strong-Wolfe point exists near the kink
        Objective abs = new Objective() {
            @Override public int dimension() { return 1; }
            @Override public double valueAndGradient(double[] x, double[] grad) {
                grad[0] = Math.signum(x[0]);
                return Math.abs(x[0]);
            }
        };
        Counting f = new Counting(abs);
        Lbfgs.Run run = new Lbfgs().start(f, new double[] {0.3});
        Lbfgs.Status s = run.step();
        assertEquals(Lbfgs.Status.LINE_SEARCH_FAILED, s, run.message());
        assertTrue(run.value() < 0.3, "must keep the best trial point, got f = " + run.value());
        assertEquals(Math.abs(run.x()[0]), run.value(), 0.0);
        assertTrue(run.evaluations() <= 1 + Lbfgs.DEFAULT_LINE_SEARCH_EVALUATIONS, "steepest descent: no retry");
        assertEquals(f.count, run.evaluations());
    }

    // ---------------------------------------------------------------- faults and validation

    @Test
    void nanAtTheStartPointIsAClearException() {
        LogCoshWithNanWall f = new LogCoshWithNanWall(new double[] {0, 0}, 1);
        OptimizationException e = assertThrows(OptimizationException.class,
                () -> new Lbfgs().start(f, new double[] {5, 0}));
        assertTrue(e.getMessage().contains("start point") && e.getMessage().contains("NaN"), e.getMessage());

        Objective badGradient = new Objective() {
            @Override public int dimension() { return 3; }
            @Override public double valueAndGradient(double[] x, double[] grad) {
                grad[0] = 0;
                grad[1] = Double.POSITIVE_INFINITY;
                grad[2] = 0;
                return 1;
            }
        };
        e = assertThrows(OptimizationException.class, () -> new Lbfgs().minimize(badGradient, new double[3], 10));
        assertTrue(e.getMessage().contains("gradient entry 1") && e.getMessage().contains("Infinity"), e.getMessage());
    }

    @Test
    void invalidSettingsAreRejectedWithTheirValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Lbfgs().withHistorySize(0));
        assertTrue(e.getMessage().contains("history size") && e.getMessage().contains("0"));
        e = assertThrows(IllegalArgumentException.class, () -> new Lbfgs().withWolfeConstants(0.9, 0.1));
        assertTrue(e.getMessage().contains("c1=0.9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Lbfgs().withGradientTolerance(-1));
        assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Lbfgs().withChangeTolerance(Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Lbfgs().start(new Rosenbrock(3), new double[2]));
        assertTrue(e.getMessage().contains("length 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Lbfgs().start(new Rosenbrock(2), new double[] {Double.NaN, 0}));
        assertTrue(e.getMessage().contains("x0 entry 0"), e.getMessage());
    }

    @Test
    void curvatureTestRejectsNearlyOrthogonalOrNegativePairs() {
        assertTrue(Lbfgs.acceptsCurvature(1.0, 1.0, 1.0));
        assertTrue(Lbfgs.acceptsCurvature(2e-10, 1.0, 1.0));
        assertFalse(Lbfgs.acceptsCurvature(1e-10, 1.0, 1.0));      // boundary: ≤ is rejected
        assertFalse(Lbfgs.acceptsCurvature(5e-5, 1e3, 1e3));       // 5e-5 ≤ 1e-10·1e6
        assertFalse(Lbfgs.acceptsCurvature(-1.0, 1.0, 1.0));
        assertFalse(Lbfgs.acceptsCurvature(0.0, 0.0, 0.0));
        assertFalse(Lbfgs.acceptsCurvature(Double.NaN, 1.0, 1.0));
    }

    @Test
    void runsAreDeterministic() {
        Lbfgs lbfgs = gradientOnly(1e-10);
        Lbfgs.Result a = lbfgs.minimize(new Rosenbrock(10), rosenbrockStart(10), 5000);
        Lbfgs.Result b = lbfgs.minimize(new Rosenbrock(10), rosenbrockStart(10), 5000);
        assertArrayEquals(a.x(), b.x(), 0.0);
        assertEquals(a.value(), b.value(), 0.0);
        assertEquals(a.iterations(), b.iterations());
        assertEquals(a.evaluations(), b.evaluations());
    }

    @Test
    void startDoesNotModifyTheCallersArray() {
        double[] x0 = rosenbrockStart(4);
        double[] copy = x0.clone();
        new Lbfgs().minimize(new Rosenbrock(4), x0, 50);
        assertArrayEquals(copy, x0, 0.0);
    }
}
