package org.icnnvarpro.faults;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output that is an input (by any name) is refused with one line before any work; the input is untouched. */
class OutputIsInputTest {
    @TempDir
    Path dir;
    Path model, data;
    byte[] modelBytes, dataBytes;

    @BeforeEach
    void files() throws Exception {
        model = dir.resolve("m.json");
        data = dir.resolve("x.csv");
        ModelFile.write(Icnn.builder(2).hidden(4, 4).seed(1).build(), model);
        CsvData.write(data, Datasets.byName("moons", 300, 2));
        modelBytes = Files.readAllBytes(model);
        dataBytes = Files.readAllBytes(data);
    }

    private String refused(String... args) throws Exception {
        Run.Result r = InProcess.run(args);
        assertEquals(2, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertFalse(r.out().contains("training") || r.out().contains("wrote"), "no work before the refusal: " + r.out());
        assertArrayEquals(modelBytes, Files.readAllBytes(model), "the model is untouched");
        assertArrayEquals(dataBytes, Files.readAllBytes(data), "the data are untouched");
        return r.errLines().get(0);
    }

    @Test
    void eachCommandRefusesToOverwriteItsInput() throws Exception {
        String m = model.toString(), x = data.toString();
        assertEquals("error: --out " + m + " is the same file as --model " + m + ": writing it would destroy the input; choose another --out",
                refused("eval", "--model", m, "--data", x, "--out", m));
        assertEquals("error: --out " + x + " is the same file as --data " + x + ": writing it would destroy the input; choose another --out",
                refused("eval", "--model", m, "--data", x, "--out", x));
        assertTrue(refused("sample", "--model", m, "-n", "10", "--out", m).contains("--out " + m + " is the same file as --model"));
        assertTrue(refused("sample", "--model", m, "-n", "10", "--out", dir.resolve("s.csv").toString(), "--rejected", m)
                .contains("--rejected " + m + " is the same file as --model"));
        assertTrue(refused("train", "--data", x, "--out", x).contains("--out " + x + " is the same file as --data"));
        assertTrue(refused("train", "--data", x, "--out", dir.resolve("t.json").toString(), "--history", x)
                .contains("--history " + x + " is the same file as --data"));
        assertTrue(refused("fit-last", "--model", m, "--data", x, "--out", x).contains("--out " + x + " is the same file as --data"));
    }

    @Test
    void twoOutputsOfOneRunAreRefused() throws Exception {
        String r = dir.resolve("r.json").toString();
        assertEquals("error: --out " + r + " and --history " + r + " are the same file; give them different names",
                refused("train", "--history", r, "--out", r));
        String s = dir.resolve("s.csv").toString();
        assertTrue(refused("sample", "--model", model.toString(), "-n", "10", "--out", s, "--rejected", s).contains("are the same file"));
    }

    @Test
    void otherNamesOfTheSameFileAreSeenThrough() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), model);
        Path hard = Files.createLink(dir.resolve("hard.csv"), data);
        Files.createDirectory(dir.resolve("sub"));
        String x = data.toString();
        assertTrue(refused("eval", "--model", model.toString(), "--data", x, "--out", link.toString()).contains("is the same file as --model"));
        assertTrue(refused("train", "--data", hard.toString(), "--out", x).contains("is the same file as --data"));
        assertTrue(refused("eval", "--model", model.toString(), "--data", x, "--out", dir.resolve("sub/../x.csv").toString())
                .contains("is the same file as --data"));
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
    }

    @Test
    void fitLastUpdatesItsModelInPlaceOnPurpose() throws Exception {
        Run.Result r = InProcess.run("fit-last", "--model", model.toString(), "--data", data.toString(), "--out", model.toString(), "--threads", "1");
        assertEquals(0, r.exit(), r::toString);
        Icnn fitted = ModelFile.read(model);
        assertFalse(java.util.Arrays.equals(modelBytes, Files.readAllBytes(model)), "the model was updated");
        assertArrayEquals(new int[] {4, 4}, fitted.widths());
        assertEquals(List.of(), Run.temporaries(dir));
        // the printed loss is the written model's (an independent evaluation of the file)
        double j = new org.icnnvarpro.loss.SaaLoss().value(fitted, CsvData.read(data));
        assertEquals(Double.parseDouble(r.lastLine().substring("loss ".length())), j, 1e-12 * Math.max(1, Math.abs(j)));
    }
}
