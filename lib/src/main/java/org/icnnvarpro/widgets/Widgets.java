package org.icnnvarpro.widgets;

import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the widget package: every control, container and the {@link #interact} helper
 * starts here. The description of a control is its label in the page and its name in an interact.
 *
 * <pre>{@code
 * Widgets.interact(
 *         Widgets.dropdown("data set", "moons", Datasets.names()),
 *         Widgets.intSlider("width", 32, 8, 64).step(8),
 *         Widgets.checkbox("quadratic feature", true))
 *     .show(v -> Explore.flow(v.getString("data set"), v.getInt("width"), v.getBoolean("quadratic feature"), 15_000, v));
 * }</pre>
 */
public final class Widgets {
    private Widgets() {
    }

    /** An integer slider over {@code [min, max]} starting at {@code value}. */
    public static IntSlider intSlider(String description, int value, int min, int max) {
        return new IntSlider(description, value, min, max);
    }

    /** A real-valued slider over {@code [min, max]} in 100 steps, starting at {@code value}. */
    public static FloatSlider floatSlider(String description, double value, double min, double max) {
        return new FloatSlider(description, value, min, max);
    }

    /** A logarithmic slider (base 10) over the values {@code [min, max]}, {@code 0 < min}. */
    public static FloatLogSlider logSlider(String description, double value, double min, double max) {
        return new FloatLogSlider(description, value, min, max, 10);
    }

    /** A dropdown with the given labels; {@code value} must be one of them. */
    public static Dropdown dropdown(String description, String value, String... options) {
        return new Dropdown(description, value, Arrays.asList(options));
    }

    /** A dropdown with the given labels; {@code value} must be one of them. */
    public static Dropdown dropdown(String description, String value, List<String> options) {
        return new Dropdown(description, value, options);
    }

    /** A check box. */
    public static Checkbox checkbox(String description, boolean value) {
        return Checkbox.checkbox(description, value);
    }

    /** A toggle button (pressed = true). */
    public static Checkbox toggle(String description, boolean value) {
        return Checkbox.toggle(description, value);
    }

    /** A one-line text field. */
    public static Text text(String description, String value) {
        return new Text(description, value);
    }

    /** A push button labelled {@code description}. */
    public static Button button(String description) {
        return new Button(description);
    }

    /** HTML set from Java. */
    public static Html html(String html) {
        return new Html(html);
    }

    /** An output area for images and text. */
    public static Output output() {
        return new Output();
    }

    /** Widgets side by side. */
    public static Box hbox(Widget... children) {
        return new Box(true, Arrays.asList(children));
    }

    /** Widgets one below the other. */
    public static Box vbox(Widget... children) {
        return new Box(false, Arrays.asList(children));
    }

    /** Controls and, once {@link Interact#show} is called, a function of their values with its result. */
    public static Interact interact(Control<?>... controls) {
        if (controls.length == 0) throw new IllegalArgumentException("interact needs at least one control");
        return new Interact(Arrays.asList(controls));
    }
}
