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
import org.icnnvarpro.io.FilePlan;
import org.icnnvarpro.io.Memory;
import org.icnnvarpro.io.Messages;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fit-last}: the VarPro inner problem (docs/math.md §5) for a model's hidden layers on a data file. */
@Command(name = "fit-last", mixinStandardHelpOptions = true,
        description = {"Solve the VarPro inner problem: optimal last-layer weights for a model's hidden layers.",
                "Keeps the hidden layers, finds w = (w_u, w_x, w_q) minimizing J on the data and writes the model.",
                "Without --quadratic w_q is held at 0. Prints 'loss <J>' last."})
final class FitLastCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model JSON")
    Path model;

    @Option(names = "--data", required = true, description = "CSV data")
    Path data;

    @Option(names = "--out", required = true, description = "model JSON to write (may be the --model file: it is then replaced atomically)")
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
        Require.positive("--gap", gap);
        Require.oneOf("--solver", solver, "barrier", "primal-dual");
        Require.nonNegative("--threads", threads, " (0 = all cores)");
        // --out may be --model: updating the model in place is what fit-last is for (the write is atomic)
        FilePlan.create().reads("--model", model).reads("--data", data).updates("--out", out, "--model").check();
        Icnn net = ModelFile.read(model).withQuadratic(quadratic);
        Samples x = CsvData.read(data, net.inputDim());
        int d = x.dim(), last = net.width(net.depth() - 1);
        new Footprint().add("--model " + model, Memory.times(3, Footprint.model(d, net.widths())))
                .add("--threads " + threads, Footprint.engine(d, net.widths(), threads))
                .add("--data " + data + " (" + x.size() + " samples in dimension " + d + ")", Footprint.inner(x.size(), d, last)).check();
        checkNotOnePoint(x);
        InnerSolver s = switch (solver) {
            case "barrier" -> new BarrierNewton(BarrierNewton.Options.defaults().withTolerances(gap, Math.min(1e-10, gap)));
            default -> new PrimalDualInteriorPoint(PrimalDualInteriorPoint.Options.defaults().withTolerances(gap, 1e-10));
        };
        InnerResult r;
        double j;
        try (BatchDerivatives engine = new BatchDerivatives(threads, BatchDerivatives.DEFAULT_CHUNK)) {
            r = DataErrors.located(data, () -> s.solve(InnerProblem.of(engine, net, x), net.last()));
            net.setLast(r.w());
            j = DataErrors.located(data, () -> new SaaLoss(engine).value(net, x));
        }
        ResultFiles files = new ResultFiles();
        Path written = files.write("model", out, p -> ModelFile.write(net, p));
        System.out.printf("model %s: %s; data %s: %d samples%n", model, net, data, x.size());
        System.out.println("inner solve (" + s.name() + "): " + r);
        System.out.printf("w_q = %s, |w_x| = %.6g, w_u: %d of %d entries above 1e-6%n", net.wq(), norm(net.wx()),
                count(net.wu()), net.wu().length);
        if (Math.abs(r.loss() - j) > 1e-8 * Math.max(1, Math.abs(j)))
            System.out.printf("note: the written model's loss J = %s differs from the solver's %s by %.2e (rounding at these weights)%n",
                    j, r.loss(), Math.abs(r.loss() - j));
        if (written != null) System.out.println("wrote " + written);
        if (!r.converged())
            System.err.println("error: the inner solve did not converge (" + s.name() + ", gap bound " + String.format("%.2e", r.gapBound())
                    + ", λ²/2 = " + String.format("%.2e", r.decrement()) + "); " + (written != null ? "the model written holds its last iterate, " : "")
                    + "whose loss is the 'loss' line (try --solver " + ("barrier".equals(solver) ? "primal-dual" : "barrier") + " or a larger --gap)");
        System.out.println("loss " + j);
        if (!files.allWritten()) return files.exitCode();
        return r.converged() ? 0 : Main.FAILED;
    }

    /**
     * On copies of one point {@code x₀} the inner problem has no minimum: along
     * {@code w_u → w_u + s v} ({@code v ≥ 0}) with {@code w_x → w_x − s ∇u_ℓ(x₀)ᵀ v}, {@code ∇Φ(x₀)}
     * stays the same while {@code ∇²Φ(x₀)} grows by {@code s Σ_k v_k ∇²u_{ℓ,k}(x₀)}, so
     * {@code −log det} and with it {@code J} fall without limit. Refuse such data before solving.
     */
    private void checkNotOnePoint(Samples x) {
        int d = x.dim();
        double[] v = x.data();
        for (int j = 1; j < x.size(); j++)
            if (!java.util.Arrays.equals(v, j * d, (j + 1) * d, v, 0, d)) return;
        throw new IllegalArgumentException(data + ": all " + x.size() + (x.size() == 1 ? " sample is" : " samples are") + " the same point "
                + Messages.oneLine(java.util.Arrays.toString(x.row(0)), 80) + ", where J has no minimum (it falls without limit as w_u grows"
                + " with w_x = -grad u(x)^T w_u); fit-last needs at least two distinct samples");
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
