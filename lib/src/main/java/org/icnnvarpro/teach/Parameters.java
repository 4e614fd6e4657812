package org.icnnvarpro.teach;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.icnnvarpro.data.Datasets;

/**
 * Validates a notebook's parameters cell, one parameter per call, e.g.
 *
 * <pre>{@code
 * Parameters.check().count("N_INPUT", N_INPUT, 1, 4096).positive("NOISE", NOISE).widths("WIDTHS", WIDTHS)
 * }</pre>
 *
 * The first value out of range stops the cell with one line naming the parameter, its value and
 * the allowed range ({@code N_INPUT = 0 is out of range: allowed 1 … 4096}), without a stack
 * trace. The chain's value, shown as the cell's result, lists what was checked.
 */
public final class Parameters {
    private final List<String> names = new ArrayList<>();

    private Parameters() {
    }

    /** Starts a chain of checks. */
    public static Parameters check() {
        return new Parameters();
    }

    /** An integer count or size in {@code [min, max]}. */
    public Parameters count(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw bad(name, Long.toString(value), "allowed " + min + " … " + max);
        }
        return ok(name);
    }

    /** A real number in {@code [min, max]} (finite). */
    public Parameters range(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw bad(name, num(value), "allowed " + num(min) + " … " + num(max));
        }
        return ok(name);
    }

    /** A real number {@code > 0} and finite. */
    public Parameters positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw bad(name, num(value), "allowed > 0 (finite)");
        }
        return ok(name);
    }

    /** A real number {@code > min} (exclusive) and finite, e.g. the barrier factor {@code c > 1}. */
    public Parameters above(String name, double value, double min) {
        if (!(value > min) || !Double.isFinite(value)) {
            throw bad(name, num(value), "allowed > " + num(min) + " (finite)");
        }
        return ok(name);
    }

    /** Hidden widths: at least one layer, each width in {@code [1, 1024]}. */
    public Parameters widths(String name, int[] widths) {
        if (widths == null || widths.length == 0 || widths.length > 16
                || Arrays.stream(widths).anyMatch(w -> w < 1 || w > 1024)) {
            throw bad(name, widths == null ? "null" : Arrays.toString(widths), "allowed 1 to 16 layers, each of width 1 … 1024");
        }
        return ok(name);
    }

    /** Every entry of {@code values} {@code > 0} and finite, and at least one entry. */
    public Parameters allPositive(String name, double[] values) {
        if (values == null || values.length == 0 || Arrays.stream(values).anyMatch(v -> !(v > 0) || !Double.isFinite(v))) {
            throw bad(name, values == null ? "null" : Arrays.toString(values), "allowed one or more values > 0");
        }
        return ok(name);
    }

    /** One of the library's data sets ({@link Datasets#names()}). */
    public Parameters dataset(String name, String value) {
        if (value == null || !Datasets.names().contains(value)) {
            throw bad(name, value == null ? "null" : "\"" + value + "\"", "allowed " + String.join(", ", Datasets.names()));
        }
        return ok(name);
    }

    /** Each entry one of the library's data sets, at least one. */
    public Parameters datasets(String name, String[] values) {
        if (values == null || values.length == 0 || Arrays.stream(values).anyMatch(v -> !Datasets.names().contains(v))) {
            throw bad(name, values == null ? "null" : Arrays.toString(values), "allowed one or more of " + String.join(", ", Datasets.names()));
        }
        return ok(name);
    }

    /** A condition relating parameters, e.g. {@code that("N_TRAIN", N_TRAIN >= LBFGS_BATCH, "N_TRAIN >= LBFGS_BATCH")}. */
    public Parameters that(String name, boolean holds, String requirement) {
        if (!holds) {
            throw new ParameterException(name + " is out of range: need " + requirement);
        }
        return ok(name);
    }

    /** The names checked so far. */
    public List<String> checked() {
        return List.copyOf(names);
    }

    /** {@code parameters in range: N_INPUT, NOISE, WIDTHS}. */
    @Override
    public String toString() {
        return "parameters in range: " + String.join(", ", names);
    }

    private Parameters ok(String name) {
        if (!names.contains(name)) names.add(name);
        return this;
    }

    private static ParameterException bad(String name, String value, String allowed) {
        return new ParameterException(name + " = " + value + " is out of range: " + allowed);
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%.0f", v);
        return String.format(Locale.ROOT, "%s", v);
    }

    /** A parameter out of range: one line, no stack trace. */
    public static final class ParameterException extends IllegalArgumentException {
        ParameterException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
