package org.icnnvarpro.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.icnnvarpro.notebooks.kernel.CellMagics;
import org.icnnvarpro.notebooks.kernel.KernelMain;

/**
 * Executes an IJava notebook the way Jupyter with the IJava 1.3.0 kernel would, without Jupyter.
 *
 * <p>Each run starts a fresh kernel JVM ({@link KernelMain}, JShell with IJava's start-up imports and
 * display helpers) whose working directory is the notebook's folder, so {@code new File("x.csv")},
 * {@code Path.of("x.csv")} and {@code %jars ../lib/target/icnn-varpro.jar} resolve as they do under
 * Jupyter. Code cells run in order; execution stops at the first failing cell. Line magics
 * {@code %jars}, {@code %classpath} (also as {@code List<String> x = %jars ...}) and {@code %load}
 * are supported; any other magic fails the cell with a clear message. As under IJava, a
 * {@code %jars} or {@code %classpath} path that matches nothing is ignored (noted in the kernel log).
 */
public final class NotebookRunner {
    private static Path kernelClasses;

    private final Duration cellTimeout;
    private final Duration notebookTimeout;
    private final Map<String, String> environment;
    private final List<String> jvmArgs;

    private NotebookRunner(Builder b) {
        this.cellTimeout = b.cellTimeout;
        this.notebookTimeout = b.notebookTimeout;
        this.environment = Map.copyOf(b.environment);
        this.jvmArgs = List.copyOf(b.jvmArgs);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Duration cellTimeout = Duration.ofMinutes(5);
        private Duration notebookTimeout;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();

        /** Longest time one cell may run (default 5 minutes); the kernel is killed past it. */
        public Builder cellTimeout(Duration d) {
            this.cellTimeout = d;
            return this;
        }

        /** Longest time the whole notebook may run, kernel start included (default none). */
        public Builder notebookTimeout(Duration d) {
            this.notebookTimeout = d;
            return this;
        }

        /** An environment variable for the kernel (the rest is inherited). */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** An extra option for the kernel JVM, e.g. {@code -Xmx2g}. */
        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public NotebookRunner build() {
            return new NotebookRunner(this);
        }
    }

    /** Runs every code cell of the notebook; never throws for an error inside the notebook. */
    public NotebookRun run(Path notebook) throws IOException {
        return run(notebook, NotebookJson.read(notebook.toAbsolutePath().normalize()));
    }

    /**
     * Runs the cells of {@code nb} (e.g. a notebook with edited parameters) as if it were the file
     * {@code notebook}: in that file's folder, under its name. The file itself is not read.
     */
    public NotebookRun run(Path notebook, JsonObject nb) throws IOException {
        notebook = notebook.toAbsolutePath().normalize();
        long t0 = System.nanoTime();
        long deadline = notebookTimeout == null ? Long.MAX_VALUE : t0 + notebookTimeout.toNanos();
        List<CellRun> runs = new ArrayList<>();
        try (Kernel kernel = new Kernel(notebook.getParent(), deadline)) {
            Duration startup = Duration.ofNanos(System.nanoTime() - t0);
            int cellNumber = 0;
            int codeNumber = 0;
            int count = 0;
            for (JsonObject cell : NotebookJson.cells(nb)) {
                cellNumber++;
                if (!"code".equals(cell.get("cell_type").getAsString())) {
                    continue;
                }
                codeNumber++;
                String source = NotebookJson.text(cell.get("source"));
                if (source.isBlank()) {
                    runs.add(new CellRun(cellNumber, codeNumber, null, source, new JsonArray(), null, Duration.ZERO));
                    continue;
                }
                count++;
                long c0 = System.nanoTime();
                CellExecution exec = new CellExecution(kernel, notebook.getParent(), runs);
                exec.runCell(source, "cell " + cellNumber, 0);
                if (exec.error == null && exec.result != null) {
                    JsonObject out = new JsonObject();
                    out.addProperty("output_type", "execute_result");
                    out.add("data", exec.result);
                    out.add("metadata", new JsonObject());
                    out.addProperty("execution_count", count);
                    exec.outputs.add(out);
                }
                if (exec.error != null) {
                    JsonObject out = new JsonObject();
                    out.addProperty("output_type", "error");
                    out.addProperty("ename", exec.error.ename());
                    out.addProperty("evalue", exec.error.evalue());
                    JsonArray tb = new JsonArray();
                    exec.error.traceback().forEach(tb::add);
                    out.add("traceback", tb);
                    exec.outputs.add(out);
                }
                runs.add(new CellRun(cellNumber, codeNumber, count, source, exec.outputs, exec.error,
                        Duration.ofNanos(System.nanoTime() - c0)));
                if (exec.error != null) {
                    break;
                }
            }
            return new NotebookRun(notebook, nb, runs, startup, Duration.ofNanos(System.nanoTime() - t0),
                    kernel.log());
        } catch (KernelFailure f) {
            // the kernel could not start at all
            CellRun.CellError err = new CellRun.CellError("KernelStartFailure", f.getMessage(), f.logTail());
            runs.add(new CellRun(0, 0, null, "", new JsonArray(), err, Duration.ZERO));
            return new NotebookRun(notebook, nb, runs, Duration.ZERO, Duration.ofNanos(System.nanoTime() - t0),
                    String.join("\n", f.logTail()));
        }
    }

