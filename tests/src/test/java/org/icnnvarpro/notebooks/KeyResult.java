package org.icnnvarpro.notebooks;

import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key result a notebook must show, checked by {@link NotebookTest} against the notebook's outputs
 * (see {@link NotebookChecks}). Text checks look at {@link NotebookRun#outputText()}: everything the
 * cells printed plus the {@code text/plain} of displayed values and cell results.
 */
public interface KeyResult {

    /** What is checked, for messages. */
    String description();

    /** Why the run does not show this key result; empty if it does. */
    Optional<String> problem(NotebookRun run);

    /** Some output matches {@code regex} (a {@link Matcher#find()} over all text output). */
    static KeyResult printed(String regex) {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        return of("output matching /" + regex + "/",
                run -> p.matcher(run.outputText()).find() ? null : "no output matches /" + regex + "/");
    }

    /**
     * The number captured by group 1 of {@code regex}, at its <em>last</em> match (a training loop's
     * final line, say), satisfies {@code ok}; {@code expected} says what was wanted, e.g.
     * {@code "< 0.05"}.
     */
    static KeyResult number(String what, String regex, DoublePredicate ok, String expected) {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        return of(what + " " + expected, run -> {
            Matcher m = p.matcher(run.outputText());
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            if (last == null) {
                return what + ": no output matches /" + regex + "/";
            }
            double v;
            try {
                v = Double.parseDouble(last.strip());
            } catch (NumberFormatException e) {
                return what + ": \"" + last + "\" (from /" + regex + "/) is not a number";
            }
            return ok.test(v) ? null : what + " = " + last + ", expected " + expected;
        });
    }

    /** At least {@code n} images ({@code image/png} outputs) in the notebook. */
    static KeyResult images(long n) {
        return of("at least " + n + " image(s)", run -> {
            long got = run.count("image/png");
            return got >= n ? null : "expected at least " + n + " image(s), found " + got;
        });
    }

    /**
     * At least {@code n} explore cells (cells calling {@code Widgets.interact(}), each showing its
     * result as a picture: without a widget frontend an explore cell shows the result for its
     * controls' starting values, so a picture that is missing means the cell lost its result.
     */
    static KeyResult exploreCells(int n) {
        return of("at least " + n + " explore cell(s) with a picture", run -> {
            java.util.List<CellRun> cells = run.cells().stream().filter(c -> c.source().contains("Widgets.interact(")).toList();
            if (cells.size() < n) return "expected at least " + n + " explore cell(s) (Widgets.interact), found " + cells.size();
            for (CellRun c : cells) {
                if (c.count("image/png") < 1) return "the explore cell " + c.cellNumber() + " shows no picture";
            }
            return null;
        });
    }

    /** Any predicate over the run. */
    static KeyResult that(String description, Predicate<NotebookRun> ok) {
        return of(description, run -> ok.test(run) ? null : "not true: " + description);
    }

    private static KeyResult of(String description, java.util.function.Function<NotebookRun, String> problem) {
        return new KeyResult() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public Optional<String> problem(NotebookRun run) {
                return Optional.ofNullable(problem.apply(run));
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
