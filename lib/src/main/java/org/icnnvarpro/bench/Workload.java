package org.icnnvarpro.bench;

/** A timed piece of work; {@code workUnits} per call is the number of samples propagated forward and back. */
public interface Workload extends AutoCloseable {
    String name();

    /** One evaluation; returns a value that depends on the result (kept to defeat dead-code elimination). */
    double runOnce();

    /** Work units (samples forward + backward) per call. */
    long workUnits();

    /** Flops of the dense products per call (docs/math.md §10), and of the rest. */
    double matmulFlops();

    /** The forward-mode count of the same work (Hessian rows carried forward, docs/math.md §10). */
    double designFlops();

    double otherFlops();

    /** Evaluations made by one {@link #runOnce} call: times are reported per evaluation. */
    default int evaluationsPerRun() {
        return 1;
    }

    @Override
    default void close() {}
}
