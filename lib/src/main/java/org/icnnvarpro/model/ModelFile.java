package org.icnnvarpro.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.charset.CharacterCodingException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.icnnvarpro.io.AtomicFile;
import org.icnnvarpro.io.Memory;
import org.icnnvarpro.io.Messages;

/**
 * Reads and writes the model file of docs/math.md §11 (format {@code "icnn-varpro/1"}), which stores
 * effective weights ({@code L ≥ 0} already applied):
 *
 * <pre>
 * { "format": "icnn-varpro/1", "inputDim": 2, "activation": "softplus",
 *   "layers": [ {"K": [[..d..] ×m1], "b": [..m1..], "L": null},
 *               {"K": [[..d..] ×m2], "b": [..m2..], "L": [[..m1..] ×m2]}, ... ],
 *   "w": {"u": [..mℓ..], "x": [..d..], "q": 0.0} }
 * </pre>
 *
 * <p>Writers add {@code "quadratic": true|false} (whether {@code w_q} is trainable); readers
 * ignore unknown fields, and without {@code "quadratic"} take it to be {@code q > 0}. Numbers are
 * written with {@link Double#toString}, so a write–read round trip is exact.
 */
public final class ModelFile {
    public static final String FORMAT = "icnn-varpro/1";

    private ModelFile() {}

    /**
     * Reads a model file; every problem is a {@link ModelFormatException} naming the file and the
     * field. Shapes are checked against each other before the network is allocated, and a file
     * too large for the Java heap is refused before it is read.
     */
    public static Icnn read(Path file) {
        String text;
        try {
            if (Files.isDirectory(file)) throw new ModelFormatException(file + ": is a folder, not a model file");
            long size = Files.size(file);
            try {
                // the text, then the JSON tree: about 8 bytes of memory per byte of the file
                Memory.require("model file " + file + " (" + Memory.format(size) + ")", Memory.times(size, 8));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(e.getMessage());
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": model file not found");
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(file + ": not UTF-8 text (is this a model file?)");
        } catch (IOException e) {
            throw new ModelFormatException(file + ": cannot read model file (" + Messages.reason(e) + ")");
        }
        return parse(text, file.toString());
    }

