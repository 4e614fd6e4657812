package org.icnnvarpro.faults;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built jar ({@code lib/target/icnn-varpro.jar}) as a user would, in a child JVM, with
 * the JVM options and environment a fault needs; or any class of the test class path (a writer
 * to kill, say).
 */
final class Run {
    static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("lib/target/icnn-varpro.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    record Result(int exit, String out, String err, double seconds) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }

        /** Standard error as lines. */
        List<String> errLines() {
            return err.strip().isEmpty() ? List.of() : err.strip().lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + " after " + String.format("%.1f", seconds) + " s\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private final Path dir;
    private final List<String> jvm = new ArrayList<>(List.of("-Djava.awt.headless=true"));
    private final Map<String, String> env = new HashMap<>();

    private Run(Path dir) {
        this.dir = dir;
    }

    /** The temporary files a writer left in {@code dir} ({@code *.tmp}). */
    static List<Path> temporaries(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** A run in the working folder {@code dir}. */
    static Run in(Path dir) {
        return new Run(dir);
    }

    /** Adds JVM options (e.g. {@code -Xmx256m}). */
    Run jvm(String... options) {
        jvm.addAll(List.of(options));
        return this;
    }

    /** Sets an environment variable of the child. */
    Run env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** One JVM, no relaunch onto the vector kernels, quick start: for runs refused before any work. */
    Run quick() {
        return env("ICNN_RELAUNCH", "0").jvm("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    /** The command line for the jar with {@code args}. */
    List<String> command(String... args) {
        if (!Files.exists(JAR)) throw new IllegalStateException(JAR + " is missing: build with mvn package first");
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the jar with {@code args}; output goes to the given files. */
    Process start(File out, File err, String... args) throws IOException {
        return builder(command(args)).redirectOutput(out).redirectError(err).start();
    }

    /** Starts the jar with {@code args}; standard error is merged into the output the caller reads. */
    Process start(String... args) throws IOException {
        return builder(command(args)).redirectErrorStream(true).start();
    }

    /** Starts {@code mainClass} of the test class path (which holds the library) with {@code args}. */
    Process startClass(Class<?> mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.addAll(jvm);
        cmd.add("-cp");
        try {
            // the library (in the jar) and this module's test classes
            cmd.add(JAR + File.pathSeparator + Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return builder(cmd).redirectErrorStream(true).start();
    }

    private ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs the jar with {@code args} to the end (at most 5 minutes). */
    Result cli(String... args) throws IOException, InterruptedException {
        File out = File.createTempFile("cli", ".out"), err = File.createTempFile("cli", ".err");
        try {
            long t0 = System.nanoTime();
            Process p = start(out, err, args);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", args));
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8), (System.nanoTime() - t0) * 1e-9);
        } finally {
            out.delete();
            err.delete();
        }
    }
}
