package org.icnnvarpro.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.icnnvarpro.data.Samples;
import org.icnnvarpro.io.Memory;
import org.icnnvarpro.kernels.Dense;
import org.icnnvarpro.kernels.Kernels;
import org.icnnvarpro.kernels.PackedSymmetric;

/**
 * Batched forward and adjoint propagation of an {@link Icnn} (docs/math.md §2 and §4), hessQuik style.
 *
 * <p><b>Input derivatives</b> ({@link #evaluate}, {@link #features}): for each sample the layer
 * state is a block of {@code R = 1 + d + T} rows, {@code T = d(d+1)/2}: the value row ({@code z_i}
 * or {@code u_i}), {@code d} gradient rows ({@code P_i = ∇z_i} or {@code J_i = ∇u_i}) and {@code T}
 * Hessian rows (upper triangles of {@code Q_i[k]} or {@code H_i[k]}), one column per neuron.
 * Stacking the blocks of a sub-block of samples gives one matrix, and each layer is one dense
 * product with its {@code L_i}:
 *
 * <pre>
 *   Z_i = A_{i−1} L_iᵀ + [K_i x + b_i ; K_i ; 0]
 *   A_i = σ-rule(Z_i):  u = σ(z),  J = σ'·P,  H = σ''·p pᵀ + σ'·Q
 * </pre>
 *
 * <p><b>Loss and weight gradient</b> ({@link #backward}): only the value and gradient rows go
 * forward ({@code 1 + d} rows); the Hessian is assembled from one backward row,
 * {@code ∇²Φ = Σ_i P_iᵀ diag(σ''(z_i) ⊙ δ_i) P_i + w_q I} with {@code δ_i = ∂Φ/∂u_i}, and its
 * adjoint runs as three more sweeps (see {@code Recurrences.backward}): 12 product rows per sample
 * and layer for d = 2, where the forward-mode Hessian rows and their adjoint (docs/math.md §4.5–4.6) take 18,
 * and no per-neuron Hessian-row rules. Both give ∇²Φ to rounding (the tests compare them).
 *
 * <p>Samples are processed in chunks of fixed size ({@link #chunkSize()}), which bounds memory
 * to a few chunk-sized buffers per layer whatever {@code N} is, and lets chunks run on several
 * threads. Partial gradients are summed in chunk order as they finish (a few partials in memory,
 * not one per chunk), so the result does not depend on the number of threads. A values-only call
 * ({@code gradient == null}) skips the adjoint sweeps.
 *
 * <p>The dense products and the elementwise rules run on {@link Kernels#defaults()}: the Vector API
 * kernels when the JVM was started with {@code --add-modules jdk.incubator.vector}, else plain loops
 * (system property {@code icnn.kernels=plain|vector} to force one). Both give bit-identical results.
 * Instances are not thread-safe themselves: use one per thread of the caller.
 */
public final class BatchDerivatives implements AutoCloseable {
    /** Default number of samples per chunk. */
    public static final int DEFAULT_CHUNK = 256;

    private final int threads;
    private final int chunk;
    private final Kernels kernels;
    private ExecutorService pool;
    private final List<Recurrences> workspaces = new ArrayList<>();
    private double[] values = new double[0];
    private OrderedSum orderedSum;
    private Prepared prepared;

    /** Uses all available processors and chunks of {@value #DEFAULT_CHUNK} samples. */
    public BatchDerivatives() {
        this(0, DEFAULT_CHUNK);
    }

    /**
     * @param threads number of threads (0 = all available processors)
     * @param chunk   samples per chunk (the unit of work per thread and of memory)
     */
    public BatchDerivatives(int threads, int chunk) {
        this(threads, chunk, Kernels.defaults());
    }

    /** As {@link #BatchDerivatives(int, int)} with the given dense kernels (tests compare them). */
    BatchDerivatives(int threads, int chunk, Kernels kernels) {
        this.kernels = java.util.Objects.requireNonNull(kernels, "kernels");
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
        if (chunk <= 0) throw new IllegalArgumentException("chunk size must be positive, got " + chunk);
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.chunk = chunk;
    }

    public int threads() { return threads; }

    public int chunkSize() { return chunk; }

    // ------------------------------------------------------------------ public operations

