package org.icnnvarpro.flow;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.icnnvarpro.data.Samples;

/**
 * The outcome of {@link Generator#apply}: for each reference sample {@code z_j} either a
 * preimage {@code x_j} with {@code ‖∇Φ(x_j) − z_j‖ ≤ tol_j}, or a reason why none was found.
 *
 * <p>Only {@link #converged()} holds generated samples. The last iterate of a sample that did not
 * converge is available through {@link #lastIterate(int)} for diagnosis only: it is <em>not</em>
 * a sample of the model. For the thesis's model ({@code w_q = 0}) {@code ∇Φ} is bounded, so
 * reference samples outside its range have no preimage at all and are reported here, typically as
 * {@link Status#DIVERGED}.
 */
public final class GeneratorResult {
    /** Why the iteration for one sample stopped. */
    public enum Status {
        /** {@code ‖∇Φ(x) − z‖ ≤ tol}: {@code x} is a preimage of {@code z}. */
        CONVERGED,
        /** The iteration limit was reached with the residual still above the tolerance. */
        MAX_ITERATIONS,
        /**
         * An accepted iterate left the ball {@code ‖x‖ ≤ R} while the objective {@code Φ(x) − z·x}
         * kept decreasing: the objective is (numerically) unbounded below along the iteration, so
         * {@code z} lies outside the range of {@code ∇Φ}. With {@code w_q > 0} the radius is chosen
         * so that this cannot happen to a sample that has a preimage.
         */
        DIVERGED,
        /** The line search found no acceptable step: the residual stalls above the tolerance. */
        STALLED,
        /** The potential, its gradient or its Hessian was not finite at an iterate. */
        NON_FINITE;

        /** True only for {@link #CONVERGED}. */
        public boolean converged() { return this == CONVERGED; }
    }

    private final Samples z;
    private final double[] x;
    private final Status[] status;
    private final int[] iterations;
    private final double[] residual, tolerance, errorBound;
    private final int evaluations;
    private final long evaluatedPoints;

    GeneratorResult(Samples z, double[] x, Status[] status, int[] iterations, double[] residual, double[] tolerance,
            double[] errorBound, int evaluations, long evaluatedPoints) {
        this.z = z;
        this.x = x;
        this.status = status;
        this.iterations = iterations;
        this.residual = residual;
        this.tolerance = tolerance;
        this.errorBound = errorBound;
        this.evaluations = evaluations;
        this.evaluatedPoints = evaluatedPoints;
    }

    /** Number of reference samples {@code N}. */
    public int size() { return z.size(); }

    /** Dimension {@code d}. */
    public int dim() { return z.dim(); }

    /** The reference samples {@code z} (all of them, in the order given). */
    public Samples reference() { return z; }

    /** The generated samples: {@code x_j} for the converged {@code j} only, in increasing order of {@code j}. */
    public Samples converged() { return Samples.wrap(convergedCount(), dim(), gather(convergedIndices(), x)); }

    /** The reference samples {@code z_j} whose preimage was found (same order as {@link #converged()}). */
    public Samples convergedReference() { return z.select(convergedIndices()); }

    /** The reference samples {@code z_j} for which no preimage was found. */
    public Samples notConvergedReference() { return z.select(notConvergedIndices()); }

    /** Indices {@code j} with status {@link Status#CONVERGED}, increasing. */
    public int[] convergedIndices() { return indices(true); }

    /** Indices {@code j} with any other status, increasing. */
    public int[] notConvergedIndices() { return indices(false); }

    public int convergedCount() {
        int c = 0;
        for (Status s : status) if (s.converged()) c++;
        return c;
    }

    public int notConvergedCount() { return size() - convergedCount(); }

    public boolean allConverged() { return notConvergedCount() == 0; }

    /** Why sample {@code j} stopped. */
    public Status status(int j) { return status[j]; }

    /** Number of accepted Newton steps for sample {@code j}. */
    public int iterations(int j) { return iterations[j]; }

