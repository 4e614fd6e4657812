package org.icnnvarpro.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two jars of the build. {@code lib/target/icnn-varpro.jar} is minimized (only the classes of
 * Tablesaw's and XChart's own dependencies that are reachable stay in): a child JVM with nothing
 * but that jar on its class path uses what notebook cells and JShell users call directly
 * ({@link Smoke}): Tablesaw reading a CSV file (charset detection by ICU, readers found by
 * ClassGraph), sorting and summarizing; XChart writing PNG, JPG, SVG, PDF and EPS; EJML
 * decompositions; the model file; without SLF4J's warning. Gson is relocated in it, so that the
 * library reads and writes model files with its own Gson even where the IJava kernel's older Gson
 * comes first on the class path. The thin library jar holds this project's classes only.
 */
class CompactJarTest {
    @TempDir
    Path dir;

    @Test
    void theRunnableJarIsCompactAndServesWhatNotebooksUse() throws Exception {
        long size = Files.size(Cli.JAR);
        // 45.2 MB before minimization (fastutil and ICU's data alone were 33 MB of it)
        assertTrue(size < 16_000_000, "lib/target/icnn-varpro.jar has " + size + " bytes: is the shade plugin still minimizing?");

        Files.writeString(dir.resolve("d.csv"), "a,b,name\n1,2.5,x\n3,4.5,y\n5,0.5,x\n");
        String out = runChild(Smoke.class, Cli.JAR.toString());
        assertTrue(out.contains("smoke ok"), out);
        assertFalse(out.contains("SLF4J"), out);
        for (String f : List.of("c.png", "c.svg", "c.pdf", "c.eps", "cc.jpg", "out.csv"))
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
    }

    /**
     * IJava 1.3.0 has Gson 2.8.5 on the kernel's class path, which a notebook's class loader asks
     * before the jars that {@code %jars} adds: the same order here, that Gson first on the class path.
     */
    @Test
    void modelFilesWorkWithTheKernelsOldGsonFirstOnTheClassPath() throws Exception {
        Path gson = Path.of(System.getProperty("kernel.gson", "target/jupyter-kernel-lib/gson-2.8.5.jar"));
        assertTrue(Files.isRegularFile(gson), "the kernel's Gson, copied by the build: " + gson);
        String out = runChild(ModelSmoke.class, gson + File.pathSeparator + Cli.JAR);
        assertTrue(out.contains("com.google.gson from gson-2.8.5.jar"), out);
        assertTrue(out.contains("model ok"), out);
    }

