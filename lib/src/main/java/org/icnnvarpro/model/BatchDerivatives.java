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
import org.icnnvarpro.kernels.Dense;
import org.icnnvarpro.kernels.Kernels;

/**
 * Batched forward and adjoint propagation of an {@link Icnn} (DESIGN §2 and §4), hessQuik style.
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
 * adjoint runs as three more sweeps (see {@code Workspace.backward}): 12 product rows per sample
 * and layer for d = 2, where the forward-mode Hessian rows and their adjoint (DESIGN §4) take 18,
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
    private final List<Workspace> workspaces = new ArrayList<>();
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
            this.t = d * (d + 1) / 2;
            this.m = mLast + d + 1;
            f = new double[n * m];
            G = new double[n * d * m];
            H = new double[n * t * m];
            ta = new int[t];
            tb = new int[t];
            int q = 0;
            for (int a = 0; a < d; a++) for (int b = a; b < d; b++) { ta[q] = a; tb[q] = b; q++; }
        }
    }

    // ------------------------------------------------------------------ internals

    private static void checkDim(Icnn net, Samples x) {
        if (x.dim() != net.inputDim())
            throw new IllegalArgumentException("data has dimension " + x.dim() + " but the model expects input dimension " + net.inputDim());
    }

    interface ChunkTask {
        void run(Workspace ws, int chunkIndex, int j0, int j1);
    }

    private void run(Icnn net, int n, ChunkTask task, int partialSize) {
        int nChunks = (n + chunk - 1) / chunk;
        int t = Math.min(threads, nChunks);
        while (workspaces.size() < Math.max(t, 1)) workspaces.add(new Workspace(kernels));
        if (t <= 1) {
            Workspace ws = workspaces.get(0).fit(net, chunk);
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
            Workspace ws = workspaces.get(w).fit(net, chunk);
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

    /**
     * Target size in bytes of one layer's state in a sub-block (system property {@code icnn.blockBytes}).
     * 24 KiB (about the L1 data cache) measured 5–8 % faster than 128 KiB for 4×32, d = 2, and no
     * slower for 4×128 or d = 8; the results do not depend on it.
     */
    static final int BLOCK_BYTES = Integer.getInteger("icnn.blockBytes", 24 * 1024);

    /**
     * Samples per sub-block: as many as keep one layer's state ({@code samples·R·m} doubles) within
     * {@link #BLOCK_BYTES}, so a product's input and output stay in the L1/L2 cache; at least 4
     * and at most the chunk. It depends on the chunk size and the network only.
     */
    static int blockSamples(int chunk, int R, int maxWidth) {
        long per = (long) R * maxWidth * Double.BYTES;
        return (int) Math.max(1, Math.min(chunk, Math.max(4, BLOCK_BYTES / per)));
    }

    /** Per-thread buffers for one sub-block of a chunk. */
    static final class Workspace {
        private final Kernels kern;
        private int d, R, T, ell, chunk;
        /** Samples per sub-block of a chunk (see {@link #blockSamples}). */
        int block;
        private int[] widths;
        private Activation act;
        private int[] ta, tb;
        private double[][] Z, A, S1, S2, S3;
        private double[] abar, eb, gb, sb, st;
        /** Per layer, for the loss+gradient: δ_i, e_i = σ'⊙δ_i, c_i = σ''⊙δ_i, δ̄_i (c × m_i) and the (z̄, P̄) rows. */
        private double[][] D, E, Cc, DB, ZB;
        private static final int[] NO_ROWS = new int[0];
        /** Per-chunk accumulators of b̄_i (m_i) and K̄_iᵀ (d × m_i). */
        private double[][] bAcc, kAcc;
        private double[] g, S, gBar, SBar, scratch, act4 = new double[4];

        Workspace(Kernels kern) {
            this.kern = kern;
        }

        Workspace fit(Icnn net, int chunk) {
            if (widths != null && Arrays.equals(widths, net.widths()) && d == net.inputDim() && this.chunk == chunk && act == net.activation())
                return this;
            d = net.inputDim();
            T = d * (d + 1) / 2;
            R = 1 + d + T;
            ell = net.depth();
            widths = net.widths();
            act = net.activation();
            this.chunk = chunk;
            int maxw = 0;
            for (int wi : widths) maxw = Math.max(maxw, wi);
            block = blockSamples(chunk, R, maxw);
            chunk = block;
            ta = new int[T];
            tb = new int[T];
            int q = 0;
            for (int a = 0; a < d; a++) for (int b = a; b < d; b++) { ta[q] = a; tb[q] = b; q++; }
            Z = new double[ell][];
            A = new double[ell][];
            S1 = new double[ell][];
            S2 = new double[ell][];
            S3 = new double[ell][];
            int maxm = 0;
            for (int i = 0; i < ell; i++) {
                Z[i] = new double[chunk * R * widths[i]];
                A[i] = new double[chunk * R * widths[i]];
                S1[i] = new double[chunk * widths[i]];
                S2[i] = new double[chunk * widths[i]];
                S3[i] = new double[chunk * widths[i]];
                maxm = Math.max(maxm, widths[i]);
            }
            bAcc = new double[ell][];
            kAcc = new double[ell][];
            for (int i = 0; i < ell; i++) {
                bAcc[i] = new double[widths[i]];
                kAcc[i] = new double[d * widths[i]];
            }
            abar = new double[chunk * (1 + d) * maxm];
            eb = new double[chunk * maxm];
            gb = new double[chunk * d];
            sb = new double[chunk * d * d];
            st = new double[T];
            D = new double[ell][];
            E = new double[ell][];
            Cc = new double[ell][];
            DB = new double[ell][];
            ZB = new double[ell][];
            for (int i = 0; i < ell; i++) {
                D[i] = new double[chunk * widths[i]];
                E[i] = new double[chunk * widths[i]];
                Cc[i] = new double[chunk * widths[i]];
                DB[i] = new double[chunk * widths[i]];
                ZB[i] = new double[chunk * (1 + d) * widths[i]];
            }
            g = new double[d];
            S = new double[d * d];
            gBar = new double[d];
            SBar = new double[d * d];
            scratch = new double[2 * d * d + 2 * d];
            return this;
        }

        /**
         * Forward propagation of samples j0..j1 through all hidden layers; without {@code lastValue} the value row of the last layer ({@code u_ℓ},
         * which only Φ itself needs, not ∇Φ, ∇²Φ or the adjoints) is not computed: for softplus that
         * saves a quarter of the {@code log1p} calls of a 4-layer loss+gradient. With {@code hessians}
         * each sample has the R rows (value, gradient, Hessian); without, only the 1 + d value and
         * gradient rows (what {@link #backward} needs).
         */
        void forward(Prepared p, double[] x, int j0, int j1, boolean lastValue, boolean hessians) {
            int[] hta = hessians ? ta : NO_ROWS, htb = hessians ? tb : NO_ROWS;
            int c = j1 - j0, rows = 1 + d + hta.length;
            double[] w = p.w;
            Icnn net = p.net;
            for (int i = 0; i < ell; i++) {
                int m = widths[i];
                double[] Zi = Z[i];
                int offB = net.offsetB(i);
                if (i == 0) {
                    Arrays.fill(Zi, 0, c * rows * m, 0.0);
                } else {
                    kern.mult(A[i - 1], 0, c * rows, widths[i - 1], p.Lt[i], 0, m, Zi, 0);
                }
                // z += b + K x, P += K (along rows of neurons, K_iᵀ)
                kern.addAffine(Zi, rows, p.Kt[i], w, offB, x, j0 * d, c, m, d);
                activate(i, c, lastValue || i < ell - 1, hta, htb);
            }
        }

        /**
         * σ-rule of layer i: σ, σ', σ'', σ''' of every neuron (struct of arrays: the value row of
         * {@code A_i} and {@code S1..S3}), then the J rows and the Hessian rows {@code ta, tb} (none
         * for the loss's forward pass) by the kernels.
         */
        private void activate(int i, int c, boolean value, int[] ta, int[] tb) {
            int m = widths[i], R = 1 + d + ta.length;
            double[] Zi = Z[i], Ai = A[i], s1 = S1[i], s2 = S2[i], s3 = S3[i];
            if (act == Activation.SOFTPLUS) {
                kern.softplus(Zi, R * m, Ai, s1, s2, s3, c, m, value);
            } else {
                double[] o = act4;
                for (int s = 0; s < c; s++) {
                    int base = s * R * m, so = s * m;
                    for (int k = 0; k < m; k++) {
                        act.derivatives(Zi[base + k], o);
                        Ai[base + k] = o[0];
                        s1[so + k] = o[1];
                        s2[so + k] = o[2];
                        s3[so + k] = o[3];
                    }
                }
            }
            kern.activateRows(Zi, Ai, s1, s2, c, m, d, ta, tb);
        }

        /** Φ, ∇Φ and ∇²Φ (full) of samples j0..j1 from the last layer's state. */
        void output(Prepared p, double[] x, int j0, int j1, double[] phi, double[] grad, double[] hess) {
            Icnn net = p.net;
            double[] w = p.w;
            int m = widths[ell - 1], ou = net.offsetWu(), ox = net.offsetWx();
            double wq = w[net.offsetWq()];
            double[] Al = A[ell - 1];
            for (int s = 0; s < j1 - j0; s++) {
                int j = j0 + s, xo = j * d, base = s * R * m;
                double v = 0, xx = 0;
                for (int k = 0; k < m; k++) v += w[ou + k] * Al[base + k];
                for (int a = 0; a < d; a++) {
                    v += w[ox + a] * x[xo + a];
                    xx += x[xo + a] * x[xo + a];
                }
                phi[j] = v + 0.5 * wq * xx;
                for (int a = 0; a < d; a++) {
                    double ga = w[ox + a] + wq * x[xo + a];
                    int r = base + (1 + a) * m;
                    for (int k = 0; k < m; k++) ga += w[ou + k] * Al[r + k];
                    grad[xo + a] = ga;
                }
                for (int t = 0; t < T; t++) {
                    int r = base + (1 + d + t) * m;
                    double st = ta[t] == tb[t] ? wq : 0.0;
                    for (int k = 0; k < m; k++) st += w[ou + k] * Al[r + k];
                    hess[(j * d + ta[t]) * d + tb[t]] = st;
                    hess[(j * d + tb[t]) * d + ta[t]] = st;
                }
            }
        }

        void features(Prepared p, double[] x, int j0, int j1, Features f) {
            int m = widths[ell - 1], M = f.m;
            double[] Al = A[ell - 1];
            for (int s = 0; s < j1 - j0; s++) {
                int j = j0 + s, xo = j * d, base = s * R * m;
                double xx = 0;
                for (int a = 0; a < d; a++) xx += x[xo + a] * x[xo + a];
                System.arraycopy(Al, base, f.f, j * M, m);
                for (int a = 0; a < d; a++) f.f[j * M + m + a] = x[xo + a];
                f.f[j * M + m + d] = 0.5 * xx;
                for (int a = 0; a < d; a++) {
                    int row = (j * d + a) * M;
                    System.arraycopy(Al, base + (1 + a) * m, f.G, row, m);
                    f.G[row + m + a] = 1.0;
                    f.G[row + m + d] = x[xo + a];
                }
                for (int t = 0; t < T; t++) {
                    int row = (j * T + t) * M;
                    System.arraycopy(Al, base + (1 + d + t) * m, f.H, row, m);
                    f.H[row + m + d] = ta[t] == tb[t] ? 1.0 : 0.0;
                }
            }
        }

        /**
         * Evaluates the head on samples j0..j1 (after {@link #forward} with tangent rows only) and,
         * unless {@code grad} is null, adds {@code scale·}(the weight gradient of the head's values) to
         * {@code grad}. Returns {@code sum0} plus the head's values, added one sample after another.
         *
         * <p>The input Hessian comes from the reverse-mode identity for a network whose only
         * nonlinearities are elementwise: with {@code δ_i = ∂Φ/∂u_i} ({@code δ_ℓ = w_u},
         * {@code δ_{i−1} = L_iᵀ(σ'_i ⊙ δ_i)}) and {@code c_i = σ''(z_i) ⊙ δ_i},
         * <pre>
         *   S = ∇²Φ = Σ_i P_iᵀ diag(c_i) P_i + w_q I,          g = ∇Φ = J_ℓᵀ w_u + w_x + w_q x,
         * </pre>
         * which needs the (z, P) rows forward and one backward row, instead of the d(d+1)/2 Hessian
         * rows of DESIGN §2. Its adjoint, given {@code ḡ}, {@code S̄} (symmetrized) per sample:
         * <pre>
         *   c̄_i = diag(P_i S̄ P_iᵀ),  P̄_i ← 2 c_i ⊙ S̄P_i,  w̄_q = x·ḡ + tr S̄,  w̄_x = ḡ,  w̄_u = J_ℓḡ + δ̄_ℓ
         *   δ̄_i = σ''_i ⊙ c̄_i + σ'_i ⊙ ē_i,   ē_i = L_i δ̄_{i−1},   L̄_i += (σ'_i ⊙ δ_i) δ̄_{i−1}ᵀ     (i = 1..ℓ)
         *   z̄_i ← δ_i ⊙ (σ'''_i ⊙ c̄_i + σ''_i ⊙ ē_i)
         *   z̄_i += σ'_i ⊙ ū_i + σ''_i ⊙ Σ_a J̄_{i,a} ⊙ P_{i,a},   P̄_i += σ'_i ⊙ J̄_i           (i = ℓ..1,
         *   b̄_i += z̄_i,  K̄_i += z̄_i xᵀ + P̄_i,  L̄_i += [z̄_i; P̄_i]ᵀ[u_{i−1}; J_{i−1}],     J̄_ℓ = w_u ḡᵀ, ū_ℓ = 0)
         *   [ū_{i−1}; J̄_{i−1}] = [z̄_i; P̄_i] L_i
         * </pre>
         * Each line with {@code L_i} is one dense product over the sub-block: 3 + 1 rows forward,
         * 1 + 1 for δ̄, 3 + 3 backward per sample when d = 2 (12 in all, against 18 for the forward-mode
         * Hessian and its adjoint).
         */
        double backward(Prepared p, double[] x, int j0, int j1, SampleHead head, double scale, double[] grad, double sum0) {
            Icnn net = p.net;
            double[] w = p.w;
            int c = j1 - j0, R2 = 1 + d;
            int mL = widths[ell - 1], ou = net.offsetWu(), ox = net.offsetWx(), oq = net.offsetWq();
            double wq = w[oq];
            // δ sweep (layers from the last down): δ_i, e_i = σ'⊙δ_i, c_i = σ''⊙δ_i
            for (int i = ell - 1; i >= 0; i--) {
                int m = widths[i], cm = c * m;
                double[] Di = D[i], Ei = E[i], Ci = Cc[i], s1 = S1[i], s2 = S2[i];
                if (i == ell - 1) {
                    for (int s = 0; s < c; s++) System.arraycopy(w, ou, Di, s * m, m);
                } else {
                    kern.mult(E[i + 1], 0, c, widths[i + 1], w, net.offsetL(i + 1), m, Di, 0);
                }
                for (int q = 0; q < cm; q++) {
                    Ei[q] = s1[q] * Di[q];
                    Ci[q] = s2[q] * Di[q];
                }
            }
            double[] Al = A[ell - 1];
            double sum = sum0;
            for (int s = 0; s < c; s++) {
                int j = j0 + s, xo = j * d;
                for (int a = 0; a < d; a++) {
                    double ga = w[ox + a] + wq * x[xo + a];
                    int r = s * R2 * mL + (1 + a) * mL;
                    for (int k = 0; k < mL; k++) ga += w[ou + k] * Al[r + k];
                    g[a] = ga;
                }
                // S = w_q I + Σ_i P_iᵀ diag(c_i) P_i, layers from the last down
                for (int t = 0; t < T; t++) st[t] = ta[t] == tb[t] ? wq : 0.0;
                for (int i = ell - 1; i >= 0; i--) kern.hessianSums(Cc[i], s * widths[i], Z[i], s * R2 * widths[i], widths[i], ta, tb, st);
                for (int t = 0; t < T; t++) {
                    S[ta[t] * d + tb[t]] = st[t];
                    S[tb[t] * d + ta[t]] = st[t];
                }
                sum += head.evaluate(j, x, xo, g, S, gBar, SBar, scratch);
                if (grad == null) continue;   // values only: no adjoint sweeps at all
                double tr = 0;
                for (int a = 0; a < d; a++) {
                    double ga = scale * gBar[a];
                    gb[s * d + a] = ga;
                    grad[ox + a] += ga;
                    grad[oq] += x[xo + a] * ga;
                    int r = s * R2 * mL + (1 + a) * mL;
                    for (int k = 0; k < mL; k++) grad[ou + k] += Al[r + k] * ga;
                    for (int b = 0; b < d; b++) sb[(s * d + a) * d + b] = scale * (0.5 * (SBar[a * d + b] + SBar[b * d + a]));
                    tr += sb[(s * d + a) * d + a];
                }
                grad[oq] += tr;
            }
            if (grad == null) return sum;
            // δ̄ sweep (layers from the first up)
            for (int i = 0; i < ell; i++) {
                int m = widths[i];
                double[] Zi = Z[i], Di = D[i], Ci = Cc[i], DBi = DB[i], ZBi = ZB[i], s1 = S1[i], s2 = S2[i], s3 = S3[i];
                if (i > 0) kern.mult(DB[i - 1], 0, c, widths[i - 1], p.Lt[i], 0, m, eb, 0);   // ē_i = δ̄_{i−1} L_iᵀ
                kern.hessianAdjointRows(Zi, sb, Ci, Di, s1, s2, s3, i > 0 ? eb : null, DBi, ZBi, c, m, d);
                if (i > 0) kern.multAddTransA(E[i], 0, c, m, DB[i - 1], 0, widths[i - 1], grad, net.offsetL(i));
            }
            double[] DBl = DB[ell - 1];
            for (int s = 0; s < c; s++)
                for (int k = 0; k < mL; k++) grad[ou + k] += DBl[s * mL + k];   // w̄_u += δ̄_ℓ
            // main backward sweep: seeds ū_ℓ = 0, J̄_ℓ = w_u ḡᵀ
            double[] ab = abar;
            for (int s = 0; s < c; s++) {
                int base = s * R2 * mL;
                Arrays.fill(ab, base, base + mL, 0.0);
                for (int a = 0; a < d; a++) {
                    double ga = gb[s * d + a];
                    int r = base + (1 + a) * mL;
                    for (int k = 0; k < mL; k++) ab[r + k] = w[ou + k] * ga;
                }
            }
            for (int i = ell - 1; i >= 0; i--) {
                int m = widths[i];
                double[] Zi = Z[i], ZBi = ZB[i], s1 = S1[i], s2 = S2[i];
                kern.adjointRows(Zi, ab, ZBi, s1, s2, c, m, d);
                // b̄ += z̄, K̄ += z̄ xᵀ + P̄, summed sample after sample into the chunk's K̄ᵀ and b̄
                // accumulators (rows of neurons), moved to grad by endChunk.
                kern.addAffineAdjoint(ZBi, x, j0 * d, bAcc[i], kAcc[i], c, m, d);
                if (i > 0) {
                    int mp = widths[i - 1];
                    kern.multAddTransA(ZBi, 0, c * R2, m, A[i - 1], 0, mp, grad, net.offsetL(i));
                    kern.mult(ZBi, 0, c * R2, m, w, net.offsetL(i), mp, ab, 0);
                }
            }
            return sum;
        }

        /** Zeroes the K̄ and b̄ accumulators: call before the first sub-block of a chunk. */
        void beginChunk() {
            for (int i = 0; i < ell; i++) {
                Arrays.fill(bAcc[i], 0.0);
                Arrays.fill(kAcc[i], 0.0);
            }
        }

        /**
         * Adds the chunk's K̄ and b̄ accumulators to {@code grad} (in the model's K layout). With
         * {@code grad} zero there before, this is exactly the sum the samples made.
         */
        void endChunk(Prepared p, double[] grad) {
            for (int i = 0; i < ell; i++) {
                int mi = widths[i], offK = p.net.offsetK(i), offB = p.net.offsetB(i);
                double[] bb = bAcc[i], kb = kAcc[i];
                for (int k = 0; k < mi; k++) {
                    grad[offB + k] += bb[k];
                    for (int a = 0; a < d; a++) grad[offK + k * d + a] += kb[a * mi + k];
                }
            }
        }
    }
}
