package org.icnnvarpro.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Split;
import org.icnnvarpro.inner.BarrierNewton;
import org.icnnvarpro.inner.InnerProblem;
import org.icnnvarpro.model.Icnn;
import org.icnnvarpro.train.Budget;
import org.icnnvarpro.train.Scheme;
import org.icnnvarpro.train.TrainingConfig;
import org.icnnvarpro.widgets.Progress;
import org.junit.jupiter.api.Test;

/** The explore runs: pictures while training, early stop when cancelled. */
class ExploreTest {
    static final Split DATA = Split.generate("moons", 1024, 500, 500, 0.05, 0);
    static final Icnn NET = Icnn.builder(2).hidden(16, 16).quadratic(false).seed(0).build();

    /** Records what is shown; cancels after {@code cancelAfter} pictures. */
    static final class Recorder implements Progress {
        final List<Object> shown = new ArrayList<>();
        final int cancelAfter;

        Recorder(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void show(Object partial) {
            shown.add(partial);
        }

        @Override
        public boolean isCancelled() {
            return shown.size() >= cancelAfter;
        }
    }

    private static boolean blank(BufferedImage img) {
        int first = img.getRGB(0, 0);
        for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) if (img.getRGB(x, y) != first) return false;
        return true;
    }

    @Test
    void curvesRedrawAfterEveryLoggedRowAndStopWhenCancelled() {
        TrainingConfig cfg = TrainingConfig.of(Scheme.FULL_ADAM, Budget.workUnits(4_000)).withLogEvery(1_000).withSeed(1);
        Recorder all = new Recorder(Integer.MAX_VALUE);
        BufferedImage img = Explore.curves(DATA, NET, cfg, all);
        assertTrue(!blank(img));
        assertTrue(all.shown.size() <= 6, "at most one picture per row (init + 4 + end): " + all.shown.size());
        assertTrue(all.shown.stream().allMatch(o -> o instanceof BufferedImage));

        Recorder stopping = new Recorder(2);
        long t0 = System.nanoTime();
        Explore.curves(DATA, NET, cfg.withBudget(Budget.workUnits(5_000_000)), stopping);
        assertEquals(2, stopping.shown.size(), "a long run redraws, and nothing is shown once cancelled");
        assertTrue((System.nanoTime() - t0) / 1e9 < 60, "the long run stopped early");
    }

    @Test
    void barrierStepsAndFlowDraw() {
        InnerProblem p = InnerProblem.of(NET, Datasets.moons(256, 0.05, 0));
        BufferedImage steps = Explore.barrierSteps(p, NET.last(), BarrierNewton.Options.defaults().withT0(1).withC(10));
        assertEquals(900, steps.getWidth());
        assertTrue(!blank(steps));

        Recorder r = new Recorder(Integer.MAX_VALUE);
        BufferedImage flow = Explore.flow("rings", 8, true, 2_000, r);
        assertTrue(flow.getWidth() >= 3 * 400, "three panels: " + flow.getWidth());
        assertTrue(r.shown.size() >= 1, "the data first: " + r.shown.size());
        assertTrue(r.shown.get(0) instanceof BufferedImage first && first.getWidth() < flow.getWidth() / 2, "the data panel alone first");
    }
}
