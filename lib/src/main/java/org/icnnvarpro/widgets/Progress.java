package org.icnnvarpro.widgets;

/**
 * The link of a running computation to where its result is shown: it can show partial results
 * while it runs and learn that it should stop. An {@link Interact} passes one (its
 * {@link Interact.Values}) to the function on every call; long computations call
 * {@link #show} now and then and return early once {@link #isCancelled()} is true.
 *
 * <pre>{@code
 * BufferedImage run(Progress p) {
 *     for (int k = 0; k < 100 && !p.isCancelled(); k++) {
 *         step();
 *         if (k % 10 == 0) p.show(chart());
 *     }
 *     return chart();
 * }
 * }</pre>
 */
public interface Progress {
    /** Shows {@code partial} in place of what was shown (an image, text, or a list of these). */
    void show(Object partial);

    /** True once a newer call has been requested: the result would not be shown any more. */
    boolean isCancelled();

    /** Shows nothing and never cancels: for running a computation outside of widgets. */
    Progress NONE = new Progress() {
        @Override
        public void show(Object partial) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
