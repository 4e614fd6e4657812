package org.icnnvarpro.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.icnnvarpro.cli.Main;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.model.Activation;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sample} command end to end through {@link Main#execute}. */
class SampleCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void writesPreimagesOfSeededGaussianSamples() throws Exception {
        Icnn net = FlowTestModels.random(2, Activation.SOFTPLUS, 0.2, 3);
        Path m = dir.resolve("m.json"), s = dir.resolve("out/s.csv");
        ModelFile.write(net, m);
        Run r = run("sample", "--model", m.toString(), "-n", "300", "--out", s.toString(), "--seed", "5", "--threads", "1");
        assertEquals(0, r.code, r.out + r.err);
        String[] lines = r.out.strip().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("sample n=300 converged=300 notConverged=0 "), r.out);
        assertTrue(r.out.contains("all 300 reference samples converged"), r.out);
        Samples x = CsvData.read(s, 2);
        assertEquals(300, x.size());
        // independent check: ∇Φ(x) is the seeded N(0, I) draw the command documents
        Samples z = Datasets.gaussian(300, new double[2], 1.0, 5);
        double err = GeneratorTest.maxForwardError(ModelFile.read(m), x, z);
        System.out.printf("sample command: max |grad Phi(x) - z| = %.2e%n", err);
        assertTrue(err <= 1e-10, "max error " + err);
        // same seed, same file
        Path s2 = dir.resolve("s2.csv");
        assertEquals(0, run("sample", "--model", m.toString(), "-n", "300", "--out", s2.toString(), "--seed", "5").code);
        assertArrayEquals(x.data(), CsvData.read(s2, 2).data(), 0.0);
    }

    @Test
    void reportsAndSeparatesSamplesWithoutPreimage() throws Exception {
        Icnn net = FlowTestModels.random(2, Activation.SOFTPLUS, 0.0, 0.15, 7);
        Path m = dir.resolve("thesis.json"), s = dir.resolve("s.csv"), rej = dir.resolve("rej.csv");
        ModelFile.write(net, m);
        Run r = run("sample", "--model", m.toString(), "-n", "400", "--out", s.toString());
        assertEquals(0, r.code, r.out + r.err);
        assertTrue(r.out.contains("written nowhere"), r.out);
        assertTrue(r.out.contains("w_q = 0"), r.out);
        Samples x = CsvData.read(s, 2);
        GeneratorResult expected = new Generator(ModelFile.read(m)).apply(Datasets.gaussian(400, new double[2], 1.0, 0));
        assertTrue(expected.notConvergedCount() > 0);
        assertArrayEquals(expected.converged().data(), x.data(), 0.0);
        assertTrue(r.out.contains(expected.notConvergedCount() + " of 400 reference samples did not converge"), r.out);
        assertTrue(r.out.contains("notConverged=" + expected.notConvergedCount()), r.out);

        Run r2 = run("sample", "--model", m.toString(), "-n", "400", "--out", s.toString(), "--rejected", rej.toString());
        assertEquals(0, r2.code, r2.out + r2.err);
        assertArrayEquals(expected.notConvergedReference().data(), CsvData.read(rej, 2).data(), 0.0);
    }

    @Test
    void errorsAreOneLineWithExitCode2() throws Exception {
        Path s = dir.resolve("s.csv");
        Run r = run("sample", "--model", dir.resolve("missing.json").toString(), "-n", "10", "--out", s.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.startsWith("error: "), r.err);

        Icnn net = Icnn.builder(2).hidden(4).seed(1).build();
        Path m = dir.resolve("m.json");
        ModelFile.write(net, m);
        r = run("sample", "--model", m.toString(), "-n", "0", "--out", s.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("-n must be positive"), r.err);

        // Φ = w_x·x: ∇Φ ≡ w_x, so no z ~ N(0, I) has a preimage
        Icnn flat = Icnn.builder(2).hidden(4).quadratic(false).seed(1).build();
        double[] last = new double[flat.lastSize()];
        last[4] = 100;
        last[5] = 100;
        flat.setLast(last);
        ModelFile.write(flat, m);
        r = run("sample", "--model", m.toString(), "-n", "20", "--out", s.toString());
        assertEquals(2, r.code, r.out + r.err);
        assertTrue(r.err.contains("none of the 20 reference samples converged"), r.err);
        assertFalse(Files.exists(s));
    }
}
