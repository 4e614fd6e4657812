package org.icnnvarpro.widgets;

/**
 * A yes/no choice: a check box ({@code CheckboxModel}) or, with {@link Widgets#toggle}, a toggle
 * button ({@code ToggleButtonModel}). The page sends {@code true} or {@code false}; anything else
 * is rejected.
 *
 * <pre>{@code
 * Checkbox quadratic = Widgets.checkbox("quadratic feature", true);
 * }</pre>
 */
public final class Checkbox extends Control<Boolean> {
    private Checkbox(String model, String view, String description, boolean value, Model style) {
        super(model, view, description, style);
        put("value", value);
    }

    static Checkbox checkbox(String description, boolean value) {
        Checkbox c = new Checkbox("CheckboxModel", "CheckboxView", description, value, Model.checkboxStyle());
        c.put("indent", true);
        return c;
    }

    static Checkbox toggle(String description, boolean value) {
        Checkbox c = new Checkbox("ToggleButtonModel", "ToggleButtonView", description, value, Model.toggleButtonStyle());
        c.put("icon", "");
        c.put("button_style", "");
        return c;
    }

    @Override
    public Boolean value() { return (Boolean) get("value"); }

    /** Sets the value; the box in the page follows. */
    public Checkbox value(boolean value) {
        setValue("value", value);
        return this;
    }

    @Override
    Object accept(String key, Object json) {
        if (!key.equals("value")) return super.accept(key, json);
        return bool(json);
    }
}
