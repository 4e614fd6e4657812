package org.icnnvarpro.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.flow.Generator;
import org.icnnvarpro.flow.GeneratorResult;
import org.icnnvarpro.io.FilePlan;
import org.icnnvarpro.io.Memory;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sample}: draws {@code z ~ N(0, I)} (seeded) and writes the generated samples
 * {@code x = (∇Φ)⁻¹(z)} (docs/math.md §7, §11). Reference samples without a preimage (possible when
 * {@code w_q = 0}) are counted and left out of the output, and the command says so; with
 * {@code --rejected} their {@code z} are written to a separate file.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Generate samples x = (grad Phi)^-1(z) for z ~ N(0, I) by damped Newton.",
                "Writes the converged samples as CSV; reports the ones without a preimage (w_q = 0 models)",
                "and writes them nowhere unless --rejected is given. Exit 0 if at least one sample converged."})
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model JSON (format icnn-varpro/1)")
    Path model;

    @Option(names = "-n", required = true, description = "number of reference samples z to draw")
    int n;

    @Option(names = "--out", required = true, description = "output CSV of the generated samples (converged ones only)")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "seed of z ~ N(0, I) (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--rejected", description = "optional CSV for the reference samples z that did not converge")
    Path rejected;

    @Option(names = "--tol", defaultValue = "1e-12",
            description = "relative residual tolerance: |grad Phi(x) - z| <= tol * max(1, |z|) (default ${DEFAULT-VALUE})")
    double tol;

    @Option(names = "--max-iter", defaultValue = "100", description = "Newton steps per sample at most (default ${DEFAULT-VALUE})")
    int maxIter;

    @Option(names = "--threads", defaultValue = "0", description = "threads (0 = all cores; default ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() {
        Require.positive("-n", n);
        Require.positive("--tol", tol);
        Require.positive("--max-iter", maxIter);
        Require.nonNegative("--threads", threads, " (0 = all cores)");
        FilePlan.create().reads("--model", model).writes("--out", out).writes("--rejected", rejected).check();
        Icnn net = ModelFile.read(model);
        int d = net.inputDim();
        // z, the generator's state, the converged samples and the rejected z
        new Footprint().add("-n " + n, Memory.plus(Memory.times(3, Footprint.samples(n, d)), Footprint.generator(n, d)))
                .add("--model " + model, Memory.times(2, Footprint.model(d, net.widths()))).check();
        Generator gen = new Generator(net).tolerance(tol).maxIterations(maxIter).threads(threads);
        Samples z = Datasets.gaussian(n, new double[net.inputDim()], 1.0, seed);
        long t0 = System.nanoTime();
        GeneratorResult res = gen.apply(z);
        double seconds = (System.nanoTime() - t0) * 1e-9;

        ResultFiles files = new ResultFiles();
        System.out.printf("model %s: %s%n", model, net);
        System.out.printf(Locale.ROOT, "drew %d reference samples z ~ N(0, I) (seed %d)%n", n, seed);
        System.out.println("generator: " + res.summary());
        int bad = res.notConvergedCount();
        if (bad > 0) {
            System.out.printf("%d of %d reference samples did not converge (%s)%s%n", bad, n,
                    res.statusCounts().entrySet().stream().filter(e -> !e.getKey().converged())
                            .map(e -> e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + e.getValue())
                            .reduce((a, b) -> a + ", " + b).orElse(""),
                    net.wq() == 0 ? "; with w_q = 0, grad Phi is bounded and z outside its range has no preimage" : "");
            if (rejected != null) {
                Path r = files.write("rejected reference samples", rejected, p -> CsvData.write(p, res.notConvergedReference()));
                if (r != null) System.out.println("wrote their z to " + r);
            } else {
                System.out.println("they are NOT in " + out + " and are written nowhere (use --rejected FILE to keep their z)");
            }
        } else {
            System.out.printf("all %d reference samples converged%n", n);
        }
        if (res.convergedCount() == 0)
            throw new IllegalStateException("none of the " + n + " reference samples converged; nothing written to " + out);
        Path written = files.write("samples", out, p -> CsvData.write(p, res.converged()));
        if (written != null) System.out.println("wrote " + res.convergedCount() + " samples to " + written);
        System.out.printf(Locale.ROOT, "sample n=%d converged=%d notConverged=%d maxNewtonSteps=%d maxResidual=%.3e seconds=%.3f%n",
                n, res.convergedCount(), bad, res.maxIterationsConverged(), res.maxResidualConverged(), seconds);
        return files.exitCode();
    }
}
