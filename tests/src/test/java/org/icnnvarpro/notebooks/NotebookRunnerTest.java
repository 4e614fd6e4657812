package org.icnnvarpro.notebooks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.icnnvarpro.notebooks.kernel.CellMagics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NotebookRunner on the small notebooks in {@code src/test/resources/notebooks-fixtures/}. */
class NotebookRunnerTest {
    static final NotebookRunner RUNNER = NotebookRunner.builder().cellTimeout(Duration.ofSeconds(60)).build();

    @TempDir
    static Path tmp;
    static Path fixtures;

    @BeforeAll
    static void copyFixtures() throws IOException, URISyntaxException {
        Path src = Path.of(NotebookRunnerTest.class.getResource("/notebooks-fixtures").toURI());
        fixtures = tmp.resolve("fixtures");
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path dest = fixtures.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    static NotebookRun run(String fixture) throws IOException {
        NotebookRun run = RUNNER.run(fixtures.resolve(fixture));
        NotebookTest.report(run);
        return run;
    }

    static NotebookRun runOk(Path notebook) throws IOException {
        NotebookRun run = RUNNER.run(notebook);
        NotebookTest.report(run);
        assertEquals(Optional.empty(), run.failureMessage());
        return run;
    }

    static JsonObject output(CellRun cell, int i) {
        return cell.outputs().get(i).getAsJsonObject();
    }

    static String plain(JsonObject output) {
        return NotebookJson.text(output.getAsJsonObject("data").get("text/plain"));
    }

    /** Writes a notebook whose cells are code cells with these sources. */
    static Path notebook(Path dir, String name, String... codeCells) throws IOException {
        JsonObject nb = new JsonObject();
        JsonArray cells = new JsonArray();
        for (String src : codeCells) {
            JsonObject c = new JsonObject();
            c.addProperty("cell_type", "code");
            c.add("metadata", new JsonObject());
            c.addProperty("source", src);
            c.add("outputs", new JsonArray());
            c.add("execution_count", JsonNull.INSTANCE);
            cells.add(c);
        }
        nb.add("cells", cells);
        nb.add("metadata", new JsonObject());
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        NotebookJson.write(nb, file);
        return file;
    }

    @Test
    void printsValuesAndDisplays() throws IOException {
        NotebookRun run = run("basics.ipynb");
        assertEquals(Optional.empty(), run.failureMessage());
        List<CellRun> cells = run.cells();
        assertEquals(10, cells.size(), "10 code cells");

        CellRun print = cells.get(0);
        assertEquals(2, print.cellNumber());
        assertEquals(1, print.executionCount());
        assertEquals(3, print.outputs().size(), "stdout, stderr, stdout in order: " + print.outputs());
        assertEquals("stream", output(print, 0).get("output_type").getAsString());
        assertEquals("stdout", output(print, 0).get("name").getAsString());
        assertEquals("hello\n", output(print, 0).get("text").getAsString());
        assertEquals("stderr", output(print, 1).get("name").getAsString());
        assertEquals("a warning\n", output(print, 1).get("text").getAsString());

        assertEquals(0, cells.get(1).outputs().size(), "a declaration shows nothing");

        JsonObject value = output(cells.get(2), 0);
        assertEquals("execute_result", value.get("output_type").getAsString());
        assertEquals(3, value.get("execution_count").getAsInt());
        assertEquals("42", plain(value));
        assertEquals("a string result", plain(output(cells.get(3), 0)));

        CellRun blank = cells.get(4);
        assertNull(blank.executionCount(), "a blank cell is not executed");
        assertEquals(0, blank.outputs().size());

        CellRun displays = cells.get(5);
        assertEquals(5, displays.executionCount());
        assertEquals(3, displays.outputs().size(), displays.outputs().toString());
        JsonObject html = output(displays, 0);
        assertEquals("display_data", html.get("output_type").getAsString());
        assertEquals("<b>done</b>", html.getAsJsonObject("data").get("text/html").getAsString(),
                "updateDisplay replaced the displayed HTML");
        assertEquals("{k=1}", plain(output(displays, 1)));
        JsonObject id = output(displays, 2);
        assertEquals("execute_result", id.get("output_type").getAsString(), "as under IJava, display(...) ending a "
                + "cell shows the display id it returns");
        assertTrue(plain(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), plain(id));

        assertEquals("[1, 2, 3]", plain(output(cells.get(6), 0)), "IJava's start-up imports are there");
        CellRun voidCall = cells.get(7);
        assertEquals(1, voidCall.outputs().size(), "a void call has no result: " + voidCall.outputs());
        CellRun rendered = cells.get(8);
        assertEquals("7 apples\n", output(rendered, 0).get("text").getAsString());
        assertEquals("<i>rendered</i>", output(rendered, 1).getAsJsonObject("data").get("text/html").getAsString());
        assertEquals(0, cells.get(9).outputs().size(), "a trailing declaration and comment show nothing");
        assertTrue(run.wallTime().compareTo(run.kernelStartup()) > 0);
    }

    @Test
    void imagesBecomePng() throws IOException {
        NotebookRun run = run("image.ipynb");
        assertEquals(Optional.empty(), run.failureMessage());
        JsonObject shown = output(run.cells().get(0), 0);
        JsonObject result = output(run.cells().get(1), 0);
        assertEquals("display_data", shown.get("output_type").getAsString());
        assertEquals("execute_result", result.get("output_type").getAsString());
        for (JsonObject o : List.of(shown, result)) {
            byte[] png = Base64.getDecoder().decode(o.getAsJsonObject("data").get("image/png").getAsString());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(8, img.getWidth());
            assertEquals(6, img.getHeight());
            assertEquals(0xFF0000, img.getRGB(1, 1) & 0xFFFFFF);
            assertEquals("BufferedImage 8x6", plain(o));
        }
        assertEquals(2, run.count("image/png"));
    }

    @Test
    void compileErrorNamesNotebookAndCell() throws IOException {
        NotebookRun run = run("compile_error.ipynb");
        String msg = run.failureMessage().orElseThrow();
        System.out.println(msg);
        assertTrue(msg.startsWith("notebook compile_error.ipynb, cell 3 (code cell 2): CompilationException: "
                + "incompatible types"), msg);
        assertTrue(msg.contains("int broken = \"not a number\";"), msg);
        assertTrue(msg.contains("--- cell source ---"), msg);
        assertEquals(2, run.cells().size(), "execution stops at the failing cell");
        JsonObject err = output(run.cells().get(1), 0);
        assertEquals("error", err.get("output_type").getAsString());
        assertEquals("CompilationException", err.get("ename").getAsString());
    }

    @Test
    void exceptionNamesNotebookAndCellWithStack() throws IOException {
        NotebookRun run = run("exception.ipynb");
        String msg = run.failureMessage().orElseThrow();
        System.out.println(msg);
        assertTrue(msg.startsWith("notebook exception.ipynb, cell 3 (code cell 2): "
                + "java.lang.IllegalStateException: kaboom"), msg);
        assertTrue(msg.contains("\tat boom(cell 1, line 2)"), "stack trace through boom: " + msg);
        assertTrue(msg.contains("\tat boom(cell 1, line 3)"), msg);
        assertTrue(msg.contains("\tat (cell 3, line 2)"), "the failing line of the cell: " + msg);
        assertTrue(msg.contains("boom(2);"), "cell source: " + msg);
        CellRun failed = run.failure().orElseThrow();
        assertEquals("before\n", output(failed, 0).get("text").getAsString(), "output before the exception is kept");
    }

    @Test
    void relativePathsResolveAgainstNotebookFolder() throws IOException {
        NotebookRun run = run("sub/relative_paths.ipynb");
        assertEquals(Optional.empty(), run.failureMessage());
        assertEquals("true", plain(output(run.cells().get(0), 0)), "new File(relative) exists");
        assertEquals("[x,y, 1,2]", plain(output(run.cells().get(1), 0)), "Path.of(relative) reads");
        assertEquals("42\n", output(run.cells().get(2), 0).get("text").getAsString(), "%load helper.jsh");
        assertEquals("true", plain(output(run.cells().get(3), 0)), "user.dir is the notebook folder");
    }

    @Test
    void jarsMagicAddsClasses() throws Exception {
        Path dir = tmp.resolve("jars");
        Path jar = buildJar(dir.resolve("libs/greeter.jar"), "demo.Greeter",
                "package demo; public class Greeter { public static String greet(String n) { return \"hi \" + n; } }");
        Path nb = notebook(dir.resolve("nb"), "jars.ipynb",
                "%jars ../libs/*.jar\nimport demo.Greeter;\nGreeter.greet(\"a\")",
                "List<String> added = %jars \"../libs/greeter.jar\"\nadded.size() + \" \" + added.get(0).endsWith(\"greeter.jar\")",
                "%classpath ../libs/\nGreeter.greet(\"b\")");
        NotebookRun run = runOk(nb);
        assertEquals("hi a", plain(output(run.cells().get(0), 0)));
        assertEquals("1 true", plain(output(run.cells().get(1), 0)));
        assertEquals("hi b", plain(output(run.cells().get(2), 0)));
        assertTrue(Files.exists(jar));
    }

    /** The first code cell of the shipped notebooks: it loads the jar from either notebook folder. */
    static String jarCell() throws IOException {
        Path nb = NotebookTest.repoRoot().resolve("notebooks/solutions/01_convex_potential_flows.ipynb");
        return NotebookJson.cells(NotebookJson.read(nb)).stream()
                .filter(c -> c.get("cell_type").getAsString().equals("code"))
                .map(c -> NotebookJson.text(c.get("source"))).findFirst().orElseThrow();
    }

    @Test
    void theLibraryJarLoadsFromBothNotebookFolders() throws IOException {
        Path libJar = NotebookTest.repoRoot().resolve("lib/target/icnn-varpro.jar");
        assumeTrue(Files.isRegularFile(libJar), "needs lib/target/icnn-varpro.jar (mvn package)");
        // the same layout as the repository: notebooks/ and notebooks/solutions/ below the root, lib/target/ beside
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("lib/target"));
        Files.copy(libJar, repo.resolve("lib/target/icnn-varpro.jar"));
        for (String folder : List.of("notebooks", "notebooks/solutions")) {
            Path nb = notebook(repo.resolve(folder), "lib.ipynb", jarCell(),
                    "Class.forName(\"org.icnnvarpro.data.Samples\").getSimpleName()");
            NotebookRun run = runOk(nb);
            assertEquals("Samples", plain(output(run.cells().get(1), 0)), folder);
        }
    }

