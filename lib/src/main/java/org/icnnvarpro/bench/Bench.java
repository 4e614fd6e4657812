package org.icnnvarpro.bench;

import org.icnnvarpro.io.AtomicFile;
import org.icnnvarpro.io.FilePlan;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.kernels.Kernels;
import org.icnnvarpro.kernels.Machine;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;

/**
 * Speed benchmark of the SAA loss and its weight gradient, of the inner solves and of an ℓBFGS
 * VarPro iteration ({@link Workloads}), with the dense matrix-multiply rate measured in the same
 * process as the yardstick ({@link MatmulRates}) and the peak heap of a loss+gradient.
 *
 * <p>For each configuration ({@link Config}: N, hidden widths, input dimension d, threads) and
 * workload it warms up until the per-call time has settled, repeats, and reports the median and
 * minimum milliseconds per evaluation, the calling thread's CPU-time median (one thread), work units
 * per second (samples propagated forward and back), and the achieved flop rate by the counts of
 * {@link Config}: "GFlop/s" the performed products plus the rest, "mmGFlop/s" only the performed
 * products, "fmGFlop/s" the forward-mode count of docs/math.md §10 (Hessian rows carried forward and their adjoint) divided by the time. The
 * ratios printed at the end divide "GFlop/s" by the best one-thread matmul rate of the same run.
 */
public final class Bench {
    private Bench() {}

    /** One timed row of the report. */
    public record Row(String workload, Config config, int threadsUsed, int repeats, double medianMs, double minMs,
                      double cpuMedianMs, double workUnitsPerSecond, double gflops, double mmGflops,
                      double designGflops) {}

    /** A matmul rate measurement. */
    public record MatmulRate(String kernel, String shape, double gflops) {}

    /** Peak heap of one loss+gradient. */
    public record HeapRow(int n, long baselineBytes, long peakBytes) {
        public long deltaBytes() { return peakBytes - baselineBytes; }
    }

    /** Everything {@link #run} measured. */
    public record Report(List<Row> rows, List<MatmulRate> matmul, List<HeapRow> heap) {
        /** The best large-product matmul rate (GFlop/s) of the given thread count class, or NaN. */
        public double referenceMatmul() {
            return matmul.stream().mapToDouble(MatmulRate::gflops).max().orElse(Double.NaN);
        }
    }

    // ------------------------------------------------------------------ timing

    /** Runs the benchmark, printing each row to {@code System.out} as it is timed, and returns the figures. */
    public static Report run(BenchOptions o) {
        return run(o, System.out::println);
    }

    /** Runs the benchmark, handing each row's line to {@code out} as it is timed, and returns the figures. */
    static Report run(BenchOptions o, Consumer<String> out) {
        List<Row> rows = new ArrayList<>();
        int all = Runtime.getRuntime().availableProcessors();
        for (int[] widths : o.widths)
            for (int d : o.dims)
                for (int n : o.n)
                    for (int t : o.threads) {
                        Config c = new Config(n, widths, d, t == 0 ? all : t);
                        for (Workload w : Workloads.of(o, c)) {
                            try (w) {
                                Row r = time(w, c, o);
                                rows.add(r);
                                out.accept(format(r));
                            }
                        }
                    }
        List<MatmulRate> mm = o.matmul ? MatmulRates.measure(o) : List.of();
        List<HeapRow> heap = o.heap ? heapRows(o) : List.of();
        return new Report(rows, mm, heap);
    }

    /** True when the median of the last 5 call times is within 5 % of the median of the 5 before. */
    static boolean settled(double[] recent, int calls) {
        if (calls < recent.length) return false;
        double[] a = new double[5], b = new double[5];
        for (int i = 0; i < 5; i++) {
            a[i] = recent[(calls - 1 - i) % recent.length];
            b[i] = recent[(calls - 6 - i) % recent.length];
        }
        double ma = median(a), mb = median(b);
        return Math.abs(ma - mb) <= 0.05 * Math.max(ma, mb);
    }

