package org.icnnvarpro.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.icnnvarpro.check.GradientChecks;
import org.icnnvarpro.check.TaylorCheck;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.io.FilePlan;
import org.icnnvarpro.io.Memory;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code check}: Taylor-remainder tables (thesis Table 3.1) for the model's derivatives. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Taylor-remainder checks of every derivative (as the thesis's Table 3.1).",
                "For h = 1, 1/2, ..., 2^-15: E1 = |f(t + h d) - f(t) - h f'(t) d| must fall like h^2:",
                "PASS when the last three ratios E1(2h)/E1(h) above the noise floor are 4 +- 0.5 (a wrong derivative gives 2)."})
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--model", description = "model JSON; default: a freshly initialized network (see --widths)")
    Path model;

    @Option(names = "--data", description = "CSV data; default: --dataset samples")
    Path data;

    @Option(names = "--dataset", defaultValue = "moons", description = "synthetic data set when no --data (default ${DEFAULT-VALUE}); one of ${COMPLETION-CANDIDATES}",
            completionCandidates = DatasetNames.class)
    String dataset;

    @Option(names = {"-n", "--samples"}, defaultValue = "256", description = "number of samples when no --data (default ${DEFAULT-VALUE})")
    int n;

    @picocli.CommandLine.Mixin
    ModelOptions arch;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the data, initialization and directions (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--what", defaultValue = "all", split = ",",
            description = "which checks: gradient, hessian, weights, reduced (Table 3.1), all (default ${DEFAULT-VALUE})")
    List<String> what;

    @Override
    public Integer call() {
        if (data == null) Require.positive("-n", n);
        arch.check();
        for (String w : what) Require.oneOf("--what", w, "gradient", "hessian", "weights", "reduced", "all");
        FilePlan.create().reads("--model", model).reads("--data", data).check();
        Icnn net;
        if (model != null) net = ModelFile.read(model);
        else {
            new Footprint().add("--widths " + Require.join(arch.widths), Footprint.model(2, arch.widths)).check();
            net = arch.build(2, seed);
        }
        Samples fromFile = data != null ? CsvData.read(data, net.inputDim()) : null;
        boolean all = what.contains("all");
        // the data set is generated only once its size is known to fit, with everything the checks allocate
        int d = net.inputDim(), size = fromFile != null ? fromFile.size() : n;
        String samples = data != null ? "--data " + data : "-n " + n;
        Footprint f = new Footprint().add(model != null ? "--model " + model : "--widths " + Require.join(arch.widths), Memory.times(6, Footprint.model(d, net.widths())))
                .add("--widths " + Require.join(net.widths()), Footprint.engine(d, net.widths(), 1))
                .add(samples, Memory.plus(Memory.times(3, Footprint.evaluation(size, d)), Memory.times(2, Footprint.samples(size, d))));
        if (all || what.contains("reduced")) f.add(samples, Footprint.inner(size, d, net.width(net.depth() - 1)));
        f.check();
        Samples x = fromFile != null ? fromFile : Datasets.byName(dataset, n, seed);
        if (x.dim() != net.inputDim()) throw new IllegalArgumentException("data set " + dataset + " has dimension " + x.dim() + " but the model expects " + net.inputDim());
        System.out.println(net + " on " + x.size() + " samples");
        int steps = GradientChecks.CHECK_STEPS;
        List<TaylorCheck.Table> tables = new ArrayList<>();
        Supplier<List<TaylorCheck.Table>> checks = () -> {
            if (all || what.contains("gradient")) tables.add(GradientChecks.inputGradient(net, x, seed + 1, steps));
            if (all || what.contains("hessian")) tables.add(GradientChecks.inputHessian(net, x, seed + 2, steps));
            if (all || what.contains("weights")) {
                tables.add(GradientChecks.weightGradient(net, x, seed + 3, true, steps));
                tables.add(GradientChecks.weightGradient(net, x, seed + 4, false, steps));
            }
            if (all || what.contains("reduced")) {
                tables.add(GradientChecks.reducedGradient(net, x, seed + 5, false, 1e-10, steps));
                if (net.quadratic())
                    System.out.println("note: with the quadratic feature, J_red is only piecewise smooth where some w_k >= 0 is weakly active;"
                            + " the barrier-augmented check below is the smooth one (use --thesis for the thesis's Table 3.1)");
                tables.add(GradientChecks.reducedGradient(net, x, seed + 6, true, 1e-4, steps));
            }
            return tables;
        };
        if (data != null) DataErrors.located(data, checks);
        else checks.get();
        boolean ok = true;
        for (TaylorCheck.Table t : tables) {
            System.out.println();
            System.out.print(t);
            boolean pass = GradientChecks.passes(t);
            ok &= pass;
            System.out.println(pass ? "PASS: error falls like h^2 (the last three ratios above the noise floor are 4 +- 0.5)"
                    : "FAIL: error does not fall like h^2 (the last three ratios above the noise floor are not all 4 +- 0.5)");
        }
        return ok ? 0 : Main.FAILED;
    }

    static final class DatasetNames extends ArrayList<String> {
        DatasetNames() {
            super(Datasets.names());
        }
    }
}