    /** One cell's execution: its steps (code chunks and magics), outputs, last value and first error. */
    private final class CellExecution {
        final Kernel kernel;
        final Path cwd;
        final List<CellRun> earlier;
        final JsonArray outputs = new JsonArray();
        JsonObject result;
        CellRun.CellError error;

        CellExecution(Kernel kernel, Path cwd, List<CellRun> earlier) {
            this.kernel = kernel;
            this.cwd = cwd;
            this.earlier = earlier;
        }

        void runCell(String source, String label, int depth) {
            String cellMagic = CellMagics.cellMagic(source);
            if (cellMagic != null) {
                fail("MagicException", "cell magic %%" + cellMagic + " is not supported by NotebookRunner "
                        + "(supported: line magics %jars, %classpath, %load)", List.of());
                return;
            }
            for (CellMagics.Part p : CellMagics.split(source)) {
                if (!p.isMagic()) {
                    if (!eval(p.code(), label, p.line())) {
                        return;
                    }
                } else {
                    if (!magic(p, label, depth)) {
                        return;
                    }
                    result = null;
                }
            }
        }

        private boolean eval(String code, String label, int firstLine) {
            JsonObject answer = kernel.request("EVAL", code, label, Integer.toString(firstLine));
            if (!accepted(answer)) {
                return false;
            }
            if (answer.has("evaluated") && answer.get("evaluated").getAsBoolean()) {
                result = answer.has("result") && !answer.get("result").isJsonNull()
                        ? answer.getAsJsonObject("result") : null;
            }
            return true;
        }

        /** Takes the answer's outputs; false (and the cell's error set) if it reports an error. */
        private boolean accepted(JsonObject answer) {
            for (JsonElement e : answer.getAsJsonArray("outputs")) {
                addOutput(e.getAsJsonObject());
            }
            if (answer.has("error") && !answer.get("error").isJsonNull()) {
                JsonObject err = answer.getAsJsonObject("error");
                List<String> tb = new ArrayList<>();
                err.getAsJsonArray("traceback").forEach(t -> tb.add(t.getAsString()));
                error = new CellRun.CellError(err.get("ename").getAsString(), err.get("evalue").getAsString(), tb);
                return false;
            }
            return true;
        }

        private void addOutput(JsonObject o) {
            String kind = o.get("kind").getAsString();
            switch (kind) {
                case "stream" -> {
                    String name = o.get("name").getAsString();
                    String text = o.get("text").getAsString();
                    JsonObject last = outputs.isEmpty() ? null : outputs.get(outputs.size() - 1).getAsJsonObject();
                    if (last != null && last.get("output_type").getAsString().equals("stream")
                            && last.get("name").getAsString().equals(name)) {
                        last.addProperty("text", last.get("text").getAsString() + text);
                    } else {
                        JsonObject s = new JsonObject();
                        s.addProperty("output_type", "stream");
                        s.addProperty("name", name);
                        s.addProperty("text", text);
                        outputs.add(s);
                    }
                }
                case "display" -> {
                    JsonObject d = new JsonObject();
                    d.addProperty("output_type", "display_data");
                    d.add("data", o.getAsJsonObject("data"));
                    d.add("metadata", new JsonObject());
                    outputs.add(d);
                    kernel.displays.put(o.get("id").getAsString(), d);
                }
                case "update" -> {
                    // like Jupyter: replace the data of the display with that id, in whichever cell it is
                    JsonObject target = kernel.displays.get(o.get("id").getAsString());
                    if (target != null) {
                        target.add("data", o.getAsJsonObject("data"));
                    }
                }
                default -> throw new IllegalStateException("unknown kernel output " + o);
            }
        }

