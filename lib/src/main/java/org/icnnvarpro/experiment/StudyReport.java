package org.icnnvarpro.experiment;

import static org.icnnvarpro.experiment.StudyRuns.ci;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.icnnvarpro.model.Initialization;
import org.icnnvarpro.train.Scheme;
import org.icnnvarpro.train.TrainingConfig;

/** The markdown report of a {@link Study}, computed from its runs and its timing pass only. */
final class StudyReport {
    private static final String FA = Scheme.FULL_ADAM.id();
    private final Study.Settings settings;
    private final StudyRuns runs;
    private final List<Study.Timing> timing;
    private final Map<String, Long> equal;

    StudyReport(Study.Settings settings, StudyRuns runs, List<Study.Timing> timing, Map<String, Long> equal) {
        this.settings = settings;
        this.runs = runs;
        this.timing = timing;
        this.equal = equal;
    }

    String markdown(int cellsRun, double seconds) {
        StringBuilder sb = new StringBuilder("# Study: the training schemes over ").append(settings.seeds()).append(" seeds, compared in pairs\n\n");
        TrainingConfig c = Study.DEFAULTS;
        sb.append("Regenerate with `java -jar lib/target/icnn-varpro.jar reproduce --study --out docs/results/study` (one worker thread; ")
                .append("add `--resume` to continue an interrupted study or, with a complete `runs.csv`, to rebuild this report from it). ")
                .append(String.format(Locale.ROOT, "%d runs in [runs.csv](runs.csv), timing pass in [timing.csv](timing.csv); this invocation ran %d cells in %.0f s.%n%n",
                        runs.size(), cellsRun, seconds));
        sb.append(String.format(Locale.ROOT, "Setting: the thesis's model (w_q = 0) on moons (noise 0.05), ICNN %s, training set 1024 unless stated, validation and test "
                        + "sets of %d; every scheme with the library's defaults: Adam lr %.2f, batches %d (Full Adam, slim), %d (Adam VarPro), SAA batch %d (ℓBFGS), "
                        + "L-BFGS memory m = %d with a strong-Wolfe line search, inner solver %s, Adam-ℓBFGS VarPro warm-up %.0f %% of the budget, "
                        + "Adam-then-ℓBFGS VarPro switch at %.0f %%, slim memory %d batches with λ = %s.%n%n",
                widths(), settings.nTest(), c.learningRate(), c.adamBatch(), c.varproBatch(), c.lbfgsBatch(), c.lbfgsHistory(), c.innerSolver().name(),
                100 * c.warmupFraction(), 100 * c.switchFraction(), c.slimMemory(), c.slimProximal()));
        sb.append("**How to read the tables.** Seed k fixes the data, the initial network and the batches, so two schemes with the same seed start from the same point: "
                + "Δ is the difference of their test J seed by seed (lower is better), with its mean and 95 % Student-t interval δ̄ ± t₀.₉₇₅,ₙ₋₁·s/√n; "
                + "an interval entirely below 0 (**bold**) means the scheme beats the baseline at that confidence. \"lower in\" counts the seeds where it did. "
                + "Each run is reported twice: its best-validation model (the thesis's choice) and its final model.\n\n");
        main(sb);
        equalTime(sb);
        memory(sb);
        init(sb);
        scale(sb);
        saa(sb);
        switchPoint(sb);
        slim(sb);
        return sb.toString();
    }

    private String widths() {
        StringBuilder sb = new StringBuilder();
        for (int w : settings.widths()) sb.append(sb.length() > 0 ? " × " : "").append(w);
        return sb.toString();
    }

