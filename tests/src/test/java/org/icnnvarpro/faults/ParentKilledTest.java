package org.icnnvarpro.faults;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar} relaunches itself in a child JVM with the vector kernels. The child ends
 * when its parent is killed (and then writes nothing more); a SIGTERM to the parent still makes
 * the child write the model and the history.
 */
class ParentKilledTest {
    @TempDir
    Path dir;

    /** Starts a long training and returns it with its relaunched child, once the first progress line is out. */
    private Process startTraining(StringBuilder seen) throws Exception {
        Process p = Run.in(dir).start("train", "--scheme", "full-adam", "--budget", "1000000000", "--n-train", "256", "--n-val", "100",
                "--widths", "8,8", "--out", "m.json");
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("[full-adam]")) break;
        }
        assertNotNull(line, seen::toString);
        Optional<ProcessHandle> child = p.toHandle().children().findFirst();
        if (child.isEmpty()) {
            p.destroyForcibly();
            Assumptions.abort("this JVM runs the command itself (no relaunch): nothing to orphan");
        }
        // keep reading, so that the pipe never fills
        Thread drain = new Thread(() -> {
            try {
                String l;
                while ((l = r.readLine()) != null) synchronized (seen) {
                    seen.append(l).append('\n');
                }
            } catch (Exception ignored) {
                // the process is gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    @Test
    void theChildEndsWithItsKilledParentAndWritesNothing() throws Exception {
        StringBuilder seen = new StringBuilder();
        Process parent = startTraining(seen);
        ProcessHandle child = parent.toHandle().children().findFirst().orElseThrow();
        parent.destroyForcibly(); // SIGKILL: the parent's hooks do not run
        assertTrue(parent.waitFor(20, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        try {
            child.onExit().get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            child.destroyForcibly();
            fail("the child still trains 15 s after its parent was killed");
        }
        System.out.printf("relaunched child ended %.2f s after its parent was killed%n", (System.nanoTime() - t0) * 1e-9);
        Thread.sleep(500);
        assertFalse(Files.exists(dir.resolve("m.json")), "nothing is written after the parent is gone");
    }

    @Test
    void sigtermToTheParentStillWritesModelAndHistory() throws Exception {
        StringBuilder seen = new StringBuilder();
        Process parent = startTraining(seen);
        ProcessHandle child = parent.toHandle().children().findFirst().orElseThrow();
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(parent.pid())).start().waitFor());
        assertTrue(parent.waitFor(120, TimeUnit.SECONDS), seen::toString);
        assertTrue(child.onExit().get(10, TimeUnit.SECONDS) != null);
        assertArrayEquals(new int[] {8, 8}, ModelFile.read(dir.resolve("m.json")).widths(), seen::toString);
        assertTrue(Files.readAllLines(dir.resolve("m.json.history.csv")).size() >= 2, seen::toString);
    }
}
