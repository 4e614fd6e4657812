package org.icnnvarpro.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes nbformat 4 notebooks, writing exactly as Jupyter ({@code nbformat.write}) does:
 * multi-line strings split into lists of lines, keys sorted, one-space indent, non-ASCII kept, and a
 * final newline. A notebook written here and then saved by Jupyter therefore produces no diff.
 */
public final class NotebookJson {
    private NotebookJson() {
    }

    public static JsonObject read(Path file) throws IOException {
        JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        if (!e.isJsonObject() || !e.getAsJsonObject().has("cells")) {
            throw new IOException(file + " is not an nbformat 4 notebook (no \"cells\")");
        }
        JsonObject nb = e.getAsJsonObject();
        if (!nb.has("nbformat") || nb.get("nbformat").getAsInt() != 4) {
            throw new IOException(file + " is not an nbformat 4 notebook (nbformat " + nb.get("nbformat") + ")");
        }
        return nb;
    }

    /** A multi-line field, stored either as one string or as a list of lines. */
    public static String text(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "";
        }
        if (e.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonElement line : e.getAsJsonArray()) {
                sb.append(line.getAsString());
            }
            return sb.toString();
        }
        return e.getAsString();
    }

    /** Writes the notebook as Jupyter would, atomically (the file is a committed notebook: never half-written). */
    public static void write(JsonObject notebook, Path file) throws IOException {
        org.icnnvarpro.io.AtomicFile.writeString(file, toJson(notebook));
    }

    /** The file text Jupyter would write for this notebook. */
    public static String toJson(JsonObject notebook) {
        JsonObject nb = notebook.deepCopy();
        splitLines(nb);
        StringBuilder sb = new StringBuilder();
        dump(nb, sb, 0);
        sb.append('\n');
        return sb.toString();
    }

    private static void splitLines(JsonObject nb) {
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (cell.has("source")) {
                cell.add("source", lines(text(cell.get("source"))));
            }
            if (cell.has("attachments") && cell.get("attachments").isJsonObject()) {
                for (Map.Entry<String, JsonElement> a : cell.getAsJsonObject("attachments").entrySet()) {
                    splitBundle(a.getValue().getAsJsonObject());
                }
            }
            if (!"code".equals(cell.get("cell_type").getAsString()) || !cell.has("outputs")) {
                continue;
            }
            for (JsonElement o : cell.getAsJsonArray("outputs")) {
                JsonObject out = o.getAsJsonObject();
                String type = out.get("output_type").getAsString();
                if ((type.equals("execute_result") || type.equals("display_data")) && out.has("data")) {
                    splitBundle(out.getAsJsonObject("data"));
                } else if (type.equals("stream") && out.has("text")) {
                    out.add("text", lines(text(out.get("text"))));
                }
            }
        }
    }

    private static void splitBundle(JsonObject data) {
        for (Map.Entry<String, JsonElement> e : new ArrayList<>(data.entrySet())) {
            String mime = e.getKey();
            JsonElement v = e.getValue();
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() && (mime.startsWith("text/")
                    || mime.equals("application/javascript") || mime.equals("image/svg+xml"))) {
                data.add(mime, lines(v.getAsString()));
            }
        }
    }

    /** Python's {@code str.splitlines(True)}. */
    static JsonArray lines(String s) {
        JsonArray out = new JsonArray();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean brk = c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e
                    || c == 0x85 || c == 0x2028 || c == 0x2029;
            if (!brk) {
                continue;
            }
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                i++;
            }
            out.add(s.substring(start, i + 1));
            start = i + 1;
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** Python's {@code json.dumps(v, indent=1, sort_keys=True, ensure_ascii=False)}. */
    private static void dump(JsonElement v, StringBuilder sb, int depth) {
        if (v == null || v.isJsonNull()) {
            sb.append("null");
        } else if (v.isJsonObject()) {
            Map<String, JsonElement> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
                sorted.put(e.getKey(), e.getValue());
            }
            if (sorted.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonElement> e : sorted.entrySet()) {
                sb.append(first ? "\n" : ",\n");
                first = false;
                sb.append(" ".repeat(depth + 1));
                string(e.getKey(), sb);
                sb.append(": ");
                dump(e.getValue(), sb, depth + 1);
            }
            sb.append('\n').append(" ".repeat(depth)).append('}');
        } else if (v.isJsonArray()) {
            JsonArray a = v.getAsJsonArray();
            if (a.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            boolean first = true;
            for (JsonElement e : a) {
                sb.append(first ? "\n" : ",\n");
                first = false;
                sb.append(" ".repeat(depth + 1));
                dump(e, sb, depth + 1);
            }
            sb.append('\n').append(" ".repeat(depth)).append(']');
        } else {
            JsonPrimitive p = v.getAsJsonPrimitive();
            if (p.isString()) {
                string(p.getAsString(), sb);
            } else if (p.isBoolean()) {
                sb.append(p.getAsBoolean());
            } else {
                sb.append(p.getAsNumber().toString());
            }
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static List<JsonObject> cells(JsonObject nb) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            out.add(c.getAsJsonObject());
        }
        return out;
    }
}
