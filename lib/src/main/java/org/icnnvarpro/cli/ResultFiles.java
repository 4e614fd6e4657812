package org.icnnvarpro.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.icnnvarpro.io.Messages;

/**
 * Writes a command's results once its work is done. The outputs were checked before the work
 * started, but a disk can fill up or a folder vanish meanwhile: then the result goes to a fallback
 * file in the temporary folder, whose path is printed, so that no finished work is lost; and every
 * result is attempted, so a history is written even where the model is not.
 */
final class ResultFiles {
    private boolean allWritten = true;

    /**
     * Writes {@code what} (e.g. "model") with {@code writer} to {@code file}, or else to a
     * fallback file, saying so on standard error. Returns the path written, or null if none.
     */
    Path write(String what, Path file, Consumer<Path> writer) {
        try {
            writer.accept(file);
            return file;
        } catch (UncheckedIOException e) {
            allWritten = false;
            Path fallback = fallback(file);
            try {
                writer.accept(fallback);
                System.err.println("error: " + Messages.oneLine(e.getMessage(), 200) + "; wrote the " + what + " to " + fallback + " instead");
                return fallback;
            } catch (UncheckedIOException again) {
                System.err.println("error: " + Messages.oneLine(e.getMessage(), 200) + "; the " + what + " was not written (also "
                        + Messages.oneLine(again.getMessage(), 200) + ")");
                return null;
            }
        } finally {
            System.err.flush();
        }
    }

    /** Whether every result went where it was asked to. */
    boolean allWritten() {
        return allWritten;
    }

    /** The exit code for a run whose work is done: 0, or {@link Main#NOT_WRITTEN}. */
    int exitCode() {
        return allWritten ? 0 : Main.NOT_WRITTEN;
    }

    /** {@code <tmpdir>/icnn-varpro-<pid>-<name>}: another file system than the output's, as a rule. */
    static Path fallback(Path file) {
        return Path.of(System.getProperty("java.io.tmpdir"), "icnn-varpro-" + ProcessHandle.current().pid() + "-" + file.getFileName());
    }
}
