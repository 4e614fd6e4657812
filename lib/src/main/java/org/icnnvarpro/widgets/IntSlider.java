package org.icnnvarpro.widgets;

/**
 * A slider over the integers {@code min … max} ({@code IntSliderModel}); the page sends whole
 * numbers in range, anything else is rejected.
 *
 * <pre>{@code
 * IntSlider batch = Widgets.intSlider("batch size", 64, 16, 512).step(16);
 * }</pre>
 */
public final class IntSlider extends Control<Integer> {
    IntSlider(String description, int value, int min, int max) {
        super("IntSliderModel", "IntSliderView", description, Model.sliderStyle());
        if (min > max) throw new IllegalArgumentException(description + ": min " + min + " > max " + max);
        put("value", value);
        put("min", min);
        put("max", max);
        put("step", 1);
        sliderKeys("d");
        check(value);
    }

    @Override
    public Integer value() { return (Integer) get("value"); }

    public int min() { return (Integer) get("min"); }

    public int max() { return (Integer) get("max"); }

    /** Sets the value; the slider in the page follows. Out of range: {@link IllegalArgumentException}. */
    public IntSlider value(int value) {
        check(value);
        setValue("value", value);
        return this;
    }

    /** The distance between two positions of the handle (default 1). */
    public IntSlider step(int step) {
        if (step < 1) throw new IllegalArgumentException(description() + ": step must be >= 1, got " + step);
        set("step", step);
        return this;
    }

    /** With {@code false} the page sends the value only when the handle is released. */
    public IntSlider continuousUpdate(boolean continuous) {
        set("continuous_update", continuous);
        return this;
    }

    private void check(int v) {
        if (v < min() || v > max())
            throw new IllegalArgumentException(description() + ": " + v + " is outside [" + min() + ", " + max() + "]");
    }

    @Override
    Object accept(String key, Object json) {
        if (!key.equals("value")) return super.accept(key, json);
        long v = integral(json);
        if (v < min() || v > max()) throw outOfRange(json, "[" + min() + ", " + max() + "]");
        return (int) v;
    }
}
