package org.icnnvarpro.cli;

import org.icnnvarpro.model.Activation;
import org.icnnvarpro.model.Icnn;
import picocli.CommandLine.Option;

/** The architecture options shared by commands that build a fresh network ({@code check}, {@code train}). */
final class ModelOptions {
    @Option(names = "--widths", defaultValue = "32,32,32,32", split = ",", description = "hidden widths (default ${DEFAULT-VALUE})")
    int[] widths;

    @Option(names = "--activation", defaultValue = "softplus", description = "softplus or smoothrelu (default ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--thesis", description = "the thesis's model: no quadratic feature (w_q = 0)")
    boolean thesis;

    /** Checks the options (before any work). */
    void check() {
        Require.widths("--widths", widths);
        Activation.fromId(activation);
    }

    /** A freshly initialized network on inputs of dimension {@code d}. */
    Icnn build(int d, long seed) {
        return Icnn.builder(d).hidden(widths).activation(Activation.fromId(activation)).quadratic(!thesis).seed(seed).build();
    }
}
