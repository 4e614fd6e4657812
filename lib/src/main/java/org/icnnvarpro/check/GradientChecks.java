package org.icnnvarpro.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.inner.BarrierNewton;
import org.icnnvarpro.inner.ReducedObjective;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;

/**
 * The standard Taylor tests of the network's derivatives (docs/math.md §2–4; the tests themselves: §8), each with a seeded
 * random direction:
 * <ul>
 *   <li>input gradient: {@code f(X) = [Φ(x_j)]_j}, {@code f'Δ = [∇Φ(x_j)·Δ_j]_j};</li>
 *   <li>input Hessian: {@code f(X) = [∇Φ(x_j)]_j}, {@code f'Δ = [∇²Φ(x_j) Δ_j]_j};</li>
 *   <li>weight gradient: {@code f(θ) = J(θ)}, {@code f'Δ = ∇J·Δ}, over the raw parameters
 *       (through the nonnegativity map) or the effective weights;</li>
 *   <li>reduced gradient (thesis Table 3.1): {@code f(μ) = J_red(μ) = J(μ, w(μ))} with the inner
 *       problem solved at every point, {@code f'Δ = ∇_μ J(μ, w(μ))·Δ}; optionally with the barrier
 *       term, {@code J(μ, w_t(μ)) − (1/t) Σ log w_t(μ)}.</li>
 * </ul>
 */
public final class GradientChecks {
    private GradientChecks() {}

    /** Default first step and number of halvings (the thesis's Table 3.1 range and beyond). */
    public static final double H0 = 1.0;
    public static final int STEPS = 10;

    /**
     * Steps of the {@code check} command: {@code h = 1 … 2⁻¹⁵}, far enough into the asymptotic
     * range that {@link #passes} accepts a correct derivative for every seed tried (200 per
     * check) and rejects a wrong one.
     */
    public static final int CHECK_STEPS = 16;

    /**
     * The {@code check} command's verdict on a table: the last three ratios above the noise floor,
     * at {@code h ≤ 1/16}, lie in {@code 4 ± 0.5} ({@link TaylorCheck.Table#finalRatiosNear}).
     * A correct derivative's ratio tends to 4 as {@code h} shrinks, a wrong one's to 2.
     */
    public static boolean passes(TaylorCheck.Table t) {
        return t.finalRatiosNear(4.0, 0.5, 3, 1.0 / 16);
    }

    /** The test below with {@link #STEPS} halvings of {@code h}. */
    public static TaylorCheck.Table inputGradient(Icnn net, Samples x, long seed) {
        return inputGradient(net, x, seed, STEPS);
    }

    /** The test below with {@link #STEPS} halvings of {@code h}. */
    public static TaylorCheck.Table inputHessian(Icnn net, Samples x, long seed) {
        return inputHessian(net, x, seed, STEPS);
    }

    /** The test below with {@link #STEPS} halvings of {@code h}. */
    public static TaylorCheck.Table weightGradient(Icnn net, Samples x, long seed, boolean raw) {
        return weightGradient(net, x, seed, raw, STEPS);
    }

    /** The test below with {@link #STEPS} halvings of {@code h}. */
    public static TaylorCheck.Table reducedGradient(Icnn net, Samples x, long seed, boolean barrierAugmented, double gap) {
        return reducedGradient(net, x, seed, barrierAugmented, gap, STEPS);
    }

    /** The input-gradient test with {@code steps} halvings of {@code h} from {@link #H0}. */
    public static TaylorCheck.Table inputGradient(Icnn net, Samples x, long seed, int steps) {
        BatchDerivatives e = new BatchDerivatives(1, BatchDerivatives.DEFAULT_CHUNK);
        int n = x.size(), d = x.dim();
        double[] dir = TaylorCheck.randomDirection(n * d, seed);
        BatchDerivatives.Evaluation ev = e.evaluate(net, x);
        double[] claimed = new double[n];
        for (int j = 0; j < n; j++) for (int a = 0; a < d; a++) claimed[j] += ev.gradient[j * d + a] * dir[j * d + a];
        return TaylorCheck.run("input gradient: Phi(x + h dx) vs grad Phi . dx  (N=" + n + ", d=" + d + ")",
                p -> e.evaluate(net, Samples.wrap(n, d, p)).potential, x.data().clone(), dir, claimed, H0, steps);
    }

