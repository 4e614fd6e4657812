package org.icnnvarpro.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * What one code cell did: its nbformat outputs (in order), execution count, time, and error if any.
 *
 * @param cellNumber     1-based position among all cells of the notebook
 * @param codeCellNumber 1-based position among the code cells
 * @param executionCount the {@code In [n]} number, {@code null} for a blank cell (not executed)
 */
public record CellRun(int cellNumber, int codeCellNumber, Integer executionCount, String source, JsonArray outputs,
                      CellError error, Duration time) {

    /** An nbformat {@code error} output. */
    public record CellError(String ename, String evalue, List<String> traceback) {
        @Override
        public String toString() {
            return ename + ": " + evalue + (traceback.isEmpty() ? "" : "\n" + String.join("\n", traceback));
        }
    }

    public boolean failed() {
        return error != null;
    }

    /** Stream text and the {@code text/plain} of displays and results, in output order. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (JsonElement e : outputs) {
            JsonObject o = e.getAsJsonObject();
            switch (o.get("output_type").getAsString()) {
                case "stream" -> sb.append(NotebookJson.text(o.get("text")));
                case "display_data", "execute_result" -> {
                    JsonObject data = o.getAsJsonObject("data");
                    if (data.has("text/plain")) {
                        sb.append(NotebookJson.text(data.get("text/plain")));
                    }
                }
                case "error" -> sb.append(o.get("ename").getAsString()).append(": ")
                        .append(o.get("evalue").getAsString());
                default -> {
                }
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Number of outputs carrying the given MIME type (e.g. {@code image/png}). */
    public long count(String mimeType) {
        long n = 0;
        for (JsonElement e : outputs) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("data") && o.getAsJsonObject("data").has(mimeType)) {
                n++;
            }
        }
        return n;
    }
}
