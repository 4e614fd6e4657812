package org.icnnvarpro.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eval}: the potential, its input derivatives, the loss and its weight gradient on a data file (DESIGN §8). */
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
    public Integer call() throws IOException {
        Icnn net = ModelFile.read(model);
        Samples x = CsvData.read(data, net.inputDim());
        BatchDerivatives engine = new BatchDerivatives(threads, BatchDerivatives.DEFAULT_CHUNK);
        SaaLoss loss = new SaaLoss(engine);
        double[] grad = new double[net.size()];
        double j = loss.valueAndGradient(net, x, grad);
        BatchDerivatives.Evaluation ev = engine.evaluate(net, x);
        engine.close();

        int n = x.size(), d = x.dim();
        StringBuilder sb = new StringBuilder(64 + n * (d * d + d + 1) * 24);
        // exactly the fields of the contract (DESIGN §8); the NLL is printed, not written
        sb.append("{\"loss\": ").append(ModelFile.num(j));
        sb.append(",\n \"potential\": ");
        ModelFile.vectorJson(sb, ev.potential, 0, n);
        sb.append(",\n \"gradient\": [");
        for (int s = 0; s < n; s++) {
            if (s > 0) sb.append(',');
            ModelFile.vectorJson(sb, ev.gradient, s * d, d);
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
        }
        sb.append("],\n \"weightGradient\": ");
        sb.append(ModelFile.toJson(net, grad, false).replace("\n", "\n "));
        sb.append("}\n");
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(out, sb, StandardCharsets.UTF_8);

        System.out.printf("model %s: %s%n", model, net);
        System.out.printf("data  %s: %d samples, dimension %d%n", data, n, d);
        System.out.printf("NLL (nats) %.10f%n", SaaLoss.nll(j, d));
        System.out.println("wrote " + out);
        System.out.println("loss " + j);
        return 0;
    }
}
