package org.icnnvarpro.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Trainer#onHistory}: called once per logged row with the history so far; a stop from it ends the run. */
class HistoryListenerTest {
    @Test
    void theListenerSeesEveryRowAndDoesNotChangeTheRun() {
        List<Integer> sizes = new ArrayList<>();
        TrainingConfig cfg = TrainerTest.config(Scheme.FULL_ADAM, 6_000).withLogEvery(1_000);
        TrainingResult with = new Trainer(cfg).threads(1).onHistory(h -> sizes.add(h.size())).train(TrainerTest.net(false), TrainerTest.TRAIN, TrainerTest.VAL);
        TrainingResult without = new Trainer(cfg).threads(1).train(TrainerTest.net(false), TrainerTest.TRAIN, TrainerTest.VAL);
        List<Integer> expected = new ArrayList<>();
        for (int k = 1; k <= with.history().size(); k++) expected.add(k);
        assertEquals(expected, sizes);
        assertArrayEquals(without.history().validationLoss(), with.history().validationLoss(), 0.0);
    }

    @Test
    void aStopRequestedByTheListenerEndsTheRun() {
        Trainer[] t = new Trainer[1];
        t[0] = new Trainer(TrainerTest.config(Scheme.FULL_ADAM, 1_000_000).withLogEvery(1_000)).threads(1)
                .onHistory(h -> { if (h.size() == 3) t[0].requestStop(); });
        TrainingResult r = t[0].train(TrainerTest.net(false), TrainerTest.TRAIN, TrainerTest.VAL);
        assertEquals(TrainingResult.Status.STOPPED, r.status());
        assertTrue(r.workUnits() < 10_000, r.toString());
    }
}
