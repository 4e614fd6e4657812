package org.icnnvarpro.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.kernels.Kernels;
import org.icnnvarpro.loss.SaaLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole loss, gradient and input derivatives of random networks on the Vector API kernels
 * against the plain ones (bit for bit), with one and two threads, at the other vector width, and in
 * a JVM without the Vector API module ({@link #plainPathWorksWithoutTheModule}). The kernels one by
 * one are compared in {@code kernels.KernelsTest}.
 */
class PlainAndVectorKernelsTest {
    static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-12 * Math.max(1e-300, Math.abs(expected)), what);
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), what + " (bit for bit)");
    }

    @ParameterizedTest
    @CsvSource({"1,'7,13,5',true", "1,'32,32,32,32',false", "2,'32,32,32,32',false", "2,'9,33,17',true", "5,'7,13,5',false",
                "5,'32,32',true", "2,'5',true", "2,'20,44',false"})
    void lossAndGradientEqualThePlainPath(int d, String widthList, boolean quadratic) {
        assumeTrue(Kernels.vectorAvailable());
        int[] widths = java.util.Arrays.stream(widthList.split(",")).mapToInt(Integer::parseInt).toArray();
        for (Activation act : Activation.values()) {
            Icnn net = BatchDerivativesTest.randomNet(d, widths, act, quadratic, 11 + d);
            Samples x = BatchDerivativesTest.data(301, d, 3 + d, 1.5);
            double[] gp = new double[net.size()], gv = new double[net.size()];
            // chunk 64: several chunks and, for the wider nets, several sub-blocks per chunk
            double jp = new SaaLoss(new BatchDerivatives(1, 64, Kernels.plain())).valueAndGradient(net, x, gp);
            double jv = new SaaLoss(new BatchDerivatives(1, 64, Kernels.vector())).valueAndGradient(net, x, gv);
            String ctx = "d=" + d + " widths=" + widthList + " " + act;
            assertClose(jp, jv, "loss " + ctx);
            for (int k = 0; k < gp.length; k++) assertClose(gp[k], gv[k], "gradient " + net.describe(k) + " " + ctx);
            BatchDerivatives.Evaluation ep = new BatchDerivatives(1, 64, Kernels.plain()).evaluate(net, x);
            BatchDerivatives.Evaluation ev = new BatchDerivatives(1, 64, Kernels.vector()).evaluate(net, x);
            assertArrayEquals(ep.potential, ev.potential, 0.0);
            assertArrayEquals(ep.gradient, ev.gradient, 0.0);
            assertArrayEquals(ep.hessian, ev.hessian, 0.0);
        }
    }

    @Test
    void valueOnlyEqualsValueWithGradientAndThreadsAgree() {
        Icnn net = BatchDerivativesTest.randomNet(2, new int[] {32, 32, 32, 32}, Activation.SOFTPLUS, true, 9);
        Samples x = BatchDerivativesTest.data(2000, 2, 4, 1.0);
        for (Kernels k : Kernels.vectorAvailable() ? List.of(Kernels.plain(), Kernels.vector()) : List.of(Kernels.plain())) {
            try (BatchDerivatives one = new BatchDerivatives(1, 100, k); BatchDerivatives two = new BatchDerivatives(2, 100, k)) {
                double[] g1 = new double[net.size()], g2 = new double[net.size()];
                double j1 = new SaaLoss(one).valueAndGradient(net, x, g1);
                double v1 = new SaaLoss(one).value(net, x);   // skips the adjoint sweep
                assertEquals(j1, v1, 0.0, k.name());
                // 20 chunks on 2 threads: partials arrive out of order and are summed in chunk order
                for (int rep = 0; rep < 3; rep++) {
                    double j2 = new SaaLoss(two).valueAndGradient(net, x, g2);
                    assertEquals(j1, j2, 0.0, k.name());
                    assertArrayEquals(g1, g2, 0.0, k.name());
                    assertEquals(v1, new SaaLoss(two).value(net, x), 0.0, k.name());
                }
            }
        }
    }

    /**
     * The vector kernels at the other width: a child JVM limited to AVX2 (4 lanes) when this one has
     * AVX-512 (8 lanes), or the reverse, gives the plain path's bits too (and softplus everywhere).
     */
    @Test
    void otherVectorWidthEqualsThePlainPath() throws Exception {
        assumeTrue(Kernels.vectorAvailable());
        String arch = System.getProperty("os.arch");
        assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), "-XX:UseAVX is an x86 flag");
        boolean wide = Kernels.vector().name().equals("vector8");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-XX:UseAVX=" + (wide ? 2 : 3),
                "-cp", System.getProperty("java.class.path"), OtherWidthMain.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        if (!wide) assumeTrue(out.contains("kernels vector8"), "this CPU has no AVX-512: " + out);
        assertTrue(out.contains(wide ? "kernels vector4" : "kernels vector8"), out);
        assertTrue(out.contains("bits equal 16"), out);
    }

    /** Entry point of {@link #otherVectorWidthEqualsThePlainPath}'s child JVM. */
    public static final class OtherWidthMain {
        public static void main(String[] args) {
            System.out.println("kernels " + Kernels.vector().name());
            int equal = 0;
            for (int d : new int[] {1, 2})
                for (int[] widths : new int[][] {{32, 32, 32, 32}, {13, 20}, {44, 9}, {5}})
                    for (boolean quadratic : new boolean[] {false, true}) {
                        Icnn net = BatchDerivativesTest.randomNet(d, widths, Activation.SOFTPLUS, quadratic, 7 + d);
                        Samples x = BatchDerivativesTest.data(150, d, 2 + d, 1.5);
                        double[] gp = new double[net.size()], gv = new double[net.size()];
                        double jp = new SaaLoss(new BatchDerivatives(1, 64, Kernels.plain())).valueAndGradient(net, x, gp);
                        double jv = new SaaLoss(new BatchDerivatives(1, 64, Kernels.vector())).valueAndGradient(net, x, gv);
                        boolean same = Double.doubleToLongBits(jp) == Double.doubleToLongBits(jv);
                        for (int k = 0; k < gp.length; k++) same &= Double.doubleToLongBits(gp[k]) == Double.doubleToLongBits(gv[k]);
                        BatchDerivatives.Evaluation ep = new BatchDerivatives(1, 64, Kernels.plain()).evaluate(net, x);
                        BatchDerivatives.Evaluation ev = new BatchDerivatives(1, 64, Kernels.vector()).evaluate(net, x);
                        same &= java.util.Arrays.equals(ep.hessian, ev.hessian) && java.util.Arrays.equals(ep.gradient, ev.gradient);
                        if (same) equal++;
                        else System.out.println("differs: d=" + d + " widths=" + java.util.Arrays.toString(widths) + " quadratic=" + quadratic);
                    }
            System.out.println("bits equal " + equal);
        }
    }

    /** A JVM without {@code --add-modules jdk.incubator.vector} runs the plain path (the vector class is never loaded). */
    @Test
    void plainPathWorksWithoutTheModule() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        // (--add-opens lets the child ask its class loader which classes it loaded)
        Process p = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                NoModuleMain.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("kernels plain"), out);
        assertTrue(out.contains("vector class loaded false"), out);
        assertTrue(out.contains("loss ok"), out);
    }

    /** Entry point of {@link #plainPathWorksWithoutTheModule}'s child JVM. */
    public static final class NoModuleMain {
        public static void main(String[] args) throws Exception {
            System.out.println("kernels " + Kernels.defaults().name());
            Icnn net = BatchDerivativesTest.randomNet(2, new int[] {8, 8}, Activation.SOFTPLUS, true, 1);
            Samples x = BatchDerivativesTest.data(100, 2, 1, 1.0);
            double j = new SaaLoss(new BatchDerivatives(1, 64)).valueAndGradient(net, x, new double[net.size()]);
            if (Double.isFinite(j)) System.out.println("loss ok");
            java.lang.reflect.Method m = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
            m.setAccessible(true);
            boolean loaded = m.invoke(NoModuleMain.class.getClassLoader(), Kernels.class.getPackageName() + ".VectorKernels") != null;
            System.out.println("vector class loaded " + loaded);
            try {
                Kernels.vector();
                System.out.println("vector available");
            } catch (UnsupportedOperationException e) {
                System.out.println("vector unavailable");
            }
        }
    }
}
