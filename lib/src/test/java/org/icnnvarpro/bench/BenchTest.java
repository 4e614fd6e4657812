package org.icnnvarpro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's flop counts against a hand count, its options, and the report file of {@code --out}. */
class BenchTest {
    /**
     * N = 1024, 4 × 32, d = 2 (R = 6, T = 3), counted by hand: three layers with L, each
     * {@code 6·N·R·32·32} by the forward-mode count and {@code 2·(3d + 6)·N·32·32} performed; layer 1
     * {@code 5·N·32·d}; per layer {@code N·32·(2d² + 11d + 3T + 12) = N·32·51}.
     */
    @Test
    void flopCountsOfTheThesisConfiguration() {
        Config c = new Config(1024, new int[] {32, 32, 32, 32}, 2, 1);
        assertEquals(6, c.rowsPerSample());
        assertEquals(3 * 6.0 * 1024 * 6 * 1024, c.designFlops());       // 113,246,208
        assertEquals(3 * 24.0 * 1024 * 1024, c.matmulFlops());           //  75,497,472
        assertEquals(5.0 * 1024 * 32 * 2 + 4 * 1024 * 32 * 51.0, c.otherFlops());
        assertEquals(c.designFlops() / 3, c.forwardFlops());
        assertEquals("4x32", c.widthsLabel());
        assertEquals("[8,16]", new Config(1, new int[] {8, 16}, 1, 1).widthsLabel());
    }

    @Test
    void optionsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--workloads", "lossgrad,fast"}));
        assertTrue(e.getMessage().contains("unknown workload 'fast'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--n", "ten"}));
        assertTrue(e.getMessage().contains("bad value 'ten' for --n"), e.getMessage());
        BenchOptions o = BenchOptions.parse(new String[] {"--n", "1024", "--widths", "32,32", "--dim", "2", "--threads", "1", "--out", "r.txt"});
        assertTrue(o.single);
        assertFalse(o.heap);
        assertEquals(Path.of("r.txt"), o.out);
    }

    /** {@code --out}: everything printed, between the command and machine lines and the wall-time line. */
    @Test
    void reportFileHasTheCommandMachineRowsAndWallTime(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sub/report.txt");
        Bench.execute(new String[] {"--quick", "--n", "64", "--widths", "4,4", "--dim", "2", "--threads", "1", "--workloads", "lossgrad",
                "--no-matmul", "--out", out.toString()});
        List<String> lines = Files.readAllLines(out);
        assertTrue(lines.get(0).startsWith("# command: bench --quick --n 64"), lines.get(0));
        assertTrue(lines.get(1).startsWith("# machine: ") && lines.get(1).contains("processors") && lines.get(1).contains("load average"), lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.matches("lossgrad +64 2x4 +2 .*")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("lossgrad_ms ")), String.join("\n", lines));
        assertTrue(lines.get(lines.size() - 1).matches("# wall time \\d+ s, load average at the end .*"), lines.get(lines.size() - 1));
        try (var files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void anOutputThatCannotBeWrittenFailsBeforeTheRun(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bench.execute(new String[] {"--quick", "--n", "64", "--widths", "4", "--out", dir.toString()}));
        assertEquals("--out " + dir + " is a folder; give the name of a file to write", e.getMessage());
    }
}
