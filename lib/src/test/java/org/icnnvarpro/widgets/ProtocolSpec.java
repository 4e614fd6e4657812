package org.icnnvarpro.widgets;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hand-written table of ipywidgets 8 model states ({@code widgets/ipywidgets-8-models.json}):
 * checks a {@code comm_open}'s state against it, independently of the code under test.
 */
final class ProtocolSpec {
    static final JsonObject MODELS = load();

    private static JsonObject load() {
        try (Reader r = new InputStreamReader(ProtocolSpec.class.getResourceAsStream("/widgets/ipywidgets-8-models.json"), StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r).getAsJsonObject().getAsJsonObject("models");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Problems of {@code state} (a comm_open's data.state); {@code modelOf} names the model behind a comm id. */
    static List<String> problems(Map<String, Object> state, Map<String, String> modelOf) {
        List<String> out = new ArrayList<>();
        String name = String.valueOf(state.get("_model_name"));
        if (!MODELS.has(name)) return List.of("unknown model " + name);
        JsonObject spec = MODELS.getAsJsonObject(name);
        JsonObject keys = spec.getAsJsonObject("keys");
        Set<String> expected = new TreeSet<>(keys.keySet()), actual = new TreeSet<>(state.keySet());
        if (!expected.equals(actual)) {
            Set<String> missing = new TreeSet<>(expected), extra = new TreeSet<>(actual);
            missing.removeAll(actual);
            extra.removeAll(expected);
            out.add(name + ": keys missing " + missing + ", unexpected " + extra);
        }
        for (String[] k : new String[][] {{"model_module", "_model_module"}, {"model_module_version", "_model_module_version"},
                {"view_name", "_view_name"}, {"view_module", "_view_module"}, {"view_module_version", "_view_module_version"}}) {
            String want = spec.get(k[0]).getAsString();
            if (!want.equals(state.get(k[1]))) out.add(name + ": " + k[1] + " is " + state.get(k[1]) + ", the spec says " + want);
        }
        for (String key : keys.keySet()) {
            if (!state.containsKey(key)) continue;
            String type = keys.get(key).getAsString();
            String p = typeProblem(state.get(key), type, modelOf);
            if (p != null) out.add(name + "." + key + " = " + state.get(key) + ": " + p + " (spec: " + type + ")");
        }
        return out;
    }

    private static String typeProblem(Object v, String type, Map<String, String> modelOf) {
        boolean nullable = type.endsWith("?");
        String t = nullable ? type.substring(0, type.length() - 1) : type;
        if (v == null) return nullable ? null : "null not allowed";
        if (t.startsWith("ref:")) return refProblem(v, t.substring(4), modelOf);
        return switch (t) {
            case "string" -> v instanceof String ? null : "not a string";
            case "bool" -> v instanceof Boolean ? null : "not a boolean";
            case "int" -> v instanceof Integer || v instanceof Long ? null : "not an integer";
            case "float" -> v instanceof Number ? null : "not a number";
            case "array" -> v instanceof List<?> ? null : "not an array";
            case "refs" -> {
                if (!(v instanceof List<?> l)) yield "not an array";
                for (Object o : l) {
                    String p = refProblem(o, null, modelOf);
                    if (p != null) yield p;
                }
                yield null;
            }
            default -> "unknown type in the spec";
        };
    }

    private static String refProblem(Object v, String model, Map<String, String> modelOf) {
        if (!(v instanceof String s) || !s.startsWith("IPY_MODEL_")) return "not a widget reference";
        String target = modelOf.get(s.substring("IPY_MODEL_".length()));
        if (target == null) return "refers to a model not opened before";
        return model == null || model.equals(target) ? null : "refers to a " + target + ", not a " + model;
    }
}
