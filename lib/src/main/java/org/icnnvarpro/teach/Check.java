package org.icnnvarpro.teach;

import java.util.concurrent.Callable;

/**
 * Runs one check of a student's code and adds its line to a report: the check's own outcome, or
 * "not attempted yet" when the student's code throws the stub's
 * {@code UnsupportedOperationException("not attempted yet")}, or a one-line description of any
 * other exception the student's code threw. Never rethrows (except errors of the JVM itself).
 */
final class Check {
    private Check() {
    }

    static final String NOT_ATTEMPTED = "not attempted yet";

    /** What a check found: passed with its evidence, or failed with what is wrong and what to look at. */
    record Outcome(boolean ok, String text) {
        static Outcome pass(String evidence) {
            return new Outcome(true, evidence);
        }

        static Outcome fail(String problem) {
            return new Outcome(false, problem);
        }
    }

    /**
     * Runs {@code body} (which calls the student's code) and adds the line for {@code what};
     * {@code stub} names what to write when the stub still throws (e.g. {@code "sigma(z)"}).
     * Returns whether the line passed.
     */
    static boolean line(Report r, String what, String stub, Callable<Outcome> body) {
        try {
            Outcome o = body.call();
            if (o.ok()) r.passed(what, o.text());
            else r.failed(what, o.text());
            return o.ok();
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError) && !(e instanceof OutOfMemoryError)) throw e;
            r.failed(what, describe(e));
        } catch (Throwable t) {
            if (isStub(t)) r.notAttempted(what, "the stub still throws: write " + stub + " above and run its cell");
            else r.failed(what, describe(t));
        }
        return false;
    }

    static boolean isStub(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof UnsupportedOperationException && c.getMessage() != null && c.getMessage().contains(NOT_ATTEMPTED)) {
                return true;
            }
        }
        return false;
    }

    /** One line: {@code your code threw ArithmeticException: / by zero (in adamStep)}. */
    static String describe(Throwable t) {
        String where = "";
        for (StackTraceElement e : t.getStackTrace()) {
            // JShell snippets live in classes named REPL.$JShell$NN: name the user's method
            if (e.getClassName().startsWith("REPL.") || e.getClassName().contains("$JShell$")) {
                where = " (in " + e.getMethodName() + ")";
                break;
            }
        }
        String msg = t.getMessage() == null ? "" : ": " + t.getMessage();
        return "your code threw " + t.getClass().getSimpleName() + msg + where;
    }
}
