package org.icnnvarpro.inner;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.model.Icnn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InnerSolversTest {

    static final List<InnerSolver> SOLVERS = List.of(new BarrierNewton(), new PrimalDualInteriorPoint());

    /** A 4×32 ICNN with random hidden weights μ (the builder's seeded initialization). */
    static Icnn randomNet(boolean quadratic, long seed) {
        return Icnn.builder(2).hidden(32, 32, 32, 32).quadratic(quadratic).seed(seed).build();
    }

    // ------------------------------------------------------------------ closed form

    /**
     * Only the features x and ½‖x‖² on N(m, s²I) data: J = ½ mean‖w_x + w_q x‖² − d log w_q.
     * Minimizing over w_x gives w_x = −w_q m̂ and J = ½ w_q² v̂ − d log w_q (v̂ = mean‖x − m̂‖²),
     * so w_q* = √(d/v̂) = 1/ŝ, w_x* = −m̂/ŝ, J* = d/2 + d log ŝ. The barrier's central point is
     * also closed-form: w_q(t) = √((d + 1/t)/v̂), w_x(t) = −w_q(t) m̂.
     */
    @Test
    void gaussianClosedFormWithOnlyLinearAndQuadraticFeatures() {
        int d = 3, n = 3000;
        double[] mean = {0.5, -1.0, 2.0};
        Samples x = Datasets.gaussian(n, mean, 0.7, 4);
        double[] G = new double[n * d * (d + 1)], H = new double[n * 6 * (d + 1)];
        int M = d + 1;
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < d; a++) {
                G[(j * d + a) * M + a] = 1.0;
                G[(j * d + a) * M + d] = x.get(j, a);
            }
            H[(j * 6) * M + d] = 1;       // (0,0)
            H[(j * 6 + 3) * M + d] = 1;   // (1,1)
            H[(j * 6 + 5) * M + d] = 1;   // (2,2)
        }
        InnerProblem p = InnerProblem.fromArrays(n, d, M, G, H, new boolean[] {false, false, false, true}, new boolean[] {true, true, true, true});
        double[] mh = new double[d];
        for (int j = 0; j < n; j++) for (int a = 0; a < d; a++) mh[a] += x.get(j, a) / n;
        double vh = 0;
        for (int j = 0; j < n; j++) for (int a = 0; a < d; a++) vh += Math.pow(x.get(j, a) - mh[a], 2) / n;
        double sh = Math.sqrt(vh / d);
        double jStar = d / 2.0 + d * Math.log(sh);
        // the barrier centered to rounding level, so that its point is the central point w(t)
        InnerSolver tight = new BarrierNewton(BarrierNewton.Options.defaults().withTolerances(1e-6, 1e-20));
        for (InnerSolver solver : List.of(tight, SOLVERS.get(0), SOLVERS.get(1))) {
            InnerResult r = solver.solve(p, new double[] {0, 0, 0, 1});
            assertTrue(r.converged() || solver == tight, solver.name() + ": " + r);
            assertFalse(r.repaired());
            assertTrue(r.loss() >= jStar - 1e-12, solver.name() + ": below the optimum " + r.loss() + " < " + jStar);
            assertTrue(r.loss() - jStar <= r.gapBound() + 1e-12, solver.name() + ": " + (r.loss() - jStar) + " > gap bound " + r.gapBound());
            double wq = r.w()[d];
            if (solver == tight) {
                // exactly the central point of the final t
                double wqt = Math.sqrt((d + 1 / r.t()) / vh);
                assertEquals(wqt, wq, 1e-10, "w_q(t)");
                for (int a = 0; a < d; a++) assertEquals(-wqt * mh[a], r.w()[a], 1e-10, "w_x(t)");
            }
            // ε₂ = 1e-9 bounds the error in J; the error in w is about its square root (‖Δw‖_H ≈ λ)
            double tolW = solver == SOLVERS.get(0) ? 1e-4 : 1e-6;
            assertEquals(1 / sh, wq, tolW / sh, solver.name() + " w_q");
            for (int a = 0; a < d; a++) assertEquals(-mh[a] / sh, r.w()[a], 10 * tolW, solver.name() + " w_x");
        }
    }

    /**
     * The full quadratic-mode network on Gaussian data: (w_u = 0, w_x = −m̂/ŝ, w_q = 1/ŝ) is a
     * feasible point with the closed-form loss, so the optimum is at most that and, with 32
     * features against 4000 samples, only slightly below (they can fit sampling noise).
     */
    @Test
    void fullNetworkOnGaussianDataIsAtMostTheClosedForm() {
        int d = 2, n = 4000;
        double[] mean = {0.3, -0.2};
        Samples x = Datasets.gaussian(n, mean, 0.5, 8);
        Icnn net = Icnn.builder(d).hidden(16, 16).quadratic(true).seed(3).build();
        InnerProblem p = InnerProblem.of(net, x);
        double[] mh = new double[d];
        for (int j = 0; j < n; j++) for (int a = 0; a < d; a++) mh[a] += x.get(j, a) / n;
        double vh = 0;
        for (int j = 0; j < n; j++) for (int a = 0; a < d; a++) vh += Math.pow(x.get(j, a) - mh[a], 2) / n;
        double sh = Math.sqrt(vh / d);
        double jClosed = d / 2.0 + d * Math.log(sh);
        for (InnerSolver solver : SOLVERS) {
            InnerResult r = solver.solve(p, net.last());
            assertTrue(r.converged(), solver.name() + ": " + r);
            assertTrue(r.loss() <= jClosed + r.gapBound(), solver.name() + ": " + r.loss() + " vs closed form " + jClosed);
            assertTrue(jClosed - r.loss() < 0.02, solver.name() + ": " + r.loss() + " far below closed form " + jClosed);
        }
    }

    // ------------------------------------------------------------------ independent reference

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void barrierMatchesProjectedNewtonAndSatisfiesKkt(boolean quadratic) {
        Samples x = Datasets.moons(512, 0.05, 17);
        for (long seed : new long[] {1, 2, 3}) {
            Icnn net = randomNet(quadratic, seed);
            InnerProblem p = InnerProblem.of(net, x);
            BarrierNewton barrier = new BarrierNewton();
            InnerResult r = barrier.solve(p, net.last());
            assertTrue(r.converged(), r.toString());

            ProjectedNewtonReference ref = new ProjectedNewtonReference();
            double[] v0 = p.fromFull(net.last());
            double jRef = ref.solve(p, v0, 1e-11, 500);
            assertTrue(ref.projectedGradientNorm < 1e-9, "reference did not converge: " + ref.projectedGradientNorm);
            String ctx = (quadratic ? "quadratic" : "thesis") + " seed " + seed + ": " + r + " vs reference " + jRef;
            assertTrue(r.loss() >= jRef - 1e-10, ctx);
            assertTrue(r.loss() - jRef <= r.gapBound() + 1e-10, ctx);

            // KKT at the barrier solution with λ_k = 1/(t w_k)
            double[] v = p.fromFull(r.w());
            double[] g = new double[p.size()];
            p.valueGradient(v, g);
            for (int i = 0; i < p.size(); i++) {
                if (p.isConstrained(i)) {
                    assertTrue(v[i] > 0, ctx);
                    assertTrue(g[i] >= -1e-6, ctx + ": ∂J/∂w_" + i + " = " + g[i]);
                    assertEquals(1 / r.t(), v[i] * g[i], 1e-9, ctx + ": complementarity at " + i);
                } else {
                    assertEquals(0, g[i], 1e-6, ctx + ": free ∂J/∂w_" + i);
                }
            }
            System.out.printf("%s seed %d: barrier J=%.12f ref J=%.12f diff=%.2e gap=%.2e newton=%d outer=%d res=%.2e (ref its %d)%n",
                    quadratic ? "quad" : "thesis", seed, r.loss(), jRef, r.loss() - jRef, r.gapBound(), r.newtonSteps(),
                    r.outerSteps(), r.dualResidual(), ref.iterations);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void primalDualMatchesBarrier(boolean quadratic) {
        Samples x = Datasets.moons(512, 0.05, 21);
        for (long seed : new long[] {4, 5}) {
            Icnn net = randomNet(quadratic, seed);
            InnerProblem p = InnerProblem.of(net, x);
            InnerResult b = new BarrierNewton().solve(p, net.last());
            InnerResult pd = new PrimalDualInteriorPoint().solve(p, net.last());
            assertTrue(b.converged() && pd.converged(), b + "\n" + pd);
            String ctx = b + "\n" + pd;
            assertTrue(pd.gapBound() <= 1e-8 && pd.dualResidual() <= 1e-8, ctx);
            assertEquals(b.loss(), pd.loss(), b.gapBound() + pd.gapBound() + 1e-10, ctx);
            System.out.printf("%s seed %d: barrier %d newton, pd %d newton, diff %.2e%n", quadratic ? "quad" : "thesis", seed,
                    b.newtonSteps(), pd.newtonSteps(), b.loss() - pd.loss());
        }
    }

    // ------------------------------------------------------------------ warm starts, repair, trace

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void warmStartFromTheSolutionTakesFewerNewtonSteps(boolean quadratic) {
        Samples x = Datasets.moons(512, 0.05, 2);
        Icnn net = randomNet(quadratic, 9);
        InnerProblem p = InnerProblem.of(net, x);
        for (InnerSolver solver : SOLVERS) {
            InnerResult cold = solver.solve(p, net.last());
            InnerResult warm = solver.solve(p, cold.w());
            assertTrue(warm.converged(), solver.name() + " warm: " + warm);
            assertTrue(warm.newtonSteps() < cold.newtonSteps(), solver.name() + ": warm " + warm.newtonSteps() + " cold " + cold.newtonSteps());
            assertEquals(cold.loss(), warm.loss(), cold.gapBound() + warm.gapBound() + 1e-10);
            // a nearby problem (slightly different hidden weights), as in training
            Icnn moved = net.copy();
            SplittableRandom r = new SplittableRandom(1);
            for (int k = 0; k < moved.hiddenSize(); k++) moved.weights()[k] *= 1 + 0.01 * (r.nextDouble() - 0.5);
            InnerProblem q = InnerProblem.of(moved, x);
            InnerResult next = solver.solve(q, cold.w());
            InnerResult nextCold = solver.solve(q, net.last());
            assertTrue(next.converged(), solver.name() + " warm on moved problem: " + next);
            assertTrue(next.newtonSteps() < nextCold.newtonSteps(), solver.name() + ": warm " + next.newtonSteps() + " cold " + nextCold.newtonSteps());
            assertEquals(nextCold.loss(), next.loss(), next.gapBound() + nextCold.gapBound() + 1e-10);
            System.out.printf("%s %s: cold %d, warm(same) %d, warm(moved) %d, cold(moved) %d%n", solver.name(), quadratic ? "quad" : "thesis",
                    cold.newtonSteps(), warm.newtonSteps(), next.newtonSteps(), nextCold.newtonSteps());
        }
    }

    @Test
    void infeasibleStartsAreRepaired() {
        Samples x = Datasets.moons(256, 0.05, 3);
        for (boolean quadratic : new boolean[] {true, false}) {
            Icnn net = randomNet(quadratic, 12);
            InnerProblem p = InnerProblem.of(net, x);
            InnerResult reference = new BarrierNewton().solve(p, net.last());
            double[] negative = net.last();
            for (int k = 0; k < 32; k++) negative[k] = -1.0;   // w_u < 0
            double[] zero = new double[p.fullSize()];          // S = 0 in thesis mode; S = 0 too with w_q = 0
            for (InnerSolver solver : SOLVERS) {
                for (double[] start : new double[][] {negative, zero}) {
                    InnerResult r = solver.solve(p, start);
                    assertTrue(r.repaired(), solver.name());
                    assertFalse(r.repairNote().isEmpty());
                    assertTrue(r.converged(), solver.name() + ": " + r);
                    assertEquals(reference.loss(), r.loss(), reference.gapBound() + r.gapBound() + 1e-10);
                }
            }
            InnerResult r = new BarrierNewton().solve(p, zero);
            assertTrue(r.repairNote().startsWith("raised " + p.constraintCount() + " constrained weight(s) <= 0"), r.repairNote());
        }
    }

    /** One sample whose constrained features all have a zero Hessian: S_j = 0 for every w ≥ 0. */
    @Test
    void unrepairableProblemThrowsAClearException() {
        int n = 3, d = 1, M = 3;   // columns: u (constrained), x (free), q (dropped: thesis mode)
        double[] G = new double[n * d * M];
        double[] H = new double[n * 1 * M];
        for (int j = 0; j < n; j++) {
            G[j * M] = 0.1 * j;
            G[j * M + 1] = 1.0;
            H[j * M] = j == 1 ? 0.0 : 1.0;
        }
        InnerProblem p = InnerProblem.fromArrays(n, d, M, G, H, new boolean[] {true, false, true}, new boolean[] {true, true, false});
        for (InnerSolver solver : SOLVERS) {
            InfeasibleProblemException e = assertThrows(InfeasibleProblemException.class, () -> solver.solve(p, new double[] {1, 0, 0}));
            assertEquals(1, e.sample());
            assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new BarrierNewton().solve(p, new double[] {Double.NaN, 0, 0}));
    }

    @Test
    void thesisModeKeepsWqAtZero() {
        Samples x = Datasets.moons(256, 0.05, 5);
        Icnn net = randomNet(false, 6);
        InnerProblem p = InnerProblem.of(net, x);
        assertFalse(p.quadratic());
        for (InnerSolver solver : SOLVERS) {
            InnerResult r = solver.solve(p, net.last());
            assertEquals(0.0, r.w()[p.fullSize() - 1]);
            assertEquals(p.constraintCount(), 32);
            net.setLast(r.w());   // accepted by the model in thesis mode
            assertEquals(r.loss(), new org.icnnvarpro.loss.SaaLoss().value(net, x), 1e-10 * Math.abs(r.loss()));
        }
    }

    @Test
    void traceRecordsEveryNewtonStepOfTheBarrierPath() {
        Samples x = Datasets.moons(256, 0.05, 5);
        Icnn net = randomNet(true, 6);
        InnerProblem p = InnerProblem.of(net, x);
        InnerResult r = new BarrierNewton(BarrierNewton.Options.defaults().withTrace(true).withWarmStart(false)).solve(p, net.last());
        assertEquals(r.newtonSteps(), r.trace().size());
        assertEquals(1.0, r.trace().get(0).t());
        double prevT = 0;
        int rounds = 0;
        for (InnerResult.TraceStep s : r.trace()) {
            assertTrue(s.t() >= prevT);
            if (s.t() > prevT) rounds++;
            prevT = s.t();
            assertEquals(p.constraintCount() / s.t(), s.gap(), 1e-12 * s.gap());
        }
        assertEquals(r.outerSteps(), rounds);
        // each centering ends with a step whose decrement is below ε₂ (the stopping test)
        InnerResult.TraceStep last = r.trace().get(r.trace().size() - 1);
        assertTrue(last.decrement() < 1e-9);
        // the gap bound reaches ε₁ after ⌈log_c(|C|/(ε₁ t0))⌉ + 1 centerings
        assertEquals((int) Math.ceil(Math.log10(p.constraintCount() / 1e-6)) + 1, r.outerSteps());
        assertTrue(new BarrierNewton().solve(p, net.last()).trace().isEmpty());
        InnerResult pd = new PrimalDualInteriorPoint(PrimalDualInteriorPoint.Options.defaults().withTrace(true)).solve(p, net.last());
        assertEquals(pd.newtonSteps(), pd.trace().size());
    }

    /**
     * {@link BarrierNewton#withCenteringStep}: a step that solves the barrier Newton system itself
     * (here by EJML's general solver, not the built-in Cholesky) reaches the built-in solver's
     * solution, and one that leaves out the barrier terms does not converge to it.
     */
    @Test
    void aPluggedInCenteringStepReachesTheBuiltInSolution() {
        Icnn net = Icnn.builder(2).hidden(8, 8).quadratic(false).seed(3).build();
        InnerProblem p = InnerProblem.of(net, Datasets.moons(128, 0.05, 1));
        BarrierNewton builtIn = new BarrierNewton(BarrierNewton.Options.defaults().withWarmStart(false));
        InnerResult ref = builtIn.solve(p, net.last());
        BarrierNewton.CenteringStep exact = (g, h, w, cons, t, dir) -> {
            int n = w.length;
            org.ejml.data.DMatrixRMaj A = new org.ejml.data.DMatrixRMaj(n, n, true, h.clone()), b = new org.ejml.data.DMatrixRMaj(n, 1),
                    x = new org.ejml.data.DMatrixRMaj(n, 1);
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                if (cons[i]) {
                    A.add(i, i, 1 / (t * w[i] * w[i]));
                    gi -= 1 / (t * w[i]);
                }
                b.set(i, 0, -gi);
            }
            assertTrue(org.ejml.dense.row.CommonOps_DDRM.solve(A, b, x));
            System.arraycopy(x.getData(), 0, dir, 0, n);
        };
        InnerResult mine = builtIn.withCenteringStep(exact).solve(p, net.last());
        assertTrue(mine.converged(), mine.toString());
        assertEquals(ref.loss(), mine.loss(), 1e-9);
        assertEquals(ref.outerSteps(), mine.outerSteps());
        BarrierNewton.CenteringStep noBarrier = (g, h, w, cons, t, dir) -> {
            int n = w.length;
            org.ejml.data.DMatrixRMaj A = new org.ejml.data.DMatrixRMaj(n, n, true, h.clone()), b = new org.ejml.data.DMatrixRMaj(n, 1),
                    x = new org.ejml.data.DMatrixRMaj(n, 1);
            for (int i = 0; i < n; i++) b.set(i, 0, -g[i]);
            org.ejml.dense.row.CommonOps_DDRM.solve(A, b, x);
            System.arraycopy(x.getData(), 0, dir, 0, n);
        };
        InnerResult wrong = builtIn.withCenteringStep(noBarrier).solve(p, net.last());
        assertFalse(wrong.converged() && Math.abs(wrong.loss() - ref.loss()) < 1e-7, wrong.toString());
    }
}
