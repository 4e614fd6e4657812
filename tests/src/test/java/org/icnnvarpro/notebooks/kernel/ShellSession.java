package org.icnnvarpro.notebooks.kernel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * JShell as IJava runs it, shared by the notebook kernels ({@link KernelMain} behind the project's
 * runner, {@link JupyterKernel} behind Jupyter): snippets run in this JVM ({@link ObjectControl}),
 * IJava 1.3.0's start-up imports and display helpers, code evaluated snippet by snippet up to the
 * first error, and errors told like IJava does (compile errors with the cell line pointed at,
 * exceptions with frames in notebook code named by cell and line).
 */
public final class ShellSession {
    /** IJava 1.3.0's start-up script: imports, its display helpers (emulated) and {@code printf}. */
    static final List<String> STARTUP = List.of(
            "import java.util.*;",
            "import java.io.*;",
            "import java.math.*;",
            "import java.net.*;",
            "import java.util.concurrent.*;",
            "import java.util.prefs.*;",
            "import java.util.regex.*;",
            "import static org.icnnvarpro.notebooks.kernel.Display.*;",
            "public void printf(String format, Object... args) { System.out.printf(format, args); }");

    /** The outcome of evaluating a chunk of code: the last snippet's value, whether anything ran, the first error. */
    public record Evaluation(Object value, boolean evaluated, Map<String, Object> error) {
    }

    private final JShell shell;

    private ShellSession(JShell shell) {
        this.shell = shell;
    }

    /** A session with IJava's start-up script run; JShell's own messages go to {@code log}. */
    public static ShellSession start(PrintStream log) {
        JShell shell = JShell.builder()
                .executionEngine(new ObjectControl.Provider(), Map.of())
                .out(log).err(log)
                .build();
        ShellSession session = new ShellSession(shell);
        for (String line : STARTUP) {
            Evaluation e = session.eval(line, "start-up", 1);
            if (e.error() != null) throw new IllegalStateException("kernel start-up failed at " + line + ": " + e.error());
        }
        return session;
    }

    /** Adds a jar or folder to the class path of the snippets; the error (as {@link #error}) or null. */
    public Map<String, Object> addToClasspath(String path) {
        try {
            shell.addToClasspath(path);
            return null;
        } catch (Throwable t) {
            return error(t.getClass().getName(), "adding " + path + " to the class path failed: " + t.getMessage(), stack(t));
        }
    }

    public void close() {
        shell.close();
    }

    /** Where each snippet's code came from: "cell 3" and the cell line its first line is on. */
    private record Origin(String label, int firstLine) {
    }

    private final Map<String, Origin> origins = new java.util.HashMap<>();

