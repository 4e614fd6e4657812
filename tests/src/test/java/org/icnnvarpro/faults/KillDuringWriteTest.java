package org.icnnvarpro.faults;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.io.AtomicFile;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL of a writer at many points: the target is always the old or a new complete file, never anything else. */
class KillDuringWriteTest {
    @TempDir
    Path dir;


    @Test
    void aWriterKilledAtRandomPointsLeavesAWholeFile() throws Exception {
        Path target = dir.resolve("m.json");
        byte[] old = WriterLoop.content(99, 1 << 20);
        Files.write(target, old);
        int kills = 20, bytes = 3 << 20, midWrite = 0;
        List<byte[]> allowed = List.of(old, WriterLoop.content(0, bytes), WriterLoop.content(1, bytes + 4096));
        Random rng = new Random(15);
        for (int k = 0; k < kills; k++) {
            Process p = Run.in(dir).startClass(WriterLoop.class, target.toString(), "0", "2", Integer.toString(bytes));
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // the first kill comes before the first write is complete, the others at random points of the loop
            if (k > 0) assertEquals("ready", r.readLine());
            Thread.sleep(k == 0 ? 150 : rng.nextInt(120));
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            if (!Run.temporaries(dir).isEmpty()) midWrite++;
            byte[] now = Files.readAllBytes(target);
            assertTrue(allowed.stream().anyMatch(a -> Arrays.equals(a, now)),
                    "kill " + k + ": the target is " + now.length + " bytes that are neither the old file nor a complete new one");
        }
        System.out.printf("kill -9 of a writer: %d kills, %d of them during a write (a temporary file was left), target always whole%n",
                kills, midWrite);
        assertTrue(midWrite >= kills / 5, "only " + midWrite + " of " + kills + " kills landed during a write: the test did not test much");
        // the next write removes what the killed writers left
        AtomicFile.writeString(target, "done");
        assertEquals(List.of(), Run.temporaries(dir));
    }

    @Test
    void fitLastInPlaceKilledAsItStartsWritingKeepsTheOldModel() throws Exception {
        // a model large enough that writing it takes a while (a 400 × 400 L), with a small last layer (a quick inner solve)
        Icnn net = Icnn.builder(2).hidden(400, 400, 8).quadratic(false).seed(3).build();
        Path model = dir.resolve("t.json"), data = dir.resolve("x.csv");
        ModelFile.write(net, model);
        CsvData.write(data, Datasets.byName("moons", 300, 5));
        byte[] old = Files.readAllBytes(model);
        // the complete new file, from a run that is not disturbed
        Path reference = dir.resolve("reference.json");
        Run.Result ref = Run.in(dir).env("ICNN_RELAUNCH", "0").cli("fit-last", "--model", "t.json", "--data", "x.csv", "--out", "reference.json");
        assertEquals(0, ref.exit(), ref::toString);
        byte[] fresh = Files.readAllBytes(reference);
        Files.delete(reference);
        int atStart = 0;
        for (int k = 0; k < 3; k++) {
            File out = dir.resolve("out.txt").toFile(), err = dir.resolve("err.txt").toFile();
            Process p = Run.in(dir).env("ICNN_RELAUNCH", "0").start(out, err, "fit-last", "--model", "t.json", "--data", "x.csv", "--out", "t.json");
            // watch the folder for the writer's temporary file: kill the writer the moment it appears
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean seen = false;
            while (p.isAlive() && System.nanoTime() < deadline && !(seen = !Run.temporaries(dir).isEmpty())) Thread.sleep(1);
            p.destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            if (seen) atStart++;
            byte[] now = Files.readAllBytes(model);
            assertTrue(Arrays.equals(old, now) || Arrays.equals(fresh, now), "the model is neither the old nor the new file");
            if (seen) assertArrayEquals(old, now, "killed as the write started: the old model");
            ModelFile.read(model); // and it reads
        }
        System.out.printf("fit-last --out = --model killed as the write started: %d of 3 kills caught the temporary file%n", atStart);
        assertTrue(atStart >= 1, "no kill landed in the write");
    }
}
