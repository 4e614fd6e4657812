package org.icnnvarpro.faults;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every output location is checked before any work: a folder, a device, a file as folder, a read-only or missing place. */
class UnwritableOutputTest {
    @TempDir
    Path dir;

    private String refused(String... args) {
        Run.Result r = InProcess.run(args);
        assertEquals(2, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertFalse(r.out().contains("training"), "refused before training: " + r.out());
        return r.errLines().get(0);
    }

    @Test
    void trainRefusesBadOutputsBeforeTraining() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("results"));
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep");
        assertEquals("error: --out " + folder + " is a folder; give the name of a file to write", refused("train", "--out", folder.toString()));
        assertEquals("error: --out " + file.resolve("m.json") + ": " + file + " is not a folder", refused("train", "--out", file.resolve("m.json").toString()));
        // a good --out with a bad --history is refused too, before training
        String m = dir.resolve("m.json").toString();
        assertEquals("error: --history " + folder + " is a folder; give the name of a file to write",
                refused("train", "--out", m, "--history", folder.toString()));
        assertFalse(Files.exists(dir.resolve("m.json")));
        if (Files.exists(Path.of("/dev/full")))
            assertEquals("error: --out /dev/full is not a regular file (a device, pipe or socket); give the name of a file to write",
                    refused("train", "--out", "/dev/full"));
        if (Files.isDirectory(Path.of("/proc/self")))
            assertTrue(refused("train", "--out", "/proc/self/m.json").startsWith("error: --out /proc/self/m.json: cannot write in /proc/"));
        assertEquals("keep", Files.readString(file));
    }

    @Test
    void everyCommandChecksItsOutputs() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("out"));
        Path model = dir.resolve("m.json"), data = dir.resolve("x.csv");
        ModelFile.write(Icnn.builder(2).hidden(4).seed(1).build(), model);
        CsvData.write(data, Datasets.byName("moons", 50, 1));
        String m = model.toString(), x = data.toString(), f = folder.toString();
        for (String[] args : new String[][] {
                {"eval", "--model", m, "--data", x, "--out", f},
                {"fit-last", "--model", m, "--data", x, "--out", f},
                {"sample", "--model", m, "-n", "10", "--out", f},
                {"sample", "--model", m, "-n", "10", "--out", dir.resolve("s.csv").toString(), "--rejected", f}}) {
            assertTrue(refused(args).endsWith(f + " is a folder; give the name of a file to write"), String.join(" ", args));
        }
        assertEquals("error: --out " + x + " is a file, not a folder; give the name of a folder to write into", refused("reproduce", "--out", x));
    }

    @Test
    void aReadOnlyFileSystemIsRefusedWithItsReason() throws Exception {
        try (SmallDisk ro = SmallDisk.mount(dir.resolve("ro"), 64, true)) {
            Run.Result r = InProcess.run("train", "--out", ro.path.resolve("m.json").toString());
            assertEquals(2, r.exit(), r::toString);
            assertEquals("error: --out " + ro.path.resolve("m.json") + ": cannot write in " + ro.path + " (read-only file system)",
                    r.errLines().get(0));
        }
    }

    @Test
    void aFolderWithoutPermissionIsRefusedWithItsReason() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere: skipped");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        locked.toFile().setWritable(false, false);
        try {
            assertEquals("error: --out " + locked.resolve("m.json") + ": cannot write in " + locked + " (permission denied)",
                    refused("train", "--out", locked.resolve("m.json").toString()));
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }
}