        private boolean magic(CellMagics.Part p, String label, int depth) {
            String name = p.magic();
            List<String> args = CellMagics.splitArgs(p.args());
            String shown = p.shown();
            if (!probeMagicRewrite(shown)) {
                return false;
            }
            switch (name) {
                case "jars", "classpath" -> {
                    boolean filesOnly = name.equals("jars");
                    List<String> added = new ArrayList<>();
                    for (String arg : args) {
                        List<Path> matches = CellMagics.glob(cwd, arg, filesOnly);
                        if (matches.isEmpty()) {
                            // as IJava: a path that matches nothing is ignored (notebooks list one path per
                            // folder they may be opened from, and check that their classes load)
                            kernel.note(CellMagics.noMatch(name, arg, cwd));
                            continue;
                        }
                        for (Path m : matches) {
                            if (!accepted(kernel.request("CP", m.toString()))) {
                                return false;
                            }
                            added.add(m.toString());
                        }
                    }
                    if (p.assignPrefix() != null) {
                        return eval(CellMagics.assignment(p.assignPrefix(), added), label, p.line());
                    }
                    return true;
                }
                case "load" -> {
                    if (p.assignPrefix() != null) {
                        fail("MagicException", "assigning the result of %load is not supported by NotebookRunner",
                                List.of(shown));
                        return false;
                    }
                    if (depth >= CellMagics.MAX_LOAD_DEPTH) {
                        fail("MagicException", "%load nested deeper than " + CellMagics.MAX_LOAD_DEPTH + " (a cycle?)", List.of(shown));
                        return false;
                    }
                    for (String arg : args) {
                        Path file = cwd.resolve(arg).normalize();
                        if (!Files.isRegularFile(file)) {
                            fail("MagicException", "%load " + arg + ": no such file " + file, List.of(shown));
                            return false;
                        }
                        try {
                            if (file.getFileName().toString().endsWith(".ipynb")) {
                                List<JsonObject> all = NotebookJson.cells(NotebookJson.read(file));
                                for (JsonObject cell : all) {
                                    if ("code".equals(cell.get("cell_type").getAsString())) {
                                        runCell(NotebookJson.text(cell.get("source")),
                                                file.getFileName() + " cell " + (all.indexOf(cell) + 1), depth + 1);
                                        if (error != null) {
                                            return false;
                                        }
                                    }
                                }
                            } else if (!eval(Files.readString(file, StandardCharsets.UTF_8),
                                    file.getFileName().toString(), 1)) {
                                return false;
                            }
                        } catch (IOException e) {
                            fail("MagicException", "%load " + arg + ": " + e.getMessage(), List.of(shown));
                            return false;
                        }
                    }
                    return true;
                }
                default -> {
                    fail("MagicException", "line magic %" + name + " is not supported by NotebookRunner "
                            + "(supported: %jars, %classpath, %load)", List.of(shown));
                    return false;
                }
            }
        }

        /**
         * IJava rewrites a magic line into {@code lineMagic(new String(Base64...), List.of(...))}: if a
         * cell imported e.g. {@code java.awt.*}, {@code List} is ambiguous and the magic fails to compile
         * under IJava. Check the same here so that the tests catch it.
         */
        private boolean probeMagicRewrite(String shown) {
            JsonObject answer = kernel.request("EVAL", CellMagics.PROBE);
            if (answer.has("error") && !answer.get("error").isJsonNull()) {
                JsonObject err = answer.getAsJsonObject("error");
                fail("MagicException", CellMagics.probeFailure(shown, err.get("evalue").getAsString()), List.of());
                return false;
            }
            return true;
        }

        private void fail(String ename, String evalue, List<String> traceback) {
            error = new CellRun.CellError(ename, evalue, traceback);
        }
    }

    /** The kernel JVM: started in the notebook folder, answering one JSON line per request. */
    private final class Kernel implements AutoCloseable {
        private static final String EOF = "\u0000EOF";
        final Map<String, JsonObject> displays = new HashMap<>();
        private final Process process;
        private final Writer requests;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final StringBuffer log = new StringBuffer();
        private final long deadline;

        Kernel(Path cwd, long deadline) throws IOException {
            this.deadline = deadline;
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Djava.awt.headless=true");
            cmd.add("-Dfile.encoding=UTF-8");
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(kernelClasses().toString());
            cmd.add(KernelMain.class.getName());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
            pb.environment().putAll(environment);
            process = pb.start();
            requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            pump(process.getInputStream(), true);
            pump(process.getErrorStream(), false);
            JsonObject ready = await(Duration.ofSeconds(60), "kernel start-up");
            if (!ready.has("ready")) {
                process.destroyForcibly();
                throw new KernelFailure("kernel did not start: " + ready, logTail());
            }
        }

