package org.icnnvarpro.cli;

import org.icnnvarpro.model.Activation;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.Initialization;
import picocli.CommandLine.Option;

/** The architecture options shared by commands that build a fresh network ({@code check}, {@code train}). */
final class ModelOptions {
    @Option(names = "--widths", defaultValue = "32,32,32,32", split = ",", description = "hidden widths (default ${DEFAULT-VALUE})")
    int[] widths;

    @Option(names = "--activation", defaultValue = "softplus", description = "softplus or smoothrelu (default ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--thesis", description = "the thesis's model: no quadratic feature (w_q = 0)")
    boolean thesis;

    @Option(names = "--init", defaultValue = "scaled",
            description = "initialization: scaled (unit-variance pre-activations, effective L ~ U(0, 2/m)) or hessquik"
                    + " (hessQuik's ICNN layer defaults, the thesis's library: effective L ~ 0.69) (default ${DEFAULT-VALUE})")
    String init;

    @Option(names = "--init-scale", defaultValue = "1", description = "multiplies the initial hidden weights L (default ${DEFAULT-VALUE})")
    double initScale;

    /** Checks the options (before any work). */
    void check() {
        Require.widths("--widths", widths);
        Activation.fromId(activation);
        Initialization.fromId(init);
        Require.positive("--init-scale", initScale);
    }

    /** A freshly initialized network on inputs of dimension {@code d}. */
    Icnn build(int d, long seed) {
        return Icnn.builder(d).hidden(widths).activation(Activation.fromId(activation)).quadratic(!thesis)
                .init(Initialization.fromId(init)).initScale(initScale).seed(seed).build();
    }
}
