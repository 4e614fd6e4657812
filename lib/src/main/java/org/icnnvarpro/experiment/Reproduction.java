package org.icnnvarpro.experiment;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import org.icnnvarpro.check.GradientChecks;
import org.icnnvarpro.check.TaylorCheck;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.data.Split;
import org.icnnvarpro.flow.Generator;
import org.icnnvarpro.flow.GeneratorResult;
import org.icnnvarpro.io.AtomicFile;
import org.icnnvarpro.io.Messages;
import org.icnnvarpro.kernels.Machine;
import org.icnnvarpro.model.BatchDerivatives;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.Initialization;
import org.icnnvarpro.plot.Figures;
import org.icnnvarpro.train.Budget;
import org.icnnvarpro.train.Scheme;
import org.icnnvarpro.train.TrainingConfig;

/**
 * Regenerates the thesis's results into a folder: Table 3.1 (Taylor test of the reduced
 * gradient, at this project's and at hessQuik's initialization), Table 4.1 (Full Adam, Adam VarPro,
 * Adam-ℓBFGS VarPro, and ℓBFGS VarPro; several seeds; test sets of 5000) beside the thesis's
 * numbers with the settings it used, Figure 4.1 (loss against work units) and Figure 4.2 (target,
 * ∇Φ(x), reference, generated samples), for the thesis's model ({@code w_q = 0}) and for the model
 * with the quadratic feature; then VarPro-init Adam and Adam-then-ℓBFGS VarPro beside Table 4.1
 * with paired differences to Full Adam, every scheme from hessQuik's initialization, and a larger
 * SAA batch; with an {@code index.md}. The long study is {@link Study}.
 */
public final class Reproduction {
    /** Settings of a reproduction. */
    public record Settings(Budget budget, int seeds, int nTrain, int nValidation, int nTest, int[] widths, int taylorSamples, int figureSamples) {
        /** The default: 4×32 ICNN, 3 seeds, validation and test sets of 5000, 300,000 work units per run (its measured time is the last line of the index). */
        public static Settings full() {
            return new Settings(Budget.workUnits(300_000), 3, 1024, 5000, 5000, new int[] {32, 32, 32, 32}, 1024, 2000);
        }

        /** A small version (under a minute) that writes the same files: for tests. */
        public static Settings quick() {
            return new Settings(Budget.workUnits(12_000), 2, 1024, 1000, 1000, new int[] {16, 16, 16}, 256, 500);
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;

    public Reproduction(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress == null ? s -> {} : progress;
    }

    /** Runs everything and writes it into {@code out}; returns the path of {@code index.md}. */
    public Path run(Path out) {
        try {
            Files.createDirectories(out);
            long t0 = System.nanoTime();
            String loadAtStart = Machine.load();
            StringBuilder index = new StringBuilder();
            index.append("# Reproduction of the thesis's results\n\n");
            index.append(String.format(Locale.ROOT, "Settings: ICNN %s, budget %s per run, %d seeds, training set %d, validation %d, test %d (moons, noise 0.05).%n%n",
                    widths(), settings.budget(), settings.seeds(), settings.nTrain(), settings.nValidation(), settings.nTest()));
            index.append("`J` is the thesis's loss, mean ½‖∇Φ‖² − log det ∇²Φ; the negative log-likelihood in nats is J + log(2π) = J + 1.8379.\n\n");

            progress.accept("Table 3.1: Taylor test of the reduced gradient");
            index.append(table31(out));

            ExperimentResult thesisRuns = null;
            for (boolean thesis : new boolean[] {true, false}) {
                String tag = thesis ? "thesis" : "quadratic";
                progress.accept("Table 4.1 and figures, " + (thesis ? "thesis model (w_q = 0)" : "model with the quadratic feature"));
                Experiment ex = experiment(thesis).schemes(Scheme.FULL_ADAM, Scheme.ADAM_VARPRO, Scheme.LBFGS_VARPRO, Scheme.ADAM_LBFGS_VARPRO);
                ExperimentResult r = ex.run();
                if (thesis) thesisRuns = r;
                r.write(out, "table-4.1-" + tag + "-");
                Figures.savePng(r.lossCurves(), out.resolve("figure-4.1-" + tag + ".png"));
                index.append(section41(r, tag, thesis));
                for (Scheme s : new Scheme[] {Scheme.FULL_ADAM, Scheme.ADAM_LBFGS_VARPRO}) {
                    RunResult run = r.byScheme().get(s).get(0);
                    String file = "figure-4.2-" + tag + "-" + s.id() + ".png";
                    String caption = figure42(run, ex.data(run.seed()).test(), out.resolve(file), thesis);
                    index.append(String.format("![Figure 4.2, %s](%s)%n%n%s%n%n", s.label(), file, caption));
                }
            }
            progress.accept("Schemes that use VarPro to initialize and to finish");
            index.append(newSchemes(thesisRuns, out));
            progress.accept("Initialization sensitivity: all schemes from hessQuik's initialization");
            index.append(initialization(thesisRuns, out));
            progress.accept("Evidence: a larger SAA batch for the L-BFGS schemes");
            index.append(evidence());
            index.append(String.format(Locale.ROOT, "_Generated by `reproduce` in %.0f s on %s; load average %s at the start, %s at the end._%n",
                    (System.nanoTime() - t0) * 1e-9, Machine.describe(), loadAtStart, Machine.load()));
            Path idx = out.resolve("index.md");
            AtomicFile.writeString(idx, index);
            return idx;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + out + ": " + Messages.reason(e), e);
        }
    }

