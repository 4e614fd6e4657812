package org.icnnvarpro.cli;

import java.util.Arrays;

/** Checks of option values before any work, each failing with one line that names the option. */
final class Require {
    private Require() {}

    static void positive(String option, long value) {
        if (value < 1) throw new IllegalArgumentException(option + " must be positive, got " + value);
    }

    static void nonNegative(String option, long value, String meaning) {
        if (value < 0) throw new IllegalArgumentException(option + " must be >= 0" + meaning + ", got " + value);
    }

    static void positive(String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) throw new IllegalArgumentException(option + " must be a positive number, got " + value);
    }

    static void nonNegative(String option, double value, String meaning) {
        if (!(value >= 0) || !Double.isFinite(value))
            throw new IllegalArgumentException(option + " must be a number >= 0" + meaning + ", got " + value);
    }

    static void fraction(String option, double value) {
        if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException(option + " must be between 0 and 1, got " + value);
    }

    static void widths(String option, int[] widths) {
        if (widths == null || widths.length == 0) throw new IllegalArgumentException(option + " needs at least one width");
        for (int w : widths)
            if (w < 1) throw new IllegalArgumentException(option + " must be positive integers, got " + join(widths));
    }

    static void oneOf(String option, String value, String... known) {
        if (!Arrays.asList(known).contains(value))
            throw new IllegalArgumentException("unknown " + option + " '" + value + "' (known: " + String.join(", ", known) + ")");
    }

    static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int x : v) sb.append(sb.length() > 0 ? "," : "").append(x);
        return sb.toString();
    }
}
