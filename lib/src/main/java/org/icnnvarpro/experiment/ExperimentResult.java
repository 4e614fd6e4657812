package org.icnnvarpro.experiment;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.icnnvarpro.io.AtomicFile;
import org.icnnvarpro.plot.Figures;
import org.icnnvarpro.plot.LossCurves;
import org.icnnvarpro.train.History;
import org.icnnvarpro.train.Scheme;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The runs of an {@link Experiment} with their summary (mean ± std per scheme), histories and figures. */
public final class ExperimentResult {
    private final Experiment experiment;
    private final List<RunResult> runs;
    private final double seconds;

    ExperimentResult(Experiment experiment, List<RunResult> runs, double seconds) {
        this.experiment = experiment;
        this.runs = Collections.unmodifiableList(new ArrayList<>(runs));
        this.seconds = seconds;
    }

    public Experiment experiment() { return experiment; }

    public List<RunResult> runs() { return runs; }

    /** Wall seconds of the whole experiment. */
    public double seconds() { return seconds; }

    /** The runs grouped by scheme, in the order of first appearance. */
    public Map<Scheme, List<RunResult>> byScheme() {
        Map<Scheme, List<RunResult>> m = new LinkedHashMap<>();
        for (RunResult r : runs) m.computeIfAbsent(r.scheme(), k -> new ArrayList<>()).add(r);
        return m;
    }

    /** Mean and (sample) standard deviation of a per-run quantity for one scheme. */
    public ThesisNumbers.MeanStd stat(Scheme s, ToDoubleFunction<RunResult> f) {
        List<RunResult> rs = byScheme().getOrDefault(s, List.of());
        return ThesisNumbers.MeanStd.of(rs.stream().mapToDouble(f).toArray());
    }

    /**
     * The paired comparison of a per-run quantity between schemes {@code a} and {@code b}:
     * differences {@code f(a) − f(b)} seed by seed (both ran from the same data and initial
     * network), with their 95 % t-interval. Seeds only one of them ran are left out.
     */
    public PairedComparison compare(Scheme a, Scheme b, ToDoubleFunction<RunResult> f) {
        return PairedComparison.bySeed(byScheme().getOrDefault(a, List.of()), byScheme().getOrDefault(b, List.of()), RunResult::seed, f);
    }

    /** One row per scheme: runs, mean and std of train/validation/test J, mean work units, inner Newton steps and seconds. */
    public Table summary() {
        StringColumn scheme = StringColumn.create("scheme");
        IntColumn n = IntColumn.create("runs");
        DoubleColumn trM = DoubleColumn.create("trainJ_mean"), trS = DoubleColumn.create("trainJ_std");
        DoubleColumn vaM = DoubleColumn.create("validationJ_mean"), vaS = DoubleColumn.create("validationJ_std");
        DoubleColumn teM = DoubleColumn.create("testJ_mean"), teS = DoubleColumn.create("testJ_std");
        DoubleColumn wu = DoubleColumn.create("workUnits_mean"), newton = DoubleColumn.create("innerNewton_mean");
        DoubleColumn sec = DoubleColumn.create("seconds_mean");
        for (Map.Entry<Scheme, List<RunResult>> e : byScheme().entrySet()) {
            Scheme s = e.getKey();
            scheme.append(s.label());
            n.append(e.getValue().size());
            ThesisNumbers.MeanStd tr = stat(s, RunResult::trainJ), va = stat(s, RunResult::validationJ), te = stat(s, RunResult::testJ);
            trM.append(tr.mean());
            trS.append(tr.std());
            vaM.append(va.mean());
            vaS.append(va.std());
            teM.append(te.mean());
            teS.append(te.std());
            wu.append(stat(s, r -> r.training().workUnits()).mean());
            newton.append(stat(s, r -> lastNewton(r.training().history())).mean());
            sec.append(stat(s, r -> r.training().seconds()).mean());
        }
        return Table.create("summary: " + experiment, scheme, n, trM, trS, vaM, vaS, teM, teS, wu, newton, sec);
    }

    private static double lastNewton(History h) {
        return h.last() == null ? 0 : h.last().innerNewtonSteps();
    }

