package org.icnnvarpro.experiment;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.function.Function;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.data.Split;
import org.icnnvarpro.flow.Density;
import org.icnnvarpro.flow.Generator;
import org.icnnvarpro.flow.GeneratorResult;
import org.icnnvarpro.inner.BarrierNewton;
import org.icnnvarpro.inner.InnerProblem;
import org.icnnvarpro.inner.InnerResult;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.plot.Figures;
import org.icnnvarpro.plot.Grid;
import org.icnnvarpro.plot.LossCurves;
import org.icnnvarpro.train.Budget;
import org.icnnvarpro.train.History;
import org.icnnvarpro.train.Scheme;
import org.icnnvarpro.train.Trainer;
import org.icnnvarpro.train.TrainingConfig;
import org.icnnvarpro.train.TrainingResult;
import org.icnnvarpro.widgets.Progress;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Small, quick runs behind the notebooks' "explore" cells, where sliders change a setting and the
 * picture follows (see {@link org.icnnvarpro.widgets.Interact}). Each returns one image; the
 * training ones redraw it after logged history rows (at most every 0.4 s) through a {@link Progress} and stop early
 * when it is cancelled (a newer setting is waiting). Budgets are the caller's: a few ten thousand
 * work units give a first picture within about two seconds on a laptop.
 *
 * <pre>{@code
 * Widgets.interact(Widgets.logSlider("learning rate", 0.05, 1e-3, 0.5))
 *     .show(v -> Explore.curves(split, net, config.withLearningRate(v.getDouble("learning rate")), v));
 * }</pre>
 */
public final class Explore {
    private Explore() {
    }

    /**
     * Trains {@code initial} with {@code config} (any scheme) and plots training and validation loss
     * against work units; the title gives the setting and the best validation loss.
     */
    public static BufferedImage curves(Split data, Icnn initial, TrainingConfig config, Progress progress) {
        TrainingResult r = train(data, initial, config, progress, h -> curves(h, config, null));
        return curves(r.history(), config, r);
    }

    /**
     * Trains {@code initial} on {@code data} with {@code config}, showing {@code picture} of the
     * history so far through {@code progress} after logged rows (at most every {@value #REDRAW_MS}
     * ms), and stopping early once {@code progress} is cancelled.
     */
    private static TrainingResult train(Split data, Icnn initial, TrainingConfig config, Progress progress,
                                        Function<History, BufferedImage> picture) {
        Trainer trainer = new Trainer(config);
        long[] shown = {System.nanoTime()};
        trainer.onHistory(h -> {
            if (progress.isCancelled()) trainer.requestStop();
            else if (due(shown)) progress.show(picture.apply(h));
        });
        return trainer.train(initial, data.train(), data.validation());
    }

    private static BufferedImage curves(History h, TrainingConfig c, TrainingResult done) {
        String setting = switch (c.scheme()) {
            case FULL_ADAM -> String.format(Locale.ROOT, "lr %.3g, batch %d", c.learningRate(), c.adamBatch());
            case ADAM_VARPRO -> String.format(Locale.ROOT, "lr %.3g, batch %d", c.learningRate(), c.varproBatch());
            case LBFGS_VARPRO -> String.format(Locale.ROOT, "batch %d", c.lbfgsBatch());
            case ADAM_LBFGS_VARPRO -> String.format(Locale.ROOT, "warm-up %.0f%%", 100 * c.warmupFraction());
            default -> String.format(Locale.ROOT, "lr %.3g", c.learningRate());
        };
        double best = h.rows().stream().mapToDouble(History.Row::validationLoss).min().orElse(Double.NaN);
        String title = String.format(Locale.ROOT, "%s, %s: best validation J %.4f after %,d work units%s", c.scheme().label(), setting,
                best, h.last().workUnits(), done == null ? " (running)" : done.status() == TrainingResult.Status.BUDGET ? "" : " (" + done.status() + ")");
        return Figures.lossCurves().title(title).logX(true).size(1000, 380)
                .training(c.scheme().label(), new LossCurves.Run(h.workUnits(), h.trainLoss()))
                .validation(c.scheme().label(), new LossCurves.Run(h.workUnits(), h.validationLoss()))
                .toImage();
    }

