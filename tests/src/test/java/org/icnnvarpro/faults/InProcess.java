package org.icnnvarpro.faults;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.icnnvarpro.cli.Main;

/**
 * Runs the command line in this JVM ({@link Main#execute}, what {@code main} does after the
 * relaunch) with standard output and error captured: for the many cases that are refused before
 * any work, where a JVM start per case would only cost time. Paths must be absolute.
 */
final class InProcess {
    private InProcess() {}

    static synchronized Run.Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), (System.nanoTime() - t0) * 1e-9);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