    static Row time(Workload w, Config c, BenchOptions o) {
        double sink = 0;
        long t0 = System.nanoTime();
        int warm = 0;
        // Warm up: at least o.warmup calls, and at least ~0.5 s (or budget/4) so the JIT has compiled the kernels.
        // Then go on until the per-call time has settled (the median of the last 5 calls within 5 % of the 5
        // before): the Vector API kernels run ~100x slower until C2 has compiled them, which can take
        // seconds on a loaded machine. Capped at 20 s.
        // Before C2 has compiled the vector kernels, calls can also be steadily slow for a while (small N on a
        // loaded machine), so with them the warm-up also waits until the JIT has been idle for 0.5 s.
        boolean vector = !"plain".equals(Kernels.defaults().name());
        double warmSeconds = vector ? 1.0 : Math.min(0.5, o.budgetSeconds / 4);
        int warmCalls = vector ? Integer.MAX_VALUE : 50 * Math.max(1, o.warmup);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watchJit = vector && jit != null && jit.isCompilationTimeMonitoringSupported();
        long jitMs = watchJit ? jit.getTotalCompilationTime() : 0, jitChanged = System.nanoTime();
        double[] recent = new double[10];
        while (true) {
            long now = System.nanoTime();
            double el = (now - t0) * 1e-9;
            if (watchJit) {
                long ms = jit.getTotalCompilationTime();
                if (ms != jitMs) {
                    jitMs = ms;
                    jitChanged = now;
                }
            }
            boolean jitQuiet = !watchJit || (now - jitChanged) * 1e-9 >= 0.5;
            boolean more = warm < 1
                    || (warm < o.warmup && el < o.budgetSeconds / 2)
                    || (el < warmSeconds && warm < warmCalls)
                    || (el < 20 && !(settled(recent, warm) && jitQuiet));
            if (!more) break;
            long s = System.nanoTime();
            sink += w.runOnce();
            recent[warm % recent.length] = (System.nanoTime() - s) * 1e-9 / w.evaluationsPerRun();
            warm++;
        }
        double oneRun = warm >= recent.length ? median(recent.clone()) * w.evaluationsPerRun() : (System.nanoTime() - t0) * 1e-9 / Math.max(1, warm);
        int reps = (int) Math.max(3, Math.min(o.repeats, Math.floor(o.budgetSeconds / Math.max(oneRun, 1e-9))));
        double[] ms = new double[reps], cpu = new double[reps];
        boolean cpuTime = THREADS.isCurrentThreadCpuTimeSupported() && c.threads() == 1;
        for (int r = 0; r < reps; r++) {
            long cs = cpuTime ? THREADS.getCurrentThreadCpuTime() : 0;
            long s = System.nanoTime();
            sink += w.runOnce();
            ms[r] = (System.nanoTime() - s) * 1e-6 / w.evaluationsPerRun();
            cpu[r] = cpuTime ? (THREADS.getCurrentThreadCpuTime() - cs) * 1e-6 / w.evaluationsPerRun() : Double.NaN;
        }
        if (Double.isNaN(sink)) System.err.println("# (NaN result in " + w.name() + ")");
        double med = median(ms), cpuMed = median(cpu);
        double flops = w.matmulFlops() + w.otherFlops();
        return new Row(w.name(), c, c.threads(), reps, med, Arrays.stream(ms).min().orElse(med), cpuMed, w.workUnits() / (med * 1e-3),
                flops / (med * 1e6), w.matmulFlops() / (med * 1e6), w.designFlops() / (med * 1e6));
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    static String header() {
        return String.format(Locale.ROOT, "%-20s %6s %-10s %3s %3s %4s %10s %10s %10s %12s %8s %9s %9s",
                "workload", "N", "widths", "d", "R", "thr", "median_ms", "min_ms", "cpu_ms", "units/s", "GFlop/s", "mmGFlop/s", "fmGFlop/s");
    }

    static String format(Row r) {
        Config c = r.config();
        return String.format(Locale.ROOT, "%-20s %6d %-10s %3d %3d %4d %10.3f %10.3f %10.3f %12.4g %8.2f %9.2f %9.2f",
                r.workload(), c.n(), c.widthsLabel(), c.d(), c.rowsPerSample(), r.threadsUsed(), r.medianMs(), r.minMs(), r.cpuMedianMs(),
                r.workUnitsPerSecond(), r.gflops(), r.mmGflops(), r.designGflops());
    }

    // ------------------------------------------------------------------ heap

    static List<HeapRow> heapRows(BenchOptions o) {
        List<HeapRow> out = new ArrayList<>();
        for (int n : new int[] {10_000, 100_000}) out.add(peakHeap(n, o.chunk));
        return out;
    }

    /**
     * Peak heap (sum of the heap pools' peak usage, reset after a GC just before the call) of one
     * loss+gradient on N samples with 4×32, d = 2, one thread; data and network are allocated
     * before the reset and counted in the baseline.
     */
    static HeapRow peakHeap(int n, int chunk) {
        Icnn net = Workloads.network(new int[] {32, 32, 32, 32}, 2);
        Samples x = Workloads.data(n, 2);
        try (BatchDerivatives engine = new BatchDerivatives(1, chunk)) {
            SaaLoss loss = new SaaLoss(engine);
            double[] g = new double[net.size()];
            loss.valueAndGradient(net, Datasets.moons(Math.min(n, 2 * chunk), 0.05, 2), g); // buffers of the engine sized
            List<MemoryPoolMXBean> pools = new ArrayList<>();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) pools.add(p);
            System.gc();
            System.gc();
            long base = 0;
            for (MemoryPoolMXBean p : pools) base += p.getUsage().getUsed();
            for (MemoryPoolMXBean p : pools) p.resetPeakUsage();
            loss.valueAndGradient(net, x, g);
            long peak = 0;
            for (MemoryPoolMXBean p : pools) peak += p.getPeakUsage().getUsed();
            return new HeapRow(n, base, Math.max(peak, base));
        }
    }

