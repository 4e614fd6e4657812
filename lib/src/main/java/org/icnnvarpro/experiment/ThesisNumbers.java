package org.icnnvarpro.experiment;

import java.util.Locale;
import java.util.Map;
import org.icnnvarpro.train.Scheme;

/** The numbers the thesis reports (Tables 3.1 and 4.1), for side-by-side comparison. */
public final class ThesisNumbers {
    private ThesisNumbers() {}

    /**
     * A thesis table entry: mean ± std of {@code J} over runs. {@link #of} is the library's one
     * mean-and-spread computation (Table 4.1's summaries, the study's tables, the paired differences).
     */
    public record MeanStd(double mean, double std) {
        /**
         * Mean {@code x̄ = Σ x_i/n} and sample standard deviation {@code s = √(Σ (x_i − x̄)²/(n − 1))}
         * of {@code v}. One value has no spread: its {@code std} is {@code NaN}, not 0 (a "± 0.00"
         * for one seed would claim a certainty nobody measured); no values give {@code NaN} for both.
         */
        public static MeanStd of(double[] v) {
            if (v.length == 0) return new MeanStd(Double.NaN, Double.NaN);
            double mean = 0;
            for (double x : v) mean += x / v.length;
            double var = 0;
            for (double x : v) var += (x - mean) * (x - mean);
            return new MeanStd(mean, v.length > 1 ? Math.sqrt(var / (v.length - 1)) : Double.NaN);
        }

        /**
         * {@code −1.381 ± 0.048} with {@code digits} decimals; only the mean when there is no spread
         * (one run); {@code undefined} when the mean is not finite (a run without a loss).
         */
        public String format(int digits) {
            if (!Double.isFinite(mean)) return "undefined";
            // a diverged run (J of 1e4 or more) in scientific notation rather than twenty digits
            String f = Math.max(Math.abs(mean), Double.isNaN(std) ? 0 : std) >= 1e4 ? "%." + digits + "e" : "%." + digits + "f";
            return Double.isNaN(std) ? String.format(Locale.ROOT, f, mean) : String.format(Locale.ROOT, f + " ± " + f, mean, std);
        }

        /** {@code −1.38 ± 0.05}: {@link #format} with 2 decimals, as the thesis's tables. */
        @Override
        public String toString() {
            return format(2);
        }
    }

    public record Row(MeanStd train, MeanStd validation, MeanStd test) {}

    /** Table 4.1 (J on training, validation (5000) and test (5000) sets; lower is better). */
    public static final Map<Scheme, Row> TABLE_4_1 = Map.of(
            Scheme.FULL_ADAM, new Row(new MeanStd(-1.15, 0.07), new MeanStd(-1.12, 0.04), new MeanStd(-1.13, 0.03)),
            Scheme.ADAM_VARPRO, new Row(new MeanStd(-1.04, 0.14), new MeanStd(-0.98, 0.11), new MeanStd(-0.96, 0.13)),
            Scheme.ADAM_LBFGS_VARPRO, new Row(new MeanStd(-1.35, 0.04), new MeanStd(-1.33, 0.06), new MeanStd(-1.32, 0.05)));

    /** Table 3.1: step h and Taylor error of the reduced objective. */
    public static final double[] TABLE_3_1_H = {1.0, 0.5, 0.25, 0.125, 0.0625};
    public static final double[] TABLE_3_1_ERROR = {1.76e-02, 4.33e-03, 1.06e-03, 2.75e-04, 6.68e-05};
}
