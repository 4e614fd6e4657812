package org.icnnvarpro.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.icnnvarpro.check.GradientChecks;
import org.icnnvarpro.check.TaylorCheck;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code check}: Taylor-remainder tables (thesis Table 3.1) for the model's derivatives. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Taylor-remainder checks of every derivative (as the thesis's Table 3.1).",
                "For h = 1, 1/2, 1/4, ...: E1 = |f(t + h d) - f(t) - h f'(t) d| must fall like h^2 (ratio ~ 4)."})
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--model", description = "model JSON; default: a freshly initialized network (see --widths)")
    Path model;

    @Option(names = "--data", description = "CSV data; default: --dataset samples")
    Path data;

    @Option(names = "--dataset", defaultValue = "moons", description = "synthetic data set when no --data (default ${DEFAULT-VALUE}); one of ${COMPLETION-CANDIDATES}",
            completionCandidates = DatasetNames.class)
    String dataset;

    @Option(names = {"-n", "--samples"}, defaultValue = "256", description = "number of samples (default ${DEFAULT-VALUE})")
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
        Icnn net;
        if (model != null) net = ModelFile.read(model);
        else net = arch.build(2, seed);
        Samples x = data != null ? CsvData.read(data, net.inputDim()) : Datasets.byName(dataset, n, seed);
        if (x.dim() != net.inputDim()) throw new IllegalArgumentException("data set " + dataset + " has dimension " + x.dim() + " but the model expects " + net.inputDim());
        System.out.println(net + " on " + x.size() + " samples");
        boolean all = what.contains("all");
        List<TaylorCheck.Table> tables = new ArrayList<>();
        if (all || what.contains("gradient")) tables.add(GradientChecks.inputGradient(net, x, seed + 1));
        if (all || what.contains("hessian")) tables.add(GradientChecks.inputHessian(net, x, seed + 2));
        if (all || what.contains("weights")) {
            tables.add(GradientChecks.weightGradient(net, x, seed + 3, true));
            tables.add(GradientChecks.weightGradient(net, x, seed + 4, false));
        }
        if (all || what.contains("reduced")) {
            tables.add(GradientChecks.reducedGradient(net, x, seed + 5, false, 1e-10));
            if (net.quadratic())
                System.out.println("note: with the quadratic feature, J_red is only piecewise smooth where some w_k >= 0 is weakly active;"
                        + " the barrier-augmented check below is the smooth one (use --thesis for the thesis's Table 3.1)");
            tables.add(GradientChecks.reducedGradient(net, x, seed + 6, true, 1e-4));
        }
        if (tables.isEmpty()) throw new IllegalArgumentException("--what must name gradient, hessian, weights, reduced or all, got " + what);
        boolean ok = true;
        for (TaylorCheck.Table t : tables) {
            System.out.println();
            System.out.print(t);
            boolean pass = t.ratiosNear(4.0, 0.5, 0.07);
            ok &= pass;
            System.out.println(pass ? "PASS: error falls like h^2" : "FAIL: error does not fall like h^2 for h <= 0.07");
        }
        return ok ? 0 : 1;
    }

    static final class DatasetNames extends ArrayList<String> {
        DatasetNames() {
            super(Datasets.names());
        }
    }
}
