package org.icnnvarpro.optim;

/**
 * Strong-Wolfe line search, a port of PyTorch's {@code torch.optim.lbfgs._strong_wolfe}
 * (Nocedal &amp; Wright, Algorithms 3.5/3.6: bracketing, then zoom by safeguarded cubic
 * interpolation). Searches {@code φ(t) = f(x + t d)} for a step {@code t} with
 *
 * <pre>
 *   φ(t) ≤ φ(0) + c₁ t φ'(0)      (sufficient decrease)
 *   |φ'(t)| ≤ c₂ |φ'(0)|         (strong curvature)
 * </pre>
 *
 * Differences from PyTorch, all deliberate:
 * <ul>
 *   <li>at most {@code maxEvaluations} evaluations in total (PyTorch allows {@code max_ls + 1});
 *       the last bracketing point is tested before giving up;</li>
 *   <li>a trial point where {@code f} or any gradient entry is non-finite is treated as a step that
 *       is too long: it becomes the upper end of the bracket with {@code φ = +∞}, and while that end
 *       is non-finite, the next trial is {@code t_lo + 0.1 (t_hi − t_lo)} instead of a cubic step;</li>
 *   <li>a non-finite cubic interpolant (degenerate data) falls back to bisection.</li>
 * </ul>
 * All buffers are allocated once; a search allocates nothing.
 */
final class StrongWolfeLineSearch {
    private final int n;
    private final double c1;
    private final double c2;
    private final int maxEvaluations;
    private final double tolerance;

    private final double[] xTrial;
    private final double[] gEval;
    private final double[] gPrev;
    private final double[][] bracketG;
    private final double[] bracketT = new double[2];
    private final double[] bracketF = new double[2];
    private final double[] bracketGtd = new double[2];

    // outcome of the last search
    private double step;
    private double value;
    private int low;          // index in bracketG of the returned gradient
    private boolean satisfied;
    private int evaluations;

    StrongWolfeLineSearch(int n, double c1, double c2, int maxEvaluations, double tolerance) {
        this.n = n;
        this.c1 = c1;
        this.c2 = c2;
        this.maxEvaluations = maxEvaluations;
        this.tolerance = tolerance;
        this.xTrial = new double[n];
        this.gEval = new double[n];
        this.gPrev = new double[n];
        this.bracketG = new double[][] {new double[n], new double[n]};
    }

    /** Step length found (the lowest bracket point if the conditions were not met). */
    double step() { return step; }

    /** {@code φ(step())}, finite. */
    double value() { return value; }

    /** {@code ∇f(x + step()·d)}; valid until the next search. */
    double[] gradient() { return bracketG[low]; }

    /** Whether {@code step()} satisfies the strong Wolfe conditions. */
    boolean satisfied() { return satisfied; }

    /** Objective evaluations made by the last search. */
    int evaluations() { return evaluations; }

