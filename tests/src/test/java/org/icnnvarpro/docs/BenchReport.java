package org.icnnvarpro.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A report written by {@code bench --out FILE}, parsed: its timed rows, matmul rates and heap lines. */
record BenchReport(Path file, String machine, Map<String, Row> rows, Map<String, Double> matmul, Map<Integer, Double> heapDeltaMb) {
    /** One timed row: {@code workload N widths d R thr median_ms min_ms cpu_ms units/s GFlop/s mmGFlop/s fmGFlop/s}. */
    record Row(String workload, int n, String widths, int d, int threads, double medianMs, double minMs, double cpuMs, double gflops) {
        String key() {
            return BenchReport.key(workload, n, widths, d, threads);
        }
    }

    static String key(String workload, int n, String widths, int d, int threads) {
        return workload + " N=" + n + " " + widths + " d=" + d + " thr=" + threads;
    }

    private static final Pattern MATMUL = Pattern.compile("matmul (.+?) {2,}(\\S+ \\* \\S+) +([0-9.]+) GFlop/s");
    private static final Pattern HEAP = Pattern.compile("heap N=(\\d+) .*peak-baseline +([0-9.]+) MB");

    static BenchReport read(Path file) throws IOException {
        String machine = null;
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, Double> matmul = new LinkedHashMap<>();
        Map<Integer, Double> heap = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("# machine: ")) machine = line.substring("# machine: ".length());
            Matcher m = MATMUL.matcher(line);
            if (m.matches()) {
                matmul.put(m.group(1).trim() + " " + m.group(2), Double.parseDouble(m.group(3)));
                continue;
            }
            m = HEAP.matcher(line);
            if (m.matches()) {
                heap.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length == 13 && f[1].matches("\\d+") && f[3].matches("\\d+")) {
                Row r = new Row(f[0], Integer.parseInt(f[1]), f[2], Integer.parseInt(f[3]), Integer.parseInt(f[5]), num(f[6]), num(f[7]), num(f[8]),
                        num(f[10]));
                rows.put(r.key(), r);
            }
        }
        if (machine == null || rows.isEmpty()) throw new IllegalStateException(file + " is not a bench report (no machine line or no rows)");
        return new BenchReport(file, machine, rows, matmul, heap);
    }

    private static double num(String s) {
        return s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
    }

    /** The best one-thread matmul rate of the run: the yardstick of the ratios. */
    double referenceMatmul() {
        return matmul.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    Row row(String workload, int n, String widths, int d, int threads) {
        Row r = rows.get(key(workload, n, widths, d, threads));
        if (r == null) throw new AssertionError(file + " has no row " + key(workload, n, widths, d, threads));
        return r;
    }

    List<String> keys() {
        return new ArrayList<>(rows.keySet());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%d rows)", file.getFileName(), rows.size());
    }
}
