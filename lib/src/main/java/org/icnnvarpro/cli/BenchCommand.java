package org.icnnvarpro.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.icnnvarpro.bench.Bench;
import org.icnnvarpro.bench.BenchOptions;
import org.icnnvarpro.io.Memory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code bench}: timing of the loss+gradient against the measured matrix-multiply rate (see BENCHMARKS.md). */
@Command(name = "bench", description = {"Benchmark the loss+gradient (time, work units/s, GFlop/s against the measured matmul rate).",
        "Options: --n 1024 --widths 32,32,32,32 --dim 2 --threads 1 [--repeats R --warmup W --quick]; no options: the full sweep."})
final class BenchCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        if (args.contains("-h") || args.contains("--help")) {
            System.out.println(BenchOptions.usage());
            return 0;
        }
        String[] a = args.toArray(new String[0]);
        BenchOptions o = BenchOptions.parse(a);
        Footprint f = new Footprint();
        long worst = 0;
        String request = "";
        for (int n : o.n)
            for (int[] w : o.widths)
                for (int d : o.dims)
                    for (int t : o.threads) {
                        // data, features and the inner problem on them, the engine, and the network
                        long b = Memory.plus(Memory.plus(Footprint.samples(n, d), Footprint.inner(n, d, w[w.length - 1])),
                                Memory.plus(Footprint.engine(d, w, t), Memory.times(4, Footprint.model(d, w))));
                        if (b > worst) {
                            worst = b;
                            request = "bench --n " + n + " --widths " + Require.join(w) + " --dim " + d + " --threads " + t;
                        }
                    }
        f.add(request, worst).check();
        Bench.execute(a);
        return 0;
    }
}
