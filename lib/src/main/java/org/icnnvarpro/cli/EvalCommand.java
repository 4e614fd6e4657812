package org.icnnvarpro.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.io.AtomicFile;
import org.icnnvarpro.io.FilePlan;
import org.icnnvarpro.io.Memory;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eval}: the potential, its input derivatives, the loss and its weight gradient on a data file (docs/math.md §11). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on a data file (potential, derivatives, loss, weight gradient).",
                "Writes Phi, grad Phi and the Hessian per sample, the loss J and dJ/d(effective weights) as JSON;",
                "prints 'loss <J>' last."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model JSON (format icnn-varpro/1)")
    Path model;

    @Option(names = "--data", required = true, description = "CSV, one sample per row, optional header")
    Path data;

    @Option(names = "--out", required = true, description = "output JSON")
    Path out;

    @Option(names = "--threads", defaultValue = "0", description = "threads (0 = all cores; default ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() {
        Require.nonNegative("--threads", threads, " (0 = all cores)");
        FilePlan.create().reads("--model", model).reads("--data", data).writes("--out", out).check();
        Icnn net = ModelFile.read(model);
        Samples x = CsvData.read(data, net.inputDim());
        int n = x.size(), d = x.dim();
        new Footprint().add("--model " + model, Memory.times(3, Footprint.model(d, net.widths())))
                .add("--threads " + threads, Footprint.engine(d, net.widths(), threads))
                .add("--data " + data + " (" + n + " samples in dimension " + d + ")", Footprint.evaluation(n, d)).check();
        double[] grad = new double[net.size()];
        double j;
        BatchDerivatives.Evaluation ev;
        try (BatchDerivatives engine = new BatchDerivatives(threads, BatchDerivatives.DEFAULT_CHUNK)) {
            j = DataErrors.located(data, () -> new SaaLoss(engine).valueAndGradient(net, x, grad));
            ev = engine.evaluate(net, x);
        }

        ResultFiles files = new ResultFiles();
        // exactly the fields of the contract, streamed (an N × d × d Hessian can be larger than one string); the NLL is printed, not written
        Path written = files.write("evaluation", out, p -> AtomicFile.writeText(p, w -> {
            StringBuilder sb = new StringBuilder(256);
            sb.append("{\"loss\": ").append(ModelFile.num(j));
            sb.append(",\n \"potential\": ");
            ModelFile.vectorJson(sb, ev.potential, 0, n);
            sb.append(",\n \"gradient\": [");
            for (int s = 0; s < n; s++) {
                if (s > 0) sb.append(',');
                ModelFile.vectorJson(sb, ev.gradient, s * d, d);
                if (sb.length() > 1 << 16) flush(sb, w);
            }
            sb.append("],\n \"hessian\": [");
            for (int s = 0; s < n; s++) {
                if (s > 0) sb.append(',');
                sb.append('[');
                for (int a = 0; a < d; a++) {
                    if (a > 0) sb.append(',');
                    ModelFile.vectorJson(sb, ev.hessian, (s * d + a) * d, d);
                }
                sb.append(']');
                if (sb.length() > 1 << 16) flush(sb, w);
            }
            sb.append("],\n \"weightGradient\": ");
            sb.append(ModelFile.toJson(net, grad, false).replace("\n", "\n "));
            sb.append("}\n");
            flush(sb, w);
        }));

        System.out.printf("model %s: %s%n", model, net);
        System.out.printf("data  %s: %d samples, dimension %d%n", data, n, d);
        System.out.printf("NLL (nats) %.10f%n", SaaLoss.nll(j, d));
        if (written != null) System.out.println("wrote " + written);
        System.out.println("loss " + j);
        return files.exitCode();
    }

    private static void flush(StringBuilder sb, java.io.Writer w) throws java.io.IOException {
        w.append(sb);
        sb.setLength(0);
    }
}
