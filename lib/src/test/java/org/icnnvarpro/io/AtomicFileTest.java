package org.icnnvarpro.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one writer: old file or complete new file, never anything else; no temporary file left behind. */
class AtomicFileTest {
    @TempDir
    Path dir;

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (31 * i + seed);
        return b;
    }

    @Test
    void writesAndReplacesCompletely() throws IOException {
        Path f = dir.resolve("sub/folder/a.txt");
        AtomicFile.writeString(f, "first");
        assertEquals("first", Files.readString(f));
        AtomicFile.writeString(f, "second, longer");
        assertEquals("second, longer", Files.readString(f));
        AtomicFile.writeString(f, "3");
        assertEquals("3", Files.readString(f));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(List.of(f), s.toList(), "only the target, no temporary file");
        }
    }

    @Test
    void aWriterThatFailsMidwayLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("m.json");
        byte[] old = bytes(100_000, 1);
        Files.write(f, old);
        // an I/O failure half-way (what a full disk does): old file untouched, temporary removed, the file and reason named
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFile.write(f, out -> {
            out.write(bytes(300_000, 2), 0, 150_000);
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write " + f + ": no space left on device", e.getMessage());
        assertArrayEquals(old, Files.readAllBytes(f));
        assertEquals(List.of(), leftovers());
        // any other failure of the content (a bug, a non-finite number) the same
        assertThrows(IllegalArgumentException.class, () -> AtomicFile.writeText(f, w -> {
            w.write("{\"half\": ");
            throw new IllegalArgumentException("cannot write non-finite number NaN to JSON");
        }));
        assertArrayEquals(old, Files.readAllBytes(f));
        assertEquals(List.of(), leftovers());
        // content that closes its stream is fine
        AtomicFile.writeText(f, w -> {
            w.write("closed early");
            w.close();
        });
        assertEquals("closed early", Files.readString(f));
    }

    @Test
    void refusesFoldersDevicesAndFilesAsFolders() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        assertEquals("cannot write " + folder + ": is a folder",
                assertThrows(UncheckedIOException.class, () -> AtomicFile.writeString(folder, "x")).getMessage());
        Path file = Files.writeString(dir.resolve("file.txt"), "keep");
        Path under = file.resolve("m.json");
        String m = assertThrows(UncheckedIOException.class, () -> AtomicFile.writeString(under, "x")).getMessage();
        assertTrue(m.startsWith("cannot write " + under + ": ") && m.endsWith("not a folder"), m);
        assertEquals("keep", Files.readString(file));
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "no /dev/full here");
        assertEquals("cannot write /dev/full: not a regular file (a device or pipe)",
                assertThrows(UncheckedIOException.class, () -> AtomicFile.writeString(full, "x")).getMessage());
        assertTrue(Files.exists(full) && !Files.isRegularFile(full), "the device is still a device");
    }

    @Test
    void followsASymbolicLinkAndKeepsPermissions() throws IOException {
        Path real = Files.writeString(dir.resolve("real.csv"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real.getFileName());
        try {
            Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no POSIX permissions here");
        }
        AtomicFile.writeString(link, "new");
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals("new", Files.readString(real));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        // a dangling link: its target is created
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.csv"), Path.of("made-by-write.csv"));
        AtomicFile.writeString(dangling, "made");
        assertEquals("made", Files.readString(dir.resolve("made-by-write.csv")));
        assertTrue(Files.isSymbolicLink(dangling));
    }

    @Test
    void removesTemporariesOfDeadWritersOnly() throws IOException {
        Path f = dir.resolve("m.json");
        // a pid that is not running: the largest ones are never handed out here
        long dead = Long.MAX_VALUE / 2;
        assertFalse(ProcessHandle.of(dead).isPresent());
        Path stale = Files.writeString(dir.resolve(AtomicFile.tempPrefix("m.json") + dead + "-7.tmp"), "half");
        // a writer that runs (this test's own parent process, say) keeps its temporary file
        long alive = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        Path busy = Files.writeString(dir.resolve(AtomicFile.tempPrefix("m.json") + alive + "-3.tmp"), "busy");
        // a temporary of another target with a common prefix is not ours
        Path other = Files.writeString(dir.resolve(AtomicFile.tempPrefix("m.json.history.csv") + dead + "-1.tmp"), "other");
        AtomicFile.writeString(f, "done");
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(busy));
        assertTrue(Files.exists(other));
    }

    @Test
    void concurrentWritersLeaveOneCompleteFile() throws Exception {
        Path f = dir.resolve("shared.bin");
        int writers = 6, rounds = 15, size = 200_000;
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < writers; i++) contents.add(bytes(size + 1000 * i, i));
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                byte[] c = contents.get(i);
                fs.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        AtomicFile.write(f, out -> {
                            // in pieces, so that the writers interleave
                            for (int off = 0; off < c.length; off += 10_000) {
                                out.write(c, off, Math.min(10_000, c.length - off));
                                Thread.yield();
                            }
                        });
                        byte[] now = readWhole(f);
                        assertTrue(contents.stream().anyMatch(x -> Arrays.equals(x, now)), "a reader sees one writer's complete file");
                    }
                    return null;
                }));
            }
            for (Future<?> x : fs) x.get();
        } finally {
            pool.shutdownNow();
        }
        byte[] last = Files.readAllBytes(f);
        assertTrue(contents.stream().anyMatch(x -> Arrays.equals(x, last)));
        assertEquals(List.of(), leftovers());
    }

    private static byte[] readWhole(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void textIsUtf8() throws IOException {
        Path f = dir.resolve("t.md");
        AtomicFile.writeString(f, "J = −1.32 ± 0.05, ℓBFGS");
        assertEquals("J = −1.32 ± 0.05, ℓBFGS", Files.readString(f, StandardCharsets.UTF_8));
    }
}
