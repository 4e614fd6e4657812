package org.icnnvarpro.train;

/**
 * When a training run stops: after a number of work units (one forward and backward propagation
 * of one sample, thesis §4.1), of iterations, or of wall-clock seconds — whichever comes first.
 * Unset limits are unlimited; at least one must be set.
 */
public record Budget(long workUnits, long iterations, double seconds) {
    public Budget {
        if (workUnits < 0 || iterations < 0 || seconds < 0 || Double.isNaN(seconds))
            throw new IllegalArgumentException("budget limits must be >= 0, got workUnits=" + workUnits + ", iterations=" + iterations + ", seconds=" + seconds);
        if (workUnits == 0 && iterations == 0 && seconds == 0)
            throw new IllegalArgumentException("a budget needs at least one limit (work units, iterations or seconds)");
    }

    public static Budget workUnits(long n) { return new Budget(n, 0, 0); }

    public static Budget iterations(long n) { return new Budget(0, n, 0); }

    public static Budget seconds(double s) { return new Budget(0, 0, s); }

    public Budget andIterations(long n) { return new Budget(workUnits, n, seconds); }

    public Budget andSeconds(double s) { return new Budget(workUnits, iterations, s); }

    /** Whether a run that has used these amounts is done. */
    public boolean exhausted(long usedWork, long usedIterations, double usedSeconds) {
        return (workUnits > 0 && usedWork >= workUnits) || (iterations > 0 && usedIterations >= iterations)
                || (seconds > 0 && usedSeconds >= seconds);
    }

    /** The fraction of this budget used, by the tightest limit (0..1+). */
    public double fraction(long usedWork, long usedIterations, double usedSeconds) {
        double f = 0;
        if (workUnits > 0) f = Math.max(f, (double) usedWork / workUnits);
        if (iterations > 0) f = Math.max(f, (double) usedIterations / iterations);
        if (seconds > 0) f = Math.max(f, usedSeconds / seconds);
        return f;
    }

    /**
     * This budget scaled by {@code f} in {@code (0, 1]} (for the warm-up phase of a combined scheme);
     * a limit that is set stays set, at least one work unit or iteration.
     */
    public Budget scaled(double f) {
        if (!(f > 0 && f <= 1)) throw new IllegalArgumentException("a budget is scaled by a factor in (0, 1], got " + f);
        return new Budget(workUnits > 0 ? Math.max(1, Math.round(workUnits * f)) : 0,
                iterations > 0 ? Math.max(1, Math.round(iterations * f)) : 0, seconds * f);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (workUnits > 0) sb.append(String.format("%,d work units", workUnits));
        if (iterations > 0) sb.append(sb.length() > 0 ? ", " : "").append(iterations).append(" iterations");
        if (seconds > 0) sb.append(sb.length() > 0 ? ", " : "").append(seconds).append(" s");
        return sb.toString();
    }
}