    @Test
    void missingJarSaysBuildTheJarFirst() throws IOException {
        // a repository layout without lib/target/icnn-varpro.jar: the paths match nothing, which IJava
        // ignores, and the cell's own check says what to do
        Path nb = notebook(tmp.resolve("nojar/notebooks"), "missing.ipynb", jarCell(), "1 + 1");
        NotebookRun run = RUNNER.run(nb);
        String msg = run.failureMessage().orElseThrow();
        assertTrue(msg.startsWith("notebook missing.ipynb, cell 1 (code cell 1): java.lang.IllegalStateException: "
                + "build the jar first: mvn -B -q package -DskipTests"), msg);
        assertTrue(run.kernelLog().contains("nothing matches"), run.kernelLog());
    }

    @Test
    void unmatchedJarPathsAreIgnoredAsInIJava() throws IOException {
        Path nb = notebook(tmp.resolve("unmatched"), "unmatched.ipynb", "%jars ../lib/target/nothing-here.jar\n1 + 1");
        NotebookRun run = runOk(nb);
        assertEquals("2", plain(output(run.cells().get(0), 0)));
    }

    @Test
    void unsupportedMagicsFailClearly() throws IOException {
        Path dir = tmp.resolve("magics");
        assertAll(
                () -> assertTrue(RUNNER.run(notebook(dir, "m1.ipynb", "%maven org.x:y:1.0")).failureMessage().orElseThrow()
                        .contains("MagicException: line magic %maven is not supported by NotebookRunner"), "maven"),
                () -> assertTrue(RUNNER.run(notebook(dir, "m2.ipynb", "%%time\nint a = 1;")).failureMessage().orElseThrow()
                        .contains("MagicException: cell magic %%time is not supported"), "cell magic"),
                () -> assertTrue(RUNNER.run(notebook(dir, "m3.ipynb", "var r = %load x.jsh")).failureMessage()
                        .orElseThrow().contains("assigning the result of %load is not supported"), "assigned load"));
    }