    private String widths() {
        StringBuilder sb = new StringBuilder();
        for (int w : settings.widths()) sb.append(sb.length() > 0 ? "×" : "").append(w);
        return settings.widths().length + " layers (" + sb + ")";
    }

    private String table31(Path out) throws IOException {
        Icnn net = Icnn.builder(2).hidden(settings.widths()).quadratic(false).seed(0).build();
        Samples x = Split.generate("moons", settings.taylorSamples(), 1, 1, 0.05, 0).train();
        TaylorCheck.Table t = GradientChecks.reducedGradient(net, x, 1, false, 1e-10);
        StringBuilder sb = new StringBuilder("## Table 3.1: Taylor test of the reduced gradient\n\n([table-3.1.md](table-3.1.md))\n\n");
        sb.append("Thesis model (w_q = 0) at its initialization, ").append(x.size())
                .append(" moons samples, inner problem solved by the barrier method to a gap of 1e-10 at every point, seeded random unit direction.\n\n");
        sb.append("| h | E1 here | ratio here | E1 thesis | ratio thesis |\n|---|---|---|---|---|\n");
        List<TaylorCheck.Row> rows = t.rows();
        for (int i = 0; i < rows.size(); i++) {
            TaylorCheck.Row r = rows.get(i);
            String th = "", thr = "";
            if (i < ThesisNumbers.TABLE_3_1_H.length) {
                th = String.format(Locale.ROOT, "%.2e", ThesisNumbers.TABLE_3_1_ERROR[i]);
                thr = i == 0 ? "–" : String.format(Locale.ROOT, "%.2f", ThesisNumbers.TABLE_3_1_ERROR[i - 1] / ThesisNumbers.TABLE_3_1_ERROR[i]);
            }
            sb.append(String.format(Locale.ROOT, "| %.2e | %.2e | %s | %s | %s |%n", r.h(), r.e1(), Double.isNaN(r.ratio()) ? "–" : String.format(Locale.ROOT, "%.2f", r.ratio()), th, thr));
        }
        boolean ok = t.ratiosNear(4, 0.5, 0.07);
        sb.append("\n").append(ok ? "The error falls like h² (ratio ≈ 4), as in the thesis." : "**The ratios are not ≈ 4 for h ≤ 0.07.**").append("\n\n");
        // the same test at hessQuik's initialization, the thesis's library: its absolute errors depend on the network's scale
        Icnn hq = Icnn.builder(2).hidden(settings.widths()).quadratic(false).init(Initialization.HESSQUIK).seed(0).build();
        TaylorCheck.Table th = GradientChecks.reducedGradient(hq, x, 1, false, 1e-10);
        sb.append("At hessQuik's initialization (the thesis's library: effective L ≈ 0.69 instead of about 1/m, so the untrained network's J is of order 10⁶; "
                + "same samples and direction):\n\n| h | E1 here, hessQuik's initialization | ratio | E1 thesis |\n|---|---|---|---|\n");
        List<TaylorCheck.Row> hr = th.rows();
        for (int i = 0; i < hr.size(); i++) {
            TaylorCheck.Row r = hr.get(i);
            sb.append(String.format(Locale.ROOT, "| %.2e | %.2e | %s | %s |%n", r.h(), r.e1(), Double.isNaN(r.ratio()) ? "–" : String.format(Locale.ROOT, "%.2f", r.ratio()),
                    i < ThesisNumbers.TABLE_3_1_ERROR.length ? String.format(Locale.ROOT, "%.2e", ThesisNumbers.TABLE_3_1_ERROR[i]) : ""));
        }
        sb.append(String.format(Locale.ROOT, "%nThe absolute error at h = 1 is %.1e here against %.1e at the scaled initialization and %.1e in the thesis: "
                + "E1 ≈ ½h²·Δμᵀ∇²J_red Δμ scales with the curvature of J_red at the starting network, which the initialization sets; the ratios (the test) do not depend on it.%n%n",
                hr.get(0).e1(), rows.get(0).e1(), ThesisNumbers.TABLE_3_1_ERROR[0]));
        AtomicFile.writeString(out.resolve("table-3.1.md"), sb);
        return sb.toString();
    }

