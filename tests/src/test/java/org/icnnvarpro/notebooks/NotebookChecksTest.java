package org.icnnvarpro.notebooks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prose-consistency checks of {@link NotebookChecks}: they accept consistent output and reject contradictions. */
class NotebookChecksTest {

    /** A run whose only output is {@code text} on stdout. */
    static NotebookRun run(String text) {
        JsonObject out = new JsonObject();
        out.addProperty("output_type", "stream");
        out.addProperty("name", "stdout");
        out.addProperty("text", text);
        JsonArray outputs = new JsonArray();
        outputs.add(out);
        CellRun cell = new CellRun(1, 1, 1, "", outputs, null, Duration.ZERO);
        JsonObject nb = new JsonObject();
        nb.add("cells", new JsonArray());
        return new NotebookRun(Path.of("x.ipynb"), nb, List.of(cell), Duration.ZERO, Duration.ZERO, "");
    }

    @Test
    void bestSchemeMustBeTheLowestPrintedMean() {
        String means = "Full Adam          test J -1.32 ± 0.15   mean test J = -1.3161\n"
                + "Adam VarPro        test J -1.18 ± 0.18   mean test J = -1.1784\n"
                + "Adam-ℓBFGS VarPro  test J -1.12 ± 0.20   mean test J = -1.1173\n"
                + "Adam-then-ℓBFGS VarPro test J -1.30 ± 0.10   mean test J = -1.3000\n";
        KeyResult k = NotebookChecks.bestSchemeAgrees();
        assertTrue(k.problem(run(means + "thesis ordering on test J (…): does not hold here\nbest scheme here: Full Adam\n")).isEmpty());
        assertFalse(k.problem(run(means + "thesis ordering on test J (…): does not hold here\nbest scheme here: Adam VarPro\n")).isEmpty());
        assertFalse(k.problem(run(means + "thesis ordering on test J (…): holds here\nbest scheme here: Full Adam\n")).isEmpty());
        assertTrue(k.problem(run(means + "thesis ordering on test J (…): not applicable (the thesis reports moons only)\n"
                + "best scheme here: Full Adam\n")).isEmpty());
        assertFalse(k.problem(run(means.replace("-1.3000", "-1.4000") + "thesis ordering on test J (…): does not hold here\nbest scheme here: Full Adam\n")).isEmpty());
    }

    @Test
    void pairedVerdictMustListTheIntervalsBelowZero() {
        String lines = "Adam VarPro            − Full Adam, test J: +0.105 [-0.010, +0.219], 2 of 10 below 0\n"
                + "Adam-ℓBFGS VarPro      − Full Adam, test J: +0.268 [+0.128, +0.408], 1 of 10 below 0\n"
                + "Adam-then-ℓBFGS VarPro − Full Adam, test J: -0.108 [-0.204, -0.013], 6 of 10 below 0\n";
        KeyResult k = NotebookChecks.pairedVerdictAgrees();
        assertTrue(k.problem(run(lines + "beat Full Adam with a paired 95 % interval below 0 here: Adam-then-ℓBFGS VarPro\n")).isEmpty());
        assertFalse(k.problem(run(lines + "beat Full Adam with a paired 95 % interval below 0 here: none\n")).isEmpty());
        assertFalse(k.problem(run(lines.replace("-0.013]", "+0.013]") + "beat Full Adam with a paired 95 % interval below 0 here: Adam-then-ℓBFGS VarPro\n")).isEmpty());
        String one = "Adam VarPro            − Full Adam, test J: +0.105 (one seed: no interval)\n"
                + "Adam-ℓBFGS VarPro      − Full Adam, test J: +0.268 (one seed: no interval)\n"
                + "Adam-then-ℓBFGS VarPro − Full Adam, test J: -0.108 (one seed: no interval)\n";
        assertTrue(k.problem(run(one + "beat Full Adam with a paired 95 % interval below 0 here: none\n")).isEmpty());
        assertFalse(k.problem(run(one + "beat Full Adam with a paired 95 % interval below 0 here: Adam-then-ℓBFGS VarPro\n")).isEmpty());
    }

