package org.icnnvarpro.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.icnnvarpro.experiment.Reproduction;
import org.icnnvarpro.experiment.Study;
import org.icnnvarpro.io.FilePlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reproduce}: Table 3.1, Table 4.1, Figures 4.1 and 4.2 into a results folder with an index; {@code --study}: the long paired comparison. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Regenerate the thesis's tables and figures into a folder with index.md.",
                "Table 3.1, Table 4.1 (beside the thesis's numbers), Figures 4.1 and 4.2, for the thesis's model",
                "(w_q = 0) and the model with the quadratic feature, and the schemes from hessQuik's initialization.",
                "With --study: the long sweep instead (every scheme over 10 seeds compared in pairs with 95% intervals,",
                "at 100k/300k/1M work units and at equal time; L-BFGS memory, initialization and its scale, SAA batch,",
                "switch point, slimTrain-like scheme): hours on one thread; runs.csv is saved after every cell."})
final class ReproduceCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "a small version (under a minute) that writes the same files")
    boolean quick;

    @Option(names = "--study", description = "run the long study (paired comparison over many seeds) instead")
    boolean study;

    @Option(names = "--resume", description = "with --study: keep the runs already in <out>/runs.csv and run only the missing ones")
    boolean resume;

    @Option(names = "--parallel", defaultValue = "1", description = "with --study: runs at once, each on one thread (default ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--out", description = "output folder (default results, or results/study with --study)")
    Path out;

    @Override
    public Integer call() {
        if (resume && !study) throw new IllegalArgumentException("--resume applies to --study only");
        Require.positive("--parallel", parallel);
        Path folder = out != null ? out : study ? Path.of("results", "study") : Path.of("results");
        FilePlan.create().writesInto("--out", folder).check();
        long t0 = System.nanoTime();
        Path index;
        if (study) {
            Study.Settings s = (quick ? Study.Settings.quick() : Study.Settings.full()).withParallel(parallel);
            index = new Study(s, line -> System.out.println(line), resume).run(folder);
        } else {
            Reproduction.Settings s = quick ? Reproduction.Settings.quick() : Reproduction.Settings.full();
            index = new Reproduction(s, line -> System.out.println(line)).run(folder);
        }
        System.out.printf("wrote %s (%.0f s)%n", index, (System.nanoTime() - t0) * 1e-9);
        return 0;
    }
}
