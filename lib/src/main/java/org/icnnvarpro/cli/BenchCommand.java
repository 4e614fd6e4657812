package org.icnnvarpro.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.icnnvarpro.bench.Bench;
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
        Bench.execute(args.toArray(new String[0]));
        return 0;
    }
}