    /** Parses model JSON; {@code source} names it in error messages. */
    public static Icnn parse(String json, String source) {
        JsonElement root;
        try (Reader r = new StringReader(json)) {
            JsonReader reader = new JsonReader(r);
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT)
                throw new ModelFormatException(source + ": not a model file (text after the JSON value)");
        } catch (JsonParseException | IOException | IllegalStateException e) {
            String msg = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new ModelFormatException(source + ": not valid JSON (" + jsonProblem(msg) + ")");
        }
        if (root == null || !root.isJsonObject()) throw new ModelFormatException(source + ": not a model file (expected a JSON object)");
        return fromJson(root.getAsJsonObject(), source);
    }

    private static final Pattern JSON_POSITION = Pattern.compile("at line (\\d+) column (\\d+)(?: path (\\S+))?");

    /**
     * Gson's message in the project's words: what is wrong (without Gson's advice about lenient
     * parsing or its troubleshooting link) and where, e.g. {@code unterminated object at line 1, column 12, path $.w}.
     */
    static String jsonProblem(String msg) {
        if (msg == null || msg.isBlank()) return "malformed";
        String first = msg.lines().findFirst().orElse("").strip();
        Matcher m = JSON_POSITION.matcher(first);
        String where = "";
        String what = first;
        if (m.find()) {
            where = "line " + m.group(1) + ", column " + m.group(2) + (m.group(3) != null ? ", path " + m.group(3) : "");
            what = first.substring(0, m.start()).strip();
        }
        if (what.startsWith("Use JsonReader.setStrictness") || what.startsWith("Use JsonReader.setLenient") || what.isEmpty()) what = "malformed";
        if (what.length() > 1 && Character.isUpperCase(what.charAt(0)) && Character.isLowerCase(what.charAt(1)))
            what = Character.toLowerCase(what.charAt(0)) + what.substring(1);
        return Messages.oneLine(where.isEmpty() ? what : what + " at " + where, 160);
    }

    private static Icnn fromJson(JsonObject o, String src) {
        String format = string(o, "format", src);
        if (!FORMAT.equals(format)) throw new ModelFormatException(src + ": format is " + Messages.quote(format) + ", expected '" + FORMAT + "'");
        int d = integer(o, "inputDim", src);
        if (d <= 0) throw new ModelFormatException(src + ": inputDim must be positive, got " + d);
        String actId = string(o, "activation", src);
        Activation act;
        try {
            act = Activation.fromId(actId);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(src + ": " + e.getMessage());
        }
        JsonArray layers = array(o, "layers", src);
        if (layers.isEmpty()) throw new ModelFormatException(src + ": layers is empty (need at least one hidden layer)");
        int[] widths = new int[layers.size()];
        for (int i = 0; i < widths.length; i++) {
            JsonObject li = object(layers.get(i), "layers[" + i + "]", src);
            widths[i] = array(li, "b", src, "layers[" + i + "].b").size();
            if (widths[i] == 0) throw new ModelFormatException(src + ": layers[" + i + "].b is empty");
        }
        JsonObject w = object(o.get("w"), "w", src);
        JsonElement qe = w.get("q");
        if (qe == null) throw new ModelFormatException(src + ": w.q is missing");
        double q = number(qe, "w.q", src);
        boolean quadratic = q > 0;
        JsonElement qf = o.get("quadratic");
        if (qf != null) {
            if (!qf.isJsonPrimitive() || !qf.getAsJsonPrimitive().isBoolean())
                throw new ModelFormatException(src + ": field 'quadratic' must be true or false, got " + Messages.oneLine(qf.toString(), 40));
            quadratic = qf.getAsBoolean();
        }

        // every shape first (no allocation), so that a huge or inconsistent size is an error, not an allocation
        fill(layers, w, src, d, widths, null, null);
        Icnn net = Icnn.zeros(d, widths, act, quadratic);
        fill(layers, w, src, d, widths, net.weights(), net);
        net.weights()[net.offsetWq()] = q;
        try {
            net.validate();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(src + ": " + e.getMessage());
        }
        return net;
    }

    /** Checks every array's shape ({@code v == null}) or copies the values into {@code v} at the offsets of {@code net}. */
    private static void fill(JsonArray layers, JsonObject w, String src, int d, int[] widths, double[] v, Icnn net) {
        for (int i = 0; i < widths.length; i++) {
            String p = "layers[" + i + "]";
            JsonObject li = layers.get(i).getAsJsonObject();
            matrix(li, "K", src, p + ".K", widths[i], d, v, net == null ? 0 : net.offsetK(i));
            vector(li, "b", src, p + ".b", widths[i], v, net == null ? 0 : net.offsetB(i));
            JsonElement le = li.get("L");
            if (i == 0) {
                if (le != null && !le.isJsonNull()) throw new ModelFormatException(src + ": layers[0].L must be null (the first layer has no L)");
            } else {
                if (le == null || le.isJsonNull()) throw new ModelFormatException(src + ": " + p + ".L is missing");
                matrix(li, "L", src, p + ".L", widths[i], widths[i - 1], v, net == null ? 0 : net.offsetL(i));
            }
        }
        vector(w, "u", src, "w.u", widths[widths.length - 1], v, net == null ? 0 : net.offsetWu());
        vector(w, "x", src, "w.x", d, v, net == null ? 0 : net.offsetWx());
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes the model file atomically ({@link AtomicFile}: an interrupted or failed write leaves
     * the old file as it was), creating parent folders.
     *
     * @throws java.io.UncheckedIOException naming the file and the reason if it cannot be written
     */
    public static void write(Icnn net, Path file) {
        String json = toJson(net);
        AtomicFile.writeString(file, json);
    }

    /** The model as JSON text (one matrix row per line). */
    public static String toJson(Icnn net) {
        return toJson(net, net.weights(), true);
    }

    /**
     * JSON of a flat array in the model's layout ({@code values} may be weights or a gradient)
     * as {@code {"layers": [...], "w": {...}}}, plus the header fields when {@code header}.
     */
    public static String toJson(Icnn net, double[] values, boolean header) {
        StringBuilder sb = new StringBuilder();
        int d = net.inputDim();
        sb.append("{\n");
        if (header) {
            sb.append("  \"format\": \"").append(FORMAT).append("\",\n");
            sb.append("  \"inputDim\": ").append(d).append(",\n");
            sb.append("  \"activation\": \"").append(net.activation().id()).append("\",\n");
            sb.append("  \"quadratic\": ").append(net.quadratic()).append(",\n");
        }
        sb.append("  \"layers\": [\n");
        for (int i = 0; i < net.depth(); i++) {
            sb.append("    {\"K\": ");
            matrixJson(sb, values, net.offsetK(i), net.width(i), d, "      ");
            sb.append(",\n     \"b\": ");
            vectorJson(sb, values, net.offsetB(i), net.width(i));
            sb.append(",\n     \"L\": ");
            if (i == 0) sb.append("null");
            else matrixJson(sb, values, net.offsetL(i), net.width(i), net.width(i - 1), "      ");
            sb.append('}').append(i + 1 < net.depth() ? ",\n" : "\n");
        }
        sb.append("  ],\n  \"w\": {\"u\": ");
        vectorJson(sb, values, net.offsetWu(), net.width(net.depth() - 1));
        sb.append(",\n        \"x\": ");
        vectorJson(sb, values, net.offsetWx(), d);
        sb.append(",\n        \"q\": ").append(num(values[net.offsetWq()])).append("}\n}\n");
        return sb.toString();
    }

    /** A finite number as JSON text ({@link Double#toString}, exact round trip); non-finite values are refused. */
    public static String num(double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("cannot write non-finite number " + v + " to JSON");
        return Double.toString(v);
    }

    /** Appends {@code v[off .. off+n)} as a JSON array. */
    public static void vectorJson(StringBuilder sb, double[] v, int off, int n) {
        sb.append('[');
        for (int k = 0; k < n; k++) {
            if (k > 0) sb.append(", ");
            sb.append(num(v[off + k]));
        }
        sb.append(']');
    }

    private static void matrixJson(StringBuilder sb, double[] v, int off, int rows, int cols, String indent) {
        sb.append("[\n");
        for (int r = 0; r < rows; r++) {
            sb.append(indent);
            vectorJson(sb, v, off + r * cols, cols);
            sb.append(r + 1 < rows ? ",\n" : "\n");
        }
        sb.append(indent, 0, indent.length() - 1).append(']');
    }

    // ------------------------------------------------------------------ field access with errors

    private static String string(JsonObject o, String key, String src) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) throw new ModelFormatException(src + ": field '" + key + "' is missing");
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString())
            throw new ModelFormatException(src + ": field '" + key + "' must be a string, got " + Messages.oneLine(e.toString(), 40));
        return e.getAsString();
    }

    private static int integer(JsonObject o, String key, String src) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) throw new ModelFormatException(src + ": field '" + key + "' is missing");
        double v = number(e, key, src);
        if (v != Math.rint(v)) throw new ModelFormatException(src + ": field '" + key + "' must be an integer, got " + e);
        if (Math.abs(v) > Integer.MAX_VALUE)
            throw new ModelFormatException(src + ": field '" + key + "' is " + e + ", too large (at most " + Integer.MAX_VALUE + ")");
        return (int) v;
    }

    private static JsonArray array(JsonObject o, String key, String src) {
        return array(o, key, src, key);
    }

    private static JsonArray array(JsonObject o, String key, String src, String path) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) throw new ModelFormatException(src + ": " + path + " is missing");
        if (!e.isJsonArray()) throw new ModelFormatException(src + ": " + path + " must be an array");
        return e.getAsJsonArray();
    }

    private static JsonObject object(JsonElement e, String path, String src) {
        if (e == null || e.isJsonNull()) throw new ModelFormatException(src + ": " + path + " is missing");
        if (!e.isJsonObject()) throw new ModelFormatException(src + ": " + path + " must be an object");
        return e.getAsJsonObject();
    }

    private static double number(JsonElement e, String path, String src) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber())
            throw new ModelFormatException(src + ": " + path + " must be a number, got " + Messages.oneLine(String.valueOf(e), 40));
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) throw new ModelFormatException(src + ": " + path + " is " + v + " (values must be finite)");
        return v;
    }

    private static void vector(JsonObject o, String key, String src, String path, int n, double[] out, int off) {
        JsonArray a = array(o, key, src, path);
        if (a.size() != n)
            throw new ModelFormatException(src + ": " + path + " has " + a.size() + " entries, expected " + n + shapeHint(path));
        if (out == null) return;
        for (int k = 0; k < n; k++) out[off + k] = number(a.get(k), path + "[" + k + "]", src);
    }

    private static void matrix(JsonObject o, String key, String src, String path, int rows, int cols, double[] out, int off) {
        JsonArray a = array(o, key, src, path);
        if (a.size() != rows)
            throw new ModelFormatException(src + ": " + path + " has " + a.size() + " rows, expected " + rows + shapeHint(path));
        for (int r = 0; r < rows; r++) {
            JsonElement row = a.get(r);
            if (!row.isJsonArray()) throw new ModelFormatException(src + ": " + path + "[" + r + "] must be an array");
            JsonArray ra = row.getAsJsonArray();
            if (ra.size() != cols)
                throw new ModelFormatException(src + ": " + path + "[" + r + "] has " + ra.size() + " entries, expected " + cols + shapeHint(path));
            if (out == null) continue;
            for (int c = 0; c < cols; c++) out[off + r * cols + c] = number(ra.get(c), path + "[" + r + "][" + c + "]", src);
        }
    }

    private static String shapeHint(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".k")) return " (K is width × inputDim)";
        if (p.endsWith(".l")) return " (L of layer i is width_i × width_{i-1})";
        if (p.equals("w.u")) return " (the width of the last hidden layer)";
        if (p.equals("w.x")) return " (inputDim)";
        return " (the layer's width, the length of its b)";
    }
}
