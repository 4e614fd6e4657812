package org.icnnvarpro.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The files a command reads and writes, checked before any work starts, so that a long run never
 * ends in "cannot write" and never destroys its own input:
 *
 * <ul>
 *   <li>every output is a file name, not a folder, not a device or pipe (such as
 *       {@code /dev/full}), not read-only, and its folder (or the nearest existing ancestor, where
 *       missing folders will be created) is a folder in which a file can be created and written
 *       (a probe file is written and removed: this also catches read-only and full file systems,
 *       whatever the permission bits say);</li>
 *   <li>no output is the same file as an input (by real path, through symbolic links, and as
 *       the same file through hard links), unless the command updates that input in place on
 *       purpose ({@link #updates});</li>
 *   <li>no two outputs are the same file.</li>
 * </ul>
 *
 * <p>Files are named in messages by their option and path as given, e.g.
 * {@code --out r.json is the same file as --data r.json: writing it would destroy the input}.
 *
 * <pre>
 * FilePlan.create().reads("--data", data).writes("--out", out).writes("--history", history).check();
 * </pre>
 */
public final class FilePlan {
    private record Entry(String option, Path path, String updates) {}

    private final List<Entry> inputs = new ArrayList<>();
    private final List<Entry> outputs = new ArrayList<>();
    private final List<Entry> folders = new ArrayList<>();

    private FilePlan() {}

    /** An empty plan. */
    public static FilePlan create() {
        return new FilePlan();
    }

    /** Declares an input file ({@code null} is ignored: an option not given). */
    public FilePlan reads(String option, Path file) {
        if (file != null) inputs.add(new Entry(option, file, null));
        return this;
    }

    /** Declares an output file ({@code null} is ignored). */
    public FilePlan writes(String option, Path file) {
        if (file != null) outputs.add(new Entry(option, file, null));
        return this;
    }

    /**
     * Declares an output that may be the same file as the input of {@code inputOption}: the
     * documented in-place update (it is written atomically, so the input is replaced only by a
     * complete new file).
     */
    public FilePlan updates(String option, Path file, String inputOption) {
        if (file != null) outputs.add(new Entry(option, file, Objects.requireNonNull(inputOption)));
        return this;
    }

    /** Declares an output folder (created if missing) into which the command writes files. */
    public FilePlan writesInto(String option, Path folder) {
        if (folder != null) folders.add(new Entry(option, folder, null));
        return this;
    }

    /**
     * Checks the plan.
     *
     * @throws IllegalArgumentException with a one-line message naming the option, the path and
     *     the problem
     */
    public void check() {
        for (Entry o : outputs) checkOutputFile(o);
        for (Entry f : folders) checkOutputFolder(f);
        for (int i = 0; i < outputs.size(); i++) {
            Entry o = outputs.get(i);
            for (Entry in : inputs) {
                if (in.option.equals(o.updates) || !sameFile(o.path, in.path)) continue;
                throw new IllegalArgumentException(o.option + " " + o.path + " is the same file as " + in.option + " " + in.path
                        + ": writing it would destroy the input; choose another " + o.option);
            }
            for (int k = 0; k < i; k++) {
                Entry p = outputs.get(k);
                if (sameFile(o.path, p.path))
                    throw new IllegalArgumentException(p.option + " " + p.path + " and " + o.option + " " + o.path
                            + " are the same file; give them different names");
            }
        }
    }

    // ------------------------------------------------------------------ checks

    private static void checkOutputFile(Entry o) {
        String what = o.option + " " + o.path;
        Path target;
        try {
            target = AtomicFile.target(o.path);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": " + Messages.reason(e));
        }
        if (Files.isDirectory(target))
            throw new IllegalArgumentException(what + " is a folder; give the name of a file to write");
        if (Files.exists(target)) {
            if (!Files.isRegularFile(target))
                throw new IllegalArgumentException(what + " is not a regular file (a device, pipe or socket); give the name of a file to write");
            if (!Files.isWritable(target))
                throw new IllegalArgumentException(what + " is read-only (permission denied); make it writable or choose another name");
        }
        probeFolder(what, target.getParent());
    }

    private static void checkOutputFolder(Entry f) {
        String what = f.option + " " + f.path;
        Path dir = f.path.toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new IllegalArgumentException(what + " is a file, not a folder; give the name of a folder to write into");
        probeFolder(what, dir);
    }

    /** The nearest existing ancestor of {@code dir} (or {@code dir}) must be a folder in which a file can be written. */
    private static void probeFolder(String what, Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) throw new IllegalArgumentException(what + ": no such folder");
        if (!Files.isDirectory(existing))
            throw new IllegalArgumentException(what + ": " + existing + " is not a folder");
        Path probe = existing.resolve(".icnn-varpro-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(new byte[4096]);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot write in " + existing + " (" + Messages.reason(e) + ")");
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // the probe could not be created, or the folder forbids deleting: nothing was left to clean
            }
        }
    }

    /**
     * Whether writing {@code output} would replace the file {@code input}: the same real path
     * (symbolic links followed, {@code ..} resolved) or the same file (hard links).
     */
    public static boolean sameFile(Path output, Path input) {
        try {
            Path a = canonical(AtomicFile.target(output)), b = canonical(AtomicFile.target(input));
            if (a.equals(b)) return true;
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** The real path of the longest existing part of {@code p}, with the rest appended. */
    private static Path canonical(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return abs;
        return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    }
}
