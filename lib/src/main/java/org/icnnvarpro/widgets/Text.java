package org.icnnvarpro.widgets;

/**
 * A one-line text field ({@code TextModel}); the page sends strings.
 *
 * <pre>{@code
 * Text title = Widgets.text("title", "moons");
 * }</pre>
 */
public final class Text extends Control<String> {
    Text(String description, String value) {
        super("TextModel", "TextView", description, Model.textStyle());
        put("value", value);
        put("placeholder", "\u200b");
        put("continuous_update", true);
    }

    @Override
    public String value() { return (String) get("value"); }

    /** Sets the text; the field in the page follows. */
    public Text value(String value) {
        setValue("value", value);
        return this;
    }

    /** With {@code false} the page sends the text on Enter or when the field loses focus, not on every key. */
    public Text continuousUpdate(boolean continuous) {
        set("continuous_update", continuous);
        return this;
    }

    @Override
    Object accept(String key, Object json) {
        if (!key.equals("value")) return super.accept(key, json);
        return string(json);
    }
}
