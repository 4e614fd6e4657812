package org.icnnvarpro.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.icnnvarpro.experiment.Reproduction;
import org.icnnvarpro.io.FilePlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reproduce}: Table 3.1, Table 4.1, Figures 4.1 and 4.2 into a results folder with an index. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Regenerate the thesis's tables and figures into a folder with index.md.",
                "Table 3.1, Table 4.1 (beside the thesis's numbers), Figures 4.1 and 4.2, for the thesis's model",
                "(w_q = 0) and the model with the quadratic feature."})
final class ReproduceCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "a small version (under a minute) that writes the same files")
    boolean quick;

    @Option(names = "--out", defaultValue = "results", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        FilePlan.create().writesInto("--out", out).check();
        Reproduction.Settings s = quick ? Reproduction.Settings.quick() : Reproduction.Settings.full();
        long t0 = System.nanoTime();
        Path index = new Reproduction(s, line -> System.out.println(line)).run(out);
        System.out.printf("wrote %s (%.0f s)%n", index, (System.nanoTime() - t0) * 1e-9);
        return 0;
    }
}
