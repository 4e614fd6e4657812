package org.icnnvarpro.widgets;

/**
 * A slider with a logarithmic scale ({@code FloatLogSliderModel}): the handle moves in the exponent,
 * the value is {@code base^exponent}. The factory takes the range as values:
 *
 * <pre>{@code
 * FloatLogSlider lr = Widgets.logSlider("learning rate", 0.05, 1e-3, 0.5);   // base 10
 * double rate = lr.value();
 * }</pre>
 *
 * <p>The model's {@code min}/{@code max} are the exponents ({@code log10(1e-3) = -3}); the page sends
 * values, which must lie in {@code [base^min, base^max]}.
 */
public final class FloatLogSlider extends Control<Double> {
    private static final double SLACK = 1e-9;   // relative: base^exponent is not exact

    FloatLogSlider(String description, double value, double minValue, double maxValue, double base) {
        super("FloatLogSliderModel", "FloatLogSliderView", description, Model.sliderStyle());
        if (!(base > 1)) throw new IllegalArgumentException(description + ": base must be > 1, got " + base);
        if (!(minValue > 0 && minValue < maxValue))
            throw new IllegalArgumentException(description + ": need 0 < min < max, got [" + minValue + ", " + maxValue + "]");
        double lo = Math.log(minValue) / Math.log(base), hi = Math.log(maxValue) / Math.log(base);
        put("value", value);
        put("min", lo);
        put("max", hi);
        put("base", base);
        put("step", (hi - lo) / 100);
        sliderKeys(".3g");
        check(value);
    }

    @Override
    public Double value() { return (Double) get("value"); }

    /** The smallest value, {@code base^min}. */
    public double minValue() { return Math.pow(base(), (Double) get("min")); }

    /** The largest value, {@code base^max}. */
    public double maxValue() { return Math.pow(base(), (Double) get("max")); }

    public double base() { return (Double) get("base"); }

    /** Sets the value; the slider in the page follows. Out of range: {@link IllegalArgumentException}. */
    public FloatLogSlider value(double value) {
        check(value);
        setValue("value", value);
        return this;
    }

    /** The step of the exponent (default a hundredth of the exponent range). */
    public FloatLogSlider step(double exponentStep) {
        if (!(exponentStep > 0)) throw new IllegalArgumentException(description() + ": step must be > 0, got " + exponentStep);
        set("step", exponentStep);
        return this;
    }

    /** With {@code false} the page sends the value only when the handle is released. */
    public FloatLogSlider continuousUpdate(boolean continuous) {
        set("continuous_update", continuous);
        return this;
    }

    private boolean inRange(double v) {
        return v >= minValue() * (1 - SLACK) && v <= maxValue() * (1 + SLACK);
    }

    private void check(double v) {
        if (!inRange(v))
            throw new IllegalArgumentException(description() + ": " + v + " is outside [" + format(minValue()) + ", " + format(maxValue()) + "]");
    }

    @Override
    Object accept(String key, Object json) {
        if (!key.equals("value")) return super.accept(key, json);
        double v = number(json);
        if (!inRange(v)) throw outOfRange(json, "[" + format(minValue()) + ", " + format(maxValue()) + "]");
        return v;
    }
}
