package org.icnnvarpro.widgets;

/**
 * A slider over real numbers {@code min … max} ({@code FloatSliderModel}); the page sends finite
 * numbers in range, anything else is rejected.
 *
 * <pre>{@code
 * FloatSlider warmup = Widgets.floatSlider("warm-up fraction", 0.3, 0, 1);
 * }</pre>
 */
public final class FloatSlider extends Control<Double> {
    FloatSlider(String description, double value, double min, double max) {
        super("FloatSliderModel", "FloatSliderView", description, Model.sliderStyle());
        if (!(min < max)) throw new IllegalArgumentException(description + ": need min < max, got [" + min + ", " + max + "]");
        put("value", value);
        put("min", min);
        put("max", max);
        put("step", (max - min) / 100);
        sliderKeys(".2f");
        check(value);
    }

    @Override
    public Double value() { return (Double) get("value"); }

    public double min() { return (Double) get("min"); }

    public double max() { return (Double) get("max"); }

    /** Sets the value; the slider in the page follows. Out of range: {@link IllegalArgumentException}. */
    public FloatSlider value(double value) {
        check(value);
        setValue("value", value);
        return this;
    }

    /** The distance between two positions of the handle (default a hundredth of the range). */
    public FloatSlider step(double step) {
        if (!(step > 0)) throw new IllegalArgumentException(description() + ": step must be > 0, got " + step);
        set("step", step);
        return this;
    }

    /** How the page prints the value, a Python format like {@code ".3f"} (default {@code ".2f"}). */
    public FloatSlider readoutFormat(String format) {
        set("readout_format", format);
        return this;
    }

    /** With {@code false} the page sends the value only when the handle is released. */
    public FloatSlider continuousUpdate(boolean continuous) {
        set("continuous_update", continuous);
        return this;
    }

    private void check(double v) {
        if (!(v >= min() && v <= max()))
            throw new IllegalArgumentException(description() + ": " + v + " is outside [" + min() + ", " + max() + "]");
    }

    @Override
    Object accept(String key, Object json) {
        if (!key.equals("value")) return super.accept(key, json);
        double v = number(json);
        if (v < min() || v > max()) throw outOfRange(json, "[" + format(min()) + ", " + format(max()) + "]");
        return v;
    }
}
