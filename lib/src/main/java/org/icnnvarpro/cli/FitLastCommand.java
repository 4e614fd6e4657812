package org.icnnvarpro.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.inner.BarrierNewton;
import org.icnnvarpro.inner.InnerProblem;
import org.icnnvarpro.inner.InnerResult;
import org.icnnvarpro.inner.InnerSolver;
import org.icnnvarpro.inner.PrimalDualInteriorPoint;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fit-last}: the VarPro inner problem (DESIGN §5) for a model's hidden layers on a data file. */
@Command(name = "fit-last", mixinStandardHelpOptions = true,
        description = {"Solve the VarPro inner problem: optimal last-layer weights for a model's hidden layers.",
                "Keeps the hidden layers, finds w = (w_u, w_x, w_q) minimizing J on the data and writes the model.",
                "Without --quadratic w_q is held at 0. Prints 'loss <J>' last."})
final class FitLastCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model JSON")
    Path model;

    @Option(names = "--data", required = true, description = "CSV data")
    Path data;

    @Option(names = "--out", required = true, description = "model JSON to write")
    Path out;

    @Option(names = "--quadratic", description = "make w_q free (>= 0); otherwise it is held at 0")
    boolean quadratic;

    @Option(names = "--solver", defaultValue = "barrier", description = "barrier (Algorithm 1) or primal-dual (default ${DEFAULT-VALUE})")
    String solver;

    @Option(names = "--gap", defaultValue = "1e-9", description = "duality-gap tolerance: J is within this of the optimum (default ${DEFAULT-VALUE})")
    double gap;

    @Option(names = "--threads", defaultValue = "0", description = "threads (0 = all cores)")
    int threads;

    @Override
    public Integer call() {
        if (!(gap > 0)) throw new IllegalArgumentException("--gap must be positive, got " + gap);
        Icnn net = ModelFile.read(model).withQuadratic(quadratic);
        Samples x = CsvData.read(data, net.inputDim());
        InnerSolver s = switch (solver) {
            case "barrier" -> new BarrierNewton(BarrierNewton.Options.defaults().withTolerances(gap, Math.min(1e-10, gap)));
            case "primal-dual" -> new PrimalDualInteriorPoint(PrimalDualInteriorPoint.Options.defaults().withTolerances(gap, 1e-10));
            default -> throw new IllegalArgumentException("unknown solver '" + solver + "' (known: barrier, primal-dual)");
        };
        InnerResult r;
        try (BatchDerivatives engine = new BatchDerivatives(threads, BatchDerivatives.DEFAULT_CHUNK)) {
            r = s.solve(InnerProblem.of(engine, net, x), net.last());
            net.setLast(r.w());
            double j = new SaaLoss(engine).value(net, x);
            ModelFile.write(net, out);
            System.out.printf("model %s: %s; data %s: %d samples%n", model, net, data, x.size());
            System.out.println("inner solve (" + s.name() + "): " + r);
            System.out.printf("w_q = %s, |w_x| = %.6g, w_u: %d of %d entries above 1e-6%n", net.wq(), norm(net.wx()),
                    count(net.wu()), net.wu().length);
            System.out.println("wrote " + out);
            System.out.println("loss " + j);
        }
        return r.converged() ? 0 : 1;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double a : v) s += a * a;
        return Math.sqrt(s);
    }

    private static int count(double[] v) {
        int c = 0;
        for (double a : v) if (a > 1e-6) c++;
        return c;
    }
}
