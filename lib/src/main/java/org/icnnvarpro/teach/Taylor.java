package org.icnnvarpro.teach;

import java.util.Locale;
import java.util.function.Function;
import org.icnnvarpro.check.TaylorCheck;

/** The Taylor test applied to a student's derivative, as one report line. */
final class Taylor {
    private Taylor() {
    }

    /** First step and number of halvings of every self-check's Taylor test. */
    static final double H0 = 0.5;
    static final int STEPS = 12;

    /**
     * Taylor test of {@code f} at {@code x} along {@code dx} with the claimed directional derivative
     * {@code claimed = f'(x)·dx}, judged by {@link TaylorCheck.Table#verdict()}.
     */
    static TaylorCheck.Verdict verdict(Function<double[], double[]> f, double[] x, double[] dx, double[] claimed) {
        return TaylorCheck.run("self-check", f, x, dx, claimed, H0, STEPS).verdict();
    }

    /**
     * Why the verdict does not confirm the derivative (what the ratios mean, then {@code hint}: what
     * to look at), or null if it does (second order, or exact).
     */
    static String problem(TaylorCheck.Verdict v, String where, String hint) {
        String ratios = ratios(v);
        return switch (v.order()) {
            case SECOND, EXACT -> null;
            case FIRST -> "Taylor ratios " + ratios + " ≈ 2" + where + ": your derivative is off by a first-order term; " + hint;
            case NONE -> "E1 does not shrink (ratios " + ratios + ")" + where + ": your value or derivative is far off, or not finite; " + hint;
            case INCONCLUSIVE -> "Taylor ratios " + ratios + where + " are neither ≈ 4 (right) nor ≈ 2; " + hint;
        };
    }

    static String ratios(TaylorCheck.Verdict v) {
        StringBuilder sb = new StringBuilder();
        double[] rs = v.ratios();
        for (int i = Math.max(0, rs.length - 3); i < rs.length; i++) {
            sb.append(sb.length() == 0 ? "" : ", ").append(fmt(rs[i]));
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