    @Test
    void awtWildcardImportBreaksMagicsAsUnderIJava() throws IOException {
        Path nb = notebook(tmp.resolve("awt"), "awt.ipynb", "import java.awt.*;", "%classpath .");
        String msg = RUNNER.run(nb).failureMessage().orElseThrow();
        assertTrue(msg.startsWith("notebook awt.ipynb, cell 2 (code cell 2): MagicException"), msg);
        assertTrue(msg.contains("List"), msg);
    }

    @Test
    void loadRunsAnotherNotebooksCodeCells() throws IOException {
        Path dir = tmp.resolve("load");
        notebook(dir, "lib.ipynb", "int base = 40;", "int plus2(int v) { return v + 2; }");
        NotebookRun run = runOk(notebook(dir, "main.ipynb", "%load lib.ipynb\nplus2(base)"));
        assertEquals("42", plain(output(run.cells().get(0), 0)));
    }

    @Test
    void cellTimeoutKillsKernel() throws IOException {
        NotebookRunner quick = NotebookRunner.builder().cellTimeout(Duration.ofSeconds(2)).build();
        Path nb = notebook(tmp.resolve("slow"), "slow.ipynb",
                "System.out.println(\"started\");", "Thread.sleep(60_000);", "int never = 1;");
        long t0 = System.nanoTime();
        NotebookRun run = quick.run(nb);
        String msg = run.failureMessage().orElseThrow();
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 30);
        assertTrue(msg.startsWith("notebook slow.ipynb, cell 2 (code cell 2): TimeoutException: the cell did not"
                + " finish within 2 s"), msg);
        assertEquals(2, run.cells().size());
    }

    @Test
    void notebookTimeoutCountsWholeRun() throws IOException {
        NotebookRunner limited = NotebookRunner.builder().notebookTimeout(Duration.ofSeconds(5)).build();
        Path nb = notebook(tmp.resolve("slow2"), "slow2.ipynb", "Thread.sleep(2_000);", "Thread.sleep(2_000);",
                "Thread.sleep(2_000);", "Thread.sleep(2_000);");
        String msg = limited.run(nb).failureMessage().orElseThrow();
        assertTrue(msg.contains("TimeoutException") && msg.contains("notebook's time limit of 5 s"), msg);
    }

    @Test
    void systemExitIsReported() throws IOException {
        Path nb = notebook(tmp.resolve("exit"), "exit.ipynb", "System.exit(3);");
        String msg = RUNNER.run(nb).failureMessage().orElseThrow();
        assertTrue(msg.contains("KernelDied: the kernel JVM exited (exit code 3)"), msg);
    }

    @Test
    void writeBackIsValidAndStable() throws Exception {
        Path dir = tmp.resolve("write");
        Files.createDirectories(dir);
        Path nb = dir.resolve("basics.ipynb");
        Files.copy(fixtures.resolve("basics.ipynb"), nb);
        Path img = dir.resolve("image.ipynb");
        Files.copy(fixtures.resolve("image.ipynb"), img);
        for (Path p : List.of(nb, img)) {
            runOk(p).writeBack();
            String first = Files.readString(p);
            runOk(p).writeBack();
            assertEquals(first, Files.readString(p), "re-running gives identical JSON: " + p);
            assertTrue(first.startsWith("{\n \"cells\": [\n"), "1-space indent, sorted keys");
            assertTrue(first.endsWith("}\n"));
            assertFalse(first.contains("\"version\""), "no JVM version stamp");
        }
        JsonObject written = NotebookJson.read(nb);
        JsonObject meta = written.getAsJsonObject("metadata");
        assertEquals("{\"display_name\":\"Java\",\"language\":\"java\",\"name\":\"java\"}",
                meta.get("kernelspec").toString());
        assertEquals("Java", meta.getAsJsonObject("language_info").get("name").getAsString());
        JsonObject cell4 = written.getAsJsonArray("cells").get(3).getAsJsonObject();
        assertEquals(3, cell4.get("execution_count").getAsInt());
        JsonArray outs = cell4.getAsJsonArray("outputs");
        assertEquals("[\"42\"]", outs.get(0).getAsJsonObject().getAsJsonObject("data").get("text/plain").toString(),
                "text split into lines as Jupyter writes it");
        JsonElement png = NotebookJson.read(img).getAsJsonArray("cells").get(0).getAsJsonObject()
                .getAsJsonArray("outputs").get(0).getAsJsonObject().getAsJsonObject("data").get("image/png");
        assertTrue(png.isJsonPrimitive(), "image/png stays one base64 string");

        // Python's json loads it, and the notebook has nbformat 4's shape
        String check = String.join("\n",
                "import json, sys",
                "for path in sys.argv[1:]:",
                "    nb = json.load(open(path, encoding='utf-8'))",
                "    assert nb['nbformat'] == 4, path",
                "    assert nb['metadata']['kernelspec']['name'] == 'java'",
                "    for c in nb['cells']:",
                "        assert isinstance(c['source'], list)",
                "        if c['cell_type'] == 'code':",
                "            assert 'execution_count' in c and isinstance(c['outputs'], list)",
                "            for o in c['outputs']:",
                "                assert o['output_type'] in ('stream', 'display_data', 'execute_result', 'error')",
                "    text = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + '\\n'",
                "    assert text == open(path, encoding='utf-8').read(), 'not formatted as Jupyter writes: ' + path",
                "print('ok')");
        Process p = new ProcessBuilder("python3", "-c", check, nb.toString(), img.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("ok", out.strip());
    }

    @Test
    void keyResultChecksReadOutputs() throws IOException {
        NotebookRun run = run("checks.ipynb");
        assertEquals(Optional.empty(), run.failureMessage());
        List<KeyResult> passing = List.of(
                KeyResult.number("final loss", "final loss = (\\S+)", v -> v < 0.05, "< 0.05"),
                KeyResult.number("loss of the last epoch", "epoch \\d+: loss = (\\S+)", v -> v < 0.02, "< 0.02"),
                KeyResult.printed("^epoch 3: "),
                KeyResult.that("three epochs", r -> r.outputText().lines().filter(l -> l.startsWith("epoch")).count() == 3));
        for (KeyResult k : passing) {
            assertEquals(Optional.empty(), k.problem(run), k.description());
        }
        assertEquals(Optional.of("final loss = 0.0111, expected < 0.001"),
                KeyResult.number("final loss", "final loss = (\\S+)", v -> v < 0.001, "< 0.001").problem(run));
        assertEquals(Optional.of("accuracy: no output matches /accuracy = (\\S+)/"),
                KeyResult.number("accuracy", "accuracy = (\\S+)", v -> v > 0.9, "> 0.9").problem(run));
        assertEquals(Optional.of("expected at least 1 image(s), found 0"), KeyResult.images(1).problem(run));
    }

    @Test
    void globsMatchWithinOneSegment() throws IOException {
        Path dir = tmp.resolve("glob");
        Files.createDirectories(dir.resolve("a/b"));
        for (String f : List.of("a/x.jar", "a/y.jar", "a/z.txt", "a/b/deep.jar")) {
            Files.writeString(dir.resolve(f), "");
        }
        List<String> jars = CellMagics.glob(dir, "a/*.jar", true).stream()
                .map(p -> dir.relativize(p).toString()).collect(Collectors.toList());
        assertEquals(List.of("a/x.jar", "a/y.jar"), jars);
        assertEquals(3, CellMagics.glob(dir, "a/", true).size(), "a folder's files");
        assertEquals(4, CellMagics.glob(dir, "a/", false).size(), "files and folders for %classpath");
        assertEquals(List.of(), CellMagics.glob(dir, "a/nothing.jar", true));
        assertEquals(List.of("one", "two words", "three"), CellMagics.splitArgs(" one \"two words\" 'three' "));
    }

    static Path buildJar(Path jar, String className, String source) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path src = Files.createTempDirectory(tmp, "src");
        Path file = src.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
        Files.writeString(file, source);
        Path classes = Files.createTempDirectory(tmp, "classes");
        int rc = javac.run(null, null, null, "-d", classes.toString(), file.toString());
        assertEquals(0, rc, "javac");
        Files.createDirectories(jar.getParent());
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
             Stream<Path> files = Files.walk(classes)) {
            List<Path> all = new ArrayList<>();
            files.filter(Files::isRegularFile).forEach(all::add);
            for (Path p : all) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }
}