    private String section41(ExperimentResult r, String tag, boolean thesis) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Table 4.1, ").append(thesis ? "thesis model (w_q = 0)" : "model with the quadratic feature ½ w_q‖x‖²").append("\n\n");
        sb.append("J of each run's best-validation model, mean ± std over seeds (lower is better). Files: ")
                .append("[summary](table-4.1-").append(tag).append("-summary.md), [summary CSV](table-4.1-").append(tag)
                .append("-summary.csv), [histories CSV](table-4.1-").append(tag).append("-histories.csv).\n\n");
        sb.append(r.markdown()).append("\n");
        sb.append(settingsLine(r.experiment())).append("\n\n");
        ThesisNumbers.MeanStd fa = r.stat(Scheme.FULL_ADAM, RunResult::testJ), alv = r.stat(Scheme.ADAM_LBFGS_VARPRO, RunResult::testJ),
                av = r.stat(Scheme.ADAM_VARPRO, RunResult::testJ);
        sb.append(String.format(Locale.ROOT, "Ordering on test J: Adam-ℓBFGS VarPro %.3f, Full Adam %.3f, Adam VarPro %.3f — %s.%n%n",
                alv.mean(), fa.mean(), av.mean(),
                alv.mean() < fa.mean() && fa.mean() < av.mean() ? "the thesis's ordering holds" : "**the thesis's ordering (Adam-ℓBFGS VarPro < Full Adam < Adam VarPro) does not hold here**"));
        sb.append("Generalization gap (validation J − training J of the best model, mean over seeds): ");
        for (Scheme s : r.byScheme().keySet()) {
            sb.append(String.format(Locale.ROOT, "%s %+.3f; ", s.label(), r.stat(s, rr -> rr.validationJ() - rr.trainJ()).mean()));
        }
        sb.append("a large positive gap means the scheme fits its training samples (ℓBFGS: one fixed SAA batch) better than new ones.\n\n");
        if (thesis) {
            for (Scheme s : new Scheme[] {Scheme.FULL_ADAM, Scheme.ADAM_VARPRO, Scheme.ADAM_LBFGS_VARPRO}) {
                double here = r.stat(s, RunResult::testJ).mean(), there = ThesisNumbers.TABLE_4_1.get(s).test().mean();
                sb.append(String.format(Locale.ROOT, "- %s: test J %.3f here vs %.2f in the thesis (%s).%n", s.label(), here, there,
                        here <= there + 0.1 ? (here < there - 0.1 ? "lower, better than the thesis" : "within 0.1") : "**higher by more than 0.1**"));
            }
            sb.append("\n");
        }
        sb.append("![Figure 4.1](figure-4.1-").append(tag).append(".png)\n\n");
        return sb.toString();
    }

    /** Which inner solver, warm-up rule, L-BFGS memory and initialization the runs of {@code ex} used, and which model they report. */
    private static String settingsLine(Experiment ex) {
        return "Settings of these runs: " + ex.settingsSummary() + "; each run's best-validation model (history row every 1 % of the budget).";
    }

