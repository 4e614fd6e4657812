package org.icnnvarpro.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code eval} contract of docs/math.md §11, checked through the runnable jar. */
class EvalCommandTest {
    @TempDir
    Path dir;

    @Test
    void evalWritesTheContractShapeAndAConsistentLoss() throws Exception {
        Icnn net = Icnn.builder(2).hidden(8, 8, 8).quadratic(false).seed(3).build();
        ModelFile.write(net, dir.resolve("m.json"));
        Samples x = Datasets.moons(50, 0.05, 1);
        CsvData.write(dir.resolve("x.csv"), x);
        Cli.Result r = Cli.run(dir, "eval", "--model", "m.json", "--data", "x.csv", "--out", "e.json");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.lastLine().matches("loss -?[0-9.]+(E-?[0-9]+)?"), r.lastLine());
        double printed = Double.parseDouble(r.lastLine().substring(5));

        JsonObject e = JsonParser.parseString(Files.readString(dir.resolve("e.json"))).getAsJsonObject();
        assertEquals(printed, e.get("loss").getAsDouble(), 0.0);
        JsonArray phi = e.getAsJsonArray("potential"), g = e.getAsJsonArray("gradient"), h = e.getAsJsonArray("hessian");
        assertEquals(50, phi.size());
        assertEquals(50, g.size());
        assertEquals(50, h.size());
        // the loss recomputed from the written g and S: mean ½‖g‖² − log det S (d = 2)
        double sum = 0;
        for (int j = 0; j < 50; j++) {
            JsonArray gj = g.get(j).getAsJsonArray(), Sj = h.get(j).getAsJsonArray();
            assertEquals(2, gj.size());
            double g0 = gj.get(0).getAsDouble(), g1 = gj.get(1).getAsDouble();
            double a = Sj.get(0).getAsJsonArray().get(0).getAsDouble(), b = Sj.get(0).getAsJsonArray().get(1).getAsDouble();
            double c = Sj.get(1).getAsJsonArray().get(0).getAsDouble(), dd = Sj.get(1).getAsJsonArray().get(1).getAsDouble();
            assertEquals(b, c, 0.0, "symmetric Hessian");
            sum += 0.5 * (g0 * g0 + g1 * g1) - Math.log(a * dd - b * c);
        }
        assertEquals(sum / 50, printed, 1e-12 * Math.abs(printed));
        // the weight gradient has the model's shape
        JsonObject wg = e.getAsJsonObject("weightGradient");
        assertEquals(3, wg.getAsJsonArray("layers").size());
        assertTrue(wg.getAsJsonArray("layers").get(0).getAsJsonObject().get("L").isJsonNull());
        assertEquals(8, wg.getAsJsonArray("layers").get(2).getAsJsonObject().getAsJsonArray("L").size());
        assertEquals(8, wg.getAsJsonObject("w").getAsJsonArray("u").size());
        assertEquals(2, wg.getAsJsonObject("w").getAsJsonArray("x").size());
        assertTrue(wg.getAsJsonObject("w").get("q").isJsonPrimitive());
    }

    @Test
    void weightGradientAgreesWithFiniteDifferencesOfThePrintedLoss() throws Exception {
        Icnn net = Icnn.builder(2).hidden(3, 3).quadratic(true).seed(5).build();
        Samples x = Datasets.moons(30, 0.05, 2);
        CsvData.write(dir.resolve("x.csv"), x);
        ModelFile.write(net, dir.resolve("m.json"));
        Cli.Result r = Cli.run(dir, "eval", "--model", "m.json", "--data", "x.csv", "--out", "e.json");
        assertEquals(0, r.exit(), r::toString);
        JsonObject e = JsonParser.parseString(Files.readString(dir.resolve("e.json"))).getAsJsonObject();
        double claimed = e.getAsJsonObject("weightGradient").getAsJsonObject("w").get("q").getAsDouble();
        double eps = 1e-5;
        double[] f = new double[2];
        for (int s = 0; s < 2; s++) {
            Icnn p = net.copy();
            p.weights()[p.offsetWq()] += s == 0 ? eps : -eps;
            ModelFile.write(p, dir.resolve("p.json"));
            Cli.Result rp = Cli.run(dir, "eval", "--model", "p.json", "--data", "x.csv", "--out", "p-e.json");
            f[s] = Double.parseDouble(rp.lastLine().substring(5));
        }
        assertEquals((f[0] - f[1]) / (2 * eps), claimed, 1e-7);
    }
}
