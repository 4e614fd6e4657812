package org.icnnvarpro.inner;

/**
 * An independent reference solver for tests: Bertsekas's projected Newton method (1982) for
 * {@code min J(v) s.t. v_k ≥ 0 (k ∈ C)}. It works on the boundary itself (no barrier): the
 * constrained coordinates that sit at (or within ε of) 0 with a positive gradient are moved by
 * a projected gradient step, the others by a Newton step on their block of the Hessian, and the
 * step along the projection arc {@code v(s) = P[v − s D ∇J]} is chosen by the Armijo rule.
 * The Newton block is solved by its own Gaussian elimination, not by the solvers' Cholesky.
 */
final class ProjectedNewtonReference {
    int iterations;
    double projectedGradientNorm;

    /** Runs from a feasible {@code v} (modified in place) until ‖v − P[v − ∇J]‖ &lt; tol. */
    double solve(InnerProblem p, double[] v, double tol, int maxIter) {
        int P = p.size();
        double[] g = new double[P], h = new double[P * P], dir = new double[P], trial = new double[P];
        boolean[] fixed = new boolean[P];
        double J = Double.NaN;
        for (iterations = 0; iterations < maxIter; iterations++) {
            J = p.valueGradientHessian(v, g, h);
            if (!(J < Double.POSITIVE_INFINITY)) throw new IllegalStateException("reference iterate infeasible");
            double pg = 0;
            for (int i = 0; i < P; i++) {
                double r = p.isConstrained(i) ? v[i] - Math.max(0, v[i] - g[i]) : g[i];
                pg += r * r;
            }
            projectedGradientNorm = Math.sqrt(pg);
            if (projectedGradientNorm < tol) break;
            double eps = Math.min(1e-3, projectedGradientNorm);
            for (int i = 0; i < P; i++) fixed[i] = p.isConstrained(i) && v[i] <= eps && g[i] > 0;
            // Newton on the free block, gradient on the fixed block
            int nf = 0;
            int[] idx = new int[P];
            for (int i = 0; i < P; i++) if (!fixed[i]) idx[nf++] = i;
            double[][] a = new double[nf][nf + 1];
            for (int r = 0; r < nf; r++) {
                for (int c = 0; c < nf; c++) a[r][c] = h[idx[r] * P + idx[c]];
                a[r][nf] = g[idx[r]];
            }
            double[] sol = gauss(a, nf);
            for (int i = 0; i < P; i++) dir[i] = fixed[i] ? g[i] : 0.0;
            for (int r = 0; r < nf; r++) dir[idx[r]] = sol[r];
            double s = 1;
            boolean ok = false;
            for (int k = 0; k < 100; k++, s *= 0.5) {
                double dec = 0;
                for (int i = 0; i < P; i++) {
                    trial[i] = v[i] - s * dir[i];
                    if (p.isConstrained(i) && trial[i] < 0) trial[i] = 0;
                    dec += fixed[i] ? g[i] * (v[i] - trial[i]) : s * g[i] * dir[i];
                }
                double jt = p.value(trial);
                if (jt < Double.POSITIVE_INFINITY && J - jt >= 1e-4 * dec) {
                    ok = true;
                    break;
                }
            }
            if (!ok) break;   // at rounding level
            System.arraycopy(trial, 0, v, 0, P);
        }
        return p.value(v);
    }

    /** Gaussian elimination with partial pivoting on the augmented n × (n+1) matrix. */
    private static double[] gauss(double[][] a, int n) {
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= n; k++) a[r][k] -= f * a[c][k];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int k = r + 1; k < n; k++) s -= a[r][k] * x[k];
            x[r] = s / a[r][r];
        }
        return x;
    }
}
