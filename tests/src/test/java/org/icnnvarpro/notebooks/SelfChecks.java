package org.icnnvarpro.notebooks;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the self-check lines of a notebook run. A self-check cell is a code cell marked as an
 * nbgrader test cell ({@code metadata.nbgrader.grade = true}); the library's checks
 * ({@code org.icnnvarpro.teach}) print one line per check:
 * {@code self-check <what>: passed …}, {@code self-check <what>: not attempted yet …} or
 * {@code self-check <what>: FAILED …}.
 */
final class SelfChecks {
    private SelfChecks() {
    }

    /** What every self-check line of a run must say. */
    enum Expect {
        PASSED("passed"), NOT_ATTEMPTED("not attempted yet");

        final String word;

        Expect(String word) {
            this.word = word;
        }
    }

    static final Pattern LINE = Pattern.compile("^self-check (.+?): (passed|not attempted yet|FAILED)\\b.*$", Pattern.MULTILINE);

    /** Why the run's self-checks do not all say {@code expect} (empty if they do). */
    static List<String> problems(NotebookRun run, Expect expect) {
        List<String> problems = new ArrayList<>();
        List<JsonObject> cells = NotebookJson.cells(run.original());
        for (CellRun c : run.cells()) {
            if (c.cellNumber() < 1 || !StudentNotebooks.isGradedCell(cells.get(c.cellNumber() - 1))) {
                continue;
            }
            Matcher m = LINE.matcher(c.text());
            int lines = 0;
            while (m.find()) {
                lines++;
                if (!m.group(2).equals(expect.word)) {
                    problems.add("cell " + c.cellNumber() + " (self-check): \"" + m.group(0) + "\", expected \"" + expect.word + "\"");
                }
            }
            if (lines == 0) {
                problems.add("cell " + c.cellNumber() + " (self-check) printed no self-check line; its output: "
                        + c.text().strip());
            }
        }
        return problems;
    }

    /** The number of self-check cells of the run's notebook. */
    static long cells(NotebookRun run) {
        return NotebookJson.cells(run.original()).stream().filter(StudentNotebooks::isGradedCell).count();
    }
}
