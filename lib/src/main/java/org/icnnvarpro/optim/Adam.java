package org.icnnvarpro.optim;

import java.util.Arrays;

/**
 * Adam (Kingma &amp; Ba) exactly as PyTorch's {@code torch.optim.Adam} computes it (no weight decay,
 * no AMSGrad). With gradient {@code g_k} at step {@code k = 1, 2, …}:
 *
 * <pre>
 *   m_k = β₁ m_{k-1} + (1 − β₁) g_k                       (first moment,  m_0 = 0)
 *   v_k = β₂ v_{k-1} + (1 − β₂) g_k ⊙ g_k                 (second moment, v_0 = 0)
 *   x_k = x_{k-1} − (α / (1 − β₁^k)) · m_k / (√v_k / √(1 − β₂^k) + ε)
 * </pre>
 *
 * (element-wise), i.e. {@code x −= α m̂/(√v̂ + ε)} with bias-corrected moments
 * {@code m̂ = m/(1−β₁^k)}, {@code v̂ = v/(1−β₂^k)}, evaluated in PyTorch's order of operations.
 *
 * <p>Defaults: {@code α = 0.05} (the thesis's learning rate), {@code β₁ = 0.9}, {@code β₂ = 0.999},
 * {@code ε = 1e-8}. An {@code Adam} instance holds the moment state of one parameter vector; the
 * {@code with…} methods return a new optimizer with fresh state. Not thread-safe.
 */
public final class Adam {
    public static final double DEFAULT_LEARNING_RATE = 0.05;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;

    private double[] m;   // first moment, allocated on the first step
    private double[] v;   // second moment
    private int steps;

    /** Adam with the defaults {@code α = 0.05, β₁ = 0.9, β₂ = 0.999, ε = 1e-8}. */
    public Adam() {
        this(DEFAULT_LEARNING_RATE, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    /**
     * @throws IllegalArgumentException unless {@code lr > 0}, {@code 0 ≤ β₁, β₂ < 1},
     *                                  {@code eps > 0}, all finite
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate))
            throw new IllegalArgumentException("learning rate must be > 0 and finite, got " + learningRate);
        if (!(beta1 >= 0 && beta1 < 1))
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1))
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(epsilon > 0) || !Double.isFinite(epsilon))
            throw new IllegalArgumentException("epsilon must be > 0 and finite, got " + epsilon);
        this.lr = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = epsilon;
    }

    /** A new optimizer (fresh state) with learning rate {@code α}, other settings kept. */
    public Adam withLearningRate(double learningRate) {
        return new Adam(learningRate, beta1, beta2, eps);
    }

    /** A new optimizer (fresh state) with moment decay rates {@code β₁, β₂}, other settings kept. */
    public Adam withBetas(double beta1, double beta2) {
        return new Adam(lr, beta1, beta2, eps);
    }

    /** A new optimizer (fresh state) with denominator guard {@code ε}, other settings kept. */
    public Adam withEpsilon(double epsilon) {
        return new Adam(lr, beta1, beta2, epsilon);
    }

    public double learningRate() { return lr; }
    public double beta1() { return beta1; }
    public double beta2() { return beta2; }
    public double epsilon() { return eps; }

    /** Number of steps taken since construction or the last {@link #reset()}. */
    public int steps() {
        return steps;
    }

    /** Forgets the moments and the step count; the next step is step 1 again (any dimension). */
    public void reset() {
        steps = 0;
        if (m != null) {
            Arrays.fill(m, 0);
            Arrays.fill(v, 0);
        }
    }

    /**
     * One Adam update of {@code x} in place with gradient {@code grad} (see the class comment).
     * The dimension is fixed by the first step after construction or {@link #reset()}.
     *
     * @throws IllegalArgumentException if the lengths differ from each other or from earlier steps
     * @throws OptimizationException    if {@code grad} has a NaN or infinite entry; then {@code x}
     *                                  and the optimizer state are left unchanged
     */
    public void step(double[] x, double[] grad) {
        if (x == null || grad == null) throw new IllegalArgumentException("x and grad must not be null");
        if (grad.length != x.length)
            throw new IllegalArgumentException("gradient has length " + grad.length + ", x has length " + x.length);
        if (m == null || (steps == 0 && m.length != x.length)) {
            m = new double[x.length];
            v = new double[x.length];
        } else if (m.length != x.length) {
            throw new IllegalArgumentException("x has length " + x.length
                    + " but this optimizer was stepping a vector of length " + m.length + " (call reset() first)");
        }
        int bad = Vectors.firstNonFinite(grad);
        if (bad >= 0)
            throw new OptimizationException("Adam step " + (steps + 1) + ": gradient entry " + bad + " is "
                    + grad[bad] + "; x left unchanged");
        int k = steps + 1;
        double biasCorrection1 = 1 - Math.pow(beta1, k);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, k));
        double stepSize = lr / biasCorrection1;
        for (int i = 0; i < x.length; i++) {
            double g = grad[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            x[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / biasCorrection2Sqrt + eps);
        }
        steps = k;
    }

    /**
     * Runs {@code iterations} Adam steps on {@code f} from {@code x0} with a fresh optimizer of
     * this configuration (this instance's state is neither used nor changed), then evaluates
     * {@code f} once more at the final point. {@code x0} is not modified.
     *
     * @return the final point, its value and gradient norm; {@code evaluations = iterations + 1}
     * @throws OptimizationException if {@code f} or its gradient is not finite at some iterate
     */
    public Result minimize(Objective f, double[] x0, int iterations) {
        if (f == null) throw new IllegalArgumentException("objective is null");
        if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        Vectors.requireLength("x0", x0, f.dimension());
        Adam adam = new Adam(lr, beta1, beta2, eps);
        double[] x = x0.clone();
        double[] g = new double[x.length];
        for (int k = 0; k < iterations; k++) {
            double fx = f.valueAndGradient(x, g);
            if (!Double.isFinite(fx))
                throw new OptimizationException("Adam: objective is " + fx + " at iterate " + k);
            adam.step(x, g);
        }
        double fx = f.valueAndGradient(x, g);
        if (!Double.isFinite(fx))
            throw new OptimizationException("Adam: objective is " + fx + " at the final iterate " + iterations);
        int bad = Vectors.firstNonFinite(g);
        if (bad >= 0)
            throw new OptimizationException("Adam: gradient entry " + bad + " is " + g[bad] + " at the final iterate");
        return new Result(x, fx, Vectors.norm2(g), iterations, iterations + 1L);
    }

    /**
     * Outcome of {@link #minimize}.
     *
     * @param x            the final iterate
     * @param value        {@code f(x)}
     * @param gradientNorm Euclidean norm {@code ‖∇f(x)‖₂}
     * @param iterations   Adam steps taken
     * @param evaluations  objective evaluations (value + gradient) made
     */
    public record Result(double[] x, double value, double gradientNorm, int iterations, long evaluations) {}
}
