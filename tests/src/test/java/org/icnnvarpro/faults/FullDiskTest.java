package org.icnnvarpro.faults;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, on a small tmpfs: refused before any work when nothing can be written; when the
 * disk fills up during the run, the old model stays, the history is written, the model goes to
 * a fallback file that is printed, and the reason ("no space left on device") is said.
 * (Without mounting, AtomicFileTest's writer that fails mid-way covers the writer itself.)
 */
class FullDiskTest {
    @TempDir
    Path dir;


    @Test
    void aDiskThatFillsUpKeepsTheOldModelAndWritesTheRestElsewhere() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 256, false)) {
            Path m = disk.path.resolve("m.json"), h = disk.path.resolve("h.csv");
            ModelFile.write(Icnn.builder(2).hidden(4).quadratic(false).seed(1).build(), m);
            byte[] old = Files.readAllBytes(m);
            Path tmp = Files.createDirectory(dir.resolve("tmp"));

            // nothing free: refused before any work
            disk.leaveFree(0);
            Run.Result none = Run.in(dir).quick().cli("train", "--out", m.toString(), "--history", h.toString());
            assertEquals(2, none.exit(), none::toString);
            assertEquals(List.of("error: --out " + m + ": cannot write in " + disk.path + " (no space left on device)"), none.errLines());
            assertFalse(none.out().contains("training"), "no work was done: " + none.out());
            assertArrayEquals(old, Files.readAllBytes(m));

            // 12 kB free: the check passes, the history (3 kB) fits, the model (32 × 32: 28 kB of JSON) does not
            Files.delete(disk.path.resolve("filler"));
            disk.leaveFree(12 * 1024);
            Run.Result r = Run.in(dir).env("ICNN_RELAUNCH", "0").jvm("-Djava.io.tmpdir=" + tmp).cli("train", "--scheme", "full-adam",
                    "--widths", "32,32", "--budget", "2000", "--n-train", "256", "--n-val", "100", "--out", m.toString(), "--history", h.toString());
            assertEquals(3, r.exit(), r::toString);
            assertArrayEquals(old, Files.readAllBytes(m), "the old model is untouched");
            assertTrue(Files.readAllLines(h).size() >= 2, "the history was written where asked");
            List<String> err = r.errLines();
            assertEquals(1, err.size(), r::toString);
            assertTrue(err.get(0).startsWith("error: cannot write " + m + ": no space left on device; wrote the model to " + tmp), err.get(0));
            Path fallback = Path.of(err.get(0).substring(err.get(0).indexOf(tmp.toString())).replace(" instead", ""));
            assertArrayEquals(new int[] {32, 32}, ModelFile.read(fallback).widths(), "the fallback is the complete model");
            assertEquals(List.of(), Run.temporaries(disk.path), "no temporary file is left on the full disk");
        }
    }
}
