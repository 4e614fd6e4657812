package org.icnnvarpro.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Wording of error messages: the reason of an I/O failure in plain words, and user text (a CSV
 * cell, a JSON fragment, an exception message) cut to a readable single line.
 */
public final class Messages {
    private Messages() {}

    /** Longest error line the command line prints (characters, before the {@code error: } prefix). */
    public static final int MAX_LINE = 400;

    /**
     * Why an I/O operation failed, in lower-case words: "permission denied", "no such file or
     * folder", "no space left on device", "read-only file system", "not a folder", …
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NotDirectoryException) return "not a folder";
        if (e instanceof FileAlreadyExistsException) return "already exists";
        if (e instanceof DirectoryNotEmptyException) return "folder not empty";
        String m = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        m = oneLine(m, 200);
        if ("Is a directory".equals(m)) return "is a folder";
        if ("Not a directory".equals(m)) return "not a folder";
        // "No space left on device" -> "no space left on device", but keep "IOException" or "EIO"
        if (m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1)))
            m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
        return m;
    }

    /**
     * {@code text} as one line of at most {@code max} characters: line breaks become spaces,
     * control characters other than tabs {@code ?}, and a longer text is cut with
     * {@code … (N characters)} at its end.
     */
    public static String oneLine(String text, int max) {
        if (text == null) return "";
        int n = text.length();
        boolean cut = n > max;
        int keep = cut ? Math.max(1, max - 24) : n;
        StringBuilder sb = new StringBuilder(Math.min(n, max) + 24);
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') sb.append(' ');
            else if (c != '\t' && Character.isISOControl(c)) sb.append('?');
            else sb.append(c);
        }
        if (cut) sb.append("… (").append(n).append(" characters)");
        return sb.toString();
    }

    /** A value quoted for a message: {@code 'abc'}, cut to about 40 characters. */
    public static String quote(String value) {
        return "'" + oneLine(value, 40) + "'";
    }
}
