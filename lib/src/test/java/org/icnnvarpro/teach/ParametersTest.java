package org.icnnvarpro.teach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ParametersTest {
    @Test
    void valuesInRangePassAndAreListed() {
        Parameters p = Parameters.check().count("N_INPUT", 64, 1, 4096).positive("NOISE", 0.05).widths("WIDTHS", new int[] {32, 32})
                .dataset("DATASET", "moons").above("C", 10, 1).range("WARMUP", 0.3, 0, 1);
        assertEquals("parameters in range: N_INPUT, NOISE, WIDTHS, DATASET, C, WARMUP", p.toString());
    }

    @Test
    void aValueOutOfRangeIsOneLineNamingParameterValueAndRange() {
        Parameters.ParameterException e = assertThrows(Parameters.ParameterException.class,
                () -> Parameters.check().count("N_INPUT", 0, 1, 4096));
        assertEquals("N_INPUT = 0 is out of range: allowed 1 … 4096", e.getMessage());
        assertEquals(0, e.getStackTrace().length);
        assertEquals("WIDTHS = [32, 0] is out of range: allowed 1 to 16 layers, each of width 1 … 1024",
                assertThrows(IllegalArgumentException.class, () -> Parameters.check().widths("WIDTHS", new int[] {32, 0})).getMessage());
        assertEquals("DATASET = \"moon\" is out of range: allowed moons, 8gaussians, rings, checkerboard, pinwheel, spirals",
                assertThrows(IllegalArgumentException.class, () -> Parameters.check().dataset("DATASET", "moon")).getMessage());
        assertEquals("C = 1 is out of range: allowed > 1 (finite)",
                assertThrows(IllegalArgumentException.class, () -> Parameters.check().above("C", 1, 1)).getMessage());
        assertEquals("NOISE = NaN is out of range: allowed > 0 (finite)",
                assertThrows(IllegalArgumentException.class, () -> Parameters.check().positive("NOISE", Double.NaN)).getMessage());
        assertEquals("N_TRAIN is out of range: need N_TRAIN >= LBFGS_BATCH",
                assertThrows(IllegalArgumentException.class, () -> Parameters.check().that("N_TRAIN", false, "N_TRAIN >= LBFGS_BATCH")).getMessage());
    }
}
