package org.icnnvarpro.flow;

import java.util.Random;
import org.icnnvarpro.model.Activation;
import org.icnnvarpro.model.Icnn;

/** Random models for the flow tests: far from the near-identity initialization. */
final class FlowTestModels {
    private FlowTestModels() {}

    /**
     * A 2-layer ICNN with random biases, {@code w_u ~ U(0, 3)}, {@code w_x ~ N(0, 1/4)} and the given
     * {@code w_q} (0 gives the thesis's model), so the network term dominates the quadratic.
     */
    static Icnn random(int d, Activation act, double wq, long seed) {
        return random(d, act, wq, 3.0, seed);
    }

    /** As {@link #random(int, Activation, double, long)} with {@code w_u ~ U(0, wuMax)}. */
    static Icnn random(int d, Activation act, double wq, double wuMax, long seed) {
        Icnn net = Icnn.builder(d).hidden(16, 16).activation(act).quadratic(wq > 0).seed(seed).build();
        Random rng = new Random(seed * 31 + 7);
        double[] w = net.weights();
        for (int i = 0; i < net.depth(); i++)
            for (int k = 0; k < net.width(i); k++) w[net.offsetB(i) + k] = rng.nextGaussian();
        for (int k = 0; k < net.width(net.depth() - 1); k++) w[net.offsetWu() + k] = wuMax * rng.nextDouble();
        for (int a = 0; a < d; a++) w[net.offsetWx() + a] = 0.5 * rng.nextGaussian();
        w[net.offsetWq()] = wq;
        net.validate();
        return net;
    }
}