    private void main(StringBuilder sb) {
        sb.append("## 1. All schemes at equal work units\n\n");
        List<String> winners = new ArrayList<>();
        for (long b : settings.budgets()) {
            StudyRuns r = runs.experiment("main").budget(b);
            sb.append(String.format(Locale.ROOT, "### %,d work units%n%n", b)).append(r.pairedMarkdown(FA)).append('\n');
            for (String k : r.keys()) {
                if (k.equals(FA)) continue;
                PairedComparison best = safeCompare(r, k, StudyRuns.Run::testJ), fin = safeCompare(r, k, StudyRuns.Run::finalTestJ);
                if (best != null && best.significantlyBelowZero())
                    winners.add(String.format(Locale.ROOT, "%s at %,d work units (best-validation model %s; final model %s)", k, b, best, fin));
            }
        }
        sb.append(winners.isEmpty() ? "**No scheme beats Full Adam with a paired 95 % interval below 0 at any of these budgets.**\n\n"
                : "**Beat Full Adam with a paired 95 % interval below 0:** " + String.join("; ", winners) + ".\n\n");
    }

    private void equalTime(StringBuilder sb) {
        sb.append("## 2. All schemes at equal time\n\n");
        double fa = timing.stream().filter(t -> t.scheme().equals(FA)).findFirst().map(Study.Timing::cpuPerWorkUnit).orElse(Double.NaN);
        sb.append(String.format(Locale.ROOT, "Timing pass (within this study, on its worker thread): each scheme trained seed 0 for %,d work units, the schemes interleaved, "
                + "%d round(s); medians. The equal-time budget is the CPU time Full Adam needs for %,d work units, turned into work units per scheme "
                + "(thread CPU time is what wall time is on an idle core; the wall times of the same pass, inflated by the other jobs on this shared machine, are beside).%n%n",
                settings.timingBudget(), settings.timingRounds(), settings.mainBudget()));
        sb.append("| scheme | CPU ms per 1000 work units | wall ms per 1000 work units | CPU time relative to Full Adam | equal-time budget (work units) |\n|---|---|---|---|---|\n");
        for (Study.Timing t : timing)
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %,d |%n", t.scheme(), 1e6 * t.cpuPerWorkUnit(), 1e6 * t.wallPerWorkUnit(),
                    t.cpuPerWorkUnit() / fa, equal.get(t.scheme())));
        StudyRuns r = runs.experiment("equal-time");
        sb.append('\n').append(r.pairedMarkdown(FA)).append('\n');
    }

    /** The runs of a setting that is either a default (then those of the main comparison at the main budget) or its own experiment's variant. */
    private List<StudyRuns.Run> variant(String experiment, String variant, String scheme, boolean isDefault) {
        return isDefault ? runs.experiment("main").budget(settings.mainBudget()).of(scheme)
                : runs.experiment(experiment).filter(x -> x.variant().equals(variant) && x.scheme().equals(scheme)).runs();
    }

    private void memory(StringBuilder sb) {
        int[] ms = settings.memories();
        int def = Study.DEFAULTS.lbfgsHistory(), lo = ms[0];
        sb.append(String.format(Locale.ROOT, "## 3. L-BFGS memory%n%nThe same runs with L-BFGS history m = %s (%,d work units; m = %d, the default, are the runs of "
                + "section 1); Δ = (m) − (m = %d), paired by seed.%n%n", Arrays.toString(ms), settings.mainBudget(), def, lo));
        sb.append("| scheme | m | test J, best-validation model | test J, final model | training J | Δ test J (best) [95 % CI] | lower in | Δ test J (final) [95 % CI] |\n|---|---|---|---|---|---|---|---|\n");
        for (Scheme s : List.of(Scheme.LBFGS_VARPRO, Scheme.ADAM_LBFGS_VARPRO, Scheme.ADAM_THEN_LBFGS_VARPRO)) {
            List<StudyRuns.Run> base = variant("memory", "m=" + lo, s.id(), lo == def);
            for (int mem : ms) {
                List<StudyRuns.Run> rs = variant("memory", "m=" + mem, s.id(), mem == def);
                if (rs.isEmpty()) continue;
                PairedComparison best = mem == lo ? null : pairOrNull(rs, base, StudyRuns.Run::testJ), fin = mem == lo ? null : pairOrNull(rs, base, StudyRuns.Run::finalTestJ);
                sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s |%n", s.id(), mem, StudyRuns.stat(rs, StudyRuns.Run::testJ).format(3),
                        StudyRuns.stat(rs, StudyRuns.Run::finalTestJ).format(3), StudyRuns.stat(rs, StudyRuns.Run::trainJ).format(3), best == null ? "–" : ci(best),
                        best == null ? "–" : best.below() + " of " + best.n(), fin == null ? "–" : ci(fin)));
            }
        }
        sb.append('\n');
    }

    private void init(StringBuilder sb) {
        sb.append(String.format(Locale.ROOT, "## 4. hessQuik's initialization%n%nThe thesis trained with hessQuik, whose ICNN layers start with effective L ≈ 0.69 "
                + "(effective-L scale %.1f at width 32, against 1 for this project's scaled initialization): the untrained network's J is of order 10⁶. "
                + "All schemes, %,d work units:%n%n", Initialization.HESSQUIK.effectiveLScale(32, 32, 1), settings.mainBudget()));
        StudyRuns r = runs.experiment("init");
        sb.append(r.pairedMarkdown(FA)).append('\n');
        sb.append("| scheme | runs ended FAILED | best model's test J ≥ 0 (not learned) | test J of each seed's best model |\n|---|---|---|---|\n");
        for (String k : r.keys()) {
            List<StudyRuns.Run> rs = r.of(k);
            StringBuilder v = new StringBuilder();
            for (StudyRuns.Run x : rs) v.append(v.length() > 0 ? ", " : "").append(fmtJ(x.testJ()));
            sb.append(String.format(Locale.ROOT, "| %s | %d of %d | %d of %d | %s |%n", k, rs.stream().filter(x -> x.status().equals("FAILED")).count(), rs.size(),
                    rs.stream().filter(x -> !(x.testJ() < 0)).count(), rs.size(), v));
        }
        sb.append("\n(J ≥ 0 is far from a trained model: the trained schemes reach about −1.3, and a network that maps every point to 0 and has "
                + "∇²Φ = I has J = 0.)\n\n");
        sb.append(ordering(r, FA, "Full Adam", "with hessQuik's initialization")).append("\n\n");
        sb.append(ordering(r, Scheme.VARPRO_INIT_ADAM.id(), "VarPro-init Adam",
                "with hessQuik's initialization, Full Adam's place taken by VarPro-init Adam (Full Adam after one inner solve for the last layer)")).append("\n\n");
        sb.append(ordering(runs.experiment("main").budget(settings.mainBudget()), FA, "Full Adam", "with the scaled initialization (section 1)")).append("\n\n");
    }

    /** The thesis's three schemes ordered by mean test J, with {@code middle} (labelled {@code label}) in Full Adam's place. */
    private static String ordering(StudyRuns r, String middle, String label, String where) {
        double fa = r.stat(middle, StudyRuns.Run::testJ).mean(), av = r.stat(Scheme.ADAM_VARPRO.id(), StudyRuns.Run::testJ).mean(),
                alv = r.stat(Scheme.ADAM_LBFGS_VARPRO.id(), StudyRuns.Run::testJ).mean();
        boolean holds = alv < fa && fa < av;
        return String.format(Locale.ROOT, "Mean test J %s: Adam-ℓBFGS VarPro %s, %s %s, Adam VarPro %s: the thesis's ordering "
                + "(Adam-ℓBFGS VarPro < %s < Adam VarPro) %s.", where, fmtJ(alv), label, fmtJ(fa), fmtJ(av), label, holds ? "**holds**" : "does **not** hold");
    }

    private void scale(StringBuilder sb) {
        sb.append(String.format(Locale.ROOT, "## 5. Effective-L scale%n%nThe scaled initialization with its hidden weights L multiplied by s (effective-L scale s: "
                + "the mean row sum of L, the factor by which a layer multiplies the mean of its input), and hessQuik's (scale %.1f); "
                + "%d seeds, %,d work units, mean test J of the best-validation models (the first %d seeds of sections 1 and 4 for scale 1 and hessQuik).%n%n",
                Initialization.HESSQUIK.effectiveLScale(32, 32, 1), settings.sweepSeeds(), settings.mainBudget(), settings.sweepSeeds()));
        List<String> schemes = new ArrayList<>();
        for (Scheme s : Study.SCHEMES) if (s != Scheme.SLIM_ADAM_VARPRO) schemes.add(s.id());
        sb.append("| effective-L scale |");
        for (String s : schemes) sb.append(' ').append(s).append(" |");
        sb.append(" lowest | best − full-adam [95 % CI] |\n|---|");
        for (int i = 0; i < schemes.size() + 2; i++) sb.append("---|");
        sb.append('\n');
        List<double[]> rows = new ArrayList<>();
        for (double s : settings.scales()) rows.add(new double[] {s, 0});
        rows.add(new double[] {1, 1});
        rows.add(new double[] {Initialization.HESSQUIK.effectiveLScale(32, 32, 1), 2});
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        for (double[] row : rows) {
            StudyRuns r = row[1] == 0 ? runs.experiment("scale").filter(x -> x.initScale() == row[0])
                    : runs.experiment(row[1] == 1 ? "main" : "init").budget(settings.mainBudget()).filter(x -> x.seed() < settings.sweepSeeds());
            if (r.size() == 0) continue;
            sb.append(String.format(Locale.ROOT, "| %.1f%s |", row[0], row[1] == 2 ? " (hessQuik)" : ""));
            String best = null;
            double bestMean = Double.POSITIVE_INFINITY;
            for (String s : schemes) {
                double m = r.of(s).isEmpty() ? Double.NaN : r.stat(s, StudyRuns.Run::testJ).mean();
                sb.append(' ').append(fmtJ(m)).append(" |");
                if (m < bestMean) {
                    bestMean = m;
                    best = s;
                }
            }
            PairedComparison c = best == null || best.equals(FA) ? null : pairOrNull(r.of(best), r.of(FA), StudyRuns.Run::testJ);
            sb.append(' ').append(best).append(" | ").append(c == null ? "–" : ci(c)).append(" |\n");
        }
        sb.append('\n');
    }

    private void saa(StringBuilder sb) {
        sb.append(String.format(Locale.ROOT, "## 6. The SAA batch%n%nTraining set of %d samples (8× the thesis-sized set), %,d work units: Full Adam, "
                + "ℓBFGS VarPro on all %d samples as its SAA batch, on a fixed SAA batch of 1024 drawn from them, and on a batch of 1024 drawn anew "
                + "(L-BFGS restarted) every %d iterations. The generalization gap is validation − training J of the best model.%n%n",
                settings.bigTrain(), settings.mainBudget(), settings.bigTrain(), settings.resampleEvery()));
        StudyRuns r = runs.experiment("saa");
        sb.append("| scheme | training J | validation J | test J | gap | test J − full-adam [95 % CI] | lower in |\n|---|---|---|---|---|---|---|\n");
        for (String k : r.keys()) {
            PairedComparison c = k.equals(FA) ? null : pairOrNull(r.of(k), r.of(FA), StudyRuns.Run::testJ);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %+.3f | %s | %s |%n", k, r.stat(k, StudyRuns.Run::trainJ).format(3),
                    r.stat(k, StudyRuns.Run::validationJ).format(3), r.stat(k, StudyRuns.Run::testJ).format(3),
                    r.stat(k, x -> x.validationJ() - x.trainJ()).mean(), c == null ? "–" : ci(c), c == null ? "–" : c.below() + " of " + c.n()));
        }
        sb.append('\n');
    }

    private void switchPoint(StringBuilder sb) {
        double def = Study.DEFAULTS.switchFraction();
        sb.append(String.format(Locale.ROOT, "## 7. When Adam-then-ℓBFGS VarPro switches%n%nThe switch rule is a fixed share of the work-unit budget "
                + "(VarPro-init Adam until then, ℓBFGS VarPro after); %,d work units, paired with Full Adam of section 1 (same seeds, data and initial networks; "
                + "the default %.1f is the run of section 1).%n%n", settings.mainBudget(), def));
        List<StudyRuns.Run> fa = runs.experiment("main").budget(settings.mainBudget()).of(FA);
        sb.append("| switch at | test J, best-validation model | − full-adam [95 % CI] | lower in | test J, final model | − full-adam [95 % CI] |\n|---|---|---|---|---|---|\n");
        for (double f : settings.switches()) {
            List<StudyRuns.Run> rs = variant("switch", "switch=" + f, Scheme.ADAM_THEN_LBFGS_VARPRO.id(), f == def);
            if (rs.isEmpty()) continue;
            PairedComparison b = pairOrNull(rs, fa, StudyRuns.Run::testJ), fi = pairOrNull(rs, fa, StudyRuns.Run::finalTestJ);
            sb.append(String.format(Locale.ROOT, "| %.1f | %s | %s | %s | %s | %s |%n", f, StudyRuns.stat(rs, StudyRuns.Run::testJ).format(3), b == null ? "–" : ci(b),
                    b == null ? "–" : b.below() + " of " + b.n(), StudyRuns.stat(rs, StudyRuns.Run::finalTestJ).format(3), fi == null ? "–" : ci(fi)));
        }
        sb.append('\n');
    }

    private void slim(StringBuilder sb) {
        TrainingConfig c = Study.DEFAULTS;
        sb.append(String.format(Locale.ROOT, "## 8. slim Adam VarPro (memory and proximal term)%n%nAdam VarPro on batches of 64 whose inner problem also holds the "
                + "features of the last r batches and the term (λ/2)‖w − w_prev‖² (r = 0, λ = 0 is plain Adam VarPro on batches of 64); %,d work units, "
                + "paired with Adam VarPro (batch 512) and Full Adam of section 1 (the default r = %d, λ = %s is the run of section 1).%n%n",
                settings.mainBudget(), c.slimMemory(), c.slimProximal()));
        StudyRuns main = runs.experiment("main").budget(settings.mainBudget());
        List<StudyRuns.Run> fa = main.of(FA), av = main.of(Scheme.ADAM_VARPRO.id());
        sb.append("| r; λ | test J, best-validation model | test J, final model | − adam-varpro (best) [95 % CI] | − full-adam (best) [95 % CI] | lower than full-adam in |\n|---|---|---|---|---|---|\n");
        for (double[] sl : settings.slim()) {
            boolean def = Study.isDefaultSlim(sl);
            List<StudyRuns.Run> rs = variant("slim", Study.slimVariant((int) sl[0], sl[1]), Scheme.SLIM_ADAM_VARPRO.id(), def);
            if (rs.isEmpty()) continue;
            PairedComparison a = pairOrNull(rs, av, StudyRuns.Run::testJ), f = pairOrNull(rs, fa, StudyRuns.Run::testJ);
            sb.append(String.format(Locale.ROOT, "| %d; %s | %s | %s | %s | %s | %s |%n", (int) sl[0], sl[1], StudyRuns.stat(rs, StudyRuns.Run::testJ).format(3),
                    StudyRuns.stat(rs, StudyRuns.Run::finalTestJ).format(3), a == null ? "–" : ci(a), f == null ? "–" : ci(f), f == null ? "–" : f.below() + " of " + f.n()));
        }
        sb.append('\n');
    }

    private static PairedComparison safeCompare(StudyRuns r, String k, ToDoubleFunction<StudyRuns.Run> f) {
        return pairOrNull(r.of(k), r.of(FA), f);
    }

    /** The paired comparison, or null when there are no pairs or a loss is undefined. */
    private static PairedComparison pairOrNull(List<StudyRuns.Run> a, List<StudyRuns.Run> b, ToDoubleFunction<StudyRuns.Run> f) {
        try {
            return StudyRuns.pair(a, b, f);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }


    private static String fmtJ(double v) {
        return Double.isNaN(v) ? "–" : Math.abs(v) < 1e4 ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.2e", v);
    }
}
