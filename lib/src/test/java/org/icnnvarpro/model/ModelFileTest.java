package org.icnnvarpro.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripIsExact() {
        Icnn net = BatchDerivativesTest.randomNet(3, new int[] {4, 5, 2}, Activation.SMOOTH_RELU, true, 3);
        Path f = dir.resolve("m.json");
        ModelFile.write(net, f);
        Icnn back = ModelFile.read(f);
        assertArrayEquals(net.weights(), back.weights(), 0.0);
        assertArrayEquals(net.widths(), back.widths());
        assertEquals(net.activation(), back.activation());
        assertTrue(back.quadratic());
    }

    @Test
    void readsTheContractFormatWithoutOptionalFields() {
        String json = "{\"format\":\"icnn-varpro/1\",\"inputDim\":1,\"activation\":\"softplus\",\"extra\":{\"ignored\":1},"
                + "\"layers\":[{\"K\":[[1.0],[2.0]],\"b\":[0.5,-0.5],\"L\":null},{\"K\":[[3.0]],\"b\":[0.1],\"L\":[[0.2,0.3]]}],"
                + "\"w\":{\"u\":[0.7],\"x\":[0.1],\"q\":0.0}}";
        Icnn net = ModelFile.parse(json, "m.json");
        assertFalse(net.quadratic());
        assertArrayEquals(new int[] {2, 1}, net.widths());
        assertArrayEquals(new double[][] {{0.2, 0.3}}, net.L(1));
        assertEquals(0.7, net.wu()[0]);
    }

    private static String model(String layer1L, String wu) {
        return "{\"format\":\"icnn-varpro/1\",\"inputDim\":1,\"activation\":\"softplus\","
                + "\"layers\":[{\"K\":[[1.0],[2.0]],\"b\":[0.5,-0.5],\"L\":null},{\"K\":[[3.0]],\"b\":[0.1],\"L\":" + layer1L + "}],"
                + "\"w\":{\"u\":" + wu + ",\"x\":[0.1],\"q\":0.0}}";
    }

    private static String error(String json) {
        return assertThrows(ModelFormatException.class, () -> ModelFile.parse(json, "m.json")).getMessage();
    }

    @Test
    void badFilesGiveOneLineErrorsNamingTheProblem() {
        assertTrue(error("this is not json").startsWith("m.json: not valid JSON"), error("this is not json"));
        assertTrue(error("{\"format\": \"icnn-varpro/1\", ").startsWith("m.json: not valid JSON"));
        assertEquals("m.json: format is 'other', expected 'icnn-varpro/1'", error("{\"format\":\"other\"}"));
        assertEquals("m.json: layers[1].L[0] has 3 entries, expected 2 (L of layer i is width_i × width_{i-1})",
                error(model("[[0.2,0.3,0.4]]", "[0.7]")));
        assertEquals("m.json: layers[1].L has 2 rows, expected 1 (L of layer i is width_i × width_{i-1})",
                error(model("[[0.2,0.3],[0.1,0.1]]", "[0.7]")));
        assertEquals("m.json: w.u has 2 entries, expected 1 (the width of the last hidden layer)", error(model("[[0.2,0.3]]", "[0.7,0.1]")));
        assertEquals("m.json: layers[1].L[0][1] is negative (-0.3); it must be >= 0 for convexity", error(model("[[0.2,-0.3]]", "[0.7]")));
        assertEquals("m.json: w.u[0] is negative (-0.7); it must be >= 0 for convexity", error(model("[[0.2,0.3]]", "[-0.7]")));
        assertEquals("m.json: layers[1].L[0][0] must be a number, got \"a\"", error(model("[[\"a\",0.3]]", "[0.7]")));
        String missing = "{\"format\":\"icnn-varpro/1\",\"inputDim\":1,\"activation\":\"softplus\",\"layers\":[]}";
        assertEquals("m.json: layers is empty (need at least one hidden layer)", error(missing));
        assertEquals("m.json: unknown activation 'relu' (known: softplus, smoothrelu)",
                error(model("[[0.2,0.3]]", "[0.7]").replace("softplus", "relu")));
    }

    @Test
    void quadraticMustBeABoolean() {
        String yes = model("[[0.2,0.3]]", "[0.7]").replace("\"inputDim\"", "\"quadratic\":\"yes\",\"inputDim\"");
        assertEquals("m.json: field 'quadratic' must be true or false, got \"yes\"", error(yes));
        assertEquals("m.json: field 'quadratic' must be true or false, got 1", error(yes.replace("\"yes\"", "1")));
        assertTrue(ModelFile.parse(yes.replace("\"yes\"", "true"), "m.json").quadratic());
    }

    @Test
    void sizesAreCheckedAgainstEachOtherBeforeAllocating() {
        assertEquals("m.json: field 'inputDim' is 1e10, too large (at most 2147483647)", error(model("[[0.2,0.3]]", "[0.7]")
                .replace("\"inputDim\":1", "\"inputDim\":1e10")));
        // an inputDim that fits an int but not the file: the rows of K say otherwise, before anything of that size exists
        assertEquals("m.json: layers[0].K[0] has 1 entries, expected 2000000000 (K is width × inputDim)",
                error(model("[[0.2,0.3]]", "[0.7]").replace("\"inputDim\":1", "\"inputDim\":2000000000")));
        // a 20000-long b in both layers: L would be 20000 × 20000 (3.2 GB); the shape error comes first
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 20000; i++) b.append(i == 0 ? "" : ",").append("0.1");
        b.append(']');
        String big = model("[[0.2,0.3]]", "[0.7]").replace("\"b\":[0.5,-0.5]", "\"b\":" + b).replace("\"b\":[0.1]", "\"b\":" + b);
        assertEquals("m.json: layers[0].K has 2 rows, expected 20000 (K is width × inputDim)", error(big));
    }

    @Test
    void jsonErrorsSayWhereWithoutGsonAdvice() {
        String m = error("{\"format\": x}");
        assertEquals("m.json: not valid JSON (malformed at line 1, column 12, path $.format)", m);
        String u = error("{\"format\": \"icnn-varpro/1\", ");
        assertFalse(u.contains("setStrictness") || u.contains("LENIENT") || u.contains("http") || u.contains("Troubleshooting"), u);
        assertTrue(u.contains("line 1"), u);
        // a missing field is named once
        assertEquals("m.json: field 'activation' is missing", error("{\"format\":\"icnn-varpro/1\",\"inputDim\":2}"));
    }

    @Test
    void aFolderIsNotAModelFile() {
        assertEquals(dir + ": is a folder, not a model file", assertThrows(ModelFormatException.class, () -> ModelFile.read(dir)).getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.json");
        assertEquals(f + ": model file not found", assertThrows(ModelFormatException.class, () -> ModelFile.read(f)).getMessage());
    }

    @Test
    void emptyFileIsNotJson() throws Exception {
        Path f = dir.resolve("empty.json");
        Files.writeString(f, "");
        String m = assertThrows(ModelFormatException.class, () -> ModelFile.read(f)).getMessage();
        assertTrue(m.startsWith(f + ": not"), m);
    }
}