    /**
     * Evaluates a chunk of code snippet by snippet, as IJava does; stops at the first error.
     * {@code label} and {@code firstLine} say where the chunk is in the notebook, for stack traces.
     */
    public Evaluation eval(String code, String label, int firstLine) {
        ObjectControl.clear();
        Object result = null;
        boolean evaluated = false;
        Map<String, Object> error = null;
        try {
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code);
            String before = code;
            while (info.completeness().isComplete()) {
                evaluated = true;
                int line = firstLine + linesBefore(code, before, info.source());
                result = evalSingle(info.source(), new Origin(label, line));
                before = info.remaining();
                info = analysis.analyzeCompletion(before);
            }
            if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
                error = error("IncompleteSourceException", "incomplete code (a missing ';', ')' or '}'?)",
                        List.of(info.remaining().trim()));
            }
        } catch (SnippetFailure f) {
            error = f.error;
        } catch (Throwable t) {
            error = error(t.getClass().getName(), String.valueOf(t.getMessage()), stack(t));
        }
        return new Evaluation(error == null ? result : null, evaluated, error);
    }

    /** The number of lines of {@code code} before where {@code snippet} starts within {@code rest}. */
    private static int linesBefore(String code, String rest, String snippet) {
        int restStart = code.length() - rest.length();
        String probe = snippet.strip();
        probe = probe.substring(0, Math.min(probe.length(), 30));
        int at = probe.isEmpty() ? -1 : rest.indexOf(probe);
        int start = restStart + Math.max(0, at);
        return (int) code.substring(0, Math.max(0, Math.min(start, code.length()))).chars().filter(c -> c == '\n').count();
    }

    private Object evalSingle(String source, Origin origin) throws SnippetFailure {
        List<SnippetEvent> events = shell.eval(source);
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null) {
                origins.put(event.snippet().id(), origin);
            }
        }
        Object result = null;
        // Take every value first so none is left behind when an event below fails.
        for (SnippetEvent event : events) {
            String key = event.value();
            if (key == null || !key.startsWith(ObjectControl.KEY_PREFIX)) {
                continue;
            }
            Object value = ObjectControl.take(key);
            switch (event.snippet().subKind()) {
                case VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, TEMP_VAR_EXPRESSION_SUBKIND -> result = value;
                default -> result = null;
            }
        }
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            JShellException e = event.exception();
            if (e != null) {
                throw new SnippetFailure(exceptionError(e));
            }
            if (!event.status().isDefined()) {
                throw new SnippetFailure(compileError(event.snippet(), origin));
            }
        }
        return result;
    }

    private Map<String, Object> exceptionError(JShellException e) {
        if (e instanceof UnresolvedReferenceException u) {
            String missing = shell.unresolvedDependencies(u.getSnippet()).collect(Collectors.joining(", "));
            List<String> tb = new ArrayList<>();
            tb.add("the code uses a definition that cannot be resolved: " + missing);
            Origin o = origins.getOrDefault(u.getSnippet().id(), new Origin("?", 1));
            tb.add("in " + o.label() + ", from line " + o.firstLine() + ":");
            tb.addAll(numbered(u.getSnippet().source(), o.firstLine()));
            return error("UnresolvedReferenceException", "unresolved: " + missing, tb);
        }
        String name = e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getName();
        return error(name, String.valueOf(e.getMessage()), stack(e));
    }

    private Map<String, Object> compileError(Snippet snippet, Origin origin) {
        String src = snippet.source();
        List<String> tb = new ArrayList<>();
        List<Diag> diags = shell.diagnostics(snippet).collect(Collectors.toList());
        String first = null;
        for (Diag d : diags) {
            String msg = d.getMessage(Locale.ROOT);
            if (first == null && d.isError()) {
                first = msg;
            }
            tb.add((d.isError() ? "error: " : "warning: ") + msg);
            tb.addAll(pointAt(src, (int) d.getStartPosition(), (int) d.getEndPosition(), origin));
        }
        String missing = snippet instanceof jdk.jshell.DeclarationSnippet ds
                ? shell.unresolvedDependencies(ds).collect(Collectors.joining(", ")) : "";
        if (!missing.isEmpty()) {
            tb.add("cannot find symbol(s): " + missing);
            if (first == null) {
                first = "cannot find symbol(s): " + missing;
            }
        }
        if (first == null) {
            first = "snippet was rejected (" + shell.status(snippet) + ")";
        }
        tb.add("in " + origin.label() + ", from line " + origin.firstLine() + ":");
        tb.addAll(numbered(src, origin.firstLine()));
        return error("CompilationException", first, tb);
    }

    private static List<String> pointAt(String src, int start, int end, Origin origin) {
        if (start < 0 || start > src.length()) {
            return List.of();
        }
        int lineStart = src.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
        if (start == 0) {
            lineStart = 0;
        }
        int lineEnd = src.indexOf('\n', start);
        if (lineEnd < 0) {
            lineEnd = src.length();
        }
        int line = (int) src.substring(0, lineStart).chars().filter(c -> c == '\n').count() + origin.firstLine();
        String prefix = "  " + origin.label() + ", line " + line + " | ";
        int width = Math.max(1, Math.min(end, lineEnd) - start);
        return List.of(prefix + src.substring(lineStart, lineEnd),
                " ".repeat(prefix.length() + (start - lineStart)) + "^".repeat(width));
    }

    private static List<String> numbered(String src, int firstLine) {
        List<String> out = new ArrayList<>();
        String[] lines = src.stripTrailing().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            out.add(String.format("  %3d | %s", firstLine + i, lines[i]));
        }
        return out;
    }

    List<String> stack(Throwable t) {
        List<String> out = new ArrayList<>();
        Throwable cur = t;
        boolean first = true;
        while (cur != null) {
            String cls = cur instanceof EvalException ee ? ee.getExceptionClassName() : cur.getClass().getName();
            out.add((first ? "" : "Caused by: ") + cls + (cur.getMessage() == null ? "" : ": " + cur.getMessage()));
            for (StackTraceElement el : cur.getStackTrace()) {
                String c = el.getClassName();
                if (c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.Method")
                        || c.startsWith("jdk.jshell.") || c.startsWith("org.icnnvarpro.notebooks.kernel.ObjectControl")) {
                    break;
                }
                out.add("\tat " + frame(el));
            }
            first = false;
            cur = cur.getCause() == cur ? null : cur.getCause();
        }
        return out;
    }

    /** A stack frame; frames in notebook code say the cell and line ("boom(cell 2, line 3)"). */
    private String frame(StackTraceElement el) {
        String file = el.getFileName();
        if (file != null && file.startsWith("#")) {
            Origin o = origins.get(file.substring(1));
            String where = o == null ? "snippet " + file + ", line " + el.getLineNumber()
                    : o.label() + ", line " + (o.firstLine() + el.getLineNumber() - 1);
            return el.getMethodName() + "(" + where + ")";
        }
        return el.toString();
    }

    static Map<String, Object> error(String ename, String evalue, List<String> traceback) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("ename", ename);
        e.put("evalue", evalue);
        e.put("traceback", traceback);
        return e;
    }

    private static final class SnippetFailure extends Exception {
        final Map<String, Object> error;

        SnippetFailure(Map<String, Object> error) {
            super(String.valueOf(error.get("evalue")), null, false, false);
            this.error = error;
        }
    }
}
