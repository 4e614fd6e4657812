package org.icnnvarpro.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyRunsTest {
    @TempDir
    Path dir;

    static StudyRuns.Run run(String scheme, String variant, long seed, double testJ) {
        return new StudyRuns.Run("main", variant, scheme, "scaled", 1.0, 1024, 300_000, seed, testJ - 0.1, testJ - 0.05, testJ, testJ - 0.1, testJ,
                testJ + 0.01, 300_064, 12.5, "BUDGET");
    }

    /** The sleep data of PairedComparisonTest as two "schemes": the table's interval is the textbook one. */
    @Test
    void pairedTableAndCsvRoundTrip() throws Exception {
        double[] drug1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
        double[] drug2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
        List<StudyRuns.Run> rs = new ArrayList<>();
        for (int k = 0; k < 10; k++) rs.add(run("full-adam", "", k, drug2[k]));
        for (int k = 9; k >= 0; k--) rs.add(run("lbfgs-varpro", "m=10", k, drug1[k]));   // order does not matter: pairs by seed
        rs.add(run("adam-varpro", "", 0, Double.POSITIVE_INFINITY));
        Path csv = dir.resolve("runs.csv");
        StudyRuns.of(rs).write(csv);
        StudyRuns back = StudyRuns.read(csv);
        assertEquals(rs, back.runs());
        assertEquals(List.of("full-adam", "lbfgs-varpro m=10", "adam-varpro"), back.keys());
        PairedComparison c = back.compare("lbfgs-varpro m=10", "full-adam", StudyRuns.Run::testJ);
        assertEquals(-2.4598858, c.lower(), 1e-6);
        String md = back.pairedMarkdown("full-adam");
        assertTrue(md.contains("| lbfgs-varpro m=10 | 10 | 0.750 ± 1.789 | **-1.580 [-2.460, -0.700]** | 9 of 10 |"), md);
        assertTrue(md.contains("| adam-varpro | 1 | 1 undefined | – | – |"), md);
        assertEquals(10, back.toTable().where(back.toTable().stringColumn("scheme").isEqualTo("full-adam")).rowCount());
    }

    @Test
    void malformedFilesNameTheLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        StudyRuns.of(List.of(run("full-adam", "", 0, -1.3))).write(csv);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.add("main,,full-adam,scaled,1.0,1024,300000,1,abc,0,0,0,0,0,0,0,BUDGET");
        Files.write(csv, lines);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyRuns.read(csv));
        assertTrue(e.getMessage().startsWith(csv + ": line 3: "), e.getMessage());
        Files.writeString(csv, "a,b\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StudyRuns.read(csv)).getMessage().contains("line 1 is not the header"));
    }
}
