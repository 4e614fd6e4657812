package org.icnnvarpro.experiment;

import java.util.Map;
import org.icnnvarpro.train.Scheme;

/** The numbers the thesis reports (Tables 3.1 and 4.1), for side-by-side comparison. */
public final class ThesisNumbers {
    private ThesisNumbers() {}

    /** A thesis table entry: mean ± std of {@code J} over runs. */
    public record MeanStd(double mean, double std) {
        /** Mean and sample standard deviation (0 for fewer than two values) of {@code v}. */
        public static MeanStd of(double[] v) {
            double mean = 0;
            for (double x : v) mean += x / v.length;
            double var = 0;
            for (double x : v) var += (x - mean) * (x - mean);
            return new MeanStd(mean, v.length > 1 ? Math.sqrt(var / (v.length - 1)) : 0.0);
        }

        @Override
        public String toString() {
            return String.format("%.2f ± %.2f", mean, std);
        }
    }

    /** One row of Table 4.1. */
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