    /** {@code ‖∇Φ(x_j) − z_j‖} at the last iterate. */
    public double residual(int j) { return residual[j]; }

    /** The tolerance {@code tol_j} that sample {@code j} was held to. */
    public double tolerance(int j) { return tolerance[j]; }

    /**
     * A certified bound on the distance of the last iterate to the true preimage:
     * {@code ‖x_j − x*_j‖ ≤ ‖∇Φ(x_j) − z_j‖ / w_q}, because {@code ∇Φ} is {@code w_q}-strongly
     * monotone. {@code +∞} when {@code w_q = 0} (no such bound exists).
     */
    public double errorBound(int j) { return errorBound[j]; }

    /**
     * The last iterate of sample {@code j}. For a sample that did not converge this is a
     * diagnostic only, not a sample of the model.
     */
    public double[] lastIterate(int j) { return Arrays.copyOfRange(x, j * dim(), (j + 1) * dim()); }

    /** The largest number of Newton steps any converged sample needed (0 if none converged). */
    public int maxIterationsConverged() {
        int m = 0;
        for (int j = 0; j < size(); j++) if (status[j].converged()) m = Math.max(m, iterations[j]);
        return m;
    }

    /** The largest residual {@code ‖∇Φ(x_j) − z_j‖} over the converged samples (0 if none converged). */
    public double maxResidualConverged() {
        double m = 0;
        for (int j = 0; j < size(); j++) if (status[j].converged()) m = Math.max(m, residual[j]);
        return m;
    }

    /** How many samples ended with each status (statuses with count 0 are omitted). */
    public Map<Status, Integer> statusCounts() {
        Map<Status, Integer> m = new EnumMap<>(Status.class);
        for (Status s : status) m.merge(s, 1, Integer::sum);
        return m;
    }

    /** Number of batched network evaluations ({@code BatchDerivatives.evaluate} calls). */
    public int evaluations() { return evaluations; }

    /** Total number of points evaluated over all batched calls. */
    public long evaluatedPoints() { return evaluatedPoints; }

    /**
     * All generated samples, in the order of the reference samples.
     *
     * @throws IllegalStateException if some sample did not converge (the message is {@link #summary()})
     */
    public Samples requireAllConverged() {
        if (!allConverged()) throw new IllegalStateException("the generator did not converge for every sample: " + summary());
        return Samples.wrap(size(), dim(), x.clone());
    }

    /** One line: counts by status, the largest iteration count and residual of the converged samples. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(convergedCount()).append(" of ").append(size()).append(" converged");
        if (notConvergedCount() > 0) {
            sb.append(", ").append(notConvergedCount()).append(" did not (");
            boolean first = true;
            for (Map.Entry<Status, Integer> e : statusCounts().entrySet()) {
                if (e.getKey().converged()) continue;
                if (!first) sb.append(", ");
                sb.append(e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(' ').append(e.getValue());
                first = false;
            }
            sb.append(')');
        }
        sb.append(String.format(Locale.ROOT, "; converged samples: at most %d Newton steps, max residual %.3e",
                maxIterationsConverged(), maxResidualConverged()));
        sb.append("; ").append(evaluations).append(" batched evaluations of ").append(evaluatedPoints).append(" points");
        return sb.toString();
    }

    @Override
    public String toString() { return "GeneratorResult[" + summary() + "]"; }

    private int[] indices(boolean converged) {
        int c = converged ? convergedCount() : notConvergedCount();
        int[] idx = new int[c];
        int k = 0;
        for (int j = 0; j < size(); j++) if (status[j].converged() == converged) idx[k++] = j;
        return idx;
    }

    private double[] gather(int[] idx, double[] rows) {
        int d = dim();
        double[] out = new double[idx.length * d];
        for (int i = 0; i < idx.length; i++) System.arraycopy(rows, idx[i] * d, out, i * d, d);
        return out;
    }
}
