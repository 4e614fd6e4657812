package org.icnnvarpro.faults;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.icnnvarpro.data.CsvData;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.loss.SaaLoss;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.model.ModelFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The messages that misled: each now says what is wrong, where, in one line (or an error line and a hint). */
class MessagesTest {
    @TempDir
    Path dir;
    Path quadModel, thesisModel, ok;

    @BeforeEach
    void files() throws Exception {
        quadModel = dir.resolve("q.json");
        thesisModel = dir.resolve("t.json");
        ModelFile.write(Icnn.builder(2).hidden(4, 4).quadratic(true).seed(1).build(), quadModel);
        ModelFile.write(Icnn.builder(2).hidden(4, 4).quadratic(false).seed(1).build(), thesisModel);
        ok = Files.writeString(dir.resolve("ok.csv"), "x1,x2\n0.1,0.2\n0.3,0.4\n");
    }

    private String oneError(String... args) {
        Run.Result r = InProcess.run(args);
        assertEquals(2, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        String e = r.errLines().get(0);
        assertTrue(e.startsWith("error: "), e);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), e);
        return e;
    }

    private String eval(Path model, Path data) {
        return oneError("eval", "--model", model.toString(), "--data", data.toString(), "--out", dir.resolve("e.json").toString());
    }

    @Test
    void overflowIsOverflowWithFileLineAndSampleNumber() throws Exception {
        Path big = Files.writeString(dir.resolve("big.csv"), "x1,x2\n0.1,0.2\n1e308,1e308\n");
        assertEquals("error: " + big + " line 3: the loss is undefined at sample 2 (x = [1.0E308, 1.0E308]): the gradient or Hessian"
                + " of the potential overflows double precision (the input or the weights are too large)", eval(quadModel, big));
        // weights of 1e308 in a model with the quadratic feature: overflow again, no word about models without it
        Icnn net = ModelFile.read(quadModel);
        net.weights()[net.offsetWx()] = 1e308;
        ModelFile.write(net, dir.resolve("w.json"));
        String e = eval(dir.resolve("w.json"), ok);
        assertTrue(e.startsWith("error: " + ok + " line 2: the loss is undefined at sample 1 "), e);
        assertTrue(e.contains("overflows double precision") && !e.contains("quadratic"), e);
        assertFalse(Files.exists(dir.resolve("e.json")));
    }

    @Test
    void aHessianThatIsNotPositiveDefiniteIsNamedAsSuch() throws Exception {
        Icnn net = ModelFile.read(thesisModel);
        Arrays.fill(net.weights(), net.offsetWu(), net.offsetWx(), 0.0);
        ModelFile.write(net, dir.resolve("flat.json"));
        assertEquals("error: " + ok + " line 2: the loss is undefined at sample 1 (x = [0.1, 0.2]): the Hessian of the potential is not"
                + " positive definite (Cholesky pivot 1 is not positive); without the quadratic feature (w_q = 0) it is singular where all"
                + " neurons saturate", eval(dir.resolve("flat.json"), ok));
    }

    @Test
    void dataErrorsAreOnTheRightLine() throws Exception {
        StringBuilder sb = new StringBuilder("x1,x2\n");
        for (int i = 0; i < 3000; i++) sb.append("0.").append(i).append(",0.5\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(head, head.length + 8);
        System.arraycopy(new byte[] {'0', ',', '0', '.', (byte) 0xff, (byte) 0xfe, '\n', '1'}, 0, all, head.length, 8);
        Path u = dir.resolve("u.csv");
        Files.write(u, all);
        assertEquals("error: " + u + " line 3002: not UTF-8 text (is this a CSV file?)", eval(quadModel, u));
        // a typo in the first row is an error there, not a header that is dropped
        Path typo = Files.writeString(dir.resolve("typo.csv"), "1.0,2.0a\n3,4\n");
        assertEquals("error: " + typo + " line 1, column 2: '2.0a' is not a number", eval(quadModel, typo));
        // a 1 MB field: the line stays short
        Path huge = Files.writeString(dir.resolve("huge.csv"), "1,2\n3," + "x".repeat(1 << 20) + "\n");
        String e = eval(quadModel, huge);
        assertTrue(e.length() < 200 && e.contains("(1048576 characters)"), e);
    }

    @Test
    void modelFileMessages() throws Exception {
        Path yes = Files.writeString(dir.resolve("yes.json"), Files.readString(thesisModel).replace("\"quadratic\": false", "\"quadratic\": \"yes\""));
        assertEquals("error: " + yes + ": field 'quadratic' must be true or false, got \"yes\"", eval(yes, ok));
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"format\": x}");
        String e = eval(bad, ok);
        assertEquals("error: " + bad + ": not valid JSON (malformed at line 1, column 12, path $.format)", e);
        // a long string value in a JSON error is cut, and Gson's advice never shows
        Path longJson = Files.writeString(dir.resolve("long.json"), "{\"format\": \"" + "y".repeat(100_000) + "\"}");
        e = eval(longJson, ok);
        assertTrue(e.length() < 200, e);
        assertFalse(e.contains("setStrictness") || e.contains("LENIENT") || e.contains("Troubleshooting"), e);
    }

    @Test
    void badOptionsGiveAnErrorLineAndAHintNotTheUsage() {
        for (String[] args : new String[][] {{"train", "--budjet", "5", "--out", "m.json"}, {"train"}, {"train", "--n-train", "2e9", "--out", "m.json"},
                {"sample", "-n", "x"}, {"nosuchcommand"}}) {
            Run.Result r = InProcess.run(args);
            assertEquals(2, r.exit(), r::toString);
            List<String> err = r.errLines();
            assertEquals(2, err.size(), r::toString);
            assertTrue(err.get(0).startsWith("error: "), r::toString);
            assertTrue(err.get(1).startsWith("hint: '") && err.get(1).endsWith(" --help' lists the options")
                    || err.get(1).endsWith("--help' lists the commands and options"), r::toString);
            assertEquals("", r.out());
        }
        assertEquals("error: Unknown options: '--budjet', '5' (did you mean --budget?)",
                InProcess.run("train", "--budjet", "5", "--out", "m.json").errLines().get(0));
        assertEquals("error: Invalid value for option '--n-train': '2e9' is not an int",
                InProcess.run("train", "--n-train", "2e9", "--out", "m.json").errLines().get(0));
    }

    @Test
    void optionValuesAreCheckedAndHelpIsNotAnError() {
        Run.Result help = InProcess.run("bench", "--help");
        assertEquals(0, help.exit(), help::toString);
        assertTrue(help.out().startsWith("usage: bench "), help.out());
        assertEquals("error: -n must be positive, got 0", oneError("check", "-n", "0"));
        assertEquals("error: unknown --what 'gradients' (known: gradient, hessian, weights, reduced, all)", oneError("check", "--what", "gradients"));
        assertEquals("error: --widths must be positive integers, got 32,0", oneError("check", "--widths", "32,0"));
        assertEquals("error: --lr must be a positive number, got -0.1", oneError("train", "--lr", "-0.1", "--out", dir.resolve("m.json").toString()));
        assertEquals("error: --threads must be >= 0 (0 = all cores), got -1",
                oneError("eval", "--model", quadModel.toString(), "--data", ok.toString(), "--out", dir.resolve("e.json").toString(), "--threads", "-1"));
        assertEquals("error: unknown option --bogus (bench --help lists the options)", oneError("bench", "--bogus"));
    }

    @Test
    void readingErrorsSayWhy() throws Exception {
        assertEquals("error: " + dir + ": is a directory, not a data file", eval(quadModel, dir));
        assertEquals("error: " + dir.resolve("none.json") + ": model file not found", eval(dir.resolve("none.json"), ok));
        assertEquals("error: " + dir + ": is a folder, not a model file", eval(dir, ok));
    }

    @Test
    void fitLastOnCopiesOfOnePointIsRefusedAndANonConvergedSolveSaysSo() throws Exception {
        StringBuilder sb = new StringBuilder("x1,x2\n");
        for (int i = 0; i < 600; i++) sb.append("0.3,-0.2\n");
        Path one = Files.writeString(dir.resolve("one.csv"), sb);
        String out = dir.resolve("f.json").toString();
        assertEquals("error: " + one + ": all 600 samples are the same point [0.3, -0.2], where J has no minimum (it falls without limit"
                + " as w_u grows with w_x = -grad u(x)^T w_u); fit-last needs at least two distinct samples",
                oneError("fit-last", "--model", thesisModel.toString(), "--data", one.toString(), "--out", out));
        assertFalse(Files.exists(dir.resolve("f.json")));
        // a solve that cannot reach its tolerance: exit 1, a line on stderr, and the printed loss is the written model's
        Path x = dir.resolve("x.csv");
        CsvData.write(x, Datasets.byName("moons", 200, 4));
        Run.Result r = InProcess.run("fit-last", "--model", thesisModel.toString(), "--data", x.toString(), "--out", out, "--gap", "1e-300");
        assertEquals(1, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).startsWith("error: the inner solve did not converge (barrier, "), r::toString);
        double printed = Double.parseDouble(r.lastLine().substring("loss ".length()));
        assertEquals(new SaaLoss().value(ModelFile.read(dir.resolve("f.json")), CsvData.read(x)), printed, 0.0);
    }
}
