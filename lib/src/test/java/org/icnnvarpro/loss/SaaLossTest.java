package org.icnnvarpro.loss;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.NotPositiveDefiniteException;
import org.junit.jupiter.api.Test;

class SaaLossTest {

    /** Φ = w_x·x + ½ w_q‖x‖² (w_u = 0): g = w_x + w_q x, S = w_q I, so J = mean ½‖w_x + w_q x‖² − d log w_q. */
    @Test
    void linearQuadraticPotentialOnGaussianDataHasClosedFormLoss() {
        int d = 3, n = 20000;
        double[] m = {0.5, -1.0, 2.0};
        double s = 0.7;
        SplittableRandom r = new SplittableRandom(1);
        double[] x = new double[n * d];
        for (int j = 0; j < n; j++) for (int a = 0; a < d; a++) x[j * d + a] = m[a] + s * gaussian(r);
        Samples data = Samples.wrap(n, d, x);
        Icnn net = Icnn.builder(d).hidden(4, 4).quadratic(true).build();
        double[] w = net.weights();
        Arrays.fill(w, net.offsetWu(), net.offsetWx(), 0.0);
        double wq = 1.3;
        double[] wx = {0.2, 0.1, -0.4};
        System.arraycopy(wx, 0, w, net.offsetWx(), d);
        w[net.offsetWq()] = wq;
        SaaLoss.Value v = new SaaLoss().evaluate(net, data);

        // exact sample formula from the sample mean and second moment
        double[] mean = new double[d];
        double second = 0;
        for (int j = 0; j < n; j++) for (int a = 0; a < d; a++) {
            mean[a] += x[j * d + a] / n;
            second += x[j * d + a] * x[j * d + a] / n;
        }
        double exact = -d * Math.log(wq);
        double wxm = 0, wxwx = 0;
        for (int a = 0; a < d; a++) {
            wxm += wx[a] * mean[a];
            wxwx += wx[a] * wx[a];
        }
        exact += 0.5 * (wxwx + 2 * wq * wxm + wq * wq * second);
        assertEquals(exact, v.loss(), 1e-12 * Math.abs(exact));

        // and the population value ½(‖w_x + w_q m‖² + w_q² s² d) − d log w_q within sampling error
        double pop = -d * Math.log(wq);
        double nn = 0;
        for (int a = 0; a < d; a++) nn += Math.pow(wx[a] + wq * m[a], 2);
        pop += 0.5 * (nn + wq * wq * s * s * d);
        assertEquals(pop, v.loss(), 0.05);
        assertEquals(v.loss() + 1.5 * Math.log(2 * Math.PI), v.nll(), 1e-12);
    }

    /** The optimal potential for N(m, s²I) is Φ = ½‖x − m‖²/s: w_q = 1/s, w_x = −m/s, J* = d/2 + d log s. */
    @Test
    void optimalGaussianPotentialIsStationary() {
        int d = 2, n = 50000;
        double[] m = {1.0, -0.5};
        double s = 0.4;
        SplittableRandom r = new SplittableRandom(2);
        double[] x = new double[n * d];
        for (int j = 0; j < n; j++) for (int a = 0; a < d; a++) x[j * d + a] = m[a] + s * gaussian(r);
        Icnn net = Icnn.builder(d).hidden(3).quadratic(true).build();
        double[] w = net.weights();
        Arrays.fill(w, net.offsetWu(), net.offsetWx(), 0.0);
        for (int a = 0; a < d; a++) w[net.offsetWx() + a] = -m[a] / s;
        w[net.offsetWq()] = 1 / s;
        double[] g = new double[net.size()];
        double j = new SaaLoss().valueAndGradient(net, Samples.wrap(n, d, x), g);
        assertEquals(d / 2.0 + d * Math.log(s), j, 0.02);
        for (int a = 0; a < d; a++) assertEquals(0.0, g[net.offsetWx() + a], 0.02);
        assertEquals(0.0, g[net.offsetWq()], 0.03);
    }

    @Test
    void singularHessianIsAnErrorNotNaN() {
        Icnn net = Icnn.builder(2).hidden(3).quadratic(false).build();
        Arrays.fill(net.weights(), net.offsetWu(), net.offsetWx(), 0.0); // w_u = 0, w_q = 0: S = 0
        Samples x = Samples.of(new double[][] {{0.1, 0.2}, {0.3, 0.4}});
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> new SaaLoss().value(net, x));
        // samples are counted from 1 in messages; the index stays 0-based
        assertTrue(e.getMessage().contains("undefined at sample 1 "), e.getMessage());
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
        assertEquals(0, e.sample());
        assertFalse(e.overflow());
        assertTrue(e.getMessage().contains("[0.1, 0.2]"), e.getMessage());
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