    /** {@code Φ}, {@code ∇Φ} and {@code ∇²Φ} at every sample. */
    public Evaluation evaluate(Icnn net, Samples x) {
        checkDim(net, x);
        int n = x.size(), d = net.inputDim();
        Evaluation ev = new Evaluation(n, d);
        Prepared p = prepare(net);
        run(net, n, (ws, c, j0, j1) -> {
            for (int b0 = j0; b0 < j1; b0 += ws.block) {
                int b1 = Math.min(j1, b0 + ws.block);
                ws.forward(p, x.data(), b0, b1, true, true);
                ws.output(p, x.data(), b0, b1, ev.potential, ev.gradient, ev.hessian);
            }
        }, 0);
        return ev;
    }

    /**
     * The features {@code f_μ(x) = [u_ℓ(x); x; ½‖x‖²]} of the last layer with their input
     * derivatives, so that {@code Φ = wᵀ f_μ}, {@code ∇Φ = G w}, {@code ∇²Φ = Σ_k w_k H^k}.
     */
    public Features features(Icnn net, Samples x) {
        return features(net, x, null);
    }

    /**
     * As {@link #features(Icnn, Samples)}, written into {@code reuse} (and returned) when it has the
     * same shape (samples, input dimension, last width), so that a training run allocates them once;
     * otherwise into new arrays.
     */
    public Features features(Icnn net, Samples x, Features reuse) {
        checkDim(net, x);
        int n = x.size(), mLast = net.width(net.depth() - 1);
        Features f = reuse != null && reuse.n == n && reuse.d == net.inputDim() && reuse.m == mLast + net.inputDim() + 1
                ? reuse : new Features(n, net.inputDim(), mLast);
        Prepared p = prepare(net);
        run(net, n, (ws, c, j0, j1) -> {
            for (int b0 = j0; b0 < j1; b0 += ws.block) {
                int b1 = Math.min(j1, b0 + ws.block);
                ws.forward(p, x.data(), b0, b1, true, true);
                ws.features(p, x.data(), b0, b1, f);
            }
        }, 0);
        return f;
    }

    /**
     * Forward and adjoint propagation of {@code (1/N) Σ_j ℓ_j} for a per-sample head {@code ℓ}:
     * returns the mean and adds its gradient with respect to the effective weights (flat layout
     * of {@link Icnn#weights()}) to {@code gradient}, unless it is null.
     */
    public double backward(Icnn net, Samples x, SampleHead head, double[] gradient) {
        checkDim(net, x);
        int n = x.size();
        if (n == 0) throw new IllegalArgumentException("empty batch");
        if (gradient != null && gradient.length != net.size())
            throw new IllegalArgumentException("gradient array has length " + gradient.length + ", expected " + net.size());
        Prepared p = prepare(net);
        int nChunks = (n + chunk - 1) / chunk;
        int size = gradient == null ? 0 : net.size();
        if (values.length < nChunks) values = new double[nChunks];
        double[] vals = values;
        double scale = 1.0 / n;
        // Partial gradients are summed in chunk order as soon as they are available (bounded
        // memory: one buffer per thread plus those of chunks that finished ahead of an earlier one).
        OrderedSum sum = gradient == null ? null : orderedSum(size);
        run(net, n, (ws, c, j0, j1) -> {
            double[] part = null;
            if (sum != null) {
                part = sum.buffer();
                ws.beginChunk();
            }
            double v = 0;
            // Sub-blocks of a chunk keep each layer's state in cache. Every sum runs sample after
            // sample through the chunk (values, K̄, b̄, w̄) or row after row (L̄), so the results
            // depend on the chunk size only: not on the sub-block size, the kernels or the threads.
            for (int b0 = j0; b0 < j1; b0 += ws.block) {
                int b1 = Math.min(j1, b0 + ws.block);
                ws.forward(p, x.data(), b0, b1, false, false);
                v = ws.backward(p, x.data(), b0, b1, head, scale, part, v);
            }
            vals[c] = v;
            if (sum != null) {
                ws.endChunk(p, part);
                sum.add(c, part);
            }
        }, size);
        double total = 0;
        for (int c = 0; c < nChunks; c++) total += vals[c];
        if (gradient != null) {
            // (the gradient array is left untouched if a chunk failed)
            double[] acc = sum.total;
            for (int k = 0; k < size; k++) gradient[k] += acc[k];
        }
        return total * scale;
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
        pool = null;
    }

