package org.icnnvarpro.teach;

import static org.icnnvarpro.teach.Check.Outcome.fail;
import static org.icnnvarpro.teach.Check.Outcome.pass;

import java.util.function.Function;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.train.Budget;
import org.icnnvarpro.train.Scheme;
import org.icnnvarpro.train.Trainer;
import org.icnnvarpro.train.TrainingConfig;
import org.icnnvarpro.train.TrainingResult;

/** Self-checks of notebook 7 (reading Table 4.1: statistics over seeds, what a budget buys; thesis chapter 4, docs/math.md §6). */
public final class ResultsChecks {
    private ResultsChecks() {
    }

    /** A student's number of Adam updates a budget of work units pays for, with mini-batches of {@code batch} samples. */
    @FunctionalInterface
    public interface Steps {
        long apply(long budget, int batch);
    }

    /**
     * The mean and the sample standard deviation ({@code n − 1} in the denominator, as Table 4.1's
     * "mean ± std" over runs), {@code {mean, std}}; the standard deviation of a single value is
     * undefined ({@code NaN}), not 0. Compared against closed forms ({@code 1, 2, 3, 4}: 2.5 and
     * {@code √(5/3)}; one value; equal values) and the invariants {@code std(x + a) = std(x)},
     * {@code std(b·x) = |b|·std(x)} on a random sample.
     */
    public static Report meanStd(Function<double[], double[]> f) {
        Report r = new Report();
        Check.line(r, "mean ± std over seeds", "meanStd(values)", () -> {
            double[] a = f.apply(new double[] {1, 2, 3, 4});
            if (a == null || a.length != 2) return fail("return {mean, std}: two numbers");
            if (!(Math.abs(a[0] - 2.5) <= 1e-14)) return fail("mean of 1, 2, 3, 4 = " + Numbers.g(a[0]) + ", expected 2.5");
            double want = Math.sqrt(5.0 / 3.0);
            if (!(Math.abs(a[1] - want) <= 1e-14)) {
                return fail("std of 1, 2, 3, 4 = " + Numbers.g(a[1]) + ", expected √(5/3) = " + Numbers.g(want)
                        + (Math.abs(a[1] - Math.sqrt(1.25)) < 1e-12 ? ": divide by n − 1 (the sample standard deviation), not n" : ""));
            }
            double[] one = f.apply(new double[] {-1.13});
            if (!(one[0] == -1.13 && Double.isNaN(one[1]))) {
                return fail("for one value −1.13 you return " + Numbers.vec(one) + ", expected (−1.13, NaN): one run has no spread, "
                        + "and 0 would read as \"± 0.00\", a certainty one seed cannot give");
            }
            double[] eq = f.apply(new double[] {2, 2, 2});
            if (!(eq[0] == 2 && Math.abs(eq[1]) <= 1e-15)) return fail("for 2, 2, 2 you return " + Numbers.vec(eq) + ", expected (2, 0)");
            double[] x = {-1.21, -1.35, -1.08, -1.30, -1.19};
            double s = f.apply(x)[1];
            double[] shifted = x.clone(), scaled = x.clone();
            for (int i = 0; i < x.length; i++) {
                shifted[i] += 100;
                scaled[i] *= -3;
            }
            if (!(Math.abs(f.apply(shifted)[1] - s) <= 1e-10 && Math.abs(f.apply(scaled)[1] - 3 * s) <= 1e-12)) {
                return fail("std must not change when all values are shifted, and triple when they are multiplied by −3");
            }
            return pass("closed forms for 4, 1 and 3 equal values; shift and scale invariance");
        });
        return r.done();
    }

    /**
     * The number of Full Adam updates a budget buys: each update costs {@code batch} work units and
     * training stops once the budget is reached, so {@code ⌈budget / batch⌉}. Compared against
     * hand-computed cases ({@code 100,000 / 64}: 1563; {@code 65 / 64}: 2) and the updates the
     * library's {@link Trainer} made in three short Full Adam runs (a 4-unit ICNN on 256 moons samples).
     */
    public static Report adamSteps(Steps f) {
        Report r = new Report();
        Check.line(r, "Adam updates per budget", "adamSteps(budget, batch)", () -> {
            long[][] known = {{100_000, 64, 1563}, {150_000, 64, 2344}, {64, 64, 1}, {65, 64, 2}, {1000, 100, 10}};
            for (long[] k : known) {
                long got = f.apply(k[0], (int) k[1]);
                if (got != k[2]) {
                    return fail("budget " + k[0] + ", batch " + k[1] + ": you say " + got + " updates, expected " + k[2]
                            + (got == k[0] / k[1] ? ": the trainer keeps stepping until the budget is used up, so round up" : ""));
                }
            }
            Samples train = Datasets.moons(256, 0.05, 3), val = Datasets.moons(64, 0.05, 4);
            for (int[] c : new int[][] {{2000, 64}, {1000, 100}, {1000, 128}}) {
                Icnn net = Icnn.builder(2).hidden(4).quadratic(false).seed(1).build();
                TrainingResult res = new Trainer(TrainingConfig.of(Scheme.FULL_ADAM, Budget.workUnits(c[0])).withAdamBatch(c[1])
                        .withLogEvery(c[0])).train(net, train, val);
                long steps = res.history().last().iteration();
                long got = f.apply(c[0], c[1]);
                if (got != steps) {
                    return fail("budget " + c[0] + ", batch " + c[1] + ": you say " + got + ", the trainer made " + steps + " updates");
                }
            }
            return pass("5 hand-computed cases and 3 training runs");
        });
        return r.done();
    }
}