    /** The input-Hessian test with {@code steps} halvings of {@code h} from {@link #H0}. */
    public static TaylorCheck.Table inputHessian(Icnn net, Samples x, long seed, int steps) {
        BatchDerivatives e = new BatchDerivatives(1, BatchDerivatives.DEFAULT_CHUNK);
        int n = x.size(), d = x.dim();
        double[] dir = TaylorCheck.randomDirection(n * d, seed);
        BatchDerivatives.Evaluation ev = e.evaluate(net, x);
        double[] claimed = new double[n * d];
        for (int j = 0; j < n; j++)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) claimed[j * d + a] += ev.hessian[(j * d + a) * d + b] * dir[j * d + b];
        return TaylorCheck.run("input Hessian: grad Phi(x + h dx) vs Hess Phi dx  (N=" + n + ", d=" + d + ")",
                p -> e.evaluate(net, Samples.wrap(n, d, p)).gradient, x.data().clone(), dir, claimed, H0, steps);
    }

    /**
     * Taylor test of {@code ∇J} over the raw parameters ({@code raw = true}) or the effective
     * weights. In thesis mode the {@code w_q} coordinate of the direction is zero.
     */
    public static TaylorCheck.Table weightGradient(Icnn net, Samples x, long seed, boolean raw, int steps) {
        return weightGradients(net, x, seed, raw, steps, List.of(g -> g)).get(0);
    }

    /**
     * The weight-gradient test for several claimed gradients made from the true one (tests break
     * it on purpose), all along the same direction and from the same function values, which are
     * computed once.
     */
    static List<TaylorCheck.Table> weightGradients(Icnn net, Samples x, long seed, boolean raw, int steps,
                                                   List<UnaryOperator<double[]>> claimedGradients) {
        SaaLoss loss = new SaaLoss(new BatchDerivatives(1, BatchDerivatives.DEFAULT_CHUNK));
        Icnn work = net.copy();
        int size = net.size();
        double[] dir = TaylorCheck.randomDirection(size, seed);
        if (!net.quadratic()) dir[net.offsetWq()] = 0.0;
        double[] theta = raw ? net.raw() : net.weights().clone();
        if (!raw) {
            // keep constrained weights feasible for every step: perturb them only upwards
            for (int k = 0; k < size; k++) if (net.isNonnegative(k)) dir[k] = Math.abs(dir[k]);
        }
        double[] grad = new double[size];
        if (raw) loss.valueAndRawGradient(work, theta, x, grad);
        else loss.valueAndGradient(work, x, grad);
        // the values J(θ + hΔ) in call order: computed by the first test, replayed by the others
        List<double[]> values = new ArrayList<>();
        List<TaylorCheck.Table> tables = new ArrayList<>();
        for (UnaryOperator<double[]> c : claimedGradients) {
            double[] g = c.apply(grad.clone());
            double claimed = 0;
            for (int k = 0; k < size; k++) claimed += g[k] * dir[k];
            int[] call = {0};
            tables.add(TaylorCheck.run("weight gradient (" + (raw ? "raw parameters" : "effective weights") + "): J(theta + h dtheta) vs grad J . dtheta",
                    p -> {
                        if (call[0] < values.size()) return values.get(call[0]++);
                        if (raw) work.setRaw(p);
                        else System.arraycopy(p, 0, work.weights(), 0, size);
                        double[] v = {loss.value(work, x)};
                        values.add(v);
                        call[0]++;
                        return v;
                    }, theta, dir, new double[] {claimed}, H0, steps));
        }
        return tables;
    }

    /**
     * Taylor test of the reduced gradient over the raw hidden parameters (thesis Table 3.1).
     * Every point solves the inner problem by the barrier method from the same start (the
     * solution at {@code μ}), to a duality gap of {@code gap}, each centering to {@code λ²/2 < 1e-12}.
     * The plain reduced objective is known to within {@code gap} (the table's noise floor); the
     * barrier-augmented one is smooth at the fixed final {@code t} and known to within the
     * centering tolerance, but its curvature grows with {@code t}, so check it with a moderate gap
     * such as 1e-4.
     */
    public static TaylorCheck.Table reducedGradient(Icnn net, Samples x, long seed, boolean barrierAugmented, double gap, int steps) {
        Icnn work = net.copy();
        BatchDerivatives engine = new BatchDerivatives(1, BatchDerivatives.DEFAULT_CHUNK);
        BarrierNewton solver = new BarrierNewton(BarrierNewton.Options.defaults().withTolerances(gap, 1e-12));
        // solve once at μ so that every perturbed solve starts from w(μ)
        ReducedObjective f = new ReducedObjective(work, x, solver, engine).barrierAugmented(barrierAugmented);
        double[] mu = work.hiddenRaw();
        double[] grad = new double[mu.length];
        f.valueAndGradient(mu, grad);
        // every perturbed point starts from w(mu), which the network now holds
        f = new ReducedObjective(work, x, solver, engine).barrierAugmented(barrierAugmented).warmStart(false);
        double[] dir = TaylorCheck.randomDirection(mu.length, seed);
        double claimed = 0;
        for (int k = 0; k < mu.length; k++) claimed += grad[k] * dir[k];
        ReducedObjective fr = f;
        double[] scratch = new double[mu.length];
        return TaylorCheck.run("reduced gradient" + (barrierAugmented ? " (barrier-augmented)" : "")
                        + ": J_red(mu + h dmu) vs grad_mu J(mu, w(mu)) . dmu  (N=" + x.size() + ", inner gap " + gap + ")",
                p -> new double[] {fr.valueAndGradient(p, scratch)}, mu, dir, new double[] {claimed}, H0, steps, barrierAugmented ? 1e-12 : gap);
    }
}