    private OrderedSum orderedSum(int size) {
        if (orderedSum == null || orderedSum.size != size) orderedSum = new OrderedSum(size);
        orderedSum.reset();
        return orderedSum;
    }

    /**
     * Sums per-chunk partial gradients in chunk order, {@code total = ((0 + p_0) + p_1) + …},
     * whichever thread finishes which chunk when: a partial that arrives before its predecessors
     * waits in {@code pending}. Buffers are recycled, so memory is a few partials, not one per chunk.
     */
    static final class OrderedSum {
        final int size;
        final double[] total;
        private final java.util.ArrayDeque<double[]> free = new java.util.ArrayDeque<>();
        private final java.util.HashMap<Integer, double[]> pending = new java.util.HashMap<>();
        private int next;

        OrderedSum(int size) {
            this.size = size;
            this.total = new double[size];
        }

        synchronized void reset() {
            Arrays.fill(total, 0.0);
            for (double[] b : pending.values()) free.push(b);
            pending.clear();
            next = 0;
        }

        /** A zeroed buffer for one chunk's partial gradient. */
        synchronized double[] buffer() {
            double[] b = free.poll();
            if (b == null) return new double[size];
            Arrays.fill(b, 0.0);
            return b;
        }

        /** Hands in chunk c's partial; adds it (and any waiting successors) once all earlier chunks are in. */
        synchronized void add(int c, double[] part) {
            pending.put(c, part);
            for (double[] p = pending.remove(next); p != null; p = pending.remove(next)) {
                for (int k = 0; k < size; k++) total[k] += p[k];
                free.push(p);
                next++;
            }
        }
    }

    // ------------------------------------------------------------------ results

    /**
     * Bytes of working memory an engine with {@code threads} threads (0 = all cores) and chunks of
     * {@code chunk} samples allocates for a network of input dimension {@code d} and hidden
     * {@code widths}: each thread's {@link Recurrences} buffers (sized by its sub-block), the transposed
     * weights, and a partial gradient per thread plus one. Results ({@link Evaluation},
     * {@link Features}) are extra: {@code 8·N·(1 + d + d²)} and {@code 8·N·M·(1 + d + T)} bytes.
     * For checking a request against the heap before allocating it.
     */
    public static long workspaceBytes(int d, int[] widths, int threads, int chunk) {
        int th = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        long t = (long) d * (d + 1) / 2, r = 1 + d + t, sum = 0, max = 0;
        for (int m : widths) {
            sum += m;
            max = Math.max(max, m);
        }
        long c = Recurrences.blockSamples(chunk, r, max);
        // Z, A (R rows per sample), S1..S3, D, E, Cc, DB (one row), ZB (1 + d rows); abar, eb; gb, sb; b̄, K̄ accumulators
        long perThread = Memory.plus(Memory.plus(Memory.times(c * sum, 2 * r + 8 + d), Memory.times(c * max, 2 + d)),
                Memory.plus(Memory.times(c, (long) d * d + d), sum * (1 + d)));
        long params = Icnn.parameterCount(d, widths);
        return Memory.times(Double.BYTES, Memory.plus(Memory.times(th, perThread), Memory.times(th + 2, params)));
    }

    /** {@code Φ(x_j)}, {@code ∇Φ(x_j)} (N × d) and {@code ∇²Φ(x_j)} (N × d × d), all row-major. */
    public static final class Evaluation {
        public final int n, d;
        public final double[] potential, gradient, hessian;

        Evaluation(int n, int d) {
            this.n = n;
            this.d = d;
            potential = new double[n];
            gradient = new double[n * d];
            hessian = new double[n * d * d];
        }

        /** {@code ∇Φ(x_j)} (a copy). */
        public double[] gradient(int j) { return Arrays.copyOfRange(gradient, j * d, (j + 1) * d); }

        /** {@code ∇²Φ(x_j)} as rows (a copy). */
        public double[][] hessian(int j) {
            double[][] h = new double[d][d];
            for (int a = 0; a < d; a++) System.arraycopy(hessian, (j * d + a) * d, h[a], 0, d);
            return h;
        }
    }

