package org.icnnvarpro.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.icnnvarpro.model.BatchDerivatives;

/** Options of the benchmark (see {@link #parse}). */
public final class BenchOptions {
    public int[] n = {64, 1024, 8192};
    public List<int[]> widths = new ArrayList<>(List.of(new int[] {32, 32, 32, 32}, new int[] {128, 128, 128, 128}));
    public int[] dims = {2, 8};
    /** 0 means all available processors. */
    public int[] threads = {1, 0};
    /** Timed calls per workload (fewer if the budget runs out): a median over ~0.3 s or more, so a burst of host noise moves it less. */
    public int repeats = 101;
    public int warmup = 10;
    /** Time budget per configuration for the timed repeats (at least 3 repeats are always made). */
    public double budgetSeconds = 4.0;
    public int chunk = BatchDerivatives.DEFAULT_CHUNK;
    public boolean quick = false;
    /** Measure peak heap of a loss+gradient on 100,000 samples (default sweep only, or --heap). */
    public boolean heap = true;
    public boolean matmul = true;
    /** True when the user named a single configuration: the output then ends with {@code lossgrad_ms}. */
    public boolean single = false;
    /** Workload names to time ({@code lossgrad}, {@code inner-barrier}, ...); empty means all. */
    public List<String> only = List.of();
    /** A file that gets everything printed (the report), with the machine and the wall time; or null. */
    public Path out;

    /**
     * Parses {@code --n 64,1024 --widths 32,32,32,32[/128,128,128,128] --dim 2,8 --threads 1,0
     * --repeats R --warmup W --chunk C --budget S --quick --heap --no-heap --no-matmul
     * --workloads lossgrad,inner-barrier,... --out FILE}.
     */
    public static BenchOptions parse(String[] args) {
        BenchOptions o = new BenchOptions();
        boolean named = false, heapSet = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick":
                    o.quick = true;
                    continue;
                case "--heap":
                    o.heap = true;
                    heapSet = true;
                    continue;
                case "--no-heap":
                    o.heap = false;
                    heapSet = true;
                    continue;
                case "--no-matmul":
                    o.matmul = false;
                    continue;
                case "-h":
                case "--help":
                    throw new IllegalArgumentException(usage());
                default:
                    break;
            }
            if (!VALUE_OPTIONS.contains(a)) throw new IllegalArgumentException("unknown option " + a + " (bench --help lists the options)");
            if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + a + " (bench --help lists the options)");
            String v = args[++i];
            try {
                switch (a) {
                    case "--n":
                        o.n = ints(v);
                        named = true;
                        break;
                    case "--widths":
                        o.widths = new ArrayList<>();
                        for (String w : v.split("/")) o.widths.add(ints(w));
                        named = true;
                        break;
                    case "--dim":
                        o.dims = ints(v);
                        named = true;
                        break;
                    case "--threads":
                        o.threads = ints(v);
                        named = true;
                        break;
                    case "--repeats":
                        o.repeats = Integer.parseInt(v.trim());
                        break;
                    case "--warmup":
                        o.warmup = Integer.parseInt(v.trim());
                        break;
                    case "--chunk":
                        o.chunk = Integer.parseInt(v.trim());
                        break;
                    case "--budget":
                        o.budgetSeconds = Double.parseDouble(v.trim());
                        break;
                    case "--out":
                        o.out = Path.of(v);
                        break;
                    case "--workloads":
                        o.only = Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
                        for (String w : o.only)
                            if (!Workloads.NAMES.contains(w))
                                throw new IllegalArgumentException("unknown workload '" + w + "' for --workloads; known: " + String.join(",", Workloads.NAMES));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + a + " (bench --help lists the options)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad value '" + v + "' for " + a);
            }
        }
        if (o.quick) {
            if (!named) {
                o.n = new int[] {1024};
                o.widths = new ArrayList<>(List.of(new int[] {32, 32, 32, 32}));
                o.dims = new int[] {2};
            }
            o.repeats = Math.min(o.repeats, 7);
            o.warmup = Math.min(o.warmup, 3);
            o.budgetSeconds = Math.min(o.budgetSeconds, 1.0);
        }
        if (!heapSet) o.heap = !named && !o.quick;
        o.single = named && o.n.length == 1 && o.widths.size() == 1 && o.dims.length == 1 && o.threads.length == 1;
        if (o.repeats < 1 || o.warmup < 0 || o.chunk < 1) throw new IllegalArgumentException("repeats >= 1, warmup >= 0, chunk >= 1 required");
        for (int x : o.n) if (x < 1) throw new IllegalArgumentException("--n values must be positive");
        for (int x : o.dims) if (x < 1) throw new IllegalArgumentException("--dim values must be positive");
        for (int x : o.threads) if (x < 0) throw new IllegalArgumentException("--threads values must be >= 0 (0 = all)");
        for (int[] w : o.widths) {
            if (w.length == 0) throw new IllegalArgumentException("--widths needs at least one width");
            for (int x : w) if (x < 1) throw new IllegalArgumentException("--widths values must be positive");
        }
        return o;
    }

    /** The options that take a value. */
    private static final List<String> VALUE_OPTIONS =
            List.of("--n", "--widths", "--dim", "--threads", "--repeats", "--warmup", "--chunk", "--budget", "--out", "--workloads");

    static int[] ints(String v) {
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    public static String usage() {
        return "usage: bench [--n 64,1024,8192] [--widths 32,32,32,32[/128,128,128,128]] [--dim 2,8] [--threads 1,0 (0 = all)]\n"
                + "             [--repeats 101] [--warmup 10] [--chunk 256] [--budget 4] [--quick] [--heap|--no-heap] [--no-matmul]\n"
                + "             [--workloads " + String.join(",", Workloads.NAMES) + "] [--out FILE]";
    }
}
