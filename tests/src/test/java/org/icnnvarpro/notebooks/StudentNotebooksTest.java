package org.icnnvarpro.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The student notebooks are generated from the solution notebooks ({@link StudentNotebooks}); this
 * test fails when a committed student notebook is out of date, and checks the notebooks' structure
 * (nbformat 4.5 cell ids, nbgrader metadata, one parameters cell).
 *
 * <p>{@code -Dnotebooks.write=true} regenerates the student notebooks instead of failing
 * ({@code notebooks/make-student-notebooks} does that).
 */
class StudentNotebooksTest {
    static final String REGENERATE = "notebooks/make-student-notebooks";
    private static final Pattern CELL_ID = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    static Path notebooksDir() {
        return NotebookTest.repoRoot().resolve("notebooks");
    }

    static List<Path> solutions() throws IOException {
        return NotebookTest.notebooks(notebooksDir().resolve("solutions"));
    }

    @TestFactory
    Stream<DynamicTest> studentNotebooksAreUpToDate() throws IOException {
        boolean write = Boolean.getBoolean("notebooks.write");
        return solutions().stream().map(sol -> DynamicTest.dynamicTest(sol.getFileName().toString(), () -> {
            if (write) {
                if (StudentNotebooks.write(sol)) {
                    System.out.println("[notebooks] wrote " + StudentNotebooks.studentPath(sol));
                }
                return;
            }
            Optional<String> stale = StudentNotebooks.staleness(sol);
            stale.ifPresent(why -> fail("notebooks/" + sol.getFileName() + " is out of date with notebooks/solutions/"
                    + sol.getFileName() + " (" + why + "): edit the solution notebook only, then run " + REGENERATE));
        }));
    }

    @Test
    void everyStudentNotebookHasASolution() throws IOException {
        Set<String> sol = new HashSet<>();
        solutions().forEach(p -> sol.add(p.getFileName().toString()));
        List<String> orphans = new ArrayList<>();
        for (Path p : NotebookTest.notebooks(notebooksDir())) {
            if (!sol.contains(p.getFileName().toString())) {
                orphans.add(p.getFileName().toString());
            }
        }
        assertTrue(orphans.isEmpty(), "student notebooks without a solution notebook in notebooks/solutions/: " + orphans);
        assertTrue(!sol.isEmpty(), "no solution notebooks in " + notebooksDir().resolve("solutions"));
    }

