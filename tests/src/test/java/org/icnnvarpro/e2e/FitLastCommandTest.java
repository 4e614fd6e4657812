package org.icnnvarpro.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code fit-last} contract of docs/math.md §11, through the runnable jar. */
class FitLastCommandTest {
    @TempDir
    Path dir;

    private static double loss(Cli.Result r) {
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.lastLine().startsWith("loss "), r.lastLine());
        return Double.parseDouble(r.lastLine().substring(5));
    }

    @Test
    void fitLastLowersTheLossAndEvalAgrees() throws Exception {
        Icnn net = Icnn.builder(2).hidden(8, 8).quadratic(true).seed(4).build();
        ModelFile.write(net, dir.resolve("m.json"));
        CsvData.write(dir.resolve("x.csv"), Datasets.moons(400, 0.05, 9));
        double before = loss(Cli.run(dir, "eval", "--model", "m.json", "--data", "x.csv", "--out", "e0.json"));

        double thesis = loss(Cli.run(dir, "fit-last", "--model", "m.json", "--data", "x.csv", "--out", "t.json"));
        Icnn t = ModelFile.read(dir.resolve("t.json"));
        assertEquals(0.0, t.wq(), "without --quadratic w_q is held at 0");
        assertArrayEquals(net.K(1), t.K(1), "hidden layers are kept");
        assertEquals(thesis, loss(Cli.run(dir, "eval", "--model", "t.json", "--data", "x.csv", "--out", "e1.json")), 1e-12);

        double quad = loss(Cli.run(dir, "fit-last", "--model", "m.json", "--data", "x.csv", "--out", "q.json", "--quadratic"));
        assertTrue(ModelFile.read(dir.resolve("q.json")).wq() >= 0);
        assertTrue(quad <= thesis + 1e-8, "a free w_q can only help: " + quad + " vs " + thesis);
        assertTrue(quad < before, "the optimal last layer beats the initial one: " + quad + " vs " + before);
        // optimal: perturbing w_x (free) cannot lower the loss
        Icnn q = ModelFile.read(dir.resolve("q.json"));
        for (double h : new double[] {1e-3, -1e-3}) {
            Icnn p = q.copy();
            p.weights()[p.offsetWx()] += h;
            ModelFile.write(p, dir.resolve("p.json"));
            assertTrue(loss(Cli.run(dir, "eval", "--model", "p.json", "--data", "x.csv", "--out", "ep.json")) >= quad - 1e-9);
        }
    }
}
