package org.icnnvarpro.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The training schemes of the thesis's chapter 4 (Full Adam, Adam VarPro, ℓBFGS VarPro,
 * Adam-ℓBFGS VarPro), and three that use variable projection where it measured strong here: to
 * fit the last layer of the initial network, to finish a run, and (slimTrain-like) with a memory
 * of earlier batches and a proximal term so that small-batch steps stay smooth (docs/math.md
 * §6.2–6.5 and §6.8).
 */
public enum Scheme {
    /** Adam on all weights with mini-batches (the thesis's baseline: lr 0.05, batch 64). */
    FULL_ADAM("full-adam", "Full Adam"),
    /** Adam on the hidden weights μ; on each batch (512) the last layer is the inner solution w(μ). */
    ADAM_VARPRO("adam-varpro", "Adam VarPro"),
    /** L-BFGS on the reduced objective J_red(μ) over one fixed SAA batch (1024). */
    LBFGS_VARPRO("lbfgs-varpro", "ℓBFGS VarPro"),
    /** Adam VarPro as warm-up, then ℓBFGS VarPro: the thesis's preferred scheme. */
    ADAM_LBFGS_VARPRO("adam-lbfgs-varpro", "Adam-ℓBFGS VarPro"),
    /**
     * One inner solve for the initial network's last layer (on the SAA batch of ℓBFGS VarPro), then
     * Full Adam on all weights from there: VarPro as an initializer.
     */
    VARPRO_INIT_ADAM("varpro-init-adam", "VarPro-init Adam"),
    /**
     * VarPro-init Adam for {@code switchFraction} of the budget (default 70 %), then ℓBFGS VarPro on
     * the SAA batch from the hidden weights Adam reached: VarPro as initializer and finisher.
     */
    ADAM_THEN_LBFGS_VARPRO("adam-then-lbfgs-varpro", "Adam-then-ℓBFGS VarPro"),
    /**
     * Adam VarPro with small batches (the Full Adam batch) whose inner problem, in the spirit of
     * slimTrain (Newman, Chung, Chung, Ruthotto 2021), also holds the features of the last
     * {@code slimMemory} batches (computed when those batches were drawn, not again) and a proximal
     * term {@code (λ/2)‖w − w_prev‖²} toward the previous step's last layer.
     */
    SLIM_ADAM_VARPRO("slim-adam-varpro", "slim Adam VarPro");

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

    /** Whether the last layer is solved for (variable projection), at least once at the start. */
    public boolean varpro() { return this != FULL_ADAM; }

    /** The scheme with the given command-line name (case-insensitive; underscores allowed). */
    public static Scheme fromId(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Scheme s : values()) if (s.id.equals(key)) return s;
        throw new IllegalArgumentException("unknown scheme '" + name + "' (known: "
                + Arrays.stream(values()).map(Scheme::id).collect(Collectors.joining(", ")) + ")");
    }
}
