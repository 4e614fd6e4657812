package org.icnnvarpro.notebooks;

import java.util.List;
import java.util.Map;

/**
 * Key results each notebook in {@code notebooks/} must show, by file name. {@link NotebookTest} runs
 * every notebook; a notebook listed here must also pass its checks, and every name listed here must
 * exist (so a renamed notebook cannot silently lose its checks).
 *
 * <p>Checks read the notebook's text output, so a notebook states its key results in a printed line,
 * e.g. {@code System.out.printf("final loss = %.4f%n", loss);}. Example entry:
 *
 * <pre>{@code
 * Map.entry("03_adam.ipynb", List.of(
 *         KeyResult.number("final loss", "final loss = (\\S+)", v -> v < 0.05, "< 0.05"),
 *         KeyResult.printed("converged after \\d+ iterations"),
 *         KeyResult.images(2)))
 * }</pre>
 */
final class NotebookChecks {
    private NotebookChecks() {
    }

    static final Map<String, List<KeyResult>> CHECKS = Map.ofEntries(
            Map.entry("01_convex_potential_flows.ipynb", List.of(
                    KeyResult.printed("^parameters in range: "),
                    KeyResult.printed("^convex at all points: true$"),
                    KeyResult.printed("^convex along the line: true$"),
                    KeyResult.number("initial J", "^initial: J = (\\S+)", v -> v > 0, "> 0 (untrained)"),
                    KeyResult.printed("^J decreased by the training: true$"),
                    KeyResult.images(4))),
            Map.entry("02_derivatives_and_gradient_check.ipynb", List.of(
                    KeyResult.printed("^parameters in range: "),
                    KeyResult.printed("^input gradient\\s+SECOND\\s+derivative confirmed: true$"),
                    KeyResult.printed("^input Hessian\\s+SECOND\\s+derivative confirmed: true$"),
                    KeyResult.number("two Hessian recurrences", "^two Hessian recurrences, max relative difference over \\d+ samples: (\\S+)$", v -> v < 1e-12, "< 1e-12"),
                    KeyResult.printed("^weight gradient \\(effective\\)\\s+SECOND\\s+derivative confirmed: true$"),
                    KeyResult.printed("^weight gradient \\(raw\\)\\s+SECOND\\s+derivative confirmed: true$"),
                    KeyResult.printed("^reduced gradient\\s+SECOND\\s+derivative confirmed: true$"),
                    KeyResult.printed("^reduced gradient: ratios .*: second order"),
                    verdictsAgree(),
                    KeyResult.printed("error \\(thesis\\)"))),
            Map.entry("03_adam_baseline.ipynb", List.of(
                    KeyResult.printed("^parameters in range: "),
                    KeyResult.printed("^Full Adam: BUDGET after [\\d,]+ work units"),
                    KeyResult.printed("^validation loss decreased: true$"),
                    KeyResult.printed("^best model below the initial network on the test set: true$"),
                    KeyResult.printed("trainLoss\\s+\\|\\s+validationLoss"),
                    KeyResult.number("inverted reference samples", "^inverted (\\d+) of 1000 ", v -> v >= 900, ">= 900 of 1000"),
                    KeyResult.images(3))),
            Map.entry("04_varpro_primer.ipynb", List.of(
                    KeyResult.printed("^parameters in range: "),
                    KeyResult.printed("^c\\(λ0\\) by QR = (.*)\\nlibrary     = \\1$"),
                    KeyResult.printed("^VarPro reached it in fewer iterations: true$"),
                    primerVerdictAgrees(),
                    KeyResult.images(3))),
            Map.entry("05_inner_problem.ipynb", List.of(
                    KeyResult.printed("^parameters in range: "),
                    KeyResult.printed("^J convex in w: true$"),
                    KeyResult.printed("^barrier: J = .* converged: true$"),
                    KeyResult.printed("^primal-dual converged: true$"),
                    KeyResult.number("|J(barrier) - J(primal-dual)|", "\\|J\\(barrier\\) - J\\(primal-dual\\)\\| = (\\S+)", v -> v < 1e-5, "< 1e-5"),
                    KeyResult.number("complementary slackness", "^KKT at the barrier solution: max \\|w_k g_k\\| = (\\S+),", v -> v < 1e-6, "< 1e-6"),
                    KeyResult.number("stationarity in w_x", "^KKT at the barrier solution: .*max \\|g_free\\| = (\\S+),", v -> v < 1e-6, "< 1e-6"),
                    KeyResult.number("dual feasibility", "^KKT at the barrier solution: .*min g_k = (\\S+)$", v -> v > -1e-6, "> -1e-6"),
                    KeyResult.printed("t0\\s+c\\s+rounds\\s+Newton"),
                    KeyResult.images(1))),
            Map.entry("06_varpro_training.ipynb", List.of(
                    KeyResult.printed("^parameters in range: "),
                    KeyResult.printed("^Full Adam\\s+(BUDGET|CONVERGED)\\s"),
                    KeyResult.printed("^Adam VarPro\\s+(BUDGET|CONVERGED)\\s"),
                    KeyResult.printed("^ℓBFGS VarPro\\s+(BUDGET|CONVERGED)\\s"),
                    KeyResult.printed("^Adam-ℓBFGS VarPro\\s+(BUDGET|CONVERGED)\\s"),
                    KeyResult.printed("^scheme\\s+train J\\s+val J\\s+best val\\s+test J\\s+work u\\.\\s+Newton\\s+inner s\\s+total s"),
                    KeyResult.printed("^Full Adam\\s+validation loss decreased: true$"),
                    KeyResult.printed("^Adam VarPro\\s+validation loss decreased: true$"),
                    KeyResult.printed("^ℓBFGS VarPro\\s+validation loss decreased: true$"),
                    KeyResult.printed("^Adam-ℓBFGS VarPro\\s+validation loss decreased: true$"),
                    KeyResult.number("VarPro starting validation J", "^Adam VarPro .*validation J: start (\\S+),", v -> v < 1.0, "< 1 (the initial inner solve)"),
                    KeyResult.printed("^lowest validation J at this budget: "),
                    KeyResult.printed("^y axis: J from "),
                    KeyResult.images(2))),
            Map.entry("07_results.ipynb", List.of(
                    KeyResult.printed("^parameters in range: "),
                    KeyResult.printed("^settings: inner problem solved by the .* L-BFGS memory m = \\d+ .* initialization$"),
                    KeyResult.number("initial test J", "initial test J \\(seed 0, before training\\) = ([-+0-9.eE]+)", v -> v > 0, "> 0"),
                    KeyResult.printed("^Full Adam\\s+test J .* mean test J = "),
                    KeyResult.printed("^Adam VarPro\\s+test J .* mean test J = "),
                    KeyResult.printed("^Adam-ℓBFGS VarPro\\s+test J .* mean test J = "),
                    KeyResult.printed("^Adam-then-ℓBFGS VarPro\\s+test J .* mean test J = "),
                    KeyResult.printed("^every run's best model below the initial network's test J: true$"),
                    KeyResult.printed("^thesis ordering on test J .*: (holds here|does not hold here|not applicable .*)$"),
                    KeyResult.that("no \"± 0.00\" spread for a single seed", run -> !run.outputText().contains("± 0.00")
                            || !run.outputText().contains("(one seed: no spread")),
                    bestSchemeAgrees(),
                    pairedVerdictAgrees(),
                    allNumbers("two Figure 4.2 generators, residuals <= 1e-10", "max generator residual \\(converged\\) = ([-+0-9.eE]+)", 2,
                            v -> v <= 1e-10),
                    KeyResult.printed("^hessQuik's initial J exceeds the scaled one's: true$"),
                    KeyResult.printed("^one inner solve lowers the initial test J under both rules: true$"),
                    KeyResult.number("runs of the committed study", "^study: (\\d+) runs read from ", v -> v >= 190, ">= 190 (the main comparison alone)"),
                    // the prose's claims about the committed study
                    KeyResult.printed("^hessQuik's initialization, thesis's ordering with Full Adam's last layer fitted first "
                            + "\\(Adam-ℓBFGS VarPro < VarPro-init Adam < Adam VarPro\\): holds$"),
                    KeyResult.printed("^scaled initialization, thesis's ordering \\(Adam-ℓBFGS VarPro < Full Adam < Adam VarPro\\): does not hold$"),
                    KeyResult.printed("^training set 8192: every scheme's generalization gap below 0.02: true; an ℓBFGS VarPro variant beats Full Adam \\(interval below 0\\): false$"),
                    KeyResult.printed("^ℓBFGS VarPro with memory 100 below Full Adam in mean test J \\(300,000 work units\\): false$"),
                    KeyResult.number("best Full Adam run from hessQuik's initialization", "^hessQuik's initialization: best test J of Full Adam over \\d+ seeds: ([-+0-9.eE]+)$",
                            v -> v > -0.5, "> -0.5 (stalled or failed in every seed)"),
                    KeyResult.images(2))),
            Map.entry("08_beyond_the_thesis.ipynb", List.of(
                    KeyResult.printed("^parameters in range: "),
                    KeyResult.printed("data sets: moons, 8gaussians, rings, checkerboard, pinwheel, spirals"),
                    KeyResult.number("quadratic model w_q", "quadratic model \\(w_q = ([-+0-9.eE]+)\\): test J", v -> v > 0, "> 0"),
                    KeyResult.number("thesis model: z without preimage", "rings: generator non-convergence, thesis model: (\\d+) of", v -> v > 0, "> 0"),
                    KeyResult.number("quadratic model: z without preimage", "rings: generator non-convergence, quadratic model: (\\d+) of", v -> v == 0, "= 0"),
                    KeyResult.number("∫ρ of the quadratic model", "∫ρ over .*, quadratic model = ([-+0-9.eE]+)", v -> Math.abs(v - 1) < 1e-2, "within 1e-2 of 1"),
                    KeyResult.number("sampling residual", "max residual ‖∇Φ\\(x\\) − z‖ = ([-+0-9.eE]+)", v -> v <= 1e-10, "<= 1e-10"),
                    allNumbers("gallery densities integrate to 1", "∫ρ = ([-+0-9.eE]+), generator", 1, v -> Math.abs(v - 1) < 1e-2),
                    allNumbers("gallery generator residuals <= 1e-10", "converged, max residual ([-+0-9.eE]+)", 1, v -> v <= 1e-10),
                    KeyResult.that("every gallery model generates all its samples", run -> java.util.regex.Pattern
                            .compile("generator: (\\d+) of \\1 converged").matcher(run.outputText()).results().count()
                            == java.util.regex.Pattern.compile("generator: \\d+ of \\d+ converged").matcher(run.outputText()).results().count()),
                    KeyResult.images(6)))
    );

