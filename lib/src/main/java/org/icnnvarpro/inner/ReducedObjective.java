package org.icnnvarpro.inner;

import org.icnnvarpro.data.Samples;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.NotPositiveDefiniteException;
import org.icnnvarpro.optim.Objective;

/**
 * The reduced objective of variable projection (thesis §3.2, docs/math.md §5.7) over the raw hidden
 * parameters {@code μ̂} (so {@code L = softplus(L̂)}):
 *
 * <pre>
 *   J_red(μ) = J(μ, w(μ)),   w(μ) = argmin_{w ∈ A} J(μ, w)       (inner solve, warm-started)
 *   ∇J_red(μ) ≈ ∇_μ J(μ, w(μ))                                  (eq. 3.4 without the Jacobian term)
 * </pre>
 *
 * <p>With {@link #barrierAugmented(boolean)} the value also includes the barrier term
 * {@code −(1/t) Σ_{k∈C} log w_k} at the solver's final {@code t}; at a centered barrier point the
 * gradient above is then exact (the Jacobian term vanishes by the centering condition).
 *
 * <p>Each evaluation costs one forward pass for the features, the inner solve, and one forward
 * and adjoint pass for the gradient; it counts {@code N} work units (one forward and backward per
 * sample, the thesis's unit), and the inner solver's Newton steps and time separately.
 * An evaluation at which the inner problem is infeasible or {@code ∇²Φ} is not positive definite
 * returns {@code +∞} (never NaN), which the line search treats as a step that is too long.
 * After each successful evaluation the network holds {@code μ} and {@code w(μ)}.
 *
 * <p><b>Memory and proximal term</b> ({@link #memory}, slimTrain's idea for small batches): the
 * inner problem also holds the features of the last {@code r} batches as they were computed when
 * those batches were evaluated (no new pass over them, so no work units), and the term
 * {@code (λ/2)‖w − w_prev‖²} toward the previous solution:
 * <pre>
 *   w(μ) = argmin_{w ∈ A} (1/|B ∪ M|) Σ_{j ∈ B ∪ M} ℓ_j(w) + (λ/2)‖w − w_prev‖²
 * </pre>
 * The value and gradient are still those of {@code J} on the current batch {@code B} at that
 * {@code w} (the gradient with {@code w} held fixed, as slimTrain takes it).
 */
public final class ReducedObjective implements Objective {
    private static final int CACHE = 40;
    private final Icnn net;
    private Samples batch;
    /** The last evaluation's inner problem, whose buffers the next one reuses (no other use). */
    private InnerProblem previous;
    private final java.util.ArrayDeque<double[][]> cache = new java.util.ArrayDeque<>();
    private final InnerSolver solver;
    private final BatchDerivatives engine;
    private final SaaLoss loss;
    private final double[] full;
    private boolean barrierAugmented;
    private boolean warmStart = true;
    private double[] wWarm;
    private InnerResult last;
    private long evaluations, workUnits, newtonSteps, failures;
    private int memoryBatches;
    private double proximal;
    /** Features of earlier batches (oldest first) and of the current batch's last evaluation. */
    private final java.util.ArrayDeque<BatchDerivatives.Features> memory = new java.util.ArrayDeque<>();
    private BatchDerivatives.Features current;
    private double innerSeconds;

    public ReducedObjective(Icnn net, Samples batch, InnerSolver solver, BatchDerivatives engine) {
        this.net = net;
        this.batch = batch;
        this.solver = solver;
        this.engine = engine;
        this.loss = new SaaLoss(engine);
        this.full = new double[net.size()];
        this.wWarm = net.last();
    }

    /** Include the barrier term in the value (for the Taylor check of the barrier-augmented objective). */
    public ReducedObjective barrierAugmented(boolean on) {
        this.barrierAugmented = on;
        return this;
    }

    /**
     * Whether each inner solve starts from the previous solution (default) or always from the
     * last-layer weights the network had when this objective was made (reproducible per point).
     */
    public ReducedObjective warmStart(boolean on) {
        this.warmStart = on;
        return this;
    }

