package org.icnnvarpro.notebooks.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rendered object: MIME type to content (text, or base64 for images). Stands in for IJava's
 * {@code io.github.spencerpark.jupyter.kernel.display.DisplayData}, which {@code render(...)} returns.
 */
public final class DisplayData {
    private final Map<String, String> data = new LinkedHashMap<>();

    public DisplayData put(String mimeType, String content) {
        data.put(mimeType, content);
        return this;
    }

    public Map<String, String> data() {
        return data;
    }

    @Override
    public String toString() {
        return data.getOrDefault("text/plain", data.toString());
    }
}
