package org.icnnvarpro.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.loss.SaaLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchDerivativesTest {

    static Samples data(int n, int d, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = scale * (2 * r.nextDouble() - 1);
        return Samples.wrap(n, d, x);
    }

    static Icnn randomNet(int d, int[] widths, Activation act, boolean quad, long seed) {
        Icnn net = Icnn.builder(d).hidden(widths).activation(act).quadratic(quad).seed(seed).build();
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        double[] raw = net.raw();
        for (int k = 0; k < raw.length; k++) raw[k] += 0.3 * (r.nextDouble() - 0.5);
        net.setRaw(raw);
        return net;
    }

    @ParameterizedTest
    @CsvSource({"1,SOFTPLUS,true", "2,SOFTPLUS,false", "2,SMOOTH_RELU,true", "5,SOFTPLUS,true", "5,SMOOTH_RELU,false"})
    void batchedDerivativesMatchNaiveReference(int d, Activation act, boolean quad) {
        Icnn net = randomNet(d, new int[] {7, 9, 6}, act, quad, 2);
        Samples x = data(600, d, 3, 2.0);
        BatchDerivatives.Evaluation ev = new BatchDerivatives(2, 64).evaluate(net, x);
        for (int j = 0; j < x.size(); j++) {
            ReferenceIcnn ref = new ReferenceIcnn(net, x.row(j));
            assertEquals(ref.phi, ev.potential[j], 1e-12 * Math.max(1, Math.abs(ref.phi)), "potential " + j);
            for (int a = 0; a < d; a++) {
                assertEquals(ref.grad[a], ev.gradient[j * d + a], 1e-12 * Math.max(1, Math.abs(ref.grad[a])), "gradient " + j);
                for (int b = 0; b < d; b++)
                    assertEquals(ref.hess[a][b], ev.hessian[(j * d + a) * d + b], 1e-12 * Math.max(1, Math.abs(ref.hess[a][b])), "hessian " + j);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1,SOFTPLUS,true", "2,SOFTPLUS,false", "3,SMOOTH_RELU,true", "5,SOFTPLUS,true"})
    void lossPathHessianEqualsForwardModeHessian(int d, Activation act, boolean quad) {
        // backward() assembles ∇²Φ from a backward row (Σ_i P_iᵀ diag(σ''⊙δ_i) P_i); evaluate() propagates
        // Hessian rows forward (docs/math.md §2) against the backward identity (§4.2): two different recurrences for the same matrix.
        Icnn net = randomNet(d, new int[] {7, 9, 6}, act, quad, 5);
        Samples x = data(300, d, 4, 2.0);
        BatchDerivatives.Evaluation ev = new BatchDerivatives(1, 64).evaluate(net, x);
        double[] gSeen = new double[x.size() * d], sSeen = new double[x.size() * d * d];
        new BatchDerivatives(2, 64).backward(net, x, (j, xs, xo, g, S, gBar, SBar, scratch) -> {
            System.arraycopy(g, 0, gSeen, j * d, d);
            System.arraycopy(S, 0, sSeen, j * d * d, d * d);
            return 0;
        }, null);
        for (int q = 0; q < gSeen.length; q++)
            assertEquals(ev.gradient[q], gSeen[q], 1e-13 * Math.max(1, Math.abs(ev.gradient[q])), "gradient entry " + q);
        for (int q = 0; q < sSeen.length; q++)
            assertEquals(ev.hessian[q], sSeen[q], 1e-13 * Math.max(1, Math.abs(ev.hessian[q])), "Hessian entry " + q);
    }

    @Test
    void weightGradientMatchesCentralDifferences() {
        int d = 2;
        Icnn net = randomNet(d, new int[] {4, 5}, Activation.SOFTPLUS, true, 9);
        Samples x = data(40, d, 10, 1.5);
        SaaLoss loss = new SaaLoss(new BatchDerivatives(1, 16));
        double[] g = new double[net.size()];
        loss.valueAndGradient(net, x, g);
        double[] w = net.weights();
        double eps = 1e-6;
        for (int k = 0; k < net.size(); k++) {
            double w0 = w[k];
            w[k] = w0 + eps;
            double fp = loss.value(net, x);
            w[k] = w0 - eps;
            double fm = loss.value(net, x);
            w[k] = w0;
            double fd = (fp - fm) / (2 * eps);
            assertEquals(fd, g[k], 1e-7 * Math.max(1, Math.abs(fd)), "dJ/d " + net.describe(k));
        }
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        Icnn net = randomNet(2, new int[] {32, 32, 32, 32}, Activation.SOFTPLUS, false, 4);
        Samples x = data(3000, 2, 5, 1.0);
        double[] g1 = new double[net.size()], g2 = new double[net.size()];
        double j1 = new SaaLoss(new BatchDerivatives(1, 256)).valueAndGradient(net, x, g1);
        double j2 = new SaaLoss(new BatchDerivatives(2, 256)).valueAndGradient(net, x, g2);
        assertEquals(j1, j2, 0.0);
        assertArrayEquals(g1, g2, 0.0);
        // and a different chunking agrees to rounding
        double[] g3 = new double[net.size()];
        double j3 = new SaaLoss(new BatchDerivatives(2, 100)).valueAndGradient(net, x, g3);
        assertEquals(j1, j3, 1e-12 * Math.abs(j1));
        for (int k = 0; k < g1.length; k++) assertEquals(g1[k], g3[k], 1e-11 * Math.max(1, Math.abs(g1[k])));
    }

    @Test
    void hessianIsPositiveSemidefiniteAndPotentialConvexAlongLines() {
        SplittableRandom r = new SplittableRandom(77);
        for (int trial = 0; trial < 20; trial++) {
            int d = 1 + trial % 5;
            Icnn net = randomNet(d, new int[] {6, 6, 6}, trial % 2 == 0 ? Activation.SOFTPLUS : Activation.SMOOTH_RELU, false, trial);
            // larger random weights to stress convexity
            double[] raw = net.raw();
            for (int k = 0; k < raw.length; k++) raw[k] += 2 * (r.nextDouble() - 0.5);
            net.setRaw(raw);
            Samples x = data(50, d, trial, 3.0);
            BatchDerivatives.Evaluation ev = new BatchDerivatives(1, 32).evaluate(net, x);
            for (int j = 0; j < x.size(); j++) {
                // S ⪰ 0: vᵀ S v ≥ 0 for random v
                for (int rep = 0; rep < 5; rep++) {
                    double[] v = new double[d];
                    for (int a = 0; a < d; a++) v[a] = r.nextDouble() - 0.5;
                    double q = 0;
                    for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) q += v[a] * ev.hessian[(j * d + a) * d + b] * v[b];
                    assertTrue(q >= -1e-12, "v'Sv = " + q);
                }
            }
            // Φ convex along a random line: second differences ≥ 0
            double[] x0 = x.row(0), dir = new double[d];
            for (int a = 0; a < d; a++) dir[a] = r.nextDouble() - 0.5;
            int steps = 201;
            double[] line = new double[steps * d];
            for (int s = 0; s < steps; s++) for (int a = 0; a < d; a++) line[s * d + a] = x0[a] + (s - 100) * 0.05 * dir[a];
            double[] phi = new BatchDerivatives(1, 64).evaluate(net, Samples.wrap(steps, d, line)).potential;
            for (int s = 1; s < steps - 1; s++) {
                double second = phi[s - 1] - 2 * phi[s] + phi[s + 1];
                assertTrue(second >= -1e-12 * Math.max(1, Math.abs(phi[s])), "second difference " + second + " at step " + s);
            }
        }
    }

    @Test
    void dimensionMismatchIsReported() {
        Icnn net = Icnn.builder(2).hidden(4).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchDerivatives().evaluate(net, data(3, 3, 1, 1)));
        assertEquals("data has dimension 3 but the model expects input dimension 2", e.getMessage());
    }

    @Test
    void rawParametrizationRoundTripsAndKeepsConstraints() {
        Icnn net = randomNet(3, new int[] {5, 4}, Activation.SOFTPLUS, true, 8);
        double[] before = net.weights().clone();
        double[] raw = net.raw();
        net.setRaw(raw);
        for (int k = 0; k < before.length; k++) assertEquals(before[k], net.weights()[k], 1e-13 * Math.max(1, Math.abs(before[k])));
        raw[net.offsetL(1)] = -500;
        net.setRaw(raw);
        assertTrue(net.weights()[net.offsetL(1)] >= 0);
        net.validate();
    }
}
