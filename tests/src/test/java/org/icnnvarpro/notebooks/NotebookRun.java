package org.icnnvarpro.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The result of running one notebook with {@link NotebookRunner}. */
public record NotebookRun(Path notebook, JsonObject original, List<CellRun> cells, Duration kernelStartup,
                          Duration wallTime, String kernelLog) {

    public String name() {
        return notebook.getFileName().toString();
    }

    /** The first failed cell, if any (execution stops there, as under nbconvert). */
    public Optional<CellRun> failure() {
        return cells.stream().filter(CellRun::failed).findFirst();
    }

    /**
     * {@code notebook 03_adam.ipynb, cell 5 (code cell 3): <error>}, then the cell source; empty when
     * every cell ran.
     */
    public Optional<String> failureMessage() {
        return failure().map(c -> "notebook " + name() + ", cell " + c.cellNumber() + " (code cell "
                + c.codeCellNumber() + "): " + c.error() + "\n--- cell source ---\n" + c.source()
                + (c.source().endsWith("\n") ? "" : "\n") + "---");
    }

    /** All text output of the notebook (see {@link CellRun#text()}). */
    public String outputText() {
        StringBuilder sb = new StringBuilder();
        cells.forEach(c -> sb.append(c.text()));
        return sb.toString();
    }

    public long count(String mimeType) {
        return cells.stream().mapToLong(c -> c.count(mimeType)).sum();
    }

    /**
     * The notebook with this run's outputs and execution counts, Java kernelspec, and a
     * {@code language_info} without a JVM version (so re-running does not change the file).
     */
    public JsonObject executedNotebook() {
        JsonObject nb = original.deepCopy();
        List<JsonObject> all = NotebookJson.cells(nb);
        for (CellRun run : cells) {
            JsonObject cell = all.get(run.cellNumber() - 1);
            cell.add("outputs", run.outputs().deepCopy());
            cell.add("execution_count", run.executionCount() == null ? JsonNull.INSTANCE
                    : new JsonPrimitive(run.executionCount()));
        }
        for (JsonObject cell : all) {
            if ("code".equals(cell.get("cell_type").getAsString())) {
                if (!cell.has("outputs")) {
                    cell.add("outputs", new JsonArray());
                }
                if (!cell.has("execution_count")) {
                    cell.add("execution_count", JsonNull.INSTANCE);
                }
                if (!cell.has("metadata")) {
                    cell.add("metadata", new JsonObject());
                }
            }
        }
        JsonObject meta = nb.has("metadata") ? nb.getAsJsonObject("metadata") : new JsonObject();
        nb.add("metadata", meta);
        JsonObject kernelspec = new JsonObject();
        kernelspec.addProperty("display_name", "Java");
        kernelspec.addProperty("language", "java");
        kernelspec.addProperty("name", "java");
        meta.add("kernelspec", kernelspec);
        JsonObject lang = new JsonObject();
        lang.addProperty("codemirror_mode", "java");
        lang.addProperty("file_extension", ".jshell");
        lang.addProperty("mimetype", "text/x-java-source");
        lang.addProperty("name", "Java");
        lang.addProperty("pygments_lexer", "java");
        meta.add("language_info", lang);
        return nb;
    }

    /** Writes {@link #executedNotebook()} over the notebook file, formatted as Jupyter does. */
    public void writeBack() throws IOException {
        if (failure().isPresent()) {
            throw new IllegalStateException("not writing outputs of a failed run: " + failureMessage().get());
        }
        NotebookJson.write(executedNotebook(), notebook);
    }
}