    /**
     * Algorithm 1 (the log-barrier method) on {@code problem} from {@code start} with {@code options}
     * (barrier parameter {@code t0} growing by the factor {@code c}, tolerances {@code ε₁}, {@code ε₂}):
     * the Newton decrement {@code λ²/2} and the duality gap bound {@code |C|/t} at every Newton step,
     * on a logarithmic axis; the title counts centering rounds and Newton steps.
     *
     * <pre>{@code
     * Explore.barrierSteps(problem, net.last(), BarrierNewton.Options.defaults().withT0(10).withC(20))
     * }</pre>
     */
    public static BufferedImage barrierSteps(InnerProblem problem, double[] start, BarrierNewton.Options options) {
        double t0 = options.t0(), c = options.c();
        InnerResult r = new BarrierNewton(options.withTrace(true)).solve(problem, start);
        double[] step = r.trace().stream().mapToDouble(InnerResult.TraceStep::step).toArray();
        double[] decrement = r.trace().stream().mapToDouble(s -> Math.max(s.decrement(), 1e-18)).toArray();
        double[] gap = r.trace().stream().mapToDouble(InnerResult.TraceStep::gap).toArray();
        XYChart chart = new XYChartBuilder().width(900).height(400).xAxisTitle("Newton step").yAxisTitle("")
                .title(String.format(Locale.ROOT, "t0 = %.3g, c = %.3g: %d centering rounds, %d Newton steps, J = %.8f%s",
                        t0, c, r.outerSteps(), r.newtonSteps(), r.loss(), r.converged() ? "" : " (not converged)"))
                .build();
        var st = chart.getStyler();
        st.setYAxisLogarithmic(true);
        st.setChartBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        st.setMarkerSize(5);
        st.setPlotGridVerticalLinesVisible(false);
        chart.addSeries("λ²/2 (Newton decrement)", step, decrement);
        chart.addSeries("|C|/t (duality gap bound)", step, gap);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * A flow on the data set {@code dataset}: an ICNN with four hidden layers of {@code width} units,
     * with or without the quadratic feature {@code ½ w_q‖x‖²}, trained by Full Adam for
     * {@code budget} work units (seed 0). Three panels: the data, the model density
     * {@code ρ(x) = N(∇Φ(x); 0, I) det ∇²Φ(x)} with test samples, and samples
     * {@code (∇Φ)⁻¹(z)} of {@code z ~ N(0, I)}. While training, the data and the loss so far are shown.
     */
    public static BufferedImage flow(String dataset, int width, boolean quadratic, long budget, Progress progress) {
        Split data = Split.generate(dataset, 1024, 500, 500, Datasets.defaultNoise(dataset), 0);
        double[] box = window(data.test());
        BufferedImage dataPanel = Figures.scatter().title(dataset + ": data").add("data", data.test()).legend(false)
                .range(box[0], box[1], box[2], box[3]).size(420, 380).toImage();
        progress.show(dataPanel);
        Icnn init = Icnn.builder(2).hidden(width, width, width, width).quadratic(quadratic).seed(0).build();
        TrainingConfig config = TrainingConfig.of(Scheme.FULL_ADAM, Budget.workUnits(budget)).withLogEvery(Math.max(1, budget / 10)).withSeed(0);
        Icnn net = train(data, init, config, progress, h -> Figures.grid(2, dataPanel, Figures.captioned(
                Figures.lossCurve(h.workUnits(), h.trainLoss(), h.validationLoss()),
                String.format(Locale.ROOT, "training: %,d of %,d work units", h.last().workUnits(), budget)))).best();
        double[] xs = Grid.linspace(box[0], box[1], 90), ys = Grid.linspace(box[2], box[3], 90);
        GeneratorResult gen = new Generator(net).apply(Datasets.gaussian(1000, new double[] {0, 0}, 1.0, 1));
        String model = String.format(Locale.ROOT, "width %d, %s", width, quadratic ? String.format(Locale.ROOT, "w_q = %.3f", net.wq()) : "no quadratic feature");
        return Figures.grid(3, dataPanel,
                Figures.heatMap(xs, ys, new Density(net).densityGrid(xs, ys)).title("density ρ, " + model)
                        .samples("test data", data.test().range(0, 200)).size(440, 380).toImage(),
                Figures.scatter().title(String.format(Locale.ROOT, "generated (%d of %d z)", gen.convergedCount(), gen.size()))
                        .add("generated", gen.converged(), new Color(214, 39, 40)).legend(false)
                        .range(box[0], box[1], box[2], box[3]).size(420, 380).toImage());
    }

    /** Redraw at most every {@value #REDRAW_MS} ms: a chart costs about 0.1-0.2 s, training steps far less. */
    private static final long REDRAW_MS = 400;

    private static boolean due(long[] last) {
        long now = System.nanoTime();
        if (now - last[0] < REDRAW_MS * 1_000_000L) return false;
        last[0] = now;
        return true;
    }

    /** A square window around the samples with a margin: {x0, x1, y0, y1}. */
    static double[] window(Samples s) {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s.size(); j++) {
            x0 = Math.min(x0, s.get(j, 0));
            x1 = Math.max(x1, s.get(j, 0));
            y0 = Math.min(y0, s.get(j, 1));
            y1 = Math.max(y1, s.get(j, 1));
        }
        double h = 0.6 * Math.max(x1 - x0, y1 - y0) + 0.3, cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        return new double[] {cx - h, cx + h, cy - h, cy + h};
    }
}
