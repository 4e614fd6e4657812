package org.icnnvarpro.io;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way the library writes a file. The new content goes to a temporary file in the
 * target's folder, is flushed and forced to the disk ({@code fsync}), and is then renamed over
 * the target in one atomic step; the folder is forced too where the platform allows it. Whatever
 * happens meanwhile (the process killed with SIGKILL, a full disk, a second writer of the same
 * file, a power cut after the rename), the target is either the old file or the complete new
 * one, never empty, truncated or a mix.
 *
 * <p>On failure the old file is untouched, the temporary file is removed and an
 * {@link UncheckedIOException} says which file and why, e.g.
 * {@code cannot write m.json: no space left on device}.
 *
 * <ul>
 *   <li>Missing parent folders are created.</li>
 *   <li>A symbolic link as target is followed: the file it points to is replaced, the link
 *       stays. Other hard links to the old file keep the old content (the rename makes a new
 *       file).</li>
 *   <li>The permissions of a replaced file are kept; a new file gets the usual ones (umask).</li>
 *   <li>A target that is a folder or not a regular file (a device such as {@code /dev/full}, a
 *       pipe) is refused: replacing it would not write into it.</li>
 *   <li>Concurrent writers of one target each have their own temporary file
 *       ({@code .<name>.<pid>-<n>.tmp}); the last rename wins with its complete content.
 *       Temporary files of a process that was killed are removed by the next write of the same
 *       target.</li>
 * </ul>
 */
public final class AtomicFile {
    private AtomicFile() {}

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String TMP_SUFFIX = ".tmp";

    /** Content of a file, written to a stream (which the writer flushes and closes itself). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Text content of a file, written to a UTF-8 writer (which the writer flushes and closes itself). */
    @FunctionalInterface
    public interface TextContent {
        void writeTo(Writer out) throws IOException;
    }

    /** Writes {@code text} (UTF-8) to {@code file} atomically. */
    public static void writeString(Path file, CharSequence text) {
        Objects.requireNonNull(text, "text");
        writeText(file, w -> w.append(text));
    }

    /** Writes the text that {@code content} produces (UTF-8) to {@code file} atomically. */
    public static void writeText(Path file, TextContent content) {
        Objects.requireNonNull(content, "content");
        write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            content.writeTo(new FilterWriter(w) {
                @Override
                public void close() throws IOException {
                    flush(); // the content may close what it was given; the file is finished by write()
                }
            });
            w.flush();
        });
    }

    /**
     * Writes the bytes that {@code content} produces to {@code file} atomically (see the class
     * comment). An exception thrown by {@code content} leaves the old file as it was and is passed
     * on (an {@link IOException} wrapped in an {@link UncheckedIOException} naming the file).
     *
     * @throws UncheckedIOException if the file cannot be written; the message names the file and
     *     the reason
     */
    public static void write(Path file, Content content) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        Path tmp = null;
        try {
            Path target = target(file);
            if (Files.isDirectory(target)) throw new FileSystemException(file.toString(), null, "is a folder");
            if (Files.exists(target) && !Files.isRegularFile(target))
                throw new FileSystemException(file.toString(), null, "not a regular file (a device or pipe)");
            Path dir = target.getParent();
            createFolders(dir);
            String name = target.getFileName().toString();
            removeStaleTemporaries(dir, name);
            tmp = dir.resolve(tempPrefix(name) + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + TMP_SUFFIX);
            Files.createFile(tmp);
            keepPermissions(target, tmp);
            try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                 BufferedOutputStream out = new BufferedOutputStream(fos, 1 << 16)) {
                content.writeTo(new KeepOpen(out));
                out.flush();
                fos.getFD().sync();
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            syncFolder(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + Messages.reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do: the next write of this target removes it
                }
            }
        }
    }

    /**
     * The file a write of {@code file} replaces: its absolute path, with a symbolic link at the end
     * followed to the file it names (which need not exist yet).
     */
    static Path target(Path file) throws IOException {
        Path p = file.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops >= 40) throw new FileSystemException(file.toString(), null, "too many levels of symbolic links");
            if (Files.exists(p)) return p.toRealPath();
            p = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
        }
        return p;
    }

    /** Name prefix of the temporary files of {@code name} (cut so that the whole name stays short). */
    static String tempPrefix(String name) {
        return "." + (name.length() > 120 ? name.substring(0, 120) : name) + ".";
    }

    private static void createFolders(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new FileSystemException(e.getFile(), null, "not a folder");
        }
    }

    /** Removes temporary files of {@code name} left by processes that no longer run. */
    private static void removeStaleTemporaries(Path dir, String name) {
        String prefix = tempPrefix(name);
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(prefix) && f.endsWith(TMP_SUFFIX);
        })) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                String mid = f.substring(prefix.length(), f.length() - TMP_SUFFIX.length());
                int dash = mid.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(mid.substring(0, Math.max(0, dash)));
                    Long.parseLong(mid.substring(dash + 1)); // the counter: else the file is not one of ours
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == self || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // another writer removed it, or it is not ours to remove
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // cleaning up is a courtesy; the write itself reports real problems
        }
    }

    private static void keepPermissions(Path target, Path tmp) {
        try {
            if (Files.isRegularFile(target)) Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        } catch (IOException | UnsupportedOperationException ignored) {
            // not a POSIX file system: the new file keeps the default permissions
        }
    }

    /** Forces the folder entry of the rename to the disk where the platform allows it (Linux, macOS). */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // Windows cannot open a folder as a channel; the rename itself is still atomic
        }
    }

    /** The stream handed to the content: closing it only flushes, so the writer decides when the file is done. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
