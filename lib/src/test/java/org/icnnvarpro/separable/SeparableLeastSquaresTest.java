package org.icnnvarpro.separable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.icnnvarpro.check.TaylorCheck;
import org.icnnvarpro.optim.Lbfgs;
import org.junit.jupiter.api.Test;

class SeparableLeastSquaresTest {
    static final double[] LAMBDA = {0.4, 1.5, 5}, C = {1, -0.5, 0.8};
    final ExponentialSum model = new ExponentialSum(3);
    final double[] t = ExponentialSum.times(60, 4);

    @Test
    void noiselessDataAreFittedExactlyAtTheTrueRates() {
        SeparableLeastSquares ls = new SeparableLeastSquares(model, t, model.values(LAMBDA, C, t));
        assertArrayEquals(C, ls.linearFit(LAMBDA), 1e-10);
        assertEquals(0, ls.reduced(LAMBDA), 1e-24);
    }

    @Test
    void reducedGradientPassesTheTaylorTestAndEqualsThePartialGradientOfTheFullProblem() {
        SeparableLeastSquares ls = new SeparableLeastSquares(model, t, model.sample(LAMBDA, C, t, 1e-2, 3));
        double[] lam = {0.7, 2.1, 4.2}, g = new double[3];
        ls.reducedGradient(lam, g);
        double[] dir = TaylorCheck.randomDirection(3, 4);
        double claimed = 0;
        for (int k = 0; k < 3; k++) claimed += g[k] * dir[k];
        TaylorCheck.Table table = TaylorCheck.run("J_red", p -> new double[] {ls.reduced(p)}, lam, dir, new double[] {claimed}, 0.5, 12);
        assertTrue(table.verdict().confirmed(), table + "\n" + table.verdict());
        // ∇J_red(λ) = ∂J/∂λ at c = c(λ): the full objective's λ-part there, and its c-part vanishes
        double[] theta = new double[6], full = new double[6];
        System.arraycopy(lam, 0, theta, 0, 3);
        System.arraycopy(ls.linearFit(lam), 0, theta, 3, 3);
        ls.fullObjective().valueAndGradient(theta, full);
        for (int k = 0; k < 3; k++) {
            assertEquals(g[k], full[k], 1e-12);
            assertEquals(0, full[3 + k], 1e-10);
        }
    }

    @Test
    void varproNeedsFewerIterationsThanTheFullProblemOnTheDefaultPrimer() {
        SeparableLeastSquares ls = new SeparableLeastSquares(model, t, model.sample(LAMBDA, C, t, 1e-3, 0));
        SeparableLeastSquares.Comparison c = ls.compare(new double[] {0.2, 1, 3}, new Lbfgs(), 500);
        assertEquals(c.full().values()[0], c.reduced().values()[0], 1e-15);
        double best = Math.min(c.full().value(), c.reduced().value());
        int reduced = c.reduced().iterationsTo(1.01 * best);
        assertTrue(reduced > 0 && reduced < 40, "reduced: " + reduced);
        int full = c.full().iterationsTo(1.01 * best);
        assertTrue(full < 0 || full > 2 * reduced, "full " + full + " vs reduced " + reduced);
    }
}
