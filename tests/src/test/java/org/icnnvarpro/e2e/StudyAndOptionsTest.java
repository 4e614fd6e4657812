package org.icnnvarpro.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.icnnvarpro.experiment.StudyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reproduce --study} writes its runs, timing pass and report, and resumes; {@code train} takes the initialization and L-BFGS options. */
class StudyAndOptionsTest {
    @TempDir
    Path dir;

    @Test
    void quickStudyWritesRunsTimingAndReportAndResumes() throws Exception {
        Cli.Result r = Cli.run(dir, "reproduce", "--study", "--quick", "--parallel", "2", "--out", "st");
        assertEquals(0, r.exit(), r::toString);
        Path st = dir.resolve("st");
        StudyRuns runs = StudyRuns.read(st.resolve("runs.csv"));
        // every experiment of the study is there, each cell with both seeds
        for (String e : List.of("memory", "main", "equal-time", "init", "scale", "saa", "switch", "slim"))
            assertTrue(runs.experiment(e).size() >= 2, e + ": " + runs.experiment(e).size() + " runs");
        assertEquals(2 * 7, runs.experiment("main").budget(4_000).size());
        assertTrue(Files.readAllLines(st.resolve("timing.csv")).size() == 8, "a timing row per scheme");
        String index = Files.readString(st.resolve("index.md"));
        for (String h : List.of("## 1. All schemes at equal work units", "## 2. All schemes at equal time", "## 3. L-BFGS memory", "## 4. hessQuik's initialization",
                "## 5. Effective-L scale", "## 6. The SAA batch", "## 7. When Adam-then-ℓBFGS VarPro switches", "## 8. slim Adam VarPro"))
            assertTrue(index.contains(h), h);
        assertTrue(index.contains("| full-adam | 2 |"), index);
        // resuming with a complete file runs nothing and gives the same runs and report
        Cli.Result again = Cli.run(dir, "reproduce", "--study", "--quick", "--resume", "--out", "st");
        assertEquals(0, again.exit(), again::toString);
        assertFalse(again.out().contains("runs in"), again.out());
        assertEquals(runs.runs(), StudyRuns.read(st.resolve("runs.csv")).runs());
        assertEquals(index.replaceAll("this invocation ran .*? s\\.", ""), Files.readString(st.resolve("index.md")).replaceAll("this invocation ran .*? s\\.", ""));
    }

    @Test
    void trainTakesTheInitializationAndLbfgsOptions() throws Exception {
        Cli.Result r = Cli.run(dir, "train", "--scheme", "adam-then-lbfgs-varpro", "--thesis", "--init", "hessquik", "--init-scale", "0.5",
                "--lbfgs-memory", "5", "--switch", "0.5", "--budget", "8000", "--n-val", "300", "--widths", "8,8", "--out", "m.json");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("init hessquik × 0.5"), r.out());
        List<String> history = Files.readAllLines(dir.resolve("m.json.history.csv"));
        assertTrue(history.stream().anyMatch(l -> l.startsWith("adam,")) && history.stream().anyMatch(l -> l.startsWith("lbfgs-varpro,")),
                "both phases ran: " + history);
        Cli.Result bad = Cli.run(dir, "train", "--init", "xavier", "--budget", "1000", "--out", "x.json");
        assertEquals(2, bad.exit(), bad::toString);
        assertEquals("error: unknown initialization 'xavier' (known: scaled, hessquik)", bad.err().strip());
        Cli.Result badScale = Cli.run(dir, "check", "--init-scale", "-1", "--what", "gradient");
        assertEquals(2, badScale.exit(), badScale::toString);
        assertEquals("error: --init-scale must be a positive number, got -1.0", badScale.err().strip());
        // the new options are checked before any work, each with one line naming it
        for (String[] c : new String[][] {{"--lbfgs-memory", "0", "error: --lbfgs-memory must be positive, got 0"},
                {"--switch", "1.5", "error: --switch must be between 0 and 1, got 1.5"},
                {"--lbfgs-resample", "-1", "error: --lbfgs-resample must be >= 0 (0 = one fixed batch), got -1"},
                {"--slim-memory", "-2", "error: --slim-memory must be >= 0 (earlier batches), got -2"},
                {"--slim-proximal", "NaN", "error: --slim-proximal must be a number >= 0, got NaN"}}) {
            Cli.Result b = Cli.run(dir, "train", c[0], c[1], "--budget", "1000", "--out", "y.json");
            assertEquals(2, b.exit(), b::toString);
            assertEquals(c[2], b.err().strip());
            assertFalse(Files.exists(dir.resolve("y.json")));
        }
    }
}
