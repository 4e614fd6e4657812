package org.icnnvarpro.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The training schemes of the thesis's chapter 4 (docs/math.md §6). */
public enum Scheme {
    /** Adam on all weights with mini-batches (the thesis's baseline: lr 0.05, batch 64). */
    FULL_ADAM("full-adam", "Full Adam"),
    /** Adam on the hidden weights μ; on each batch (512) the last layer is the inner solution w(μ). */
    ADAM_VARPRO("adam-varpro", "Adam VarPro"),
    /** L-BFGS on the reduced objective J_red(μ) over one fixed SAA batch (1024). */
    LBFGS_VARPRO("lbfgs-varpro", "ℓBFGS VarPro"),
    /** Adam VarPro as warm-up, then ℓBFGS VarPro: the thesis's preferred scheme. */
    ADAM_LBFGS_VARPRO("adam-lbfgs-varpro", "Adam-ℓBFGS VarPro");

    private final String id;
    private final String label;

    Scheme(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** Command-line name, e.g. {@code adam-lbfgs-varpro}. */
    public String id() { return id; }

    /** The thesis's name, e.g. {@code Adam-ℓBFGS VarPro}. */
    public String label() { return label; }

    /** Whether the last layer is solved for (variable projection). */
    public boolean varpro() { return this != FULL_ADAM; }

    /** The scheme with the given command-line name (case-insensitive; underscores allowed). */
    public static Scheme fromId(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Scheme s : values()) if (s.id.equals(key)) return s;
        throw new IllegalArgumentException("unknown scheme '" + name + "' (known: "
                + Arrays.stream(values()).map(Scheme::id).collect(Collectors.joining(", ")) + ")");
    }
}
