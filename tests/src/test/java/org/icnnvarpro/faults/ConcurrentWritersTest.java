package org.icnnvarpro.faults;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.flow.Generator;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes writing one file at once: the result is one writer's complete file, nothing spliced. */
class ConcurrentWritersTest {
    @TempDir
    Path dir;


    @Test
    void writerProcessesRacingOnOneFile() throws Exception {
        Path target = dir.resolve("shared.bin");
        int writers = 3, bytes = 1 << 20;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < writers; i++)
            ps.add(Run.in(dir).startClass(WriterLoop.class, target.toString(), Integer.toString(10 * i), "1", Integer.toString(bytes), "25"));
        for (Process p : ps) {
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        }
        byte[] last = Files.readAllBytes(target);
        boolean one = false;
        for (int i = 0; i < writers; i++) one |= Arrays.equals(WriterLoop.content(10 * i, bytes), last);
        assertTrue(one, "the file is not any one writer's content");
        assertEquals(List.of(), Run.temporaries(dir));
    }

    @Test
    void sampleCommandsRacingOnOneOutput() throws Exception {
        Path model = dir.resolve("m.json");
        Icnn net = Icnn.builder(2).hidden(8, 8).seed(2).build();
        ModelFile.write(net, model);
        int n = 5_000;
        List<Process> ps = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            File out = dir.resolve("out" + seed + ".txt").toFile();
            ps.add(Run.in(dir).env("ICNN_RELAUNCH", "0").start(out, out, "sample", "--model", "m.json", "-n", Integer.toString(n),
                    "--seed", Integer.toString(seed), "--out", "s.csv", "--threads", "1"));
        }
        for (Process p : ps) {
            assertTrue(p.waitFor(3, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue());
        }
        // the file is exactly the output of one of the runs: compare with the generator run here on each seed's z
        Samples got = CsvData.read(dir.resolve("s.csv"));
        int matches = 0;
        for (int seed = 1; seed <= 3; seed++) {
            Samples z = Datasets.gaussian(n, new double[2], 1.0, seed);
            Samples want = new Generator(net).tolerance(1e-12).maxIterations(100).threads(1).apply(z).converged();
            if (Arrays.equals(want.data(), got.data())) matches++;
        }
        assertEquals(1, matches, "s.csv is one run's complete output");
        assertEquals(List.of(), Run.temporaries(dir));
    }
}