    /** The schemes of this project beside Full Adam of Table 4.1 (same seeds: same data and initial networks), with paired differences. */
    private String newSchemes(ExperimentResult thesisRuns, Path out) {
        Experiment ex = experiment(true).schemes(Scheme.VARPRO_INIT_ADAM, Scheme.ADAM_THEN_LBFGS_VARPRO);
        ExperimentResult r = ex.run();
        StudyRuns all = StudyRuns.of(thesisRuns, "table-4.1", "").plus(StudyRuns.of(r, "table-4.1", ""));
        all.write(out.resolve("schemes-runs.csv"));
        TrainingConfig c = ex.config(Scheme.ADAM_THEN_LBFGS_VARPRO, 0);
        StringBuilder sb = new StringBuilder("## VarPro to initialize and to finish\n\n");
        sb.append(String.format(Locale.ROOT, "Thesis model, same seeds, data and initial networks as Table 4.1 above. **VarPro-init Adam**: one inner solve for the "
                        + "initial network's last layer, then Full Adam. **Adam-then-ℓBFGS VarPro**: VarPro-init Adam for %.0f %% of the budget, then ℓBFGS VarPro "
                        + "(m = %d) from there. Test J of each run's best-validation model and of its final model, "
                        + "each with its difference to Full Adam seed by seed (mean and 95 %% t-interval; bold when the interval lies below 0). "
                        + "%d seeds give wide intervals: the study (`reproduce --study`; in the repository, docs/results/study/index.md) has 10, "
                        + "and also the slimTrain-like slim Adam VarPro, left out here because it costs about 6× Full Adam per work unit. "
                        + "Runs: [schemes-runs.csv](schemes-runs.csv).%n%n",
                100 * c.switchFraction(), c.lbfgsHistory(), settings.seeds()));
        sb.append(all.pairedMarkdown(Scheme.FULL_ADAM.id())).append("\n");
        return sb.toString();
    }

    /** Every scheme from hessQuik's initialization, beside the scaled initialization's runs (same seeds and data). */
    private String initialization(ExperimentResult thesisRuns, Path out) {
        Experiment ex = experiment(true).init(Initialization.HESSQUIK).schemes(Scheme.FULL_ADAM, Scheme.ADAM_VARPRO, Scheme.LBFGS_VARPRO,
                Scheme.ADAM_LBFGS_VARPRO, Scheme.VARPRO_INIT_ADAM, Scheme.ADAM_THEN_LBFGS_VARPRO);
        ExperimentResult r = ex.run();
        StudyRuns hq = StudyRuns.of(r, "init", "");
        hq.write(out.resolve("init-hessquik-runs.csv"));
        Figures.savePng(r.lossCurves(), out.resolve("figure-init-hessquik.png"));
        double j0 = Experiment.safe(new org.icnnvarpro.loss.SaaLoss(new BatchDerivatives(1, BatchDerivatives.DEFAULT_CHUNK)), ex.initialModel(0), ex.data(0).test());
        double j0s = Experiment.safe(new org.icnnvarpro.loss.SaaLoss(new BatchDerivatives(1, BatchDerivatives.DEFAULT_CHUNK)), thesisRuns.experiment().initialModel(0),
                ex.data(0).test());
        StringBuilder sb = new StringBuilder("## Initialization sensitivity: hessQuik's initialization\n\n");
        sb.append(String.format(Locale.ROOT, "The thesis trained with hessQuik, whose ICNN layers start with K ~ U(±0.25), raw L ~ U(±0.075) (effective L = softplus ≈ 0.69) "
                        + "and b ~ U(±0.18) at width 32; the last layer is assumed to start like the linear part of hessQuik's quadratic ICNN layer "
                        + "(w_u = softplus(U(±0.18)), w_x ~ U(±0.18)). Test J of the untrained network (seed 0): %.3g with this initialization, %.3g with the scaled one. "
                        + "All schemes but slim Adam VarPro (see the study), thesis model, same seeds and data as Table 4.1; "
                        + "runs: [init-hessquik-runs.csv](init-hessquik-runs.csv).%n%n", j0, j0s));
        sb.append(hq.pairedMarkdown(Scheme.FULL_ADAM.id())).append("\n");
        sb.append("Runs that ended FAILED (25 consecutive steps with an undefined loss): ");
        List<String> failed = new java.util.ArrayList<>();
        for (String k : hq.keys()) {
            long f = hq.of(k).stream().filter(x -> x.status().equals("FAILED")).count();
            if (f > 0) failed.add(k + " " + f + " of " + hq.of(k).size());
        }
        sb.append(failed.isEmpty() ? "none" : String.join(", ", failed)).append(".\n\n");
        ThesisNumbers.MeanStd fa = r.stat(Scheme.FULL_ADAM, RunResult::testJ), alv = r.stat(Scheme.ADAM_LBFGS_VARPRO, RunResult::testJ),
                av = r.stat(Scheme.ADAM_VARPRO, RunResult::testJ);
        sb.append(String.format(Locale.ROOT, "Ordering on mean test J from hessQuik's initialization: Adam-ℓBFGS VarPro %.3f, Full Adam %.3f, Adam VarPro %.3f — %s.%n%n",
                alv.mean(), fa.mean(), av.mean(), alv.mean() < fa.mean() && fa.mean() < av.mean() ? "the thesis's ordering holds"
                        : "the thesis's ordering (Adam-ℓBFGS VarPro < Full Adam < Adam VarPro) does not hold"));
        sb.append(settingsLine(ex)).append("\n\n![J against work units from hessQuik's initialization](figure-init-hessquik.png)\n\n");
        return sb.toString();
    }

