package org.icnnvarpro.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.icnnvarpro.io.AtomicFile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A flat record of many training runs (one row per run), as the study of {@code reproduce --study}
 * writes it to {@code runs.csv}, with the paired comparisons between schemes computed from it.
 * Runs are compared seed by seed: a seed fixes the data and the initial network, so two schemes
 * with the same seed, experiment, variant of settings aside, initialization and budget started
 * from the same point.
 *
 * <pre>{@code
 * StudyRuns runs = StudyRuns.read(Path.of("docs/results/study/runs.csv"));
 * System.out.println(runs.experiment("main").budget(300_000).pairedMarkdown("full-adam"));
 * PairedComparison c = runs.experiment("main").budget(300_000).compare("adam-then-lbfgs-varpro", "full-adam", StudyRuns.Run::testJ);
 * }</pre>
 */
public final class StudyRuns {
    /**
     * One run. {@code key} names a scheme and its settings ({@code scheme}, or {@code scheme variant}
     * when {@code variant} is not empty); {@code *J} are of the best-validation model, {@code final*J}
     * of the network at the end of the run; {@code seconds} is training wall time (without history
     * evaluations), for information only.
     */
    public record Run(String experiment, String variant, String scheme, String init, double initScale, int trainSize, long budget,
                      long seed, double trainJ, double validationJ, double testJ, double finalTrainJ, double finalValidationJ,
                      double finalTestJ, long workUnits, double seconds, String status) {
        /** The scheme with its variant, e.g. {@code lbfgs-varpro m=100}. */
        public String key() { return variant.isEmpty() ? scheme : scheme + " " + variant; }

        /** Everything but the seed and the outcomes: runs in the same cell differ only by seed. */
        String cell() {
            return String.join("|", experiment, variant, scheme, init, Double.toString(initScale), Integer.toString(trainSize), Long.toString(budget));
        }
    }

    private static final String HEADER = "experiment,variant,scheme,init,initScale,trainSize,budget,seed,trainJ,validationJ,testJ,"
            + "finalTrainJ,finalValidationJ,finalTestJ,workUnits,seconds,status";

    private final List<Run> runs;

    private StudyRuns(List<Run> runs) {
        this.runs = Collections.unmodifiableList(new ArrayList<>(runs));
    }

    /** No runs. */
    public static StudyRuns empty() { return new StudyRuns(List.of()); }

    /** These runs. */
    public static StudyRuns of(List<Run> runs) { return new StudyRuns(runs); }

    /** The runs of an experiment's result, labelled with an experiment name and a variant of settings. */
    public static StudyRuns of(ExperimentResult r, String experiment, String variant) {
        Experiment ex = r.experiment();
        List<Run> out = new ArrayList<>();
        for (RunResult rr : r.runs()) {
            out.add(new Run(experiment, variant, rr.scheme().id(), ex.init().id(), ex.initScale(), ex.trainSize(), ex.budget().workUnits(),
                    rr.seed(), rr.trainJ(), rr.validationJ(), rr.testJ(), rr.finalTrainJ(), rr.finalValidationJ(), rr.finalTestJ(),
                    rr.training().workUnits(), rr.training().seconds(), rr.training().status().name()));
        }
        return new StudyRuns(out);
    }

    public List<Run> runs() { return runs; }

    public int size() { return runs.size(); }

    /** These runs and those of {@code other}. */
    public StudyRuns plus(StudyRuns other) {
        List<Run> all = new ArrayList<>(runs);
        all.addAll(other.runs);
        return new StudyRuns(all);
    }

    public StudyRuns filter(Predicate<Run> keep) {
        return new StudyRuns(runs.stream().filter(keep).toList());
    }

    public StudyRuns experiment(String name) { return filter(r -> r.experiment().equals(name)); }

    public StudyRuns budget(long workUnits) { return filter(r -> r.budget() == workUnits); }

    public StudyRuns init(String id, double scale) { return filter(r -> r.init().equals(id) && r.initScale() == scale); }

    /** Whether some run has this cell's settings and seed (for resuming a study). */
    boolean has(Run like, long seed) {
        String c = like.cell();
        for (Run r : runs) if (r.seed() == seed && r.cell().equals(c)) return true;
        return false;
    }

    /** The keys ({@link Run#key()}) in order of first appearance. */
    public List<String> keys() {
        return runs.stream().map(Run::key).distinct().toList();
    }

    /** The runs of one key. */
    public List<Run> of(String key) {
        return runs.stream().filter(r -> r.key().equals(key)).toList();
    }

    /** Mean and sample standard deviation of a quantity over the runs of one key. */
    public ThesisNumbers.MeanStd stat(String key, ToDoubleFunction<Run> f) {
        return stat(of(key), f);
    }

    /** Mean and sample standard deviation of a quantity over {@code runs}. */
    public static ThesisNumbers.MeanStd stat(List<Run> runs, ToDoubleFunction<Run> f) {
        return ThesisNumbers.MeanStd.of(runs.stream().mapToDouble(f).toArray());
    }

    /**
     * The paired comparison {@code f(a) − f(b)} of two keys over the seeds both ran (within these
     * runs: filter to one experiment, initialization and budget first, so that pairs share them).
     */
    public PairedComparison compare(String a, String b, ToDoubleFunction<Run> f) {
        return pair(of(a), of(b), f);
    }

    /** The paired comparison {@code f(a) − f(b)} of two lists of runs, matched by seed (unmatched seeds left out). */
    public static PairedComparison pair(List<Run> a, List<Run> b, ToDoubleFunction<Run> f) {
        return PairedComparison.bySeed(a, b, Run::seed, f);
    }

