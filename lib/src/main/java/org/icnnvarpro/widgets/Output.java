package org.icnnvarpro.widgets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An output area ({@code OutputModel} of {@code @jupyter-widgets/output} 1.0.0) that shows images
 * (charts) and text. Its {@code outputs} are nbformat outputs kept in the widget's state, so the page
 * shows them as soon as Java sets them, from any thread, and a saved notebook keeps them in its
 * widget state.
 *
 * <pre>{@code
 * Output out = Widgets.output();
 * out.display();
 * out.show(Figures.lossCurve(x, train, validation), "final J = -1.21");
 * }</pre>
 *
 * <p>What {@link #show} accepts: a {@link java.awt.image.RenderedImage} (shown as PNG), a
 * {@link CharSequence} (text), {@code null} (nothing), a {@link java.util.Collection} or array of
 * these (one output each), anything else as {@link String#valueOf}.
 */
public final class Output extends Widget {
    Output() {
        super("OutputModel", "@jupyter-widgets/output", "1.0.0", "OutputView", "@jupyter-widgets/output", "1.0.0");
        domKeys();
        put("msg_id", "");
        put("outputs", List.of());
    }

    /** Replaces what the area shows by {@code parts}. */
    public Output show(Object... parts) {
        set("outputs", Mime.outputs(parts.length == 1 ? parts[0] : List.of(parts)));
        return this;
    }

    /** Adds {@code part} below what the area shows. */
    public Output append(Object part) {
        List<Object> all = new ArrayList<>(outputs());
        all.addAll(Mime.outputs(part));
        set("outputs", all);
        return this;
    }

    /** Adds a line of error text (shown like a cell's standard error). */
    public Output appendError(String line) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("output_type", "stream");
        o.put("name", "stderr");
        o.put("text", line.endsWith("\n") ? line : line + "\n");
        List<Object> all = new ArrayList<>(outputs());
        all.add(o);
        set("outputs", all);
        return this;
    }

    public Output clear() {
        set("outputs", List.of());
        return this;
    }

    /** The nbformat outputs shown now. */
    @SuppressWarnings("unchecked")
    public List<Object> outputs() { return (List<Object>) get("outputs"); }

    /** Frontends that capture output (a {@code msg_id} set by them) send their outputs back; they are kept. */
    @Override
    Object accept(String key, Object json) {
        if (key.equals("outputs") && json instanceof List<?> l) return java.util.Collections.unmodifiableList(new ArrayList<>(l));
        if (key.equals("msg_id") && json instanceof String s) return s;
        return super.accept(key, json);
    }
}
