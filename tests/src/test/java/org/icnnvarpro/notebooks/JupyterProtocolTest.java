package org.icnnvarpro.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.icnnvarpro.notebooks.kernel.JupyterKernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks and the widgets through real Jupyter messaging: a kernelspec for
 * {@link JupyterKernel} (jupyter-jvm-basekernel 2.3.0, as IJava 1.3.0) is installed in a temporary
 * {@code JUPYTER_PATH}, and Jupyter's own client drives it ({@code src/test/resources/jupyter/drive_notebook.py}:
 * nbclient executes the notebook and stores its widget state; then, as a page would, it moves a
 * control of every interact, sends a bad value and checks the kernel still answers).
 *
 * <ul>
 *   <li>{@code widgets.ipynb} (a fixture): every widget's {@code comm_open} against the protocol and
 *       the ipywidgets 8 model table, the explore interact's new result after a move, the rejection,
 *       a button that sets a slider from Java;</li>
 *   <li>every {@code notebooks/*.ipynb}, found when the test runs: executes with no error under nbclient;
 *       each explore (interact) in it answers a moved control with a new result;</li>
 *   <li>the fixture through the project's own runner (no comms): the static fallback.</li>
 * </ul>
 *
 * <p>Needs Jupyter's client in a Python 3 (Debian: {@code python3-nbclient}, {@code python3-jupyter-client},
 * {@code python3-nbformat}; {@code .ci/run} installs them); without it the Jupyter tests are skipped
 * with that message. {@code -Djupyter.test.skip=true} skips them; {@code -Djupyter.include=REGEX}
 * selects notebooks by file name; {@code -Djupyter.dir=notebooks/solutions} runs another folder;
 * {@code -Djupyter.cellTimeout=S} sets the per-cell limit (300 s by default).
 */
class JupyterProtocolTest {
    static final String KERNEL = "icnn-varpro-test-java";
    /**
     * Seconds a cell (and the answer to a moved control) may take under Jupyter's client before the
     * test gives up: generous, because this test is about the protocol and correctness on a loaded
     * 2-core CI machine; speed limits are {@link NotebookTest}'s. {@code -Djupyter.cellTimeout=S}.
     */
    static final int CELL_TIMEOUT = Integer.getInteger("jupyter.cellTimeout", 300);

    /**
     * Notebooks that must have explore cells, with their least number of interacts: a notebook listed
     * here fails when it has fewer (so an explore cell cannot silently disappear), here and in
     * {@link NotebookTest} (where each must show its picture), and each of its interacts must answer
     * the moved control with a new picture. Every interact of every notebook is driven whether
     * listed or not.
     */
    static final java.util.Map<String, Integer> EXPLORE_CELLS = java.util.Map.of(
            "03_adam_baseline.ipynb", 1,
            "05_inner_problem.ipynb", 1,
            "06_varpro_training.ipynb", 1,
            "08_beyond_the_thesis.ipynb", 1);

    @TempDir
    static Path tmp;
    static String python;
    static Path jupyterPath;

    @BeforeAll
    static void kernelspec() throws IOException {
        python = pythonWithJupyterClient();
        if (python == null) return;
        Path lib = Path.of(System.getProperty("jupyter.kernel.lib", "target/jupyter-kernel-lib"));
        List<String> cp = new ArrayList<>();
        cp.add(NotebookRunner.kernelClasses().toString());
        try (Stream<Path> jars = Files.list(lib)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> cp.add(p.toString()));
        }
        JsonObject spec = new JsonObject();
        JsonArray argv = new JsonArray();
        for (String a : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules", "jdk.incubator.vector",
                "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", "-cp", String.join(java.io.File.pathSeparator, cp),
                JupyterKernel.class.getName(), "{connection_file}")) {
            argv.add(a);
        }
        spec.add("argv", argv);
        spec.addProperty("display_name", "Java (icnn-varpro test kernel)");
        spec.addProperty("language", "java");
        jupyterPath = tmp.resolve("jupyter");
        Path dir = Files.createDirectories(jupyterPath.resolve("kernels").resolve(KERNEL));
        Files.writeString(dir.resolve("kernel.json"), spec.toString());
    }

    static void assumeJupyter() {
        assumeFalse(Boolean.getBoolean("jupyter.test.skip"), "jupyter.test.skip=true");
        assumeTrue(python != null, "Jupyter's client is not installed (Debian: python3-nbclient python3-jupyter-client "
                + "python3-nbformat; .ci/run installs them): the real-protocol test is skipped");
    }

    /** Python 3 with nbclient, nbformat and jupyter_client: {@code python3} or Debian's {@code /usr/bin/python3}; null if none. */
    static String pythonWithJupyterClient() {
        for (String py : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(py, "-c", "import nbclient, nbformat, jupyter_client").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return py;
            } catch (IOException e) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Runs the driver on {@code notebook}; the report (and the executed notebook in {@code out}). */
    static JsonObject drive(Path notebook, Path out, boolean clickButtons) throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(JupyterProtocolTest.class.getResource("/jupyter/drive_notebook.py").toURI());
        Path report = out.resolveSibling(out.getFileName() + ".report.json");
        Path specFile = NotebookTest.repoRoot().resolve("lib/src/test/resources/widgets/ipywidgets-8-models.json");
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--kernel", KERNEL, "--notebook", notebook.toString(),
                "--out", out.toString(), "--report", report.toString(), "--spec", specFile.toString(), "--timeout", String.valueOf(CELL_TIMEOUT)));
        if (clickButtons) cmd.add("--click-buttons");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
        pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        Path log = out.resolveSibling(out.getFileName() + ".log");
        pb.redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(15, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly().waitFor();
        String logText = tail(Files.readString(log, StandardCharsets.UTF_8), 40);
        assertTrue(done, "the driver did not finish in 15 minutes\n" + logText);
        assertEquals(0, p.exitValue(), "the driver failed\n" + logText);
        JsonObject r = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        System.out.printf(Locale.ROOT, "[jupyter] %s: %d code cells in %.1f s under nbclient (kernel start %.1f s), %d comm_open, %d interact(s); driver %.1f s%n",
                notebook.getFileName(), r.getAsJsonArray("cells").size(), r.get("seconds").getAsDouble(),
                r.has("kernel_start_seconds") ? r.get("kernel_start_seconds").getAsDouble() : 0.0,
                r.has("comm_opens") ? r.get("comm_opens").getAsInt() : 0, r.has("interacts") ? r.getAsJsonArray("interacts").size() : 0,
                (System.nanoTime() - t0) / 1e9);
        if (r.has("driver_error")) throw new AssertionError("driver: " + r.get("driver_error").getAsString() + "\n" + r.get("driver_traceback").getAsString() + "\n" + logText);
        return r;
    }

    private static String tail(String s, int lines) {
        String[] l = s.split("\n");
        return String.join("\n", List.of(l).subList(Math.max(0, l.length - lines), l.length));
    }

    /** Common checks: every cell ran, the protocol was kept, the widget state is stored, each interact answered. */
    static void check(JsonObject r) {
        for (JsonElement c : r.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (!cell.get("error").isJsonNull()) {
                throw new AssertionError("cell " + cell.get("index").getAsInt() + " failed under nbclient: " + cell.get("error").getAsString()
                        + "\n" + cell.get("traceback").getAsString());
            }
        }
        assertTrue(r.get("executed").getAsBoolean());
        assertEquals(List.of(), strings(r.getAsJsonArray("open_problems")), "comm_open against the protocol");
        assertEquals(List.of(), strings(r.getAsJsonArray("display_problems")), "widget views");
        if (r.get("comm_opens").getAsInt() == 0) return;
        JsonObject stored = r.getAsJsonObject("stored_widget_state");
        assertNotNull(stored, "nbclient stored no application/vnd.jupyter.widget-state+json");
        assertEquals(2, stored.get("version_major").getAsInt());
        assertEquals(r.get("comm_opens").getAsInt(), stored.getAsJsonArray("models").size(), "every opened model is in the stored state");
        for (JsonElement e : r.getAsJsonArray("interacts")) {
            JsonObject in = e.getAsJsonObject();
            String name = "interact " + in.get("controls");
            assertFalse(in.has("error"), name + ": " + in.get("error"));
            JsonObject moved = in.getAsJsonObject("moved");
            assertTrue(moved.get("echo").getAsBoolean(), name + ": no echo_update for the moved control: " + moved);
            assertTrue(moved.get("result_changed").getAsBoolean(), name + ": no new result after moving " + moved.get("control") + ": " + moved);
            JsonObject rejected = in.getAsJsonObject("rejected");
            assertFalse(rejected.get("echoed").getAsBoolean(), name + ": a bad value was echoed: " + rejected);
            assertEquals(rejected.get("expected_reset"), rejected.get("reset_to"), name + ": the control is set back: " + rejected);
            String msg = rejected.get("message").isJsonNull() ? "" : rejected.get("message").getAsString();
            assertTrue(msg.contains(rejected.get("control").getAsString()) && msg.contains("rejected"),
                    name + ": the output area says what was rejected: " + rejected);
            System.out.printf(Locale.ROOT, "[jupyter]   %s: moved %s %s -> %s: first new result after %.2f s, last after %.2f s (%d output updates)%n",
                    name, moved.get("control").getAsString(), moved.get("from"), moved.get("to"),
                    moved.get("first_result_seconds").getAsDouble(), moved.get("final_result_seconds").getAsDouble(),
                    moved.get("updates_of_output").getAsInt());
        }
        if (r.getAsJsonArray("interacts").size() > 0 || r.getAsJsonArray("buttons").size() > 0) {
            assertTrue(r.get("alive").getAsBoolean(), "the kernel answers after the bad values");
        }
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    /** A copy of a fixture in a repository-like folder whose ../lib/target/icnn-varpro.jar is the built jar. */
    static Path fixture(String name) throws IOException, URISyntaxException {
        Path jar = NotebookTest.repoRoot().resolve("lib/target/icnn-varpro.jar");
        assumeTrue(Files.isRegularFile(jar), "needs lib/target/icnn-varpro.jar (mvn package)");
        Path repo = tmp.resolve("repo");
        if (!Files.exists(repo.resolve("lib/target/icnn-varpro.jar"))) {
            Files.createDirectories(repo.resolve("lib/target"));
            Files.createSymbolicLink(repo.resolve("lib/target/icnn-varpro.jar"), jar);
        }
        Path nb = Files.createDirectories(repo.resolve("notebooks")).resolve(name);
        Files.copy(Path.of(JupyterProtocolTest.class.getResource("/jupyter-fixtures/" + name).toURI()), nb,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return nb;
    }

    @Test
    void everyWidgetAndAnExploreCellThroughJupytersClient() throws Exception {
        assumeJupyter();
        Path nb = fixture("widgets.ipynb");
        JsonObject r = drive(nb, tmp.resolve("widgets.out.ipynb"), true);
        check(r);
        assertEquals(1, r.getAsJsonArray("interacts").size());
        List<String> models = strings(r.getAsJsonObject("stored_widget_state").getAsJsonArray("models"));
        for (String m : List.of("IntSliderModel", "FloatSliderModel", "FloatLogSliderModel", "DropdownModel", "CheckboxModel",
                "ToggleButtonModel", "TextModel", "ButtonModel", "HTMLModel", "OutputModel", "HBoxModel", "VBoxModel", "LayoutModel")) {
            assertTrue(models.contains(m), m + " in the stored widget state " + models);
        }
        JsonObject moved = r.getAsJsonArray("interacts").get(0).getAsJsonObject().getAsJsonObject("moved");
        assertEquals("t0", moved.get("control").getAsString());
        assertTrue(moved.get("new_image").getAsBoolean(), "a new picture: " + moved);
        // the reset button sets t0 from Java: the page gets the value, the interact redraws
        JsonObject reset = null;
        for (JsonElement b : r.getAsJsonArray("buttons")) if (b.getAsJsonObject().get("description").getAsString().equals("reset t0")) reset = b.getAsJsonObject();
        assertNotNull(reset, "the reset button was clicked: " + r.getAsJsonArray("buttons"));
        String updates = reset.getAsJsonArray("updates").toString();
        assertTrue(updates.contains("{\"model\":\"FloatLogSliderModel\",\"method\":\"update\",\"state\":{\"value\":1.0}}"), "t0 set to 1 in the page: " + updates);
        assertTrue(updates.contains("outputs_changed"), "and redrawn: " + updates);
        // the executed notebook keeps the widget state and, for readers without widgets, the first picture
        JsonObject out = NotebookJson.read(tmp.resolve("widgets.out.ipynb"));
        assertTrue(out.getAsJsonObject("metadata").getAsJsonObject("widgets").has("application/vnd.jupyter.widget-state+json"));
        String explore = NotebookJson.cells(out).get(5).getAsJsonArray("outputs").toString();
        assertTrue(explore.contains("application/vnd.jupyter.widget-view+json") && explore.contains("image/png"), explore.substring(0, Math.min(400, explore.length())));
    }

    @Test
    void theFixtureRunsStaticallyInTheProjectsRunner() throws Exception {
        Path nb = fixture("widgets.ipynb");
        NotebookRun run = NotebookRunner.builder().cellTimeout(Duration.ofSeconds(CELL_TIMEOUT)).build().run(nb);
        NotebookTest.report(run);
        assertEquals(java.util.Optional.empty(), run.failureMessage());
        CellRun explore = run.cells().stream().filter(c -> c.source().contains("Widgets.interact")).findFirst().orElseThrow();
        assertEquals(1, explore.count("image/png"), "one result, the picture, shown statically: " + explore.outputs());
        assertEquals(0, explore.count("application/vnd.jupyter.widget-view+json"));
        assertTrue(run.outputText().contains("IntSlider(int = 3)") && run.outputText().contains("Button(reset t0)"), run.outputText());
    }

    @Test
    void binderInstallsTheWidgetFrontendOfIpywidgets8() throws IOException {
        Path req = NotebookTest.repoRoot().resolve("binder/requirements.txt");
        assertTrue(Files.isRegularFile(req), "binder/requirements.txt installs the ipywidgets frontend on Binder");
        List<String> lines = Files.readAllLines(req).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
        String ipywidgets = lines.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("ipywidgets")).findFirst()
                .orElseThrow(() -> new AssertionError("no ipywidgets requirement in " + lines));
        String range = ipywidgets.substring("ipywidgets".length()).replace(" ", "");
        assertTrue(range.contains(">=8") && range.contains("<9"), "ipywidgets 8 (widget protocol 2.1.0), not 7 or 9: " + ipywidgets);
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookUnderNbclient() throws IOException {
        Path dir = NotebookTest.repoRoot().resolve(System.getProperty("jupyter.dir", "notebooks"));
        Pattern include = Pattern.compile(System.getProperty("jupyter.include", ".*"));
        List<Path> notebooks = NotebookTest.notebooks(dir, include);
        if (notebooks.isEmpty()) {
            String msg = "no notebooks in " + dir + " match jupyter.include=" + include;
            return Stream.of(DynamicTest.dynamicTest(msg, () -> System.out.println("[jupyter] " + msg)));
        }
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            assumeJupyter();
            JsonObject r = drive(nb, tmp.resolve(nb.getFileName() + ".out.ipynb"), false);
            check(r);
            int least = EXPLORE_CELLS.getOrDefault(nb.getFileName().toString(), 0);
            assertTrue(r.getAsJsonArray("interacts").size() >= least, nb.getFileName() + ": expected at least " + least
                    + " explore cell(s) (interact), found " + r.getAsJsonArray("interacts").size());
            if (least > 0) {
                for (JsonElement e : r.getAsJsonArray("interacts")) {
                    JsonObject moved = e.getAsJsonObject().getAsJsonObject("moved");
                    assertTrue(moved.get("new_image").getAsBoolean(), nb.getFileName() + ": the explore cell answered the moved "
                            + moved.get("control").getAsString() + " without a new picture: " + moved);
                }
            }
            for (JsonElement c : r.getAsJsonArray("cells")) {
                double s = c.getAsJsonObject().get("seconds").getAsDouble();
                assertTrue(s <= CELL_TIMEOUT, nb.getFileName() + ": a cell took " + s + " s");
            }
            assertNull(r.get("driver_error"));
        }));
    }
}