    /** The experiment of Table 4.1 (scaled initialization) for the thesis's model or the quadratic feature, schemes not chosen yet. */
    private Experiment experiment(boolean thesis) {
        return Experiment.on("moons").thesisModel(thesis).seeds(settings.seeds()).budget(settings.budget())
                .sizes(settings.nTrain(), settings.nValidation(), settings.nTest()).hidden(settings.widths()).onProgress(progress);
    }

    /**
     * Where the thesis and this code differ: do the ℓBFGS schemes overfit their fixed SAA batch?
     * Reruns them (thesis model, seed 0) with a training set and SAA batch 4× larger, beside
     * Full Adam on the same data, at the same budget.
     */
    private String evidence() {
        int big = 4 * settings.nTrain();
        StringBuilder sb = new StringBuilder("## A larger SAA batch (one seed)\n\n");
        sb.append(String.format(Locale.ROOT, "The ℓBFGS schemes minimize J on one fixed batch of %d samples (the thesis's SAA batch), while Full Adam "
                + "takes small random mini-batches of the same training set (noisy steps, which regularize). Rerun with a training set and SAA batch of %d (thesis model, seed 0, same budget):%n%n", settings.nTrain(), big));
        ExperimentResult r = Experiment.on("moons").thesisModel(true).seeds(1).budget(settings.budget())
                .sizes(big, settings.nValidation(), settings.nTest()).hidden(settings.widths())
                .schemes(Scheme.FULL_ADAM, Scheme.LBFGS_VARPRO, Scheme.ADAM_LBFGS_VARPRO)
                .configure(c -> c.withLbfgsBatch(big)).onProgress(progress).run();
        sb.append("| scheme | train J | validation J | test J | gap (validation − train) |\n|---|---|---|---|---|\n");
        for (RunResult rr : r.runs()) {
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %+.3f |%n", rr.scheme().label(), rr.trainJ(), rr.validationJ(), rr.testJ(),
                    rr.validationJ() - rr.trainJ()));
        }
        sb.append("\nWith the larger batch the generalization gap of ℓBFGS VarPro shrinks, but each of its iterations costs 4× more work units, "
                + "so within the same budget it takes fewer steps; compare the test J with Full Adam's on the same data. "
                + "The study (section 6) repeats this over 10 seeds with 8192 samples, and with SAA batches drawn anew during the run.\n\n");
        return sb.toString();
    }

    /** Figure 4.2 for one run's best model; returns a caption. */
    private String figure42(RunResult run, Samples test, Path file, boolean thesis) {
        Icnn net = run.training().best();
        int n = Math.min(settings.figureSamples(), test.size());
        Samples x = test.range(0, n);
        BatchDerivatives.Evaluation ev = new BatchDerivatives(1, BatchDerivatives.DEFAULT_CHUNK).evaluate(net, x);
        Samples gx = Samples.wrap(n, 2, ev.gradient);
        Random rng = new Random(12345);
        double[] z = new double[n * 2];
        for (int i = 0; i < z.length; i++) z[i] = rng.nextGaussian();
        Samples ref = Samples.wrap(n, 2, z);
        GeneratorResult g = new Generator(net).threads(1).apply(ref);
        String caption = String.format(Locale.ROOT, "%s, seed %d, %s: %d of %d reference samples have a preimage (∇Φ)⁻¹(z)%s.",
                run.scheme().label(), run.seed(), thesis ? "thesis model" : "quadratic feature", g.convergedCount(), n,
                g.notConvergedCount() == 0 ? "" : "; the others lie outside the bounded range of ∇Φ (w_q = 0), so the generated panel shows only the converged ones");
        BufferedImage img = Figures.flow().target(x).pushForward(gx).reference(ref).generated(g.converged())
                .notConverged(g.notConvergedCount()).title(run.scheme().label() + (thesis ? " (thesis model, w_q = 0)" : " (quadratic feature)"))
                .toImage();
        Figures.savePng(img, file);
        progress.accept("wrote " + file + " (" + caption + ")");
        return caption;
    }
}