    /**
     * A markdown table, one row per key: test {@code J} of the best-validation model and of the
     * final model (mean ± std), each with its paired difference to {@code baseline}: mean, 95 %
     * t-interval and the number of seeds on which the key is lower. A difference whose interval
     * lies below 0 is in bold.
     */
    public String pairedMarkdown(String baseline) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scheme | runs | test J, best-validation model | − ").append(baseline).append(" [95 % CI] | lower in | test J, final model | − ")
                .append(baseline).append(" [95 % CI] | lower in |\n|---|---|---|---|---|---|---|---|\n");
        List<Run> base = of(baseline);
        for (String k : keys()) {
            List<Run> rs = of(k), against = k.equals(baseline) ? List.of() : base;
            sb.append("| ").append(k).append(" | ").append(rs.size()).append(" | ");
            cells(sb, rs, against, Run::testJ);
            sb.append(" | ");
            cells(sb, rs, against, Run::finalTestJ);
            sb.append(" |\n");
        }
        return sb.toString();
    }

    /** The cells of one quantity: mean ± std over {@code rs}, then the paired difference to {@code base} (none if empty). */
    private static void cells(StringBuilder sb, List<Run> rs, List<Run> base, ToDoubleFunction<Run> f) {
        long bad = rs.stream().mapToDouble(f).filter(v -> !Double.isFinite(v)).count();
        sb.append(bad > 0 ? bad + " undefined" : stat(rs, f).format(3));
        if (base.isEmpty()) {
            sb.append(" | – | –");
            return;
        }
        try {
            PairedComparison c = pair(rs, base, f);
            sb.append(" | ").append(ci(c)).append(" | ").append(c.below()).append(" of ").append(c.n());
        } catch (IllegalArgumentException e) {   // a pair with an undefined loss
            sb.append(" | – | –");
        }
    }

    /** A paired difference as a table cell: {@code +0.012 [−0.034, +0.058]}, in bold when the interval lies below 0. */
    static String ci(PairedComparison c) {
        String s = String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", c.mean(), c.lower(), c.upper());
        return c.significantlyBelowZero() ? "**" + s + "**" : s;
    }


    /** The runs as a Tablesaw table (columns as in {@link Run}). */
    public Table toTable() {
        StringColumn ex = StringColumn.create("experiment"), va = StringColumn.create("variant"), sc = StringColumn.create("scheme"),
                in = StringColumn.create("init"), st = StringColumn.create("status");
        DoubleColumn is = DoubleColumn.create("initScale"), tr = DoubleColumn.create("trainJ"), vl = DoubleColumn.create("validationJ"),
                te = DoubleColumn.create("testJ"), ftr = DoubleColumn.create("finalTrainJ"), fvl = DoubleColumn.create("finalValidationJ"),
                fte = DoubleColumn.create("finalTestJ"), sec = DoubleColumn.create("seconds");
        LongColumn ts = LongColumn.create("trainSize"), bu = LongColumn.create("budget"), se = LongColumn.create("seed"), wu = LongColumn.create("workUnits");
        for (Run r : runs) {
            ex.append(r.experiment());
            va.append(r.variant());
            sc.append(r.scheme());
            in.append(r.init());
            is.append(r.initScale());
            ts.append(r.trainSize());
            bu.append(r.budget());
            se.append(r.seed());
            tr.append(r.trainJ());
            vl.append(r.validationJ());
            te.append(r.testJ());
            ftr.append(r.finalTrainJ());
            fvl.append(r.finalValidationJ());
            fte.append(r.finalTestJ());
            wu.append(r.workUnits());
            sec.append(r.seconds());
            st.append(r.status());
        }
        return Table.create("runs", ex, va, sc, in, is, ts, bu, se, tr, vl, te, ftr, fvl, fte, wu, sec, st);
    }

    /** Writes the runs as CSV (header line, one run per line), atomically (a temporary file, then a move). */
    public void write(Path file) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Run r : runs) {
            sb.append(String.join(",", r.experiment(), r.variant(), r.scheme(), r.init(), Double.toString(r.initScale()),
                    Integer.toString(r.trainSize()), Long.toString(r.budget()), Long.toString(r.seed()), Double.toString(r.trainJ()),
                    Double.toString(r.validationJ()), Double.toString(r.testJ()), Double.toString(r.finalTrainJ()),
                    Double.toString(r.finalValidationJ()), Double.toString(r.finalTestJ()), Long.toString(r.workUnits()),
                    String.format(Locale.ROOT, "%.3f", r.seconds()), r.status())).append('\n');
        }
        AtomicFile.writeString(file, sb.toString());
    }

    /** Reads a file written by {@link #write}; a malformed line is an error naming the file and line. */
    public static StudyRuns read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER))
            throw new IllegalArgumentException(file + ": line 1 is not the header of a runs file (" + HEADER + ")");
        List<Run> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = line.split(",", -1);
            try {
                if (f.length != 17) throw new IllegalArgumentException("expected 17 fields, got " + f.length);
                out.add(new Run(f[0], f[1], f[2], f[3], Double.parseDouble(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[6]),
                        Long.parseLong(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]),
                        Double.parseDouble(f[11]), Double.parseDouble(f[12]), Double.parseDouble(f[13]), Long.parseLong(f[14]),
                        Double.parseDouble(f[15]), f[16]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new StudyRuns(out);
    }

    @Override
    public String toString() {
        return "StudyRuns[" + runs.size() + " runs, keys " + keys() + "]";
    }
}