    /** Every history row of every run, with scheme and seed columns. */
    public Table histories() {
        StringColumn scheme = StringColumn.create("scheme");
        LongColumn seed = LongColumn.create("seed");
        Table all = null;
        for (RunResult r : runs) {
            Table t = r.training().history().toTable();
            for (int i = 0; i < t.rowCount(); i++) {
                scheme.append(r.scheme().id());
                seed.append(r.seed());
            }
            if (all == null) all = t.copy();
            else all.append(t);
        }
        if (all == null) return Table.create("histories");
        all.insertColumn(0, seed);
        all.insertColumn(0, scheme);
        return all.setName("histories");
    }

    /**
     * Markdown table of mean ± std per scheme beside the thesis's Table 4.1 (where the thesis has
     * the scheme), with work units and seconds.
     */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| scheme | runs | train J | validation J | test J | thesis train | thesis validation | thesis test | work units | inner Newton steps | seconds |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Scheme s : byScheme().keySet()) {
            ThesisNumbers.Row th = ThesisNumbers.TABLE_4_1.get(s);
            sb.append(String.format("| %s | %d | %s | %s | %s | %s | %s | %s | %,.0f | %,.0f | %.1f |%n", s.label(), byScheme().get(s).size(),
                    stat(s, RunResult::trainJ), stat(s, RunResult::validationJ), stat(s, RunResult::testJ),
                    th == null ? "–" : th.train(), th == null ? "–" : th.validation(), th == null ? "–" : th.test(),
                    stat(s, r -> r.training().workUnits()).mean(), stat(s, r -> lastNewton(r.training().history())).mean(),
                    stat(s, r -> r.training().seconds()).mean()));
        }
        return sb.toString();
    }

    /** Figure 4.1: training and validation J against work units, mean and spread over seeds per scheme. */
    public BufferedImage lossCurves() {
        LossCurves lc = Figures.lossCurves().labels("work units (thousands)", "J").title("J against work units (" + (experiment.isThesisModel() ? "thesis model, w_q = 0" : "quadratic feature")
                + ", mean ± std over " + byScheme().values().iterator().next().size() + " seeds)");
        double lo = Double.POSITIVE_INFINITY;
        for (Map.Entry<Scheme, List<RunResult>> e : byScheme().entrySet()) {
            List<LossCurves.Run> tr = new ArrayList<>(), va = new ArrayList<>();
            for (RunResult r : e.getValue()) {
                History h = r.training().history();
                double[] x = strictlyIncreasing(h.workUnits());
                for (int i = 0; i < x.length; i++) x[i] /= 1000; // thousands: short tick labels
                tr.add(new LossCurves.Run(x, h.trainLoss()));
                va.add(new LossCurves.Run(x, h.validationLoss()));
                for (double v : h.trainLoss()) lo = Math.min(lo, v);
                for (double v : h.validationLoss()) lo = Math.min(lo, v);
            }
            lc.training(e.getKey().label(), tr).validation(e.getKey().label(), va);
        }
        // the interesting part is near the end: cut off the start (J ~ 3 at initialization) and transient spikes
        if (Double.isFinite(lo)) lo = Math.floor(lo * 5 - 0.5) / 5;
        if (Double.isFinite(lo) && lo < 0.5) lc.yRange(lo, 0.5);
        return lc.toImage();
    }

    /** Work units made strictly increasing for interpolation (two rows can share a count). */
    private static double[] strictlyIncreasing(double[] x) {
        double[] y = x.clone();
        for (int i = 1; i < y.length; i++) if (y[i] <= y[i - 1]) y[i] = Math.nextUp(y[i - 1]);
        return y;
    }

    /**
     * Writes {@code summary.csv}, {@code histories.csv} and {@code summary.md} with the given
     * prefix into {@code dir}, each atomically ({@link AtomicFile}).
     *
     * @throws java.io.UncheckedIOException naming the file and the reason if one cannot be written
     */
    public void write(Path dir, String prefix) {
        Table summary = summary(), histories = histories();
        AtomicFile.writeText(dir.resolve(prefix + "summary.csv"), w -> summary.write().csv(w));
        AtomicFile.writeText(dir.resolve(prefix + "histories.csv"), w -> histories.write().csv(w));
        AtomicFile.writeString(dir.resolve(prefix + "summary.md"), markdown());
    }
}
