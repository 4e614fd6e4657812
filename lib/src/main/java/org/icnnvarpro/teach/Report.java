package org.icnnvarpro.teach;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The result of a self-check: one {@link Line} per check, shown as the self-check cell's value
 * (its {@link #toString()}), e.g.
 *
 * <pre>
 * self-check softplus σ': passed (41 points against central differences of your σ, max error 3.1e-11)
 * self-check softplus σ'': FAILED - at z = 0 you return 0.75, expected 0.25 = σ'(0)(1 − σ'(0)): check the sign in s(1 − s)
 * </pre>
 *
 * A line says {@code passed}, {@code not attempted yet} (the stub still throws) or {@code FAILED}
 * followed by what is wrong and what to look at.
 */
public final class Report {

    /** The outcome of one check. */
    public enum Status {
        PASSED("passed"), NOT_ATTEMPTED("not attempted yet"), FAILED("FAILED");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        /** The word printed in the line: {@code passed}, {@code not attempted yet}, {@code FAILED}. */
        public String word() {
            return word;
        }
    }

    /** One check: what was checked, its status, and the detail (evidence, or what is wrong). */
    public record Line(String what, Status status, String detail) {
        @Override
        public String toString() {
            String head = "self-check " + what + ": " + status.word();
            if (detail == null || detail.isEmpty()) return head;
            return status == Status.FAILED ? head + " - " + detail : head + " (" + detail + ")";
        }
    }

    private final List<Line> lines = new ArrayList<>();

    Report() {
    }

    Report passed(String what, String evidence) {
        lines.add(new Line(what, Status.PASSED, evidence));
        return this;
    }

    Report failed(String what, String problem) {
        lines.add(new Line(what, Status.FAILED, problem));
        return this;
    }

    Report notAttempted(String what, String hint) {
        lines.add(new Line(what, Status.NOT_ATTEMPTED, hint));
        return this;
    }

    Report add(Line line) {
        lines.add(line);
        return this;
    }

    /** The lines, in the order the checks ran. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The overall status: {@code FAILED} if any line failed, else {@code NOT_ATTEMPTED} if any was not attempted, else {@code PASSED}. */
    public Status status() {
        if (lines.stream().anyMatch(l -> l.status() == Status.FAILED)) return Status.FAILED;
        if (lines.stream().anyMatch(l -> l.status() == Status.NOT_ATTEMPTED)) return Status.NOT_ATTEMPTED;
        return Status.PASSED;
    }

    /** Whether every line passed (and there is at least one). */
    public boolean passed() {
        return !lines.isEmpty() && status() == Status.PASSED;
    }

    /**
     * Ends a check: in strict (grading) mode a report that did not pass throws an
     * {@link AssertionError} whose message is the report, otherwise the report is returned.
     */
    Report done() {
        if (strict() && !passed()) throw new SelfCheckFailure(toString());
        return this;
    }

    static boolean strict() {
        return "1".equals(System.getenv("ICNN_SELFCHECK_STRICT")) || Boolean.getBoolean("icnn.selfcheck.strict");
    }

    /** The lines, one per check. */
    @Override
    public String toString() {
        return lines.stream().map(Line::toString).collect(Collectors.joining("\n"));
    }

    /** A failed report in grading mode; no stack trace (the message says it all). */
    static final class SelfCheckFailure extends AssertionError {
        SelfCheckFailure(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
