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
                    KeyResult.number("|Phi by hand - library|", "\\|by hand - library\\| = (\\S+)", v -> v < 1e-10, "< 1e-10"),
                    KeyResult.printed("^convex at all points: true$"),
                    KeyResult.printed("^convex along the line: true$"),
                    KeyResult.number("initial J", "^initial: J = (\\S+)", v -> v > 0, "> 0 (untrained)"),
                    KeyResult.number("J after the short training", "work units .*: J = (\\S+)", v -> v < -0.5, "< -0.5"),
                    KeyResult.images(4))),
            Map.entry("02_derivatives_and_gradient_check.ipynb", List.of(
                    KeyResult.printed("^input gradient\\s+Taylor ratios near 4: true$"),
                    KeyResult.printed("^input Hessian\\s+Taylor ratios near 4: true$"),
                    KeyResult.number("two Hessian recurrences", "^two Hessian recurrences, max relative difference over \\d+ samples: (\\S+)$", v -> v < 1e-12, "< 1e-12"),
                    KeyResult.printed("^weight gradient \\(effective\\)\\s+Taylor ratios near 4: true$"),
                    KeyResult.printed("^weight gradient \\(raw\\)\\s+Taylor ratios near 4: true$"),
                    KeyResult.printed("^reduced gradient\\s+Taylor ratios near 4: true$"),
                    KeyResult.number("smallest reduced-gradient ratio", "^reduced gradient: ratios .*: min (\\S+),", v -> Math.abs(v - 4) < 0.35, "within 4 +- 0.35"),
                    KeyResult.number("largest reduced-gradient ratio", "^reduced gradient: ratios .*, max (\\S+) ->", v -> Math.abs(v - 4) < 0.35, "within 4 +- 0.35"),
                    KeyResult.printed("error \\(thesis\\)"))),
            Map.entry("03_adam_baseline.ipynb", List.of(
                    KeyResult.printed("^Full Adam: BUDGET after [\\d,]+ work units"),
                    KeyResult.printed("^validation loss decreased: true$"),
                    KeyResult.number("best validation J", "-> best (\\S+)$", v -> v < -0.8, "< -0.8"),
                    KeyResult.printed("trainLoss\\s+\\|\\s+validationLoss"),
                    KeyResult.number("test J of the best model", "best model: .*test (\\S+) \\(test NLL", v -> v < -0.8, "< -0.8"),
                    KeyResult.number("inverted reference samples", "^inverted (\\d+) of 1000 ", v -> v >= 900, ">= 900 of 1000"),
                    KeyResult.images(3))),
            Map.entry("05_inner_problem.ipynb", List.of(
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
                    KeyResult.images(2))),
            Map.entry("07_results.ipynb", List.of(
                    KeyResult.printed("\\| Full Adam \\| \\d+ \\| .*\\| -1\\.13 ± 0\\.03 \\|"),
                    KeyResult.printed("\\| Adam-ℓBFGS VarPro \\| \\d+ \\| .*\\| -1\\.32 ± 0\\.05 \\|"),
                    KeyResult.number("initial test J", "initial test J \\(seed 0, before training\\) = ([-+0-9.eE]+)", v -> v > 0, "> 0"),
                    KeyResult.number("Full Adam mean test J", "Full Adam\\s+test J .* mean test J = ([-+0-9.eE]+)", v -> v < -0.5, "< -0.5"),
                    KeyResult.number("Adam VarPro mean test J", "Adam VarPro\\s+test J .* mean test J = ([-+0-9.eE]+)", v -> v < -0.5, "< -0.5"),
                    KeyResult.number("Adam-ℓBFGS VarPro mean test J", "Adam-ℓBFGS VarPro\\s+test J .* mean test J = ([-+0-9.eE]+)", v -> v < -0.5, "< -0.5"),
                    KeyResult.printed("thesis ordering on test J .*: (holds|does not hold) here"),
                    allNumbers("two Figure 4.2 generators, residuals <= 1e-10", "max generator residual \\(converged\\) = ([-+0-9.eE]+)", 2,
                            v -> v <= 1e-10),
                    KeyResult.images(2))),
            Map.entry("08_beyond_the_thesis.ipynb", List.of(
                    KeyResult.printed("data sets: moons, 8gaussians, rings, checkerboard, pinwheel, spirals"),
                    KeyResult.number("quadratic model w_q", "quadratic model \\(w_q = ([-+0-9.eE]+)\\): test J", v -> v > 0, "> 0"),
                    KeyResult.number("thesis model: z without preimage", "rings: generator non-convergence, thesis model: (\\d+) of", v -> v > 0, "> 0"),
                    KeyResult.number("quadratic model: z without preimage", "rings: generator non-convergence, quadratic model: (\\d+) of", v -> v == 0, "= 0"),
                    KeyResult.number("∫ρ of the quadratic model", "∫ρ over .*, quadratic model = ([-+0-9.eE]+)", v -> Math.abs(v - 1) < 1e-2, "within 1e-2 of 1"),
                    KeyResult.number("sampling residual", "max residual ‖∇Φ\\(x\\) − z‖ = ([-+0-9.eE]+)", v -> v <= 1e-10, "<= 1e-10"),
                    allNumbers("gallery densities integrate to 1", "∫ρ = ([-+0-9.eE]+), generator", 3, v -> Math.abs(v - 1) < 1e-2),
                    allNumbers("gallery generator residuals <= 1e-10", "converged, max residual ([-+0-9.eE]+)", 3, v -> v <= 1e-10),
                    KeyResult.that("every gallery model generates all its samples", run -> java.util.regex.Pattern
                            .compile("generator: (\\d+) of \\1 converged").matcher(run.outputText()).results().count() >= 3),
                    KeyResult.images(6)))
    );

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