    /**
     * Solves the inner problem with the features of the last {@code batches} batches (given by
     * {@link #setBatch}) beside the current one and the proximal weight {@code lambda} toward the
     * previous solution; {@code (0, 0)} is the plain inner problem (the default).
     */
    public ReducedObjective memory(int batches, double lambda) {
        if (batches < 0) throw new IllegalArgumentException("memory must be >= 0 batches, got " + batches);
        if (!(lambda >= 0) || !Double.isFinite(lambda)) throw new IllegalArgumentException("proximal weight must be >= 0 and finite, got " + lambda);
        this.memoryBatches = batches;
        this.proximal = lambda;
        return this;
    }

    @Override
    public int dimension() {
        return net.hiddenSize();
    }

    @Override
    public double valueAndGradient(double[] rawHidden, double[] grad) {
        evaluations++;
        workUnits += batch.size();
        net.setHiddenRaw(rawHidden);
        InnerResult r;
        long t0 = System.nanoTime();
        try {
            InnerProblem p;
            if (memoryBatches == 0 && proximal == 0) {
                p = InnerProblem.of(engine, net, batch, previous);   // its buffers reused
                previous = p;
            } else {
                current = engine.features(net, batch);
                java.util.List<BatchDerivatives.Features> parts = new java.util.ArrayList<>(memory);
                parts.add(current);
                p = InnerProblem.of(parts, net.quadratic());
                if (proximal > 0) p.proximal(proximal, wWarm);
            }
            r = solver.solve(p, wWarm);
        } catch (InfeasibleProblemException e) {
            failures++;
            return Double.POSITIVE_INFINITY;
        } finally {
            innerSeconds += (System.nanoTime() - t0) * 1e-9;
        }
        newtonSteps += r.newtonSteps();
        last = r;
        net.setLast(r.w());
        if (cache.size() == CACHE) cache.removeFirst();
        cache.addLast(new double[][] {rawHidden.clone(), r.w().clone()});
        if (warmStart) wWarm = r.w().clone();
        double j;
        try {
            j = loss.valueAndGradient(net, batch, full);
        } catch (NotPositiveDefiniteException e) {
            failures++;
            return Double.POSITIVE_INFINITY;
        }
        net.rawGradient(rawHidden, full, full);
        System.arraycopy(full, 0, grad, 0, grad.length);
        if (barrierAugmented) {
            double[] w = r.w();
            double b = 0;
            int off = net.hiddenSize();
            for (int k = 0; k < w.length; k++) {
                if (net.isNonnegative(off + k) && (net.quadratic() || off + k != net.offsetWq())) b -= Math.log(w[k]);
            }
            j += b / r.t();
        }
        return j;
    }

    /**
     * Puts the network at hidden parameters {@code rawHidden} and their inner solution: from the
     * record of recent evaluations if this point was evaluated (an optimizer's accepted point
     * need not be the last one evaluated), otherwise by a new evaluation (counted as work).
     */
    public void restore(double[] rawHidden) {
        for (java.util.Iterator<double[][]> it = cache.descendingIterator(); it.hasNext(); ) {
            double[][] e = it.next();
            if (java.util.Arrays.equals(e[0], rawHidden)) {
                net.setHiddenRaw(rawHidden);
                net.setLast(e[1]);
                if (warmStart) wWarm = e[1].clone();
                return;
            }
        }
        valueAndGradient(rawHidden, new double[rawHidden.length]);
    }

    /**
     * Changes the batch (Adam VarPro draws a new one every step); the warm start is kept. With a
     * {@link #memory}, the features of the previous batch's last evaluation join the memory.
     */
    public void setBatch(Samples batch) {
        if (batch.dim() != net.inputDim())
            throw new IllegalArgumentException("batch has dimension " + batch.dim() + " but the model expects " + net.inputDim());
        this.batch = batch;
        cache.clear();
        if (memoryBatches > 0 && current != null) {
            memory.addLast(current);
            while (memory.size() > memoryBatches) memory.removeFirst();
        }
        current = null;
    }

    /** The last inner solve (null before the first evaluation). */
    public InnerResult lastInner() { return last; }

    public long evaluations() { return evaluations; }

    /** Work units so far: batch size per evaluation. */
    public long workUnits() { return workUnits; }

    /** Inner Newton steps so far. */
    public long newtonSteps() { return newtonSteps; }

    /** Seconds spent in inner solves (including the feature pass). */
    public double innerSeconds() { return innerSeconds; }

    /** Evaluations that returned +∞ (infeasible inner problem or non-PD Hessian). */
    public long failures() { return failures; }

    public Samples batch() { return batch; }
}
