package org.icnnvarpro.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.model.Icnn;
import org.junit.jupiter.api.Test;

/**
 * {@code wallSeconds} is the training time up to each row without the loss evaluations made for
 * the history: it never decreases, and with evaluations much dearer than the steps between rows it
 * stays far below the elapsed time. (It used to include each row's own evaluation and drop it at
 * the next row, so it went down whenever one evaluation took longer than the next.)
 */
class HistoryWallSecondsTest {
    @Test
    void wallSecondsNeverDecreaseAndLeaveOutTheEvaluations() {
        // a row after every Adam step on 64 samples, each row evaluating J on 5,000 validation samples
        TrainingConfig cfg = TrainingConfig.of(Scheme.FULL_ADAM, Budget.workUnits(64 * 40)).withSeed(1).withLogEvery(64);
        long t0 = System.nanoTime();
        TrainingResult r = new Trainer(cfg).threads(1).train(Icnn.builder(2).hidden(8, 8).seed(2).build(),
                Datasets.moons(256, 0.05, 1), Datasets.moons(5_000, 0.05, 2));
        double elapsed = (System.nanoTime() - t0) * 1e-9;
        List<History.Row> rows = r.history().rows();
        assertTrue(rows.size() >= 30, "rows: " + rows.size());
        for (int i = 1; i < rows.size(); i++)
            assertTrue(rows.get(i).wallSeconds() >= rows.get(i - 1).wallSeconds(),
                    "row " + i + ": wallSeconds " + rows.get(i).wallSeconds() + " after " + rows.get(i - 1).wallSeconds());
        double wall = rows.get(rows.size() - 1).wallSeconds();
        assertTrue(wall <= r.seconds(), wall + " > " + r.seconds());
        assertTrue(wall < 0.5 * elapsed, "the evaluations are left out: " + wall + " s of " + elapsed + " s");
    }
}