    @Test
    void solutionRegionsBecomeStubsIndentedAsTheirMarkers() {
        String src = "double f(double z) {\n    // TODO: f(z) = 2z\n    // BEGIN SOLUTION\n    return 2 * z;\n"
                + "    // END SOLUTION\n}\nf(1)";
        assertEquals("double f(double z) {\n    // TODO: f(z) = 2z\n    // YOUR CODE HERE\n"
                        + "    throw new UnsupportedOperationException(\"not attempted yet\");\n}\nf(1)",
                StudentNotebooks.stub(src, "cell 1").orElseThrow());
        assertEquals(Optional.empty(), StudentNotebooks.stub("int x = 1;", "cell 2"));
        assertThrows(StudentNotebooks.MarkerException.class,
                () -> StudentNotebooks.stub("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "cell 3"));
        assertThrows(StudentNotebooks.MarkerException.class, () -> StudentNotebooks.stub("// BEGIN SOLUTION\nx", "cell 4"));
        assertThrows(StudentNotebooks.MarkerException.class, () -> StudentNotebooks.stub("x\n// END SOLUTION", "cell 5"));
    }

    @Test
    void aSolutionRegionOutsideASolutionCellIsRefused() {
        JsonObject nb = com.google.gson.JsonParser.parseString("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {},"
                + " \"cells\": [{\"cell_type\": \"code\", \"id\": \"a\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null,"
                + " \"source\": \"// BEGIN SOLUTION\\nx\\n// END SOLUTION\"}]}").getAsJsonObject();
        StudentNotebooks.MarkerException e = assertThrows(StudentNotebooks.MarkerException.class,
                () -> StudentNotebooks.studentVersion(nb));
        assertTrue(e.getMessage().contains("nbgrader.solution"), e.getMessage());
    }

    @TestFactory
    Stream<DynamicTest> notebookStructure() throws IOException {
        List<Path> all = new ArrayList<>(solutions());
        all.addAll(NotebookTest.notebooks(notebooksDir()));
        return all.stream().map(p -> DynamicTest.dynamicTest(notebooksDir().relativize(p).toString(), () -> {
            JsonObject nb = NotebookJson.read(p);
            List<String> problems = new ArrayList<>();
            if (nb.get("nbformat_minor").getAsInt() < 5) {
                problems.add("nbformat 4." + nb.get("nbformat_minor") + ": cell ids need 4.5");
            }
            Set<String> ids = new HashSet<>();
            Set<String> gradeIds = new HashSet<>();
            int parameterCells = 0;
            List<JsonObject> cells = NotebookJson.cells(nb);
            for (int i = 0; i < cells.size(); i++) {
                JsonObject c = cells.get(i);
                String where = "cell " + (i + 1);
                if (!c.has("id") || !CELL_ID.matcher(c.get("id").getAsString()).matches()) {
                    problems.add(where + ": no valid nbformat 4.5 cell id");
                } else if (!ids.add(c.get("id").getAsString())) {
                    problems.add(where + ": duplicate cell id " + c.get("id").getAsString());
                }
                if (tags(c).contains("parameters")) {
                    parameterCells++;
                }
                JsonObject g = StudentNotebooks.nbgrader(c);
                if (g != null) {
                    if (!g.has("grade_id") || !gradeIds.add(g.get("grade_id").getAsString())) {
                        problems.add(where + ": nbgrader cell without a unique grade_id");
                    }
                    if (!g.has("schema_version") || g.get("schema_version").getAsInt() != 3) {
                        problems.add(where + ": nbgrader schema_version must be 3");
                    }
                    if (StudentNotebooks.isGradedCell(c) && !g.has("points")) {
                        problems.add(where + ": graded nbgrader cell without points");
                    }
                }
            }
            if (parameterCells != 1) {
                problems.add(parameterCells + " cells tagged \"parameters\" (expected exactly one)");
            }
            assertTrue(problems.isEmpty(), p + ": " + String.join("; ", problems));
        }));
    }

    /**
     * The course has exercises in every notebook (at least two, at least 16 in all): a solution cell
     * with a solution region and a one-line self-check cell each.
     */
    @Test
    void everyNotebookHasExercisesWithOneLineSelfChecks() throws IOException {
        int total = 0;
        List<String> problems = new ArrayList<>();
        for (Path p : solutions()) {
            List<JsonObject> cells = NotebookJson.cells(NotebookJson.read(p));
            long solutionCells = cells.stream().filter(StudentNotebooks::isSolutionCell)
                    .filter(c -> NotebookJson.text(c.get("source")).contains(StudentNotebooks.BEGIN)).count();
            List<JsonObject> checks = cells.stream().filter(StudentNotebooks::isGradedCell).toList();
            if (solutionCells < 2 || checks.size() < 2) {
                problems.add(p.getFileName() + ": " + solutionCells + " exercises, " + checks.size() + " self-checks");
            }
            for (JsonObject c : checks) {
                String src = NotebookJson.text(c.get("source")).strip();
                if (src.contains("\n")) problems.add(p.getFileName() + ": self-check cell " + c.get("id") + " is not one line");
            }
            total += checks.size();
        }
        assertTrue(problems.isEmpty(), String.join("; ", problems));
        assertTrue(total >= 16, "only " + total + " self-checks in all");
    }

    @Test
    void everyNotebookHasASecondParameterSetThatApplies() throws IOException {
        for (Path p : solutions()) {
            String name = p.getFileName().toString();
            assertTrue(ParameterSets.SECOND.containsKey(name), "no second parameter set for " + name);
            JsonObject edited = ParameterSets.apply(NotebookJson.read(p), ParameterSets.SECOND.get(name));
            assertTrue(!NotebookJson.toJson(edited).equals(NotebookJson.toJson(NotebookJson.read(p))), name);
        }
    }

    @Test
    void parameterEditsReplaceExactlyOneDeclaration() {
        JsonObject nb = com.google.gson.JsonParser.parseString("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": ["
                + "{\"cell_type\": \"code\", \"id\": \"p\", \"metadata\": {\"tags\": [\"parameters\"]}, \"outputs\": [],"
                + " \"execution_count\": null, \"source\": \"int[]  WIDTHS = {32, 32};   // widths\\ndouble C = 10.0;\\ndouble[] C_SWEEP = {2, 5};\"}]}")
                .getAsJsonObject();
        JsonObject out = ParameterSets.apply(nb, java.util.Map.of("WIDTHS", "{16}", "C", "20.0"));
        assertEquals("int[]  WIDTHS = {16};   // widths\ndouble C = 20.0;\ndouble[] C_SWEEP = {2, 5};",
                NotebookJson.text(NotebookJson.cells(out).get(0).get("source")));
        assertThrows(IllegalArgumentException.class, () -> ParameterSets.apply(nb, java.util.Map.of("NOPE", "1")));
    }

    static List<String> tags(JsonObject cell) {
        List<String> out = new ArrayList<>();
        if (cell.has("metadata") && cell.getAsJsonObject("metadata").has("tags")) {
            cell.getAsJsonObject("metadata").getAsJsonArray("tags").forEach(t -> out.add(t.getAsString()));
        }
        return out;
    }
}
