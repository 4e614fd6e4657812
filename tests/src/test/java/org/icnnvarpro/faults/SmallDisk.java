package org.icnnvarpro.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for a test (a full disk, a read-only file system), where the machine
 * allows mounting (root in a container that may mount); tests that need one are skipped elsewhere.
 */
final class SmallDisk implements AutoCloseable {
    final Path path;

    private SmallDisk(Path path) {
        this.path = path;
    }

    /** Mounts a tmpfs of {@code kilobytes} at {@code path} ({@code ro}: read-only), or skips the test. */
    static SmallDisk mount(Path path, int kilobytes, boolean readOnly) throws IOException, InterruptedException {
        Files.createDirectories(path);
        int code = run("mount", "-t", "tmpfs", "-o", "size=" + kilobytes + "k" + (readOnly ? ",ro" : ""), "tmpfs", path.toString());
        Assumptions.assumeTrue(code == 0, "cannot mount a tmpfs here (needs root and a system that allows it): skipped");
        return new SmallDisk(path);
    }

    /** Fills the file system up to {@code free} bytes with a file {@code filler}. */
    void leaveFree(long free) throws IOException {
        long usable = Files.getFileStore(path).getUsableSpace();
        if (usable > free) Files.write(path.resolve("filler"), new byte[(int) (usable - free)]);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", path.toString());
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1; // no mount command
        }
    }
}
