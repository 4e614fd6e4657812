package org.icnnvarpro.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * binder/postBuild with a local IJava archive (IJAVA_ARCHIVE), run twice on a copy of the repository
 * into a throw-away Python environment and HOME: it must build the jar and install a {@code java}
 * kernelspec whose kernel.json runs the kernel jar, and a second run must be a clean no-op-or-reinstall.
 *
 * <p>The archive is a STAND-IN built here with the layout of IJava's ijava-1.3.0.zip
 * ({@code install.py}, {@code java/kernel.json} with the {@code @KERNEL_INSTALL_DIRECTORY@} token,
 * {@code java/ijava-1.3.0.jar}); the real one is a GitHub download, unreachable from CI. The stand-in
 * install.py uses jupyter_client's KernelSpecManager when the Python has it (Debian:
 * python3-jupyter-client), as the real one does. Skip with {@code -Dbinder.test.skip=true}.
 */
class BinderPostBuildTest {
    static final Set<String> NOT_COPIED = Set.of("target", ".git", ".ipynb_checkpoints", "node_modules");

    @TempDir
    Path tmp;

    @Test
    void postBuildBuildsJarAndInstallsKernelTwice() throws Exception {
        assumeFalse(Boolean.getBoolean("binder.test.skip"), "binder.test.skip=true");
        Path repo = tmp.resolve("repo");
        copyRepo(NotebookTest.repoRoot(), repo);
        Path archive = standInArchive(tmp.resolve("dl/ijava-1.3.0.zip"));

        String python = pythonWithJupyterClient();
        Path venv = tmp.resolve("venv");
        run(List.of(python, "-m", "venv", "--without-pip", "--system-site-packages", venv.toString()), repo, Map.of(), 120);
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        Map<String, String> env = Map.of(
                "HOME", home.toString(),
                "PATH", venv.resolve("bin") + ":" + System.getenv("PATH"),
                "IJAVA_ARCHIVE", archive.toString(),
                "MAVEN_OPTS", "-Dmaven.repo.local=" + Path.of(System.getProperty("user.home"), ".m2", "repository"));

        String first = run(List.of("bash", "binder/postBuild"), repo, env, 600);
        Path jar = repo.resolve("lib/target/icnn-varpro.jar");
        assertTrue(Files.isRegularFile(jar), "postBuild built the jar\n" + first);
        assertTrue(first.contains("building "), first);
        Path kernelDir = venv.resolve("share/jupyter/kernels/java");
        checkKernelSpec(kernelDir, first);
        FileTime built = Files.getLastModifiedTime(jar);

        String second = run(List.of("bash", "binder/postBuild"), repo, env, 600);
        assertTrue(second.contains("jar is up to date"), second);
        assertEquals(built, Files.getLastModifiedTime(jar), "not rebuilt");
        checkKernelSpec(kernelDir, second);

        // --user when asked (and the default when sys.prefix is not writable)
        Map<String, String> user = new java.util.HashMap<>(env);
        user.put("IJAVA_INSTALL_FLAGS", "--user");
        String third = run(List.of("bash", "binder/postBuild"), repo, user, 600);
        checkKernelSpec(home.resolve(".local/share/jupyter/kernels/java"), third);

        if (hasJupyterClient(venv.resolve("bin/python3").toString())) {
            assertTrue(first.contains("jupyter_client finds the java kernel at " + kernelDir), first);
            assertTrue(third.contains("jupyter_client finds the java kernel at "
                    + home.resolve(".local/share/jupyter/kernels/java")), third);
            System.out.println("[binder] checked with jupyter_client's KernelSpecManager");
        } else {
            System.out.println("[binder] jupyter_client not installed: the stand-in install.py wrote the kernelspec itself");
        }

        // a missing archive fails clearly
        Map<String, String> missing = new java.util.HashMap<>(env);
        missing.put("IJAVA_ARCHIVE", tmp.resolve("nope.zip").toString());
        Process p = start(List.of("bash", "binder/postBuild"), repo, missing);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue(), out);
        assertTrue(out.contains("IJava archive not found"), out);
    }

    private static void checkKernelSpec(Path kernelDir, String log) throws IOException {
        Path kernelJson = kernelDir.resolve("kernel.json");
        assertTrue(Files.isRegularFile(kernelJson), "kernel.json installed in " + kernelDir + "\n" + log);
        JsonObject spec = JsonParser.parseString(Files.readString(kernelJson)).getAsJsonObject();
        JsonArray argv = spec.getAsJsonArray("argv");
        assertEquals("java", argv.get(0).getAsString());
        // the kernel JVM gets the Vector API module (once, however often postBuild ran)
        assertEquals("--add-modules", argv.get(1).getAsString(), argv.toString());
        assertEquals("jdk.incubator.vector", argv.get(2).getAsString(), argv.toString());
        assertEquals(6, argv.size(), argv.toString());
        assertEquals("-jar", argv.get(3).getAsString());
        Path kernelJar = Path.of(argv.get(4).getAsString());
        assertEquals(kernelDir.resolve("ijava-1.3.0.jar").toRealPath(), kernelJar.toRealPath(), "points at the jar");
        assertEquals("{connection_file}", argv.get(5).getAsString());
        assertEquals("java", spec.get("language").getAsString());
        assertFalse(spec.getAsJsonObject("env").has("IJAVA_CLASSPATH"), "notebooks use %jars, not IJAVA_CLASSPATH");
        assertFalse(Files.readString(kernelJson).contains("@KERNEL_INSTALL_DIRECTORY@"));
    }

    /** The first of python3, /usr/bin/python3 with jupyter_client; else python3. */
    private static String pythonWithJupyterClient() throws Exception {
        for (String py : List.of("python3", "/usr/bin/python3")) {
            if (hasJupyterClient(py)) {
                return py;
            }
        }
        return "python3";
    }

    private static boolean hasJupyterClient(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import jupyter_client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Path standInArchive(Path zip) throws IOException, URISyntaxException {
        Path src = Path.of(BinderPostBuildTest.class.getResource("/ijava-standin").toURI());
        Files.createDirectories(zip.getParent());
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String f : List.of("install.py", "java/kernel.json")) {
                out.putNextEntry(new ZipEntry(f));
                out.write(Files.readAllBytes(src.resolve(f)));
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("java/ijava-1.3.0.jar"));
            out.write(standInJar());
            out.closeEntry();
        }
        return zip;
    }

    /** A jar that only says what it is (the real IJava jar is the kernel). */
    private static byte[] standInJar() throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Implementation-Title", "IJava 1.3.0 stand-in for tests (not a kernel)");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, m)) {
            jar.putNextEntry(new JarEntry("STAND-IN.txt"));
            jar.write("IJava stand-in for tests of binder/postBuild\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static void copyRepo(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all.filter(p -> {
                for (Path part : from.relativize(p)) {
                    if (NOT_COPIED.contains(part.toString())) {
                        return false;
                    }
                }
                return true;
            })::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    private static Process start(List<String> cmd, Path dir, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("JUPYTER") || k.equals("IJAVA_INSTALL_FLAGS")
                || k.equals("XDG_DATA_HOME") || k.equals("XDG_CACHE_HOME") || k.equals("PYTHON"));
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String run(List<String> cmd, Path dir, Map<String, String> env, int seconds) throws Exception {
        Process p = start(cmd, dir, env);
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(
                p.getInputStream(), StandardCharsets.UTF_8)).lines().forEach(l -> {
                    synchronized (lines) {
                        lines.add(l);
                    }
                }));
        reader.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        reader.join(10_000);
        String out;
        synchronized (lines) {
            out = String.join("\n", lines);
        }
        System.out.println("[binder] $ " + String.join(" ", cmd) + "\n" + out);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }
}
