package org.icnnvarpro.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line in a child JVM with {@code --add-modules jdk.incubator.vector} when this
 * JVM was started without it, so that {@code java -jar icnn-varpro.jar …} gets the vector
 * kernels (about 3× faster, bit-identical results; see BENCHMARKS.md). A jar manifest cannot add
 * a module, hence the relaunch. The child inherits standard input and output; its standard error
 * is forwarded without the JVM's one-line incubator notice. Ctrl-C (or SIGTERM) reaches the child,
 * whose own handling (e.g. {@code train} writing what it has) runs before this process exits.
 * If this process dies without that (SIGKILL), the child notices within a fraction of a second
 * ({@link #endWithParent()}) and ends at once, as the killed process would have: it writes nothing
 * more, and every file it wrote before is complete (files are written atomically).
 * Disabled with {@code -Dicnn.kernels=plain|vector} or the environment variable
 * {@code ICNN_RELAUNCH=0}.
 */
final class FastRelaunch {
    private FastRelaunch() {}

    /** System property the child gets: the process id of the JVM that launched it. */
    static final String PARENT = "icnn.relaunch.parent";
    /** How often the child looks whether its parent still runs (milliseconds). */
    static final long WATCH_MILLIS = 200;

    /**
     * In a relaunched child: watches the parent and halts this JVM (without shutdown hooks, so
     * nothing more is written) as soon as the parent is gone or is no longer this process's parent.
     * Does nothing in a JVM that was not relaunched.
     */
    static void endWithParent() {
        String id = System.getProperty(PARENT);
        if (id == null) return;
        long parent;
        try {
            parent = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return;
        }
        if (!parentIs(parent)) Runtime.getRuntime().halt(Main.FAILED);
        Thread watch = new Thread(() -> {
            try {
                while (parentIs(parent)) Thread.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(Main.FAILED);
        }, "icnn-relaunch-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Whether {@code pid} runs and is still this process's parent (an orphan is adopted by another process). */
    private static boolean parentIs(long pid) {
        return ProcessHandle.current().parent().map(p -> p.pid() == pid && p.isAlive()).orElse(false);
    }

    /** The child's exit code, or empty if the command should run in this JVM. */
    static Optional<Integer> maybeRelaunch(String[] args) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) return Optional.empty();
        if (System.getProperty("icnn.kernels") != null || "0".equals(System.getenv("ICNN_RELAUNCH"))) return Optional.empty();
        if (!ModuleFinderHolder.vectorModuleAvailable()) return Optional.empty();
        Optional<String> java = ProcessHandle.current().info().command();
        String jar;
        try {
            jar = Path.of(FastRelaunch.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            return Optional.empty();
        }
        if (java.isEmpty() || !jar.endsWith(".jar")) return Optional.empty();
        List<String> cmd = new ArrayList<>();
        cmd.add(java.get());
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("-Dicnn.kernels=auto");
        cmd.add("-D" + PARENT + "=" + ProcessHandle.current().pid());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib:jdwp")) cmd.add(a);
        }
        cmd.add("-cp");
        cmd.add(jar);
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        Process child;
        try {
            child = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        Thread err = new Thread(() -> forwardErrors(child, System.err), "icnn-relaunch-stderr");
        err.setDaemon(true);
        err.start();
        Thread hook = new Thread(() -> {
            // Ctrl-C also reaches the child (same process group); a plain SIGTERM to this process does not
            child.destroy();
            try {
                child.waitFor(150, TimeUnit.SECONDS);
                err.join(2000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "icnn-relaunch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int code = child.waitFor();
            err.join(5000);
            return Optional.of(code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(1);
        }
    }

    private static void forwardErrors(Process child, PrintStream to) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("WARNING: Using incubator modules")) continue;
                to.println(line);
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    /** Whether this JDK has the incubator module at all (a JRE or a jlinked image may not). */
    static final class ModuleFinderHolder {
        static boolean vectorModuleAvailable() {
            return java.lang.module.ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent();
        }
    }
}