    /**
     * No class of this project refers to {@code com.google.gson} in the runnable jar (they use the
     * relocated copy), except the kernel-facing ones, which exchange Gson objects with the kernel and
     * must use the kernel's: those refer to {@code com.google.gson} only.
     */
    @Test
    void onlyKernelFacingClassesReferToTheUnrelocatedGson() throws Exception {
        int ours = 0;
        try (JarFile jar = new JarFile(Cli.JAR.toFile())) {
            assertTrue(jar.getEntry("com/google/gson/Gson.class") == null, "Gson is not relocated in " + Cli.JAR);
            assertTrue(jar.getEntry("org/icnnvarpro/shaded/gson/Gson.class") != null, "no relocated Gson in " + Cli.JAR);
            for (var e : java.util.Collections.list(jar.entries())) {
                String n = e.getName();
                if (!n.startsWith("org/icnnvarpro/") || n.startsWith("org/icnnvarpro/shaded/") || !n.endsWith(".class")) continue;
                ours++;
                String bytes = new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.ISO_8859_1);
                boolean kernelFacing = n.startsWith("org/icnnvarpro/widgets/BaseKernelConnection");
                if (kernelFacing) {
                    assertFalse(bytes.contains("org/icnnvarpro/shaded/gson"), n + " must use the kernel's Gson, not the relocated one");
                } else {
                    assertFalse(bytes.contains("com/google/gson"), n + " refers to the unrelocated Gson");
                }
            }
        }
        assertTrue(ours > 100, "only " + ours + " classes of this project in the jar");
    }

    private String runChild(Class<?> main, String classPath) throws Exception {
        String testClasses = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true",
                "-cp", classPath + File.pathSeparator + testClasses, main.getName())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theThinLibraryJarHoldsThisProjectsClassesOnly() throws Exception {
        Path lib = Cli.ROOT.resolve("lib/target");
        List<Path> thin;
        try (var files = Files.list(lib)) {
            thin = files.filter(f -> f.getFileName().toString().matches("icnn-varpro-.*\\d.*\\.jar")).toList();
        }
        assertEquals(1, thin.size(), "one thin jar in " + lib + ": " + thin);
        try (JarFile jar = new JarFile(thin.get(0).toFile())) {
            List<String> foreign = jar.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".class") && !n.startsWith("org/icnnvarpro/")).toList();
            assertTrue(foreign.isEmpty(), "classes of other projects in the thin jar: " + foreign);
            assertTrue(jar.getEntry("org/icnnvarpro/model/Icnn.class") != null);
        }
    }

    /** Runs in the child JVM: library APIs as a notebook cell would call them. */
    public static final class Smoke {
        public static void main(String[] args) throws Exception {
            tech.tablesaw.api.Table t = tech.tablesaw.api.Table.read().csv("d.csv");
            System.out.println(t.summary());
            System.out.println(t.sortDescendingOn("b").first(2));
            System.out.println(t.summarize("b", tech.tablesaw.aggregate.AggregateFunctions.mean,
                    tech.tablesaw.aggregate.AggregateFunctions.stdDev).by("name"));
            tech.tablesaw.api.DoubleColumn c = t.doubleColumn("b");
            c.setPrintFormatter(tech.tablesaw.columns.numbers.NumberColumnFormatter.fixedWithGrouping(2));
            System.out.println(c.print() + " median " + c.median());
            t.write().csv("out.csv");

            org.knowm.xchart.XYChart chart = new org.knowm.xchart.XYChartBuilder().width(400).height(300).title("t").build();
            chart.addSeries("s", new double[] {1, 2, 3}, new double[] {3, 1, 2});
            org.knowm.xchart.BitmapEncoder.saveBitmap(chart, "c", org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
            for (org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat f : org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat.values())
                org.knowm.xchart.VectorGraphicsEncoder.saveVectorGraphic(chart, "c", f);
            org.knowm.xchart.CategoryChart bars = new org.knowm.xchart.CategoryChartBuilder().width(300).height(200).build();
            bars.addSeries("a", new double[] {1, 2}, new double[] {3, 4});
            org.knowm.xchart.BitmapEncoder.saveBitmap(bars, "cc", org.knowm.xchart.BitmapEncoder.BitmapFormat.JPG);

            org.ejml.data.DMatrixRMaj m = org.ejml.data.DMatrixRMaj.wrap(2, 2, new double[] {2, 1, 1, 3});
            var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(2, true);
            if (!eig.decompose(m.copy())) throw new AssertionError("eig failed");
            var chol = org.ejml.dense.row.factory.DecompositionFactory_DDRM.chol(2, true);
            if (!chol.decompose(m.copy())) throw new AssertionError("chol failed");

            ModelSmoke.main(args);
            System.out.println("smoke ok");
        }
    }

    /** Runs in the child JVM: a model file written and read back, and where {@code com.google.gson} comes from. */
    public static final class ModelSmoke {
        public static void main(String[] args) throws Exception {
            org.icnnvarpro.model.Icnn net = org.icnnvarpro.model.Icnn.builder(2).hidden(8, 8).quadratic(true).seed(3).build();
            Path file = Path.of("model.json");
            org.icnnvarpro.model.ModelFile.write(net, file);
            org.icnnvarpro.model.Icnn back = org.icnnvarpro.model.ModelFile.read(file);
            if (!java.util.Arrays.equals(net.weights(), back.weights())) throw new AssertionError("weights changed in the model file");
            try {
                var where = Class.forName("com.google.gson.Gson").getProtectionDomain().getCodeSource().getLocation();
                System.out.println("com.google.gson from " + Path.of(where.toURI()).getFileName());
            } catch (ClassNotFoundException e) {
                System.out.println("no com.google.gson on the class path");
            }
            System.out.println("model ok");
        }
    }
}
