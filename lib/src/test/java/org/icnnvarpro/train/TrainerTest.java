package org.icnnvarpro.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.icnnvarpro.data.Datasets;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.model.Icnn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {
    static final Samples TRAIN = Datasets.moons(1024, 0.05, 1);
    static final Samples VAL = Datasets.moons(1000, 0.05, 2);

    static Icnn net(boolean quadratic) {
        return Icnn.builder(2).hidden(16, 16, 16).quadratic(quadratic).seed(3).build();
    }

    static TrainingConfig config(Scheme s, long wu) {
        return TrainingConfig.of(s, Budget.workUnits(wu)).withSeed(5);
    }

    @ParameterizedTest
    @EnumSource(Scheme.class)
    void everySchemeLowersTheValidationLoss(Scheme s) {
        TrainingResult r = new Trainer(config(s, 40_000)).threads(1).train(net(false), TRAIN, VAL);
        History h = r.history();
        double first = h.rows().get(0).validationLoss(), last = h.last().validationLoss();
        assertTrue(last < first - 0.1, s + ": validation J from " + first + " to " + last + "\n" + h);
        assertTrue(r.bestValidation() <= last);
        assertNotEquals(TrainingResult.Status.FAILED, r.status(), r.toString());
        assertTrue(r.workUnits() >= 40_000 || r.status() == TrainingResult.Status.CONVERGED, r.toString());
        // work units grow along the history, every loss is finite
        for (int i = 1; i < h.size(); i++) assertTrue(h.rows().get(i).workUnits() >= h.rows().get(i - 1).workUnits());
        for (History.Row row : h.rows()) assertTrue(Double.isFinite(row.trainLoss()) && Double.isFinite(row.validationLoss()));
        if (s.varpro()) assertTrue(h.last().innerNewtonSteps() > 0);
    }

    @ParameterizedTest
    @EnumSource(value = Scheme.class, names = {"FULL_ADAM", "ADAM_LBFGS_VARPRO", "VARPRO_INIT_ADAM", "ADAM_THEN_LBFGS_VARPRO", "SLIM_ADAM_VARPRO"})
    void theSameSeedGivesTheSameHistory(Scheme s) {
        TrainingResult a = new Trainer(config(s, 15_000)).threads(1).train(net(true), TRAIN, VAL);
        TrainingResult b = new Trainer(config(s, 15_000)).threads(2).train(net(true), TRAIN, VAL);
        assertArrayEquals(a.history().trainLoss(), b.history().trainLoss(), 0.0);
        assertArrayEquals(a.history().validationLoss(), b.history().validationLoss(), 0.0);
        assertArrayEquals(a.history().workUnits(), b.history().workUnits(), 0.0);
        assertArrayEquals(a.model().weights(), b.model().weights(), 0.0);
    }

    /** Runs {@code cfg} twice from {@code init} (one and two threads): same history; returns the first, after checking it learned. */
    static TrainingResult learnsDeterministically(TrainingConfig cfg, Icnn init, Samples train) {
        return learnsDeterministically(cfg, init, train, 0.1);
    }

    /** As above, with the least drop of the validation J from the first history row to the best. */
    static TrainingResult learnsDeterministically(TrainingConfig cfg, Icnn init, Samples train, double drop) {
        TrainingResult a = new Trainer(cfg).threads(1).train(init, train, VAL);
        TrainingResult b = new Trainer(cfg).threads(2).train(init, train, VAL);
        assertArrayEquals(a.history().validationLoss(), b.history().validationLoss(), 0.0);
        assertArrayEquals(a.model().weights(), b.model().weights(), 0.0);
        double first = a.history().rows().get(0).validationLoss();
        assertTrue(a.bestValidation() < first - drop, cfg.scheme() + ": validation J from " + first + " to " + a.bestValidation());
        assertNotEquals(TrainingResult.Status.FAILED, a.status(), a.toString());
        return a;
    }

    @Test
    void lbfgsMemoryIsAnOptionThatTakesEffect() {
        assertEquals(100, TrainingConfig.of(Scheme.LBFGS_VARPRO, Budget.workUnits(1)).lbfgsHistory());   // PyTorch's history_size default
        TrainingResult m10 = learnsDeterministically(config(Scheme.LBFGS_VARPRO, 30_000).withLbfgsHistory(10), net(false), TRAIN);
        TrainingResult m100 = learnsDeterministically(config(Scheme.LBFGS_VARPRO, 30_000).withLbfgsHistory(100), net(false), TRAIN);
        // the first iterations agree (fewer than 10 pairs stored), then the directions differ
        assertEquals(m10.history().rows().get(1).validationLoss(), m100.history().rows().get(1).validationLoss(), 0.0);
        assertNotEquals(m10.history().last().validationLoss(), m100.history().last().validationLoss());
    }

    @Test
    void resampledSaaBatchesAreDrawnAndLearnDeterministically() {
        Samples big = Datasets.moons(2048, 0.05, 7);
        TrainingResult r = learnsDeterministically(config(Scheme.LBFGS_VARPRO, 30_000).withLbfgsBatch(512).withLbfgsResample(5), net(false), big);
        assertTrue(r.notes().contains("SAA batches drawn after the first: "), r.notes());
        TrainingResult fixed = new Trainer(config(Scheme.LBFGS_VARPRO, 30_000).withLbfgsBatch(512)).threads(1).train(net(false), big, VAL);
        assertFalse(fixed.notes().contains("SAA batches drawn"), fixed.notes());
        assertNotEquals(fixed.history().last().validationLoss(), r.history().last().validationLoss());
    }

    /**
     * From hessQuik's initialization the initial inner solve
     * brings J below 1 at once (from hundreds for this small network); Adam then goes on more slowly than from the scaled initialization.
     */
    @Test
    void trainingFromHessQuiksInitialization() {
        Icnn hq = Icnn.builder(2).hidden(16, 16, 16).quadratic(false).init(org.icnnvarpro.model.Initialization.HESSQUIK).seed(3).build();
        TrainingResult r = learnsDeterministically(config(Scheme.VARPRO_INIT_ADAM, 20_000), hq, TRAIN, 0.001);
        TrainingResult fa = new Trainer(config(Scheme.FULL_ADAM, 20_000)).threads(1).train(hq, TRAIN, VAL);
        assertTrue(fa.history().rows().get(0).validationLoss() > 100, "untrained: " + fa.history().rows().get(0).validationLoss());
        assertTrue(r.history().rows().get(0).validationLoss() < 1, "after the initial inner solve: " + r.history().rows().get(0).validationLoss());
    }

    @Test
    void theSwitchAndSlimSettingsTakeEffect() {
        TrainingResult early = new Trainer(config(Scheme.ADAM_THEN_LBFGS_VARPRO, 20_000).withSwitchFraction(0.2)).threads(1).train(net(false), TRAIN, VAL);
        TrainingResult late = new Trainer(config(Scheme.ADAM_THEN_LBFGS_VARPRO, 20_000).withSwitchFraction(0.8)).threads(1).train(net(false), TRAIN, VAL);
        long firstLbfgs = early.history().rows().stream().filter(r -> r.phase().equals("lbfgs-varpro")).findFirst().orElseThrow().workUnits();
        long firstLbfgsLate = late.history().rows().stream().filter(r -> r.phase().equals("lbfgs-varpro")).findFirst().orElseThrow().workUnits();
        assertTrue(firstLbfgs < 8_000 && firstLbfgsLate > 16_000, firstLbfgs + ", " + firstLbfgsLate);
        // slim with neither memory nor proximal term is Adam VarPro on small batches
        TrainingResult plain = new Trainer(config(Scheme.SLIM_ADAM_VARPRO, 10_000).withSlimMemory(0).withSlimProximal(0)).threads(1).train(net(false), TRAIN, VAL);
        TrainingResult av = new Trainer(config(Scheme.ADAM_VARPRO, 10_000).withVarproBatch(64)).threads(1).train(net(false), TRAIN, VAL);
        assertArrayEquals(av.model().weights(), plain.model().weights(), 0.0);
        TrainingResult slim = new Trainer(config(Scheme.SLIM_ADAM_VARPRO, 10_000)).threads(1).train(net(false), TRAIN, VAL);
        assertNotEquals(plain.history().last().validationLoss(), slim.history().last().validationLoss());
    }

    /**
     * Adam-ℓBFGS VarPro at the ends of the warm-up range: 0 is ℓBFGS VarPro from the start (no
     * Adam VarPro row), a fraction too small for one step still runs; both train within the budget.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0, 1e-9, 1})
    void everyWarmupFractionRuns(double fraction) {
        TrainingResult r = new Trainer(config(Scheme.ADAM_LBFGS_VARPRO, 8_000).withWarmupFraction(fraction).withLogEvery(1_000))
                .threads(1).train(net(false), TRAIN, VAL);
        assertNotEquals(TrainingResult.Status.FAILED, r.status(), r.toString());
        List<String> phases = r.history().rows().stream().map(History.Row::phase).distinct().toList();
        assertEquals(fraction < 1, phases.contains("lbfgs-varpro"), "ℓBFGS VarPro after the warm-up: phases " + phases);
        if (fraction == 0) assertFalse(phases.contains("adam-varpro"), "no warm-up: phases " + phases);
        if (fraction == 1) assertTrue(phases.contains("adam-varpro"), "all warm-up: phases " + phases);
        assertTrue(r.history().last().validationLoss() < r.history().rows().get(0).validationLoss(), r.history().toString());
    }

    /**
     * Adam-then-ℓBFGS VarPro at the ends of the switch range, as the warm-up above (both are the
     * first phase of a two-phase scheme): 0 is ℓBFGS VarPro after the initial inner solve (no Adam
     * row), 1 is VarPro-init Adam alone.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0, 1})
    void everySwitchFractionRuns(double fraction) {
        TrainingResult r = new Trainer(config(Scheme.ADAM_THEN_LBFGS_VARPRO, 8_000).withSwitchFraction(fraction).withLogEvery(1_000))
                .threads(1).train(net(false), TRAIN, VAL);
        assertNotEquals(TrainingResult.Status.FAILED, r.status(), r.toString());
        List<String> phases = r.history().rows().stream().map(History.Row::phase).distinct().toList();
        assertEquals(fraction < 1, phases.contains("lbfgs-varpro"), "ℓBFGS VarPro after the switch: phases " + phases);
        assertEquals(fraction > 0, phases.contains("adam"), "Adam before the switch: phases " + phases);
        assertTrue(r.history().last().validationLoss() < r.history().rows().get(0).validationLoss(), r.history().toString());
    }

    @Test
    void aScaledBudgetKeepsItsLimits() {
        assertEquals(new Budget(300, 0, 0), Budget.workUnits(1_000).scaled(0.3));
        assertEquals(new Budget(1, 0, 0), Budget.workUnits(1_000).scaled(1e-9), "a set limit stays set");
        assertEquals(new Budget(0, 3, 1.5), Budget.iterations(10).andSeconds(5).scaled(0.3));
        assertThrows(IllegalArgumentException.class, () -> Budget.workUnits(1_000).scaled(0));
    }

    @Test
    void stopRequestEndsTheRunWithTheBestModelSoFar() {
        AtomicInteger lines = new AtomicInteger();
        Trainer[] t = new Trainer[1];
        t[0] = new Trainer(config(Scheme.FULL_ADAM, 10_000_000).withLogEvery(640)).threads(1).progressEvery(0)
                .onProgress(line -> {
                    if (lines.incrementAndGet() == 5) t[0].requestStop();
                });
        TrainingResult r = t[0].train(net(true), TRAIN, VAL);
        assertEquals(TrainingResult.Status.STOPPED, r.status());
        assertTrue(r.workUnits() < 10_000, "stopped early: " + r.workUnits());
        assertNotNull(r.best());
        assertTrue(r.history().size() >= 5);
    }

    @Test
    void anExceptionMidRunStillReturnsTheBestModelAndHistory() {
        AtomicInteger lines = new AtomicInteger();
        Trainer t = new Trainer(config(Scheme.ADAM_VARPRO, 1_000_000).withLogEvery(1024)).threads(1).progressEvery(0)
                .onProgress(line -> {
                    if (lines.incrementAndGet() == 3) throw new IllegalStateException("disk full");
                });
        TrainingResult r = t.train(net(true), TRAIN, VAL);
        assertEquals(TrainingResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("disk full"), r.message());
        assertTrue(r.history().size() >= 2);
        assertNotNull(r.best());
    }

    @Test
    void historyIsATablesawTableAndACsvFile(@TempDir Path dir) throws Exception {
        TrainingResult r = new Trainer(config(Scheme.FULL_ADAM, 5_000)).threads(1).train(net(true), TRAIN, VAL);
        tech.tablesaw.api.Table t = r.history().toTable();
        assertEquals(List.of("phase", "iteration", "workUnits", "innerNewtonSteps", "innerSeconds", "wallSeconds", "trainLoss", "validationLoss"),
                t.columnNames());
        assertEquals(r.history().size(), t.rowCount());
        Path f = dir.resolve("h.csv");
        r.history().writeCsv(f);
        List<String> lines = Files.readAllLines(f);
        assertEquals(r.history().size() + 1, lines.size());
        assertEquals(r.history().last().validationLoss(), Double.parseDouble(lines.get(lines.size() - 1).split(",")[7]), 0.0);
    }

    @Test
    void invalidOptionsGiveClearErrors() {
        assertEquals("learning rate must be > 0, got -0.1",
                assertThrows(IllegalArgumentException.class, () -> config(Scheme.FULL_ADAM, 10).withLearningRate(-0.1)).getMessage());
        assertEquals("batch size 2048 is larger than the training set (1024 samples)",
                assertThrows(IllegalArgumentException.class,
                        () -> new Trainer(config(Scheme.LBFGS_VARPRO, 10).withLbfgsBatch(2048)).train(net(true), TRAIN, VAL)).getMessage());
        assertEquals("unknown scheme 'sgd' (known: full-adam, adam-varpro, lbfgs-varpro, adam-lbfgs-varpro, varpro-init-adam, "
                        + "adam-then-lbfgs-varpro, slim-adam-varpro)",
                assertThrows(IllegalArgumentException.class, () -> Scheme.fromId("sgd")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Budget(0, 0, 0));
        assertEquals("switch fraction must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> config(Scheme.ADAM_THEN_LBFGS_VARPRO, 10).withSwitchFraction(1.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> config(Scheme.LBFGS_VARPRO, 10).withLbfgsHistory(0));
        assertThrows(IllegalArgumentException.class, () -> config(Scheme.LBFGS_VARPRO, 10).withLbfgsResample(-1));
        assertThrows(IllegalArgumentException.class, () -> config(Scheme.SLIM_ADAM_VARPRO, 10).withSlimProximal(-0.1));
    }
}
