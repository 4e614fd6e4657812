package org.icnnvarpro.notebooks.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * IJava's magics as both notebook kernels read them: a cell is split into code chunks and line
 * magics ({@code %jars x.jar}, also assigned: {@code List<String> added = %jars x.jar}); magic
 * arguments are split like a shell's; {@code %jars}/{@code %classpath} globs match one path
 * segment each. A cell starting with {@code %%name} is a cell magic (none is supported).
 */
public final class CellMagics {
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%(\\w*)");
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%(\\w+)(.*)$");
    private static final Pattern ASSIGNED_MAGIC = Pattern.compile("^(.*=)\\s*%(\\w+)(.*)$");

    /**
     * IJava rewrites a magic line into {@code lineMagic(new String(Base64...), List.of(...))}: if a
     * cell imported e.g. {@code java.awt.*}, {@code List} is ambiguous and the magic fails to compile
     * under IJava. Evaluating this probe before a magic catches the same.
     */
    public static final String PROBE = "{ List.of(new String(Base64.getDecoder().decode(\"\"))); }";

    /** How deep {@code %load} may nest (a deeper chain is taken for a cycle). */
    public static final int MAX_LOAD_DEPTH = 8;

    private CellMagics() {
    }

    /**
     * The code that assigns the paths a {@code x = %jars ...} or {@code x = %classpath ...} added:
     * {@code assignPrefix List.of(...)}, each path Base64-encoded as IJava passes magic arguments.
     */
    public static String assignment(String assignPrefix, List<String> added) {
        String list = added.stream()
                .map(a -> "new String(Base64.getDecoder().decode(\""
                        + Base64.getEncoder().encodeToString(a.getBytes(StandardCharsets.UTF_8)) + "\"))")
                .collect(Collectors.joining(","));
        return assignPrefix + " List.of(" + list + ");";
    }

    /** Why a magic fails when {@link #PROBE} does not compile. */
    public static String probeFailure(String shown, String evalue) {
        return "IJava turns " + shown.strip() + " into a call using List.of(...) and Base64, which does not compile here: "
                + evalue + " (did a cell import java.awt.* or another package with a List? Import single classes)";
    }

    /**
     * The note for a {@code %jars}/{@code %classpath} argument that matches nothing. IJava ignores such
     * a path silently, and the notebooks rely on it: their first cell lists the jar's path from both
     * folders they may be opened from and then checks that the library's classes load. The test
     * kernels ignore it too, and say so in their log.
     */
    public static String noMatch(String magic, String arg, Path cwd) {
        return "%" + magic + " " + arg + ": nothing matches in " + cwd + " (ignored, as IJava does)";
    }

    /**
     * A piece of a cell: code starting at cell line {@code line}, or the line magic {@code magic} with
     * its argument text (and, for {@code x = %jars ...}, the text up to and including {@code =}).
     */
    public record Part(String code, int line, String magic, String args, String assignPrefix) {
        public boolean isMagic() {
            return magic != null;
        }

        /** The magic as written, e.g. {@code List<String> x = %jars a.jar}. */
        public String shown() {
            return (assignPrefix == null ? "" : assignPrefix.strip() + " ") + "%" + magic + args;
        }
    }

    /** The name of the cell magic this cell starts with ({@code %%name}), or null. */
    public static String cellMagic(String source) {
        Matcher cm = CELL_MAGIC.matcher(source.stripLeading().isEmpty() ? "" : firstLine(source));
        return cm.find() ? cm.group(1) : null;
    }

    /** The cell's code chunks (blank ones left out) and line magics, in order. */
    public static List<Part> split(String source) {
        List<Part> parts = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        int codeStart = 1;
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher lm = LINE_MAGIC.matcher(line);
            Matcher am = ASSIGNED_MAGIC.matcher(line);
            Part magic = null;
            if (lm.matches()) {
                magic = new Part(null, i + 1, lm.group(1), lm.group(2), null);
            } else if (am.matches() && evenQuotes(am.group(1))) {
                magic = new Part(null, i + 1, am.group(2), am.group(3), am.group(1));
            }
            if (magic == null) {
                code.append(line).append('\n');
                continue;
            }
            if (!code.toString().isBlank()) parts.add(new Part(code.toString(), codeStart, null, null, null));
            code.setLength(0);
            parts.add(magic);
            codeStart = i + 2;
        }
        if (!code.toString().isBlank()) parts.add(new Part(code.toString(), codeStart, null, null, null));
        return parts;
    }

    private static String firstLine(String source) {
        for (String line : source.split("\n")) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return "";
    }

    private static boolean evenQuotes(String prefix) {
        int n = 0;
        for (int i = 0; i < prefix.length(); i++) {
            if (prefix.charAt(i) == '"' && (i == 0 || prefix.charAt(i - 1) != '\\')) {
                n++;
            }
        }
        return n % 2 == 0 && !prefix.contains("//");
    }

    /** Splits magic arguments on blanks; single or double quotes keep blanks inside one argument. */
    public static List<String> splitArgs(String text) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : text.strip().toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    args.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            args.add(cur.toString());
        }
        return args;
    }

    /**
     * IJava's glob semantics: each path segment may hold {@code *}, {@code ?}, {@code [..]} or
     * {@code {a,b}} (matching within that segment only); a pattern ending in {@code /} means the
     * folder's files. Relative patterns resolve against {@code base}. Sorted for a stable class path.
     */
    public static List<Path> glob(Path base, String pattern, boolean filesOnly) {
        String p = pattern.replace('\\', '/');
        if (p.endsWith("/")) {
            p = p + "*";
        }
        List<Path> current = new ArrayList<>();
        if (p.startsWith("/")) {
            current.add(Path.of("/"));
        } else if (p.startsWith("~/")) {
            current.add(Path.of(System.getProperty("user.home")));
            p = p.substring(2);
        } else {
            current.add(base);
        }
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            List<Path> next = new ArrayList<>();
            if (seg.matches(".*[*?\\[{].*")) {
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + seg);
                for (Path dir : current) {
                    if (!Files.isDirectory(dir)) {
                        continue;
                    }
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                        for (Path child : ds) {
                            if (m.matches(child.getFileName())) {
                                next.add(child);
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            } else {
                for (Path dir : current) {
                    next.add(dir.resolve(seg));
                }
            }
            current = next;
        }
        return current.stream()
                .map(x -> x.toAbsolutePath().normalize())
                .filter(filesOnly ? Files::isRegularFile : Files::exists)
                .distinct().sorted().collect(Collectors.toList());
    }

}
