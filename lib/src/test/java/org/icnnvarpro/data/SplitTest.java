package org.icnnvarpro.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {

    /** n samples whose first coordinate is the sample's index. */
    private static Samples indexed(int n) {
        double[] x = new double[2 * n];
        for (int j = 0; j < n; j++) { x[2 * j] = j; x[2 * j + 1] = -j; }
        return Samples.wrap(n, 2, x);
    }

    private static Set<Integer> ids(Samples s) {
        Set<Integer> ids = new HashSet<>();
        for (int j = 0; j < s.size(); j++) {
            assertEquals(-s.get(j, 0), s.get(j, 1), 0.0, "rows must stay intact");
            assertTrue(ids.add((int) s.get(j, 0)), "duplicate sample " + s.get(j, 0));
        }
        return ids;
    }

    @Test
    void sizesAreRightAndThePartsAreDisjointAndCoverEverything() {
        Split s = Split.of(indexed(100), 20, 30, 7);
        assertEquals(50, s.train().size());
        assertEquals(20, s.validation().size());
        assertEquals(30, s.test().size());
        Set<Integer> all = new HashSet<>();
        for (Samples part : new Samples[] {s.train(), s.validation(), s.test()}) {
            Set<Integer> ids = ids(part);
            int before = all.size();
            all.addAll(ids);
            assertEquals(before + ids.size(), all.size(), "parts overlap");
        }
        assertEquals(100, all.size());
    }

    @Test
    void splitIsShuffledDeterministicAndSeedDependent() {
        Split a = Split.of(indexed(1000), 100, 100, 1), b = Split.of(indexed(1000), 100, 100, 1),
                c = Split.of(indexed(1000), 100, 100, 2);
        assertArrayEquals(a.train().data(), b.train().data());
        assertArrayEquals(a.test().data(), b.test().data());
        assertFalse(Arrays.equals(a.train().data(), c.train().data()));
        // shuffled: the test part is not simply the last 100 samples
        assertTrue(ids(a.test()).stream().anyMatch(i -> i < 900));
    }

    @Test
    void emptyValidationAndTestAreAllowed() {
        Split s = Split.of(indexed(10), 0, 0, 3);
        assertEquals(10, s.train().size());
        assertEquals(0, s.validation().size());
        assertEquals(2, s.test().dim());
    }

    @Test
    void countsThatExceedTheDataAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Split.of(indexed(100), 60, 50, 1));
        assertEquals("cannot split 100 samples into 60 validation and 50 test samples and still keep at least one training sample",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Split.of(indexed(100), 50, 50, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.of(indexed(100), -1, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.of(indexed(10), Integer.MAX_VALUE, Integer.MAX_VALUE, 1));
    }

    @Test
    void generateDrawsIndependentSetsOfTheRequestedSizes() {
        Split s = Split.generate("moons", 1024, 300, 200, 0.05, 5);
        assertEquals(1024, s.train().size());
        assertEquals(300, s.validation().size());
        assertEquals(200, s.test().size());
        assertEquals(2, s.train().dim());
        // independent draws: the first rows differ between the parts
        assertFalse(Arrays.equals(s.train().range(0, 200).data(), s.test().data()));
        assertFalse(Arrays.equals(s.validation().range(0, 200).data(), s.test().data()));
        assertFalse(Arrays.equals(s.train().range(0, 300).data(), s.validation().data()));
        // each part is exactly the data set drawn with its derived seed
        assertArrayEquals(Datasets.moons(1024, 0.05, Split.derivedSeed(5, 0)).data(), s.train().data());
        assertArrayEquals(Datasets.moons(300, 0.05, Split.derivedSeed(5, 1)).data(), s.validation().data());
        assertArrayEquals(Datasets.moons(200, 0.05, Split.derivedSeed(5, 2)).data(), s.test().data());
        // deterministic
        assertArrayEquals(s.test().data(), Split.generate("MOONS", 1024, 300, 200, 0.05, 5).test().data());
        assertFalse(Arrays.equals(s.test().data(), Split.generate("moons", 1024, 300, 200, 0.05, 6).test().data()));
    }

    @Test
    void generateDefaultsToThe5000SampleValidationAndTestSets() {
        Split s = Split.generate("rings", 64, 0.02, 1);
        assertEquals(64, s.train().size());
        assertEquals(5000, s.validation().size());
        assertEquals(5000, s.test().size());
        assertEquals(5000, Split.DEFAULT_VALIDATION);
        assertEquals(5000, Split.DEFAULT_TEST);
    }

    @Test
    void derivedSeedsAreDistinct() {
        Set<Long> seeds = new HashSet<>();
        for (long seed = 0; seed < 100; seed++)
            for (int k = 0; k < 3; k++) seeds.add(Split.derivedSeed(seed, k));
        assertEquals(300, seeds.size());
    }

    @Test
    void badGenerateArguments() {
        assertThrows(IllegalArgumentException.class, () -> Split.generate("moons", 0, 10, 10, 0.05, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.generate("moons", 10, -1, 10, 0.05, 1));
        String m = assertThrows(IllegalArgumentException.class, () -> Split.generate("circles", 10, 10, 10, 0.05, 1)).getMessage();
        assertTrue(m.contains("known data sets: moons"), m);
        assertThrows(IllegalArgumentException.class,
                () -> new Split(indexed(3), Samples.of(new double[][] {{1, 2, 3}}), indexed(1)));
    }
}