    // ------------------------------------------------------------------ output

    static void print(Report r, BenchOptions o, Consumer<String> out) {
        if (!r.matmul().isEmpty()) {
            out.accept("");
            out.accept("# dense matrix-multiply rate, one thread, same process");
            for (MatmulRate m : r.matmul())
                out.accept(String.format(Locale.ROOT, "matmul %-32s %-22s %8.2f GFlop/s", m.kernel(), m.shape(), m.gflops()));
            double ref = r.referenceMatmul();
            out.accept("");
            out.accept(String.format(Locale.ROOT,
                    "# ratio = achieved GFlop/s (all flops performed) / best one-thread matmul rate (%.2f GFlop/s); by wall median, and by CPU-time median (1 thread); last: fmGFlop/s / matmul rate", ref));
            for (Row row : r.rows()) {
                if (!(row.gflops() > 0)) continue;   // workloads without counted flops (Newton-only solves)
                Config c = row.config();
                double cpuRate = row.gflops() * row.medianMs() / row.cpuMedianMs();
                out.accept(String.format(Locale.ROOT, "ratio %-20s N=%-6d %-10s d=%-2d thr=%-2d wall %6.1f%%  cpu %6.1f%%  (per thread %6.1f%%)  math.md §10 forward-mode count: %6.1f%%",
                        row.workload(), c.n(), c.widthsLabel(), c.d(), row.threadsUsed(), 100 * row.gflops() / ref,
                        100 * cpuRate / ref, 100 * row.gflops() / ref / row.threadsUsed(), 100 * row.designGflops() / ref));
            }
        }
        if (!r.heap().isEmpty()) {
            out.accept("");
            out.accept("# peak heap of one loss+gradient, 4x32, d=2, 1 thread (baseline = after GC, before the call)");
            for (HeapRow h : r.heap())
                out.accept(String.format(Locale.ROOT, "heap N=%-7d baseline %8.1f MB  peak %8.1f MB  peak-baseline %8.1f MB",
                        h.n(), h.baselineBytes() / 1e6, h.peakBytes() / 1e6, h.deltaBytes() / 1e6));
        }
        if (o.single && !r.rows().isEmpty()) {
            r.rows().stream().filter(row -> row.workload().equals("lossgrad")).reduce((a, b) -> b)
                    .ifPresent(row -> out.accept(String.format(Locale.ROOT, "lossgrad_ms %.4f", row.medianMs())));
        }
    }

    public static void main(String[] args) {
        try {
            execute(args);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Parses the options, runs and prints (the {@code bench} command); with {@code --out FILE} the
     * printed lines also go to that file, written when the run ends (replaced atomically), after a
     * first line with the command and a second with the machine, and with the run's wall time and
     * the load average at its end as the last line. Bad options throw {@link IllegalArgumentException};
     * an output file that cannot be written fails before the run starts.
     */
    public static void execute(String[] args) {
        BenchOptions o = BenchOptions.parse(args);
        FilePlan.create().writes("--out", o.out).check();
        long t0 = System.nanoTime();
        List<String> lines = new ArrayList<>();
        Consumer<String> out = line -> {
            System.out.println(line);
            lines.add(line);
        };
        if (o.out != null) out.accept("# command: bench " + String.join(" ", args));
        out.accept("# machine: " + Machine.describe() + ", load average " + Machine.load()
                + (Kernels.vectorAvailable() ? "" : " (java --add-modules jdk.incubator.vector for the vector kernels)"));
        out.accept(String.format(Locale.ROOT, "# chunk %d; times per evaluation in ms (median and minimum of the timed calls, cpu = the calling thread's CPU time)", o.chunk));
        out.accept(header());
        Report r = run(o, out);
        print(r, o, out);
        if (o.out != null) {
            out.accept(String.format(Locale.ROOT, "# wall time %.0f s, load average at the end %s", (System.nanoTime() - t0) * 1e-9, Machine.load()));
            AtomicFile.writeString(o.out, String.join("\n", lines) + "\n");
            System.out.println("wrote " + o.out);
        }
    }
}