        private void pump(InputStream in, boolean protocol) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (protocol && line.startsWith(KernelMain.MARK)) {
                            answers.add(line.substring(KernelMain.MARK.length()));
                        } else {
                            appendLog(line);
                        }
                    }
                } catch (IOException e) {
                    appendLog("(reading kernel " + (protocol ? "stdout" : "stderr") + " failed: " + e + ")");
                } finally {
                    if (protocol) {
                        answers.add(EOF);
                    }
                }
            }, "notebook-kernel-" + (protocol ? "out" : "err"));
            t.setDaemon(true);
            t.start();
        }

        private void appendLog(String line) {
            log.append(line).append('\n');
            if (log.length() > 200_000) {
                log.delete(0, log.length() - 100_000);
            }
        }

        JsonObject request(String command, String arg, String... more) {
            try {
                StringBuilder line = new StringBuilder(command).append(' ')
                        .append(Base64.getEncoder().encodeToString(arg.getBytes(StandardCharsets.UTF_8)));
                if (more.length > 0) {
                    line.append(' ').append(Base64.getEncoder().encodeToString(more[0].getBytes(StandardCharsets.UTF_8)));
                }
                for (int i = 1; i < more.length; i++) {
                    line.append(' ').append(more[i]);
                }
                requests.write(line.append('\n').toString());
                requests.flush();
            } catch (IOException e) {
                throw new KernelFailure("cannot talk to the kernel: " + e, logTail());
            }
            JsonObject answer = await(cellTimeout, "the cell");
            if (answer.has("fatal")) {
                throw new KernelFailure(answer.get("fatal").getAsString(), logTail());
            }
            return answer;
        }

        private JsonObject await(Duration timeout, String what) {
            long now = System.nanoTime();
            long limit = Math.min(deadline, now + timeout.toNanos());
            boolean notebookLimit = deadline <= now + timeout.toNanos();
            try {
                String line = answers.poll(Math.max(0, limit - now), TimeUnit.NANOSECONDS);
                if (line == null) {
                    process.destroyForcibly();
                    String msg = what + " did not finish within "
                            + (notebookLimit ? "the notebook's time limit of " + notebookTimeout.toSeconds() + " s"
                            : timeout.toSeconds() + " s (cell time limit)") + "; kernel killed";
                    return errorAnswer("TimeoutException", msg);
                }
                if (line.equals(EOF)) {
                    int code = process.waitFor();
                    return errorAnswer("KernelDied", "the kernel JVM exited (exit code " + code
                            + ") while running " + what + " (System.exit? out of memory?)");
                }
                return JsonParser.parseString(line).getAsJsonObject();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                return errorAnswer("InterruptedException", "interrupted while waiting for " + what);
            }
        }

        private JsonObject errorAnswer(String ename, String evalue) {
            JsonObject err = new JsonObject();
            err.addProperty("ename", ename);
            err.addProperty("evalue", evalue);
            JsonArray tb = new JsonArray();
            tb.add("last lines of the kernel's output:");
            logTail().forEach(l -> tb.add(new JsonPrimitive(l)));
            err.add("traceback", tb);
            JsonObject answer = new JsonObject();
            answer.add("outputs", new JsonArray());
            answer.add("error", err);
            return answer;
        }

        List<String> logTail() {
            try {
                Thread.sleep(50); // let the pumps catch up with a dying process
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String[] lines = log.toString().split("\n");
            return List.of(lines).subList(Math.max(0, lines.length - 30), lines.length);
        }

        String log() {
            return log.toString();
        }

        /** A line in the kernel log from the runner itself. */
        void note(String line) {
            appendLog("[runner] " + line);
        }

        @Override
        public void close() {
            try {
                if (process.isAlive()) {
                    requests.write("QUIT\n");
                    requests.flush();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static final class KernelFailure extends RuntimeException {
        private final List<String> logTail;

        KernelFailure(String message, List<String> logTail) {
            super(message);
            this.logTail = logTail;
        }

        List<String> logTail() {
            return logTail;
        }
    }

    /**
     * The kernel's class path: only the kernel package, copied out of the test classes, so that
     * notebook code sees no test or library classes it did not add with {@code %jars}.
     */
    static synchronized Path kernelClasses() throws IOException {
        if (kernelClasses != null) {
            return kernelClasses;
        }
        Path root;
        try {
            root = Path.of(KernelMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        String pkg = KernelMain.class.getPackageName().replace('.', '/');
        Path target = Files.createTempDirectory("notebook-kernel");
        Path dest = target.resolve(pkg);
        Files.createDirectories(dest);
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.list(root.resolve(pkg))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, dest.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } else {
            try (var fs = FileSystems.newFileSystem(root); Stream<Path> files = Files.list(fs.getPath(pkg))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, dest.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        kernelClasses = target;
        return target;
    }
}
