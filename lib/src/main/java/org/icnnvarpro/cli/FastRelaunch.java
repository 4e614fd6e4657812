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
 * Disabled with {@code -Dicnn.kernels=plain|vector} or the environment variable
 * {@code ICNN_RELAUNCH=0}.
 */
final class FastRelaunch {
    private FastRelaunch() {}

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
