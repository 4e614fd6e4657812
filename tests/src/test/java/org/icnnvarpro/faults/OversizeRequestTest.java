package org.icnnvarpro.faults;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes are checked before anything of that size is allocated: a request that cannot fit the heap
 * is one line naming the option and the limit (exit 2), never an OutOfMemoryError or a
 * NegativeArraySizeException. Where the JVM's heap is small (128 MB) the refusal also shows that
 * nothing was allocated first: an allocation would have ended in the out-of-memory line instead.
 */
class OversizeRequestTest {
    @TempDir
    Path dir;

    private static String refused(Run.Result r) {
        assertEquals(2, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        return r.errLines().get(0);
    }

    @Test
    void hugeCountsAndWidthsAreRefusedNamingTheOptionAndTheLimit() throws Exception {
        Path m = dir.resolve("m.json");
        ModelFile.write(Icnn.builder(2).hidden(4).seed(1).build(), m);
        String e = refused(InProcess.run("sample", "--model", m.toString(), "-n", "2147483647", "--out", dir.resolve("s.csv").toString()));
        assertTrue(e.startsWith("error: -n 2147483647 needs about ") && e.contains(" of memory, more than ") && e.contains("its limit is "), e);
        e = refused(InProcess.run("train", "--widths", "50000,50000", "--out", dir.resolve("w.json").toString()));
        assertTrue(e.startsWith("error: --widths 50000,50000 needs about "), e);
        e = refused(InProcess.run("train", "--n-train", "2000000000", "--out", dir.resolve("w.json").toString()));
        assertTrue(e.startsWith("error: --n-train 2000000000 --n-val 5000 needs about "), e);
        e = refused(InProcess.run("check", "--widths", "100000,100000"));
        assertTrue(e.startsWith("error: --widths 100000,100000 needs about "), e);
        e = refused(InProcess.run("check", "-n", "500000000"));
        assertTrue(e.startsWith("error: -n 500000000 needs about "), e);
        e = refused(InProcess.run("bench", "--n", "2000000000", "--quick"));
        assertTrue(e.startsWith("error: bench --n 2000000000 "), e);
        assertFalse(Files.exists(dir.resolve("w.json")));
    }

    @Test
    void modelFilesWithImpossibleSizesAreShapeErrors() throws Exception {
        Path x = dir.resolve("x.csv");
        CsvData.write(x, Datasets.byName("moons", 20, 1));
        Path big = dir.resolve("big.json");
        String good = ModelFile.toJson(Icnn.builder(2).hidden(3).seed(1).build());
        Files.writeString(big, good.replace("\"inputDim\": 2", "\"inputDim\": 1e10"));
        assertEquals("error: " + big + ": field 'inputDim' is 1e10, too large (at most 2147483647)",
                refused(InProcess.run("eval", "--model", big.toString(), "--data", x.toString(), "--out", dir.resolve("e.json").toString())));
        // a 20000-long b with 3 rows of K
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 20000; i++) b.append(i == 0 ? "" : ", ").append("0.5");
        Files.writeString(big, good.replaceFirst("\"b\": \\[[^]]*]", "\"b\": " + b + "]"));
        assertEquals("error: " + big + ": layers[0].K has 3 rows, expected 20000 (K is width × inputDim)",
                refused(InProcess.run("eval", "--model", big.toString(), "--data", x.toString(), "--out", dir.resolve("e.json").toString())));
    }

    @Test
    void onASmallHeapTheRequestIsRefusedBeforeItIsAllocated() throws Exception {
        // d = 100: the Hessians of 2000 samples are 2000 × 100 × 100 doubles, 160 MB, on a heap of 128 MB
        Path m = dir.resolve("m100.json"), x = dir.resolve("x100.csv"), x2 = dir.resolve("x2.csv");
        ModelFile.write(Icnn.builder(100).hidden(4).seed(1).build(), m);
        CsvData.write(x, Datasets.gaussian(2000, new double[100], 1.0, 3));
        CsvData.write(x2, Datasets.gaussian(50, new double[2], 1.0, 3));
        Run.Result r = Run.in(dir).quick().jvm("-Xmx128m").cli("eval", "--model", m.toString(), "--data", x.toString(), "--out", "e.json");
        String e = refused(r);
        assertTrue(e.startsWith("error: --data " + x + " (2000 samples in dimension 100) needs about "), e);
        assertTrue(e.contains("its limit is 1"), e); // about 128 MB (less a survivor space)
        // data of the wrong dimension: found at the first row, not after reading (or evaluating) all of it
        assertEquals("error: " + x + ": data has 100 columns but the model expects input dimension 2",
                refused(InProcess.run("eval", "--model", writeModel2().toString(), "--data", x.toString(), "--out", dir.resolve("e.json").toString())));
        r = Run.in(dir).quick().jvm("-Xmx128m").cli("sample", "--model", m.toString(), "-n", "100000000", "--out", "s.csv");
        assertTrue(refused(r).startsWith("error: -n 100000000 needs about "), r::toString);
        assertFalse(Files.exists(dir.resolve("e.json")) || Files.exists(dir.resolve("s.csv")));
    }

    @Test
    void whatNoEstimateCoversEndsInOneLineToo() throws Exception {
        // a data file larger than the whole heap: reading it runs out of memory, which is said in one line, exit 2
        Path x = dir.resolve("big.csv");
        CsvData.write(x, Datasets.gaussian(600_000, new double[2], 1.0, 1));
        Run.Result r = Run.in(dir).quick().jvm("-Xmx16m").cli("eval", "--model", writeModel2().toString(), "--data", x.toString(), "--out", "e.json");
        assertTrue(refused(r).startsWith("error: out of memory: the request does not fit the Java heap (limit "), r::toString);
    }

    private Path writeModel2() {
        Path p = dir.resolve("m2.json");
        ModelFile.write(Icnn.builder(2).hidden(4).seed(1).build(), p);
        return p;
    }
}