    @Test
    void primerVerdictMustFollowFromTheIterationCounts() {
        KeyResult k = NotebookChecks.primerVerdictAgrees();
        assertTrue(k.problem(run("iterations to reach J <= 1.01 x the best J found (2.4e-05): full never, reduced 21\n"
                + "VarPro reached it in fewer iterations: true\n")).isEmpty());
        assertTrue(k.problem(run("iterations to reach J <= 1.01 x the best J found (1e-05): full 9, reduced 30\n"
                + "VarPro reached it in fewer iterations: false\n")).isEmpty());
        assertFalse(k.problem(run("iterations to reach J <= 1.01 x the best J found (1e-05): full 9, reduced 30\n"
                + "VarPro reached it in fewer iterations: true\n")).isEmpty());
    }

    @Test
    void summaryVerdictsMustMatchTheTableVerdicts() {
        StringBuilder ok = new StringBuilder(), bad = new StringBuilder();
        for (String key : List.of("input gradient", "input Hessian", "weight gradient (effective)", "weight gradient (raw)", "reduced gradient")) {
            ok.append(key).append(": ratios 4.00, 4.00, 4.00 at h = 1.6e-02 … 2.0e-03: second order (the derivative is right)\n");
            bad.append(key).append(": ratios 2.00, 2.00, 2.00 at h = 1.6e-02 … 2.0e-03: first order (the derivative is off)\n");
        }
        StringBuilder summary = new StringBuilder();
        for (String key : List.of("input gradient", "input Hessian", "weight gradient (effective)", "weight gradient (raw)", "reduced gradient")) {
            summary.append(String.format("%-28s %-12s derivative confirmed: true%n", key, "SECOND"));
        }
        KeyResult k = NotebookChecks.verdictsAgree();
        assertTrue(k.problem(run(ok + summary.toString())).isEmpty());
        assertFalse(k.problem(run(bad + summary.toString())).isEmpty());
    }

    /** A run of the given cells, each {@code {source, mime or null}}: one display output of that type, or none. */
    static NotebookRun cells(String[]... sourceAndMime) {
        List<CellRun> cells = new java.util.ArrayList<>();
        for (String[] c : sourceAndMime) {
            JsonArray outputs = new JsonArray();
            if (c[1] != null) {
                JsonObject data = new JsonObject();
                data.addProperty(c[1], "x");
                JsonObject out = new JsonObject();
                out.addProperty("output_type", "display_data");
                out.add("data", data);
                out.add("metadata", new JsonObject());
                outputs.add(out);
            }
            cells.add(new CellRun(cells.size() + 1, cells.size() + 1, cells.size() + 1, c[0], outputs, null, Duration.ZERO));
        }
        JsonObject nb = new JsonObject();
        nb.add("cells", new JsonArray());
        return new NotebookRun(Path.of("x.ipynb"), nb, cells, Duration.ZERO, Duration.ZERO, "");
    }

    @Test
    void exploreCellsMustBeThereAndShowAPicture() {
        String explore = "Widgets.interact(Widgets.logSlider(\"t0\", T0, 1e-3, 1e3))\n    .show(v -> Explore.barrierSteps(problem, start, options));";
        KeyResult k = KeyResult.exploreCells(1);
        assertTrue(k.problem(cells(new String[] {"int a = 1;", null}, new String[] {explore, "image/png"})).isEmpty());
        assertFalse(k.problem(cells(new String[] {explore, "text/plain"})).isEmpty(), "an explore cell without its picture");
        assertFalse(k.problem(cells(new String[] {"int a = 1;", "image/png"})).isEmpty(), "no explore cell at all");
        assertFalse(KeyResult.exploreCells(2).problem(cells(new String[] {explore, "image/png"})).isEmpty(), "one explore cell of two");
    }
}
