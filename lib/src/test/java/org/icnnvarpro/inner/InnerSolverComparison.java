package org.icnnvarpro.inner;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.model.Icnn;

/**
 * Prints a comparison of the barrier method and the primal-dual method on the thesis's setting:
 * moons, N = 1024, a 4×32 ICNN with random hidden weights μ (several seeds), thesis mode and
 * quadratic mode. Cold starts begin at the network's initial w; warm starts begin at the
 * solution for μ and solve the problem for μ perturbed by 1% (as between VarPro outer steps).
 * The reference J* comes from the independent projected Newton method run to ‖projected
 * gradient‖ &lt; 1e-11. Wall times are medians over repeats (not asserted anywhere).
 *
 * <p>Run with {@code java -cp lib/target/classes:lib/target/test-classes:<ejml jars>
 * org.icnnvarpro.inner.InnerSolverComparison [seeds] [repeats]}.
 */
public final class InnerSolverComparison {
    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Samples x = Datasets.moons(1024, 0.05, 2024);
        List<InnerSolver> solvers = List.of(new BarrierNewton(), new PrimalDualInteriorPoint());
        System.out.printf("moons N = %d, ICNN 4x32, d = 2; times: median of %d runs, one thread%n", x.size(), repeats);
        System.out.printf("%-9s %-5s %-11s %-5s %6s %6s %9s %11s %10s %5s%n",
                "mode", "seed", "solver", "start", "newton", "outer", "ms", "J - J*", "gap bound", "conv");
        for (boolean quadratic : new boolean[] {false, true}) {
            for (long seed = 1; seed <= seeds; seed++) {
                Icnn net = Icnn.builder(2).hidden(32, 32, 32, 32).quadratic(quadratic).seed(seed).build();
                InnerProblem p = InnerProblem.of(net, x);
                double jRef = reference(p, net.last());
                Icnn moved = net.copy();
                SplittableRandom r = new SplittableRandom(seed + 100);
                for (int k = 0; k < moved.hiddenSize(); k++) moved.weights()[k] *= 1 + 0.02 * (r.nextDouble() - 0.5);
                InnerProblem q = InnerProblem.of(moved, x);
                double jRefQ = reference(q, net.last());
                for (InnerSolver s : solvers) {
                    InnerResult cold = s.solve(p, net.last());
                    row(quadratic, seed, s, "cold", cold, jRef, time(s, p, net.last(), repeats));
                    InnerResult warm = s.solve(q, cold.w());
                    row(quadratic, seed, s, "warm", warm, jRefQ, time(s, q, cold.w(), repeats));
                }
            }
        }
    }

    private static double reference(InnerProblem p, double[] w) {
        ProjectedNewtonReference ref = new ProjectedNewtonReference();
        double j = ref.solve(p, p.fromFull(w), 1e-11, 1000);
        if (!(ref.projectedGradientNorm < 1e-9)) System.out.printf("(reference stopped at projected gradient %.1e)%n", ref.projectedGradientNorm);
        return j;
    }

    private static double time(InnerSolver s, InnerProblem p, double[] w, int repeats) {
        double[] ms = new double[repeats];
        for (int i = 0; i < 2; i++) s.solve(p, w);   // warm-up (JIT)
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            s.solve(p, w);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[repeats / 2];
    }

    private static void row(boolean quadratic, long seed, InnerSolver s, String start, InnerResult r, double jRef, double ms) {
        System.out.printf("%-9s %-5d %-11s %-5s %6d %6d %9.2f %11.2e %10.2e %5s%n", quadratic ? "quadratic" : "thesis", seed,
                s.name(), start, r.newtonSteps(), r.outerSteps(), ms, r.loss() - jRef, r.gapBound(), r.converged() ? "yes" : "NO");
    }
}
