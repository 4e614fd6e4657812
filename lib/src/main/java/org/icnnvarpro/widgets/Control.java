package org.icnnvarpro.widgets;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A widget with a value the reader can change in the page: a slider, a dropdown, a checkbox, a
 * text field. It has a description (its label, and its name in {@link Interact}), a value that
 * Java reads with {@link #value()} and sets with the subclass's {@code value(…)} (which moves the
 * control in the page), and change listeners that run when the value changes from either side.
 *
 * <p>A value the page sends is checked before it is taken: a value of the wrong type or out of
 * range is rejected with a one-line message naming the control, and the page's control is set back
 * to the current value.
 *
 * @param <T> the Java type of the value
 */
public abstract class Control<T> extends Widget {
    private final List<Consumer<? super T>> listeners = new CopyOnWriteArrayList<>();

    /** A control of {@code @jupyter-widgets/controls} with description, style and the DOM keys. */
    Control(String model, String view, String description, Model style) {
        super(model, view);
        domKeys();
        put("description", description);
        put("description_allow_html", false);
        style.put("description_width", "initial");   // show the whole description, as interact does
        put("style", style);
        put("disabled", false);
    }

    /** The keys every ipywidgets 8 slider has besides value, min, max and step. */
    final void sliderKeys(String readoutFormat) {
        put("orientation", "horizontal");
        put("readout", true);
        put("readout_format", readoutFormat);
        put("continuous_update", true);
        put("behavior", "drag-tap");
    }

    /** The label shown next to the control, and the control's name in {@link Interact}. */
    public final String description() {
        return (String) get("description");
    }

    /** The current value. */
    public abstract T value();

    /** Runs {@code listener} with the new value whenever the value changes (from the page or from Java). */
    public Control<T> onChange(Consumer<? super T> listener) {
        listeners.add(listener);
        return this;
    }

    /** Greys the control out in the page (the value can still be set from Java). */
    public Control<T> disabled(boolean disabled) {
        set("disabled", disabled);
        return this;
    }

    /** Stores the value under {@code key}, sends it to the page and tells the listeners. */
    final void setValue(String key, Object stored) {
        Object before = get(key);
        set(key, stored);
        if (!java.util.Objects.equals(before, stored)) fire();
    }

    @Override
    final void changedFromPage() {
        fire();
    }

    private void fire() {
        T v = value();
        for (Consumer<? super T> l : listeners) l.accept(v);
    }

    @Override
    public String toString() {
        return super.toString() + "(" + description() + " = " + format(value()) + ")";
    }

    // ---------------------------------------------------------------- checks of values from the page

    /** {@code "IntSlider(batch size = 64): "} — the start of every message about this control. */
    final String who() {
        return this + ": ";
    }

    final long integral(Object json) {
        if (json instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) <= Integer.MAX_VALUE) return (long) d;
            throw new IllegalArgumentException(who() + "rejected " + json + " from the page: not an integer; kept " + format(value()));
        }
        throw new IllegalArgumentException(who() + "rejected " + describe(json) + " from the page: not a number; kept " + format(value()));
    }

    final double number(Object json) {
        if (json instanceof Number n && Double.isFinite(n.doubleValue())) return n.doubleValue();
        throw new IllegalArgumentException(who() + "rejected " + describe(json) + " from the page: not a finite number; kept " + format(value()));
    }

    final boolean bool(Object json) {
        if (json instanceof Boolean b) return b;
        throw new IllegalArgumentException(who() + "rejected " + describe(json) + " from the page: not true or false; kept " + format(value()));
    }

    final String string(Object json) {
        if (json instanceof String s) return s;
        throw new IllegalArgumentException(who() + "rejected " + describe(json) + " from the page: not a string; kept " + format(value()));
    }

    final IllegalArgumentException outOfRange(Object json, String range) {
        return new IllegalArgumentException(who() + "rejected " + json + " from the page: outside " + range + "; kept " + format(value()));
    }

    static String describe(Object json) {
        return json instanceof String s ? "\"" + s + "\"" : String.valueOf(json);
    }

    static String format(Object v) {
        if (v instanceof Double d) return String.format(Locale.ROOT, "%.6g", d).replaceAll("\\.?0+(e|$)", "$1");
        return describe(v);
    }
}
