package org.icnnvarpro.notebooks.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Jupyter kernel for tests, built like IJava 1.3.0 on {@code jupyter-jvm-basekernel} 2.3.0 (ZeroMQ
 * channels, comms, display) with the same JShell, magics and display helpers as the project's own
 * notebook runner ({@link ShellSession}, {@link CellMagics}, {@link Display}). Jupyter's clients
 * (nbclient, nbconvert, jupyter_client) drive it through a kernelspec whose {@code argv} is
 * {@code java -cp <kernel classes and the base kernel's jars> org.icnnvarpro.notebooks.kernel.JupyterKernel {connection_file}}.
 *
 * <p>Cell output streams and displays go to Jupyter as they happen; a cell's last value is its
 * {@code execute_result}; an error is an {@code error} output whose traceback is the runner's (cell
 * and line of the failing code). The widget library finds this kernel through the system property
 * {@code icnnvarpro.widgets.kernel} and opens its comms on the base kernel's comm manager.
 */
public final class JupyterKernel extends BaseKernel {
    static final String WIDGETS_KERNEL = "icnnvarpro.widgets.kernel";
    private static volatile JupyterKernel instance;

    private final ShellSession session;
    private final Path cwd = Path.of("").toAbsolutePath();

    private JupyterKernel(ShellSession session) {
        this.session = session;
    }