    /** Notebook 2: each derivative's summary line says what its table's verdict line said. */
    static KeyResult verdictsAgree() {
        return KeyResult.that("the summary verdicts agree with the verdicts under the tables", run -> {
            String out = run.outputText();
            for (String key : List.of("input gradient", "input Hessian", "weight gradient (effective)", "weight gradient (raw)", "reduced gradient")) {
                java.util.regex.Matcher table = java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(key)
                        + ": .*: (second order|first order|exact|E1 does not shrink|inconclusive)", java.util.regex.Pattern.MULTILINE).matcher(out);
                java.util.regex.Matcher summary = java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(key)
                        + "\\s+(\\w+)\\s+derivative confirmed: (true|false)$", java.util.regex.Pattern.MULTILINE).matcher(out);
                if (!table.find() || !summary.find()) return false;
                String order = summary.group(1);
                boolean confirmed = summary.group(2).equals("true");
                String word = table.group(1);
                boolean tableSecond = word.equals("second order") || word.equals("exact");
                if (confirmed != tableSecond || confirmed != (order.equals("SECOND") || order.equals("EXACT"))) return false;
            }
            return true;
        });
    }

    /** Notebook 4: the verdict "VarPro reached it in fewer iterations" follows from the printed iteration counts. */
    static KeyResult primerVerdictAgrees() {
        java.util.regex.Pattern it = java.util.regex.Pattern.compile("^iterations to reach .*: full (never|\\d+), reduced (never|\\d+)$",
                java.util.regex.Pattern.MULTILINE);
        java.util.regex.Pattern verdict = java.util.regex.Pattern.compile("^VarPro reached it in fewer iterations: (true|false)$",
                java.util.regex.Pattern.MULTILINE);
        return KeyResult.that("the primer's verdict agrees with its iteration counts", run -> {
            java.util.regex.Matcher m = it.matcher(run.outputText()), v = verdict.matcher(run.outputText());
            if (!m.find() || !v.find()) return false;
            boolean reduced = !m.group(2).equals("never");
            boolean fewer = reduced && (m.group(1).equals("never") || Integer.parseInt(m.group(2)) < Integer.parseInt(m.group(1)));
            return fewer == Boolean.parseBoolean(v.group(1));
        });
    }

    /** Notebook 7: "best scheme here" names the scheme with the lowest printed mean test J, and the ordering verdict follows from them. */
    static KeyResult bestSchemeAgrees() {
        java.util.regex.Pattern mean = java.util.regex.Pattern.compile(
                "^(Full Adam|Adam VarPro|Adam-ℓBFGS VarPro|Adam-then-ℓBFGS VarPro)\\s+test J .* mean test J = ([-+0-9.eE]+)$", java.util.regex.Pattern.MULTILINE);
        java.util.regex.Pattern best = java.util.regex.Pattern.compile("^best scheme here: (.+)$", java.util.regex.Pattern.MULTILINE);
        java.util.regex.Pattern order = java.util.regex.Pattern.compile("^thesis ordering on test J .*: (holds here|does not hold here|not applicable)",
                java.util.regex.Pattern.MULTILINE);
        return KeyResult.that("the best scheme and the ordering verdict agree with the printed mean test J", run -> {
            java.util.Map<String, Double> means = new java.util.HashMap<>();
            java.util.regex.Matcher m = mean.matcher(run.outputText());
            while (m.find()) means.put(m.group(1), Double.parseDouble(m.group(2)));
            java.util.regex.Matcher b = best.matcher(run.outputText()), o = order.matcher(run.outputText());
            if (means.size() != 4 || !b.find() || !o.find()) return false;
            String argmin = means.entrySet().stream().min(java.util.Map.Entry.comparingByValue()).get().getKey();
            double fa = means.get("Full Adam"), av = means.get("Adam VarPro"), alv = means.get("Adam-ℓBFGS VarPro");
            boolean holds = alv < fa && fa < av;
            return b.group(1).strip().equals(argmin) && (o.group(1).equals("not applicable") || o.group(1).equals(holds ? "holds here" : "does not hold here"));
        });
    }

    /**
     * Notebook 7: the line "beat Full Adam with a paired 95 % interval below 0 here" lists exactly the
     * schemes whose printed interval lies below 0 (none with one seed, which prints no interval).
     */
    static KeyResult pairedVerdictAgrees() {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "^(.+?)\\s+− Full Adam, test J: [-+0-9.]+ (?:\\[([-+0-9.]+), ([-+0-9.]+)\\]|\\(one seed: no interval\\))", java.util.regex.Pattern.MULTILINE);
        java.util.regex.Pattern verdict = java.util.regex.Pattern.compile("^beat Full Adam with a paired 95 % interval below 0 here: (.+)$",
                java.util.regex.Pattern.MULTILINE);
        return KeyResult.that("the paired verdict lists exactly the schemes whose printed interval is below 0", run -> {
            java.util.regex.Matcher m = line.matcher(run.outputText()), v = verdict.matcher(run.outputText());
            java.util.List<String> below = new java.util.ArrayList<>();
            int n = 0;
            while (m.find()) {
                n++;
                if (m.group(3) != null && Double.parseDouble(m.group(3)) < 0) below.add(m.group(1).strip());
            }
            if (n != 3 || !v.find()) return false;
            return v.group(1).strip().equals(below.isEmpty() ? "none" : String.join(", ", below));
        });
    }

    /** At least {@code min} matches of {@code regex}, and the number in group 1 of every one satisfies {@code ok}. */
    private static KeyResult allNumbers(String description, String regex, int min, java.util.function.DoublePredicate ok) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        return KeyResult.that(description, run -> {
            try {
                List<Double> v = p.matcher(run.outputText()).results().map(m -> Double.parseDouble(m.group(1))).toList();
                return v.size() >= min && v.stream().allMatch(ok::test);
            } catch (NumberFormatException e) {
                return false;
            }
        });
    }
}
