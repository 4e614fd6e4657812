package org.icnnvarpro.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generates the student notebooks {@code notebooks/NN_name.ipynb} from the solution notebooks
 * {@code notebooks/solutions/NN_name.ipynb}, the single source of the course, the way nbgrader's
 * {@code generate_assignment} (its {@code ClearSolutions} step) would with a Java stub:
 *
 * <ul>
 *   <li>in a code cell, every region from a line {@code // BEGIN SOLUTION} to a line
 *       {@code // END SOLUTION} (the lines themselves included) becomes {@link #STUB}, indented as
 *       the {@code BEGIN} line;</li>
 *   <li>such regions are allowed only in cells marked {@code metadata.nbgrader.solution = true},
 *       and must not nest or stay open (as nbgrader enforces);</li>
 *   <li>everything else (cell ids, metadata, markdown, other code) is copied unchanged.</li>
 * </ul>
 *
 * <p>The stub throws {@code UnsupportedOperationException("not attempted yet")}, which the
 * library's self-checks ({@code org.icnnvarpro.teach}) report as "not attempted yet". A solution
 * region must therefore end its method body (no statement may follow it: it would be unreachable).
 *
 * <p>Outputs are not part of the generated text: {@link #merge} keeps the committed student
 * notebook's outputs for cells whose id and source did not change, so that regenerating does not
 * discard results that are still valid, and {@link #withoutOutputs} is what the up-to-date test
 * compares.
 */
final class StudentNotebooks {
    private StudentNotebooks() {
    }

    static final String BEGIN = "// BEGIN SOLUTION";
    static final String END = "// END SOLUTION";
    /** What replaces a solution region: nbgrader's Java stub comment and a throw the self-checks recognise. */
    static final List<String> STUB = List.of("// YOUR CODE HERE",
            "throw new UnsupportedOperationException(\"not attempted yet\");");

    /** Bad markers, with where they are, e.g. {@code cell 7: "// END SOLUTION" without BEGIN}. */
    static final class MarkerException extends IllegalArgumentException {
        MarkerException(String message) {
            super(message);
        }
    }

    /** The student version of a solution notebook (outputs as in the solution: callers clear or merge them). */
    static JsonObject studentVersion(JsonObject solution) {
        JsonObject nb = solution.deepCopy();
        List<JsonObject> cells = NotebookJson.cells(nb);
        for (int i = 0; i < cells.size(); i++) {
            JsonObject cell = cells.get(i);
            String source = NotebookJson.text(cell.get("source"));
            Optional<String> stubbed = stub(source, "cell " + (i + 1));
            if (stubbed.isEmpty()) {
                continue;
            }
            if (!"code".equals(cell.get("cell_type").getAsString()) || !isSolutionCell(cell)) {
                throw new MarkerException("cell " + (i + 1) + " has a solution region but is not a code cell marked "
                        + "metadata.nbgrader.solution = true");
            }
            cell.addProperty("source", stubbed.get());
        }
        return nb;
    }

    /** The source with its solution regions replaced, or empty if it has none. */
    static Optional<String> stub(String source, String where) {
        String[] lines = source.split("\n", -1);
        List<String> out = new ArrayList<>();
        boolean inside = false;
        boolean any = false;
        for (int k = 0; k < lines.length; k++) {
            String line = lines[k];
            String t = line.strip();
            if (t.equals(BEGIN)) {
                if (inside) {
                    throw new MarkerException(where + ", line " + (k + 1) + ": nested \"" + BEGIN + "\"");
                }
                inside = true;
                any = true;
                String indent = line.substring(0, line.indexOf(BEGIN));
                STUB.forEach(s -> out.add(indent + s));
            } else if (t.equals(END)) {
                if (!inside) {
                    throw new MarkerException(where + ", line " + (k + 1) + ": \"" + END + "\" without \"" + BEGIN + "\"");
                }
                inside = false;
            } else if (!inside) {
                out.add(line);
            }
        }
        if (inside) {
            throw new MarkerException(where + ": \"" + BEGIN + "\" without \"" + END + "\"");
        }
        return any ? Optional.of(String.join("\n", out)) : Optional.empty();
    }

    static boolean isSolutionCell(JsonObject cell) {
        JsonObject g = nbgrader(cell);
        return g != null && g.has("solution") && g.get("solution").getAsBoolean();
    }

    static boolean isGradedCell(JsonObject cell) {
        JsonObject g = nbgrader(cell);
        return g != null && g.has("grade") && g.get("grade").getAsBoolean();
    }

    static JsonObject nbgrader(JsonObject cell) {
        if (!cell.has("metadata") || !cell.getAsJsonObject("metadata").has("nbgrader")) {
            return null;
        }
        return cell.getAsJsonObject("metadata").getAsJsonObject("nbgrader");
    }

    /** The notebook with every code cell's outputs and execution count cleared. */
    static JsonObject withoutOutputs(JsonObject notebook) {
        JsonObject nb = notebook.deepCopy();
        for (JsonObject cell : NotebookJson.cells(nb)) {
            if ("code".equals(cell.get("cell_type").getAsString())) {
                cell.add("outputs", new JsonArray());
                cell.add("execution_count", JsonNull.INSTANCE);
            }
        }
        return nb;
    }

    /**
     * {@code generated} with the outputs of {@code committed} (the student notebook on disk, may be
     * null) for every code cell whose id and source are unchanged; other code cells get none.
     */
    static JsonObject merge(JsonObject generated, JsonObject committed) {
        JsonObject nb = withoutOutputs(generated);
        if (committed == null) {
            return nb;
        }
        Map<String, JsonObject> old = new HashMap<>();
        for (JsonObject c : NotebookJson.cells(committed)) {
            if (c.has("id")) {
                old.put(c.get("id").getAsString(), c);
            }
        }
        for (JsonObject cell : NotebookJson.cells(nb)) {
            JsonObject before = cell.has("id") ? old.get(cell.get("id").getAsString()) : null;
            if (before == null || !"code".equals(cell.get("cell_type").getAsString())
                    || !NotebookJson.text(before.get("source")).equals(NotebookJson.text(cell.get("source")))) {
                continue;
            }
            for (String key : List.of("outputs", "execution_count")) {
                JsonElement v = before.get(key);
                if (v != null) {
                    cell.add(key, v.deepCopy());
                }
            }
        }
        return nb;
    }

    /** The student notebook path of a solution notebook: {@code notebooks/solutions/X} → {@code notebooks/X}. */
    static Path studentPath(Path solution) {
        return solution.getParent().getParent().resolve(solution.getFileName().toString());
    }

    /**
     * Where the committed student notebook differs from the generated one (ignoring outputs), or
     * empty if it is up to date; e.g. {@code "missing"} or {@code "cell 7 (id 3fa2c1d0) differs"}.
     */
    static Optional<String> staleness(Path solution) throws IOException {
        Path student = studentPath(solution);
        if (!Files.isRegularFile(student)) {
            return Optional.of("missing");
        }
        JsonObject want = withoutOutputs(studentVersion(NotebookJson.read(solution)));
        JsonObject have = withoutOutputs(NotebookJson.read(student));
        if (NotebookJson.toJson(want).equals(NotebookJson.toJson(have))) {
            return Optional.empty();
        }
        List<JsonObject> a = NotebookJson.cells(want), b = NotebookJson.cells(have);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                String id = a.get(i).has("id") ? a.get(i).get("id").getAsString() : "?";
                return Optional.of("cell " + (i + 1) + " (id " + id + ") differs");
            }
        }
        if (a.size() != b.size()) {
            return Optional.of("it has " + b.size() + " cells, the generated version " + a.size());
        }
        return Optional.of("its notebook metadata differs");
    }

    /** Writes the student version of {@code solution}, keeping still-valid outputs; true if the file changed. */
    static boolean write(Path solution) throws IOException {
        Path student = studentPath(solution);
        JsonObject committed = Files.isRegularFile(student) ? NotebookJson.read(student) : null;
        JsonObject nb = merge(studentVersion(NotebookJson.read(solution)), committed);
        String text = NotebookJson.toJson(nb);
        if (committed != null && text.equals(Files.readString(student))) {
            return false;
        }
        NotebookJson.write(nb, student);
        return true;
    }
}