    /** The running kernel (for the widget library); null before start. */
    public static JupyterKernel instance() {
        return instance;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java ... " + JupyterKernel.class.getName() + " CONNECTION_FILE");
            System.exit(2);
        }
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");   // the channels log every message at INFO
        root.setLevel(java.util.logging.Level.WARNING);
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        PrintStream log = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        JupyterKernel kernel = new JupyterKernel(ShellSession.start(log));
        instance = kernel;
        System.setProperty(WIDGETS_KERNEL, JupyterKernel.class.getName() + "#instance");
        Display.sendTo(kernel.new Publisher());
        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo("Java", Runtime.version().toString(), "text/x-java-source", ".jshell", "java", "java", null);
    }

    @Override
    public io.github.spencerpark.jupyter.kernel.display.DisplayData eval(String code) throws Exception {
        Object value = run(code, "In [" + (executionCount.get() - 1) + "]", 0);
        return value == null ? null : toJupyter(Display.render(value));
    }

    @Override
    public List<String> formatError(Exception e) {
        return e instanceof CellError c ? c.traceback : super.formatError(e);
    }

    /** A failed cell: the runner's error (ename, evalue, traceback). */
    static final class CellError extends Exception {
        final List<String> traceback;

        CellError(String ename, String evalue, List<String> traceback) {
            super(ename + ": " + evalue, null, false, false);
            this.traceback = List.copyOf(traceback);
        }

        @SuppressWarnings("unchecked")
        static CellError of(Map<String, Object> error) {
            return new CellError(String.valueOf(error.get("ename")), String.valueOf(error.get("evalue")), (List<String>) error.get("traceback"));
        }
    }

    /** Runs a cell (or a loaded notebook's cell): code chunks and line magics in order; the last value. */
    private Object run(String source, String label, int depth) throws CellError {
        String cellMagic = CellMagics.cellMagic(source);
        if (cellMagic != null) {
            throw new CellError("MagicException", "cell magic %%" + cellMagic + " is not supported (line magics: %jars, %classpath, %load)", List.of());
        }
        Object result = null;
        for (CellMagics.Part p : CellMagics.split(source)) {
            if (p.isMagic()) {
                magic(p, label, depth);
                result = null;
            } else {
                ShellSession.Evaluation e = session.eval(p.code(), label, p.line());
                if (e.error() != null) throw CellError.of(e.error());
                if (e.evaluated()) result = e.value();
            }
        }
        return result;
    }

    private void magic(CellMagics.Part p, String label, int depth) throws CellError {
        ShellSession.Evaluation probe = session.eval(CellMagics.PROBE, label, p.line());
        if (probe.error() != null) throw new CellError("MagicException", CellMagics.probeFailure(p.shown(), String.valueOf(probe.error().get("evalue"))), List.of());
        List<String> args = CellMagics.splitArgs(p.args());
        switch (p.magic()) {
            case "jars", "classpath" -> {
                boolean filesOnly = p.magic().equals("jars");
                List<String> added = new ArrayList<>();
                for (String arg : args) {
                    List<Path> matches = CellMagics.glob(cwd, arg, filesOnly);
                    if (matches.isEmpty()) {
                        System.err.println(CellMagics.noMatch(p.magic(), arg, cwd));
                        continue;
                    }
                    for (Path m : matches) {
                        Map<String, Object> error = session.addToClasspath(m.toString());
                        if (error != null) throw CellError.of(error);
                        added.add(m.toString());
                    }
                }
                if (p.assignPrefix() != null) {
                    ShellSession.Evaluation e = session.eval(CellMagics.assignment(p.assignPrefix(), added), label, p.line());
                    if (e.error() != null) throw CellError.of(e.error());
                }
            }
            case "load" -> {
                if (p.assignPrefix() != null) throw new CellError("MagicException", "assigning the result of %load is not supported", List.of(p.shown()));
                if (depth >= CellMagics.MAX_LOAD_DEPTH) throw new CellError("MagicException", "%load nested deeper than " + CellMagics.MAX_LOAD_DEPTH + " (a cycle?)", List.of(p.shown()));
                for (String arg : args) load(cwd.resolve(arg).normalize(), p, depth);
            }
            default -> throw new CellError("MagicException", "line magic %" + p.magic() + " is not supported (supported: %jars, %classpath, %load)", List.of(p.shown()));
        }
    }

    /** {@code %load}: a {@code .ipynb}'s code cells in order, or a {@code .jsh}/{@code .java} file. Uses Gson 2.8.5 API only (IJava's). */
    @SuppressWarnings("deprecation")
    private void load(Path file, CellMagics.Part p, int depth) throws CellError {
        try {
            if (!Files.isRegularFile(file)) throw new CellError("MagicException", "%load: no such file " + file, List.of(p.shown()));
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (!file.getFileName().toString().endsWith(".ipynb")) {
                ShellSession.Evaluation e = session.eval(text, file.getFileName().toString(), 1);
                if (e.error() != null) throw CellError.of(e.error());
                return;
            }
            int n = 0;
            for (JsonElement c : new JsonParser().parse(text).getAsJsonObject().getAsJsonArray("cells")) {
                n++;
                JsonObject cell = c.getAsJsonObject();
                if (!"code".equals(cell.get("cell_type").getAsString())) continue;
                JsonElement src = cell.get("source");
                StringBuilder code = new StringBuilder();
                if (src.isJsonArray()) src.getAsJsonArray().forEach(l -> code.append(l.getAsString()));
                else code.append(src.getAsString());
                run(code.toString(), file.getFileName() + " cell " + n, depth + 1);
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new CellError("MagicException", "%load " + file + ": " + e.getMessage(), List.of(p.shown()));
        }
    }

    private static io.github.spencerpark.jupyter.kernel.display.DisplayData toJupyter(DisplayData d) {
        io.github.spencerpark.jupyter.kernel.display.DisplayData out = new io.github.spencerpark.jupyter.kernel.display.DisplayData();
        d.data().forEach(out::putData);
        return out;
    }

    /** Sends {@code display(...)} and {@code updateDisplay(...)} of the notebook to Jupyter. */
    private final class Publisher implements Display.Sink {
        @Override
        public void display(String id, DisplayData d) {
            io.github.spencerpark.jupyter.kernel.display.DisplayData out = toJupyter(d);
            out.setDisplayId(id);
            JupyterKernel.this.display(out);
        }

        @Override
        public void update(String id, DisplayData d) {
            getIO().display.updateDisplay(id, toJupyter(d));
        }
    }
}
