package org.icnnvarpro.io;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MemoryTest {
    @Test
    void aRequestBeyondTheHeapIsRefusedWithItsNameAndTheLimit() {
        Memory.require("-n 10", 80);
        long limit = Memory.limit();
        String m = assertThrows(IllegalArgumentException.class, () -> Memory.require("sample -n 2147483647", 2 * limit)).getMessage();
        assertTrue(m.startsWith("sample -n 2147483647 needs about " + Memory.format(2 * limit) + " of memory"), m);
        assertTrue(m.contains("its limit is " + Memory.format(limit)), m);
    }

    @Test
    void arraysBeyondJavasLimitAreRefusedNotNegative() {
        String m = assertThrows(IllegalArgumentException.class, () -> org.icnnvarpro.model.Icnn.builder(2).hidden(50000, 50000).build()).getMessage();
        assertEquals("a network with input dimension 2 and hidden widths [50000, 50000] has 2500350003 weights,"
                + " more than one Java array can hold (2147483639)", m);
        assertEquals(2500350003L, org.icnnvarpro.model.Icnn.parameterCount(2, new int[] {50000, 50000}));
        assertEquals(org.icnnvarpro.model.Icnn.builder(3).hidden(4, 5).build().size(), org.icnnvarpro.model.Icnn.parameterCount(3, new int[] {4, 5}));
        m = assertThrows(IllegalArgumentException.class, () -> org.icnnvarpro.data.Datasets.moons(2_000_000_000, 0.05, 1)).getMessage();
        assertEquals("a data set of 2000000000 samples in dimension 2 has 4000000000 values, more than one Java array can hold (2147483639)", m);
    }

    @Test
    void sizesDoNotOverflow() {
        assertEquals(Long.MAX_VALUE, Memory.times(Long.MAX_VALUE / 2, 3));
        assertEquals(Long.MAX_VALUE, Memory.times(1L << 40, 1L << 40));
        assertEquals(6, Memory.times(2, 3));
        assertEquals(Long.MAX_VALUE, Memory.plus(Long.MAX_VALUE, 1));
        assertEquals("512 bytes", Memory.format(512));
        assertEquals("17.2 GB", Memory.format(17_180_000_000L));
        assertEquals("more than 9 EB", Memory.format(Long.MAX_VALUE));
        assertEquals(10, Memory.arrayLength("x", 10));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Memory.arrayLength("a data set of 2000000000 samples in dimension 2", 4_000_000_000L))
                .getMessage().contains("more than one Java array can hold"));
    }
}
