package org.icnnvarpro.notebooks;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every solution notebook ({@code notebooks/solutions/*.ipynb}) and every student notebook
 * ({@code notebooks/*.ipynb}) of the repository with {@link NotebookRunner}, in file-name order, each
 * in a fresh kernel JVM started in its folder.
 *
 * <ul>
 *   <li>Self-checks ({@link SelfChecks}): in a solution notebook every one must pass, in a student
 *       notebook (stubs untouched) every one must say "not attempted yet".</li>
 *   <li>Fails on the first failing cell: {@code notebook 03_adam.ipynb, cell 5 (code cell 3): <error>}
 *       and the cell's source.</li>
 *   <li>Fails when a notebook takes longer than {@value #LIMIT_SECONDS} s (kernel start included);
 *       every run prints its wall time.</li>
 *   <li>Checks the key results listed for the notebook in {@link NotebookChecks}, and that each
 *       notebook listed in {@link JupyterProtocolTest#EXPLORE_CELLS} keeps its explore cells, each
 *       showing a picture.</li>
 *   <li>{@code -Dnotebooks.write=true}: after a successful run, writes the outputs into the notebook
 *       file (nbformat 4, formatted as Jupyter does), so the committed notebooks show results on
 *       GitHub and Binder without running.</li>
 *   <li>{@code -Dnotebooks.include=REGEX}: runs only notebooks whose file name matches.</li>
 *   <li>{@code -Dnotebooks.cellTimeout=SECONDS}: per-cell limit (default {@value #LIMIT_SECONDS}).</li>
 *   <li>{@code -Dnotebooks.timeLimit=SECONDS}: the per-notebook limit (default {@value #LIMIT_SECONDS}); only
 *       for writing outputs on a machine busy with other work — the tests' limit is the default.</li>
 * </ul>
 */
class NotebookTest {
    static final int LIMIT_SECONDS = 90;

    static long limit() {
        return Long.getLong("notebooks.timeLimit", LIMIT_SECONDS);
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    static List<Path> notebooks(Path dir) throws IOException {
        return notebooks(dir, Pattern.compile(System.getProperty("notebooks.include", ".*")));
    }

    /** The {@code *.ipynb} files of {@code dir} whose file name {@code include} finds, in file-name order (none if no such folder). */
    static List<Path> notebooks(Path dir, Pattern include) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".ipynb"))
                    .filter(Files::isRegularFile)
                    .filter(p -> include.matcher(p.getFileName().toString()).find())
                    .sorted().collect(Collectors.toList());
        }
    }

    /** The solution notebooks, {@code notebooks/solutions/*.ipynb}: every self-check must pass. */
    @TestFactory
    Stream<DynamicTest> solutionNotebooks() throws IOException {
        return dynamicTests(repoRoot().resolve("notebooks/solutions"), Kind.SOLUTION);
    }

    /**
     * The student notebooks, {@code notebooks/*.ipynb} (generated from the solutions): with the stubs
     * untouched they must run to the end, every self-check saying "not attempted yet". They run with
     * the second parameter set of {@link ParameterSets} (other seeds, data sets, widths, smaller
     * budgets), so that the key results are checked for a second set of parameters too, at little
     * cost: apart from the exercise cells they are the solution notebooks, which run with the
     * defaults. With {@code -Dnotebooks.write=true} they run with the defaults, whose outputs are
     * stored in the files.
     */
    @TestFactory
    Stream<DynamicTest> studentNotebooks() throws IOException {
        return dynamicTests(repoRoot().resolve("notebooks"), Kind.STUDENT);
    }

    enum Kind { SOLUTION, STUDENT }

    private static Stream<DynamicTest> dynamicTests(Path dir, Kind kind) throws IOException {
        List<Path> notebooks = notebooks(dir);
        if (notebooks.isEmpty()) {
            String msg = "no notebooks found in " + dir + " (nothing to run)";
            return Stream.of(DynamicTest.dynamicTest(msg, () -> System.out.println("[notebooks] " + msg)));
        }
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> runOne(nb, kind)));
    }

    @Test
    void everyNotebookWithChecksExists() throws IOException {
        for (String folder : List.of("notebooks", "notebooks/solutions")) {
            Path dir = repoRoot().resolve(folder);
            List<String> missing = NotebookChecks.CHECKS.keySet().stream()
                    .filter(name -> !Files.isRegularFile(dir.resolve(name))).sorted().collect(Collectors.toList());
            assertTrue(missing.isEmpty(), "NotebookChecks lists notebooks that do not exist in " + dir + ": " + missing);
        }
    }

    private static void runOne(Path notebook, Kind kind) throws IOException {
        String name = notebook.getFileName().toString();
        NotebookRunner runner = NotebookRunner.builder()
                .cellTimeout(Duration.ofSeconds(Long.getLong("notebooks.cellTimeout", limit())))
                .notebookTimeout(Duration.ofSeconds(limit() + 5))
                .build();
        boolean write = Boolean.getBoolean("notebooks.write");
        java.util.Map<String, String> second = kind == Kind.STUDENT && !write ? ParameterSets.SECOND.get(name) : null;
        if (kind == Kind.STUDENT && !write && second == null) {
            fail("ParameterSets.SECOND has no second parameter set for " + name);
        }
        NotebookRun run = second == null ? runner.run(notebook)
                : runner.run(notebook, ParameterSets.apply(NotebookJson.read(notebook), second));
        if (second != null) {
            System.out.println("[notebooks] " + name + " with the second parameter set: " + ParameterSets.describe(second));
        }
        report(run);
        run.failureMessage().ifPresent(msg -> fail((second == null ? "" : "with " + ParameterSets.describe(second) + ": ") + msg));
        double seconds = run.wallTime().toMillis() / 1000.0;
        if (seconds > limit()) {
            fail(String.format(Locale.ROOT, "notebook %s took %.1f s, more than the %d s a notebook may take",
                    name, seconds, limit()));
        }
        List<String> problems = new ArrayList<>();
        List<KeyResult> checks = new ArrayList<>(NotebookChecks.CHECKS.getOrDefault(name, List.of()));
        if (JupyterProtocolTest.EXPLORE_CELLS.containsKey(name)) checks.add(KeyResult.exploreCells(JupyterProtocolTest.EXPLORE_CELLS.get(name)));
        for (KeyResult check : checks) {
            check.problem(run).ifPresent(p -> problems.add("key result '" + check.description() + "': " + p));
        }
        problems.addAll(SelfChecks.problems(run, kind == Kind.SOLUTION ? SelfChecks.Expect.PASSED : SelfChecks.Expect.NOT_ATTEMPTED));
        if (!problems.isEmpty()) {
            fail((kind == Kind.SOLUTION ? "solution notebook " : "student notebook ") + name
                    + (second == null ? "" : " with " + ParameterSets.describe(second)) + ": " + String.join("; ", problems));
        }
        if (write) {
            run.writeBack();
            System.out.println("[notebooks] wrote outputs into " + notebook);
        }
    }

    static void report(NotebookRun run) {
        long executed = run.cells().stream().filter(c -> c.executionCount() != null).count();
        System.out.printf(Locale.ROOT, "[notebooks] %s: %d code cells in %.1f s (kernel start %.1f s)%s%n",
                run.name(), executed, run.wallTime().toMillis() / 1000.0, run.kernelStartup().toMillis() / 1000.0,
                run.failure().isPresent() ? " - FAILED" : "");
        for (CellRun c : run.cells()) {
            if (c.time().toMillis() >= 1000) {
                System.out.printf(Locale.ROOT, "[notebooks]   cell %d (code cell %d): %.1f s%n",
                        c.cellNumber(), c.codeCellNumber(), c.time().toMillis() / 1000.0);
            }
            for (var o : c.outputs()) {
                var out = o.getAsJsonObject();
                if (out.get("output_type").getAsString().equals("execute_result")
                        && IDENTITY_HASH.matcher(NotebookJson.text(out.getAsJsonObject("data").get("text/plain"))).find()) {
                    System.out.printf(Locale.ROOT, "[notebooks]   warning: cell %d (code cell %d) of %s ends with a value "
                            + "shown as %s, which changes on every run: end the cell with a statement without value "
                            + "(IJava's printf(...) instead of System.out.printf(...)) so that written outputs do not churn%n",
                            c.cellNumber(), c.codeCellNumber(), run.name(),
                            NotebookJson.text(out.getAsJsonObject("data").get("text/plain")).strip());
                }
            }
        }
    }

    /** {@code Object.toString()}'s {@code java.io.PrintStream@8317c52}. */
    private static final Pattern IDENTITY_HASH = Pattern.compile("^[\\w.$]+@[0-9a-f]{4,8}$");
}