    /**
     * Last-layer features of N samples. With {@code M = m_ℓ + d + 1} features:
     * {@code G[j][a][k] = ∂f_k/∂x_a} stored at {@code G[(j*d + a)*M + k]} and
     * {@code H^k} upper triangles stored at {@code H[(j*T + t)*M + k]}, {@code t} running over
     * pairs {@code a ≤ b} row by row; {@code f[j*M + k]} are the feature values.
     */
    public static final class Features {
        public final int n, d, t, m;
        public final double[] f, G, H;
        /** Row index a and column index b of upper-triangle entry t. */
        public final int[] ta, tb;

        Features(int n, int d, int mLast) {
            this.n = n;
            this.d = d;
            this.t = PackedSymmetric.size(d);
            this.m = mLast + d + 1;
            f = new double[n * m];
            G = new double[n * d * m];
            H = new double[n * t * m];
            PackedSymmetric packed = new PackedSymmetric(d);
            ta = packed.rows();
            tb = packed.cols();
        }
    }

    // ------------------------------------------------------------------ internals

    private static void checkDim(Icnn net, Samples x) {
        if (x.dim() != net.inputDim())
            throw new IllegalArgumentException("data has dimension " + x.dim() + " but the model expects input dimension " + net.inputDim());
    }

    interface ChunkTask {
        void run(Recurrences ws, int chunkIndex, int j0, int j1);
    }

    private void run(Icnn net, int n, ChunkTask task, int partialSize) {
        int nChunks = (n + chunk - 1) / chunk;
        int t = Math.min(threads, nChunks);
        while (workspaces.size() < Math.max(t, 1)) workspaces.add(new Recurrences(kernels));
        if (t <= 1) {
            Recurrences ws = workspaces.get(0).fit(net, chunk);
            for (int c = 0; c < nChunks; c++) task.run(ws, c, c * chunk, Math.min(n, (c + 1) * chunk));
            return;
        }
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread th = new Thread(r, "icnn-derivatives");
                th.setDaemon(true);
                return th;
            });
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>(t);
        for (int w = 0; w < t; w++) {
            Recurrences ws = workspaces.get(w).fit(net, chunk);
            futures.add(pool.submit(() -> {
                for (int c = next.getAndIncrement(); c < nChunks; c = next.getAndIncrement()) {
                    task.run(ws, c, c * chunk, Math.min(n, (c + 1) * chunk));
                }
            }));
        }
        RuntimeException first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (first == null) first = cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (first != null) throw first;
    }

    /** The per-call data shared by all workers, reused from call to call (refreshed from the live weights). */
    private Prepared prepare(Icnn net) {
        if (prepared == null || !prepared.fits(net)) prepared = new Prepared(net);
        prepared.refresh(net);
        return prepared;
    }

    /**
     * Read-only per-call data shared by all workers: the live weights (L_i is used in place at
     * {@link Icnn#offsetL}) and L_iᵀ as contiguous arrays for the forward products.
     */
    static final class Prepared {
        Icnn net;
        double[] w;
        final int[] widths;
        final int d;
        final double[][] Lt;
        /** K_iᵀ (d × m_i), so the K terms run along rows of neurons. */
        final double[][] Kt;

        Prepared(Icnn net) {
            widths = net.widths();
            d = net.inputDim();
            int ell = net.depth();
            Lt = new double[ell][];
            Kt = new double[ell][];
            for (int i = 1; i < ell; i++) Lt[i] = new double[widths[i - 1] * widths[i]];
            for (int i = 0; i < ell; i++) Kt[i] = new double[d * widths[i]];
        }

        boolean fits(Icnn net) {
            return Arrays.equals(widths, net.widths()) && d == net.inputDim();
        }

        void refresh(Icnn net) {
            this.net = net;
            this.w = net.weights();
            for (int i = 1; i < widths.length; i++) Dense.transpose(w, net.offsetL(i), widths[i], widths[i - 1], Lt[i], 0);
            for (int i = 0; i < widths.length; i++) Dense.transpose(w, net.offsetK(i), widths[i], d, Kt[i], 0);
        }
    }
}
