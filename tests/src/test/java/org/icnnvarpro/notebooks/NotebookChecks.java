package org.icnnvarpro.notebooks;

import java.util.List;
import java.util.Map;

/**
 * Key results each notebook in {@code notebooks/} must show, by file name. {@link NotebookTest} runs
 * every notebook; a notebook listed here must also pass its checks, and every name listed here must
 * exist (so a renamed notebook cannot silently lose its checks).
 *
 * <p>Checks read the notebook's text output, so a notebook states its key results in a printed line,
 * e.g. {@code System.out.printf("final loss = %.4f%n", loss);}. Example entry:
 *
 * <pre>{@code
 * Map.entry("03_adam.ipynb", List.of(
 *         KeyResult.number("final loss", "final loss = (\\S+)", v -> v < 0.05, "< 0.05"),
 *         KeyResult.printed("converged after \\d+ iterations"),
 *         KeyResult.images(2)))
 * }</pre>
 */
final class NotebookChecks {
    private NotebookChecks() {
    }

    static final Map<String, List<KeyResult>> CHECKS = Map.ofEntries(
            // Map.entry("01_intro.ipynb", List.of(KeyResult.printed("..."))),
    );
}
