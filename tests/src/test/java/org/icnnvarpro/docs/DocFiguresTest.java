package org.icnnvarpro.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The figures that README.md, RESULTS.md and BENCHMARKS.md quote against the committed reports
 * they come from: {@code docs/results/index.md} (written by {@code reproduce}) and
 * {@code docs/bench/*.txt} (written by {@code bench --out}). A figure counts as equal when the
 * report's value, rounded to the digits the document shows, is the document's figure.
 *
 * <p>Checked: the run time of {@code reproduce}; Table 4.1 and the figures RESULTS.md derives from
 * it (gaps, ranges, the larger-batch rerun, Table 3.1's ratios, the preimage counts); every bench
 * figure of README.md and RESULTS.md (two-thread figure included); every cell of BENCHMARKS.md's tables that names a report
 * column. And no time (a number with ms, s or min) may stand in README.md or RESULTS.md unless a
 * check covers it, it is the stated external reference (PyTorch) or a limit ("more than 90 s").
 */
class DocFiguresTest {
    static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    static final String NUM = "([−+-]?[0-9][0-9,]*(?:\\.[0-9]+)?)";
    static final String MEAN_STD = "([−-]?[0-9.]+ ± [0-9.]+)";

    static ResultsIndex index;
    static BenchReport sweep, threads, plain;

    @BeforeAll
    static void readReports() throws IOException {
        index = ResultsIndex.read(ROOT.resolve("docs/results/index.md"));
        sweep = BenchReport.read(ROOT.resolve("docs/bench/sweep.txt"));
        threads = BenchReport.read(ROOT.resolve("docs/bench/threads.txt"));
        plain = BenchReport.read(ROOT.resolve("docs/bench/plain.txt"));
    }

    /** A checked claim: every match of {@code pattern} in {@code doc} must pass {@code check} (null = passes). */
    record Claim(String doc, String what, Pattern pattern, BiFunction<Matcher, String, String> check) {}

    /** A claim whose regex's spaces match any run of white space (a sentence may wrap). */
    static Claim claim(String doc, String what, String regex, BiFunction<Matcher, String, String> check) {
        return new Claim(doc, what, Pattern.compile(regex.replace(" ", "\\s+"), Pattern.MULTILINE), check);
    }

    // ------------------------------------------------------------------ equality at the digits shown

    /** Null if {@code value} rounded to the decimals of {@code shown} is {@code shown}, else a message. */
    static String same(String shown, double value, String source) {
        String s = normalize(shown);
        int decimals = s.contains(".") ? s.length() - s.indexOf('.') - 1 : 0;
        double doc = Double.parseDouble(s);
        double rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
        double roundedUp = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
        if (doc == rounded || doc == roundedUp) return null;
        return "says " + shown + " but " + source + " has " + value;
    }

    /** Null if two cells as printed are the same number(s) (minus signs and a leading + ignored). */
    static String sameText(String shown, String report, String source) {
        return normalize(shown).equals(normalize(report)) ? null : "says " + shown + " but " + source + " has " + report;
    }

    static String normalize(String s) {
        return s.replace('−', '-').replace(",", "").replaceFirst("^\\+", "").trim();
    }

    static double mean(String meanStd) {
        return Double.parseDouble(normalize(meanStd.split("±")[0]));
    }

    static String firstError(String... errors) {
        for (String e : errors) if (e != null) return e;
        return null;
    }

    // ------------------------------------------------------------------ the claims

    static final List<String> SCHEMES = List.of("Full Adam", "Adam VarPro", "ℓBFGS VarPro", "Adam-ℓBFGS VarPro");

    static String idx(String what) {
        return "docs/results/index.md (" + what + ")";
    }

    static String bench(BenchReport r, String key) {
        return "docs/bench/" + r.file().getFileName() + " (" + key + ")";
    }

    /** The sweep's one-thread row of a workload at the thesis's configuration (N = 1024, 4 × 32, d = 2). */
    static BenchReport.Row sweepRow(String workload) {
        return sweep.row(workload, 1024, "4x32", 2, 1);
    }

    /** The flop rate by the thread's CPU time, in % of the run's best one-thread matmul rate (itself timed by CPU time). */
    static double cpuPercentOfMatmul(BenchReport r, BenchReport.Row row) {
        return 100 * row.gflops() * row.medianMs() / row.cpuMs() / r.referenceMatmul();
    }

    static List<Claim> claims() {
        List<Claim> c = new ArrayList<>();
        for (String doc : List.of("README.md", "RESULTS.md")) {
            c.add(claim(doc, "reproduce's run time", "(\\d+) s in the committed run",
                    (m, d) -> m.group(1).equals(String.valueOf(index.seconds())) ? null
                            : "says " + m.group(1) + " s but " + idx("last line") + " has " + index.seconds() + " s"));
        }
        c.add(claim("README.md", "loss+gradient on the vector and on the plain kernels, two consecutive runs",
                "loss\\+gradient at N = 1024, 4 × 32, d = 2 takes " + NUM + " ms of CPU time on one thread with them, against " + NUM + " ms on the plain loops",
                (m, d) -> firstError(same(m.group(1), threads.row("lossgrad", 1024, "4x32", 2, 1).cpuMs(), bench(threads, "lossgrad thr=1, cpu")),
                        threads.machine().contains("kernels vector") ? null : bench(threads, "machine line") + " does not say kernels vector",
                        same(m.group(2), plain.row("lossgrad", 1024, "4x32", 2, 1).cpuMs(), bench(plain, "lossgrad, cpu")),
                        plain.machine().contains("kernels plain") ? null : bench(plain, "machine line") + " does not say kernels plain")));
        c.add(claim("RESULTS.md", "loss+gradient, one thread", "loss\\+gradient at N = 1024, 4 × 32, d = 2 takes " + NUM + " ms of CPU time on one thread",
                (m, d) -> same(m.group(1), sweepRow("lossgrad").cpuMs(), bench(sweep, "lossgrad, cpu"))));
        c.add(claim("RESULTS.md", "Table 4.1, thesis model: test J here and in the thesis",
                "^\\| (Full Adam|Adam VarPro|ℓBFGS VarPro|Adam-ℓBFGS VarPro) \\| " + MEAN_STD + " \\| (" + MEAN_STD.substring(1, MEAN_STD.length() - 1) + "|–) \\|$",
                (m, d) -> firstError(sameText(m.group(2), index.cell(ResultsIndex.THESIS, m.group(1), 4), idx("test J")),
                        sameText(m.group(3), index.cell(ResultsIndex.THESIS, m.group(1), 7), idx("thesis test")))));
        c.add(claim("RESULTS.md", "Table 4.1, quadratic feature: test J",
                "With the quadratic feature `½ w_q‖x‖²`: Full Adam " + MEAN_STD + ", Adam VarPro " + MEAN_STD + ",\\s+ℓBFGS VarPro " + MEAN_STD
                        + ", Adam-ℓBFGS VarPro " + MEAN_STD + "\\.",
                (m, d) -> {
                    for (int i = 0; i < 4; i++) {
                        String e = sameText(m.group(i + 1), index.cell(ResultsIndex.QUADRATIC, SCHEMES.get(i), 4), idx("quadratic, test J of " + SCHEMES.get(i)));
                        if (e != null) return e;
                    }
                    return null;
                }));
        c.add(claim("RESULTS.md", "test J here against the thesis's, 'x vs y'", NUM + " vs " + NUM,
                (m, d) -> {
                    for (String s : SCHEMES) {
                        String thesis = index.cell(ResultsIndex.THESIS, s, 7);
                        if (thesis.equals("–")) continue;
                        if (same(m.group(1), mean(index.cell(ResultsIndex.THESIS, s, 4)), "") == null && same(m.group(2), mean(thesis), "") == null) return null;
                    }
                    return "no scheme has test J " + m.group(1) + " here and " + m.group(2) + " in the thesis in " + idx("Table 4.1, thesis model");
                }));
        c.add(claim("RESULTS.md", "Table 3.1's ratios", "ratios " + NUM + " \\(thesis: " + NUM + "–" + NUM + "\\)",
                (m, d) -> {
                    for (double r : index.table31Ratios()) {
                        String e = same(m.group(1), r, idx("Table 3.1 ratio"));
                        if (e != null) return e;
                    }
                    return null;
                }));
        c.add(claim("RESULTS.md", "preimages found by the generator", "found a preimage for all (\\d+) reference samples",
                (m, d) -> index.preimages().stream().filter(p -> p.startsWith(m.group(1) + " of ")).count() >= 2 ? null
                        : "no two Figure 4.2 captions in " + idx("captions") + " say " + m.group(1) + " of " + m.group(1) + ": " + index.preimages()));
        // bench figures quoted in RESULTS.md's speed section and the README
        c.add(claim("RESULTS.md", "fraction of the matmul rate", NUM + " % of the one-thread matrix-multiply rate measured in the same run",
                (m, d) -> same(m.group(1), cpuPercentOfMatmul(sweep, sweepRow("lossgrad")), bench(sweep, "ratio by CPU time"))));
        c.add(claim("RESULTS.md", "inner solve given the features", "the barrier inner solve \\(Algorithm 1\\) takes " + NUM + " ms of CPU time given the features",
                (m, d) -> same(m.group(1), sweepRow("inner-barrier-alg1").cpuMs(), bench(sweep, "inner-barrier-alg1, cpu"))));
        c.add(claim("RESULTS.md", "features pass", "its features pass \\([^)]*\\) another " + NUM + " ms",
                (m, d) -> same(m.group(1), sweepRow("features").cpuMs(), bench(sweep, "features, cpu"))));
        c.add(claim("RESULTS.md", "loss+gradient on two threads against one, one run",
                "On two threads the loss\\+gradient takes " + NUM + " ms \\(wall-clock median\\) against " + NUM + " ms on one thread in the same run, " + NUM + " × as fast",
                (m, d) -> {
                    BenchReport.Row one = threads.row("lossgrad", 1024, "4x32", 2, 1), two = threads.row("lossgrad", 1024, "4x32", 2, 2);
                    return firstError(same(m.group(1), two.medianMs(), bench(threads, "lossgrad thr=2, median")),
                            same(m.group(2), one.medianMs(), bench(threads, "lossgrad thr=1, median")),
                            same(m.group(3), one.medianMs() / two.medianMs(), bench(threads, "median thr=1 / thr=2")));
                }));
        return c;
    }

    /**
     * The study's figures that RESULTS.md quotes (its section "Why the ordering differs"): every
     * mean ± std with three decimals and every 95 % interval {@code [a, b]} there must stand, as
     * printed, in the study's report {@code docs/results/study/index.md} (which {@code reproduce
     * --study} writes from the committed runs) or in {@code docs/results/index.md} (the three-seed
     * runs of {@code reproduce}). The audit's own figures, quoted in the first column of its table,
     * are not checked.
     */
    @Test
    void resultsQuoteTheStudyReport() throws IOException {
        String results = Files.readString(ROOT.resolve("RESULTS.md"));
        int from = results.indexOf("## Why the ordering differs"), to = results.indexOf("\n## ", from + 1);
        assertTrue(from >= 0, "RESULTS.md has no section '## Why the ordering differs'");
        // the first column of the audit table quotes the audit's own figures: not this project's
        String section = signs(results.substring(from, to < 0 ? results.length() : to)).replaceAll("(?m)^\\| \\*\\*[^|]*\\|", "|");
        String study = signs(Files.readString(ROOT.resolve("docs/results/study/index.md")) + Files.readString(ROOT.resolve("docs/results/index.md")));
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Pattern p : List.of(Pattern.compile("-?[0-9]+\\.[0-9]{3} ± [0-9]+\\.[0-9]{3}"),
                Pattern.compile("\\[[-+]?[0-9]+\\.[0-9]{3}, [-+]?[0-9]+\\.[0-9]{3}\\]"))) {
            Matcher m = p.matcher(section);
            while (m.find()) {
                checked++;
                String f = m.group();
                if (!study.contains(f)) missing.add(f);
            }
        }
        assertTrue(checked >= 20, "only " + checked + " study figures found in RESULTS.md: reworded? update this test");
        assertEquals(List.of(), missing, "figures in RESULTS.md that docs/results/study/index.md does not print");
    }

    /** Minus signs as '-' and no '+' before a number: the report prints the sign of an interval's ends, RESULTS.md may not. */
    static String signs(String s) {
        return s.replace('−', '-').replaceAll("\\+(?=[0-9])", "");
    }

    /** Times allowed without a check: a limit, or the stated external reference. */
    static final List<Pattern> ALLOWED = List.of(Pattern.compile("more than 90 s"), Pattern.compile("about 18 ms"),
            Pattern.compile("limit stays 90 s"), Pattern.compile("300 s there"), Pattern.compile("the 90 s"));

    static final Pattern TIME = Pattern.compile("(?<![\\w.])[0-9][0-9,]*(?:\\.[0-9]+)?(?:–[0-9][0-9,]*(?:\\.[0-9]+)?)? ?(?:ms|s|min|minutes)\\b");

    @Test
    void readmeAndResultsQuoteTheCommittedReports() throws IOException {
        List<String> errors = new ArrayList<>();
        Map<String, BitSet> covered = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (String doc : List.of("README.md", "RESULTS.md")) {
            texts.put(doc, Files.readString(ROOT.resolve(doc)));
            covered.put(doc, new BitSet());
        }
        for (Claim cl : claims()) {
            String text = texts.get(cl.doc());
            Matcher m = cl.pattern().matcher(text);
            int found = 0;
            while (m.find()) {
                found++;
                covered.get(cl.doc()).set(m.start(), m.end());
                String e;
                try {
                    e = cl.check().apply(m, cl.doc());
                } catch (RuntimeException | AssertionError ex) {
                    e = ex.getMessage();
                }
                if (e != null) errors.add(cl.doc() + ", " + cl.what() + ": '" + m.group() + "' " + e);
            }
            if (found == 0) errors.add(cl.doc() + ": no sentence matches the check '" + cl.what() + "' (reworded? update DocFiguresTest)");
        }
        for (var doc : texts.entrySet()) {
            String text = doc.getValue();
            BitSet ok = covered.get(doc.getKey());
            for (Pattern p : ALLOWED) {
                Matcher m = p.matcher(text);
                while (m.find()) ok.set(m.start(), m.end());
            }
            Matcher t = TIME.matcher(text);
            while (t.find()) {
                if (ok.get(t.start(), t.end()).cardinality() < t.end() - t.start()) {
                    int line = text.substring(0, t.start()).split("\n", -1).length;
                    errors.add(doc.getKey() + ":" + line + ": the time '" + t.group() + "' is not checked against a committed report");
                }
            }
        }
        if (!errors.isEmpty()) fail(errors.size() + " figure(s) disagree with the committed reports:\n  " + String.join("\n  ", errors));
    }

    /**
     * Every table of BENCHMARKS.md with the columns workload, N, widths, d and threads: its median,
     * minimum and CPU milliseconds, GFlop/s, percentage of the matmul rate and ratio to the
     * loss+gradient agree with the report the table names in its caption line ("Report: docs/bench/…");
     * so do the tables of matmul rates (kernel, shape) and of the peak heap (heap N).
     */
    @Test
    void benchmarkTablesAreTheReportsFigures() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("BENCHMARKS.md"));
        List<String> errors = new ArrayList<>();
        BenchReport report = sweep;
        int tables = 0, cells = 0;
        Pattern reportRef = Pattern.compile("\\(docs/bench/([\\w.-]+\\.txt)\\)");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher rm = reportRef.matcher(line);
            if (line.startsWith("Report:") && rm.find()) report = BenchReport.read(ROOT.resolve("docs/bench").resolve(rm.group(1)));
            if (!line.startsWith("| workload |") && !line.startsWith("| kernel |") && !line.startsWith("| heap N |")) continue;
            List<String> header = ResultsIndex.cells(line);
            tables++;
            for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
                List<String> row = ResultsIndex.cells(lines.get(i));
                Map<String, String> cell = new LinkedHashMap<>();
                for (int k = 0; k < header.size() && k < row.size(); k++) cell.put(header.get(k), row.get(k).replace("**", ""));
                String where = "BENCHMARKS.md:" + (i + 1) + " ";
                try {
                    if (cell.containsKey("heap N")) {
                        Double mb = report.heapDeltaMb().get(Integer.parseInt(normalize(cell.get("heap N"))));
                        if (mb == null) errors.add(where + "no heap line for N = " + cell.get("heap N") + " in " + report);
                        else if (cell.containsKey("peak − baseline MB")) {
                            cells++;
                            String e = same(cell.get("peak − baseline MB"), mb, report.toString());
                            if (e != null) errors.add(where + e);
                        }
                        continue;
                    }
                    if (cell.containsKey("kernel")) {
                        Double g = report.matmul().get(cell.get("kernel") + " " + cell.get("shape"));
                        if (g == null) errors.add(where + "no matmul line '" + cell.get("kernel") + " " + cell.get("shape") + "' in " + report);
                        else if (cell.containsKey("GFlop/s")) {
                            cells++;
                            String e = same(cell.get("GFlop/s"), g, report.toString());
                            if (e != null) errors.add(where + e);
                        }
                        continue;
                    }
                    BenchReport.Row r = report.row(cell.get("workload").replace("`", ""), Integer.parseInt(normalize(cell.get("N"))), cell.get("widths"),
                            Integer.parseInt(cell.get("d")), Integer.parseInt(cell.get("threads")));
                    for (var e : cell.entrySet()) {
                        String shown = e.getValue();
                        if (shown.isEmpty() || shown.equals("–")) continue;
                        Double value = switch (e.getKey()) {
                            case "median ms" -> r.medianMs();
                            case "min ms" -> r.minMs();
                            case "CPU ms" -> r.cpuMs();
                            case "GFlop/s" -> r.gflops();
                            case "% of matmul" -> 100 * r.gflops() / report.referenceMatmul();
                            case "% of matmul (CPU)" -> cpuPercentOfMatmul(report, r);
                            case "× lossgrad" -> r.medianMs() / report.row("lossgrad", r.n(), r.widths(), r.d(), r.threads()).medianMs();
                            case "CPU × lossgrad" -> r.cpuMs() / report.row("lossgrad", r.n(), r.widths(), r.d(), r.threads()).cpuMs();
                            default -> null;
                        };
                        if (value == null) continue;
                        cells++;
                        String err = same(shown, value, report + " " + r.key());
                        if (err != null) errors.add(where + e.getKey() + ": " + err);
                    }
                } catch (RuntimeException | AssertionError ex) {
                    errors.add(where + ex.getMessage());
                }
            }
        }
        assertTrue(tables >= 3, "BENCHMARKS.md has " + tables + " tables with a workload or kernel column");
        assertTrue(cells >= 30, "only " + cells + " figures of BENCHMARKS.md checked");
        if (!errors.isEmpty()) fail(errors.size() + " figure(s) of BENCHMARKS.md disagree with the reports:\n  " + String.join("\n  ", errors));
    }

    /**
     * The reports are what the commands write: each bench report its command, machine and wall time;
     * the index its run time, and (since {@code reproduce} records it) the machine and its load, which
     * must then be the bench reports' CPU model.
     */
    @Test
    void theReportsSayWhereAndHowTheyWereMade() throws IOException {
        for (String name : List.of("sweep.txt", "threads.txt", "plain.txt")) {
            List<String> bench = Files.readAllLines(ROOT.resolve("docs/bench").resolve(name));
            assertTrue(bench.get(0).startsWith("# command: bench"), name + ": " + bench.get(0));
            assertTrue(bench.get(1).startsWith("# machine: ") && bench.get(1).contains("load average"), name + ": " + bench.get(1));
            assertTrue(bench.get(bench.size() - 1).startsWith("# wall time "), name + ": " + bench.get(bench.size() - 1));
        }
        for (BenchReport r : List.of(threads, plain))
            assertEquals(sweep.machine().split(",")[0], r.machine().split(",")[0], "the bench reports ran on the same CPU model");
        String idx = Files.readString(ROOT.resolve("docs/results/index.md"));
        assertTrue(index.seconds() > 0, "docs/results/index.md states its run time");
        String machine = machineOf(idx);
        if (!machine.isEmpty())
            assertEquals(sweep.machine().split(",")[0], machine.split(",")[0], "the bench report and the reproduction ran on the same CPU model");
    }

    static final Pattern RUNNABLE_MB = Pattern.compile("runnable jar is ([0-9.]+) MB|minimized: ([0-9.]+) MB");
    static final Pattern THIN_KB = Pattern.compile("`org\\.icnnvarpro:icnn-varpro:[^`]+`\\s+\\(([0-9,]+) KB");

    /**
     * The jar sizes README.md states against the jars of this build, within 10 % (the code grows
     * between README edits; a README that still quoted the unminimized 45 MB, or the runnable jar's size
     * for the thin one, is far outside). Skipped where the jars were not built.
     */
    @Test
    void readmeJarSizesAreTheBuiltJars() throws IOException {
        Path runnable = ROOT.resolve("lib/target/icnn-varpro.jar");
        Path thin = ROOT.resolve("lib/target/icnn-varpro-0.1.0-SNAPSHOT.jar");
        Assumptions.assumeTrue(Files.isRegularFile(runnable) && Files.isRegularFile(thin), "lib/target has no jars (build lib first)");
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = RUNNABLE_MB.matcher(readme);
        assertTrue(m.find(), "README.md states the runnable jar's size ('minimized: N MB')");
        double mb = Double.parseDouble(m.group(1) != null ? m.group(1) : m.group(2));
        assertWithin(mb * 1e6, Files.size(runnable), "README.md's size of lib/target/icnn-varpro.jar, " + mb + " MB");
        Matcher k = THIN_KB.matcher(readme);
        assertTrue(k.find(), "README.md states the thin jar's size ('`org.icnnvarpro:icnn-varpro:…` (N KB')");
        double kb = Double.parseDouble(normalize(k.group(1)));
        assertWithin(kb * 1e3, Files.size(thin), "README.md's size of the thin jar, " + kb + " KB");
    }

    static void assertWithin(double stated, long actual, String what) {
        assertTrue(Math.abs(stated - actual) <= 0.1 * actual,
                what + ", is more than 10 % from the built jar's " + actual + " bytes: update README.md");
    }

    static String machineOf(String index) {
        Matcher m = Pattern.compile("_Generated by `reproduce` in \\d+ s on (.*?); load average").matcher(index);
        return m.find() ? m.group(1) : "";
    }
}
