package org.icnnvarpro.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input gives one clear line on stderr, no stack trace, and exit code 2. */
class BadInputTest {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        ModelFile.write(Icnn.builder(2).hidden(4, 4).quadratic(false).seed(1).build(), dir.resolve("m.json"));
        Files.writeString(dir.resolve("ok.csv"), "x1,x2\n0.1,0.2\n0.3,0.4\n");
    }

    private String fails(String... args) throws Exception {
        Cli.Result r = Cli.run(dir, args);
        assertEquals(2, r.exit(), r::toString);
        String err = r.err().strip();
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("error: "), err);
        return err;
    }

    private String eval(String model, String csv) throws Exception {
        return fails("eval", "--model", model, "--data", csv, "--out", "e.json");
    }

    @Test
    void nonNumericCell() throws Exception {
        Files.writeString(dir.resolve("bad.csv"), "x1,x2\n0.1,0.2\n0.3,abc\n");
        assertEquals("error: bad.csv line 3, column 2: 'abc' is not a number", eval("m.json", "bad.csv"));
    }

    @Test
    void wrongColumnCount() throws Exception {
        Files.writeString(dir.resolve("bad.csv"), "0.1,0.2\n0.3,0.4,0.5\n");
        assertEquals("error: bad.csv line 2: 3 columns, expected 2", eval("m.json", "bad.csv"));
    }

    @Test
    void nanAndInfinity() throws Exception {
        Files.writeString(dir.resolve("nan.csv"), "0.1,NaN\n");
        assertTrue(eval("m.json", "nan.csv").contains("nan.csv line 1, column 2"));
        Files.writeString(dir.resolve("inf.csv"), "0.1,0.2\nInfinity,1\n");
        assertTrue(eval("m.json", "inf.csv").contains("inf.csv line 2, column 1"));
    }

    @Test
    void emptyFile() throws Exception {
        Files.writeString(dir.resolve("empty.csv"), "");
        assertTrue(eval("m.json", "empty.csv").contains("empty.csv: no data rows"));
    }

    @Test
    void modelNotJson() throws Exception {
        Files.writeString(dir.resolve("bad.json"), "hello");
        assertTrue(eval("bad.json", "ok.csv").startsWith("error: bad.json: not valid JSON"));
    }

    @Test
    void shapesThatDoNotFit() throws Exception {
        com.google.gson.JsonObject m = com.google.gson.JsonParser.parseString(Files.readString(dir.resolve("m.json"))).getAsJsonObject();
        // drop the last row of layer 1's L: 3 rows instead of 4
        m.getAsJsonArray("layers").get(1).getAsJsonObject().getAsJsonArray("L").remove(3);
        Files.writeString(dir.resolve("bad.json"), m.toString());
        String err = eval("bad.json", "ok.csv");
        assertTrue(err.contains("layers[1].L has 3 rows, expected 4"), err);
    }

    @Test
    void negativeL() throws Exception {
        Icnn net = Icnn.builder(2).hidden(4, 4).quadratic(false).seed(1).build();
        net.weights()[net.offsetL(1) + 5] = -0.25;
        ModelFile.write(net, dir.resolve("neg.json"));
        assertEquals("error: neg.json: layers[1].L[1][1] is negative (-0.25); it must be >= 0 for convexity", eval("neg.json", "ok.csv"));
    }

    @Test
    void negativeWu() throws Exception {
        Icnn net = Icnn.builder(2).hidden(4, 4).quadratic(false).seed(1).build();
        net.weights()[net.offsetWu() + 2] = -1.0;
        ModelFile.write(net, dir.resolve("neg.json"));
        assertEquals("error: neg.json: w.u[2] is negative (-1.0); it must be >= 0 for convexity", eval("neg.json", "ok.csv"));
    }

    @Test
    void dimensionMismatch() throws Exception {
        Files.writeString(dir.resolve("x3.csv"), "0.1,0.2,0.3\n");
        assertEquals("error: x3.csv: data has 3 columns but the model expects input dimension 2", eval("m.json", "x3.csv"));
    }

    @Test
    void hessianNotPositiveDefinite() throws Exception {
        Icnn net = Icnn.builder(2).hidden(4, 4).quadratic(false).seed(1).build();
        java.util.Arrays.fill(net.weights(), net.offsetWu(), net.offsetWx(), 0.0);
        ModelFile.write(net, dir.resolve("flat.json"));
        String err = eval("flat.json", "ok.csv");
        // the file and line of the sample, counted from 1
        assertTrue(err.startsWith("error: ok.csv line 2: the loss is undefined at sample 1 "), err);
        assertTrue(err.contains("not positive definite"), err);
        assertFalse(Files.exists(dir.resolve("e.json")), "no output written for an undefined loss");
    }
}
