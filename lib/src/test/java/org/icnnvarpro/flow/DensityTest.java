package org.icnnvarpro.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.model.Activation;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.train.Budget;
import org.icnnvarpro.train.Scheme;
import org.icnnvarpro.train.Trainer;
import org.icnnvarpro.train.TrainingConfig;
import org.junit.jupiter.api.Test;

class DensityTest {

    /** Fine spacing {@code h} on [−c, c], coarse spacing {@code H} out to ±outer. */
    static double[] axis(double c, double h, double outer, double bigH) {
        java.util.List<Double> v = new java.util.ArrayList<>();
        int nOut = (int) Math.ceil((outer - c) / bigH);
        for (int i = nOut; i > 0; i--) v.add(-c - i * (outer - c) / nOut);
        int nIn = (int) Math.ceil(2 * c / h);
        for (int i = 0; i <= nIn; i++) v.add(-c + i * 2 * c / nIn);
        for (int i = 1; i <= nOut; i++) v.add(c + i * (outer - c) / nOut);
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double integral(Icnn net, double c, double h, double outer) {
        double[] g = axis(c, h, outer, 0.25);
        return Density.trapezoid(g, g, new Density(net).densityGrid(g, g));
    }

    @Test
    void untrainedRandomModelsAreNormalized() {
        // any strongly convex Φ: ∇Φ is a bijection, so ρ is a probability density whatever the weights
        for (Activation act : Activation.values()) {
            Icnn net = FlowTestModels.random(2, act, 0.5, 21);
            double s = integral(net, 6, 0.04, 16);
            System.out.printf("untrained random model, %s, w_q = 0.5: integral of rho = %.6f%n", act, s);
            assertEquals(1.0, s, 1e-2);
        }
        Icnn init = Icnn.builder(2).hidden(32, 32, 32, 32).seed(4).build();
        double s = integral(init, 6, 0.05, 10);
        System.out.printf("freshly initialized 4x32 model: integral of rho = %.6f%n", s);
        assertEquals(1.0, s, 1e-2);
    }

    @Test
    void trainedModelIsNormalized() {
        Samples train = Datasets.moons(2048, 0.05, 1);
        Samples val = Datasets.moons(512, 0.05, 2);
        Icnn net = Icnn.builder(2).hidden(32, 32).quadratic(true).seed(1).build();
        long t0 = System.nanoTime();
        Icnn best = new Trainer(TrainingConfig.of(Scheme.FULL_ADAM, Budget.workUnits(60_000))).train(net, train, val).best();
        System.out.printf("trained model: w_q = %.4f, training %.1f s%n", best.wq(), (System.nanoTime() - t0) * 1e-9);
        double s = integral(best, 4, 0.025, 20);
        System.out.printf("trained model (w_q = %.4f): integral of rho = %.6f%n", best.wq(), s);
        assertEquals(1.0, s, 1e-2);
        // and the density is where the data are: mean log ρ on held-out data beats the standard normal's
        Samples test = Datasets.moons(1000, 0.05, 3);
        double[] lr = new Density(best).logDensity(test);
        double mean = java.util.Arrays.stream(lr).average().orElseThrow();
        System.out.printf("  mean log density on held-out moons: %.4f%n", mean);
        assertTrue(mean > -Math.log(2 * Math.PI) - 0.5 * 1.2, "mean log density on test data " + mean);
    }

    @Test
    void thesisModelMassIsTheProbabilityOfTheRange() {
        // w_q = 0: ∫ρ = P(z ∈ range ∇Φ) < 1, estimated independently by the generator's verdicts
        // small w_u: the range of ∇Φ = w_x + J_ℓᵀ w_u is a bounded set of about unit size
        Icnn net = FlowTestModels.random(2, Activation.SOFTPLUS, 0.0, 0.15, 7);
        double s = integral(net, 8, 0.04, 40);
        Samples z = Datasets.gaussian(8000, new double[2], 1.0, 11);
        GeneratorResult res = new Generator(net).apply(z);
        double p = res.convergedCount() / (double) z.size();
        System.out.printf("thesis model: integral of rho = %.4f, fraction of z with a preimage = %.4f (%s)%n", s, p, res.summary());
        assertTrue(s < 0.999, "integral " + s);
        assertEquals(p, s, 0.02);
    }

    @Test
    void closedFormGaussian() {
        // Φ = ½ w_q‖x‖² + w_x·x  ⇒  ρ = N(−w_x/w_q, w_q⁻² I)
        int d = 3;
        Icnn net = Icnn.builder(d).hidden(5).seed(3).build();
        double wq = 1.7;
        double[] wx = {0.3, -0.8, 1.1};
        double[] last = new double[net.lastSize()];
        System.arraycopy(wx, 0, last, 5, d);
        last[5 + d] = wq;
        net.setLast(last);
        Samples x = Datasets.gaussian(100, new double[d], 1.5, 2);
        double[] got = new Density(net).logDensity(x);
        double var = 1 / (wq * wq);
        for (int j = 0; j < x.size(); j++) {
            double q = 0;
            for (int a = 0; a < d; a++) {
                double v = x.get(j, a) + wx[a] / wq;
                q += v * v;
            }
            double expected = -0.5 * q / var - 0.5 * d * Math.log(2 * Math.PI * var);
            assertEquals(expected, got[j], 1e-12 * (1 + Math.abs(expected)));
        }
    }

    @Test
    void gridMatchesPointwiseAndRequires2d() {
        Icnn net = FlowTestModels.random(2, Activation.SMOOTH_RELU, 0.3, 2);
        double[] xs = {-1, 0, 0.5}, ys = {2, 3};
        double[][] v = new Density(net).logDensityGrid(xs, ys);
        double[] pts = new Density(net).logDensity(Samples.of(new double[][] {{-1, 2}, {0, 2}, {0.5, 2}, {-1, 3}, {0, 3}, {0.5, 3}}));
        assertArrayEquals(new double[] {pts[0], pts[1], pts[2]}, v[0], 0.0);
        assertArrayEquals(new double[] {pts[3], pts[4], pts[5]}, v[1], 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Density(FlowTestModels.random(3, Activation.SOFTPLUS, 0.3, 2)).densityGrid(xs, ys));
        assertTrue(e.getMessage().contains("2-D"), e.getMessage());
    }

    @Test
    void trapezoidIsExactForBilinearFunctionsOnUnevenGrids() {
        double[] xs = {0, 0.1, 0.5, 2}, ys = {-1, 0.3, 1};
        double[][] v = new double[3][4];
        for (int iy = 0; iy < 3; iy++) for (int ix = 0; ix < 4; ix++) v[iy][ix] = 1 + 2 * xs[ix] - ys[iy] + 3 * xs[ix] * ys[iy];
        // ∫_0^2 ∫_-1^1 (1 + 2x − y + 3xy) dy dx = ∫ (2 + 4x) dx = 4 + 8 = 12
        assertEquals(12.0, Density.trapezoid(xs, ys, v), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Density.trapezoid(new double[] {0, 0, 1, 2}, ys, v));
        assertThrows(IllegalArgumentException.class, () -> Density.trapezoid(xs, new double[] {0, 1}, v));
    }
}
