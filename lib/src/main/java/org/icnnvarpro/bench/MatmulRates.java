package org.icnnvarpro.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.icnnvarpro.kernels.Dense;
import org.icnnvarpro.kernels.Kernels;

/**
 * The yardstick of the benchmark: the one-thread rate of dense matrix products {@code C = A·B}
 * (plain {@link Dense}, the Vector API kernels, EJML) on the representative tall-skinny product of a
 * chunk, {@code (c·R × m)·(m × m)}, for each width and dimension benchmarked, and on a 512 × 512
 * square product.
 */
final class MatmulRates {
    private MatmulRates() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static List<Bench.MatmulRate> measure(BenchOptions o) {
        List<Bench.MatmulRate> out = new ArrayList<>();
        Random rng = new Random(3);
        // Representative tall-skinny product of a chunk: (c·R × m)·(m × m), for each width and dim benchmarked.
        List<int[]> shapes = new ArrayList<>();
        for (int[] w : o.widths)
            for (int d : o.dims) {
                int rows = o.chunk * Config.rowsPerSample(d);
                int m = w[w.length - 1];
                shapes.add(new int[] {rows, m, m});
            }
        shapes.add(new int[] {512, 512, 512});
        for (int[] s : shapes) {
            for (Kernel k : Kernel.values()) {
                if (!k.available()) continue;
                double g = rate(k, s[0], s[1], s[2], rng, o.quick ? 0.3 : 1.0);
                out.add(new Bench.MatmulRate(k.label, s[0] + "x" + s[1] + " * " + s[1] + "x" + s[2], g));
            }
        }
        return out;
    }

    /** The matrix-multiply kernels measured as the yardstick. */
    enum Kernel {
        DENSE("icnn plain Dense.mult") {
            @Override
            void mult(double[] a, int r, int n, double[] b, int m, double[] c) {
                Dense.mult(a, 0, r, n, b, 0, m, c, 0);
            }
        },
        VECTOR("icnn vector Kernels.mult") {
            @Override
            boolean available() {
                return Kernels.vectorAvailable();
            }

            @Override
            void mult(double[] a, int r, int n, double[] b, int m, double[] c) {
                Kernels.vector().mult(a, 0, r, n, b, 0, m, c, 0);
            }
        },
        EJML("EJML CommonOps_DDRM.mult");

        final String label;

        Kernel(String label) { this.label = label; }

        boolean available() { return true; }

        void mult(double[] a, int r, int n, double[] b, int m, double[] c) {
            DMatrixRMaj A = DMatrixRMaj.wrap(r, n, a);
            DMatrixRMaj B = DMatrixRMaj.wrap(n, m, b);
            DMatrixRMaj C = DMatrixRMaj.wrap(r, m, c);
            CommonOps_DDRM.mult(A, B, C);
        }
    }

    /**
     * GFlop/s of {@code C = A·B} (2·r·n·m flops), median over repeated calls after warm-up, each
     * call timed by this thread's CPU time (so time the thread spent descheduled on a shared
     * machine does not count; wall time if CPU time is not supported).
     */
    static double rate(Kernel k, int r, int n, int m, Random rng, double seconds) {
        double[] a = new double[r * n], b = new double[n * m], c = new double[r * m];
        for (int i = 0; i < a.length; i++) a[i] = rng.nextDouble();
        for (int i = 0; i < b.length; i++) b[i] = rng.nextDouble();
        double flops = 2.0 * r * n * m;
        long t0 = System.nanoTime();
        while ((System.nanoTime() - t0) * 1e-9 < seconds * 0.4) k.mult(a, r, n, b, m, c);
        List<Double> rates = new ArrayList<>();
        long t1 = System.nanoTime();
        while ((System.nanoTime() - t1) * 1e-9 < seconds * 0.6 || rates.size() < 5) {
            boolean cpu = THREADS.isCurrentThreadCpuTimeSupported();
            long s = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
            k.mult(a, r, n, b, m, c);
            long e = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
            rates.add(flops / Math.max(1, e - s));
        }
        rates.sort(null);
        return rates.get(rates.size() / 2);
    }
}