    /**
     * Searches along {@code d} from {@code x}, where {@code f0 = f(x)}, {@code g0 = ∇f(x)} and
     * {@code gtd0 = g0ᵀd < 0}, starting with trial step {@code t0 > 0}. Inputs are not modified.
     */
    void search(Objective f, double[] x, double f0, double[] g0, double gtd0, double[] d, double t0) {
        double dNorm = Vectors.normInf(d);
        evaluations = 0;
        satisfied = false;

        double t = t0;
        double fNew = evaluate(f, x, t, d);
        double gtdNew = Double.isFinite(fNew) ? Vectors.dot(gEval, d) : Double.NaN;

        double tPrev = 0;
        double fPrev = f0;
        double gtdPrev = gtd0;
        System.arraycopy(g0, 0, gPrev, 0, n);
        int lsIter = 0;
        boolean bracketed = false;
        boolean single = false;

        // ---- bracketing phase
        while (true) {
            if (fNew > f0 + c1 * t * gtd0 || (lsIter > 1 && fNew >= fPrev)) {
                setBracket(tPrev, fPrev, gtdPrev, gPrev, t, fNew, gtdNew, gEval);
                bracketed = true;
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd0) {
                bracketT[0] = t;
                bracketF[0] = fNew;
                bracketGtd[0] = gtdNew;
                System.arraycopy(gEval, 0, bracketG[0], 0, n);
                satisfied = true;
                single = true;
                break;
            }
            if (gtdNew >= 0) {
                setBracket(tPrev, fPrev, gtdPrev, gPrev, t, fNew, gtdNew, gEval);
                bracketed = true;
                break;
            }
            if (evaluations >= maxEvaluations) break;
            // extrapolate: cubic minimizer of the last two points, kept in [t + 0.01 (t − tPrev), 10 t]
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tNext = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = t;
            fPrev = fNew;
            gtdPrev = gtdNew;
            System.arraycopy(gEval, 0, gPrev, 0, n);
            t = tNext;
            fNew = evaluate(f, x, t, d);
            gtdNew = Double.isFinite(fNew) ? Vectors.dot(gEval, d) : Double.NaN;
            lsIter++;
        }
        if (single) {
            finish(0);
            return;
        }
        if (!bracketed) {
            // evaluation budget spent while still extrapolating: return the better of 0 and t
            setBracket(0, f0, gtd0, g0, t, fNew, gtdNew, gEval);
        }

        // ---- zoom phase
        boolean insufficientProgress = false;
        int lo = bracketF[0] <= bracketF[1] ? 0 : 1;
        int hi = 1 - lo;
        while (!satisfied && evaluations < maxEvaluations) {
            double width = Math.abs(bracketT[1] - bracketT[0]);
            if (width * dNorm < tolerance
                    || width <= 4 * Math.ulp(Math.max(Math.abs(bracketT[0]), Math.abs(bracketT[1])))) {
                break;
            }
            double bMin = Math.min(bracketT[0], bracketT[1]);
            double bMax = Math.max(bracketT[0], bracketT[1]);
            if (!Double.isFinite(bracketF[hi])) {
                // the upper end is a failed (non-finite) point: shrink towards the good end
                t = bracketT[lo] + 0.1 * (bracketT[hi] - bracketT[lo]);
                insufficientProgress = false;
            } else {
                t = cubicInterpolate(bracketT[0], bracketF[0], bracketGtd[0],
                        bracketT[1], bracketF[1], bracketGtd[1], bMin, bMax);
                // safeguard: keep the trial at least 10% of the bracket away from its ends
                double eps = 0.1 * (bMax - bMin);
                if (Math.min(bMax - t, t - bMin) < eps) {
                    if (insufficientProgress || t >= bMax || t <= bMin) {
                        t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
                        insufficientProgress = false;
                    } else {
                        insufficientProgress = true;
                    }
                } else {
                    insufficientProgress = false;
                }
            }
            fNew = evaluate(f, x, t, d);
            gtdNew = Double.isFinite(fNew) ? Vectors.dot(gEval, d) : Double.NaN;

            if (fNew > f0 + c1 * t * gtd0 || fNew >= bracketF[lo]) {
                // sufficient decrease fails or no better than the low end: new high end
                store(hi, t, fNew, gtdNew, gEval);
                lo = bracketF[0] <= bracketF[1] ? 0 : 1;
                hi = 1 - lo;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd0) {
                    satisfied = true;
                } else if (gtdNew * (bracketT[hi] - bracketT[lo]) >= 0) {
                    // the minimizer lies between the new point and the old low end
                    store(hi, bracketT[lo], bracketF[lo], bracketGtd[lo], bracketG[lo]);
                }
                store(lo, t, fNew, gtdNew, gEval);
            }
        }
        finish(lo);
    }

    private void finish(int index) {
        low = index;
        step = bracketT[index];
        value = bracketF[index];
    }

    private void setBracket(double ta, double fa, double gtda, double[] ga,
                            double tb, double fb, double gtdb, double[] gb) {
        store(0, ta, fa, gtda, ga);
        store(1, tb, fb, gtdb, gb);
    }

    private void store(int i, double t, double f, double gtd, double[] g) {
        bracketT[i] = t;
        bracketF[i] = f;
        bracketGtd[i] = gtd;
        if (g != bracketG[i]) System.arraycopy(g, 0, bracketG[i], 0, n);
    }

    /**
     * Evaluates {@code f(x + t d)} into {@link #gEval}; returns {@code +∞} if the value or any
     * gradient entry is not finite (the point then counts as "too far").
     */
    private double evaluate(Objective f, double[] x, double t, double[] d) {
        for (int i = 0; i < n; i++) xTrial[i] = x[i] + t * d[i];
        double v = f.valueAndGradient(xTrial, gEval);
        evaluations++;
        if (!Double.isFinite(v) || Vectors.firstNonFinite(gEval) >= 0) return Double.POSITIVE_INFINITY;
        return v;
    }

    /**
     * Minimizer of the cubic interpolating {@code (x1, f1, g1)} and {@code (x2, f2, g2)} (values and
     * derivatives), clamped to {@code [lower, upper]}; the midpoint of the bounds if the cubic has
     * no minimizer or the data are degenerate. Same formula as PyTorch's {@code _cubic_interpolate}:
     *
     * <pre>
     *   d₁ = g₁ + g₂ − 3 (f₁ − f₂)/(x₁ − x₂),   d₂ = √(d₁² − g₁ g₂)
     *   t  = x₂ − (x₂ − x₁) (g₂ + d₂ − d₁)/(g₂ − g₁ + 2 d₂)     (for x₁ ≤ x₂, symmetric otherwise)
     * </pre>
     */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                                   double lower, double upper) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            if (Double.isFinite(minPos)) return Math.min(Math.max(minPos, lower), upper);
        }
        return (lower + upper) / 2;
    }
}
